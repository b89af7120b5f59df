"""Relevance signals: position prior, cross-article support, and their mix."""

from __future__ import annotations

import numpy as np
import pytest

from summarizer.method.relevance import RelevanceWeights, cross_article_support, mix_relevance, position_prior


def test_position_prior_is_meads_inverse_square_root() -> None:
    prior = position_prior(np.array([0, 1, 3, 8]))
    np.testing.assert_allclose(prior, [1.0, 1 / np.sqrt(2), 0.5, 1 / 3])


def test_position_prior_decreases_with_position() -> None:
    prior = position_prior(np.arange(20))
    assert np.all(np.diff(prior) < 0)


def _dense_support(cosine: np.ndarray, articles: np.ndarray) -> np.ndarray:
    """The definition, straight from the full (n, n) matrix: the oracle for the blocked computation."""
    labels = np.unique(articles)
    if labels.size < 2:
        return np.zeros(len(articles))
    best = np.stack([cosine[:, articles == a].max(axis=1) for a in labels], axis=1).astype(np.float64)
    best[np.arange(len(articles)), np.searchsorted(labels, articles)] = 0.0
    return best.sum(axis=1) / (labels.size - 1)


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_support_counts_other_articles_only() -> None:
    # Sentences 0 and 1 are in article 0 and identical to each other; sentence 2 (article 1)
    # echoes sentence 0 closely; sentence 3 (article 2) is orthogonal to everything.
    vectors = _unit(np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.9, np.sqrt(1 - 0.81), 0.0], [0.0, 0.0, 1.0]]))
    support = cross_article_support(vectors, np.array([0, 0, 1, 2]))
    # Sentence 0: best in article 1 is 0.9, in article 2 is 0; its own article is ignored.
    np.testing.assert_allclose(support, [0.45, 0.45, 0.45, 0.0], atol=1e-6)
    assert support[2] > support[3], "a claim echoed by another article must be more central"


def test_support_is_zero_for_a_single_article() -> None:
    vectors = np.eye(3, dtype=np.float32)
    np.testing.assert_array_equal(cross_article_support(vectors, np.zeros(3, dtype=int)), np.zeros(3))


def test_support_of_nothing_is_empty() -> None:
    assert cross_article_support(np.zeros((0, 4), dtype=np.float32), np.zeros(0, dtype=int)).shape == (0,)


@pytest.mark.parametrize("block_rows", [1, 7, 512])
def test_blocked_support_equals_the_dense_definition(block_rows: int) -> None:
    rng = np.random.default_rng(3)
    vectors = _unit(rng.standard_normal((60, 8)))
    # Articles out of order and of uneven length: the blocked path must not assume either.
    articles = rng.integers(0, 9, size=60)
    dense = _dense_support(vectors @ vectors.T, articles)
    np.testing.assert_allclose(cross_article_support(vectors, articles, block_rows=block_rows), dense, atol=1e-6)
    rows = np.array([59, 3, 17])
    np.testing.assert_allclose(cross_article_support(vectors, articles, rows=rows), dense[rows], atol=1e-6)


def test_sampled_support_is_exact_up_to_the_sample_and_an_estimate_beyond() -> None:
    rng = np.random.default_rng(4)
    # Forty articles about one subject (a shared direction) plus noise.
    vectors = _unit(rng.standard_normal((400, 16)) + 2.0 * np.eye(16)[0])
    articles = np.repeat(np.arange(40), 10)
    dense = _dense_support(vectors @ vectors.T, articles)
    np.testing.assert_allclose(cross_article_support(vectors, articles, sample_articles=40), dense, atol=1e-6)
    estimate = cross_article_support(vectors, articles, sample_articles=10)
    assert not np.allclose(estimate, dense)
    # A mean over a quarter of the articles: close on average, and it ranks as the exact one does.
    assert np.abs(estimate - dense).mean() < 0.04
    assert np.corrcoef(estimate, dense)[0, 1] > 0.9


def test_target_alone_is_the_plain_cosine() -> None:
    target = np.array([0.2, 0.7, -0.1])
    mixed = mix_relevance(target, np.ones(3), np.zeros(3), RelevanceWeights(1.0, 0.0, 0.0))
    np.testing.assert_array_equal(mixed, target)


def test_mix_is_a_weighted_mean() -> None:
    mixed = mix_relevance(
        np.array([1.0, 0.0]), np.array([0.0, 1.0]), np.array([0.5, 0.5]), RelevanceWeights(2.0, 1.0, 1.0)
    )
    np.testing.assert_allclose(mixed, [(2.0 + 0.5) / 4, (1.0 + 0.5) / 4])


def test_position_can_reorder_sentences() -> None:
    target = np.array([0.50, 0.52])
    position = position_prior(np.array([0, 6]))
    plain = mix_relevance(target, position, np.zeros(2), RelevanceWeights(1.0, 0.0, 0.0))
    with_prior = mix_relevance(target, position, np.zeros(2), RelevanceWeights(1.0, 0.5, 0.0))
    assert plain.argmax() == 1 and with_prior.argmax() == 0


@pytest.mark.parametrize("weights", [(-0.1, 0.0, 0.0), (1.0, -1.0, 0.0), (0.0, 0.0, 0.0)])
def test_weights_are_validated(weights: tuple[float, float, float]) -> None:
    with pytest.raises(ValueError):
        RelevanceWeights(*weights)
