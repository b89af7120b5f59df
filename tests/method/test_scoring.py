"""The learned sentence scorer: features as documented, the linear model as its formula, the shipped weights valid."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from summarizer.documents import Article, Options, Sentence
from summarizer.method.concepts import ConceptRule
from summarizer.method.lexical import content_words
from summarizer.method.pipeline import PipelineSettings, summarize
from summarizer.method.scoring import FEATURES, LinearScorer, cluster_features, sentence_features
from summarizer.method.weights import GENERIC

from ..conftest import HashingEmbedder


def _sentence(article: int, text: str, paragraph: int = 0) -> Sentence:
    return Sentence(article, 0, 0, len(text), text, paragraph)


SENTENCES = [
    _sentence(0, "The bridge closed on Monday after cracks were found in 3 cables."),
    _sentence(0, "Engineers said the bridge cracks were serious?", 2),
    _sentence(1, "The bridge closed after cracks were found in its cables, officials said."),
    _sentence(1, '"We will reopen it soon," the Mayor said.'),
]


def _features() -> np.ndarray:
    words = [content_words(s.text) for s in SENTENCES]
    n = len(SENTENCES)
    return sentence_features(
        SENTENCES, words, np.linspace(0.2, 0.8, n), np.full(n, 0.5), np.ones(n), np.array([0, 1, 0, 1]), np.arange(n)
    )


def column(name: str) -> int:
    return FEATURES.index(name)


def test_features_follow_their_definitions() -> None:
    x = _features()
    assert x.shape == (4, len(FEATURES))
    assert x[:, column("target_gap")].max() == 0.0 and x[0, column("target_gap")] == pytest.approx(-0.6)
    assert x[:, column("first")].tolist() == [1.0, 0.0, 1.0, 0.0]
    assert x[1, column("paragraph")] == pytest.approx(1 / np.sqrt(3))
    assert x[1, column("question")] == 1.0 and x[0, column("question")] == 0.0
    assert x[3, column("quote")] == 1.0 and x[0, column("quote")] == 0.0
    assert x[0, column("numbers")] == pytest.approx(1 / 3) and x[2, column("numbers")] == 0.0
    assert x[3, column("concept_score")] == 1.0  # divided by the cluster's largest
    # Every content word of sentence 2 but "official" is in both articles: 5 of 6 at share 1, one at 1/2.
    assert x[2, column("word_df_mean")] == pytest.approx((5 * 1.0 + 0.5) / 6)
    # "bridge closed", "cracks found", "found cables" are in both articles (share 1 each).
    assert x[2, column("bigram_df_sum")] == pytest.approx(3.0)
    assert x[3, column("bigram_df_sum")] == 0.0


def test_empty_cluster_gives_no_rows() -> None:
    empty = sentence_features([], [], np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0, dtype=int), np.zeros(0))
    assert empty.shape == (0, len(FEATURES))


def test_score_is_the_linear_formula() -> None:
    x = _features()
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(4, 5))
    scorer = LinearScorer(
        names=("target", "words"),
        mean=(0.5, 0.3),
        scale=(2.0, 0.5),
        coefficients=(1.0, -2.0),
        embedding=(0.1, 0.2, 0.3, 0.4, 0.5),
        intercept=0.25,
    )
    expected = (
        0.25
        + (x[:, column("target")] - 0.5) / 2.0
        - 2.0 * (x[:, column("words")] - 0.3) / 0.5
        + vectors @ np.array([0.1, 0.2, 0.3, 0.4, 0.5])
    )
    np.testing.assert_allclose(scorer.score(x, vectors), expected)
    # Vectors of another model's width get the scalar part alone.
    np.testing.assert_allclose(
        scorer.score(x, vectors[:, :3]), expected - vectors @ np.array([0.1, 0.2, 0.3, 0.4, 0.5])
    )


def test_scorer_rejects_unknown_features_and_bad_shapes() -> None:
    with pytest.raises(ValueError, match="unknown features"):
        LinearScorer(("nonsense",), (0.0,), (1.0,), (1.0,), (), 0.0)
    with pytest.raises(ValueError, match="one entry per feature"):
        LinearScorer(("target",), (0.0, 1.0), (1.0,), (1.0,), (), 0.0)
    with pytest.raises(ValueError, match="positive"):
        LinearScorer(("target",), (0.0,), (0.0,), (1.0,), (), 0.0)


def test_shipped_weights_cover_every_feature_and_the_model_width() -> None:
    assert GENERIC.names == FEATURES
    assert len(GENERIC.embedding) == 384  # all-MiniLM-L6-v2
    assert all(np.isfinite(GENERIC.coefficients)) and np.isfinite(GENERIC.intercept)
    assert PipelineSettings.literal().learned_share == 0.0


def test_cluster_features_match_the_columns_given_by_hand() -> None:
    words = [content_words(s.text) for s in SENTENCES]
    support = np.array([0.1, 0.4, 0.2, 0.3])
    x = cluster_features(SENTENCES, words, support, np.full(4, 0.3), ConceptRule())
    assert x[:, column("position")].tolist() == pytest.approx([1.0, 1 / np.sqrt(2), 1.0, 1 / np.sqrt(2)])
    assert x[:, column("target")].tolist() == [0.3] * 4
    assert x[:, column("support")].tolist() == support.tolist()
    assert x[:, column("support_gap")].tolist() == pytest.approx((support - 0.4).tolist())


def _scorer_preferring(word_count_sign: float) -> LinearScorer:
    return LinearScorer(("words",), (0.0,), (1.0,), (word_count_sign,), (), 0.0)


def test_learned_relevance_changes_the_generic_selection_only(harbor_bridge: list[Article]) -> None:
    embedder = HashingEmbedder()
    options = Options(max_sentences=1)
    long_first = dataclasses.replace(PipelineSettings(), learned_share=1.0, scorer=_scorer_preferring(1.0))
    short_first = dataclasses.replace(PipelineSettings(), learned_share=1.0, scorer=_scorer_preferring(-1.0))
    longest = summarize(harbor_bridge, options, embedder, long_first).sentences[0].text
    shortest = summarize(harbor_bridge, options, embedder, short_first).sentences[0].text
    assert len(longest.split()) > len(shortest.split())
    query = dataclasses.replace(options, query="When will the bridge reopen?")
    assert summarize(harbor_bridge, query, embedder, long_first) == summarize(
        harbor_bridge, query, embedder, short_first
    )


def test_learned_share_is_validated_and_the_shipped_scorer_runs(harbor_bridge: list[Article]) -> None:
    shipped = dataclasses.replace(PipelineSettings(), learned_share=0.3)
    result = summarize(harbor_bridge, Options(max_words=60), HashingEmbedder(), shipped)
    assert result.sentences and sum(len(s.text.split()) for s in result.sentences) <= 60
    with pytest.raises(ValueError, match="learned_share"):
        PipelineSettings(learned_share=1.5)
