"""Word-level features of sentences: content words and their overlap.

Embedding cosine alone does not separate a paraphrase ("Trump urged Putin not to
escalate") from a merely related sentence ("Putin congratulated Trump"): both
score high. Shared content words are the second opinion the grouping and the
redundancy checks use, and the numbers a sentence states are a veto: "27 killed"
and "140 injured" embed close together but are different claims.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "NEGATION",
    "STOPWORDS",
    "STOP_MARK",
    "content_words",
    "negated_words",
    "negation_cues",
    "numbers",
    "numbers_agree_matrix",
    "overlap_matrix",
    "stem",
    "surface_words",
]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# A negation: what turns a claim into another one ("did not vote", "denied", "never").
NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|neither|nor|without|denied|denies|deny|refused)\b|n['’]t\b", re.IGNORECASE
)
# Cues that negate nothing that follows them: "not only X but also Y", "whether or not",
# "if not more", "no doubt". A sentence-wide test read "Trump not only stressed the US
# military presence" as the negation of "Trump emphasized the US military presence".
_NOT_NEGATING = re.compile(
    r"\bnot\s+(?:only|just|merely|simply)\b|\bwhether\s+or\s+not\b|\bif\s+not\b|\bno\s+(?:doubt|matter)\b",
    re.IGNORECASE,
)
# Where a negation's reach ends: the end of its clause.
_CLAUSE_END = re.compile(
    r"[,;:.!?\"“”()—–]|\b(?:but|and|while|although|though|because|which|who|whom|whose|that|when|where)\b",
    re.IGNORECASE,
)
# A negation reaches at most this many content words after its cue.
NEGATION_REACH = 6
# Digits with their thousands separators and decimal point: "40,000", "4.5", "2021".
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Rewrites spell small numbers either way ("three-kilometre" vs "3 km"). "one" is left
# out: it is more often a pronoun ("one of the...") than a count.
_NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
    if word != "one"
}

# A short English stop list: function words that say nothing about the claim.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    said says say told according reported reportedly mr mrs ms s t
    """.split()
)


def stem(word: str) -> str:
    """A deliberately light suffix stripper: enough to match 'talks'/'talk', 'urged'/'urges'.

    A final 'e' is dropped as well, so that 'drone'/'drones' and 'score'/'scores' (which
    lose 'es') meet their singulars, and 'urge'/'urged' meet.
    """
    for suffix, minimum in (("ies", 5), ("ing", 6), ("ed", 5), ("es", 5), ("s", 4)):
        if word.endswith(suffix) and len(word) >= minimum:
            if suffix == "ies":
                return word[:-3] + "y"
            if suffix == "s" and word.endswith(("ss", "'s")):
                break
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) >= 4:
        return word[:-1]
    return word


def negated_words(text: str) -> frozenset[str]:
    """The content words (as ``content_words`` forms them) that a negation of ``text`` reaches.

    A negation reaches the first ``NEGATION_REACH`` content words after its cue, up to the
    end of its clause: "officials did not confirm the toll, which rose" reaches
    {"confirm", "toll"}. Idioms that negate nothing ("not only", "whether or not") are
    skipped. Two sentences contradict each other when one negates a word they share and
    the other does not; a negation elsewhere in a long sentence ("..., though he gave no
    details") is about another thing.
    """
    plain = _without_idioms(text)
    reached: set[str] = set()
    for cue in NEGATION.finditer(plain):
        clause = plain[cue.end() :]
        end = _CLAUSE_END.search(clause)
        reached.update(content_words(clause[: end.start()] if end else clause)[:NEGATION_REACH])
    return frozenset(reached)


