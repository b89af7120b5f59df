"""Corroboration, after selection: which other articles state each summary sentence's claim, and which dispute it.

For every summary sentence (the claim) and every other article, the stage looks at
that article's few sentences closest to the claim, scores each as "states the claim"
with a small logistic model, and keeps the best. Above the decision threshold the
article corroborates the claim (``also_in``), unless the two sentences give the same
kind of figure different values (``quantities.conflicting``). Such a pair is judged
apart, by the dispute model (``disputes``): when it finds the two sentences make one
claim apart from the figures, the article disputes it (``disputed_by``), with the
figures that differ. A negation or another claim about the same entities is neither.

Why a model, and these features: fixed cosine thresholds on all-MiniLM-L6-v2 miss
most real rewrites (outlets restructure sentences; same-claim pairs sit at cosine
0.65-0.8 next to merely related ones). What separates them is asymmetric: does the
other sentence contain the claim's content, whatever it adds? So the features are
coverage of the claim (IDF-weighted content words, bigrams, names, figures), the
margins over each article's runner-up (Artetxe & Schwenk 2019 gained more than 10 F1
in bitext mining with margins instead of thresholds), cosine, a negation mismatch and
the length ratio. The weights are fitted by ``summarizer.tools.corroboration`` on
sentence pairs labelled by hand and shipped in ``corroboration_fit`` (a few numbers).

Selection keeps its own strict same-claim groups for redundancy; this stage does not
depend on them. Cost: each claim is compared with every kept sentence once (a row of
cosines) and with a few candidates per article in detail, so it grows linearly.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from ..documents import Sentence
from . import corroboration_fit
from .disputes import PAIR_COLUMNS, DisputeModel, dispute_features, one_sided_negation
from .grouping import SameClaimRule, same_claim_matrix
from .lexical import content_words, negated_words, numbers
from .logistic_model import LogisticModel
from .quantities import Quantity, conflicting, same_figures

__all__ = [
    "FEATURES",
    "ClaimEvidence",
    "ClusterText",
    "CorroborationModel",
    "Finding",
    "cluster_text",
    "corroborate",
    "neutral_logit",
    "pair_features",
    "states_claim",
]

FEATURES = (
    "cosine",
    "above_background",
    "margin",
    "reverse_margin",
    "claim_coverage",
    "reverse_coverage",
    "bigram_coverage",
    "name_coverage",
    "shared_figure",
    "word_overlap",
    "numbers_disagree",
    "same_claim_rule",
    "negation_mismatch",
    "other_day",
    "length_ratio",
)
# The strict same-claim rule of selection, one of the features (defaults of ``grouping``).
_STRICT = SameClaimRule()
# Sentences of each other article looked at in detail per claim, closest first.
CANDIDATES_PER_ARTICLE = 4
# No sentence further from the claim than this is looked at. Every labelled pair lies
# above it (they were drawn from cosine 0.45 up), and no pair below it was ever accepted
# on the development clusters: over 732 accepted on 103 clusters at 100 and 250 words,
# the lowest cosine was 0.70 (docs/scale.md).
CANDIDATE_FLOOR = 0.45

# Daily reports restate a claim for another day ("troops continued attacks on Tuesday" /
# "... on Friday"): two different days named make two different events likely.
_DAY = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight)\b", re.IGNORECASE
)
# A capitalised word that does not start a sentence: a name, most of the time.
_NAME = re.compile(r"(?<=[^\s.!?\"'“‘(]\s)[A-Z][\w'’-]+")


@dataclass(frozen=True, slots=True)
class CorroborationModel(LogisticModel):
    """Logistic regression over ``FEATURES``: the probability that a pair states one claim.

    threshold: the default decision point (chosen where precision reached 0.9 in
    cross-validation); ``Options.corroboration_threshold`` overrides it per request.
    """

    FEATURES: ClassVar[tuple[str, ...]] = FEATURES

    @classmethod
    def fitted(cls) -> CorroborationModel:
        """The model shipped with the package (``corroboration_fit``)."""
        return cls.from_module(corroboration_fit)


@dataclass(frozen=True, slots=True)
class SentenceText:
    """What the features read of one sentence besides its content words.

    bigrams: of its content words; names: stemmed capitalised words; negated: the content
    words a negation of it reaches (``lexical.negated_words``); numbers: as
    ``lexical.numbers`` reads them; days: the weekdays it names.
    """

    bigrams: frozenset[tuple[str, str]]
    names: frozenset[str]
    negated: frozenset[str]
    numbers: frozenset[str]
    days: frozenset[str]


class ClusterText:
    """What the features read of the kept sentences of a cluster.

    words: content words per sentence (every sentence: the IDF needs them all);
    idf: log inverse sentence frequency of each content word; article_of: int (n,)
    article index per sentence; members: each article's sentence indices, ascending,
    so that no feature scans all n. The rest (``sentence``) is read per sentence when
    first asked for: a claim is compared with a few sentences of each article, so most
    sentences of a big cluster are never read.
    """

    __slots__ = ("_ordered", "_read", "_texts", "article_of", "idf", "members", "words")

    def __init__(self, sentences: Sequence[Sentence], words: Sequence[Sequence[str]] | None = None) -> None:
        self._texts = [s.text for s in sentences]
        self._ordered = [tuple(w) for w in words] if words is not None else [content_words(t) for t in self._texts]
        self.words = tuple(frozenset(w) for w in self._ordered)
        self.article_of = np.array([s.article_index for s in sentences], dtype=np.intp)
        # Sentence frequency, not article frequency: a word every outlet uses in many
        # sentences ("Trump", "call") says little, one that names this claim says much.
        frequency = Counter(word for w in self.words for word in w)
        n = max(len(self.words), 1)
        self.idf = {word: math.log((n + 1) / (count + 0.5)) for word, count in frequency.items()}
        order = np.argsort(self.article_of, kind="stable")
        labels, starts = np.unique(self.article_of[order], return_index=True)
        self.members = {int(a): part for a, part in zip(labels.tolist(), np.split(order, starts[1:]), strict=True)}
        self._read: dict[int, SentenceText] = {}

    def sentence(self, i: int) -> SentenceText:
        """The features' view of sentence ``i`` (read once, then remembered)."""
        found = self._read.get(i)
        if found is None:
            text = self._texts[i]
            found = SentenceText(
                bigrams=frozenset(itertools.pairwise(self._ordered[i])),
                names=frozenset(content_words(" ".join(_NAME.findall(text)))),
                negated=negated_words(text),
                numbers=numbers(text),
                days=frozenset(d.lower() for d in _DAY.findall(text)),
            )
            self._read[i] = found
        return found


