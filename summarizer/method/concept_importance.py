"""Concept weights learned from human summaries: how likely a summary is to state each concept.

ICSI (Gillick & Favre 2009) weights a concept by the number of articles that contain
it. Supervised concept weighting (Li, Qian & Liu 2013, "Using supervised bigram-based
ILP for extractive summarization", ACL; Hong & Nenkova 2014, "Improving the estimation
of word importance for news multi-document summarization", EACL) learns instead, from
human summaries, which concepts they keep. Here a logistic regression over a few
features of each concept in its cluster (how many articles and sentences carry it, how
early, how central those sentences are, whether a headline has it) predicts the share of
the human summaries that contain it, and that probability is the concept's weight in
the selection's coverage term.

The features read only the cluster; the numbers of the model are fitted by
``python -m summarizer.tools.concept_fitting`` and shipped in ``concept_weights.py``.
Pure functions over arrays and token tuples.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..documents import Article, Sentence
from . import concept_weights
from .concepts import ConceptRule, Concepts, concept_grams
from .logistic_model import log_odds, sigmoid
from .relevance import article_ordinals, position_prior

__all__ = ["FEATURES", "ConceptModel", "cluster_concept_features", "concept_features", "reweigh"]

# Per concept, in column order. Sentence statistics are over every sentence of the cluster
# that contains the concept (``Concepts.occurrences``), so they do not depend on the pool.
FEATURES = (
    "log_articles",  # log of the number of articles containing it
    "article_share",  # that number over the cluster's articles
    "unigram",  # 1 for a unigram concept, 0 for a bigram
    "log_sentences",  # log(1 + sentences containing it)
    "max_position",  # best position prior (1 / sqrt(1 + k)) of those sentences
    "mean_position",
    "max_target",  # best cosine to the centroid (or the query)
    "mean_target",
    "max_support",  # best cross-article support
    "number",  # 1 when one of its words is a number
    "in_title",  # 1 when an article's headline contains it
)


@dataclass(frozen=True, slots=True)
class ConceptModel:
    """Logistic regression over standardised ``FEATURES``: p = sigmoid(bias + weights . (x - mean) / scale)."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def __post_init__(self) -> None:
        if not len(self.weights) == len(self.mean) == len(self.scale) == len(FEATURES):
            raise ValueError(f"a concept model needs {len(FEATURES)} weights, means and scales")
        if any(s <= 0.0 for s in self.scale):
            raise ValueError("every scale must be positive")

    @classmethod
    def fitted(cls) -> ConceptModel:
        """The model shipped with the package (``concept_weights``)."""
        return cls(concept_weights.WEIGHTS, concept_weights.BIAS, concept_weights.MEAN, concept_weights.SCALE)

    def probability(self, features: NDArray[np.float64]) -> NDArray[np.float64]:
        """float64 (k,): the predicted share of human summaries that contain each concept."""
        return sigmoid(log_odds(features, self.weights, self.bias, self.mean, self.scale))


def concept_features(
    concepts: Concepts,
    n_articles: int,
    position: NDArray[np.floating],
    target: NDArray[np.floating],
    support: NDArray[np.floating],
    title_grams: Iterable[tuple[str, ...]],
) -> NDArray[np.float64]:
    """float64 (k, len(FEATURES)): the features of each concept.

    position, target, support: per sentence of the cluster (the sentences ``concepts`` was
    extracted from), its position prior, centroid (or query) cosine and cross-article
    support. title_grams: the n-grams of the articles' headlines (``concepts.concept_grams``).
    Every concept occurs in at least one sentence (``extract_concepts`` keeps only those in
    enough articles), so each maximum and mean is over one sentence or more.
    """
    k = len(concepts.grams)
    rows, cols = concepts.occurrences
    count = np.bincount(cols, minlength=k).astype(np.float64)

    def column_max(values: NDArray[np.floating]) -> NDArray[np.float64]:
        best = np.full(k, -np.inf)
        np.maximum.at(best, cols, np.asarray(values, dtype=np.float64)[rows])
        return best

    def column_mean(values: NDArray[np.floating]) -> NDArray[np.float64]:
        return np.bincount(cols, weights=np.asarray(values, dtype=np.float64)[rows], minlength=k) / count

    titles = set(title_grams)
    articles = concepts.articles.astype(np.float64)
    features = np.column_stack(
        [
            np.log(np.maximum(articles, 1.0)),
            articles / max(1, n_articles),
            np.array([len(g) == 1 for g in concepts.grams], dtype=np.float64),
            np.log1p(count),
            column_max(position),
            column_mean(position),
            column_max(target),
            column_mean(target),
            column_max(support),
            np.array([any(w[:1].isdigit() for w in g) for g in concepts.grams], dtype=np.float64),
            np.array([g in titles for g in concepts.grams], dtype=np.float64),
        ]
    )
    return features.reshape(k, len(FEATURES))


def reweigh(concepts: Concepts, probabilities: NDArray[np.float64], rule: ConceptRule) -> Concepts:
    """The same concepts weighted by the model's probabilities, times the rule's factor for
    unigrams (``ConceptRule.gram_factors``); a tiny floor keeps every weight positive."""
    if probabilities.shape != concepts.weights.shape:
        raise ValueError(f"{probabilities.shape[0]} probabilities for {concepts.weights.shape[0]} concepts")
    weights = np.maximum(probabilities * rule.gram_factors(concepts.grams), math.ulp(1.0))
    return Concepts(concepts.incidence, weights, concepts.grams, concepts.articles, concepts.occurrences)


def cluster_concept_features(
    concepts: Concepts,
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    target: NDArray[np.float64],
    support: NDArray[np.float64],
    rule: ConceptRule,
) -> NDArray[np.float64]:
    """``concept_features`` of the cluster's concepts over all its sentences (headlines read by ``rule``)."""
    article_of = np.array([s.article_index for s in sentences], dtype=np.intp)
    titles = {g for a in articles for g in concept_grams(rule.words(a.title or ""), unigrams=True)}
    position = position_prior(article_ordinals(article_of))
    return concept_features(concepts, len(np.unique(article_of)), position, target, support, titles)
