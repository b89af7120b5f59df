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


def test_support_counts_other_articles_only() -> None:
    # Sentences 0 and 1 are in article 0 and identical to each other; sentence 2 (article 1)
    # echoes sentence 0 closely; sentence 3 (article 2) is unrelated to everything.
    cosine = np.array(
        [
            [1.0, 1.0, 0.9, 0.1],
            [1.0, 1.0, 0.2, 0.1],
            [0.9, 0.2, 1.0, 0.1],
            [0.1, 0.1, 0.1, 1.0],
        ]
    )
    support = cross_article_support(cosine, np.array([0, 0, 1, 2]))
    # Sentence 0: best in article 1 is 0.9, in article 2 is 0.1; its own article is ignored.
    np.testing.assert_allclose(support, [0.5, 0.15, 0.5, 0.1])
    assert support[0] > support[1], "a claim echoed by another article must be more central"


def test_support_is_zero_for_a_single_article() -> None:
    cosine = np.eye(3)
    np.testing.assert_array_equal(cross_article_support(cosine, np.zeros(3, dtype=int)), np.zeros(3))


def test_support_of_nothing_is_empty() -> None:
    assert cross_article_support(np.zeros((0, 0)), np.zeros(0, dtype=int)).shape == (0,)


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
