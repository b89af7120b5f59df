"""Embedders that remember: ``LRUEmbeddingCache`` for the service, ``CachedEmbedder`` for evaluation runs.

``LRUEmbeddingCache`` is what ``embeddings.load_embedder`` returns by default: a
bounded, thread-safe least-recently-used map from (model, backend, normalized
sentence text) to its vector, so a cluster seen again, or wire copy repeated
across clusters, skips the model. It counts hits and misses as attributes and
reports each lookup to an observer, if one is set (``observe``): the service turns
those reports into Prometheus metrics (``service.metrics.bind_cache_metrics``), so
this module needs no metrics library.

``CachedEmbedder`` is unbounded and can persist to disk:

Evaluation runs embed the same DUC sentences for every row of an ablation and
every run of it; embedding is the slow part (about 150 sentences a second on two
CPU cores), so the ablation runner wraps the real embedder in this cache. The
service does not use it: per-request inputs rarely repeat.

The on-disk form is a directory of shards ``<model>-<k>.npz``, each holding
``keys`` (SHA-1 digests of the UTF-8 text, bytes (n, 20)) and ``vectors``
(float32 (n, d)). New vectors are appended as a new shard by ``save``; nothing
is ever rewritten, so concurrent readers never see a half-written file (the
shard is written under a temporary name, then renamed).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..embedder import Embedder

__all__ = ["CacheObserver", "CachedEmbedder", "LRUEmbeddingCache", "normalize_text"]

# Called after every lookup with (hits, misses, entries held): the counts of that call
# and the cache's size after it.
CacheObserver = Callable[[int, int, int], None]

log = logging.getLogger(__name__)


class CachedEmbedder:
    """Wraps an ``Embedder``; same vectors, each text embedded at most once.

    inner:     the embedder, or a function that loads it; a loader is called only
               when a text is missing from the cache, so a fully cached run never
               pays the model's start-up (about a minute of imports on this machine).
    name:      the model's name; required with a loader, else ``inner.name``.
    directory: where shards live (None: memory only). Shards are named after the
               model, so switching models never returns stale vectors.
    """

    def __init__(
        self, inner: Embedder | Callable[[], Embedder], directory: Path | None = None, name: str | None = None
    ) -> None:
        if hasattr(inner, "encode"):
            self._inner: Embedder | None = inner  # type: ignore[assignment]
            self._load: Callable[[], Embedder] | None = None
            self._name = name or inner.name  # type: ignore[union-attr]
        else:
            if name is None:
                raise ValueError("a name is required when the embedder is loaded lazily")
            self._inner = None
            self._load = inner
            self._name = name
        self._directory = directory
        self._vectors: dict[bytes, NDArray[np.float32]] = {}
        self._unsaved: list[bytes] = []
        if directory is not None and directory.is_dir():
            for shard in self._shards():
                with np.load(shard) as data:
                    for key, vector in zip(data["keys"], data["vectors"], strict=True):
                        self._vectors[bytes(key)] = vector
            log.info("embedding cache: %d vectors loaded", len(self._vectors))

    @property
    def name(self) -> str:
        return self._name

    def _model(self) -> Embedder:
        if self._inner is None:
            assert self._load is not None
            self._inner = self._load()
        return self._inner

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """float32 (n, d), unit rows, in input order; only unseen texts reach the model."""
        keys = [_key(t) for t in texts]
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in self._vectors and key not in missing:
                missing[key] = text
        if missing:
            fresh = self._model().encode(list(missing.values()))
            for key, vector in zip(missing, fresh, strict=True):
                self._vectors[key] = np.asarray(vector, dtype=np.float32)
            self._unsaved.extend(missing)
        if not keys:
            return np.zeros((0, self._dimension()), dtype=np.float32)
        return np.stack([self._vectors[k] for k in keys]).astype(np.float32, copy=False)

    def _dimension(self) -> int:
        for vector in self._vectors.values():
            return int(vector.shape[0])
        return int(self._model().encode(["dimension"]).shape[1])

    def save(self) -> None:
        """Write the vectors embedded since the last save as one new shard (no-op without a directory)."""
        if self._directory is None or not self._unsaved:
            return
        self._directory.mkdir(parents=True, exist_ok=True)
        number = len(self._shards())
        while (self._directory / f"{_safe(self.name)}-{number}.npz").exists():
            number += 1
        target = self._directory / f"{_safe(self.name)}-{number}.npz"
        temporary = target.with_suffix(f".tmp{os.getpid()}.npz")
        keys = np.frombuffer(b"".join(self._unsaved), dtype=np.uint8).reshape(-1, 20)
        vectors = np.stack([self._vectors[k] for k in self._unsaved])
        np.savez(temporary, keys=keys, vectors=vectors)
        temporary.rename(target)
        log.info("embedding cache: %d vectors saved to %s", len(self._unsaved), target)
        self._unsaved = []

    def _shards(self) -> list[Path]:
        """This model's shards, ``<model>-<k>.npz``: not those of a model whose name merely starts with this one."""
        if self._directory is None or not self._directory.is_dir():
            return []
        own = re.compile(re.escape(_safe(self._name)) + r"-\d+\.npz")
        return sorted(p for p in self._directory.glob(f"{_safe(self._name)}-*.npz") if own.fullmatch(p.name))


