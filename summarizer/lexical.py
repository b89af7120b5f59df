"""Word-level features of sentences: content words and their overlap.

Embedding cosine alone does not separate a paraphrase ("Trump urged Putin not to
escalate") from a merely related sentence ("Putin congratulated Trump"): both
score high. Shared content words are the second opinion the grouping and the
redundancy checks use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["STOPWORDS", "content_words", "overlap_matrix", "stem"]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

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
    """A deliberately light suffix stripper: enough to match 'talks'/'talk', 'urged'/'urges'."""
    for suffix, minimum in (("ies", 5), ("ing", 6), ("ed", 5), ("es", 5), ("s", 4)):
        if word.endswith(suffix) and len(word) >= minimum:
            if suffix == "ies":
                return word[:-3] + "y"
            if suffix == "s" and word.endswith("ss"):
                return word
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> tuple[str, ...]:
    """Lower-cased, lightly stemmed words of ``text`` that are not stop words, in order."""
    kept: list[str] = []
    for raw in _WORD.findall(text):
        word = raw.lower().replace("’", "'")
        # Numbers such as 145 or 2014 tell claims apart; lone digits rarely do.
        if word in STOPWORDS or (word.isdigit() and len(word) == 1):
            continue
        kept.append(stem(word))
    return tuple(kept)


def overlap_matrix(word_sets: Sequence[frozenset[str]]) -> NDArray[np.float32]:
    """Overlap coefficient |A & B| / min(|A|, |B|) for every pair: float32 (n, n), 1 on the diagonal.

    The overlap coefficient rather than Jaccard because a rewrite often drops or adds
    a clause: a short sentence fully contained in a longer one states the same thing.
    """
    n = len(word_sets)
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, words in enumerate(word_sets):
        for w in words:
            rows.append(i)
            cols.append(vocabulary.setdefault(w, len(vocabulary)))
    incidence = np.zeros((n, max(len(vocabulary), 1)), dtype=np.float32)
    if rows:
        incidence[rows, cols] = 1.0
    shared = incidence @ incidence.T
    sizes = incidence.sum(axis=1)
    smaller = np.minimum.outer(sizes, sizes)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.where(smaller > 0, shared / np.maximum(smaller, 1.0), 0.0).astype(np.float32)
    np.fill_diagonal(result, 1.0)
    return result
