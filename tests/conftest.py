"""Shared fixtures: the real bundled model (loaded once per session), a fast fake
embedder for unit tests, the project's own example cluster, and the shared
scraped example cluster when it is present beside the checkout."""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from summarizer.config import Settings
from summarizer.documents import Article
from summarizer.embedder import Embedder
from summarizer.service.logs import JsonFormatter

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HARBOR_BRIDGE = FIXTURES / "harbor-bridge"
SHARED_EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "trump-putin-call"


class HashingEmbedder:
    """A deterministic bag-of-words embedder: sentences sharing words get similar vectors.

    Fast enough for unit tests and faithful to the one property the pipeline relies
    on (unit rows whose dot product grows with shared content), with no model.
    """

    name = "hashing-test-embedder"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
            norm = np.linalg.norm(out[row])
            if norm > 0:
                out[row] /= norm
            else:
                out[row, 0] = 1.0
        return out


def read_cluster(folder: Path) -> list[Article]:
    return [Article(id=p.stem, text=p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


@pytest.fixture
def fake_embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(scope="session")
def real_embedder() -> Embedder:
    """The bundled model, loaded once for the whole test session."""
    from summarizer.embeddings import embedder_from_settings

    return embedder_from_settings(Settings.from_env())


@pytest.fixture
def harbor_bridge() -> list[Article]:
    return read_cluster(HARBOR_BRIDGE)


@pytest.fixture
def shared_example() -> list[Article]:
    if not SHARED_EXAMPLE.is_dir():
        pytest.skip(f"shared example cluster not present at {SHARED_EXAMPLE}")
    return read_cluster(SHARED_EXAMPLE)


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    """Everything the package logs during the test, at every level, formatted as the service formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("summarizer")
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
