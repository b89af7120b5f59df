"""Fit the learned sentence scorer (``method/scoring.py``) on development data and write ``method/weights.py``.

Each kept sentence of a training cluster is labelled with how much of the human
references it states: the reference bigrams it contains (ROUGE-2 matches, clipped
counts, tokenised and stemmed exactly as the ``rouge-score`` scorer does), averaged
over the references, divided by the square root of its token count. The square root
follows the gain per word of ``selection.budgeted_mmr_select``: a plain count favours
long sentences, a plain density short empty ones. A ridge regression learns the label
from ``scoring.sentence_features`` and the sentence embedding; ``--folds`` reports
the same fit cross-validated by topic (every cluster of a DUC topic in one fold, so
the update clusters of a topic never train the model that scores its main cluster).

    python -m summarizer.tools.fitting .data/eval/duc2006.jsonl .data/eval/duc2007_main.jsonl \\
        .data/eval/duc2007_update_abc.jsonl --out summarizer/method/weights.py

The data stays where it is: only the fitted weights (and the training files' hashes) are
written. Embeddings come from the evaluation's on-disk cache, as in the ablation.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import itertools
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..documents import Article
from ..embedder import Embedder
from ..method.pipeline import PipelineSettings, embed_sentences, extract_sentences, sentence_words, target_similarity
from ..method.relevance import cross_article_support
from ..method.scoring import FEATURES, LinearScorer, cluster_features

__all__ = [
    "Examples",
    "cluster_examples",
    "file_sha256",
    "fit_scorer",
    "render_weights",
    "sentence_labels",
    "topic",
    "topic_folds",
    "training_clusters",
]

DEFAULT_ALPHA = 10.0


@dataclass(frozen=True, slots=True)
class Examples:
    """The training rows of one cluster: features float64 (n, len(FEATURES)), vectors float32 (n, d), labels (n,)."""

    cluster_id: str
    features: NDArray[np.float64]
    vectors: NDArray[np.float32]
    labels: NDArray[np.float64]


def cluster_examples(
    cluster_id: str,
    articles: Sequence[Article],
    references: Sequence[str],
    embedder: Embedder,
    settings: PipelineSettings | None = None,
    query: str | None = None,
) -> Examples:
    """Features and labels of every kept sentence of one cluster, computed as the pipeline computes them."""
    settings = settings or PipelineSettings()
    _, sentences = extract_sentences(articles, settings.length_bounds)
    vectors = embed_sentences(sentences, embedder)
    words = sentence_words(sentences)
    target = target_similarity(vectors, query, embedder)
    support = cross_article_support(vectors, np.array([s.article_index for s in sentences], dtype=np.intp))
    features = cluster_features(sentences, words, support, target, settings.concepts)
    labels = sentence_labels([s.text for s in sentences], references)
    return Examples(cluster_id, features, vectors, labels)


def sentence_labels(texts: Sequence[str], references: Sequence[str]) -> NDArray[np.float64]:
    """float64 (n,): clipped reference-bigram matches of each text, mean over references, over sqrt(tokens)."""
    if not references:
        raise ValueError("at least one reference summary is needed")
    tokenize = _tokenizer()
    reference_bigrams = [_bigrams(tokenize(r)) for r in references]
    labels = np.zeros(len(texts), dtype=np.float64)
    for i, text in enumerate(texts):
        tokens = tokenize(text)
        bigrams = _bigrams(tokens)
        matches = [sum(min(c, ref[g]) for g, c in bigrams.items() if g in ref) for ref in reference_bigrams]
        labels[i] = float(np.mean(matches)) / np.sqrt(max(len(tokens), 1))
    return labels


def fit_scorer(examples: Sequence[Examples], alpha: float = DEFAULT_ALPHA) -> LinearScorer:
    """Ridge regression (penalty ``alpha`` on every weight but the intercept) of the labels.

    Scalar features are standardised first; the embedding enters as it is (unit rows).
    """
    if not examples:
        raise ValueError("no training clusters")
    x = np.concatenate([e.features for e in examples])
    v = np.concatenate([e.vectors for e in examples]).astype(np.float64)
    y = np.concatenate([e.labels for e in examples])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0  # a constant column gets weight 0 through the penalty
    design = np.hstack([(x - mean) / scale, v, np.ones((x.shape[0], 1))])
    penalty = alpha * np.eye(design.shape[1])
    penalty[-1, -1] = 0.0
    w = np.linalg.solve(design.T @ design + penalty, design.T @ y)
    k = len(FEATURES)
    return LinearScorer(
        names=FEATURES,
        mean=tuple(float(m) for m in mean),
        scale=tuple(float(s) for s in scale),
        coefficients=tuple(float(c) for c in w[:k]),
        embedding=tuple(float(e) for e in w[k:-1]),
        intercept=float(w[-1]),
    )


def topic(cluster_id: str) -> str:
    """The DUC topic of a cluster id: ``D0703A-B`` (update cluster B of topic D0703A) -> ``D0703A``."""
    return cluster_id.split("-")[0]


def topic_folds(cluster_ids: Iterable[str], folds: int) -> dict[str, int]:
    """The fold of each topic: topics in sorted order, dealt round robin (deterministic)."""
    if folds < 2:
        raise ValueError(f"folds must be at least 2, got {folds!r}")
    topics = sorted({topic(c) for c in cluster_ids})
    return {t: i % folds for i, t in enumerate(topics)}


def cross_validated_scorers(
    examples: Sequence[Examples], folds: int, alpha: float = DEFAULT_ALPHA
) -> dict[str, LinearScorer]:
    """For each topic, the scorer fitted on the other folds' clusters only."""
    fold_of = topic_folds([e.cluster_id for e in examples], folds)
    scorers: dict[str, LinearScorer] = {}
    for fold in range(folds):
        scorer = fit_scorer([e for e in examples if fold_of[topic(e.cluster_id)] != fold], alpha)
        scorers.update({t: scorer for t, f in fold_of.items() if f == fold})
    return scorers


