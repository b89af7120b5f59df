"""The service's Prometheus view of the embedding cache."""

from __future__ import annotations

from prometheus_client import CollectorRegistry

from summarizer.embeddings.cache import LRUEmbeddingCache
from summarizer.service.metrics import bind_cache_metrics

from ..conftest import HashingEmbedder


def test_cache_metrics_count_on_the_given_registry_including_what_came_before() -> None:
    registry = CollectorRegistry()
    cache = LRUEmbeddingCache(HashingEmbedder(), capacity=10)
    cache.encode(["x y", "x y"])  # counted before binding, carried over
    bind_cache_metrics(cache, registry)
    cache.encode(["x y", "z w"])
    assert registry.get_sample_value("summarizer_embedding_cache_hits_total") == 2
    assert registry.get_sample_value("summarizer_embedding_cache_misses_total") == 2
    assert registry.get_sample_value("summarizer_embedding_cache_entries") == 2
