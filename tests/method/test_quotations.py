"""Tests for summarizer.method.quotations: sentences that are quoted words with no speaker."""

from __future__ import annotations

import pytest

from summarizer.documents import Article, Options
from summarizer.embedder import Embedder
from summarizer.method.cleaning import LengthBounds
from summarizer.method.pipeline import extract_sentences, summarize
from summarizer.method.quotations import join_quotations, unattributed_quotations
from summarizer.method.splitting import SentenceSpan, split_sentences

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


def _joined(text: str, max_words: int = 55) -> list[str]:
    return [text[s.start : s.end] for s in join_quotations(text, split_sentences(text), max_words)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A quotation over two sentences, its speaker before it.
        (
            "Peskov said, “The signals are positive… At least he’s talking about peace.” Talks follow.",
            ["Peskov said, “The signals are positive… At least he’s talking about peace.”", "Talks follow."],
        ),
        # Wire copy's ASCII quotes, the speaker after the quotation.
        (
            "``We are ready. We will not back down,'' the minister said. The vote is Friday.",
            ["``We are ready. We will not back down,'' the minister said.", "The vote is Friday."],
        ),
        # Two quotations in a row are two sentences.
        (
            '"We will win. They know it," he said. "They will lose. Everyone will see."',
            ['"We will win. They know it," he said.', '"They will lose. Everyone will see."'],
        ),
        # A quotation closed within its sentence changes nothing.
        (
            "He called it “a disaster.” Officials disagreed. The review starts soon.",
            ["He called it “a disaster.”", "Officials disagreed.", "The review starts soon."],
        ),
        # Never closed in its paragraph: where it ends cannot be told.
        (
            "Peskov stated, “The indicators are favorable. At least he is pushing peace.\n\nTalks follow.",
            ["Peskov stated, “The indicators are favorable.", "At least he is pushing peace.", "Talks follow."],
        ),
        # Reopened in the next paragraph: each paragraph is read alone.
        (
            "She said: “We waited for years.\n\n“Now we will wait no longer. It is time.” The vote is on Friday.",
            ["She said: “We waited for years.", "“Now we will wait no longer. It is time.”", "The vote is on Friday."],
        ),
        # A second opening mark inside the quotation: the first was never closed.
        (
            "Peskov stated, “The indicators are favorable. This remark reflects hopes. "
            "Trump called the costs “unnecessary” in the campaign.",
            [
                "Peskov stated, “The indicators are favorable.",
                "This remark reflects hopes.",
                "Trump called the costs “unnecessary” in the campaign.",
            ],
        ),
    ],
)
def test_joins_a_quotation_cut_at_its_sentence_ends(text: str, expected: list[str]) -> None:
    assert _joined(text) == expected


def test_a_quotation_too_long_for_a_summary_sentence_stays_in_pieces() -> None:
    text = "He said, “One two three four. Five six seven eight.” Done here."
    assert _joined(text, max_words=10) == ["He said, “One two three four. Five six seven eight.”", "Done here."]
    assert _joined(text, max_words=9) == ["He said, “One two three four.", "Five six seven eight.”", "Done here."]


def test_joined_spans_are_runs_of_the_splitters_spans() -> None:
    text = (
        "The council met. Its chair said, ``We agree. We will vote,'' and left.\n"
        "“Not yet. Maybe later,” a member said. “We wait.\nNo quotes here. None at all."
    )
    pieces = split_sentences(text)
    joined = join_quotations(text, pieces, 55)
    starts, ends = {p.start for p in pieces}, {p.end for p in pieces}
    assert all(s.start in starts and s.end in ends for s in joined)
    covered = [p for s in joined for p in pieces if s.start <= p.start and p.end <= s.end]
    assert covered == pieces  # every piece in exactly one joined span, in order
    assert [s.paragraph for s in joined] == [0, 0, 1, 1, 2, 2]
    assert join_quotations(text, joined, 55) == joined


def test_text_without_quotation_marks_is_left_as_split() -> None:
    text = "The council met on Monday. It passed the budget.\nThe mayor signed it."
    pieces = split_sentences(text)
    assert join_quotations(text, pieces, 55) == pieces
    assert join_quotations("", [], 55) == []
    assert join_quotations("A.", [SentenceSpan(0, 2, 0)], 55) == [SentenceSpan(0, 2, 0)]


ARTICLES = [
    Article(
        id="kremlin",
        text=(
            "The Kremlin welcomed the call between the two presidents on Sunday evening. "
            "Spokesman Dmitry Peskov said the signals were positive for relations between the countries.\n"
            "“At least he is talking about peace and not about confrontation with Moscow.”"
        ),
    ),
    Article(
        id="wire",
        text=(
            "Peskov told reporters, “The signals are positive for relations between the countries… "
            "At least he is talking about peace and not about confrontation with Moscow.” "
            "The two presidents spoke by telephone for about an hour on Sunday evening.\n"
            "“At least he is talking about peace and not about confrontation with Moscow.”"
        ),
    ),
]


def test_extract_joins_quotations_and_keeps_speakerless_ones_marked() -> None:
    _, kept = extract_sentences(ARTICLES, LengthBounds())
    whole = [s for s in kept if s.text.startswith("Peskov told reporters")]
    assert len(whole) == 1 and whole[0].text.endswith("with Moscow.”") and not whole[0].quoted
    tails = [s for s in kept if s.text.startswith("“At least")]
    assert len(tails) == 2 and all(s.quoted for s in tails)
    assert not any(s.quoted for s in kept if not s.text.startswith("“At least"))


def test_a_speakerless_quote_is_never_a_summary_sentence(fake_embedder: HashingEmbedder) -> None:
    # The speakerless quotation is the one sentence both articles share word for word,
    # so without the rule it leads the summary.
    summary = summarize(ARTICLES, Options(max_sentences=4), fake_embedder)
    texts = [s.text for s in summary.sentences]
    assert texts and not any(t.startswith("“At least") for t in texts)


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
