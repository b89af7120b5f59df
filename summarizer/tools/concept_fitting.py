"""Fit the concept-importance model (``method/concept_importance.py``) and write ``method/concept_weights.py``.

Every concept of a training cluster, extracted as the default pipeline extracts them
(bigrams of words not both stop words, and unigrams of content words, in enough
articles), is labelled with the share of the cluster's human references that contain
it, read with the same words and stemming as the concepts. A logistic regression (``logistic.fit_logistic``) learns
that share from ``concept_importance.concept_features``; the report gives its ranking
quality cross-validated by topic (every cluster of a DUC topic in one fold), next to the
article count ICSI weighs concepts by.

    python -m summarizer.tools.concept_fitting .data/eval/duc2006.jsonl .data/eval/duc2007_main.jsonl \\
        .data/eval/duc2007_update_abc.jsonl --out summarizer/method/concept_weights.py

Only the model's numbers and the training files' hashes are written; the data stays
where it is. Embeddings come from the evaluation's on-disk cache, as in the ablation.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..documents import Article
from ..embedder import Embedder
from ..method.concept_importance import FEATURES, ConceptModel, cluster_concept_features
from ..method.concepts import ConceptRule, concept_grams
from ..method.pipeline import (
    PipelineSettings,
    cluster_concepts,
    embed_sentences,
    extract_sentences,
    score_relevance,
    sentence_words,
    target_similarity,
)
from .fitting import file_sha256, topic, topic_folds, training_clusters
from .logistic import fit_logistic

__all__ = [
    "ConceptExamples",
    "auc",
    "cluster_concept_examples",
    "concept_labels",
    "cross_validated_concept_models",
    "fit_concept_model",
    "render_concept_weights",
]

DEFAULT_PENALTY = 1.0
# For the ranking report: a concept "matters" when at least half the references state it.
_MATTERS = 0.5


@dataclass(frozen=True, slots=True)
class ConceptExamples:
    """One cluster's concepts: features float64 (k, len(FEATURES)), labels and article counts (k,)."""

    cluster_id: str
    features: NDArray[np.float64]
    labels: NDArray[np.float64]
    articles: NDArray[np.int64]


def concept_labels(
    grams: Sequence[tuple[str, ...]], references: Sequence[str], rule: ConceptRule
) -> NDArray[np.float64]:
    """float64 (k,): the share of the references whose words, read as ``rule`` reads text, contain each concept."""
    if not references:
        raise ValueError("at least one reference summary is needed")
    held = [concept_grams(rule.words(reference), unigrams=True) for reference in references]
    return np.array([sum(g in h for h in held) / len(held) for g in grams], dtype=np.float64)


def cluster_concept_examples(
    cluster_id: str,
    articles: Sequence[Article],
    references: Sequence[str],
    embedder: Embedder,
    settings: PipelineSettings | None = None,
) -> ConceptExamples:
    """Features and labels of every concept of one cluster, computed as the pipeline computes them (generic)."""
    settings = settings or PipelineSettings()
    _, sentences = extract_sentences(articles, settings.length_bounds)
    vectors = embed_sentences(sentences, embedder)
    target = target_similarity(vectors, None, embedder)
    _, support, pool = score_relevance(sentences, vectors, target, settings)
    concepts = cluster_concepts(sentence_words(sentences), sentences, pool, settings)
    if concepts is None:
        raise ValueError("the settings have no concept term (concept_share is 0)")
    features = cluster_concept_features(concepts, articles, sentences, target, support, settings.concepts)
    labels = concept_labels(concepts.grams, references, settings.concepts)
    return ConceptExamples(cluster_id, features, labels, concepts.articles)


def fit_concept_model(examples: Sequence[ConceptExamples], penalty: float = DEFAULT_PENALTY) -> ConceptModel:
    fit = fit_logistic(np.vstack([e.features for e in examples]), np.concatenate([e.labels for e in examples]), penalty)
    return ConceptModel(fit.weights, fit.bias, fit.mean, fit.scale)


def cross_validated_concept_models(
    examples: Sequence[ConceptExamples], folds: int, penalty: float = DEFAULT_PENALTY
) -> dict[str, ConceptModel]:
    """For each topic, the model fitted on the other folds' clusters only."""
    fold_of = topic_folds([e.cluster_id for e in examples], folds)
    models: dict[str, ConceptModel] = {}
    for fold in range(folds):
        model = fit_concept_model([e for e in examples if fold_of[topic(e.cluster_id)] != fold], penalty)
        models.update({t: model for t, f in fold_of.items() if f == fold})
    return models


