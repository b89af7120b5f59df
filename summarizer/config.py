"""Settings from the environment: the only module that reads it, and only when asked.

Every setting is ``SUMMARIZER_<NAME>`` for the field ``<name>``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import InvalidInput

__all__ = ["ENV_PREFIX", "Limits", "Settings"]

ENV_PREFIX = "SUMMARIZER_"

# models/ sits beside the package in a checkout and at /app/models in the image.
_DEFAULT_MODELS_DIR = Path(__file__).resolve().parent.parent / "models"


# What the default service can finish within its 60 s request deadline on 2 cores
# (docs/scale.md): no stage holds a matrix of all sentence pairs, so the cost is about
# 0.9 ms of embedding and 0.2 ms of everything else per kept sentence. 30,000 sentences
# are about 32 s on an idle machine, which leaves room for a busy one; 1,000 DUC articles
# are 3.9 M characters and 25,900 kept sentences.
_MAX_BODY_BYTES = 16 * 1024 * 1024
_MAX_ARTICLES = 1_000
_MAX_ARTICLE_CHARS = 200_000
_MAX_BATCH_CLUSTERS = 32
_MAX_TOTAL_CHARS = 5_000_000
_MAX_SENTENCES_KEPT = 30_000


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one request, so no single client can exhaust a worker."""

    max_body_bytes: int = _MAX_BODY_BYTES
    max_articles: int = _MAX_ARTICLES
    max_article_chars: int = _MAX_ARTICLE_CHARS
    max_batch_clusters: int = _MAX_BATCH_CLUSTERS
    max_total_chars: int = _MAX_TOTAL_CHARS
    max_sentences_kept: int = _MAX_SENTENCES_KEPT


@dataclass(frozen=True, slots=True)
class Settings:
    """Service and CLI settings; every field can be set as ``SUMMARIZER_<FIELD>``."""

    model: str | None = None
    models_dir: Path = _DEFAULT_MODELS_DIR
    batch_size: int = 32
    # Embedding backend: "openvino" (static int8, the fast default), "onnx" (onnxruntime dynamic int8),
    # both prepared at install time, or "torch" (the fp32 reference).
    backend: str = "openvino"
    # Distinct sentences each worker's embedding cache keeps (about 1.6 kB each).
    cache_size: int = 20_000
    # Intra-op threads each worker's model uses; 0 means every core the process may run on.
    threads: int = 0
    api_key: str | None = None
    max_body_bytes: int = _MAX_BODY_BYTES
    max_articles: int = _MAX_ARTICLES
    max_article_chars: int = _MAX_ARTICLE_CHARS
    max_batch_clusters: int = _MAX_BATCH_CLUSTERS
    max_total_chars: int = _MAX_TOTAL_CHARS
    max_sentences_kept: int = _MAX_SENTENCES_KEPT
    # Seconds one request (a summary, or a whole batch) may run before it is answered
    # 503 deadline_exceeded; checked before and between the model's encodes.
    request_timeout: float = 60.0
    log_level: str = "INFO"
    # Seconds a stopping server gives in-flight requests before it cuts them off.
    graceful_timeout: float = 30.0

    @property
    def limits(self) -> Limits:
        return Limits(
            max_body_bytes=self.max_body_bytes,
            max_articles=self.max_articles,
            max_article_chars=self.max_article_chars,
            max_batch_clusters=self.max_batch_clusters,
            max_total_chars=self.max_total_chars,
            max_sentences_kept=self.max_sentences_kept,
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read ``SUMMARIZER_*`` variables; raises InvalidInput naming a malformed one."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            name = ENV_PREFIX + f.name.upper()
            raw = env.get(name)
            if raw is None or raw == "":
                continue
            default = f.default
            try:
                if isinstance(default, bool):
                    values[f.name] = raw.strip().lower() in {"1", "true", "yes", "on"}
                elif isinstance(default, int):
                    number = int(raw)
                    values[f.name] = _non_negative(number) if f.name in _ZERO_MEANS_NONE else _positive(number)
                elif isinstance(default, float):
                    values[f.name] = _positive(float(raw))
                elif isinstance(default, Path):
                    values[f.name] = Path(raw).expanduser()
                else:
                    values[f.name] = raw
            except ValueError as exc:
                raise InvalidInput(f"{name}={raw!r} is not valid: {exc}") from exc
        return cls(**values)  # type: ignore[arg-type]


# 0 is meaningful for these: no cache, and "every core" for threads.
_ZERO_MEANS_NONE = frozenset({"cache_size", "threads"})


def _non_negative(value: int) -> int:
    if value < 0:
        raise ValueError("must be zero or a positive number")
    return value


def _positive(value: float) -> float:
    if not value > 0:
        raise ValueError("must be a positive number")
    return value
