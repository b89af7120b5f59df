"""MMR checked against its definition (Carbonell & Goldstein 1998)."""

from __future__ import annotations

import numpy as np
import pytest

from summarizer.method.selection import mmr_select


def unit_rows(rows: list[list[float]]) -> np.ndarray:
    a = np.asarray(rows, dtype=np.float32)
    return a / np.linalg.norm(a, axis=1, keepdims=True)


def brute_force_mmr(rel: np.ndarray, emb: np.ndarray, diversity: float, k: int) -> list[int]:
    """The definition, written the slow way: recompute every score at every step."""
    picked: list[int] = []
    for _ in range(min(k, len(rel))):
        best, best_score = -1, -np.inf
        for i in range(len(rel)):
            if i in picked:
                continue
            redundancy = max((float(emb[i] @ emb[j]) for j in picked), default=0.0)
            score = (1 - diversity) * rel[i] - diversity * redundancy
            if score > best_score:
                best, best_score = i, score
        picked.append(best)
    return picked


def test_diversity_zero_is_top_k_by_relevance() -> None:
    rng = np.random.default_rng(0)
    rel = rng.random(50)
    emb = unit_rows(rng.normal(size=(50, 8)).tolist())
    selection = mmr_select(rel, emb, diversity=0.0, max_items=10)
    assert list(selection.indices) == list(np.argsort(-rel)[:10])


@pytest.mark.parametrize("diversity", [0.1, 0.3, 0.5, 0.7, 1.0])
def test_matches_the_definition_on_random_inputs(diversity: float) -> None:
    rng = np.random.default_rng(int(diversity * 10))
    rel = rng.random(40)
    emb = unit_rows(rng.normal(size=(40, 6)).tolist())
    selection = mmr_select(rel, emb, diversity=diversity, max_items=12)
    assert list(selection.indices) == brute_force_mmr(rel, emb, diversity, 12)


def test_near_duplicates_are_never_both_picked() -> None:
    # 0 and 1 are near-duplicates and both the most relevant; 2 is different.
    emb = unit_rows([[1, 0, 0], [0.999, 0.01, 0], [0, 1, 0], [0, 0, 1]])
    rel = np.array([0.9, 0.89, 0.6, 0.5])
    selection = mmr_select(rel, emb, diversity=0.5, max_items=2)
    assert set(selection.indices) == {0, 2}


def test_empty_input() -> None:
    selection = mmr_select(np.zeros(0), np.zeros((0, 4), dtype=np.float32), diversity=0.3, max_items=3)
    assert selection.indices == () and selection.scores == ()


def test_k_larger_than_n_returns_everything_once() -> None:
    emb = unit_rows([[1, 0], [0, 1], [1, 1]])
    selection = mmr_select(np.array([0.3, 0.2, 0.1]), emb, diversity=0.3, max_items=10)
    assert sorted(selection.indices) == [0, 1, 2]


def test_budget_smaller_than_any_item_selects_nothing() -> None:
    emb = unit_rows([[1, 0], [0, 1]])
    costs = np.array([[12.0], [20.0]])
    selection = mmr_select(np.array([0.9, 0.8]), emb, 0.3, costs=costs, budgets=np.array([10.0]))
    assert selection.indices == ()


def test_item_that_does_not_fit_is_skipped_for_the_next_best() -> None:
    emb = unit_rows([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    rel = np.array([0.9, 0.8, 0.7])
    costs = np.array([[30.0], [80.0], [20.0]])  # after item 0, item 1 no longer fits but item 2 does
    selection = mmr_select(rel, emb, 0.0, costs=costs, budgets=np.array([60.0]))
    assert selection.indices == (0, 2)


def test_every_budget_holds() -> None:
    rng = np.random.default_rng(3)
    rel = rng.random(30)
    emb = unit_rows(rng.normal(size=(30, 5)).tolist())
    costs = np.column_stack([np.ones(30), rng.integers(5, 40, size=30)]).astype(float)
    budgets = np.array([4.0, 70.0])
    selection = mmr_select(rel, emb, 0.4, costs=costs, budgets=budgets)
    used = costs[list(selection.indices)].sum(axis=0)
    assert np.all(used <= budgets)
    assert len(selection.indices) >= 2  # something was chosen: the budgets are not degenerate


def test_ties_break_towards_the_lowest_index() -> None:
    emb = unit_rows([[1, 0], [1, 0], [1, 0]])
    selection = mmr_select(np.array([0.5, 0.5, 0.5]), emb, 0.0, max_items=1)
    assert selection.indices == (0,)


def test_precomputed_similarity_is_used_for_redundancy() -> None:
    emb = unit_rows([[1, 0], [0, 1], [1, 1]])
    similarity = np.array([[1.0, 0.95, 0.0], [0.95, 1.0, 0.0], [0.0, 0.0, 1.0]])
    rel = np.array([0.9, 0.85, 0.5])
    # By embeddings 0 and 1 are orthogonal; the supplied matrix says they are the same.
    selection = mmr_select(rel, emb, 0.5, max_items=2, similarity=similarity)
    assert selection.indices == (0, 2)


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_diversity_outside_unit_interval_is_rejected_by_name(bad: float) -> None:
    with pytest.raises(ValueError, match="diversity"):
        mmr_select(np.array([1.0]), unit_rows([[1, 0]]), diversity=bad)


def test_selection_stays_fast_at_five_thousand_items() -> None:
    # Not a timing assertion: a guard that the work is vectorised (one matrix row per pick).
    rng = np.random.default_rng(5)
    rel = rng.random(5000)
    emb = unit_rows(rng.normal(size=(5000, 32)).tolist())
    selection = mmr_select(rel, emb, 0.3, max_items=20)
    assert len(set(selection.indices)) == 20


# --------------------------------------------------------------------------- budgeted MMR with concepts


def _budgeted(rel: np.ndarray, sim: np.ndarray, diversity: float, words: np.ndarray, budget: float, **kwargs):  # type: ignore[no-untyped-def]
    from summarizer.method.selection import budgeted_mmr_select

    costs = words.reshape(-1, 1).astype(float)
    return budgeted_mmr_select(rel, sim, diversity, costs, np.array([budget]), words.astype(float), **kwargs)


@pytest.mark.parametrize("diversity", [0.0, 0.3, 0.7])
def test_budgeted_without_concepts_is_plain_mmr(diversity: float) -> None:
    rng = np.random.default_rng(11)
    rel = rng.random(40)
    emb = unit_rows(rng.normal(size=(40, 6)).tolist())
    words = rng.integers(5, 30, size=40)
    costs = words.reshape(-1, 1).astype(float)
    plain = mmr_select(rel, emb, diversity, costs=costs, budgets=np.array([120.0]), similarity=emb @ emb.T)
    # Cost scaling only touches the concept term, so with no concepts it changes nothing.
    budgeted = _budgeted(rel, emb @ emb.T, diversity, words, 120.0, cost_scaling=1.0)
    assert budgeted.indices == plain.indices


def test_a_covered_concept_earns_nothing_twice() -> None:
    # Items 0 and 1 state the same two concepts; item 2 states a third one.
    concepts = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1]], dtype=bool)
    weights = np.array([3.0, 3.0, 2.0])
    rel = np.zeros(3)
    selection = _budgeted(
        rel,
        np.eye(3),
        0.0,
        np.array([10, 10, 10]),
        20.0,
        concepts=concepts,
        concept_weights=weights,
        concept_share=1.0,
    )
    assert selection.indices == (0, 2)


