"""Loading the configured embedder once: resolve the model, pick the backend, put the cache in front.

Three backends (``Settings.backend``, ``SUMMARIZER_BACKEND``)::

    openvino  default; static int8 (``openvino_int8``)
    onnx      dynamic int8 on onnxruntime (``onnx_int8``)
    torch     fp32 sentence-transformers, the reference (``torch_fp32``)

The int8 backends need the copy ``summarizer prepare-model`` makes (``preparation``);
when it is missing or was made from other weights, ``load_embedder`` logs a warning
naming the fix and falls back to the torch backend.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from ..config import Settings
from ..embedder import Embedder
from ..errors import InvalidInput
from .cache import LRUEmbeddingCache
from .models import OPENVINO_KEY, default_prepared_root, display_name, find_prepared_model, has_variant, resolve_model
from .onnx_int8 import OnnxEmbedder
from .openvino_int8 import OpenVinoEmbedder
from .torch_fp32 import SentenceTransformerEmbedder

__all__ = ["BACKENDS", "DEFAULT_BACKEND", "DEFAULT_CACHE_SIZE", "embedder_from_settings", "load_embedder"]

log = logging.getLogger(__name__)

BACKENDS = ("openvino", "onnx", "torch")
DEFAULT_BACKEND = "openvino"
# Distinct sentences kept per process: a 384-d float32 row plus its key is about
# 1.6 kB, so 20,000 entries (eighty DUC-size clusters) cost about 32 MB.
DEFAULT_CACHE_SIZE = 20_000


def load_embedder(
    model: str | None,
    models_dir: Path,
    batch_size: int = 32,
    backend: str = DEFAULT_BACKEND,
    cache_size: int = DEFAULT_CACHE_SIZE,
    threads: int = 0,
    wrap: Callable[[Embedder], Embedder] | None = None,
    pin_threads: bool | None = None,
) -> Embedder:
    """Resolve the model setting and load it once, behind an LRU cache; raises ModelUnavailable.

    backend:    ``"openvino"`` (static int8, the default), ``"onnx"`` (dynamic int8) or
                ``"torch"`` (fp32); see the module docstring. Without a prepared model the
                torch backend is used, with a warning.
    cache_size: distinct sentences remembered (``embedding_cache.LRUEmbeddingCache``); 0 for none.
    threads:    cores for the model (OpenVINO streams, else intra-op threads); 0 uses every
                core this process may run on.
    wrap:       applied to the model itself, inside the cache (the service counts and
                serialises model calls there, so cache hits never wait for the model).
    pin_threads: OpenVINO only: None pins its streams to cores when they cover every core
                the process may use, False never (several Ray actors share a machine).
    """
    if backend not in BACKENDS:
        raise InvalidInput(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    resolved = resolve_model(model, models_dir)
    inner: Embedder
    prepared = find_prepared_model(resolved, models_dir) if backend != "torch" else None
    if prepared is not None and backend == "openvino" and not has_variant(prepared, OPENVINO_KEY):
        log.warning(
            "%s was prepared without the OpenVINO model; using onnxruntime int8. Run "
            "`summarizer prepare-model --force` to add it.",
            prepared,
        )
        backend = "onnx"
    if prepared is not None and backend == "openvino":
        inner = OpenVinoEmbedder(prepared, batch_size=batch_size, threads=threads, pin=pin_threads)
    elif prepared is not None and backend == "onnx":
        inner = OnnxEmbedder(prepared, batch_size=batch_size, threads=threads)
    else:
        if backend != "torch":
            log.warning(
                "no prepared int8 model for %s under %s or %s; using the slower fp32 torch backend. "
                "Run `summarizer prepare-model` (scripts/install.sh does) to prepare it.",
                display_name(resolved),
                models_dir,
                default_prepared_root(),
            )
        inner = SentenceTransformerEmbedder(resolved, batch_size=batch_size, threads=threads)
    if wrap is not None:
        inner = wrap(inner)
    if cache_size <= 0:
        return inner
    return LRUEmbeddingCache(inner, cache_size)


def embedder_from_settings(settings: Settings, wrap: Callable[[Embedder], Embedder] | None = None) -> Embedder:
    """``load_embedder`` with every embedding knob taken from ``settings`` (``SUMMARIZER_*``)."""
    return load_embedder(
        settings.model,
        settings.models_dir,
        settings.batch_size,
        backend=settings.backend,
        cache_size=settings.cache_size,
        threads=settings.threads,
        wrap=wrap,
    )