@dataclass(frozen=True, slots=True)
class Finding:
    """Another article's sentence judged against a claim: corroborating, or disputing with ``figures``."""

    sentence: int
    probability: float
    cosine: float
    figures: tuple[tuple[Quantity, ...], tuple[Quantity, ...]] = ((), ())


@dataclass(frozen=True, slots=True)
class ClaimEvidence:
    """For one claim: the articles that state it and those that give other figures, most probable first."""

    also_in: tuple[Finding, ...]
    disputed_by: tuple[Finding, ...]


def cluster_text(sentences: Sequence[Sentence], words: Sequence[Sequence[str]] | None = None) -> ClusterText:
    """The text features of a cluster's kept sentences; ``words``: their content words, if already known."""
    return ClusterText(sentences, words)


def pair_features(
    text: ClusterText,
    sentences: Sequence[Sentence],
    claim_cosine: NDArray[np.float32],
    claim: int,
    others: Sequence[int],
    reverse_cosine: NDArray[np.float32],
    background: float | None = None,
) -> NDArray[np.float64]:
    """float64 (len(others), len(FEATURES)): how well each of ``others`` states the claim of sentence ``claim``.

    claim_cosine:   float32 (n,), the claim's cosine to every kept sentence.
    reverse_cosine: float32 (len(others), k), each other's cosine to the k sentences of
                    the claim's article (``text.members``, in that order).
    background:     the claim's mean cosine to the sentences of other articles
                    (``claim_background``; computed here when not given).

    The cosine columns are computed for all pairs at once and the word columns pair by
    pair: a claim of a 1,000-article story has thousands of candidates.
    """
    picked = np.asarray(others, dtype=np.intp)
    result = np.zeros((picked.size, len(FEATURES)), dtype=np.float64)
    if picked.size == 0:
        return result
    if background is None:
        background = claim_background(text, claim_cosine, claim)
    cosine = claim_cosine[picked].astype(np.float64)
    # Runner-up in the other's article: its best sentence other than this one.
    runner_up = np.empty(picked.size, dtype=np.float64)
    article = text.article_of[picked]
    for b in np.unique(article).tolist():
        members = text.members[b]
        values = claim_cosine[members]
        top = int(np.argmax(values))
        second = float(np.max(np.delete(values, top))) if values.size > 1 else 0.0
        rows = np.flatnonzero(article == b)
        runner_up[rows] = np.where(picked[rows] == members[top], second, float(values[top]))
    own = text.members[int(text.article_of[claim])]
    at = int(np.searchsorted(own, claim))
    reverse = np.asarray(reverse_cosine, dtype=np.float64).reshape(picked.size, own.size)
    reverse_runner_up = np.delete(reverse, at, axis=1).max(axis=1) if own.size > 1 else np.zeros(picked.size)
    overlap = np.empty(picked.size, dtype=np.float64)
    agree = np.empty(picked.size, dtype=bool)
    mine, first = text.words[claim], text.sentence(claim)
    claim_text, claim_words = sentences[claim].text, max(sentences[claim].word_count, 1)
    column = {name: c for c, name in enumerate(FEATURES)}
    for k, other in enumerate(picked.tolist()):
        theirs, second_text = text.words[other], text.sentence(other)
        overlap[k] = len(mine & theirs) / max(min(len(mine), len(theirs)), 1)
        agree[k] = _numbers_agree(first.numbers, second_text.numbers)
        row = result[k]
        row[column["claim_coverage"]] = _coverage(mine, theirs, text.idf)
        row[column["reverse_coverage"]] = _coverage(theirs, mine, text.idf)
        row[column["bigram_coverage"]] = _share(first.bigrams, second_text.bigrams)
        row[column["name_coverage"]] = _share(first.names, second_text.names) if first.names else 1.0
        row[column["shared_figure"]] = 1.0 if same_figures(claim_text, sentences[other].text) else 0.0
        # One side negates what both say and the other does not: "did not confirm" / "confirmed".
        row[column["negation_mismatch"]] = (
            1.0 if bool(first.negated & theirs) != bool(second_text.negated & mine) else 0.0
        )
        row[column["other_day"]] = 1.0 if first.days and second_text.days and not first.days & second_text.days else 0.0
        row[column["length_ratio"]] = math.log(max(sentences[other].word_count, 1) / claim_words)
    # Selection's own rule, through its one definition, on these pairs.
    strict = same_claim_matrix(cosine[:, None], overlap[:, None], _STRICT, agree[:, None])[:, 0]
    result[:, column["cosine"]] = cosine
    result[:, column["above_background"]] = cosine - background
    result[:, column["margin"]] = cosine - runner_up
    result[:, column["reverse_margin"]] = reverse[:, at] - reverse_runner_up
    result[:, column["word_overlap"]] = overlap
    result[:, column["numbers_disagree"]] = ~agree
    result[:, column["same_claim_rule"]] = strict
    return result


