"""The selection's candidates: same-claim groups, each led by a sentence that can be cited."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from summarizer.documents import Sentence
from summarizer.method.candidates import claim_candidates, stands_alone
from summarizer.method.grouping import SameClaimRule
from summarizer.method.lexical import content_words
from summarizer.method.pool import PoolView
from summarizer.method.relevance import by_relevance

from ..conftest import HashingEmbedder

CLAIM = "The harbor bridge will close for three weeks of repairs starting Monday."
OTHER = "Ferry operators added extra crossings during the morning rush hour."


def _view(sentences: list[Sentence], relevance: list[float]) -> PoolView:
    vectors = HashingEmbedder().encode([s.text for s in sentences])
    pool = np.arange(len(sentences), dtype=np.intp)
    words = [content_words(s.text) for s in sentences]
    scores = np.asarray(relevance, dtype=np.float64)
    return PoolView.of(pool, sentences, vectors, words, scores, scores, scores)


def _sentence(article: int, text: str, **flags: bool) -> Sentence:
    return Sentence(article_index=article, index=0, start=0, end=len(text), text=text, **flags)


def test_a_group_whose_leader_cannot_be_cited_is_led_by_its_first_member_that_can() -> None:
    # Three outlets state one claim; the most relevant version is a speakerless quotation.
    sentences = [
        _sentence(0, CLAIM, quoted=True),
        _sentence(1, CLAIM),
        _sentence(2, OTHER),
        _sentence(3, CLAIM, refers_back=True),
        _sentence(4, CLAIM),
    ]
    view = _view(sentences, [0.9, 0.5, 0.7, 0.8, 0.3])
    candidates = claim_candidates(view, view.relevance, SameClaimRule())
    # One group of the four versions, led by the first that can be cited, on its own relevance.
    assert [(c.members, c.relevance) for c in candidates] == [((2,), 0.7), ((1, 4), 0.5)]


def test_without_grouping_every_citable_sentence_is_its_own_candidate() -> None:
    sentences = [_sentence(0, CLAIM, quoted=True), _sentence(1, CLAIM), _sentence(2, OTHER)]
    view = _view(sentences, [0.9, 0.5, 0.7])
    assert [c.members for c in claim_candidates(view, view.relevance, None)] == [(2,), (1,)]


def test_the_settings_may_allow_what_does_not_stand_alone() -> None:
    sentences = [_sentence(0, CLAIM, quoted=True), _sentence(1, CLAIM, refers_back=True), _sentence(2, OTHER)]
    view = _view(sentences, [0.9, 0.8, 0.7])

    def anything(sentence: Sentence) -> bool:
        return stands_alone(sentence, quotes=True, back_references=True)

    assert [c.members for c in claim_candidates(view, view.relevance, SameClaimRule(), anything)] == [(0, 1), (2,)]


def test_a_cluster_where_nothing_stands_alone_keeps_its_groups() -> None:
    sentences = [_sentence(0, CLAIM, quoted=True), _sentence(1, OTHER, refers_back=True)]
    view = _view(sentences, [0.4, 0.6])
    assert [c.members for c in claim_candidates(view, view.relevance, None)] == [(1,), (0,)]


def test_stands_alone_reads_every_mark() -> None:
    plain = _sentence(0, CLAIM)
    assert stands_alone(plain)
    assert not stands_alone(replace(plain, quoted=True))
    assert not stands_alone(replace(plain, refers_back=True))
    assert not stands_alone(replace(plain, question_or_list_item=True))
    assert stands_alone(replace(plain, quoted=True), quotes=True)
    assert stands_alone(replace(plain, question_or_list_item=True), questions_and_list_items=True)
    assert not stands_alone(replace(plain, quoted=True), back_references=True, questions_and_list_items=True)


def test_ties_are_broken_by_index() -> None:
    assert by_relevance(np.array([0.5, 0.9, 0.5, 0.9])) == [1, 3, 0, 2]
