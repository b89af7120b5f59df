"""Fit and measure the corroboration model on sentence pairs labelled by hand.

    python -m summarizer.tools.corroboration evaluate   # cross-validated figures per set
    python -m summarizer.tools.corroboration fit        # also rewrites summarizer/method/corroboration_fit.py

The labels are in ``summarizer/tools/labels/`` as indices and text hashes, never text:

    corroboration-example.tsv  the five-outlet example cluster beside the checkout
                               (``shared/examples/trump-putin-call``): 278 pairs
    corroboration-duc.tsv      eight DUC 2006/2007 events (evaluation data, read from
                               ``.data/eval``, built as ``shared/eval/README.md`` says): 330 pairs
    corroboration-duc-test.tsv 38 further DUC events, pairs of articles of two outlets
                               published within a day of each other: 323 pairs, labelled
                               after the model was settled and never fitted on
    disputes-duc.tsv           51 other DUC 2006/2007 events: 247 pairs whose numbers differ

Each row is ``event, article, sentence, sha1, other_article, other_sentence, other_sha1,
label``: does the other sentence state the first one's main claim? ``S`` yes; ``C`` yes,
but with a different figure (a dispute); ``R`` no (another claim about the same story,
a shared subordinate clause only, a negation). Sentence indices count every sentence
the splitter finds in the article, as citations do; the hash (first 8 hex digits of
the SHA-1 of the kept sentence) makes any change of splitting or cleaning fail loudly.

The model is fitted on S and C against R (a dispute states the claim too: its figures
then decide), with leave-one-event-out cross-validation: every figure printed is of
pairs of events the model was not fitted on. A pair is decided the way the stage
decides (``corroboration.states_claim``): selection's strict same-claim rule, or a
probability at the threshold, and no negation on one side only. The
threshold is the lowest at which the pooled cross-validated precision of ``also_in``
reaches 0.9; where none does, the highest tried (0.95), and the rule decides alone.
``evaluate`` also scores the shipped model (``corroboration_fit``) on
``corroboration-duc-test.tsv``: events it has never seen, in the setting the service is
made for (one story, several outlets, the same news cycle).
The dispute pairs are labelled ``D`` (the same claim with a different figure: a
dispute) or ``N``. They were drawn from sentence pairs of different articles at cosine
0.5 or more whose numbers differ, by stratum: figures that ``quantities.conflicting``
reads as conflicting at cosine >= 0.75, 0.6-0.75 and 0.5-0.6, and numbers that differ
without such a conflict at >= 0.75 and 0.6-0.75 (what the stage cannot flag counts
against its recall). The dispute model is fitted on the pairs the stage would score
(those with conflicting figures), cross-validated by event, where
events that share an article are one event; its threshold is the lowest at which the
pooled cross-validated precision of the flags reaches 0.9. It is checked once more on
the conflicting pairs of ``corroboration-duc.tsv`` (other events; ``C`` is a dispute).

Vectors come from the serving backend (the model decides on what the service
computes), cached on disk under ``.data/cache/embeddings``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..documents import Article, Sentence
from ..embedder import Embedder
from ..method.cleaning import LengthBounds
from ..method.corroboration import (
    FEATURES,
    ClusterText,
    CorroborationModel,
    cluster_text,
    pair_features,
    states_claim,
)
from ..method.pipeline import extract_sentences
from ..method.quantities import conflicting
from .logistic import fit_logistic, lowest_precise_threshold, write_fit_module

__all__ = [
    "LabelledPair",
    "PairInCluster",
    "PairSet",
    "describe_unseen",
    "fit_model",
    "load_pairs",
    "main",
    "measure",
    "pairs_in_clusters",
    "prf",
    "serving_embedder",
]

LABELS = Path(__file__).resolve().parent / "labels"
FIT_MODULE = Path(__file__).resolve().parents[1] / "method" / "corroboration_fit.py"
CACHE_DIR = Path(".data/cache/embeddings")
TARGET_PRECISION = 0.9
_PENALTY = 1.0


@dataclass(frozen=True, slots=True)
class LabelledPair:
    event: str
    article: str
    sentence: int
    sha1: str
    other_article: str
    other_sentence: int
    other_sha1: str
    label: str


@dataclass(frozen=True, slots=True)
class PairSet:
    """Features and labels of one labelled set: float64 (m, len(FEATURES)), and per pair its event and label."""

    name: str
    features: NDArray[np.float64]
    labels: tuple[str, ...]
    events: tuple[str, ...]
    conflicts: NDArray[np.bool_]


def read_labels(path: Path, allowed: frozenset[str] = frozenset("SCR")) -> list[LabelledPair]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        e, a, i, h, b, j, g, label = line.split("\t")
        if label not in allowed:
            raise ValueError(f"{path}: label must be one of {sorted(allowed)}, got {label!r}")
        pairs.append(LabelledPair(e, a, int(i), h, b, int(j), g, label))
    return pairs


def event_articles(event: str, data_dir: Path, example_dir: Path) -> list[Article]:
    """The articles of a labelled event: ``example/<name>`` from the example folder, ``<file>/<id>`` from the data."""
    kind, name = event.split("/", 1)
    if kind == "example":
        return [Article(p.stem, p.read_text(encoding="utf-8")) for p in sorted((example_dir / name).glob("*.txt"))]
    with (data_dir / f"{kind}.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            cluster = json.loads(line)
            if cluster["id"] == name:
                return [Article(d["id"], d["text"]) for d in cluster["documents"]]
    raise ValueError(f"event {event!r} is not in {data_dir / (kind + '.jsonl')}")


@dataclass(frozen=True, slots=True)
class PairInCluster:
    """A labelled pair found in its cluster, as the pipeline reads it: kept sentences ``i`` and ``j``."""

    pair: LabelledPair
    sentences: Sequence[Sentence]
    text: ClusterText
    vectors: NDArray[np.float32]
    i: int
    j: int

    def features(self) -> NDArray[np.float64]:
        """float64 (len(FEATURES),): the corroboration features of the pair, as the stage computes them."""
        own = self.text.members[self.sentences[self.i].article_index]
        reverse = (self.vectors[own] @ self.vectors[self.j])[None, :]
        row: NDArray[np.float64] = pair_features(
            self.text, self.sentences, self.vectors @ self.vectors[self.i], self.i, [self.j], reverse
        )[0]
        return row


def pairs_in_clusters(
    pairs: Sequence[LabelledPair], embedder: Embedder, data_dir: Path, example_dir: Path
) -> Iterator[PairInCluster]:
    """Each labelled pair in its own cluster (events in order of first appearance); checks the hashes."""
    by_event: dict[str, list[LabelledPair]] = {}
    for pair in pairs:
        by_event.setdefault(pair.event, []).append(pair)
    for event, members in by_event.items():
        articles = event_articles(event, data_dir, example_dir)
        _, sentences = extract_sentences(articles, LengthBounds())
        position = {(articles[s.article_index].id, s.index): k for k, s in enumerate(sentences)}
        text = cluster_text(sentences)
        vectors = embedder.encode([s.text for s in sentences])
        for pair in members:
            i, j = position[(pair.article, pair.sentence)], position[(pair.other_article, pair.other_sentence)]
            for k, digest in ((i, pair.sha1), (j, pair.other_sha1)):
                if hashlib.sha1(sentences[k].text.encode()).hexdigest()[:8] != digest:
                    raise ValueError(f"{event}: sentence {sentences[k].index} changed since it was labelled")
            yield PairInCluster(pair, sentences, text, vectors, i, j)


def load_pairs(
    name: str, pairs: Sequence[LabelledPair], embedder: Embedder, data_dir: Path, example_dir: Path
) -> PairSet:
    """Compute every labelled pair's features in its own cluster, as the pipeline would; check the hashes."""
    rows: list[NDArray[np.float64]] = []
    conflicts: list[bool] = []
    ordered: list[LabelledPair] = []
    for found in pairs_in_clusters(pairs, embedder, data_dir, example_dir):
        rows.append(found.features())
        conflicts.append(bool(conflicting(found.sentences[found.i].text, found.sentences[found.j].text)[0]))
        ordered.append(found.pair)
    return PairSet(
        name,
        np.stack(rows),
        tuple(p.label for p in ordered),
        tuple(p.event for p in ordered),
        np.array(conflicts, dtype=bool),
    )