def test_cost_scaling_prefers_concepts_per_word() -> None:
    # Item 0 covers more concept weight, item 1 covers more per word.
    concepts = np.array([[1, 1, 0], [0, 0, 1]], dtype=bool)
    weights = np.array([1.0, 1.0, 1.5])
    words = np.array([20, 5])
    common = dict(concepts=concepts, concept_weights=weights, concept_share=1.0)
    by_sentence = _budgeted(np.zeros(2), np.eye(2), 0.0, words, 100.0, cost_scaling=0.0, **common)
    by_word = _budgeted(np.zeros(2), np.eye(2), 0.0, words, 100.0, cost_scaling=1.0, **common)
    assert by_sentence.indices[0] == 0
    assert by_word.indices[0] == 1


def test_budgeted_fills_the_budget_and_never_exceeds_it() -> None:
    rng = np.random.default_rng(4)
    rel = rng.random(60)
    emb = unit_rows(rng.normal(size=(60, 6)).tolist())
    words = rng.integers(8, 40, size=60)
    concepts = rng.random((60, 30)) < 0.1
    selection = _budgeted(
        rel,
        emb @ emb.T,
        0.3,
        words,
        250.0,
        cost_scaling=0.5,
        concepts=concepts,
        concept_weights=rng.integers(2, 6, size=30).astype(float),
        concept_share=0.5,
    )
    used = int(words[list(selection.indices)].sum())
    assert used <= 250
    left = [i for i in range(60) if i not in selection.indices]
    assert all(words[i] > 250 - used for i in left), "a sentence that still fit was left out"


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"concept_share": 1.5}, "concept_share"), ({"cost_scaling": -1.0}, "cost_scaling")],
)
def test_budgeted_arguments_are_rejected_by_name(kwargs: dict[str, float], name: str) -> None:
    with pytest.raises(ValueError, match=name):
        _budgeted(np.array([1.0]), np.eye(1), 0.3, np.array([5]), 10.0, **kwargs)


def test_budgeted_empty_input() -> None:
    selection = _budgeted(np.zeros(0), np.zeros((0, 0)), 0.3, np.zeros(0, dtype=int), 10.0)
    assert selection.indices == ()


def test_focus_lets_the_query_outvote_cluster_wide_gain() -> None:
    # Item 0 is central to the cluster (high relevance, many concepts); item 1 is what the
    # query asks about. Without focus item 0 wins; with focus, item 1.
    concepts = np.array([[1, 1], [0, 0]], dtype=bool)
    common = dict(concepts=concepts, concept_weights=np.array([3.0, 3.0]), concept_share=0.5)
    rel = np.array([0.6, 0.5])
    words = np.array([10, 10])
    plain = _budgeted(rel, np.eye(2), 0.0, words, 10.0, **common)
    focused = _budgeted(rel, np.eye(2), 0.0, words, 10.0, focus=np.array([0.2, 1.0]), **common)
    assert plain.indices == (0,)
    assert focused.indices == (1,)


def test_focus_shape_is_checked() -> None:
    with pytest.raises(ValueError, match="focus"):
        _budgeted(np.array([1.0, 0.5]), np.eye(2), 0.3, np.array([5, 5]), 10.0, focus=np.array([1.0]))