def negation_cues(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the negation cues of ``text``, the idioms that negate nothing left out."""
    return [cue.span() for cue in NEGATION.finditer(_without_idioms(text))]


def _without_idioms(text: str) -> str:
    # Blanked rather than cut, so that offsets into the text stay as they were.
    return _NOT_NEGATING.sub(lambda idiom: " " * len(idiom.group()), text)


def content_words(text: str) -> tuple[str, ...]:
    """Lower-cased, lightly stemmed words of ``text`` that are not stop words, in order."""
    forms = map(_content_form, _WORD.findall(text))
    return tuple(form for form in forms if form)


# Marks a stop word in ``surface_words``. No content form can start with it: words are
# runs of letters and digits (``_WORD`` excludes "_"), so "_of" is never a content word.
STOP_MARK = "_"


def surface_words(text: str) -> tuple[str, ...]:
    """Every word of ``text`` in order: content words as ``content_words`` forms them, stop words
    lower-cased behind ``STOP_MARK`` ("_of", "_the"), so that bigrams can span them as ROUGE's do."""
    return tuple(_content_form(raw) or _stop_form(raw) for raw in _WORD.findall(text))


@functools.lru_cache(maxsize=4_096)
def _stop_form(raw: str) -> str:
    return STOP_MARK + _plain(raw)


def _plain(raw: str) -> str:
    """One word lower-cased, with a straight apostrophe and without the possessive:
    "America's" says no more about a claim than "America"."""
    return raw.lower().replace("’", "'").removesuffix("'s")


# Words repeat across the sentences of a cluster and across clusters: remembering the
# form of each (bounded) made content words about 3x faster.
@functools.lru_cache(maxsize=65_536)
def _content_form(raw: str) -> str:
    """The stemmed content form of one word, or "" for a stop word."""
    word = _plain(raw)
    # Numbers such as 145 or 2014 tell claims apart; lone digits rarely do.
    if word in STOPWORDS or (word.isdigit() and len(word) == 1):
        return ""
    return stem(word)


def overlap_matrix(word_sets: Sequence[frozenset[str]]) -> NDArray[np.float32]:
    """Overlap coefficient |A & B| / min(|A|, |B|) for every pair: float32 (n, n), 1 on the diagonal.

    The overlap coefficient rather than Jaccard because a rewrite often drops or adds
    a clause: a short sentence fully contained in a longer one states the same thing.
    """
    incidence = _incidence(word_sets)
    sizes = incidence.sum(axis=1)
    result = _shared_counts(incidence)
    # In place, in float32: the (n, n) temporaries were most of the cost at thousands of
    # sentences. A sentence without words shares none, so 0 / max(0, 1) gives its 0.
    smaller = np.minimum.outer(sizes, sizes)
    np.maximum(smaller, 1.0, out=smaller)
    result /= smaller
    np.fill_diagonal(result, 1.0)
    return result


def numbers(text: str) -> frozenset[str]:
    """The numbers ``text`` states, normalised: "40,000" -> "40000", "three" -> "3", "4.5" stays."""
    found = {match.replace(",", "") for match in _NUMBER.findall(text)}
    found.update(_NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _NUMBER_WORDS)
    return frozenset(found)


def numbers_agree_matrix(number_sets: Sequence[frozenset[str]]) -> NDArray[np.bool_]:
    """bool (n, n), symmetric, True on the diagonal: whether two sentences' numbers can be one claim.

    They agree when the sentence with fewer numbers states none that the other lacks.
    Containment rather than equality because a rewrite may add a figure ("by 25 basis
    points, to 4.5%" restates "to 4.5 percent") but does not change one ("27 killed"
    against "140 injured"). A sentence with no numbers agrees with every sentence.
    """
    incidence = _incidence(number_sets)
    sizes = incidence.sum(axis=1)
    # Counts are small integers, exact in float32: "shared == smaller" is containment.
    agree: NDArray[np.bool_] = _shared_counts(incidence) == np.minimum.outer(sizes, sizes)
    np.fill_diagonal(agree, True)
    return agree


def _shared_counts(incidence: NDArray[np.float32]) -> NDArray[np.float32]:
    """float32 (n, n): how many items each pair of rows holds in common, off the diagonal.

    Only items held by two rows or more can be shared, so the others are dropped before
    the product: most words of a cluster occur once, and on a 100-article cluster this
    made the product about 6x faster. The diagonal is not a row's size; callers set it.
    """
    common = np.ascontiguousarray(incidence[:, incidence.sum(axis=0) >= 2])
    shared: NDArray[np.float32] = common @ common.T
    return shared


def _incidence(sets: Sequence[frozenset[str]]) -> NDArray[np.float32]:
    """float32 (n, vocabulary) 0/1 matrix: which item each set holds (at least one column)."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, items in enumerate(sets):
        for item in items:
            rows.append(i)
            cols.append(vocabulary.setdefault(item, len(vocabulary)))
    incidence = np.zeros((len(sets), max(len(vocabulary), 1)), dtype=np.float32)
    if rows:
        incidence[rows, cols] = 1.0
    return incidence
