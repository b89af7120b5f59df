"""Figures as comparable quantities: values in words or digits, units kept apart, bounds respected."""

from __future__ import annotations

import pytest

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