def fit_model(features: NDArray[np.float64], positive: NDArray[np.bool_], threshold: float = 0.5) -> CorroborationModel:
    """L2-penalised logistic regression (``logistic.fit_logistic``) on the pairs' features."""
    fit = fit_logistic(features, positive.astype(np.float64), _PENALTY)
    return CorroborationModel(fit.weights, fit.bias, fit.mean, fit.scale, threshold)


def cross_validated(sets: Sequence[PairSet]) -> list[NDArray[np.float64]]:
    """Per set, each pair's probability from a model fitted on every other event (of every set)."""
    features = np.vstack([s.features for s in sets])
    positive = np.array([label in {"S", "C"} for s in sets for label in s.labels])
    events = np.array([e for s in sets for e in s.events])
    probabilities = np.zeros(len(features))
    for event in sorted(set(events.tolist())):
        held_out = events == event
        model = fit_model(features[~held_out], positive[~held_out])
        probabilities[held_out] = model.probability(features[held_out])
    out, start = [], 0
    for s in sets:
        out.append(probabilities[start : start + len(s.labels)])
        start += len(s.labels)
    return out


def measure(
    pairs: PairSet, probabilities: NDArray[np.float64], threshold: float, rule: bool = True
) -> dict[str, float]:
    """Precision, recall and F1 of ``also_in`` (truth: S) at ``threshold`` (disputes: ``tools.disputes``).

    rule=False: the model alone decides, without selection's strict rule (``states_claim``).
    """
    labels = np.array(pairs.labels)
    stated = np.array(states_claim(pairs.features, probabilities, threshold, rule), dtype=bool)
    corroborated = stated & ~pairs.conflicts
    out = prf(corroborated, labels == "S")
    out["pairs"] = float(len(labels))
    return out


