"""How central each sentence is: the relevance term of MMR, mixed from several signals.

The mix follows MEAD (Radev, Jing, Styś & Tam 2004, "Centroid-based summarization
of multiple documents", Information Processing & Management 40(6)): a sentence's
score is a weighted sum of its closeness to the cluster centroid and a position
prior. We add cross-article support, a soft form of the degree centrality of
LexRank (Erkan & Radev 2004): a claim that many articles state is central.

* ``target``: cosine of the sentence embedding to the query, or to the centroid of
  all sentence embeddings when there is no query.
* ``position``: MEAD's ``1 / sqrt(k)`` for the k-th kept sentence of its article
  (k from 1): news puts its key facts first.
* ``support``: for each *other* article, the highest cosine of the sentence to any
  of its sentences, averaged over those articles.

All three signals already lie in [0, 1] for unit embeddings (cosines of related news
sentences are positive), so they are mixed as they are, by a weighted mean: with
only ``target`` weighted, relevance is exactly the plain centroid (or query) cosine
of the literal recipe. Pure array functions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["RelevanceWeights", "cross_article_support", "mix_relevance", "position_prior"]


@dataclass(frozen=True, slots=True)
class RelevanceWeights:
    """Weights of the relevance signals; only their ratios matter (the mix is normalised)."""

    target: float = 1.0
    position: float = 0.0
    support: float = 0.0

    def __post_init__(self) -> None:
        for name in ("target", "position", "support"):
            value = getattr(self, name)
            if value < 0.0:
                raise ValueError(f"{name} weight must be non-negative, got {value!r}")
        if self.target + self.position + self.support <= 0.0:
            raise ValueError("at least one relevance weight must be positive")


def position_prior(ordinals: NDArray[np.integer]) -> NDArray[np.float64]:
    """float64 (n,): ``1 / sqrt(1 + k)`` for the 0-based ordinal k of each sentence in its article."""
    return 1.0 / np.sqrt(1.0 + np.asarray(ordinals, dtype=np.float64))


def cross_article_support(cosine: NDArray[np.floating], articles: NDArray[np.integer]) -> NDArray[np.float64]:
    """float64 (n,): mean over the other articles of the best cosine to one of their sentences.

    cosine:   float (n, n) sentence similarities.
    articles: int (n,) article of each sentence.
    Zero for every sentence when the cluster has a single article.
    """
    art = np.asarray(articles)
    n = art.shape[0]
    labels = np.unique(art)
    if n == 0 or labels.size < 2:
        return np.zeros(n, dtype=np.float64)
    best = np.empty((n, labels.size), dtype=np.float64)
    for column, label in enumerate(labels):
        best[:, column] = cosine[:, art == label].max(axis=1)
    own = np.searchsorted(labels, art)
    best[np.arange(n), own] = 0.0  # an article agreeing with itself is not support
    support: NDArray[np.float64] = best.sum(axis=1) / (labels.size - 1)
    return support


def mix_relevance(
    target: NDArray[np.floating],
    position: NDArray[np.floating],
    support: NDArray[np.floating],
    weights: RelevanceWeights,
) -> NDArray[np.float64]:
    """float64 (n,): the weighted mean of the signals, each float (n,)."""
    total = weights.target + weights.position + weights.support
    mixed = (
        weights.target * np.asarray(target, dtype=np.float64)
        + weights.position * np.asarray(position, dtype=np.float64)
        + weights.support * np.asarray(support, dtype=np.float64)
    )
    return mixed / total
