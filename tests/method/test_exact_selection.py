"""The branch and bound against every subset of small random instances, and its contract."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from summarizer.method.exact_selection import _SuffixBound, exact_select


def objective(S, values, incidence, weights, penalties, focus) -> float:  # type: ignore[no-untyped-def]
    """F(S) written out from its definition, independently of the search."""
    S = list(S)
    if not S:
        return 0.0
    credit = (incidence[S] * focus[S, None]).max(axis=0)
    pairs = sum(penalties[i, j] for i, j in itertools.combinations(S, 2))
    return float(values[S].sum() + credit @ weights - pairs)


def brute_force(values, incidence, weights, costs, budgets, penalties, focus) -> float:  # type: ignore[no-untyped-def]
    n = len(values)
    return max(
        objective(S, values, incidence, weights, penalties, focus)
        for size in range(n + 1)
        for S in itertools.combinations(range(n), size)
        if np.all(costs[list(S)].sum(axis=0) <= budgets + 1e-9)
    )


def random_instance(rng: np.random.Generator):  # type: ignore[no-untyped-def]
    n, k = int(rng.integers(1, 9)), int(rng.integers(1, 12))
    incidence = rng.random((n, k)) < 0.3
    weights = rng.random(k)
    values = rng.random(n) * rng.integers(0, 2)
    costs = rng.integers(1, 6, size=(n, 2)).astype(np.float64)
    budgets = np.array([float(rng.integers(1, 12)), rng.choice([np.inf, 8.0])])
    penalties = rng.random((n, n)) * 0.3
    penalties = (penalties + penalties.T) / 2
    np.fill_diagonal(penalties, 0.0)
    return values, incidence, weights, costs, budgets, penalties, rng.random(n)


def test_it_finds_the_optimum_of_every_small_instance() -> None:
    rng = np.random.default_rng(7)
    for _ in range(200):
        values, incidence, weights, costs, budgets, penalties, focus = random_instance(rng)
        result = exact_select(values, incidence, weights, costs, budgets, penalties=penalties, focus=focus)
        assert result.optimal
        best = brute_force(values, incidence, weights, costs, budgets, penalties, focus)
        assert result.objective == pytest.approx(best, abs=1e-9)
        # The objective it reports is the one of the summary it returns, and that summary fits.
        chosen = list(result.indices)
        assert objective(chosen, values, incidence, weights, penalties, focus) == pytest.approx(result.objective)
        assert np.all(costs[chosen].sum(axis=0) <= budgets + 1e-9)
        assert len(set(chosen)) == len(chosen)


def test_without_penalties_or_focus_it_is_plain_weighted_coverage() -> None:
    # Concept 0 is worth most and only item 1 holds it; items 0 and 2 share concept 1.
    incidence = np.array([[False, True, False], [True, False, False], [False, True, True]])
    weights = np.array([5.0, 1.0, 1.0])
    costs = np.array([[2.0], [3.0], [2.0]])
    result = exact_select(np.zeros(3), incidence, weights, costs, np.array([5.0]))
    assert sorted(result.indices) == [1, 2]
    assert result.objective == pytest.approx(7.0)
    # Within 4, item 1 alone (5) beats items 0 and 2 together (concepts 1 and 2: 2).
    assert exact_select(np.zeros(3), incidence, weights, costs, np.array([4.0])).indices == (1,)


def test_it_beats_the_greedy_where_the_greedy_goes_wrong() -> None:
    # The densest item (0) leaves no room for the two that together cover more.
    incidence = np.eye(3, dtype=bool)
    weights = np.array([6.0, 4.0, 4.0])
    costs = np.array([[4.0], [3.0], [3.0]])  # densities 1.5, 1.33, 1.33: a greedy takes 0, then nothing fits
    result = exact_select(np.zeros(3), incidence, weights, costs, np.array([6.0]))
    assert sorted(result.indices) == [1, 2]
    assert result.optimal


def test_every_budget_holds_at_once() -> None:
    rng = np.random.default_rng(3)
    n = 30
    incidence = rng.random((n, 40)) < 0.15
    costs = np.stack([np.ones(n), rng.integers(5, 30, n), rng.integers(30, 200, n)], axis=1).astype(np.float64)
    for budgets in ([2, np.inf, np.inf], [np.inf, 40, np.inf], [np.inf, np.inf, 150], [3, 60, 220]):
        cap = np.array(budgets, dtype=np.float64)
        result = exact_select(rng.random(n), incidence, rng.random(40), costs, cap)
        assert np.all(costs[list(result.indices)].sum(axis=0) <= cap)


def test_the_node_limit_returns_the_best_found_deterministically() -> None:
    rng = np.random.default_rng(11)
    n = 80
    incidence = rng.random((n, 120)) < 0.1
    weights, values = rng.random(120), rng.random(n) * 0.1
    costs = rng.integers(8, 40, size=(n, 1)).astype(np.float64)
    budget = np.array([250.0])
    capped = exact_select(values, incidence, weights, costs, budget, node_limit=5)
    assert not capped.optimal and capped.nodes == 5
    assert capped == exact_select(values, incidence, weights, costs, budget, node_limit=5)
    # The first leaf of the search is already a full summary, and more nodes never do worse.
    assert capped.indices
    assert exact_select(values, incidence, weights, costs, budget, node_limit=500).objective >= capped.objective


def test_nothing_fits_or_nothing_to_gain() -> None:
    incidence = np.ones((2, 1), dtype=bool)
    assert exact_select(np.ones(2), incidence, np.ones(1), np.array([[5.0], [6.0]]), np.array([4.0])).indices == ()
    assert (
        exact_select(np.zeros(2), np.zeros((2, 1), bool), np.zeros(1), np.ones((2, 1)), np.array([9.0])).indices == ()
    )
    empty = exact_select(np.zeros(0), np.zeros((0, 3), bool), np.ones(3), np.zeros((0, 1)), np.array([9.0]))
    assert empty.indices == () and empty.optimal


def test_it_rejects_inconsistent_arguments() -> None:
    inc, w, c, b = np.ones((2, 1), bool), np.ones(1), np.ones((2, 1)), np.array([1.0])
    with pytest.raises(ValueError):
        exact_select(np.ones(2), inc, np.ones(2), c, b)
    with pytest.raises(ValueError):
        exact_select(np.ones(2), inc, w, c, np.array([1.0, 2.0]))
    with pytest.raises(ValueError):
        exact_select(-np.ones(2), inc, w, c, b)
    with pytest.raises(ValueError):
        exact_select(np.ones(2), inc, w, c, b, focus=np.ones(3))
    with pytest.raises(ValueError):
        exact_select(np.ones(2), inc, w, c, b, node_limit=0)


def fractional_knapsack(gains, costs, capacity) -> float:  # type: ignore[no-untyped-def]
    """The fractional knapsack's optimum, from its definition: the densest items first, the last one cut."""
    best = float(np.clip(gains, 0.0, None).sum())
    for d in range(costs.shape[1]):
        taken, room = 0.0, float(capacity[d])
        for i in sorted(np.flatnonzero(gains > 0), key=lambda i: -gains[i] / max(costs[i, d], 1e-9)):
            part = min(1.0, room / costs[i, d]) if costs[i, d] > 0 else 1.0
            taken += part * gains[i]
            room -= part * costs[i, d]
            if part < 1.0:
                break
        best = min(best, taken)
    return best


def test_the_bound_of_every_suffix_is_its_fractional_knapsack() -> None:
    # One sort serves every suffix of a node's items: each must read as if sorted afresh.
    rng = np.random.default_rng(5)
    for _ in range(200):
        n, m = int(rng.integers(0, 15)), int(rng.integers(0, 3))
        gains = rng.normal(0.3, 1.0, n)
        costs = rng.integers(0, 8, size=(n, m)).astype(np.float64)
        capacity = rng.integers(0, 20, size=m).astype(np.float64)
        bound = _SuffixBound(gains, costs, capacity)
        for start in range(n + 1):
            expected = fractional_knapsack(gains[start:], costs[start:], capacity)
            assert bound.of_suffix(start) == pytest.approx(expected, abs=1e-9)
