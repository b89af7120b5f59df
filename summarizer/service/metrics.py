"""Prometheus metrics for the service, and the embedder wrapper that counts sentences.

    summarizer_requests_total{endpoint, status}          counter
    summarizer_request_duration_seconds{endpoint}        histogram
    summarizer_sentences_embedded_total                  counter
    summarizer_embedding_cache_hits_total                counter   sentences served from the cache
    summarizer_embedding_cache_misses_total              counter   sentences the cache sent to the model
    summarizer_embedding_cache_entries                   gauge     sentences held (at most the capacity)

``endpoint`` is the matched route (``/v1/summarize``), or ``unmatched`` for a
path no route serves, so a scanner cannot blow up the label set.

Each app gets its own registry, so several apps in one process (tests) do not
collide. With several gunicorn workers the server sets
``PROMETHEUS_MULTIPROC_DIR`` before any worker imports prometheus-client; the
values then live in per-process files and ``/metrics`` adds up every worker's.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from ..embedder import Embedder
from ..embeddings.cache import LRUEmbeddingCache

__all__ = ["CONTENT_TYPE", "CountingEmbedder", "Metrics", "bind_cache_metrics", "multiprocess_dir"]

CONTENT_TYPE = CONTENT_TYPE_LATEST

# From a health check (~1 ms) to a large batch (tens of seconds).
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)


def multiprocess_dir() -> str | None:
    """The directory shared by all workers' metric files, when multi-process mode is on."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


class Metrics:
    """The service's metric families, registered on a private registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "summarizer_requests",
            "HTTP requests answered, by matched endpoint and status code.",
            ["endpoint", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "summarizer_request_duration_seconds",
            "Time from receiving a request to having its response, by matched endpoint.",
            ["endpoint"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.sentences_embedded = Counter(
            "summarizer_sentences_embedded",
            "Sentences (and queries) passed to the embedding model for summaries; readiness probes excluded.",
            registry=self.registry,
        )

    def observe(self, endpoint: str, status: int, seconds: float) -> None:
        self.requests.labels(endpoint=endpoint, status=str(status)).inc()
        self.latency.labels(endpoint=endpoint).observe(seconds)

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric (every worker's, in multi-process mode)."""
        if multiprocess_dir():
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            return generate_latest(registry)
        return generate_latest(self.registry)


def bind_cache_metrics(cache: LRUEmbeddingCache, registry: CollectorRegistry) -> None:
    """Count the cache's hits, misses and entries as Prometheus metrics on ``registry``, from now on and so far."""
    hits = Counter(
        "summarizer_embedding_cache_hits", "Sentences whose vector came from the embedding cache.", registry=registry
    )
    misses = Counter(
        "summarizer_embedding_cache_misses", "Sentences the embedding cache sent to the model.", registry=registry
    )
    entries = Gauge(
        "summarizer_embedding_cache_entries",
        "Sentences held in the embedding cache.",
        registry=registry,
        multiprocess_mode="livesum",
    )

    def report(hit_count: int, miss_count: int, held: int) -> None:
        hits.inc(hit_count)
        misses.inc(miss_count)
        entries.set(held)

    cache.observe(report)


class CountingEmbedder:
    """An ``Embedder`` that counts what it embeds and lets one thread at a time use the model.

    Hugging Face fast tokenizers are not safe to call from several threads at once
    ("Already borrowed"), and torch already spreads one encode over every core, so
    encodes are serialised; the worker's other threads stay free for health checks.
    """

    def __init__(self, inner: Embedder, counter: Counter) -> None:
        self._inner = inner
        self._counter = counter
        self._lock = threading.Lock()
        self.last_success: float | None = None
        self.dimension: int | None = None

    @property
    def name(self) -> str:
        return self._inner.name

    @property
    def inner(self) -> Embedder:
        return self._inner

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        with self._lock:
            vectors = self._inner.encode(texts)
        self._counter.inc(len(texts))
        self._succeeded(vectors)
        return vectors

    def probe(self, text: str, wait: float) -> NDArray[np.float32] | None:
        """Encode one text without counting it; None when the model stayed busy for ``wait`` seconds."""
        if not self._lock.acquire(timeout=wait):
            return None
        try:
            vectors = self._inner.encode([text])
        finally:
            self._lock.release()
        self._succeeded(vectors)
        return vectors

    def _succeeded(self, vectors: NDArray[np.float32]) -> None:
        self.last_success = time.monotonic()
        if vectors.ndim == 2 and vectors.shape[1]:
            self.dimension = int(vectors.shape[1])
