"""Sentence embeddings: the one sub-package that imports torch, sentence-transformers, onnxruntime, OpenVINO and nncf.

The rest of the package sees only the ``Embedder`` protocol (``summarizer.embedder``):
a name and an ``encode`` that turns texts into float32 (n, d) unit-norm rows, in
input order. Every heavy library is imported lazily, inside the backend that runs
it, so importing this package costs nothing.

    loading        load_embedder / embedder_from_settings: resolve, pick the backend, add the cache
    models         where models are: the setting, the bundled package, the prepared int8 copies
    openvino_int8  the default backend (static int8, OpenVINO)
    onnx_int8      dynamic int8 on onnxruntime
    torch_fp32     sentence-transformers fp32, the reference
    inference      what the two int8 backends share: tokenizer, padding, pooling, widths, cores
    cache          the LRU cache in front of the model, and the on-disk cache of evaluation runs
    preparation    export, quantization and self-check, run once at install time

Every backend gives each sentence a vector that depends on that sentence only,
never on the other sentences of the call, so a cached vector is the vector.
"""

from __future__ import annotations

from ..embedder import Embedder
from .cache import CachedEmbedder, LRUEmbeddingCache, normalize_text
from .inference import available_cores, load_tokenizer
from .loading import BACKENDS, DEFAULT_BACKEND, DEFAULT_CACHE_SIZE, embedder_from_settings, load_embedder
from .models import DEFAULT_MODEL_NAME, default_prepared_root, find_prepared_model, resolve_model
from .onnx_int8 import OnnxEmbedder
from .openvino_int8 import OpenVinoEmbedder
from .torch_fp32 import SentenceTransformerEmbedder

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "DEFAULT_CACHE_SIZE",
    "DEFAULT_MODEL_NAME",
    "CachedEmbedder",
    "Embedder",
    "LRUEmbeddingCache",
    "OnnxEmbedder",
    "OpenVinoEmbedder",
    "SentenceTransformerEmbedder",
    "available_cores",
    "default_prepared_root",
    "embedder_from_settings",
    "find_prepared_model",
    "load_embedder",
    "load_tokenizer",
    "normalize_text",
    "resolve_model",
]