def _key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


def normalize_text(text: str) -> str:
    """The cache's view of a sentence: NFC, whitespace runs collapsed, ends stripped.

    The model's tokenizer splits on whitespace and normalizes Unicode itself, so
    texts that differ only in these ways get the same tokens and the same vector.
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


class LRUEmbeddingCache:
    """A bounded least-recently-used cache of sentence vectors in front of an ``Embedder``.

    inner:    the model; only texts not in the cache reach it, each distinct one once per call.
    capacity: most sentences kept; the least recently used go first.

    ``encode`` returns float32 (n, d) unit rows in input order, the inner model's
    vectors. Keys are digests of (model name, backend, normalized text), so one
    cache never mixes two models' vectors. Thread-safe: lookups hold a lock, the
    model runs outside it (two threads missing the same text may both embed it).
    """

    def __init__(self, inner: Embedder, capacity: int) -> None:
        if capacity <= 0:
            raise ValueError(f"capacity must be a positive number of sentences, got {capacity!r}")
        self._inner = inner
        self.capacity = capacity
        self.backend: str = str(getattr(inner, "backend", "unknown"))
        self._prefix = f"{inner.name}\0{self.backend}\0".encode()
        self._entries: OrderedDict[bytes, NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self._observer: CacheObserver | None = None

    @property
    def name(self) -> str:
        return self._inner.name

    @property
    def inner(self) -> Embedder:
        return self._inner

    def __len__(self) -> int:
        return len(self._entries)

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """float32 (n, d), unit rows, in input order; only unseen texts reach the model."""
        keys = [self._key(t) for t in texts]
        found: dict[bytes, NDArray[np.float32]] = {}
        missing: dict[bytes, str] = {}
        with self._lock:
            for key, text in zip(keys, texts, strict=True):
                if key in found or key in missing:
                    continue
                vector = self._entries.get(key)
                if vector is None:
                    missing[key] = text
                else:
                    self._entries.move_to_end(key)
                    found[key] = vector
        hits = len(texts) - len(missing)
        if missing:
            fresh = np.asarray(self._inner.encode(list(missing.values())), dtype=np.float32)
            with self._lock:
                for key, vector in zip(missing, fresh, strict=True):
                    found[key] = vector
                    self._entries[key] = vector
                    self._entries.move_to_end(key)
                while len(self._entries) > self.capacity:
                    self._entries.popitem(last=False)
        with self._lock:
            self.hits += hits
            self.misses += len(missing)
            entries = len(self._entries)
        if self._observer is not None:
            self._observer(hits, len(missing), entries)
        if not keys:
            return np.asarray(self._inner.encode([]), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)

    def clear(self) -> None:
        """Forget every vector (the counters keep counting)."""
        with self._lock:
            self._entries.clear()

    def observe(self, observer: CacheObserver) -> None:
        """Report every lookup to ``observer``; it first receives the counts so far, as one report."""
        with self._lock:
            observer(self.hits, self.misses, len(self._entries))
            self._observer = observer

    def _key(self, text: str) -> bytes:
        return hashlib.blake2b(self._prefix + normalize_text(text).encode("utf-8"), digest_size=16).digest()
