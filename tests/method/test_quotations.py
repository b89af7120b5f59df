"""Tests for summarizer.method.quotations: sentences that are quoted words with no speaker."""

from __future__ import annotations

import pytest

from summarizer.documents import Article, Options
from summarizer.embedder import Embedder
from summarizer.method.cleaning import LengthBounds
from summarizer.method.pipeline import extract_sentences, summarize
from summarizer.method.quotations import unattributed_quotations
from summarizer.method.splitting import split_sentences

from ..conftest import HashingEmbedder


def _marked(text: str) -> list[tuple[str, bool]]:
    spans = split_sentences(text)
    return [(text[s.start : s.end], m) for s, m in zip(spans, unattributed_quotations(text, spans), strict=True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The tail of a quotation cut by the splitter: no speaker in it.
        (
            "Peskov said, “The signals are positive… At least he’s talking about peace, not confrontation.”",
            [False, True],
        ),
        # A tail with its speaker after the quote is attributed.
        ("“We are ready. We will not back down,” the minister said.", [True, False]),
        # Wire copy's ASCII quotes, a quotation over three sentences.
        (
            "Hyman said: ``Lots of disorders begin early. Diagnosis is hard. It is harder under 6.''",
            [False, True, True],
        ),
        # A whole quotation as a sentence, its speaker in the sentence before.
        ("The minister spoke after the vote. “We will not back down.” Talks resume on Monday.", [False, True, False]),
        # Straight quotes read by where they stand.
        ('"We will win," he said. "They will lose.', [False, True]),
        ('He called it "a disaster." Officials disagreed.', [False, False]),
        # Scare quotes and titles leave words outside.
        ("The so-called “peace dividend” never came.", [False]),
        ("“Seinfeld” ended its run in 1998.", [False]),
        # Apostrophes and single quotes are never read as quotation marks.
        ("Trump’s team said it was ‘premature’ to comment. Rivals’ claims were denied.", [False, False]),
    ],
)
def test_marks_sentences_of_quoted_words_only(text: str, expected: list[bool]) -> None:
    assert [m for _, m in _marked(text)] == expected


def test_a_quotation_left_open_ends_with_its_paragraph() -> None:
    # A stray opening mark cannot silence the rest of the article.
    text = "He wrote “a draft of the plan.\n\nThe council voted on Monday. It passed the budget."
    assert [m for _, m in _marked(text)] == [False, False, False]


def test_a_quotation_running_into_the_next_paragraph_reopens_there() -> None:
    text = "She said: “We waited for years.\n\n“Now we will wait no longer.” The vote is on Friday."
    assert [m for _, m in _marked(text)] == [False, True, False]


ARTICLES = [
    Article(
        id="kremlin",
        text=(
            "The Kremlin welcomed the call between the two presidents on Sunday evening. "
            "Spokesman Dmitry Peskov said, “The signals are positive for relations between the countries… "
            "At least he is talking about peace and not about confrontation with Moscow.”"
        ),
    ),
    Article(
        id="wire",
        text=(
            "Peskov told reporters, “The signals are positive for relations between the countries… "
            "At least he is talking about peace and not about confrontation with Moscow.” "
            "The two presidents spoke by telephone for about an hour on Sunday evening."
        ),
    ),
]


def test_extract_keeps_speakerless_quotes_marked() -> None:
    _, kept = extract_sentences(ARTICLES, LengthBounds())
    tails = [s for s in kept if s.text.startswith("At least")]
    assert len(tails) == 2 and all(s.quoted for s in tails)
    assert not any(s.quoted for s in kept if not s.text.startswith("At least"))


def test_a_speakerless_quote_is_never_a_summary_sentence(fake_embedder: HashingEmbedder) -> None:
    # The tail is the one sentence both articles share word for word, so without the
    # rule it leads the summary.
    summary = summarize(ARTICLES, Options(max_sentences=4), fake_embedder)
    texts = [s.text for s in summary.sentences]
    assert texts and not any(t.startswith("At least") for t in texts)


def test_the_example_cluster_cites_no_quotation_tail(shared_example: list[Article], real_embedder: Embedder) -> None:
    # Three outlets quote Peskov over two sentences ("At least he’s talking about peace
    # ...", "At least he is pushing peace ..."); the default summary cited such a tail.
    for options in (Options(), Options(max_sentences=12), Options(max_sentences=40)):
        for s in summarize(shared_example, options, real_embedder).sentences:
            assert not s.text.startswith("At least he"), s.text


def test_an_unclosed_quotation_runs_to_the_end_of_its_paragraph() -> None:
    # The source never closes Peskov's words: the sentences after them may be his.
    text = (
        "Peskov stated, “The indicators are favorable. At least he is pushing peace. "
        "This remark reflects Moscow’s hopes. Trump called the costs “unnecessary” in the campaign.\n\n"
        "The two presidents spoke by telephone on Thursday."
    )
    assert [m for _, m in _marked(text)] == [False, True, True, False, False]
