"""Disputes: another article reports a summary sentence's claim with a different figure.

"At least nine people died" against "at least 14 people died", "129 members of
parliament were arrested" against "194 members of parliament are among the arrested":
the same claim, two figures, and a reader should know. Most pairs whose figures
conflict are not that, though: in a cluster about one event, sentences that share a
unit ("people", "percent") are mostly about different things ("36 soldiers were killed"
/ "30,000 troops are in the area", "crime fell 4 percent" / "murders fell 44 percent").
So a pair with conflicting figures (``quantities.conflicting``) is a dispute only when a
small logistic model, fitted by ``summarizer.tools.corroboration`` on pairs labelled by
hand, finds it likely that the two sentences make one claim apart from the figures.

What tells the two apart, besides what corroboration reads (cosine, coverage of each
sentence's content words by the other, the margin over the article's runner-up, another weekday named):

- the corroboration model's own log-odds with the figures taken as agreeing (does the
  rest of the sentence state the claim?);
- the words around the two conflicting figures: "killed 247 people" / "killed 213
  people" share them, "wife of 18 years" / "in Congress for 20 years" do not;
- how far apart the values are: rival reports of one count are close (247 / 248,
  10,500 / 20,500 miles), different counts of one unit often far apart (168 / 155,000);
- another figure the two share, and years named on both sides with none in common
  (a statistic of 1997 against one of 1998 is an update, not a dispute).

A negation next to the figure on one side only is never a dispute: it makes another
claim ("21 states have such laws" / "19 states do not have them"). The stage does not
score such pairs (``one_sided_negation``); a negation elsewhere in a long sentence ("...
while 20 have laws that do not") does not count.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from . import dispute_fit
from .lexical import content_words, negation_cues
from .logistic_model import LogisticModel
from .quantities import Quantity, same_figures

__all__ = ["DISPUTE_FEATURES", "PAIR_COLUMNS", "DisputeModel", "dispute_features", "one_sided_negation"]

# The corroboration features a dispute reads as they are (names of ``corroboration.FEATURES``).
PAIR_COLUMNS = ("cosine", "claim_coverage", "reverse_coverage", "margin", "other_day")
DISPUTE_FEATURES = (
    "cosine",
    "least_coverage",
    "most_coverage",
    "margin",
    "other_day",
    "claim_logit",
    "figure_context",
    "figure_ratio",
    "shared_figure",
    "other_year",
)
# Characters either side of a figure read as its context: about five words, the
# phrase that says what is counted and what happened to it.
CONTEXT_CHARS = 30
# Characters after a conflicting figure in which a negation is taken to negate what it counts.
NEGATION_CHARS = 60
# |log| of the value ratio given when no two conflicting figures share a unit, and its cap.
_FAR = 5.0
_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")
_DIGIT = re.compile(r"\d")

Figures = tuple[tuple[Quantity, ...], tuple[Quantity, ...]]


@dataclass(frozen=True, slots=True)
class DisputeModel(LogisticModel):
    """Logistic regression over ``DISPUTE_FEATURES``: the probability that a pair with conflicting figures is one claim.

    threshold: the decision point, the lowest at which the cross-validated precision of
    the flags reached 0.9 on the labelled pairs.
    """

    FEATURES: ClassVar[tuple[str, ...]] = DISPUTE_FEATURES

    @classmethod
    def fitted(cls) -> DisputeModel:
        """The model shipped with the package (``dispute_fit``)."""
        return cls.from_module(dispute_fit)


def dispute_features(
    claim_text: str,
    other_texts: Sequence[str],
    figures: Sequence[Figures],
    pair: NDArray[np.float64],
    claim_logit: NDArray[np.float64],
    idf: Mapping[str, float],
) -> NDArray[np.float64]:
    """float64 (m, len(DISPUTE_FEATURES)) for m pairs of the claim with ``other_texts``.

    figures:     per pair, ``quantities.conflicting(claim_text, other)`` (non-empty).
    pair:        float64 (m, len(PAIR_COLUMNS)), those corroboration features of each pair.
    claim_logit: float64 (m,), the corroboration model's log-odds with the figures taken as agreeing.
    idf:         the cluster's inverse sentence frequency of content words.
    """
    result = np.zeros((len(other_texts), len(DISPUTE_FEATURES)), dtype=np.float64)
    column = {name: c for c, name in enumerate(DISPUTE_FEATURES)}
    taken = {name: c for c, name in enumerate(PAIR_COLUMNS)}
    for name in ("cosine", "margin", "other_day"):
        result[:, column[name]] = pair[:, taken[name]]
    coverage = pair[:, [taken["claim_coverage"], taken["reverse_coverage"]]]
    result[:, column["least_coverage"]] = coverage.min(axis=1, initial=1.0)
    result[:, column["most_coverage"]] = coverage.max(axis=1, initial=0.0)
    result[:, column["claim_logit"]] = claim_logit
    claim_years = frozenset(_YEAR.findall(claim_text))
    for k, (other, found) in enumerate(zip(other_texts, figures, strict=True)):
        context, ratio = _closest_figures(claim_text, other, found, idf)
        years = frozenset(_YEAR.findall(other))
        row = result[k]
        row[column["figure_context"]] = context
        row[column["figure_ratio"]] = ratio
        row[column["shared_figure"]] = 1.0 if same_figures(claim_text, other) else 0.0
        row[column["other_year"]] = 1.0 if claim_years and years and not claim_years & years else 0.0
    return result


def one_sided_negation(first: str, second: str, figures: Figures) -> bool:
    """Whether exactly one of the texts negates what its conflicting figures count (a negation near one of them)."""
    return _negated_near(first, figures[0]) != _negated_near(second, figures[1])


def _negated_near(text: str, found: Sequence[Quantity]) -> bool:
    # The predicate of a counted subject follows it: "Nineteen states, including New
    # York, do not have..."; what comes before the figure rarely negates it.
    # "40 people died, not only in the capital" negates nothing: the idioms that
    # ``lexical.negated_words`` skips are skipped here too.
    cues = negation_cues(text)
    return any(q.start <= start and end <= q.end + NEGATION_CHARS for q in found for start, end in cues)


def _closest_figures(first: str, second: str, figures: Figures, idf: Mapping[str, float]) -> tuple[float, float]:
    """(best context overlap, smallest |log value ratio|) over the conflicting figures of one unit."""
    context, ratio = 0.0, _FAR
    for q in figures[0]:
        for r in figures[1]:
            if q.unit != r.unit:
                continue
            context = max(context, _overlap(_context(first, q), _context(second, r), idf))
            ratio = min(ratio, _log_ratio(q, r))
    return context, ratio


def _context(text: str, q: Quantity) -> frozenset[str]:
    """The content words (figures left out) within ``CONTEXT_CHARS`` of a figure."""
    window = text[max(0, q.start - CONTEXT_CHARS) : q.end + CONTEXT_CHARS]
    return frozenset(w for w in content_words(window) if not _DIGIT.match(w))


def _overlap(mine: frozenset[str], theirs: frozenset[str], idf: Mapping[str, float]) -> float:
    """IDF-weighted share of the smaller context that the other holds."""
    smaller = min(sum(idf.get(w, 1.0) for w in mine), sum(idf.get(w, 1.0) for w in theirs))
    if smaller <= 0:
        return 0.0
    return min(1.0, sum(idf.get(w, 1.0) for w in mine & theirs) / smaller)


def _log_ratio(q: Quantity, r: Quantity) -> float:
    a, b = (q.value + q.high) / 2, (r.value + r.high) / 2
    if a <= 0 or b <= 0:
        return _FAR if a != b else 0.0
    return min(_FAR, abs(math.log(a / b)))
