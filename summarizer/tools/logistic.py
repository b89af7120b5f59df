"""L2-penalised logistic regression by Newton's method: the fitter of the shipped logistic models.

The corroboration, dispute and concept-importance models are each a handful of
numbers; fitting them needs no library beyond numpy. Targets may be probabilities
rather than 0/1 (the concept model learns the share of human summaries that state a
concept), which the cross-entropy handles as it is. The two pair models also share how
their decision point is chosen (``lowest_precise_threshold``) and how their numbers are
written into the package (``write_fit_module``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

__all__ = ["LogisticFit", "fit_logistic", "lowest_precise_threshold", "write_fit_module"]


@dataclass(frozen=True, slots=True)
class LogisticFit:
    """p = sigmoid(bias + weights . (x - mean) / scale)."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]


def fit_logistic(
    features: NDArray[np.floating], targets: NDArray[np.floating], penalty: float = 1.0, iterations: int = 50
) -> LogisticFit:
    """Fit on standardised features; ``penalty`` is the L2 weight on every coefficient but the bias.

    features: float (n, k). targets: float (n,) within [0, 1] (booleans are read as 0/1).
    A constant column keeps scale 1 and ends with weight 0.
    """
    x_raw = np.asarray(features, dtype=np.float64)
    y = np.asarray(targets, dtype=np.float64)
    if x_raw.ndim != 2 or y.shape != (x_raw.shape[0],):
        raise ValueError(f"features must be (n, k) and targets (n,), got {x_raw.shape} and {y.shape}")
    if y.size and (y.min() < 0.0 or y.max() > 1.0):
        raise ValueError("targets must lie within [0, 1]")
    mean = x_raw.mean(axis=0)
    scale = x_raw.std(axis=0)
    scale[scale < 1e-9] = 1.0
    x = np.hstack([np.ones((len(x_raw), 1)), (x_raw - mean) / scale])
    w = np.zeros(x.shape[1])
    ridge = np.full(x.shape[1], penalty)
    ridge[0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + ridge * w
        hessian = (x.T * (p * (1 - p))) @ x + np.diag(ridge)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return LogisticFit(
        tuple(float(v) for v in w[1:]),
        float(w[0]),
        tuple(float(v) for v in mean),
        tuple(float(v) for v in scale),
    )


def lowest_precise_threshold(
    decided_at: Callable[[float], NDArray[np.bool_]], truth: NDArray[np.bool_], precision: float
) -> float:
    """The lowest threshold of 0.05, 0.06, ... 0.95 whose decisions reach ``precision``; 0.95 when none does.

    decided_at: the pairs decided at a threshold (booleans, aligned with ``truth``).
    """
    for threshold in np.round(np.arange(0.05, 0.951, 0.01), 2):
        decided = decided_at(float(threshold))
        if decided.any() and (decided & truth).sum() / decided.sum() >= precision:
            return float(threshold)
    return 0.95


def write_fit_module(
    path: Path,
    what: str,
    command: str,
    features_name: str,
    features: Sequence[str],
    numbers: tuple[Sequence[float], float, Sequence[float], Sequence[float], float],
    report: str,
) -> None:
    """Rewrite a shipped model's module: its numbers, one feature a line, and the figures behind them.

    what: "corroboration" or "dispute" (the docstring's noun); command: the module that
    refits it; features_name: where the features are named (``corroboration.FEATURES``);
    numbers: weights, bias, means, scales and the threshold.
    """
    weights, bias, mean, scale, threshold = numbers

    def column(values: Sequence[float]) -> str:
        return "(\n" + "".join(f"    {v:.6g},  # {name}\n" for v, name in zip(values, features, strict=True)) + ")"

    comment = "\n".join(f"# {line}" if line else "#" for line in report.splitlines())
    path.write_text(
        f'"""The {what} model shipped with the package.\n\n'
        f"Written by ``python -m {command} fit``.\n"
        f'Do not edit by hand: refit instead. One number per feature of ``{features_name}``.\n"""\n\n'
        f"{comment}\n\nWEIGHTS = {column(weights)}\nBIAS = {bias:.6g}\n"
        f"MEAN = {column(mean)}\nSCALE = {column(scale)}\nTHRESHOLD = {threshold:.2f}\n",
        encoding="utf-8",
    )
