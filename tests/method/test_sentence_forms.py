"""Tests for summarizer.method.sentence_forms: questions and list items, never cited."""

from __future__ import annotations

from dataclasses import replace

import pytest

from summarizer.documents import Article, Options
from summarizer.method.cleaning import LengthBounds
from summarizer.method.pipeline import PipelineSettings, extract_sentences, summarize
from summarizer.method.sentence_forms import question_or_list_item

from ..conftest import HashingEmbedder


@pytest.mark.parametrize(
    "sentence",
    [
        # Questions the writer asks.
        "So, is the Gen-X cohort too self-involved to care?",
        "But is there life after ``Seinfeld'' for the show's cast?",
        "Will the system prove inadequate to save the salmon (and the dams)?",
        # Numbered items and question-and-answer lines.
        "3. Get an anti-virus program and use it.",
        "2) Deceitfulness, as indicated by repeated lying.",
        "(4) The board must approve the plan before June.",
        "b. Rejects the attempts of others to help him or her.",
        "Q. I love fragrant plants, but I don't like bees!",
        "Q: How much personal danger do you feel right now.",
        "A: Autism is a complex developmental disease that is more prevalent in boys.",
    ],
)
def test_questions_and_list_items_are_marked(sentence: str) -> None:
    assert question_or_list_item(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The council approved the budget on Tuesday night.",
        # Someone is reported asking: the closing quotation mark follows the question mark.
        "Dole asked the crowd, “Where is the outrage?”",
        "``Why now?'' the senator asked reporters on Monday.",
        "A question mark? No: it ends with a period.",
        # Numbers, initials and dashes that open no list.
        "10 people died when the ferry capsized on Sunday.",
        "1998 was the warmest year on record, the agency said.",
        "A. Smith, the company's chief executive, resigned on Friday.",
        "Q-tips and cotton swabs were recalled by the maker.",
        "-5 degrees was the lowest reading of the night.",
        # Bulleted items are sentences once the bullet is trimmed (``cleaning.trim_span``).
        "The submarine crashes to the bottom of the Barents Sea during naval exercises.",
    ],
)
def test_statements_are_not(sentence: str) -> None:
    assert not question_or_list_item(sentence)


ARTICLES = [
    Article(
        id="a",
        text=(
            "The harbour authority closed the old swing bridge to traffic on Monday morning.\n"
            "Will the corroded cables of the old swing bridge be replaced in time for summer?"
        ),
    ),
    Article(
        id="b",
        text=(
            "Engineers found corroded cables on the old swing bridge during a routine inspection.\n"
            "Will the corroded cables of the old swing bridge be replaced in time for summer?"
        ),
    ),
]


def test_extract_marks_questions_and_list_items() -> None:
    _, kept = extract_sentences(ARTICLES, LengthBounds())
    assert [s.question_or_list_item for s in kept] == [False, True, False, True]


def test_a_question_is_never_a_summary_sentence(fake_embedder: HashingEmbedder) -> None:
    # The question is the one sentence both articles share word for word, so it leads
    # the summary when the rule is off.
    allowed = replace(PipelineSettings(), cite_questions_and_list_items=True)
    before = summarize(ARTICLES, Options(max_sentences=1), fake_embedder, allowed)
    assert before.sentences[0].text.startswith("Will the corroded cables")
    after = summarize(ARTICLES, Options(max_sentences=3), fake_embedder)
    assert after.sentences and not any(s.text.endswith("?") for s in after.sentences)
