"""The summary that maximises relevance plus concept coverage minus redundancy, found exactly.

MMR (Carbonell & Goldstein 1998) trades relevance against redundancy one pick at a
time. McDonald (2007, "A study of global inference algorithms in multi-document
summarization", ECIR) wrote the same trade-off as one objective over the whole summary,

    F(S) = sum_{i in S} value(i)  +  sum_c w_c * credit_c(S)  -  sum_{i < j in S} penalty(i, j)

and showed that solving it exactly under the length budget beats MMR's greedy order;
Gillick & Favre (2009) replaced most of the pairwise redundancy by concepts that count
once (``credit_c(S)`` is 1 once a chosen sentence holds concept c), which made the
program small enough to solve. This module solves that objective, with both terms, by
branch and bound rather than a general integer-programming solver:

* items are tried in order of their gain per unit of the tightest budget, each node
  branching on "take the next item" before "skip it", so the first leaf is a greedy
  summary and good incumbents come early;
* F is submodular (coverage shrinks, penalties grow as S grows), so the marginal gains
  at a node bound what any extension can add; the fractional knapsack of those gains
  under each budget bounds the node, and a node that cannot beat the incumbent is cut;
* a node costs little more than its bound: the marginal gains are computed once per
  item taken (and then only for the concepts it credits anew), one sort per taken item
  serves the bounds of every skip after it, and a bound reads only the few items that
  fill its budget. Most nodes are a take, so this work per node, not the node count, is
  what the search's time is made of.

With a query, a concept is credited by the most query-relevant chosen sentence that
states it (``focus``: credit_c(S) = max focus over the chosen sentences holding c), so a
generic sentence that happens to cover the cluster's concepts earns less than one that
answers the question. Without one every focus is 1 and the credit is plain coverage.

The search stops after ``node_limit`` nodes and returns the best summary found; the
result says whether the bound proved it optimal. Everything is deterministic: ties go
to the lower index and the limit counts nodes, not time.

Pure function over arrays: no text, no model, no config.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["ExactSelection", "exact_select"]

_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class ExactSelection:
    """Indices into the item arrays (in search order), the objective, and whether the bound proved it optimal."""

    indices: tuple[int, ...]
    objective: float
    optimal: bool
    nodes: int


def exact_select(
    values: NDArray[np.floating],
    concepts: NDArray[np.bool_],
    concept_weights: NDArray[np.floating],
    costs: NDArray[np.floating],
    budgets: NDArray[np.floating],
    penalties: NDArray[np.floating] | None = None,
    focus: NDArray[np.floating] | None = None,
    node_limit: int = 4000,
    max_items: int = 200,
) -> ExactSelection:
    """The items that maximise F (module docstring) within every budget.

    values:          float (n,) non-negative, each item's own relevance.
    concepts:        bool (n, k) which concepts each item holds.
    concept_weights: float (k,) non-negative.
    costs, budgets:  float (n, m) non-negative and (m,) (``inf``: no such budget).
    penalties:       optional float (n, n) symmetric, non-negative: what choosing both i and j costs.
    focus:           optional float (n,) in [0, 1]: how much item i answers the query.
    node_limit:      nodes the search may visit (each costs O(n * k)); at least 1.
    max_items:       only this many items, the first in search order, are searched, so
                     that a node's cost stays bounded on a very large cluster.
    """
    value = np.asarray(values, dtype=np.float64)
    n = value.shape[0]
    incidence = np.asarray(concepts, dtype=np.float64)
    weights = np.asarray(concept_weights, dtype=np.float64)
    cost = np.asarray(costs, dtype=np.float64)
    budget = np.asarray(budgets, dtype=np.float64)
    if incidence.shape != (n, weights.shape[0]):
        raise ValueError(f"concepts must be ({n}, {weights.shape[0]}), got {incidence.shape}")
    if cost.shape != (n, budget.shape[0]):
        raise ValueError(f"costs must be ({n}, {budget.shape[0]}), got {cost.shape}")
    if node_limit < 1 or max_items < 1:
        raise ValueError(f"node_limit and max_items must be at least 1, got {node_limit!r} and {max_items!r}")
    if np.any(value < 0) or np.any(weights < 0) or np.any(cost < 0):
        raise ValueError("values, concept weights and costs must be non-negative")
    fit = np.asarray(focus, dtype=np.float64) if focus is not None else np.ones(n)
    if fit.shape != (n,):
        raise ValueError(f"focus must have shape ({n},), got {fit.shape}")
    penalty = None if penalties is None else np.asarray(penalties, dtype=np.float64)
    if penalty is not None and penalty.shape != (n, n):
        raise ValueError(f"penalties must be ({n}, {n}), got {penalty.shape}")

    finite = np.isfinite(budget)
    fits_alone = np.all(cost <= budget + _EPS, axis=1)
    credit = incidence * fit[:, None]  # what each item would credit each concept with
    gain = value + credit @ weights
    # The tightest budget (fewest mean items fit) orders the search; all of them bound it.
    order_dim = int(np.argmin(np.where(finite, budget / np.maximum(cost.mean(axis=0), _EPS), np.inf))) if n else 0
    density = gain / np.maximum(cost[:, order_dim], _EPS) if finite.any() else gain
    order = np.array([i for i in np.argsort(-density, kind="stable") if fits_alone[i] and gain[i] > 0], dtype=np.intp)
    order = order[:max_items]
    held = credit[order].any(axis=0)  # concepts no searched item holds cannot change a bound
    search = _Search(
        value=value[order],
        credit=credit[order][:, held],
        weights=weights[held],
        cost=cost[order][:, finite],
        penalty=None if penalty is None else penalty[np.ix_(order, order)],
        node_limit=node_limit,
    )
    search.run(budget[finite])
    return ExactSelection(
        indices=tuple(int(order[i]) for i in search.best),
        objective=search.best_value,
        optimal=search.nodes <= node_limit,
        nodes=min(search.nodes, node_limit),
    )


class _Search:
    """Depth-first branch and bound over the items in search order (``exact_select``)."""

    def __init__(
        self,
        value: NDArray[np.float64],
        credit: NDArray[np.float64],
        weights: NDArray[np.float64],
        cost: NDArray[np.float64],
        penalty: NDArray[np.float64] | None,
        node_limit: int,
    ) -> None:
        self.value, self.credit, self.weights, self.cost = value, credit, weights, cost
        self.penalty = penalty
        self.binary = bool(np.all((credit == 0.0) | (credit == 1.0)))
        self.node_limit = node_limit
        self.nodes = 0
        self.best: list[int] = []
        self.best_value = 0.0

    def run(self, capacity: NDArray[np.float64]) -> None:
        n = self.value.shape[0]
        self._greedy(capacity)
        credited = np.zeros(self.credit.shape[1])
        self._visit(0, [], credited, self._coverage(slice(0, n), credited), np.zeros(n), 0.0, capacity)

    def _greedy(self, capacity: NDArray[np.float64]) -> None:
        """The incumbent to start from: items by marginal gain per unit of the tightest budget (Lin & Bilmes 2010).

        The search finds it too, but knowing its value from the start cuts the nodes
        that cannot beat it before they are expanded.
        """
        n = self.value.shape[0]
        credited, penalised, total = np.zeros(self.credit.shape[1]), np.zeros(n), 0.0
        left, chosen = capacity.copy(), list[int]()
        unit = self.cost[:, int(np.argmin(capacity / np.maximum(self.cost.mean(axis=0), _EPS)))] if n else None
        while unit is not None:
            gain = self.value + self._coverage(slice(0, n), credited) - penalised
            fits = np.all(self.cost <= left + _EPS, axis=1) & (gain > 0)
            fits[chosen] = False
            if not fits.any():
                break
            best = int(np.argmax(np.where(fits, gain / np.maximum(unit, _EPS), -np.inf)))
            chosen.append(best)
            total += float(gain[best])
            credited = np.maximum(credited, self.credit[best])
            left = left - self.cost[best]
            if self.penalty is not None:
                penalised = penalised + self.penalty[best]
        if total > self.best_value + _EPS:
            self.best, self.best_value = sorted(chosen), total

    def _coverage(self, rows: slice, credited: NDArray[np.float64]) -> NDArray[np.float64]:
        """The concept weight each item of ``rows`` would add to what ``credited`` already holds."""
        if self.binary:  # credit 0 or 1: the uncovered weight, without an (n, k) temporary
            covered: NDArray[np.float64] = self.credit[rows] @ (self.weights * (1.0 - credited))
            return covered
        added: NDArray[np.float64] = np.maximum(self.credit[rows] - credited, 0.0) @ self.weights
        return added

    def _taken(self, p: int, credited: NDArray[np.float64], covered: NDArray[np.float64]) -> NDArray[np.float64]:
        """``covered`` (what the items after p would add to ``credited``) once item p is taken too.

        Only the concepts p credits anew change, usually a few of thousands: their weight
        is taken off the items that hold them instead of every item being summed again.
        The difference can leave a rounding residue where nothing is left to add; a
        residue below ``_EPS`` (concept weights and focus are orders of magnitude larger)
        is set back to the zero it stands for, so that an item with nothing to add is
        never taken for a residue.
        """
        changed = np.flatnonzero(self.credit[p] > credited)
        if changed.size == 0:
            return covered
        held = self.credit[p + 1 :, changed]
        if self.binary:
            lost = held @ self.weights[changed]
        else:
            before = np.maximum(held - credited[changed], 0.0)
            lost = (before - np.maximum(held - self.credit[p, changed], 0.0)) @ self.weights[changed]
        left = covered - lost
        left[left < _EPS] = 0.0
        return left

    def _visit(
        self,
        p: int,
        chosen: list[int],
        credited: NDArray[np.float64],
        covered: NDArray[np.float64],
        penalised: NDArray[np.float64],
        total: float,
        capacity: NDArray[np.float64],
    ) -> None:
        """Extend ``chosen`` from item p on.

        ``credited`` is the credit per concept so far, ``covered`` what each item from p
        on would add to it, ``penalised`` the penalty each item would pay, ``total`` the
        objective. Taking item p recurses; skipping it is the loop, so the depth is the
        number of items taken, not the number of items. Within one call only p moves:
        what each later item would add is computed once, and each node reads its suffix.
        """
        n = self.value.shape[0]
        first = p
        rest = slice(first, n)
        fits = (self.cost[rest] <= capacity + _EPS).all(axis=1)
        marginal = np.where(fits, self.value[rest] + covered - penalised[rest], 0.0)
        bound = _SuffixBound(marginal, self.cost[rest], capacity)
        gains = marginal.tolist()
        while True:
            self.nodes += 1
            if total > self.best_value + _EPS:
                self.best, self.best_value = list(chosen), total
            if p >= n or self.nodes > self.node_limit:
                return
            if total + bound.of_suffix(p - first) <= self.best_value + _EPS:
                return
            gain = gains[p - first]
            if gain > 0:
                left = capacity - self.cost[p]
                if total + gain + bound.of_suffix(p + 1 - first, left.tolist()) <= self.best_value + _EPS:
                    # Taking p leads to a node its own bound would cut at once: what the
                    # later items add after p is at most what they add now, in less room.
                    # Count that node and keep its summary if it is the best, without
                    # computing what it would have thrown away.
                    self.nodes += 1
                    if total + gain > self.best_value + _EPS:
                        self.best, self.best_value = [*chosen, p], total + gain
                else:
                    chosen.append(p)
                    self._visit(
                        p + 1,
                        chosen,
                        np.maximum(credited, self.credit[p]),
                        self._taken(p, credited, covered[p + 1 - first :]),
                        penalised if self.penalty is None else penalised + self.penalty[p],
                        total + gain,
                        left,
                    )
                    chosen.pop()
            p += 1


class _SuffixBound:
    """An upper bound on what the items of any suffix of one list can add within ``capacity``.

    Each budget alone is a relaxation of all of them together, so each one's fractional
    knapsack (the items with a positive gain, by gain per cost, the last one cut) bounds
    the sum, and so does the sum of the positive gains when no budget is finite. The
    items of a suffix by gain per cost are those of the whole list in the same order
    with the earlier ones left out, so one sort per budget serves every suffix, and a
    budget fills after a few items: a node reads a few entries instead of sorting all
    of the items again.
    """

    def __init__(self, gains: NDArray[np.float64], costs: NDArray[np.float64], capacity: NDArray[np.float64]) -> None:
        positive = (gains > 0).nonzero()[0]
        g = gains[positive]
        self.gains = gains
        self.capacity = capacity.tolist()
        # Per budget, the positive items by gain per cost as arrays; a node reads them
        # through Python lists of their first entries, made as far as a fill reaches.
        self.sorted: list[tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.float64]]] = []
        for d in range(costs.shape[1]):
            c = costs[positive, d]
            order = (-g / np.maximum(c, _EPS)).argsort(kind="stable")
            self.sorted.append((positive[order], g[order], c[order]))
        self.read: list[list[tuple[int, float, float]]] = [[] for _ in self.sorted]
        self.head = [0] * len(self.sorted)

    def of_suffix(self, start: int, capacity: list[float] | None = None) -> float:
        """The bound on the gains of the items from ``start`` on, within ``capacity`` (default: the list's own).

        ``start`` never decreases from call to call.
        """
        if not self.sorted:
            return float(np.clip(self.gains[start:], 0.0, None).sum())
        bound = np.inf
        for d, room in enumerate(self.capacity if capacity is None else capacity):
            taken, head, entries = 0.0, self.head[d], self.read[d]
            i = head
            while True:
                if i == len(entries) and not self._read_more(d):
                    break
                item, gain, cost = entries[i]
                i += 1
                if item < start:
                    if i - 1 == head:  # before every later start too: never read again
                        head = i
                    continue
                if cost <= room + _EPS:
                    taken += gain
                    room -= cost
                else:
                    taken += gain * max(room, 0.0) / max(cost, _EPS)
                    break
            self.head[d] = head
            bound = min(bound, taken)
        return float(bound)

    def _read_more(self, d: int) -> bool:
        """Extend budget d's list by the next entries (twice as many each time); False when all are read."""
        items, gains, costs = self.sorted[d]
        done = len(self.read[d])
        if done == len(items):
            return False
        end = min(len(items), max(8, 2 * done))
        more = zip(items[done:end].tolist(), gains[done:end].tolist(), costs[done:end].tolist(), strict=True)
        self.read[d].extend(more)
        return True
