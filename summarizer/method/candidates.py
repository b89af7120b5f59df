"""The selection's candidates: the pool's claims, each led by a sentence that can be cited.

Same-claim sentences of other articles join one candidate (``grouping``), so that the
summary does not say one thing twice. The sentence a candidate cites must stand alone:
quoted words with no speaker (``quotations``), a pronoun that refers back
(``anaphora``), a question or a list item (``sentence_forms``) would show a reader words
out of their context. Such a sentence still counts for support and concepts, and may
corroborate the claim after selection, but no candidate holds it: its group is led by
its first member that can be cited, on that member's own relevance, and a group of such
sentences only is dropped; unless no sentence of the cluster stands alone, when a
summary of them beats none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from ..documents import Sentence
from .grouping import Candidate, SameClaimRule, group_sentences, same_claim_matrix
from .lexical import numbers, numbers_agree_matrix
from .pool import PoolView
from .relevance import by_relevance

__all__ = ["claim_candidates", "stands_alone"]


def stands_alone(
    sentence: Sentence,
    *,
    quotes: bool = False,
    back_references: bool = False,
    questions_and_list_items: bool = False,
) -> bool:
    """Whether ``sentence`` may be cited: not all quotation, not referring back, no question or list item.

    quotes, back_references, questions_and_list_items: allow that kind anyway (the literal
    recipe allows all three).
    """
    return (
        (quotes or not sentence.quoted)
        and (back_references or not sentence.refers_back)
        and (questions_and_list_items or not sentence.question_or_list_item)
    )


def claim_candidates(
    view: PoolView,
    relevance: NDArray[np.float64],
    same_claim: SameClaimRule | None,
    citable: Callable[[Sentence], bool] = stands_alone,
) -> list[Candidate]:
    """Candidates by descending relevance, members as sentence indices of the whole cluster.

    relevance:  float (len(view.pool),), per pool sentence.
    same_claim: the rule by which sentences of other articles join one candidate;
                None keeps every sentence a candidate of its own.
    citable:    whether a sentence may be the one a candidate cites.

    Leader grouping in relevance order reads only sentences ranked above, all of them in
    the pool, so within the pool it is the grouping of the whole cluster.
    """
    order = by_relevance(relevance)
    if same_claim is not None:
        agree = numbers_agree_matrix([numbers(s.text) for s in view.sentences])
        same = same_claim_matrix(view.cosine, view.overlap, same_claim, numbers_agree=agree)
        groups = group_sentences(order, same, view.cosine, articles=[s.article_index for s in view.sentences])
    else:
        groups = [(i,) for i in order]

    def candidate(members: Sequence[int]) -> Candidate:
        return Candidate(tuple(int(view.pool[m]) for m in members), float(relevance[members[0]]))

    led = [[m for m in g if citable(view.sentences[m])] for g in groups]
    candidates = [candidate(members) for members in led if members]
    if not candidates:
        return [candidate(g) for g in groups]
    return sorted(candidates, key=lambda c: -c.relevance)
