"""Grouping sentences that state the same thing, across articles.

Five outlets rewriting one wire story produce five versions of each claim. Each
group becomes one candidate for the summary (so the summary does not repeat
itself) and remembers every article that states the claim (so each summary
sentence can show its corroboration).

Two sentences state the same claim when their embeddings are very close, or
when they are close and also share most of their content words. The thresholds
were chosen on a labelled table of same-claim and merely-related pairs
(``tests/test_grouping.py`` measures them with the bundled model).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["SameClaimRule", "group_sentences", "same_claim_matrix"]


@dataclass(frozen=True, slots=True)
class SameClaimRule:
    """When two sentences count as one claim.

    cosine_alone:      embedding cosine at or above which the words do not matter.
    cosine_with_words: the lower cosine that suffices when the content-word overlap
                       coefficient is at least ``word_overlap``.
    """

    cosine_alone: float = 0.86
    cosine_with_words: float = 0.68
    word_overlap: float = 0.5

    def __post_init__(self) -> None:
        for name in ("cosine_alone", "cosine_with_words", "word_overlap"):
            value = getattr(self, name)
            if not -1.0 <= value <= 1.0:
                raise ValueError(f"{name} must be within [-1, 1], got {value!r}")


def same_claim_matrix(
    cosine: NDArray[np.floating], overlap: NDArray[np.floating], rule: SameClaimRule
) -> NDArray[np.bool_]:
    """bool (n, n): whether each pair states the same claim under ``rule``. Symmetric."""
    return (cosine >= rule.cosine_alone) | ((cosine >= rule.cosine_with_words) & (overlap >= rule.word_overlap))


def group_sentences(order: Sequence[int], same: NDArray[np.bool_], cosine: NDArray[np.floating]) -> list[tuple[int, ...]]:
    """Leader clustering: groups of indices, each led by its first member.

    order:  every index once, most important first; a group's leader is the first
            of its members in this order, so the leader is the one to cite.
    same:   bool (n, n) same-claim matrix.
    cosine: float (n, n), used to pick the closest leader when several qualify.

    A sentence joins the group of the closest leader it states the same claim as,
    or leads a new group. Comparing with leaders only (not any member) keeps
    groups from chaining A~B~C into one claim when A and C differ.
    Groups are returned in order of their leaders.
    """
    leaders = np.empty(len(order), dtype=np.intp)
    n_groups = 0
    members: list[list[int]] = []
    for i in order:
        current = leaders[:n_groups]
        qualifies = same[i, current]
        if qualifies.any():
            closeness = np.where(qualifies, cosine[i, current], -np.inf)
            group = int(np.argmax(closeness))  # first of equals: deterministic
            members[group].append(i)
        else:
            group = n_groups
            leaders[n_groups] = i
            n_groups += 1
            members.append([i])
    return [tuple(m) for m in members]