def auc(scores: NDArray[np.floating], positive: NDArray[np.bool_]) -> float:
    """The probability that a positive outranks a negative (ties count half): Mann-Whitney U over n+ n-."""
    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(positive, dtype=bool)
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if n_pos == 0 or n_neg == 0:
        raise ValueError("AUC needs positives and negatives")
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    # Average rank (1-based) of each distinct value, so that ties share their ranks.
    ends = np.cumsum(counts)
    average_rank = ends - (counts - 1) / 2.0
    rank_sum = float(average_rank[inverse][positive].sum())
    return (rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)


def read_concept_examples(paths: Sequence[str], embedder: Embedder) -> list[ConceptExamples]:
    """Every cluster of every file, in file order."""
    return [cluster_concept_examples(c, articles, refs, embedder) for c, articles, refs in training_clusters(paths)]


def report(examples: Sequence[ConceptExamples], folds: int, penalty: float) -> str:
    """Ranking quality of the cross-validated model against the article count, as text."""
    models = cross_validated_concept_models(examples, folds, penalty)
    predicted = np.concatenate([models[topic(e.cluster_id)].probability(e.features) for e in examples])
    labels = np.concatenate([e.labels for e in examples])
    matters = labels >= _MATTERS
    articles = np.concatenate([e.articles for e in examples]).astype(np.float64)
    return "\n".join(
        [
            f"{len(examples)} clusters, {len(labels)} concepts, {matters.mean():.3f} in half the references or more",
            f"AUC ({folds}-fold by topic): learned {auc(predicted, matters):.3f}; "
            f"article count {auc(articles, matters):.3f}",
            f"correlation with the label share: learned {np.corrcoef(predicted, labels)[0, 1]:.3f}; "
            f"article count {np.corrcoef(articles, labels)[0, 1]:.3f}",
        ]
    )


def render_concept_weights(model: ConceptModel, provenance: Sequence[str]) -> str:
    """The text of ``method/concept_weights.py``: one number per feature a line, and where they came from."""

    def column(values: Sequence[float]) -> str:
        return "(\n" + "".join(f"    {v:.6g},  # {name}\n" for v, name in zip(values, FEATURES, strict=True)) + ")"

    comment = "\n".join(f"# {line}" if line else "#" for line in provenance)
    return (
        '"""The concept-importance model shipped with the package (``concept_importance.ConceptModel``).\n\n'
        "Written by ``python -m summarizer.tools.concept_fitting``; do not edit by hand: refit instead.\n"
        'One number per feature of ``concept_importance.FEATURES``.\n"""\n\n'
        f"{comment}\n\nWEIGHTS = {column(model.weights)}\nBIAS = {model.bias:.6g}\n"
        f"MEAN = {column(model.mean)}\nSCALE = {column(model.scale)}\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    from .ablation import CACHE_DIR, reference_embedder

    parser = argparse.ArgumentParser(
        prog="python -m summarizer.tools.concept_fitting", description=__doc__.splitlines()[0]
    )
    parser.add_argument("data", nargs="+", metavar="DATA.jsonl", help="training clusters with references")
    parser.add_argument("--out", type=Path, default=None, help="write the model module here")
    parser.add_argument("--penalty", type=float, default=DEFAULT_PENALTY, help="L2 penalty of the logistic fit")
    parser.add_argument("--folds", type=int, default=5, help="report a cross-validation by topic with this many folds")
    args = parser.parse_args(argv)
    embedder = reference_embedder(CACHE_DIR)
    examples = read_concept_examples(args.data, embedder)
    embedder.save()
    text = report(examples, args.folds, args.penalty)
    print(text)
    if args.out is not None:
        model = fit_concept_model(examples, args.penalty)
        provenance = [f"Fitted with penalty={args.penalty:g} on {len(examples)} clusters:"]
        provenance += [f"  {Path(p).name} sha256 {file_sha256(p)[:16]}" for p in args.data]
        provenance += ["", *text.splitlines()]
        args.out.write_text(render_concept_weights(model, provenance), encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
