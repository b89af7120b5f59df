"""Bigram "concepts" weighted by how many articles state them.

Gillick & Favre (2009), "A scalable global model for summarization", ILP for NLP
workshop, NAACL; Gillick et al. (2009), "The ICSI/UTD summarization system at TAC
2009". A summary is scored by the distinct concepts it covers, each concept weighted
by the number of documents that contain it; concepts in fewer than a few documents
are dropped. That system (solved exactly as an integer program) is the strongest
ROUGE-2 system of its generation; here the same concepts feed a greedy selection.

Concepts are, as in the paper, bigrams of adjacent words that are not both stop words
("president of", "the senate"; not "of the"), over ``lexical.surface_words`` (light
stemming rather than Porter's); these are the bigrams ROUGE-2 counts. Given
``lexical.content_words`` instead, they are bigrams of adjacent content words, stop words
skipped ("president senate"), as this module once formed them. Deviations from the
paper: the document frequency threshold scales with the number of articles
(``ConceptRule``) so that a five-article cluster still has concepts; and unigrams of
content words may be added with a smaller weight, which the paper does not do.

Pure functions over token tuples: no model; ``ConceptRule.words`` reads text through ``lexical``.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .lexical import STOP_MARK, content_words, surface_words

__all__ = ["ConceptRule", "Concepts", "concept_grams", "extract_concepts"]


@dataclass(frozen=True, slots=True)
class ConceptRule:
    """Which n-grams count as concepts and how they are weighted.

    min_articles:       a concept must occur in at least this many articles ...
    min_article_share:  ... and in at least this share of them (rounded up); the larger wins.
    unigram_weight:     weight of content-word unigrams relative to bigrams (0: bigrams only).
    surface_bigrams:    bigrams over every word of the text, stop words included unless both
                        are (``lexical.surface_words``); False: over content words only.
                        Extraction reads the tokens it is given; callers choose them by this.
    """

    min_articles: int = 2
    min_article_share: float = 0.1
    unigram_weight: float = 0.0
    surface_bigrams: bool = True

    def __post_init__(self) -> None:
        if self.min_articles < 1:
            raise ValueError(f"min_articles must be at least 1, got {self.min_articles!r}")
        if not 0.0 <= self.min_article_share <= 1.0:
            raise ValueError(f"min_article_share must be within [0, 1], got {self.min_article_share!r}")
        if self.unigram_weight < 0.0:
            raise ValueError(f"unigram_weight must be non-negative, got {self.unigram_weight!r}")

    def words(self, text: str) -> tuple[str, ...]:
        """The words of ``text`` this rule's concepts are formed from (sentences, headlines, references)."""
        return surface_words(text) if self.surface_bigrams else content_words(text)

    def gram_factors(self, grams: Sequence[tuple[str, ...]]) -> NDArray[np.float64]:
        """float64 (k,): what each concept's weight is multiplied by: 1 for a bigram, ``unigram_weight``
        for a unigram, whatever the weight (article count or learned probability).

        A unigram is far likelier than a bigram to be in a summary (one that states a bigram
        holds both its words): unscaled, the coverage term would fill up with single words.
        """
        return np.array([1.0 if len(g) == 2 else self.unigram_weight for g in grams], dtype=np.float64)

    def threshold(self, n_articles: int) -> int:
        """The minimum number of articles for a concept in a cluster of ``n_articles``."""
        return max(self.min_articles, math.ceil(self.min_article_share * n_articles))


@dataclass(frozen=True, slots=True)
class Concepts:
    """Concepts of one cluster.

    incidence: bool (n_sentences, n_concepts), whether each sentence contains each concept.
    weights:   float64 (n_concepts,), positive: articles containing the concept (times
               ``unigram_weight`` for unigrams), unless reweighed (``concept_importance``).
    grams:     the concept of each column: a bigram or a unigram of content words.
    articles:  int (n_concepts,), how many articles contain each concept.
    occurrences: intp (2, m): for every sentence given (not only the incidence rows), the
               (sentence, concept column) pairs of the concepts it contains.
    """

    incidence: NDArray[np.bool_]
    weights: NDArray[np.float64]
    grams: tuple[tuple[str, ...], ...]
    articles: NDArray[np.int64]
    occurrences: NDArray[np.intp]

    def sentence_scores(self) -> NDArray[np.float64]:
        """float64 (n_sentences,): total weight of the distinct concepts of each sentence."""
        return self.incidence.astype(np.float64) @ self.weights


def concept_grams(words: Sequence[str], unigrams: bool) -> set[tuple[str, ...]]:
    """The n-grams of a word sequence that may be concepts: its bigrams, and its unigrams if asked.

    Words marked as stop words (``lexical.STOP_MARK``) join bigrams with a content word but
    never form one with each other, nor a unigram.
    """
    grams: set[tuple[str, ...]] = {
        (a, b) for a, b in itertools.pairwise(words) if not (a.startswith(STOP_MARK) and b.startswith(STOP_MARK))
    }
    if unigrams:
        grams.update((w,) for w in words if not w.startswith(STOP_MARK))
    return grams


def extract_concepts(
    tokens: Sequence[Sequence[str]],
    articles: Sequence[int],
    rule: ConceptRule,
    rows: Sequence[int] | NDArray[np.integer] | None = None,
) -> Concepts:
    """Concepts of sentences given their words and the article each belongs to.

    tokens:   per sentence, its words in order (``lexical.surface_words`` or ``content_words``).
    articles: per sentence, the index of its article (any integers).
    rows:     the sentences whose incidence rows to return, in this order (default all);
              weights always count the articles of every sentence.
    """
    if len(tokens) != len(articles):
        raise ValueError(f"{len(tokens)} token sequences but {len(articles)} article indices")

    # Each article's distinct n-grams, then how many articles hold each: one set update per
    # sentence rather than one dictionary entry per n-gram occurrence.
    unigrams = rule.unigram_weight > 0.0
    sentence_grams = [concept_grams(words, unigrams) for words in tokens]
    per_article: dict[int, set[tuple[str, ...]]] = {}
    for grams, article in zip(sentence_grams, articles, strict=True):
        per_article.setdefault(article, set()).update(grams)
    seen_in = Counter(g for grams in per_article.values() for g in grams)

    n_articles = len(set(articles))
    threshold = rule.threshold(n_articles) if n_articles > 1 else 1
    # Sorted so that the column order, and with it every tie, is independent of hashing.
    kept = sorted(g for g, count in seen_in.items() if count >= threshold)
    column = {g: c for c, g in enumerate(kept)}
    weights = np.array([seen_in[g] for g in kept], dtype=np.float64) * rule.gram_factors(kept)
    # Every sentence's concepts as (sentence, column) pairs: linear in the occurrences, where
    # a dense matrix of all sentences would be (n, k).
    columns = [[column[g] for g in grams if g in column] for grams in sentence_grams]
    occurrences = np.array(
        [np.repeat(np.arange(len(tokens)), [len(c) for c in columns]), [c for cs in columns for c in cs]],
        dtype=np.intp,
    ).reshape(2, -1)
    wanted = range(len(tokens)) if rows is None else [int(r) for r in rows]
    incidence = np.zeros((len(wanted), len(kept)), dtype=bool)
    for row, sentence in enumerate(wanted):
        if columns[sentence]:
            incidence[row, columns[sentence]] = True
    articles_of = np.array([seen_in[g] for g in kept], dtype=np.int64)
    return Concepts(incidence, weights, tuple(kept), articles_of, occurrences)
