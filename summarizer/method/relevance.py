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
  of its sentences, averaged over those articles; computed in blocks, and on big
  clusters estimated from a sample of the articles (``cross_article_support``).

All three signals already lie in [0, 1] for unit embeddings (cosines of related news
sentences are positive), so they are mixed as they are, by a weighted mean: with
only ``target`` weighted, relevance is exactly the plain centroid (or query) cosine
of the literal recipe. Pure array functions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "RelevanceWeights",
    "article_ordinals",
    "by_relevance",
    "cross_article_support",
    "mix_relevance",
    "position_prior",
]


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


def article_ordinals(article_of: NDArray[np.integer]) -> NDArray[np.intp]:
    """int (n,): 0-based position of each sentence among its article's (sentences in article order)."""
    ordinals = np.zeros(len(article_of), dtype=np.intp)
    counts: dict[int, int] = {}
    for i, a in enumerate(np.asarray(article_of).tolist()):
        ordinals[i] = counts.get(a, 0)
        counts[a] = int(ordinals[i]) + 1
    return ordinals


def position_prior(ordinals: NDArray[np.integer]) -> NDArray[np.float64]:
    """float64 (n,): ``1 / sqrt(1 + k)`` for the 0-based ordinal k of each sentence in its article."""
    return 1.0 / np.sqrt(1.0 + np.asarray(ordinals, dtype=np.float64))


def cross_article_support(
    vectors: NDArray[np.floating],
    articles: NDArray[np.integer],
    rows: NDArray[np.integer] | None = None,
    sample_articles: int | None = None,
    block_rows: int = 512,
) -> NDArray[np.float64]:
    """float64 (len(rows),): per sentence, mean over the other articles of its best cosine to one of theirs.

    vectors:         float (n, d) unit rows, one per sentence; cosine is their dot product.
    articles:        int (n,) article of each sentence.
    rows:            the sentences to score (default: all, in order).
    sample_articles: compare with at most this many articles, evenly spaced in cluster
                     order (an estimate of the mean over all of them; exact when the
                     cluster has no more articles). None: every article.
    block_rows:      sentences scored per block.

    Cosines are computed a block of rows at a time against the (sampled) sentences, so
    memory stays O(block_rows * n) and a 1,000-article cluster never holds an (n, n)
    matrix; each article's best is one ``reduceat`` segment of its grouped columns.
    Zero for every sentence when the cluster has a single article.
    """
    art = np.asarray(articles)
    n = art.shape[0]
    wanted = np.arange(n, dtype=np.intp) if rows is None else np.asarray(rows, dtype=np.intp)
    labels, label_of = np.unique(art, return_inverse=True)
    if wanted.size == 0 or labels.size < 2:
        return np.zeros(wanted.size, dtype=np.float64)
    compared = np.arange(labels.size)
    if sample_articles is not None and labels.size > sample_articles:
        compared = np.unique(np.linspace(0, labels.size - 1, max(sample_articles, 2)).round().astype(np.intp))
    # Columns grouped by article (stable, so each group keeps text order).
    columns = np.flatnonzero(np.isin(label_of, compared))
    columns = columns[np.argsort(label_of[columns], kind="stable")]
    grouped = np.ascontiguousarray(np.asarray(vectors)[columns])
    column_label = label_of[columns]
    starts = np.flatnonzero(np.r_[True, column_label[1:] != column_label[:-1]])
    segment_label = column_label[starts]
    support = np.empty(wanted.size, dtype=np.float64)
    for low in range(0, wanted.size, block_rows):
        block = wanted[low : low + block_rows]
        best = np.maximum.reduceat(np.asarray(vectors)[block] @ grouped.T, starts, axis=1).astype(np.float64)
        own = segment_label[None, :] == label_of[block][:, None]
        best[own] = 0.0  # an article agreeing with itself is not support
        others = segment_label.size - own.sum(axis=1)
        support[low : low + block.size] = best.sum(axis=1) / np.maximum(others, 1)
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


def by_relevance(scores: NDArray[np.floating]) -> list[int]:
    """Indices by descending score, ties by ascending index (a stable sort of the negation)."""
    return [int(i) for i in np.argsort(-scores, kind="stable")]