def corroborate(
    claims: Sequence[int],
    sentences: Sequence[Sentence],
    vectors: NDArray[np.float32],
    model: CorroborationModel,
    threshold: float | None = None,
    text: ClusterText | None = None,
    disputes: DisputeModel | None = None,
    dispute_threshold: float | None = None,
) -> list[ClaimEvidence]:
    """For each claim (a kept-sentence index), the other articles' sentences that state or dispute it.

    vectors: float32 (n, d) unit rows of the kept sentences. Per article and claim at
    most one corroborating finding, its most probable sentence among those that pass
    selection's strict same-claim rule or whose probability reaches ``threshold``
    (default: the model's) and whose figures do not conflict with the claim's; and, when
    ``disputes`` is given, at most one disputing finding, its sentence with conflicting
    figures that the dispute model finds most likely to make the same claim, at or above
    ``dispute_threshold`` (default: that model's). Findings are ordered by probability, then article. Deterministic.
    """
    if not claims:
        return []
    text = text or cluster_text(sentences)
    cut = model.threshold if threshold is None else threshold
    claim_cosines = vectors[list(claims)] @ vectors.T
    evidence = []
    for row, claim in enumerate(claims):
        pairs = _candidates(claim_cosines[row], text.article_of, int(text.article_of[claim]))
        if not pairs:
            evidence.append(ClaimEvidence((), ()))
            continue
        # Each candidate's cosines to the claim's own article only: its runner-up there.
        own = text.members[int(text.article_of[claim])]
        reverse = vectors[pairs] @ vectors[own].T
        background = claim_background(text, claim_cosines[row], claim)
        features = pair_features(text, sentences, claim_cosines[row], claim, pairs, reverse, background)
        probabilities = model.probability(features)
        figures = [conflicting(sentences[claim].text, sentences[other].text) for other in pairs]
        accepted = states_claim(features, probabilities, cut)
        stated = [
            Finding(other, p, float(claim_cosines[row, other]))
            for p, keep, other, found in zip(probabilities.tolist(), accepted, pairs, figures, strict=True)
            if keep and not found[0]
        ]
        disputed = (
            _disputes(
                sentences[claim].text, sentences, pairs, features, figures, model, disputes, text, dispute_threshold
            )
            if disputes is not None
            else []
        )
        evidence.append(
            ClaimEvidence(
                tuple(_best_per_article(stated, text.article_of)), tuple(_best_per_article(disputed, text.article_of))
            )
        )
    return evidence


