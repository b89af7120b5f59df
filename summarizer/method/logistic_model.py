"""A logistic model over named, standardised features: the shape of the decision models shipped in the package.

p = sigmoid(bias + weights . (x - mean) / scale), decided at ``threshold``. The numbers
are fitted by the tools package from pairs labelled by hand and written into a
``*_fit`` module; a subclass names its features, so that a fit module with one number
too few or too many fails at import rather than deciding wrongly.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import ClassVar, Self

import numpy as np
from numpy.typing import NDArray

__all__ = ["LogisticModel", "log_odds", "sigmoid"]


def log_odds(
    features: NDArray[np.float64],
    weights: tuple[float, ...],
    bias: float,
    mean: tuple[float, ...],
    scale: tuple[float, ...],
) -> NDArray[np.float64]:
    """float64 (m,): bias + weights . (x - mean) / scale for each row x of ``features`` (m, k)."""
    z = (features - np.asarray(mean)) / np.asarray(scale)
    result: NDArray[np.float64] = z @ np.asarray(weights) + bias
    return result


def sigmoid(logits: NDArray[np.float64]) -> NDArray[np.float64]:
    """The probabilities of log-odds."""
    result: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-logits))
    return result


@dataclass(frozen=True, slots=True)
class LogisticModel:
    """Weights, means and scales (one per ``FEATURES`` entry), the bias, and the default decision point."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float

    FEATURES: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        size = len(self.FEATURES) or len(self.weights)
        if not len(self.weights) == len(self.mean) == len(self.scale) == size:
            raise ValueError(f"{type(self).__name__} needs {size} weights, means and scales")
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold must be within (0, 1), got {self.threshold!r}")

    @classmethod
    def from_module(cls, module: ModuleType) -> Self:
        """The model whose numbers a fit module holds (``WEIGHTS``, ``BIAS``, ``MEAN``, ``SCALE``, ``THRESHOLD``)."""
        return cls(module.WEIGHTS, module.BIAS, module.MEAN, module.SCALE, module.THRESHOLD)

    def logit(self, features: NDArray[np.float64]) -> NDArray[np.float64]:
        """float64 (m,): the log-odds of each row of ``features`` (m, k)."""
        return log_odds(features, self.weights, self.bias, self.mean, self.scale)

    def probability(self, features: NDArray[np.float64]) -> NDArray[np.float64]:
        """float64 (m,): the probability of each row of ``features`` (m, k)."""
        return sigmoid(self.logit(features))
