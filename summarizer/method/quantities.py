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
"at least 14"), as are two different exact figures. A range ("between 3 and 5
percent", "20,000 to 30,000 troops", "14,700-23,860 tons") is one figure: a value
inside it agrees with it, another range does not. Figures are compared at the
precision their writers gave: "29 percent" is "29.6 percent" cut short, "4 million"
is "3.9 million" rounded, "31,000" is 31,200 to the thousand, but "247 people" is not
"248 people" and "10,000" is not "12,000". Money paid per
something ("$90 a month") is a unit of its own, apart from a plain sum ("$2.42").
Durations meet across units ("24 hours" / "two days"), and shares in words are
percentages ("one in five", "1 out of 500", "one-third of"), read as "about".
Years ("in 1998") and days of the month ("on March 3") are dates, not counts, and
are left out, as are tallies ("a 6-3 win") and figures with no unit word at all:
they are too often a rank, a score or part of a name. A vote is the exception: outlets
give one vote as a tally ("a 5-2 vote", "voted 5 to 2"), as a count of the losing side
("three members voted against", "two justices dissented") or as "unanimously", and
each of these is read as the number of dissenting votes, so that "a 5-2 vote" and
"three members voted against" conflict and "unanimously" meets "voted 7-0".

Pure functions of the text; the corroboration stage calls ``conflicting``.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["Quantity", "conflicting", "quantities", "same_figures"]

Bound = Literal["exact", "at_least", "at_most", "about", "range"]

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
_UPPER = ("up to", "less than", "fewer than", "under", "at most", "no more than", "as many as", "as much as")
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
    "positions": "jobs",
    "position": "jobs",
    "employees": "workers",
    "employee": "workers",
    "staffers": "workers",
}
_APPROXIMATE = 0.15
# Votes, read as the number of dissenting votes (the module docstring says why).
_DISSENT = "dissenting votes"
_VOTE_AFTER = re.compile(r"[-\s]*(?:votes?|ruling|decision|verdict)\b", re.IGNORECASE)  # "a 5-2 vote"
_VOTE_BEFORE = re.compile(
    r"\b(?:voted|ruled|votes?\s+of)\s*$", re.IGNORECASE
)  # "voted 5-2", "ruled 7-2", "a vote of 5 to 2"
# "three members voted against", "two justices dissented", "with two dissenting votes".
_AGAINST = re.compile(
    r"\s+(?:[a-z]+\s+){0,3}?(?:(?:voted|voting|votes?)\s+(?:against|no)\b|dissent(?:ed|ing|ers?)?\b)",
    re.IGNORECASE,
)
_UNANIMOUS = re.compile(r"\bunanimous(?:ly)?\b", re.IGNORECASE)
# Words that follow a figure without saying what it counts ("11 of them", "70 while").
_NOT_UNITS = frozenset("and or to in on at for by from with was were them while out became who which that than".split())
_CELSIUS = frozenset({"celsius", "centigrade", "c"})
_LENGTHS: dict[str, str] = {
    **dict.fromkeys(["km", "kms", "kilometer", "kilometers", "kilometre", "kilometres"], "km"),
    **dict.fromkeys(["mile", "miles", "mi"], "mile"),
    **dict.fromkeys(["m", "meter", "meters", "metre", "metres"], "m"),
    **dict.fromkeys(["foot", "feet", "ft"], "foot"),
}
# Durations in one unit, so that "24 hours" meets "two days" (units as ``_unit`` singularises them).
_HOURS = {"minute": 1 / 60, "hour": 1.0, "day": 24.0, "week": 168.0, "month": 730.5, "year": 8766.0}
_SMALL_WORD = "one|two|three|four|five|six|seven|eight|nine|ten"
_SHARE = re.compile(
    rf"(?<!\w)(?P<part>\d+|{_SMALL_WORD})\s+(?:in|out\s+of)\s+(?:every\s+)?"
    rf"(?P<whole>\d{{1,3}}(?:,\d{{3}})+|\d+|{_SMALL_WORD}|twenty|hundred|thousand)\b",
    re.IGNORECASE,
)
_FRACTION_OF = re.compile(r"(?<!\w)(?P<fraction>(?:a|one)[-\s](?:half|quarter|third)|half)(?=\s+of\b)", re.IGNORECASE)
_AGE = re.compile(r"[-\s]years?[-\s]old\b", re.IGNORECASE)
# What joins the two ends of a range: "3-5", "3 to 5", "3 percent to 5 percent"
# (each end read with its unit), "1.8 degrees to 6.3 degrees", "between 3 and 5".
_RANGE_DASH = re.compile(r"\s*(?:(?P<unit>[a-z]+)\s+)?(?:[-–—]|to)\s*", re.IGNORECASE)
_RANGE_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
# A price per something: "$90 a month", "$2.40 a day", "$33 billion-a-year", "54 cents per share".
_RATE = re.compile(r"(?:\s+|-)(?:a|an|per|each)(?:\s+|-)([a-z]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure in a sentence: ``value`` counted in ``unit``, exact or a bound, at ``start:end`` of the text.

    high: the upper end of a range (``bound == "range"``; ``value`` is the lower), else ``value``.
    step: the precision the writer gave, one unit of the last digit written ("29" 1,
    "4.75" 0.01, "4 million" 1e6; a round thousand to its thousands, "31,000" 1,000;
    0 for a fraction in words, which is exact).
    """

    value: float
    unit: str
    bound: Bound
    start: int
    end: int
    text: str
    high: float = float("nan")
    step: float = 1.0

    def __post_init__(self) -> None:
        if self.high != self.high:  # NaN: not a range
            object.__setattr__(self, "high", self.value)


@dataclass(frozen=True, slots=True)
class _Figure:
    """A number found in the text before its unit is read: the pieces ranges are made of."""

    value: float
    step: float
    match: re.Match[str]
    scaled: bool


def quantities(text: str) -> tuple[Quantity, ...]:
    """The comparable figures of ``text``, in text order (see the module docstring for what is left out)."""
    return _quantities(text)


@functools.lru_cache(maxsize=65_536)
def _quantities(text: str) -> tuple[Quantity, ...]:
    shares = _shares(text)
    taken = [(q.start, q.end) for q in shares]
    figures = [
        f
        for f in (_figure(m) for m in _FIGURE.finditer(text))
        if f is not None and not any(a <= f.match.start() < b for a, b in taken)
    ]
    found = list(shares)
    found += [Quantity(0.0, _DISSENT, "exact", m.start(), m.end(), m.group(0)) for m in _UNANIMOUS.finditer(text)]
    k = 0
    while k < len(figures):
        first = figures[k]
        second = figures[k + 1] if k + 1 < len(figures) else None
        vote = _vote_tally(text, first, second) if second is not None else None
        if vote is not None:
            found.append(vote)
            k += 2
            continue
        joint = _range_joint(text, first, second) if second is not None else None
        if joint == "tally":
            k += 2  # "a 5-2 vote": neither number counts anything on its own
            continue
        if second is not None and joint == "range":
            low = first.value
            if second.scaled and not first.scaled and low * _scale_factor(second.match) <= second.value:
                low *= _scale_factor(second.match)  # "between 1.3 and 1.7 million"
            quantity = _read(text, second, low=low, start=first.match.start(), step=max(first.step, second.step))
            if quantity is None:  # "from 3 to 5 percent": the first figure may carry the unit
                quantity = _read(text, first, low=low, start=first.match.start(), high=second)
            k += 2
        else:
            quantity = _read(text, first)
            k += 1
        if quantity is not None:
            found.append(quantity)
    return tuple(sorted(found, key=lambda q: q.start))


def _shares(text: str) -> list[Quantity]:
    """Shares in words, as percentages: "one in five", "1 out of 500", "one-third of", "half of".

    Read as "about": "one in five" is how a writer rounds 18 or 22 percent, not a
    claim of exactly 20.
    """
    found = []
    for match in _SHARE.finditer(text):
        parts, whole = _value(match.group("part")), _value(match.group("whole").replace(",", ""))
        if parts is None or whole is None or not 0 < parts < whole:
            continue
        found.append(_share(text, match, 100.0 * parts / whole))
    for match in _FRACTION_OF.finditer(text):
        fraction = match.group("fraction").lower()
        value = 0.5 if fraction == "half" else _value(fraction)
        if value is not None:
            found.append(_share(text, match, 100.0 * value))
    return found


def _share(text: str, match: re.Match[str], percent: float) -> Quantity:
    before = text[max(0, match.start() - 30) : match.start()].lower()
    bound = _bound(before)
    return Quantity(
        percent,
        "percent",
        "about" if bound == "exact" else bound,
        match.start(),
        match.end(),
        match.group(0),
        step=0.0,
    )


def _figure(match: re.Match[str]) -> _Figure | None:
    raw = match.group("value")
    value = _value(raw)
    if value is None:
        return None
    factor = _scale_factor(match)
    digits = raw.replace(",", "")
    if digits[:1].isdigit():
        decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
        step = 10.0**-decimals
        zeros = len(digits) - len(digits.rstrip("0")) if not decimals else 0
        if zeros >= 3:
            # A round thousand is a rounded figure: "31,000" is 31,200 rounded, to the
            # thousand; a single digit ("10,000") is read as two ("10" thousand, not 1).
            significant = len(digits) - zeros
            step = 10.0 ** (zeros if significant >= 2 else zeros - 1)
    else:
        step = 1.0 if _value_is_whole_word(raw) else 0.0
    return _Figure(value * factor, step * factor, match, bool(match.group("scale")))


def _value_is_whole_word(raw: str) -> bool:
    return not any(word in _FRACTIONS for word in re.split(r"[-\s]+", raw.lower()))


def _scale_factor(match: re.Match[str]) -> float:
    """What a figure's scale word multiplies it by ("million" 1e6, "bn" 1e9; 1 without one)."""
    scale = (match.group("scale") or "").lower()
    return _SCALES.get(scale, 1e9 if scale == "bn" else 1e6 if scale == "m" else 1.0)


def _vote_tally(text: str, first: _Figure, second: _Figure) -> Quantity | None:
    """A vote's tally ("a 5-2 vote", "voted 5 to 2") as its losing side: the dissenting votes; None for another pair."""
    between = text[first.match.end() : second.match.start()].strip().lower()
    if between not in {"-", "–", "—", "to"}:
        return None
    before = text[max(0, first.match.start() - 20) : first.match.start()]
    if not (_VOTE_AFTER.match(text, second.match.end()) or _VOTE_BEFORE.search(before)):
        return None
    start, end = first.match.start(), second.match.end()
    return Quantity(min(first.value, second.value), _DISSENT, "exact", start, end, text[start:end])


def _range_joint(text: str, first: _Figure, second: _Figure) -> str | None:
    """How two neighbouring figures are joined: "range" ("3 to 5", "between 3 and 5"), "tally" ("5-2"), or None."""
    between = text[first.match.end() : second.match.start()]
    dash = _RANGE_DASH.fullmatch(between)
    if dash:
        if dash.group("unit") and not text[second.match.end() :].lower().lstrip().startswith(
            dash.group("unit").lower()
        ):
            return None  # "1.8 degrees to 6.3 degrees" is a range; "10 people to 12 homes" is not
        if first.value < second.value:
            return "range"
        return "tally" if not between.strip() or between.strip() in "-–—" else None
    if _RANGE_AND.fullmatch(between) and text[: first.match.start()].rstrip().lower().endswith("between"):
        return "range" if first.value < second.value else None
    return None


def _read(
    text: str,
    figure: _Figure,
    low: float | None = None,
    start: int | None = None,
    step: float | None = None,
    high: _Figure | None = None,
) -> Quantity | None:
    """The quantity a figure (or a range ending at ``figure``, or starting at it up to ``high``) states."""
    match = figure.match
    begin = match.start() if start is None else start
    before = text[max(0, begin - 30) : begin].lower()
    unit = _unit(match, text, before)
    if unit is None:
        return None
    value = figure.value if low is None else low
    top = figure.value if high is None else high.value
    precision = figure.step if step is None else step
    if unit == "basis_point":
        value, top, precision, unit = value / 100.0, top / 100.0, precision / 100.0, "point"
    end = match.end() if high is None else high.match.end()
    if unit == "money":
        unit = _money_rate(text, end)
    if unit in _HOURS:  # "24 hours" against "at least two days"
        factor = _HOURS[unit]
        value, top, precision, unit = value * factor, top * factor, precision * factor, "duration in hours"
    bound: Bound = "range" if low is not None else _bound(before)
    return Quantity(value, unit, bound, begin, end, text[begin:end], high=top, step=precision)


def _money_rate(text: str, end: int) -> str:
    """ "money", or "money per <thing>" for a price per day, month, share ("$90 a month", "$33 billion-a-year")."""
    rate = _RATE.match(text, end)
    if rate is None:
        return "money"
    thing = rate.group(1).lower()
    return "money per " + (thing[:-1] if thing.endswith("s") and len(thing) > 3 else thing)


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
    """Whether two figures of one unit can describe the same fact.

    Two of one kind agree only when they give the same value (at the coarser one's
    precision; "about" allows 15%): "at least nine" and "at least 14" disagree. Two of
    different kinds agree when the values each allows overlap: "more than 750" and
    "nearly 800", "217" and "more than 200", "4 percent" and "between 3 and 5 percent".
    """
    if q.bound == r.bound:
        if q.bound == "about":
            return _close(q.value, r.value, _APPROXIMATE)
        return _same_value(q.value, q.step, r.value, r.step) and _same_value(q.high, q.step, r.high, r.step)
    low_q, high_q = _allowed(q)
    low_r, high_r = _allowed(r)
    return low_q <= high_r and low_r <= high_q


def _allowed(q: Quantity) -> tuple[float, float]:
    """The values a figure allows, its precision included."""
    if q.bound == "at_least":
        return q.value, math.inf
    if q.bound == "at_most":
        return -math.inf, q.value
    if q.bound == "about":
        return q.value * (1 - _APPROXIMATE), q.high * (1 + _APPROXIMATE)
    return q.value - q.step / 2, q.high + q.step


def _same_value(a: float, step_a: float, b: float, step_b: float) -> bool:
    """Equal at the coarser precision: rounded ("4 million" / 3.9 million) or cut short ("29" / 29.6)."""
    if _close(a, b, 1e-9):
        return True
    coarse, fine, step = (a, b, step_a) if step_a >= step_b else (b, a, step_b)
    if step <= 0:
        return False
    return abs(fine - coarse) <= step / 2 + 1e-9 * step or coarse <= fine < coarse + step


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
    if _AGAINST.match(text, match.end()):
        return _DISSENT
    previous = _WORD.findall(before)
    if previous and previous[-1] in _MONTHS:
        return None  # "March 3"
    if _AGE.match(text, match.end()):
        return "years old"  # "a 21-year-old student": an age, not a count of years
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
    if unit in {"square", "sq", "cubic"} and len(words) > 1:
        # "20,000 square km" is not "12,000 square miles".
        return ("cubic " if unit == "cubic" else "square ") + _LENGTHS.get(str(words[1]), str(words[1]))
    if unit in {"degree", "degrees"}:
        # A scale kept apart: "3 degrees centigrade" is not "3 degrees Fahrenheit", and a
        # bare "degrees" could be either.
        scale = words[1] if len(words) > 1 else ""
        return "degree F" if scale in {"fahrenheit", "f"} else "degree C" if scale in _CELSIUS else "degree"
    if len(unit) < 3 or unit in _NOT_UNITS:
        return None
    unit = str(_UNIT_FORMS.get(unit, unit))
    return unit[:-1] if unit.endswith("s") and not unit.endswith("ss") and len(unit) > 3 else unit


def _bound(before: str) -> Bound:
    tail = before.rstrip().rstrip("$€£").rstrip()
    for phrases, bound in ((_LOWER, "at_least"), (_UPPER, "at_most"), (_ABOUT, "about")):
        if any(tail.endswith(p) for p in phrases):
            return bound  # type: ignore[return-value]
    return "exact"