def render_weights(scorer: LinearScorer, provenance: Sequence[str]) -> str:
    """The text of ``method/weights.py``: the scorer as a Python literal (ruff- and mypy-clean)."""

    def floats(values: Sequence[float], indent: str) -> str:
        items = [f"{v:.6g}" for v in values]
        lines = [", ".join(items[i : i + 8]) + "," for i in range(0, len(items), 8)]
        return "\n".join(indent + line for line in lines)

    names = "\n".join(f'        "{n}",' for n in scorer.names)
    notes = "\n".join(f"# {line}" for line in provenance)
    return (
        '"""The fitted weights of the learned sentence scorer (``scoring.LinearScorer``).\n\n'
        "Written by ``python -m summarizer.tools.fitting``; do not edit by hand.\n"
        '"""\n\n'
        f"{notes}\n\n"
        "from __future__ import annotations\n\n"
        "from .scoring import LinearScorer\n\n"
        '__all__ = ["GENERIC"]\n\n'
        "GENERIC = LinearScorer(\n"
        f"    names=(\n{names}\n    ),\n"
        f"    mean=(\n{floats(scorer.mean, '        ')}\n    ),\n"
        f"    scale=(\n{floats(scorer.scale, '        ')}\n    ),\n"
        f"    coefficients=(\n{floats(scorer.coefficients, '        ')}\n    ),\n"
        f"    embedding=(\n{floats(scorer.embedding, '        ')}\n    ),\n"
        f"    intercept={scorer.intercept:.6g},\n"
        ")\n"
    )


def training_clusters(paths: Sequence[str]) -> Iterator[tuple[str, list[Article], tuple[str, ...]]]:
    """(cluster id, articles, references) of every cluster of every file, in file order."""
    from ..config import Settings
    from ..inputs import read_evaluation_set
    from ..schema import parse_cluster

    limits = Settings.from_env().limits
    for path in paths:
        for cluster in read_evaluation_set(path):
            yield cluster.id, parse_cluster(cluster.body, limits)[0], cluster.references


def read_examples(paths: Sequence[str], embedder: Embedder) -> list[Examples]:
    """Generic (no query) training rows of every cluster of every file, in file order."""
    return [cluster_examples(c, articles, refs, embedder) for c, articles, refs in training_clusters(paths)]


def top_share(examples: Sequence[Examples], score: Callable[[Examples], NDArray[np.float64]], k: int = 10) -> float:
    """Mean over clusters of the label of the top k sentences by ``score``, over the cluster's best label."""
    shares = []
    for e in examples:
        top = np.argsort(-score(e), kind="stable")[:k]
        best = float(e.labels.max())
        shares.append(float(e.labels[top].mean()) / best if best > 0 else 0.0)
    return float(np.mean(shares))


def main(argv: Sequence[str] | None = None) -> int:
    from ..embeddings.cache import CachedEmbedder
    from .ablation import CACHE_DIR, reference_embedder

    parser = argparse.ArgumentParser(prog="python -m summarizer.tools.fitting", description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="+", metavar="DATA.jsonl", help="training clusters with references")
    parser.add_argument("--out", type=Path, default=None, help="write the weights module here")
    parser.add_argument("--alpha", type=float, default=DEFAULT_ALPHA, help="ridge penalty")
    parser.add_argument("--folds", type=int, default=5, help="report a cross-validation by topic with this many folds")
    args = parser.parse_args(argv)
    embedder: CachedEmbedder = reference_embedder(CACHE_DIR)
    examples = read_examples(args.data, embedder)
    embedder.save()
    scorer = fit_scorer(examples, args.alpha)
    cv = cross_validated_scorers(examples, args.folds, args.alpha)
    print(f"{len(examples)} clusters, {sum(len(e.labels) for e in examples)} sentences")
    print(f"top-10 label share, centroid cosine: {top_share(examples, lambda e: e.features[:, 0]):.4f}")
    print(
        f"top-10 label share, learned ({args.folds}-fold by topic): "
        f"{top_share(examples, lambda e: cv[topic(e.cluster_id)].score(e.features, e.vectors)):.4f}"
    )
    if args.out is not None:
        provenance = [f"Fitted with alpha={args.alpha:g} on {len(examples)} clusters:"]
        provenance += [f"  {Path(p).name} sha256 {file_sha256(p)[:16]}" for p in args.data]
        args.out.write_text(render_weights(scorer, provenance), encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


def file_sha256(path: str) -> str:
    """The hex SHA-256 of a file: the provenance line a fitted weights module records."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _bigrams(tokens: Sequence[str]) -> collections.Counter[tuple[str, str]]:
    return collections.Counter(itertools.pairwise(tokens))


@lru_cache(maxsize=1)
def _tokenizer() -> Callable[[str], list[str]]:
    from rouge_score import tokenizers

    tokenizer = tokenizers.DefaultTokenizer(use_stemmer=True)
    return tokenizer.tokenize  # type: ignore[no-any-return]


if __name__ == "__main__":
    sys.exit(main())
