"""Property-based tests (hypothesis) of the core: any text gives spans that slice the
original, any budget is kept, and the same input gives the same output.

The fake ``HashingEmbedder`` keeps these fast; ``SUMMARIZER_LONG_TESTS=1`` runs 20 times
as many examples.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from summarizer.documents import Article, Options
from summarizer.errors import NothingToSummarize
from summarizer.method.cleaning import trim_span
from summarizer.method.pipeline import summarize
from summarizer.method.splitting import split_sentences

from ..conftest import HashingEmbedder
from .test_pipeline import assert_budget, assert_cited_exactly

SCALE = 20 if os.environ.get("SUMMARIZER_LONG_TESTS") == "1" else 1
PROPERTY = settings(
    max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)

WORDS = ["the", "city", "said", "Mayor", "Whitfield", "bridge", "U.S.", "Dr.", "3.14", "48,000", "«quoted»", "e.g."]
PUNCTUATION = [".", "!", "?", "…", "...", "?!", '."', ".”", ")", " ", "\n", "\r\n", "\u2028", "\t"]
# Any code point except lone surrogates (which the API refuses before the core sees them).
ANY_CHAR = st.characters(codec="utf-8")
text_pieces = st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCTUATION), st.text(ANY_CHAR, max_size=8))
texts = st.lists(text_pieces, max_size=80).map(lambda parts: " ".join(parts))
sentence = st.builds(
    lambda words, end: " ".join(words).capitalize() + end,
    st.lists(
        st.sampled_from([*WORDS[:6], "officials", "reported", "damage", "on", "Tuesday"]), min_size=8, max_size=30
    ),
    st.sampled_from([".", "!", "?", ".”"]),
)
article_texts = st.lists(st.one_of(sentence, text_pieces), max_size=25).map(lambda parts: " ".join(parts))
options = st.builds(
    Options,
    max_sentences=st.one_of(st.none(), st.integers(1, 6)),
    max_words=st.one_of(st.none(), st.integers(1, 120)),
    max_chars=st.one_of(st.none(), st.integers(1, 800)),
    diversity=st.floats(0, 1),
    query=st.one_of(st.none(), st.sampled_from(["bridge", "Mayor Whitfield", "🙂"])),
    order=st.sampled_from(["relevance", "source", "chronological"]),
)


@PROPERTY
@given(texts)
def test_spans_slice_the_original_text_in_order(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for span in spans:
        piece = text[span.start : span.end]
        assert 0 <= previous_end <= span.start < span.end <= len(text)
        assert piece == piece.strip() and piece  # no surrounding whitespace, never empty
        assert not any(c in piece for c in "\n\r\u2028\u2029")  # never across a line break
        start, end = trim_span(text, span.start, span.end)
        assert span.start <= start <= end <= span.end
        previous_end = span.end
    # Nothing but whitespace is left out.
    covered = set()
    for span in spans:
        covered.update(range(span.start, span.end))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


@PROPERTY
@given(st.lists(article_texts, min_size=1, max_size=4), options)
def test_any_budget_is_kept_citations_slice_and_output_is_deterministic(texts: list[str], opts: Options) -> None:
    articles = [Article(f"a{i}", t) for i, t in enumerate(texts)]
    try:
        first = summarize(articles, opts, HashingEmbedder())
    except NothingToSummarize:
        event("nothing to summarize")
        return
    event("summarized" if first.sentences else "budget too small for any sentence")
    assert_cited_exactly(first, articles)
    assert_budget(first, opts)
    again = summarize(articles, opts, HashingEmbedder())
    assert again.to_dict() == first.to_dict()
