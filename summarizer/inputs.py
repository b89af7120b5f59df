"""Reading clusters from files: the one module that opens input files.

A path may be a text file (one article; its id is the file name without the
extension), a directory of text files (one cluster, in file-name order), a
``.json`` file (one cluster object or a list of them), a ``.jsonl`` file (one
cluster object per line), or ``-`` for standard input (JSON if it parses as
JSON, otherwise one article of plain text).

Cluster objects are the API's request bodies. The evaluation format, with
``documents`` instead of ``articles`` and ``references``/``query`` beside them,
is accepted too, so one reader serves both.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import FieldError, InvalidInput, InvalidJSON

__all__ = ["EvaluationCluster", "RawCluster", "read_clusters", "read_evaluation_set"]

_TEXT_SUFFIXES = {".txt", ".text", ".md", ""}


@dataclass(frozen=True, slots=True)
class RawCluster:
    """A cluster body as read, not yet validated, and where it came from (for messages)."""

    origin: str
    body: dict[str, Any]


@dataclass(frozen=True, slots=True)
class EvaluationCluster:
    """A cluster body with its human reference summaries and optional query text."""

    id: str
    body: dict[str, Any]
    references: tuple[str, ...]
    query: str | None


def read_clusters(paths: Sequence[str]) -> Iterator[RawCluster]:
    """Yield the clusters the paths hold; loose text files together form one cluster.

    Raises InvalidInput for a missing path or unreadable file, InvalidJSON for bad JSON.
    """
    loose: list[dict[str, Any]] = []
    for raw_path in paths:
        if raw_path == "-":
            yield from _from_stdin(loose)
            continue
        path = Path(raw_path)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in _TEXT_SUFFIXES)
            if not files:
                raise InvalidInput(f"{path}: no text files in this directory")
            yield RawCluster(str(path), {"articles": [_text_article(p) for p in files]})
        elif not path.is_file():
            raise InvalidInput(f"{path}: no such file or directory")
        elif path.suffix.lower() == ".jsonl":
            yield from _jsonl(path)
        elif path.suffix.lower() == ".json":
            yield from _json_clusters(_load_json(_read(path), str(path)), str(path))
        else:
            loose.append(_text_article(path))
    if loose:
        yield RawCluster("text files", {"articles": loose})


def _from_stdin(loose: list[dict[str, Any]]) -> Iterator[RawCluster]:
    data = sys.stdin.read()
    stripped = data.lstrip()
    if stripped.startswith(("{", "[")):
        lines = [line for line in data.splitlines() if line.strip()]
        if len(lines) > 1 and all(line.lstrip().startswith("{") for line in lines):
            try:
                for number, line in enumerate(lines, 1):
                    yield RawCluster(f"stdin:{number}", _cluster_body(json.loads(line), f"stdin:{number}"))
                return
            except json.JSONDecodeError:
                pass  # not JSON lines after all: try it as one document below
        yield from _json_clusters(_load_json(data, "stdin"), "stdin")
    else:
        loose.append({"id": "stdin", "text": data})


def _jsonl(path: Path) -> Iterator[RawCluster]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                origin = f"{path}:{number}"
                yield RawCluster(origin, _cluster_body(_load_json(line, origin), origin))


def _json_clusters(value: Any, origin: str) -> Iterator[RawCluster]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield RawCluster(f"{origin}[{i}]", _cluster_body(item, f"{origin}[{i}]"))
    else:
        yield RawCluster(origin, _cluster_body(value, origin))


def _cluster_body(value: Any, origin: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput(f"{origin}: a cluster must be a JSON object", [FieldError("$", "expected an object")])
    if "articles" not in value and "documents" in value:
        # The evaluation format: keep only what the summarizer reads.
        documents = value["documents"]
        if isinstance(documents, list):
            documents = [_evaluation_article(d) for d in documents]
        return {"articles": documents}
    return value


def _evaluation_article(document: Any) -> Any:
    if not isinstance(document, dict):
        return document
    return {k: document[k] for k in ("id", "text", "title") if k in document}


def read_evaluation_set(path: str) -> list[EvaluationCluster]:
    """Clusters with human references from a JSONL file (one cluster per line).

    Each line: ``{"id", "documents" or "articles", "references": [str, ...], "query"?}``;
    ``query`` may be a string or ``{"title", "narrative"}``.
    """
    file = Path(path)
    if not file.is_file():
        raise InvalidInput(f"{path}: no such file")
    clusters: list[EvaluationCluster] = []
    for number, line in enumerate(_read(file).splitlines(), 1):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        source = _load_json(line, origin)
        body = _cluster_body(source, origin)
        references = source.get("references")
        if not isinstance(references, list) or not references or not all(isinstance(r, str) for r in references):
            raise InvalidInput(f"{origin}: 'references' must be a non-empty list of strings")
        clusters.append(
            EvaluationCluster(str(source.get("id", origin)), body, tuple(references), _query_text(source.get("query")))
        )
    return clusters


def _query_text(query: Any) -> str | None:
    if isinstance(query, str):
        return query
    if isinstance(query, dict):
        parts = [query.get("title"), query.get("narrative")]
        return " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip()) or None
    return None


def _text_article(path: Path) -> dict[str, Any]:
    return {"id": path.stem, "text": _read(path)}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise InvalidInput(f"{path}: {exc.strerror}") from exc


def _load_json(text: str, origin: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidJSON(f"{origin}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