def _disputes(
    claim_text: str,
    sentences: Sequence[Sentence],
    pairs: Sequence[int],
    features: NDArray[np.float64],
    figures: Sequence[tuple[tuple[Quantity, ...], tuple[Quantity, ...]]],
    model: CorroborationModel,
    disputes: DisputeModel,
    text: ClusterText,
    threshold: float | None,
) -> list[Finding]:
    """The candidates whose figures conflict with the claim's and that the dispute model flags."""
    others = [sentences[other].text for other in pairs]
    rows = [k for k, found in enumerate(figures) if found[0] and not one_sided_negation(claim_text, others[k], found)]
    if not rows:
        return []
    picked = features[rows]
    columns = [FEATURES.index(name) for name in PAIR_COLUMNS]
    found = [figures[k] for k in rows]
    extra = dispute_features(
        claim_text, [others[k] for k in rows], found, picked[:, columns], neutral_logit(model, picked), text.idf
    )
    probability = disputes.probability(extra)
    return [
        Finding(pairs[k], float(p), float(picked[n, FEATURES.index("cosine")]), figures[k])
        for n, (k, p) in enumerate(zip(rows, probability.tolist(), strict=True))
        if p >= (disputes.threshold if threshold is None else threshold)
    ]


def neutral_logit(model: CorroborationModel, features: NDArray[np.float64]) -> NDArray[np.float64]:
    """The corroboration model's log-odds for pairs (rows of ``pair_features``) as if their figures agreed."""
    agreeing = features.copy()
    agreeing[:, FEATURES.index("numbers_disagree")] = 0.0
    agreeing[:, FEATURES.index("shared_figure")] = 1.0
    return model.logit(agreeing)


def _best_per_article(found: Sequence[Finding], article_of: NDArray[np.intp]) -> list[Finding]:
    """The most probable finding of each article, most probable first (then article, then sentence)."""
    best: dict[int, Finding] = {}
    for f in found:
        a = int(article_of[f.sentence])
        if a not in best or f.probability > best[a].probability:
            best[a] = f
    return sorted(best.values(), key=lambda f: (-f.probability, int(article_of[f.sentence]), f.sentence))


def states_claim(
    features: NDArray[np.float64], probabilities: NDArray[np.float64], threshold: float, rule: bool = True
) -> list[bool]:
    """Per pair (rows of ``pair_features``): does the other sentence state the claim?

    Yes when it passes selection's strict same-claim rule (measured on the labelled
    pairs, the model adds recall below the rule, not precision above it) or reaches the
    probability ``threshold``; never when one of the two negates what both say and the other does not.
    rule=False: the model alone decides (the tools measure that alternative).
    """
    sure = features[:, FEATURES.index("same_claim_rule")] > 0.5 if rule else np.zeros(len(features), dtype=bool)
    negation = features[:, FEATURES.index("negation_mismatch")] > 0.5
    return [bool(x) for x in (sure | (probabilities >= threshold)) & ~negation]


def _candidates(cosines: NDArray[np.float32], article_of: NDArray[np.intp], own: int) -> list[int]:
    """The ``CANDIDATES_PER_ARTICLE`` sentences closest to the claim in each other article, closest first.

    Only sentences at cosine ``CANDIDATE_FLOOR`` or more: in a 1,000-article cluster most
    articles hold nothing near a given claim, and reading them all was most of the stage.
    """
    near = np.flatnonzero((cosines >= CANDIDATE_FLOOR) & (article_of != own))
    near = near[np.argsort(-cosines[near], kind="stable")]
    taken: dict[int, int] = {}
    chosen = []
    for i, a in zip(near.tolist(), article_of[near].tolist(), strict=True):
        if taken.get(a, 0) < CANDIDATES_PER_ARTICLE:
            taken[a] = taken.get(a, 0) + 1
            chosen.append(i)
    return chosen


def claim_background(text: ClusterText, claim_cosine: NDArray[np.float32], claim: int) -> float:
    """The claim's mean cosine to the kept sentences of the other articles (0 when there are none)."""
    own = text.members[int(text.article_of[claim])]
    others = claim_cosine.shape[0] - own.size
    if others <= 0:
        return 0.0
    return float((claim_cosine.sum(dtype=np.float64) - claim_cosine[own].sum(dtype=np.float64)) / others)


def _coverage(mine: frozenset[str], theirs: frozenset[str], idf: dict[str, float]) -> float:
    """IDF-weighted share of ``mine`` that ``theirs`` holds (1 for an empty ``mine``)."""
    total = sum(idf.get(w, 1.0) for w in mine)
    if total <= 0:
        return 1.0
    return sum(idf.get(w, 1.0) for w in mine & theirs) / total


def _numbers_agree(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """As ``lexical.numbers_agree_matrix``: the one with fewer numbers states none the other lacks."""
    return mine <= theirs or theirs <= mine


def _share(mine: frozenset[object], theirs: frozenset[object]) -> float:
    return len(mine & theirs) / len(mine) if mine else 0.0
