"""The pipeline end to end: citations slice the source, budgets hold, output is deterministic.

Unit tests use the hashing embedder; the tests marked ``real model`` run the
bundled all-MiniLM-L6-v2 on the project's own cluster and on the shared
scraped example cluster.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pytest

from summarizer.documents import Article, Options, Summary
from summarizer.embedder import Embedder
from summarizer.errors import InputTooLarge, NothingToSummarize
from summarizer.method.pipeline import PipelineSettings, _conflicts, summarize

from ..conftest import HashingEmbedder

JUNK_PREFIXES = (
    "Read more",
    "This website uses cookies",
    "Exit mobile version",
    "Sign up",
    "Share this",
    "By ",
    "©",
    "Key Points",
)


def assert_cited_exactly(result: Summary, articles: list[Article]) -> None:
    texts = {a.id: a.text for a in articles}
    for s in result.sentences:
        c = s.citation
        assert texts[c.article_id][c.start : c.end] == s.text
        for other in s.also_in:
            assert other.article_id != c.article_id
            assert texts[other.article_id][other.start : other.end].strip() != ""
            assert 0.0 <= other.similarity <= 1.0


def assert_budget(result: Summary, options: Options) -> None:
    texts = [s.text for s in result.sentences]
    if options.effective_max_words is not None:
        assert sum(len(t.split()) for t in texts) <= options.effective_max_words
    if options.max_sentences is not None:
        assert len(texts) <= options.max_sentences
    if options.max_chars is not None:
        assert len(" ".join(texts)) <= options.max_chars


# --- unit tests with the hashing embedder --------------------------------------------------


def test_citations_slice_the_original_text(harbor_bridge: list[Article], fake_embedder: HashingEmbedder) -> None:
    result = summarize(harbor_bridge, Options(max_words=120), fake_embedder)
    assert result.sentences
    assert_cited_exactly(result, harbor_bridge)


@pytest.mark.parametrize(
    "options",
    [
        Options(),
        Options(max_words=30),
        Options(max_sentences=2),
        Options(max_chars=200),
        Options(max_words=500, max_sentences=3),
        Options(max_words=60, max_chars=150, max_sentences=5),
        Options(max_words=1000, diversity=1.0),
        Options(max_words=120, query="ferry service"),
    ],
)
@pytest.mark.parametrize("selector", ["exact", "mmr"])
def test_every_budget_holds(
    harbor_bridge: list[Article], fake_embedder: HashingEmbedder, options: Options, selector: str
) -> None:
    result = summarize(harbor_bridge, options, fake_embedder, replace(PipelineSettings(), selector=selector))
    assert_budget(result, options)
    assert result.sentences


def test_the_default_selects_exactly_and_the_literal_recipe_greedily() -> None:
    assert PipelineSettings().selector == "exact"
    assert PipelineSettings.literal().selector == "mmr"
    with pytest.raises(ValueError, match="selector"):
        PipelineSettings(selector="greedy")
    with pytest.raises(ValueError):
        PipelineSettings(exact_nodes=0)


def test_diversity_bounds_how_redundant_two_chosen_sentences_may_be() -> None:
    redundancy = np.array([[1.0, 0.95, 0.5], [0.95, 1.0, 0.2], [0.5, 0.2, 1.0]])
    blocked = [(int(i), int(j)) for i, j in zip(*np.nonzero(_conflicts(redundancy, 0.1) > 0), strict=True) if i < j]
    assert blocked == [(0, 1)]  # near-copies only
    blocked = [(int(i), int(j)) for i, j in zip(*np.nonzero(_conflicts(redundancy, 0.6) > 0), strict=True) if i < j]
    assert blocked == [(0, 1), (0, 2)]
    assert not np.any(_conflicts(redundancy, 0.0))  # 0: only concept coverage keeps sentences apart


def test_budget_smaller_than_any_sentence_gives_an_empty_summary(
    harbor_bridge: list[Article], fake_embedder: HashingEmbedder
) -> None:
    result = summarize(harbor_bridge, Options(max_words=3), fake_embedder)
    assert result.sentences == () and result.summary == ""


def test_same_input_same_output(harbor_bridge: list[Article]) -> None:
    first = summarize(harbor_bridge, Options(max_words=100), HashingEmbedder())
    second = summarize(harbor_bridge, Options(max_words=100), HashingEmbedder())
    assert first.to_dict() == second.to_dict()


def test_junk_is_never_selected(harbor_bridge: list[Article], fake_embedder: HashingEmbedder) -> None:
    result = summarize(harbor_bridge, Options(max_words=1000, diversity=0.0), fake_embedder)
    for s in result.sentences:
        assert not s.text.startswith(JUNK_PREFIXES), s.text
        assert not s.text.endswith("…")


def test_verbatim_wire_copy_is_one_candidate_cited_with_corroboration(fake_embedder: HashingEmbedder) -> None:
    wire = "The central bank raised its main interest rate by half a point on Thursday to curb inflation."
    articles = [
        Article("a", wire + "\nAnalysts had expected a smaller increase of a quarter point this month."),
        Article("b", "Markets fell sharply after the announcement in early afternoon trading.\n" + wire),
    ]
    result = summarize(articles, Options(max_words=200), fake_embedder)
    texts = [s.text for s in result.sentences]
    assert texts.count(wire) == 1
    (cited,) = [s for s in result.sentences if s.text == wire]
    assert [c.article_id for c in cited.also_in] == ["b" if cited.citation.article_id == "a" else "a"]
    assert cited.also_in[0].similarity == pytest.approx(1.0, abs=1e-5)
    # The repeated sentence was embedded once.
    assert sum(fake_embedder.calls) == 3


def test_markers_number_sources_by_first_appearance(
    harbor_bridge: list[Article], fake_embedder: HashingEmbedder
) -> None:
    result = summarize(harbor_bridge, Options(max_words=150), fake_embedder)
    seen: list[int] = []
    for s in result.sentences:
        for m in s.markers:
            if m not in seen:
                seen.append(m)
        assert "".join(f"[{m}]" for m in s.markers) in result.summary
    assert seen == list(range(1, len(seen) + 1))
    by_marker = {src.marker: src.article_id for src in result.sources}
    for s in result.sentences:
        assert by_marker[s.markers[0]] == s.citation.article_id
        assert [by_marker[m] for m in s.markers[1:]] == [c.article_id for c in s.also_in]


def test_source_order_follows_articles_then_position(
    harbor_bridge: list[Article], fake_embedder: HashingEmbedder
) -> None:
    result = summarize(harbor_bridge, Options(max_words=150, order="source"), fake_embedder)
    ids = [a.id for a in harbor_bridge]
    keys = [(ids.index(s.citation.article_id), s.citation.sentence_index) for s in result.sentences]
    assert keys == sorted(keys) and len(keys) >= 2


def test_chronological_order_follows_publication_time(
    harbor_bridge: list[Article], fake_embedder: HashingEmbedder
) -> None:
    dates = {
        "coastal-herald": datetime(2026, 3, 3, 18, 0, tzinfo=UTC),
        "metro-daily": datetime(2026, 3, 3, 9, 0, tzinfo=UTC),
        "river-post": None,  # undated goes last
    }
    dated = [replace(a, published_at=dates[a.id]) for a in harbor_bridge]
    result = summarize(dated, Options(max_words=150, order="chronological"), fake_embedder)
    rank = {"metro-daily": 0, "coastal-herald": 1, "river-post": 2}
    keys = [(rank[s.citation.article_id], s.citation.sentence_index) for s in result.sentences]
    assert keys == sorted(keys) and len({k[0] for k in keys}) >= 2


def test_all_junk_raises_nothing_to_summarize(fake_embedder: HashingEmbedder) -> None:
    articles = [Article("a", "This website uses cookies.\nRead more: Other story\nExit mobile version")]
    with pytest.raises(NothingToSummarize) as caught:
        summarize(articles, Options(), fake_embedder)
    assert caught.value.code == "nothing_to_summarize"


def test_article_without_usable_sentences_is_skipped_and_reported(
    harbor_bridge: list[Article], fake_embedder: HashingEmbedder
) -> None:
    articles = [*harbor_bridge, Article("junk-only", "Share this article\nSign up for our newsletter")]
    result = summarize(articles, Options(), fake_embedder)
    assert result.meta["skipped_articles"] == ["junk-only"]
    assert result.meta["articles"] == 4


def test_meta_reports_model_counts_and_resolved_options(
    harbor_bridge: list[Article], fake_embedder: HashingEmbedder
) -> None:
    result = summarize(harbor_bridge, Options(max_sentences=2), fake_embedder)
    meta = result.meta
    assert meta["model"] == "hashing-test-embedder"
    assert meta["sentences_found"] > meta["sentences_kept"] >= meta["candidate_sentences"] > 0
    assert meta["options"]["max_sentences"] == 2 and meta["options"]["max_words"] is None


# --- the real bundled model -----------------------------------------------------------------


def test_real_model_on_own_cluster(harbor_bridge: list[Article], real_embedder: Embedder) -> None:
    options = Options(max_words=100)
    result = summarize(harbor_bridge, options, real_embedder)
    assert_cited_exactly(result, harbor_bridge)
    assert_budget(result, options)
    assert len(result.sentences) >= 2
    # Three outlets report the closure: the lead claim is corroborated.
    assert any(len(s.also_in) >= 1 for s in result.sentences)
    assert any("closed" in s.text or "shut" in s.text for s in result.sentences)


def test_real_model_query_focuses_the_summary(harbor_bridge: list[Article], real_embedder: Embedder) -> None:
    result = summarize(harbor_bridge, Options(max_sentences=1, query="ferry service for commuters"), real_embedder)
    assert "err" in result.sentences[0].text.lower()  # "Ferry"/"ferry"


def test_real_model_on_shared_example(shared_example: list[Article], real_embedder: Embedder) -> None:
    options = Options(max_words=100)
    first = summarize(shared_example, options, real_embedder)
    second = summarize(shared_example, options, real_embedder)
    assert first.to_dict() == second.to_dict()
    assert_cited_exactly(first, shared_example)
    assert_budget(first, options)
    for s in first.sentences:
        assert not s.text.startswith(JUNK_PREFIXES), s.text
        assert not s.text.endswith(("…", "...")), s.text
    assert any(s.also_in for s in first.sentences), "no sentence is corroborated by another outlet"


# --- method settings: each component of PipelineSettings ------------------------------------


def test_literal_recipe_cites_no_corroboration(harbor_bridge: list[Article], fake_embedder: HashingEmbedder) -> None:
    from summarizer.method.pipeline import PipelineSettings

    result = summarize(harbor_bridge, Options(max_words=200), fake_embedder, PipelineSettings.literal())
    assert result.sentences
    assert all(s.also_in == () for s in result.sentences)
    assert all(8 <= len(s.text.split()) <= 55 for s in result.sentences)
    assert_cited_exactly(result, harbor_bridge)


def test_position_prior_alone_picks_leading_sentences(
    harbor_bridge: list[Article], fake_embedder: HashingEmbedder
) -> None:
    from summarizer.method.pipeline import PipelineSettings, extract_sentences
    from summarizer.method.relevance import RelevanceWeights

    # Without grouping, so that a first sentence is never absorbed by another article's claim.
    settings = PipelineSettings(
        relevance=RelevanceWeights(target=0.0, position=1.0, support=0.0), concept_share=0.0, group_claims=False
    )
    result = summarize(harbor_bridge, Options(max_sentences=len(harbor_bridge), diversity=0.0), fake_embedder, settings)
    _, kept = extract_sentences(harbor_bridge, settings.length_bounds)
    firsts = {}
    for s in kept:
        firsts.setdefault(s.article_index, s.index)
    ids = [a.id for a in harbor_bridge]
    for s in result.sentences:
        assert s.citation.sentence_index == firsts[ids.index(s.citation.article_id)], s.text


def test_concept_coverage_changes_the_choice_but_keeps_the_contract(
    harbor_bridge: list[Article], fake_embedder: HashingEmbedder
) -> None:
    from dataclasses import replace as replace_settings

    from summarizer.method.pipeline import PipelineSettings

    options = Options(max_words=120)
    without = summarize(harbor_bridge, options, fake_embedder, replace_settings(PipelineSettings(), concept_share=0.0))
    only = summarize(harbor_bridge, options, fake_embedder, replace_settings(PipelineSettings(), concept_share=1.0))
    assert [s.citation for s in without.sentences] != [s.citation for s in only.sentences]
    for result in (without, only):
        assert_cited_exactly(result, harbor_bridge)
        assert_budget(result, options)


def test_check_is_called_between_stages_and_its_error_stops_the_run(
    harbor_bridge: list[Article], fake_embedder: HashingEmbedder
) -> None:
    calls: list[int] = []

    def count() -> None:
        calls.append(len(fake_embedder.calls))

    summarize(harbor_bridge, Options(), fake_embedder, check=count)
    assert len(calls) >= 4
    assert calls[0] == 0 and calls[-1] >= 1  # before the first encode, and after it

    class Late(Exception):
        pass

    def too_late() -> None:
        raise Late

    fresh = HashingEmbedder()
    with pytest.raises(Late):
        summarize(harbor_bridge, Options(), fresh, check=too_late)
    assert fresh.calls == []  # stopped before any embedding


def test_too_many_summarizable_sentences_are_refused_before_embedding(
    harbor_bridge: list[Article], fake_embedder: HashingEmbedder
) -> None:
    with pytest.raises(InputTooLarge) as caught:
        summarize(harbor_bridge, Options(), fake_embedder, max_sentences_kept=5)
    assert caught.value.details[0].field == "articles"
    assert fake_embedder.calls == []
    assert summarize(harbor_bridge, Options(), fake_embedder, max_sentences_kept=1000).sentences


def test_the_text_names_five_sources_a_sentence_then_how_many_more() -> None:
    from summarizer.documents import Citation, SummarySentence
    from summarizer.method.citing import render

    def sentence(markers: range) -> SummarySentence:
        return SummarySentence("A claim.", 1.0, Citation("a", 0, 0, 8), (), tuple(markers))

    assert render([sentence(range(1, 3))]) == "A claim. [1][2]"
    assert render([sentence(range(1, 6))]) == "A claim. [1][2][3][4][5]"
    assert render([sentence(range(1, 510))]) == "A claim. [1][2][3][4][5][+504]"
