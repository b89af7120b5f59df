"""Fit and measure the dispute model on sentence pairs labelled by hand.

    python -m summarizer.tools.disputes evaluate   # cross-validated figures
    python -m summarizer.tools.disputes fit        # also rewrites summarizer/method/dispute_fit.py

The pairs are ``summarizer/tools/labels/disputes-duc.tsv`` (how they were drawn and
labelled: ``tools.corroboration``). A pair is scored the way the stage scores it
(``corroboration.corroborate``): only when ``quantities.conflicting`` finds figures of
one unit that disagree and neither sentence alone negates what they count; a labelled
dispute the stage would not score counts as missed.
Figures are cross-validated by event, events that share an article being one event,
so no pair is judged by a model fitted on its own story. The model fitted on every pair
of ``disputes-duc.tsv`` (the one shipped) is then applied to two sets it never saw:
``disputes-duc-test.tsv`` (113 pairs of 15 other events, labelled after the model and
its features were settled) and ``corroboration-duc.tsv`` (eight other events; ``C`` is
a dispute).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..embedder import Embedder
from ..method.corroboration import FEATURES, CorroborationModel, neutral_logit
from ..method.disputes import DISPUTE_FEATURES, PAIR_COLUMNS, DisputeModel, dispute_features, one_sided_negation
from ..method.quantities import conflicting
from .corroboration import LABELS, TARGET_PRECISION, LabelledPair, pairs_in_clusters, prf, read_labels, serving_embedder
from .logistic import fit_logistic, lowest_precise_threshold, write_fit_module

__all__ = ["DisputePairs", "event_folds", "fit_disputes", "load_dispute_pairs", "main"]

FIT_MODULE = Path(__file__).resolve().parents[1] / "method" / "dispute_fit.py"
_PENALTY = 1.0


@dataclass(frozen=True, slots=True)
class DisputePairs:
    """Labelled pairs: features (m, len(DISPUTE_FEATURES); zeros where not scored), scored, truth and fold of each."""

    features: NDArray[np.float64]
    scored: NDArray[np.bool_]
    disputes: NDArray[np.bool_]
    folds: tuple[str, ...]


def load_dispute_pairs(
    pairs: Sequence[LabelledPair],
    positive: str,
    embedder: Embedder,
    data_dir: Path,
    example_dir: Path,
    folds: dict[str, str] | None = None,
) -> DisputePairs:
    """Each pair's dispute features in its own cluster, as the stage computes them; ``positive``: the dispute label."""
    model = CorroborationModel.fitted()
    columns = [FEATURES.index(name) for name in PAIR_COLUMNS]
    rows, scored, truth, fold = [], [], [], []
    for found in pairs_in_clusters(pairs, embedder, data_dir, example_dir):
        claim, other = found.sentences[found.i].text, found.sentences[found.j].text
        pair = found.features()[None, :]
        figures = conflicting(claim, other)
        if figures[0] and not one_sided_negation(claim, other, figures):
            extra = dispute_features(
                claim, [other], [figures], pair[:, columns], neutral_logit(model, pair), found.text.idf
            )
            rows.append(extra[0])
            scored.append(True)
        else:
            rows.append(np.zeros(len(DISPUTE_FEATURES)))
            scored.append(False)
        truth.append(found.pair.label == positive)
        fold.append((folds or {}).get(found.pair.event, found.pair.event))
    return DisputePairs(np.stack(rows), np.array(scored), np.array(truth), tuple(fold))


def event_folds(events: Sequence[str], data_dir: Path) -> dict[str, str]:
    """Each event's fold: events linked by a shared article (an update cluster and its topic) fall in one."""
    parent = {e: e for e in events}

    def root(e: str) -> str:
        while parent[e] != e:
            parent[e] = parent[parent[e]]
            e = parent[e]
        return e

    owner: dict[str, str] = {}
    for event in events:
        kind, name = event.split("/", 1)
        with (data_dir / f"{kind}.jsonl").open(encoding="utf-8") as handle:
            cluster = next(c for c in map(json.loads, handle) if c["id"] == name)
        for document in cluster["documents"]:
            first = owner.setdefault(document["id"], event)
            parent[root(event)] = root(first)
    return {e: root(e) for e in events}


