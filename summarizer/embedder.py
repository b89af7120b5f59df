"""The one interface between the method and the embedding backends.

The method (``summarizer.method``) asks only this of a model; the backends in
``summarizer.embeddings`` and the wrappers the service and the tools put around
them provide it. Keeping it here, apart from both, lets the pure method depend on
an interface rather than on the package that imports torch and OpenVINO.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

__all__ = ["Embedder"]


class Embedder(Protocol):
    """Anything that embeds sentences: float32 (n, d), unit rows, in input order."""

    @property
    def name(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]: ...
