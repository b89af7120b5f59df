"""Learned sentence importance: a linear model of how much of the references a sentence states.

Supervised sentence scoring in the manner of Hong & Nenkova (2014), "Improving the
estimation of word importance for news multi-document summarization" (RegSum), and
of the sentence regression of Li, Qian & Liu (2013), "Using supervised bigram-based
ILP for extractive summarization", ACL: each sentence of a training cluster is
labelled with the reference bigrams and words it contains, and a ridge regression
learns that label from features available at run time. The features are the
unsupervised signals the method already had (centroid or query cosine, position,
cross-article support, concepts) plus cheap surface ones (length, document frequency
of the words, numbers, names, paragraph) and a linear head on the sentence embedding
itself.

Deviations: one linear model over all features rather than RegSum's word-level
classifier; the label mixes bigram and unigram matches (``summarizer.tools.fitting``
says how); and the prediction replaces MMR's relevance term instead of feeding an
integer program. The weights are fitted by ``python -m summarizer.tools.fitting`` on
the development data and shipped as ``method/weights.py`` (a Python literal: the
method reads no files).

Pure array functions: no model, no files.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..documents import Sentence
from .concepts import ConceptRule, extract_concepts
from .lexical import numbers
from .relevance import article_ordinals, position_prior

__all__ = ["FEATURES", "LinearScorer", "cluster_features", "sentence_features"]

# The scalar features, in column order. Cluster-relative ones ("*_gap") are the
# distance to the cluster's best value, so one model serves clusters of any size.
FEATURES = (
    "target",
    "target_gap",
    "support",
    "support_gap",
    "position",
    "first",
    "relative_position",
    "paragraph",
    "words",
    "log_words",
    "word_df_mean",
    "word_df_sum",
    "bigram_df_sum",
    "bigram_df_density",
    "concept_score",
    "numbers",
    "capitals",
    "quote",
    "question",
)

_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
_QUOTES = ('"', "“", "”", "``", "''")


@dataclass(frozen=True, slots=True)
class LinearScorer:
    """A fitted ridge model: ``score = intercept + ((x - mean) / scale) @ coefficients + v @ embedding``.

    names:        the scalar feature of each coefficient (a subset of ``FEATURES``, in order).
    mean, scale:  per feature, the standardisation fitted with the coefficients.
    coefficients: per feature.
    embedding:    weights of the linear head on the unit sentence embedding (empty: none).
    intercept:    constant term.
    """

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coefficients: tuple[float, ...]
    embedding: tuple[float, ...]
    intercept: float

    def __post_init__(self) -> None:
        unknown = sorted(set(self.names) - set(FEATURES))
        if unknown:
            raise ValueError(f"unknown features {unknown}; allowed: {list(FEATURES)}")
        sizes = {len(self.names), len(self.mean), len(self.scale), len(self.coefficients)}
        if len(sizes) != 1:
            raise ValueError("names, mean, scale and coefficients must have one entry per feature")
        if any(s <= 0.0 for s in self.scale):
            raise ValueError("every scale must be positive")

    def score(self, features: NDArray[np.floating], vectors: NDArray[np.floating]) -> NDArray[np.float64]:
        """float64 (n,): the predicted label of each sentence.

        features: float (n, len(FEATURES)) from ``sentence_features``.
        vectors:  float (n, d) unit sentence embeddings. The head was fitted in one model's
                  space (all-MiniLM-L6-v2, d = 384); vectors of another width get the scalar
                  part alone, since a head means nothing in another space.
        """
        columns = [FEATURES.index(name) for name in self.names]
        x = (np.asarray(features, dtype=np.float64)[:, columns] - np.array(self.mean)) / np.array(self.scale)
        result: NDArray[np.float64] = self.intercept + x @ np.array(self.coefficients, dtype=np.float64)
        if self.embedding and vectors.ndim == 2 and vectors.shape[1] == len(self.embedding):
            result = result + np.asarray(vectors, dtype=np.float64) @ np.array(self.embedding, dtype=np.float64)
        return result


def cluster_features(
    sentences: Sequence[Sentence],
    words: Sequence[Sequence[str]],
    support: NDArray[np.floating],
    target: NDArray[np.floating],
    concepts: ConceptRule,
) -> NDArray[np.float64]:
    """float64 (n, len(FEATURES)): ``sentence_features`` with position and concepts computed here.

    support: float (n,) cross-article support (``relevance.cross_article_support``);
    target: float (n,) cosine to the centroid or query;
    concepts: the rule whose concept weights give ``concept_score``, over ``words`` (content
              words: the scorer in ``weights.py`` was fitted on bigrams of adjacent content
              words, whatever the rule's ``surface_bigrams`` says for the selection).
    """
    articles = np.array([s.article_index for s in sentences], dtype=np.intp)
    ordinals = article_ordinals(articles)
    scores = extract_concepts(words, articles.tolist(), concepts).sentence_scores()
    return sentence_features(sentences, words, target, support, position_prior(ordinals), ordinals, scores)


def sentence_features(
    sentences: Sequence[Sentence],
    words: Sequence[Sequence[str]],
    target: NDArray[np.floating],
    support: NDArray[np.floating],
    position: NDArray[np.floating],
    ordinals: NDArray[np.integer],
    concept_score: NDArray[np.floating],
) -> NDArray[np.float64]:
    """float64 (n, len(FEATURES)): the scalar features of each kept sentence, columns as ``FEATURES``.

    sentences:     the kept sentences, in article then text order.
    words:         per sentence, its content words in order (``lexical.content_words``).
    target:        float (n,) cosine to the centroid or the query.
    support:       float (n,) cross-article support (zeros when it is off).
    position:      float (n,) the position prior.
    ordinals:      int (n,) 0-based position of each sentence among the kept ones of its article.
    concept_score: float (n,) total weight of each sentence's concepts.
    """
    n = len(sentences)
    result = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if n == 0:
        return result
    articles = [s.article_index for s in sentences]
    n_articles = max(len(set(articles)), 1)
    word_df = _article_frequency([set(w) for w in words], articles, n_articles)
    bigram_df = _article_frequency([set(itertools.pairwise(w)) for w in words], articles, n_articles)
    kept_in_article: dict[int, int] = {}
    for a in articles:
        kept_in_article[a] = kept_in_article.get(a, 0) + 1
    tgt = np.asarray(target, dtype=np.float64)
    sup = np.asarray(support, dtype=np.float64)
    top_concepts = float(np.max(concept_score)) if len(concept_score) else 0.0
    column = {name: c for c, name in enumerate(FEATURES)}
    result[:, column["target"]] = tgt
    result[:, column["target_gap"]] = tgt - tgt.max()
    result[:, column["support"]] = sup
    result[:, column["support_gap"]] = sup - sup.max()
    result[:, column["position"]] = position
    result[:, column["concept_score"]] = np.asarray(concept_score) / top_concepts if top_concepts > 0 else 0.0
    for i, (s, toks) in enumerate(zip(sentences, words, strict=True)):
        count = s.word_count
        distinct = set(toks)
        bigrams = set(itertools.pairwise(toks))
        ordinal = int(ordinals[i])
        shares = [word_df[w] for w in distinct]
        bigram_sum = sum(bigram_df[b] for b in bigrams if bigram_df[b] * n_articles >= 2)
        row = result[i]
        row[column["first"]] = 1.0 if ordinal == 0 else 0.0
        row[column["relative_position"]] = ordinal / max(1, kept_in_article[s.article_index] - 1)
        row[column["paragraph"]] = 1.0 / math.sqrt(1.0 + s.paragraph)
        row[column["words"]] = count / 30.0
        row[column["log_words"]] = math.log(max(count, 1))
        row[column["word_df_mean"]] = sum(shares) / len(shares) if shares else 0.0
        row[column["word_df_sum"]] = sum(shares) / 10.0
        row[column["bigram_df_sum"]] = bigram_sum
        row[column["bigram_df_density"]] = bigram_sum / max(count, 1) * 10.0
        row[column["numbers"]] = min(len(numbers(s.text)), 3) / 3.0
        tokens = s.text.split()
        capitals = len(_CAPITALISED.findall(" ".join(tokens[1:])))
        row[column["capitals"]] = capitals / max(len(tokens) - 1, 1)
        row[column["quote"]] = 1.0 if any(q in s.text for q in _QUOTES) else 0.0
        row[column["question"]] = 1.0 if s.text.rstrip().endswith("?") else 0.0
    return result


def _article_frequency(sets: Sequence[set[object]], articles: Sequence[int], n_articles: int) -> dict[object, float]:
    """Share of the articles that contain each item of ``sets``."""
    seen: dict[object, set[int]] = {}
    for items, article in zip(sets, articles, strict=True):
        for item in items:
            seen.setdefault(item, set()).add(article)
    return {item: len(where) / n_articles for item, where in seen.items()}
