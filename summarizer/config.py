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


_MAX_BODY_BYTES = 10 * 1024 * 1024
_MAX_ARTICLES = 200
_MAX_ARTICLE_CHARS = 200_000
_MAX_BATCH_CLUSTERS = 32


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one request, so no single client can exhaust a worker."""

    max_body_bytes: int = _MAX_BODY_BYTES
    max_articles: int = _MAX_ARTICLES
    max_article_chars: int = _MAX_ARTICLE_CHARS
    max_batch_clusters: int = _MAX_BATCH_CLUSTERS


@dataclass(frozen=True, slots=True)
class Settings:
    """Service and CLI settings; every field can be set as ``SUMMARIZER_<FIELD>``."""

    model: str | None = None
    models_dir: Path = _DEFAULT_MODELS_DIR
    batch_size: int = 32
    api_key: str | None = None
    max_body_bytes: int = _MAX_BODY_BYTES
    max_articles: int = _MAX_ARTICLES
    max_article_chars: int = _MAX_ARTICLE_CHARS
    max_batch_clusters: int = _MAX_BATCH_CLUSTERS
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
                    values[f.name] = _positive(int(raw))
                elif isinstance(default, float):
                    values[f.name] = _positive(float(raw))
                elif isinstance(default, Path):
                    values[f.name] = Path(raw).expanduser()
                else:
                    values[f.name] = raw
            except ValueError as exc:
                raise InvalidInput(f"{name}={raw!r} is not valid: {exc}") from exc
        return cls(**values)  # type: ignore[arg-type]


def _positive(value: float) -> float:
    if not value > 0:
        raise ValueError("must be a positive number")
    return value
