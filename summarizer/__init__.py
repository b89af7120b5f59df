"""Extractive multi-document news summaries in which every sentence cites its source.

from summarizer import Article, Options, load_embedder, summarize

embedder = load_embedder()            # once per process
result = summarize([Article("a1", text1), Article("a2", text2)], Options(max_words=100), embedder)
print(result.summary)                 # "First sentence. [1][2] Second sentence. [2]"
result.to_dict()                      # the JSON object the API and the CLI return
"""

from __future__ import annotations

from pathlib import Path

from .config import Settings
from .documents import Article, Citation, Corroboration, Options, Source, Summary, SummarySentence
from .embedder import Embedder
from .errors import (
    DeadlineExceeded,
    FieldError,
    InputTooLarge,
    InvalidInput,
    InvalidJSON,
    ModelUnavailable,
    NothingToSummarize,
    SummarizerError,
)
from .method.pipeline import summarize

__all__ = [
    "Article",
    "Citation",
    "Corroboration",
    "DeadlineExceeded",
    "Embedder",
    "FieldError",
    "InputTooLarge",
    "InvalidInput",
    "InvalidJSON",
    "ModelUnavailable",
    "NothingToSummarize",
    "Options",
    "Settings",
    "Source",
    "SummarizerError",
    "Summary",
    "SummarySentence",
    "load_embedder",
    "summarize",
]

__version__ = "0.1.0"


def load_embedder(model: str | None = None, models_dir: Path | None = None) -> Embedder:
    """Load an embedding model once: a directory path, a name under ``models/``, or the bundled default."""
    from .embeddings import load_embedder as _load

    return _load(model, models_dir or Settings().models_dir)
