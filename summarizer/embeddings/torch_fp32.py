"""The ``torch`` backend: sentence-transformers' own fp32 ``encode``, the reference the int8 backends are held to."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import ModelUnavailable
from .models import display_name

__all__ = ["SentenceTransformerEmbedder"]

log = logging.getLogger(__name__)


class SentenceTransformerEmbedder:
    """A sentence-transformers model on the CPU in fp32, loaded once and reused for every request."""

    backend = "torch-fp32"

    def __init__(self, model: str, batch_size: int = 32, device: str = "cpu", threads: int = 0) -> None:
        # Never reach for the network: a missing model must fail fast, not hang on a download.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import torch
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            if threads > 0:
                torch.set_num_threads(threads)
            # The weight-loading progress bar is noise in service logs and CLI output.
            transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

            self._model: Any = SentenceTransformer(model, device=device, local_files_only=True)
        except Exception as exc:  # the library raises many types for a missing or broken model
            raise ModelUnavailable(f"could not load the embedding model {model!r}: {exc}") from exc
        self._name = display_name(model)
        self._batch_size = batch_size
        log.info("loaded embedding model %s (torch fp32)", self._name)

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
