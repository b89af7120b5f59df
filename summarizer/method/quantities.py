"""The figures a sentence states, as quantities that can be compared across outlets.

Two reports of one claim disagree when they give the same kind of figure different
values: "at least nine people died" against "at least 14 people died", "raised by
half a point to 4.75 percent" against "by a quarter point to 4.5 percent". To see
that, a figure is read as a ``Quantity``: a value (words or digits, thousands
separators, "million"/"billion", "half a", "a quarter") and a unit, the word that
says what is counted ("people", "percent", "points", "hectares", "dollars").
Figures of different units are never compared: "12,000 hectares" is not "12,000
residents". Percent is spelled "percent", "per cent" or "%"; a "basis point" is a
hundredth of a percentage point, so "50 basis points" is "half a percentage point".

Bounds are read too: "more than 200 people" is not contradicted by "217 people",
"about 50" by "52", but two different bounds of one kind are ("at least nine" /
"at least 14"), as are two different exact figures. Years ("in 1998") and days of
the month ("on March 3") are dates, not counts, and are left out, as are figures
with no unit word at all: they are too often a rank, a score or part of a name.

Pure functions of the text; the corroboration stage calls ``conflicting``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["Quantity", "conflicting", "quantities", "same_figures"]

Bound = Literal["exact", "at_least", "at_most", "about"]

_SMALL = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {word: 10 * (k + 2) for k, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_FRACTIONS = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}

_NUMBER_WORD = "|".join(sorted([*_SMALL, *_TENS], key=len, reverse=True))
# A figure starts a word (the look-behind also makes the pattern fail at once inside
# one, which made parsing several times faster): "ten" in "often" and "380" in "A380"
# are no figures.
_FIGURE = re.compile(
    r"(?<!\w)(?P<money>[$€£]\s?)?"
    r"(?P<value>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    rf"|(?:{_NUMBER_WORD})(?:[-\s](?:{_NUMBER_WORD}))?"
    r"|(?:a|one)[-\s](?:half|quarter|third)|half\s+a|a\s+(?:half|quarter|third))"
    r"(?![\w])"
    r"(?:\s?(?P<scale>hundred|thousand|million|billion|trillion|bn|m)\b)?"
    r"(?P<percent>\s?%|\s+per\s?cent\b)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+")
_LOWER = ("at least", "more than", "over", "upwards of", "in excess of", "no fewer than", "no less than")
_UPPER = ("up to", "less than", "fewer than", "under", "at most", "no more than")
_ABOUT = ("about", "around", "nearly", "almost", "some", "roughly", "approximately", "close to", "an estimated")
# Words between a figure and what it counts: "9 more people", "14 other people".
_SKIP = frozenset("more other additional further of the new extra".split())
_MONTHS = frozenset("january february march april may june july august september october november december".split())
# One name for the spellings of a unit: what rewrites alternate between.
_UNIT_FORMS = {
    "persons": "people",
    "person": "people",
    "dead": "people_dead",
    "deaths": "people_dead",
    "fatalities": "people_dead",
    "bps": "basis_point",
    "percentage": "point",
    "points": "point",
    "pts": "point",
}
_APPROXIMATE = 0.15


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure in a sentence: ``value`` counted in ``unit``, exact or a bound, at ``start:end`` of the text."""

    value: float
    unit: str
    bound: Bound
    start: int
    end: int
    text: str


def quantities(text: str) -> tuple[Quantity, ...]:
    """The comparable figures of ``text``, in text order (see the module docstring for what is left out)."""
    return _quantities(text)


@functools.lru_cache(maxsize=65_536)
def _quantities(text: str) -> tuple[Quantity, ...]:
    found = []
    for match in _FIGURE.finditer(text):
        value = _value(match.group("value"))
        if value is None:
            continue
        scale = (match.group("scale") or "").lower()
        value *= _SCALES.get(scale, 1e9 if scale == "bn" else 1e6 if scale == "m" else 1.0)
        before = text[max(0, match.start() - 30) : match.start()].lower()
        unit = _unit(match, text, before)
        if unit is None:
            continue
        if unit == "basis_point":
            value, unit = value / 100.0, "point"
        bound = _bound(before)
        found.append(Quantity(value, unit, bound, match.start(), match.end(), text[match.start() : match.end()]))
    return tuple(found)


