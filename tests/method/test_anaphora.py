"""Tests for summarizer.method.anaphora: sentences that refer back from their opening."""

from __future__ import annotations

from dataclasses import replace

import pytest

from summarizer.documents import Article, Options
from summarizer.method.anaphora import refers_back
from summarizer.method.cleaning import LengthBounds
from summarizer.method.pipeline import PipelineSettings, extract_sentences, summarize

from ..conftest import HashingEmbedder


@pytest.mark.parametrize(
    "sentence",
    [
        "He called Gore Wednesday night with his resignation.",
        "She said the talks would resume on Monday.",
        "They landed March 21 in the Egyptian desert.",
        "His lawyers asked for a new trial.",
        "Their boat capsized near the harbour mouth.",
        "It ended operations in Burma last year.",
        "Its members voted to strike on Friday.",
        "“They ask me about the trees carrots grow on.”",
        "``He was left to die tied to a fence post.''",
        # A demonstrative or "Such", alone or before a noun, points back too.
        "That panel planned to complete its work tomorrow.",
        "These armed group members included those from the ethnic Lahu.",
        "This is Uliassi's second attempt to fly around the world.",
        "That compares with 60 percent of baby boomers.",
        "Those figures were revised on Friday.",
        "Such status would give the tribe the right to negotiate.",
        # A connective does not hide the pronoun after it.
        "But he has refused to meet with the Log Cabin Republicans.",
        "So, she concluded that warming is the cause of the change.",
        "Now he's returning to his roots: New York and stand-up comedy.",
        "And that is not all the council decided.",
        "However, it ended in May.",
        # First person outside a quotation: the writer, whom the summary does not name.
        "We are entering the plague years of computer viruses.",
        "I think the bridge will be closed for weeks.",
        # A counted or paired subject: its members were named before.
        "The two countries were not certified because of the heroin trade.",
        "Both drugs are expected to take market share from cheaper medicines.",
        "The couple is scheduled to appear for a court-ordered mediation session.",
        "The three men were arrested on Friday.",
        "All five defendants denied the charges.",
        "The latter two are in custody in New York.",
        "The pair were rescued by a fishing boat.",
        "But both diseases are relatively easy to treat.",
        # A short prepositional phrase fronted before the subject does not hide it either.
        "In 1988, he looked to steroids to delay the end of his career.",
        "After the meeting, the two sides signed documents on petroleum aid.",
        "During the campaign, he said he would demand changes.",
        "Until now, these patients have relied mostly on older drugs.",
        # A part or the rest of a set named before, and a sentence that continues another.
        "Four of those swimmers were banned this summer for two years.",
        "Most of them were sent here by ambulance.",
        "Two other home-schooled students placed second and third.",
        "The other is the Institute for Creation Research in San Diego.",
        "Nor did the study conclude whether the supplement has side effects.",
        "Or more precisely, a two-minute trailer for the film.",
    ],
)
def test_a_pronoun_opening_refers_back(sentence: str) -> None:
    assert refers_back(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # "It" with nothing to refer to: an empty subject before a clause.
        "It is estimated that some 500 Kenyans die of AIDS every day.",
        "It was the Republican Party that first made it a campaign issue.",
        "It is not clear whether the ferry will run on Sunday.",
        "It was not immediately clear how many people died.",
        "It remains to be seen.",
        # Names and words that only start like a pronoun.
        "Hezbollah fired rockets across the border on Tuesday.",
        "Italy won the final on penalties.",
        "Theodore Roosevelt visited the canal in 1906.",
        "Helicopters flew the injured to the mainland.",
        # A pronoun later in the sentence usually has its referent before it.
        "The minister said he would resign.",
        "This year, every candidate supports the plan.",
        # A demonstrative before a word of time points at the article's date.
        "That night, rescuers pulled two survivors from the rubble.",
        "This past week the council approved the budget.",
        "These days most commuters take the ferry.",
        # "Those who ..." says whom it means.
        "Those who stayed behind were taken to hospital.",
        # Words that only start like a demonstrative.
        "Thailand closed its border crossings on Monday.",
        "Thereafter the talks resumed in Geneva.",
        "Thousands marched through the capital.",
        # A connective before a named subject, an empty "It" or a time leaves it citable.
        "But the council refused to meet with the protesters.",
        "However, it is not clear whether the talks will resume.",
        "Still, this year the festival drew record crowds.",
        "So far, 40 people have died in the floods.",
        # First person inside a quotation is the named speaker's; "I-95" is a road.
        "``We share their concerns,'' Locke said after the meeting.",
        "I-95 was closed for hours after the crash.",
        "Usually the ferry runs every hour.",
        # A counted subject that names its members, or counts time.
        "The two leaders, Putin and Xi, met on Monday.",
        "The two films, ``Before Women Had Wings'' and ``The Wedding,'' were praised.",
        "Both the AIDS virus and hepatitis B use this enzyme.",
        "Both Biogen, of Cambridge, Mass., and Serono manufacture the drug.",
        "The two years since the war have been hard.",
        "The two-day talks ended without a deal.",
        "The Pair of Kings is a pub on the corner.",
        # A fronted phrase that names someone, or a fronted clause, may hold the referent.
        "After meeting Putin, he flew back to Washington.",
        "If acupuncture relaxes the muscles, it might reduce wrinkling.",
        "In the book, the minister says the offensive was necessary.",
        "Juan Miguel Gonzalez, his wife and their son arrived on Thursday.",
        "In a deposition, it is not clear whether the witness may refuse.",
        # A part of a set the sentence describes, or a rest it names; words that only start alike.
        "Many of those killed were children.",
        "Some of those who stayed behind were taken to hospital.",
        "The other defendant, Russell Henderson, pleaded guilty.",
        "Oregon voted against the measure.",
        "Norway sent two ships.",
    ],
)
def test_a_sentence_that_names_its_subject_stands_alone(sentence: str) -> None:
    assert not refers_back(sentence)


ARTICLES = [
    Article(
        id="a",
        text=(
            "The harbour authority closed the old swing bridge to traffic on Monday morning. "
            "It will stay shut for at least six weeks while engineers replace the corroded cables."
        ),
    ),
    Article(
        id="b",
        text=(
            "Engineers found corroded cables on the old swing bridge during a routine inspection. "
            "It will stay shut for at least six weeks while engineers replace the corroded cables."
        ),
    ),
]


def test_extract_marks_pronoun_openings() -> None:
    _, kept = extract_sentences(ARTICLES, LengthBounds())
    assert [s.refers_back for s in kept] == [False, True, False, True]


def test_a_pronoun_opening_is_never_a_summary_sentence(fake_embedder: HashingEmbedder) -> None:
    # The "It will stay shut" sentence is the one both articles share word for word, so it
    # leads the summary when the rule is off.
    before = summarize(
        ARTICLES, Options(max_sentences=1), fake_embedder, replace(PipelineSettings(), cite_back_references=True)
    )
    assert before.sentences[0].text.startswith("It will stay shut")
    after = summarize(ARTICLES, Options(max_sentences=3), fake_embedder)
    assert after.sentences and not any(s.text.startswith("It ") for s in after.sentences)


def test_a_cluster_where_no_sentence_stands_alone_is_still_summarized(fake_embedder: HashingEmbedder) -> None:
    only = [Article(id="a", text="He said the new plan would work for the city. He added that it would cost less.")]
    summary = summarize(only, Options(), fake_embedder)
    assert [s.text for s in summary.sentences][:1] == ["He said the new plan would work for the city."]
