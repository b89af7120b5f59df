"""Maximal marginal relevance selection under budgets.

Carbonell & Goldstein (1998), "The use of MMR, diversity-based reranking for
reordering documents and producing summaries", SIGIR. At each step MMR picks

    argmax_i  lambda * rel(i) - (1 - lambda) * max_{j in S} sim(i, j)

over the unselected items. We expose ``diversity = 1 - lambda`` because it reads
as "how much novelty matters": 0 ranks by relevance alone.

Deviation from the paper: items carry costs in one or more budgets (sentences,
words, characters); an item that no longer fits is skipped and the next best is
tried, so a long sentence never blocks shorter good ones (the knapsack-style
greedy of Lin & Bilmes 2010 without the cost scaling).

Everything here is a pure function over arrays: no text, no model, no config.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Selection", "mmr_select"]


@dataclass(frozen=True, slots=True)
class Selection:
    """Indices into the candidate arrays in selection order, with the MMR score each had when picked."""

    indices: tuple[int, ...]
    scores: tuple[float, ...]


def mmr_select(
    relevance: NDArray[np.floating],
    embeddings: NDArray[np.floating],
    diversity: float,
    costs: NDArray[np.floating] | None = None,
    budgets: NDArray[np.floating] | None = None,
    max_items: int | None = None,
    similarity: NDArray[np.floating] | None = None,
) -> Selection:
    """Select items greedily by MMR until nothing more fits.

    relevance:  float (n,), higher is more relevant.
    embeddings: float (n, d) with unit rows; cosine similarity is their dot product.
    diversity:  1 - lambda, in [0, 1].
    costs:      float (n, m), what each item uses of each of m budgets (default: none).
    budgets:    float (m,), the capacity of each budget.
    max_items:  stop after this many picks (None: only budgets stop the selection).
    similarity: optional precomputed float (n, n) redundancy matrix to use instead
                of ``embeddings @ embeddings.T`` (for example a blend of cosine and
                word overlap); must be symmetric.

    Ties are broken by the lowest index, so equal inputs give equal outputs.
    Runs in O(k * n) after the similarity rows are computed: the running maximum
    similarity to the selected set is kept as one vector.
    """
    if not 0.0 <= diversity <= 1.0:
        raise ValueError(f"diversity must be within [0, 1], got {diversity!r}")
    rel = np.asarray(relevance, dtype=np.float64)
    n = rel.shape[0]
    if embeddings.shape[0] != n:
        raise ValueError(f"relevance has {n} items but embeddings has {embeddings.shape[0]}")
    if (costs is None) != (budgets is None):
        raise ValueError("costs and budgets must be given together")
    if n == 0 or (max_items is not None and max_items <= 0):
        return Selection((), ())

    remaining = None if budgets is None else np.asarray(budgets, dtype=np.float64).copy()
    cost = None if costs is None else np.asarray(costs, dtype=np.float64).reshape(n, -1)
    emb = np.asarray(embeddings, dtype=np.float32)

    lam = 1.0 - diversity
    # -inf until the first pick: the redundancy of a set is its maximum similarity,
    # which may be negative, so it must not be clipped at zero.
    max_sim = np.full(n, -np.inf, dtype=np.float64)
    available = np.ones(n, dtype=bool)
    picked: list[int] = []
    picked_scores: list[float] = []
    limit = n if max_items is None else min(max_items, n)

    while len(picked) < limit:
        if cost is not None and remaining is not None:
            available &= np.all(cost <= remaining + 1e-9, axis=1)
        if not available.any():
            break
        # With nothing selected yet the redundancy term is zero, as in the paper.
        score = lam * rel - diversity * max_sim if picked else lam * rel
        score = np.where(available, score, -np.inf)
        best = int(np.argmax(score))  # first maximum: deterministic tie-break
        picked.append(best)
        picked_scores.append(float(score[best]))
        available[best] = False
        if cost is not None and remaining is not None:
            remaining -= cost[best]
        row = similarity[best] if similarity is not None else emb @ emb[best]
        np.maximum(max_sim, row, out=max_sim)

    return Selection(tuple(picked), tuple(picked_scores))
