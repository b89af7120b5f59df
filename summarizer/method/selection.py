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

__all__ = ["Selection", "budgeted_mmr_select", "mmr_select"]


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


def budgeted_mmr_select(
    relevance: NDArray[np.floating],
    similarity: NDArray[np.floating],
    diversity: float,
    costs: NDArray[np.floating],
    budgets: NDArray[np.floating],
    lengths: NDArray[np.floating],
    cost_scaling: float = 0.0,
    concepts: NDArray[np.bool_] | None = None,
    concept_weights: NDArray[np.floating] | None = None,
    concept_share: float = 0.0,
    focus: NDArray[np.floating] | None = None,
) -> Selection:
    """MMR where the relevance term is paid per word and may include concept coverage.

    Lin & Bilmes (2010), "Multi-document summarization via budgeted maximization of
    submodular functions", NAACL: under a length budget, greedy selection should
    rank by gain divided by cost^r (r = ``cost_scaling``), or it fills the budget
    with a few long sentences. Gillick & Favre (2009) score a summary by the weighted
    concepts it covers; a concept counts once, so its gain shrinks as it gets covered.
    At each step this picks, among the items that still fit every budget,

        argmax_i  lambda * gain(i)  -  (1 - lambda) * max_{j in S} sim(i, j)
        gain(i) = (1 - c) * relevance(i) + c * covered(i | S) / covered_max / (len(i) / mean_len)^r

    where covered(i | S) is the weight of the concepts of i not yet covered by S,
    covered_max its largest value over all items before the first pick, and
    c = ``concept_share``. With c = 0 this is ``mmr_select``.

    Only the coverage term is paid per word: coverage grows with length (a longer
    sentence holds more concepts), which is the case Lin & Bilmes' scaling corrects,
    whereas a cosine to the centroid does not, and dividing it by length would fill
    the summary with short, empty sentences (measured in ``docs/quality.md``).

    relevance:       float (n,), higher is more relevant.
    similarity:      float (n, n) symmetric redundancy (cosine, or a blend with word overlap).
    diversity:       1 - lambda, in [0, 1].
    costs, budgets:  float (n, m) and (m,), as in ``mmr_select``.
    lengths:         float (n,) positive, the length each item's gain is divided by (words).
    cost_scaling:    r >= 0; 0 ignores length, 1 is gain per word.
    concepts:        bool (n, k) which concepts each item contains (None: no coverage term).
    concept_weights: float (k,) non-negative.
    concept_share:   c in [0, 1].
    focus:           optional float (n,) in [0, 1] multiplying gain(i): how much item i is
                     about the query. Concepts and support describe the whole cluster, so
                     without it a query-focused summary drifts back to the generic one.

    Ties go to the lowest index. O(k * n) per pick for the coverage term.
    """
    if not 0.0 <= diversity <= 1.0:
        raise ValueError(f"diversity must be within [0, 1], got {diversity!r}")
    if not 0.0 <= concept_share <= 1.0:
        raise ValueError(f"concept_share must be within [0, 1], got {concept_share!r}")
    if cost_scaling < 0.0:
        raise ValueError(f"cost_scaling must be non-negative, got {cost_scaling!r}")
    rel = np.asarray(relevance, dtype=np.float64)
    n = rel.shape[0]
    sim = np.asarray(similarity, dtype=np.float64)
    if sim.shape != (n, n):
        raise ValueError(f"similarity must be ({n}, {n}), got {sim.shape}")
    if n == 0:
        return Selection((), ())
    length = np.maximum(np.asarray(lengths, dtype=np.float64), 1e-9)
    scale = (length / length.mean()) ** cost_scaling
    cost = np.asarray(costs, dtype=np.float64).reshape(n, -1)
    remaining = np.asarray(budgets, dtype=np.float64).copy()

    use_concepts = concepts is not None and concept_weights is not None and concept_share > 0.0
    if use_concepts:
        incidence = np.asarray(concepts, dtype=np.float64)
        uncovered = np.asarray(concept_weights, dtype=np.float64).copy()
        covered_max = float((incidence @ uncovered).max()) if incidence.size else 0.0
    if focus is not None:
        focus_weights = np.asarray(focus, dtype=np.float64)
        if focus_weights.shape != (n,):
            raise ValueError(f"focus must have shape ({n},), got {focus_weights.shape}")
    lam = 1.0 - diversity
    max_sim = np.full(n, -np.inf, dtype=np.float64)  # unclipped, as in mmr_select
    available = np.ones(n, dtype=bool)
    picked: list[int] = []
    picked_scores: list[float] = []
    while True:
        available &= np.all(cost <= remaining + 1e-9, axis=1)
        if not available.any():
            break
        gain = rel
        if use_concepts:
            coverage = incidence @ uncovered / covered_max / scale if covered_max > 0 else np.zeros(n)
            gain = (1.0 - concept_share) * rel + concept_share * coverage
        if focus is not None:
            gain = gain * focus_weights
        score = lam * gain - diversity * max_sim if picked else lam * gain
        score = np.where(available, score, -np.inf)
        best = int(np.argmax(score))
        picked.append(best)
        picked_scores.append(float(score[best]))
        available[best] = False
        remaining -= cost[best]
        np.maximum(max_sim, sim[best], out=max_sim)
        if use_concepts:
            uncovered[incidence[best] > 0] = 0.0
    return Selection(tuple(picked), tuple(picked_scores))
