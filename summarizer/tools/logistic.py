"""L2-penalised logistic regression by Newton's method: the fitter of the shipped logistic models.

Both the corroboration model and the concept-importance model are a handful of
numbers; fitting them needs no library beyond numpy. Targets may be probabilities
rather than 0/1 (the concept model learns the share of human summaries that state a
concept), which the cross-entropy handles as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["LogisticFit", "fit_logistic"]


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