def choose_threshold(sets: Sequence[PairSet], probabilities: Sequence[NDArray[np.float64]]) -> float:
    """The lowest threshold whose pooled ``also_in`` precision is at least ``TARGET_PRECISION``."""
    p = np.concatenate(probabilities)
    truth = np.concatenate([np.array(s.labels) == "S" for s in sets])
    conflict = np.concatenate([s.conflicts for s in sets])
    features = np.vstack([s.features for s in sets])

    def decided_at(threshold: float) -> NDArray[np.bool_]:
        decided: NDArray[np.bool_] = np.array(states_claim(features, p, threshold), dtype=bool) & ~conflict
        return decided

    return lowest_precise_threshold(decided_at, truth, TARGET_PRECISION)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m summarizer.tools.corroboration", description=__doc__.splitlines()[0]
    )
    parser.add_argument("action", choices=["evaluate", "fit"])
    parser.add_argument("--data", default=".data/eval", help="folder of the DUC JSONL files")
    parser.add_argument("--examples", default="../shared/examples", help="folder of the example clusters")
    parser.add_argument("--threshold", type=float, default=None, help="measure at this threshold instead")
    args = parser.parse_args(argv)

    embedder = serving_embedder()
    sets = []
    for name in ("example", "duc"):
        labels = read_labels(LABELS / f"corroboration-{name}.tsv")
        sets.append(load_pairs(name, labels, embedder, Path(args.data), Path(args.examples)))
    save = getattr(embedder, "save", None)
    if save is not None:
        save()
    probabilities = cross_validated(sets)
    threshold = args.threshold if args.threshold is not None else choose_threshold(sets, probabilities)
    lines = [f"Leave-one-event-out cross-validation, threshold {threshold:.2f}:"]
    for s, p in zip(sets, probabilities, strict=True):
        m = measure(s, p, threshold)
        lines.append(
            f"{s.name} ({int(m['pairs'])} pairs): also_in P {m['precision']:.2f} R {m['recall']:.2f} F1 {m['f1']:.2f}"
        )
    report = "\n".join(lines)
    print(report)
    if args.action == "evaluate":
        unseen = load_pairs(
            "duc-test",
            read_labels(LABELS / "corroboration-duc-test.tsv"),
            embedder,
            Path(args.data),
            Path(args.examples),
        )
        print(describe_unseen(unseen, CorroborationModel.fitted(), args.threshold))
    if args.action == "fit":
        features = np.vstack([s.features for s in sets])
        positive = np.array([label in {"S", "C"} for s in sets for label in s.labels])
        model = fit_model(features, positive, threshold)
        numbers = (model.weights, model.bias, model.mean, model.scale, model.threshold)
        write_fit_module(
            FIT_MODULE,
            "corroboration",
            "summarizer.tools.corroboration",
            "corroboration.FEATURES",
            FEATURES,
            numbers,
            report,
        )
        print(f"wrote {FIT_MODULE}")
    return 0


def describe_unseen(pairs: PairSet, model: CorroborationModel, threshold: float | None = None) -> str:
    """The shipped model on pairs of events it was not fitted on: the default decision, and the model alone."""
    probability = model.probability(pairs.features)
    cut = model.threshold if threshold is None else threshold
    m = measure(pairs, probability, cut)
    lines = [
        f"{pairs.name} ({int(m['pairs'])} pairs of unseen events, {int(m['truth'])} S), the shipped model at "
        f"{cut:.2f}: also_in P {m['precision']:.2f} R {m['recall']:.2f} F1 {m['f1']:.2f}"
    ]
    for alone in (0.5, 0.7, 0.8, 0.9):
        a = measure(pairs, probability, alone, rule=False)
        lines.append(f"  model alone at {alone:.1f}: P {a['precision']:.2f} R {a['recall']:.2f} F1 {a['f1']:.2f}")
    return "\n".join(lines)


def serving_embedder() -> Embedder:
    from ..config import Settings
    from ..embeddings import DEFAULT_MODEL_NAME, CachedEmbedder, load_embedder

    settings = Settings.from_env()
    return CachedEmbedder(
        lambda: load_embedder(
            settings.model, settings.models_dir, settings.batch_size, backend=settings.backend, cache_size=0
        ),
        CACHE_DIR,
        name=f"{settings.model or DEFAULT_MODEL_NAME}-{settings.backend}",
    )


def prf(decided: NDArray[np.bool_], truth: NDArray[np.bool_]) -> dict[str, float]:
    """Precision, recall and F1 of boolean decisions against the truth, with the counts behind them."""
    right = int((decided & truth).sum())
    precision = right / max(int(decided.sum()), 1)
    recall = right / max(int(truth.sum()), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "right": float(right),
        "truth": float(truth.sum()),
        "decided": float(decided.sum()),
    }


if __name__ == "__main__":
    sys.exit(main())
