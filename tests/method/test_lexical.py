"""Tests for summarizer.method.lexical: content words, the light stemmer, overlap, and numbers."""

from __future__ import annotations

import numpy as np
import pytest

from summarizer.method.lexical import (
    STOP_MARK,
    content_words,
    negated_words,
    negation_cues,
    numbers,
    numbers_agree_matrix,
    overlap_matrix,
    stem,
    surface_words,
)

STEMS: list[tuple[str, str]] = [
    ("talks", "talk"),
    ("talk", "talk"),
    ("urged", "urg"),
    ("urges", "urg"),
    ("countries", "country"),
    ("escalating", "escalat"),
    ("escalate", "escalat"),  # final e dropped so the forms meet
    ("drones", "dron"),
    ("drone", "dron"),
    ("urge", "urg"),
    ("press", "press"),  # double s is not a plural
    ("gas", "gas"),  # too short to strip
    ("ties", "tie"),  # "ies" needs five letters; the "s" rule applies
    ("sing", "sing"),  # "ing" needs six letters
    ("red", "red"),
    ("", ""),
]


@pytest.mark.parametrize(("word", "expected"), STEMS)
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


CONTENT: list[tuple[str, tuple[str, ...]]] = [
    ("The minister said he would resign.", ("minister", "resign")),
    ("Trump urged Putin not to escalate", ("trump", "urg", "putin", "escalat")),
    # stop words including reporting verbs and honorifics go; order is kept
    ("According to Mr. Smith, talks were reported", ("smith", "talk")),
    # curly and straight apostrophes read alike; the possessive goes
    ("Ukraine’s war", ("ukrain", "war")),
    ("Ukraine's war", ("ukrain", "war")),
    # lone digits go, longer numbers stay
    ("5 boats and 145 drones", ("boat", "145", "dron")),
    ("snake_case under_scores", ("snak", "cas", "scor")),  # "under" is a stop word
    ("The Drones and the drone", ("dron", "dron")),
    ("", ()),
    ("the of and", ()),
]


@pytest.mark.parametrize(("text", "expected"), CONTENT)
def test_content_words(text: str, expected: tuple[str, ...]) -> None:
    assert content_words(text) == expected


def test_surface_words_keep_stop_words_marked_and_content_words_as_content_words_forms() -> None:
    text = "The President of the U.S. said Russia’s drones, 5 of them, hit Kyiv."
    words = surface_words(text)
    assert words == (
        "_the", "president", "_of", "_the", "u", "_s", "_said", "russia", "dron", "_5", "_of", "_them", "hit", "kyiv",
    )  # fmt: skip
    # Without the marked words they are exactly the content words, in order.
    assert tuple(w for w in words if not w.startswith(STOP_MARK)) == content_words(text)
    # No word of any text starts with the mark ("_" splits words), so no content form looks like a stop word.
    assert surface_words("snake_case __init__") == ("snak", "cas", "init")


OVERLAP: list[tuple[list[set[str]], list[list[float]]]] = [
    # contained: a short sentence inside a longer one overlaps fully
    ([{"a", "b"}, {"a", "b", "c", "d"}], [[1.0, 1.0], [1.0, 1.0]]),
    # half the smaller set shared
    ([{"a", "b"}, {"a", "c", "d"}], [[1.0, 0.5], [0.5, 1.0]]),
    # disjoint
    ([{"a"}, {"b"}], [[1.0, 0.0], [0.0, 1.0]]),
    # an empty set overlaps nothing, but is still 1 with itself
    ([set(), {"a"}], [[1.0, 0.0], [0.0, 1.0]]),
    ([], []),
]


@pytest.mark.parametrize(("sets", "expected"), OVERLAP)
def test_overlap_matrix(sets: list[set[str]], expected: list[list[float]]) -> None:
    result = overlap_matrix([frozenset(s) for s in sets])
    assert result.dtype == np.float32
    assert result.shape == (len(sets), len(sets))
    np.testing.assert_allclose(result.reshape(len(sets), len(sets)), np.array(expected).reshape(len(sets), len(sets)))


NUMBERS: list[tuple[str, set[str]]] = [
    ("Power was cut to about 40,000 homes.", {"40000"}),
    ("The rate rose to 4.5 percent, or 4.5%.", {"4.5"}),
    ("Within a three-kilometre radius", {"3"}),
    ("Within 3 km", {"3"}),
    ("The court ruled 5-2.", {"5", "2"}),
    ("A $2.3 billion deal in 2024", {"2.3", "2024"}),
    ("One of the officials said no one was hurt.", set()),  # "one" is usually a pronoun
    ("No figures at all.", set()),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_numbers(text: str, expected: set[str]) -> None:
    assert numbers(text) == frozenset(expected)


AGREE: list[tuple[str, str, bool]] = [
    ("At least 27 people were killed.", "At least 140 people were injured.", False),
    ("The rate rose to 4.5 percent.", "The rate rose by 25 basis points to 4.5%.", True),  # a figure added
    ("Within a three-kilometre radius.", "Within 3 km of the site.", True),
    ("No numbers here.", "Russia launched 145 drones.", True),
    ("The river peaked at 4.2 metres.", "The river will peak at 5 metres.", False),
    ("Rates rose to 4.5 percent.", "Rates fell to 4.25 percent.", False),
    ("Inflation was 6.1 percent in 2023.", "Inflation was 6.1 percent in 2024.", False),
]


@pytest.mark.parametrize(("a", "b", "expected"), AGREE)
def test_numbers_agree_matrix(a: str, b: str, expected: bool) -> None:
    agree = numbers_agree_matrix([numbers(a), numbers(b)])
    assert agree.dtype == np.bool_
    assert agree[0, 1] == agree[1, 0] == expected
    assert agree[0, 0] and agree[1, 1]


def test_numbers_agree_matrix_empty() -> None:
    assert numbers_agree_matrix([]).shape == (0, 0)


NEGATED: list[tuple[str, set[str]]] = [
    # What a negation reaches: the content words after its cue, to the end of its clause.
    ("The council did not vote to close the bridge.", {"vot", "clos", "bridg"}),
    ("Officials did not confirm the toll, which rose to 14.", {"confirm", "toll"}),
    ("He didn't get the supplies he asked for.", {"get", "supply", "ask"}),
    ("The ministry denied the report on Tuesday.", {"report", "tuesday"}),
    ("Never again will the plant open its doors and hire.", {"plant", "open", "door"}),
    # Idioms that negate nothing that follows them.
    ("Trump not only stressed the US military presence but also urged talks.", set()),
    ("Investigators are determining whether or not the fire was set.", set()),
    ("The toll could reach 40, if not more.", set()),
    ("No doubt the rally will draw crowds.", set()),
    ("The bridge will close for six weeks of repairs.", set()),
]


@pytest.mark.parametrize(("text", "expected"), NEGATED)
def test_negated_words_are_those_a_negation_reaches(text: str, expected: set[str]) -> None:
    assert negated_words(text) == frozenset(expected)


def test_negation_cues_leave_out_the_idioms_and_keep_offsets() -> None:
    text = "Not only did 40 people die; whether or not help came, 12 did not survive."
    assert [text[a:b] for a, b in negation_cues(text)] == ["not"]
    assert negation_cues(text)[0][0] == text.rindex("not")


def test_a_negation_reaches_at_most_a_few_words() -> None:
    text = "Rescuers did not find survivors among the wreckage scattered across the wide snowy mountain slopes."
    reached = negated_words(text)
    assert {"find", "survivor"} <= reached and "slope" not in reached
