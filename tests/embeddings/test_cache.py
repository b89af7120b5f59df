"""The embedding caches, the service's LRU and the evaluation-time one: same vectors, each text embedded once."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from summarizer.embeddings.cache import CachedEmbedder, LRUEmbeddingCache, normalize_text

from ..conftest import HashingEmbedder


def test_vectors_equal_the_inner_embedders() -> None:
    inner = HashingEmbedder()
    cached = CachedEmbedder(HashingEmbedder())
    texts = ["Oil prices fell.", "Gold rose.", "Oil prices fell."]
    np.testing.assert_array_equal(cached.encode(texts), inner.encode(texts))


def test_each_text_is_embedded_once() -> None:
    inner = HashingEmbedder()
    cached = CachedEmbedder(inner)
    cached.encode(["a b", "c d", "a b"])
    cached.encode(["c d", "e f"])
    assert inner.calls == [2, 1]


def test_disk_cache_survives_the_process_and_skips_the_model(tmp_path: Path) -> None:
    first = CachedEmbedder(HashingEmbedder(), tmp_path)
    expected = first.encode(["Storm hits coast.", "Rain falls."])
    first.save()
    loads: list[int] = []

    def load() -> HashingEmbedder:
        loads.append(1)
        return HashingEmbedder()

    second = CachedEmbedder(load, tmp_path, name=HashingEmbedder.name)
    np.testing.assert_array_equal(second.encode(["Rain falls.", "Storm hits coast."]), expected[::-1])
    assert loads == [], "a fully cached run must not load the model"
    second.encode(["Something new."])
    assert loads == [1]


def test_empty_input_keeps_the_dimension(tmp_path: Path) -> None:
    cached = CachedEmbedder(HashingEmbedder(dim=16))
    assert cached.encode([]).shape == (0, 16)


# ---------------------------------------------------------------- LRUEmbeddingCache


def test_lru_returns_the_inner_vectors_and_counts_hits_and_misses() -> None:
    inner = HashingEmbedder()
    cache = LRUEmbeddingCache(inner, capacity=10)
    texts = ["Oil prices fell.", "Gold rose.", "Oil prices fell."]
    np.testing.assert_array_equal(cache.encode(texts), HashingEmbedder().encode(texts))
    assert (cache.hits, cache.misses, len(cache)) == (1, 2, 2)  # the repeat within one call is a hit
    np.testing.assert_array_equal(cache.encode(texts[::-1]), HashingEmbedder().encode(texts[::-1]))
    assert (cache.hits, cache.misses) == (4, 2)
    assert inner.calls == [2], "the second call must not reach the model"


def test_lru_evicts_the_least_recently_used() -> None:
    inner = HashingEmbedder()
    cache = LRUEmbeddingCache(inner, capacity=2)
    cache.encode(["a a", "b b"])
    cache.encode(["a a"])  # a is now more recent than b
    cache.encode(["c c"])  # evicts b
    assert len(cache) == 2
    cache.encode(["a a"])
    assert inner.calls == [2, 1]
    cache.encode(["b b"])
    assert inner.calls == [2, 1, 1]


def test_lru_one_call_larger_than_the_capacity_still_answers_in_full() -> None:
    cache = LRUEmbeddingCache(HashingEmbedder(), capacity=2)
    texts = ["one x", "two y", "three z", "four w"]
    np.testing.assert_array_equal(cache.encode(texts), HashingEmbedder().encode(texts))
    assert len(cache) == 2


def test_lru_keys_ignore_whitespace_and_unicode_form() -> None:
    inner = HashingEmbedder()
    cache = LRUEmbeddingCache(inner, capacity=10)
    cache.encode(["Caf\u00e9 prices rose."])
    cache.encode(["  Cafe\u0301   prices\nrose. "])
    assert inner.calls == [1]
    assert normalize_text(" a \t b\n") == "a b"


def test_lru_rejects_a_capacity_that_holds_nothing() -> None:
    with pytest.raises(ValueError, match=r"capacity.*0"):
        LRUEmbeddingCache(HashingEmbedder(), capacity=0)


def test_lru_empty_input_keeps_the_dimension() -> None:
    assert LRUEmbeddingCache(HashingEmbedder(dim=16), capacity=4).encode([]).shape == (0, 16)


def test_lru_reports_every_lookup_to_its_observer_starting_with_the_counts_so_far() -> None:
    cache = LRUEmbeddingCache(HashingEmbedder(), capacity=10)
    cache.encode(["x y", "x y"])  # one miss, one hit before anyone observes
    reports: list[tuple[int, int, int]] = []
    cache.observe(lambda hits, misses, entries: reports.append((hits, misses, entries)))
    cache.encode(["x y", "z w"])
    assert reports == [(1, 1, 1), (1, 1, 2)]


def test_lru_is_safe_under_concurrent_callers() -> None:
    cache = LRUEmbeddingCache(HashingEmbedder(), capacity=50)
    texts = [f"sentence number {i} about topic {i % 7}" for i in range(200)]
    expected = HashingEmbedder().encode(texts)
    failures: list[int] = []

    def work(offset: int) -> None:
        for start in range(offset, 200, 20):
            chunk = texts[start : start + 20]
            if not np.array_equal(cache.encode(chunk), expected[start : start + 20]):
                failures.append(start)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert len(cache) <= 50
    assert cache.hits + cache.misses == sum(len(texts[s : s + 20]) for k in range(4) for s in range(k, 200, 20))


def test_a_model_never_reads_the_shards_of_a_model_whose_name_starts_with_its_own(tmp_path: Path) -> None:
    longer = CachedEmbedder(HashingEmbedder(), tmp_path, name="model-openvino")
    longer.encode(["x y"])
    longer.save()
    shorter = CachedEmbedder(HashingEmbedder(), tmp_path, name="model")
    assert shorter._vectors == {}
    shorter.encode(["z w"])
    shorter.save()
    assert sorted(p.name for p in tmp_path.glob("*.npz")) == ["model-0.npz", "model-openvino-0.npz"]