def fit_disputes(pairs: DisputePairs, threshold: float = 0.5) -> DisputeModel:
    """L2-penalised logistic regression on the scored pairs."""
    fit = fit_logistic(pairs.features[pairs.scored], pairs.disputes[pairs.scored].astype(np.float64), _PENALTY)
    return DisputeModel(fit.weights, fit.bias, fit.mean, fit.scale, threshold)


def cross_validated(pairs: DisputePairs) -> NDArray[np.float64]:
    """Each scored pair's probability from a model fitted on the other folds (0 for pairs the stage does not score)."""
    folds = np.array(pairs.folds)
    probability = np.zeros(len(folds))
    for fold in sorted(set(pairs.folds)):
        held_out = folds == fold
        train = DisputePairs(pairs.features[~held_out], pairs.scored[~held_out], pairs.disputes[~held_out], ())
        test = held_out & pairs.scored
        if test.any():
            probability[test] = fit_disputes(train).probability(pairs.features[test])
    return probability


def choose_threshold(pairs: DisputePairs, probability: NDArray[np.float64]) -> float:
    """The lowest threshold at which the pooled cross-validated precision of the flags reaches ``TARGET_PRECISION``."""
    return lowest_precise_threshold(lambda t: pairs.scored & (probability >= t), pairs.disputes, TARGET_PRECISION)


def describe(name: str, pairs: DisputePairs, probability: NDArray[np.float64], threshold: float) -> str:
    m = prf(pairs.scored & (probability >= threshold), pairs.disputes)
    return (
        f"{name} ({len(pairs.folds)} pairs, {int(m['truth'])} disputes, {int(pairs.scored.sum())} scored): "
        f"{int(m['decided'])} flags, {int(m['right'])} right: P {m['precision']:.2f} R {m['recall']:.2f} "
        f"F1 {m['f1']:.2f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m summarizer.tools.disputes", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["evaluate", "fit"])
    parser.add_argument("--data", default=".data/eval", help="folder of the DUC JSONL files")
    parser.add_argument("--examples", default="../shared/examples", help="folder of the example clusters")
    parser.add_argument("--threshold", type=float, default=None, help="measure at this threshold instead")
    args = parser.parse_args(argv)
    data, examples = Path(args.data), Path(args.examples)

    embedder = serving_embedder()
    labelled = read_labels(LABELS / "disputes-duc.tsv", frozenset("DN"))
    folds = event_folds(sorted({p.event for p in labelled}), data)
    pairs = load_dispute_pairs(labelled, "D", embedder, data, examples, folds)
    held_out = load_dispute_pairs(
        read_labels(LABELS / "disputes-duc-test.tsv", frozenset("DN")), "D", embedder, data, examples
    )
    others = load_dispute_pairs(read_labels(LABELS / "corroboration-duc.tsv"), "C", embedder, data, examples)
    same_cycle = load_dispute_pairs(read_labels(LABELS / "corroboration-duc-test.tsv"), "C", embedder, data, examples)
    save = getattr(embedder, "save", None)
    if save is not None:
        save()
    probability = cross_validated(pairs)
    threshold = args.threshold if args.threshold is not None else choose_threshold(pairs, probability)
    model = fit_disputes(pairs, threshold)
    lines = [
        f"Threshold {threshold:.2f}. Cross-validated by event ({len(set(pairs.folds))} folds):",
        describe("disputes-duc", pairs, probability, threshold),
        "Fitted on every pair of disputes-duc, applied to other events:",
        describe("disputes-duc-test", held_out, model.probability(held_out.features), threshold),
        describe("corroboration-duc", others, model.probability(others.features), threshold),
        "Applied to new pairs of one news cycle (most of their events are among those fitted on):",
        describe("corroboration-duc-test", same_cycle, model.probability(same_cycle.features), threshold),
    ]
    for t in (0.3, 0.5, 0.7, 0.9):
        lines.append(f"  at {t:.1f}: " + describe("disputes-duc", pairs, probability, t).split(": ", 1)[1])
    report = "\n".join(lines)
    print(report)
    if args.action == "fit":
        numbers = (model.weights, model.bias, model.mean, model.scale, model.threshold)
        write_fit_module(
            FIT_MODULE,
            "dispute",
            "summarizer.tools.disputes",
            "disputes.DISPUTE_FEATURES",
            DISPUTE_FEATURES,
            numbers,
            report,
        )
        print(f"wrote {FIT_MODULE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