def conflicting(first: str, second: str) -> tuple[tuple[Quantity, ...], tuple[Quantity, ...]]:
    """The figures of each text that the other contradicts (same unit, incompatible values); empty when none.

    A figure is contradicted when the other text gives its unit but no value compatible
    with it; a unit only one text mentions says nothing either way.
    """
    mine, theirs = quantities(first), quantities(second)
    bad_mine = tuple(q for q in mine if _contradicted(q, theirs))
    bad_theirs = tuple(q for q in theirs if _contradicted(q, mine))
    if not bad_mine or not bad_theirs:
        return (), ()
    return bad_mine, bad_theirs


def same_figures(first: str, second: str) -> bool:
    """Whether the two texts share at least one figure: same unit and a compatible value."""
    theirs = quantities(second)
    return any(_compatible(q, r) for q in quantities(first) for r in theirs if q.unit == r.unit)


def _contradicted(q: Quantity, others: tuple[Quantity, ...]) -> bool:
    same_unit = [r for r in others if r.unit == q.unit]
    return bool(same_unit) and not any(_compatible(q, r) for r in same_unit)


def _compatible(q: Quantity, r: Quantity) -> bool:
    """Whether two figures of one unit can describe the same fact."""
    if _close(q.value, r.value, 1e-9):
        return True
    if q.bound == r.bound:
        return q.bound == "about" and _close(q.value, r.value, _APPROXIMATE)
    exact_first = (q, r) if q.bound == "exact" else (r, q) if r.bound == "exact" else None
    if exact_first is None:
        return False  # two different kinds of bound: too loose to call either way, so no conflict claimed
    exact, bound = exact_first
    if bound.bound == "at_least":
        return exact.value >= bound.value
    if bound.bound == "at_most":
        return exact.value <= bound.value
    return _close(exact.value, bound.value, _APPROXIMATE)


def _close(a: float, b: float, relative: float) -> bool:
    return abs(a - b) <= relative * max(abs(a), abs(b), 1e-12)


def _value(token: str) -> float | None:
    token = token.lower().replace(",", "")
    try:
        return float(token)
    except ValueError:
        pass
    words = re.split(r"[-\s]+", token)
    if len(words) == 2 and words[1] in _FRACTIONS and words[0] in {"a", "one"}:
        return _FRACTIONS[words[1]]
    if len(words) == 2 and words[0] == "half" and words[1] == "a":
        return 0.5
    if all(w in _SMALL or w in _TENS for w in words):
        if len(words) == 2 and words[0] in _TENS and words[1] in _SMALL and _SMALL[words[1]] < 10:
            return float(_TENS[words[0]] + _SMALL[words[1]])
        if len(words) == 1:
            return float(_SMALL.get(words[0], _TENS.get(words[0], 0)))
    return None


def _unit(match: re.Match[str], text: str, before: str) -> str | None:
    """What a figure counts: percent, money, or the next word that is not a filler; None for dates and bare numbers."""
    if match.group("percent"):
        return "percent"
    if match.group("money"):
        return "money"
    raw = match.group("value")
    previous = _WORD.findall(before)
    if previous and previous[-1] in _MONTHS:
        return None  # "March 3"
    after = _WORD.findall(text[match.end() : match.end() + 40].lower())
    words = [w for w in after if w not in _SKIP][:2]
    if not words:
        return None
    unit = words[0]
    if unit in _MONTHS or (raw.isdigit() and len(raw) == 4 and 1800 <= int(raw) <= 2100):
        return None
    if unit == "basis" and len(words) > 1 and words[1].startswith("point"):
        return "basis_point"
    if unit in {"percentage", "point", "points"}:
        return "point"
    if unit in {"dollars", "dollar", "euros", "euro", "pounds", "yen", "yuan"}:
        return "money"
    if unit in {"percent"}:
        return "percent"
    if len(unit) < 3 or unit in {"and", "or", "to", "in", "on", "at", "for", "by", "from", "with", "was", "were"}:
        return None
    unit = str(_UNIT_FORMS.get(unit, unit))
    return unit[:-1] if unit.endswith("s") and not unit.endswith("ss") and len(unit) > 3 else unit


def _bound(before: str) -> Bound:
    tail = before.rstrip().rstrip("$€£").rstrip()
    for phrases, bound in ((_LOWER, "at_least"), (_UPPER, "at_most"), (_ABOUT, "about")):
        if any(tail.endswith(p) for p in phrases):
            return bound  # type: ignore[return-value]
    return "exact"
