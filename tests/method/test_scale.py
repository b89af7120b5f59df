"""The pipeline at scale: the candidate pool and sampled support leave small clusters as they were.

The dense definitions (every pair of sentences, every article) are the oracles here;
the scalable path must equal them wherever its bounds are not reached, and stay a
faithful restriction of them where they are.
"""

from __future__ import annotations

import tracemalloc
from dataclasses import replace

import numpy as np
import pytest

from summarizer.documents import Article, Options, Summary
from summarizer.method.candidates import claim_candidates
from summarizer.method.cleaning import LengthBounds
from summarizer.method.lexical import content_words
from summarizer.method.pipeline import (
    PipelineSettings,
    embed_sentences,
    extract_sentences,
    score_relevance,
    summarize,
    target_similarity,
)
from summarizer.method.pool import PoolView
from summarizer.tools.synthetic import generate_cluster

from ..conftest import HashingEmbedder


def cited(result: Summary) -> list[tuple[str, int, list[str]]]:
    return [(s.citation.article_id, s.citation.start, [a.article_id for a in s.also_in]) for s in result.sentences]


def test_sampled_support_with_every_sentence_in_the_pool_changes_nothing() -> None:
    # Sampling only chooses the pool; the pool's support is then exact. With the whole
    # cluster in the pool, the summary must be the default's to the character.
    articles = generate_cluster(30, seed=11)
    embedder = HashingEmbedder()
    for options in (Options(max_words=100), Options(max_words=250, query="the new bridge")):
        default = summarize(articles, options, embedder)
        sampled = summarize(articles, options, embedder, replace(PipelineSettings(), support_articles=4))
        assert cited(sampled) == cited(default)
        assert sampled.sentences == default.sentences


def _candidates(articles: list[Article], settings: PipelineSettings) -> tuple[list[tuple[int, ...]], set[int]]:
    embedder = HashingEmbedder()
    _, sentences = extract_sentences(articles, LengthBounds())
    vectors = embed_sentences(sentences, embedder)
    target = target_similarity(vectors, None, embedder)
    relevance, support, pool = score_relevance(sentences, vectors, target, settings)
    words = [content_words(s.text) for s in sentences]
    view = PoolView.of(pool, sentences, vectors, words, relevance, support, target)
    return [c.members for c in claim_candidates(view, view.relevance, settings.same_claim)], {int(i) for i in pool}


@pytest.mark.parametrize("pool", [1, 40, 150])
def test_grouping_within_the_pool_is_the_whole_clusters_grouping_restricted_to_it(pool: int) -> None:
    # Leader grouping in relevance order only reads sentences ranked above: the pool's
    # groups are the full grouping's groups led from the pool, cut to the pool.
    articles = generate_cluster(12, seed=5)
    everything, _ = _candidates(articles, replace(PipelineSettings(), candidate_pool=100_000))
    pooled, members = _candidates(articles, replace(PipelineSettings(), candidate_pool=pool))
    assert len(members) == pool
    expected = [tuple(m for m in group if m in members) for group in everything if group[0] in members]
    assert pooled == expected


def test_with_mmr_a_pool_of_half_the_sentences_gives_the_same_summary() -> None:
    # MMR's 100-word summary is drawn from the most relevant sentences; the other half of
    # a cluster never wins, so cutting it away must not change the summary.
    articles = generate_cluster(20, seed=3)
    embedder = HashingEmbedder()
    mmr = replace(PipelineSettings(), selector="mmr")
    full = summarize(articles, Options(), embedder, mmr)
    half = summarize(articles, Options(), embedder, replace(mmr, candidate_pool=full.meta["sentences_kept"] // 2))
    assert cited(half) == cited(full)
    assert half.meta["candidate_sentences"] < full.meta["candidate_sentences"]


def test_the_exact_selection_chooses_within_the_pool() -> None:
    # The exact objective values concept coverage, so a sentence outside the most relevant
    # half can win, and a pool that binds may change the summary (docs/scale.md): what it
    # guarantees is that only pool sentences are read and the budget is kept.
    articles = generate_cluster(20, seed=3)
    embedder = HashingEmbedder()
    kept = extract_sentences(articles, PipelineSettings().length_bounds)[1]
    vectors = embed_sentences(kept, embedder)
    settings = replace(PipelineSettings(), candidate_pool=len(kept) // 2)
    _, _, pool = score_relevance(kept, vectors, target_similarity(vectors, None, embedder), settings)
    half = summarize(articles, Options(), embedder, settings)
    in_pool = {(kept[i].article_index, kept[i].start) for i in pool}
    ids = {a.id: i for i, a in enumerate(articles)}
    assert half.sentences
    assert all((ids[s.citation.article_id], s.citation.start) in in_pool for s in half.sentences)
    assert sum(len(s.text.split()) for s in half.sentences) <= 100


def test_a_cluster_far_beyond_the_pool_and_the_sample_is_summarized_and_cited() -> None:
    articles = generate_cluster(300, seed=2)
    settings = replace(PipelineSettings(), candidate_pool=200, support_articles=16)
    embedder = HashingEmbedder()
    _, kept = extract_sentences(articles, LengthBounds())
    vectors = dict(zip((s.text for s in kept), embedder.encode([s.text for s in kept]), strict=True))
    # Memory is what the pool bounds: numpy reports its buffers to tracemalloc, and no
    # stage may hold even a boolean matrix of all sentence pairs (n * n bytes).
    tracemalloc.start()
    try:
        result = summarize(articles, Options(max_words=100), _Fixed(vectors), settings)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    n = result.meta["sentences_kept"]
    assert peak < n * n, f"{peak / 1e6:.0f} MB at its peak for {n} sentences"
    texts = {a.id: a.text for a in articles}
    assert result.sentences
    for s in result.sentences:
        assert texts[s.citation.article_id][s.citation.start : s.citation.end] == s.text
        for other in s.also_in:
            assert texts[other.article_id][other.start : other.end]
    assert result.meta["sentences_kept"] > 2_000
    assert result.meta["candidate_sentences"] <= 200


class _Fixed:
    """Vectors computed beforehand, so the memory measured is the pipeline's own."""

    name = "fixed"

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self._vectors = vectors

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vectors[t] for t in texts])


def test_pool_and_sample_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="candidate_pool"):
        replace(PipelineSettings(), candidate_pool=0)
    with pytest.raises(ValueError, match="support_articles"):
        replace(PipelineSettings(), support_articles=1)


def test_support_uses_every_article_up_to_the_sample_size() -> None:
    # At or below ``support_articles`` articles nothing is estimated: the support of the
    # pipeline is the dense definition, computed here from the full matrix.
    articles = generate_cluster(8, seed=9)
    embedder = HashingEmbedder()
    _, sentences = extract_sentences(articles, LengthBounds())
    vectors = embed_sentences(sentences, embedder)
    target = target_similarity(vectors, None, embedder)
    _, support, _ = score_relevance(sentences, vectors, target, replace(PipelineSettings(), support_articles=8))
    article_of = np.array([s.article_index for s in sentences])
    cosine = vectors @ vectors.T
    best = np.stack([cosine[:, article_of == a].max(axis=1) for a in range(8)], axis=1).astype(np.float64)
    best[np.arange(len(sentences)), article_of] = 0.0
    np.testing.assert_allclose(support, best.sum(axis=1) / 7, atol=1e-6)
