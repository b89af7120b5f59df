"""Figures as comparable quantities: values in words or digits, units kept apart, bounds respected."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.method.quantities import conflicting, quantities, same_figures

# (first, second, do they conflict?)
CASES = [
    ("At least nine people died in the blast.", "At least 14 people died in the blast.", True),
    (
        "The bank raised rates by half a point to 4.75 percent.",
        "It raised rates by a quarter point to 4.5 per cent.",
        True,
    ),
    ("The Fed cut rates by 50 basis points.", "The Fed cut rates by half a percentage point.", False),
    ("Fires burned 12,000 hectares.", "Fires forced 12,000 residents to flee.", False),
    ("Fires burned 12,000 hectares.", "Fires burned 15,000 hectares.", True),
    ("More than 200 people were killed.", "The crash killed 217 people.", False),
    ("More than 200 people were killed.", "The crash killed 150 people.", True),
    ("About 50 homes were destroyed.", "Fifty-two homes were destroyed.", False),
    ("Forty-seven soldiers were wounded.", "47 soldiers were wounded.", False),
    ("The company lost $1.2 billion.", "The company lost 1.2 billion dollars.", False),
    ("The company lost $1.2 billion.", "The company lost $2 billion.", True),
    ("Unemployment rose to 6.1%.", "Unemployment rose to 6.1 percent.", False),
    ("Nine people died.", "Nine people were hurt and 3 people died.", False),
    ("The vote was held on March 3, 1998.", "The vote was held on March 4, 1998.", False),  # dates are not counts
    ("Nine people died.", "The council met on Tuesday.", False),  # no shared unit: nothing to compare
]


@pytest.mark.parametrize(("first", "second", "expected"), CASES)
def test_conflicts_are_found_between_figures_of_one_unit(first: str, second: str, expected: bool) -> None:
    mine, theirs = conflicting(first, second)
    assert bool(mine) == expected
    assert bool(theirs) == expected
    assert conflicting(second, first) == (theirs, mine)


def test_a_quantity_points_at_its_own_text() -> None:
    text = "At least nine people died, $5 million was lost and prices rose 4.5%."
    found = quantities(text)
    assert [(q.value, q.unit, q.bound) for q in found] == [
        (9.0, "people", "at_least"),
        (5e6, "money", "exact"),
        (4.5, "percent", "exact"),
    ]
    assert all(text[q.start : q.end] == q.text for q in found)


def test_shared_figures_need_the_same_unit_and_a_compatible_value() -> None:
    assert same_figures("The quake killed 217 people.", "All 217 people aboard died.")
    assert not same_figures("The quake killed 217 people.", "The quake destroyed 217 homes.")


# Reading that the dispute stage needs: ranges, the writer's precision, prices per
# something, ages and tallies. (first, second, do they conflict?)
MORE_CASES = [
    ("Between 3 and 6 percent of children have it.", "Between 3 and 5 percent of children have it.", True),
    ("Between 3 and 5 percent of children have it.", "About 4 percent of children have it.", False),
    ("There are 300 million to 500 million cases a year.", "There are about 300 million cases a year.", False),
    ("Zyuganov was second with 29.6 percent.", "Zyuganov finished second with 29 percent.", False),
    ("Some 3.9 million people carry the virus.", "Four million people carry the virus.", False),
    ("The blast killed 247 people.", "The blast killed 248 people.", True),
    ("The strike cost $2 billion.", "The strike cost $1.18 billion.", True),
    ("ETA has killed more than 750 people.", "ETA has killed nearly 800 people.", False),
    ("An estimated 3 million children have it.", "As many as 3.8 million children have it.", False),
    ("The pills cost $2.42 each.", "The pills cost from $90 to $120 a month.", False),  # a price per month
    ("Shepard, a 21-year-old student, died.", "A vigil marked the one-year anniversary.", False),
    # A vote's tally, its losing side and "unanimously" are one count: the dissenting votes.
    ("The court ruled 6-3 on Thursday.", "The court ruled 5-4 on Thursday.", True),
    (
        "The council approved the budget in a 5-2 vote.",
        "The council approved it, with three members voting against.",
        True,
    ),
    ("The board voted 5 to 2 to raise fares.", "Two board members voted against raising fares.", False),
    ("The court ruled 7-2; two justices dissented.", "The court ruled 7-2 on Monday.", False),
    ("The council unanimously approved the plan.", "The council voted 7-0 to approve the plan.", False),
    ("The council unanimously approved the plan.", "The plan passed 4-3 with two dissenting votes.", True),
    ("The Lakers won 6-3 on Sunday.", "The Lakers won 5-4 on Sunday.", False),  # a score is no count
    ("It will warm by 1.8 degrees to 6.3 degrees Fahrenheit.", "It will warm by three degrees centigrade.", False),
    ("He waited 24 hours before calling.", "He waited at least two days before calling.", True),
    ("He waited 48 hours before calling.", "He waited two days before calling.", False),
    ("One out of four adults is obese.", "About 26 percent of adults are obese.", False),
    ("The drug works in one-third of the cases.", "The drug works in 40 percent of the cases.", True),
    ("It affects 1 in 2,000 children.", "It affects 1 in 500 children.", True),
    ("The company will cut 4,000 jobs.", "The company will eliminate 2,500 positions.", True),
    ("The plant has 300 employees.", "The plant has 300 workers.", False),
    ("The park covers 20,000 square km.", "The park covers almost 12,000 square miles.", False),
    ("The park covers 20,000 square km.", "The park covers 31,000 square kilometers.", True),
    ("The park covers 31,000 square km.", "The park covers 31,200 square km.", False),  # rounded
    ("The quake killed 10,000 people.", "The quake killed 12,000 people.", True),
    ("The quake killed 1,000 people.", "The quake killed 1,200 people.", True),
]


@pytest.mark.parametrize(("first", "second", "expected"), MORE_CASES)
def test_ranges_precision_rates_and_tallies(first: str, second: str, expected: bool) -> None:
    mine, theirs = conflicting(first, second)
    assert bool(mine) == expected
    assert conflicting(second, first) == (theirs, mine)


def test_a_range_is_one_quantity_spanning_its_text() -> None:
    text = "Experts put it at between 1.3 and 1.7 million children, or 3 percent to 5 percent."
    found = quantities(text)
    assert [(q.value, q.high, q.unit, q.bound) for q in found] == [
        (1.3e6, 1.7e6, "children", "range"),
        (3.0, 5.0, "percent", "range"),
    ]
    assert [q.text for q in found] == ["1.3 and 1.7 million", "3 percent to 5 percent"]
    assert all(text[q.start : q.end] == q.text for q in found)
    assert [q.step for q in found] == [1e5, 1.0]


# Figure-heavy fragments, so that random texts are mostly numbers, units, bounds and joints.
_PIECES = [
    "at least",
    "more than",
    "about",
    "as many as",
    "between",
    "and",
    "to",
    "-",
    "a",
    "of",
    "in",
    "one",
    "nine",
    "fourteen",
    "forty-seven",
    "half",
    "a quarter",
    "one-third",
    "3",
    "4.75",
    "12,000",
    "31,000",
    "1.5",
    "2,500",
    "9" * 40,
    "$",
    "%",
    "percent",
    "per cent",
    "million",
    "billion",
    "people",
    "homes",
    "square",
    "km",
    "miles",
    "hours",
    "days",
    "a month",
    "points",
    "basis points",
    "year-old",
    "March",
    "1998",
    "not",
    "5-2",
    "1 in 500",
    ",",
    ".",
    " ",
]


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=30).map(" ".join),
    st.lists(st.sampled_from(_PIECES), max_size=30).map(" ".join),
)
def test_any_text_gives_quantities_that_point_at_it_and_symmetric_conflicts(first: str, second: str) -> None:
    for text in (first, second):
        for q in quantities(text):
            assert text[q.start : q.end] == q.text
            assert q.value <= q.high and q.step >= 0
    mine, theirs = conflicting(first, second)
    assert conflicting(second, first) == (theirs, mine)
    assert bool(mine) == bool(theirs)
    assert conflicting(first, first) == ((), ())
