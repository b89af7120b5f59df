"""One input row in, one output row out: the batch's wire format and the work on each row.

An input row is ``(source, line, payload)``: the file it came from, its 1-based line
(JSONL) or row (Parquet) number there, and its bytes (a JSONL line as written; a Parquet
row as the JSON object of its non-null fields). ``RowWorker.process`` turns a table of
them into a table of ``OUTPUT_SCHEMA`` rows, one each, in order; a row whose id is
already in the output of an earlier run comes back marked ``skipped`` instead.

The payload is the ``/v1/summarize`` body plus an ``id``, and is read the way the API
reads a body (strict UTF-8, no ``NaN``, ``schema.parse_cluster``, the same limits), then
summarized by ``method.pipeline.summarize`` with the API's ``max_sentences_kept``: for
the same cluster and options a row holds exactly the API's answer. A bad row becomes an
error row with the API's error code; only a model that stops working stops the job.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

import pyarrow as pa

from ..config import Settings
from ..embedder import Embedder
from ..errors import FieldError, InputTooLarge, InvalidInput, InvalidJSON, ModelUnavailable, SummarizerError
from ..method.pipeline import summarize
from ..schema import parse_cluster

__all__ = [
    "INPUT_SCHEMA",
    "OUTPUT_SCHEMA",
    "DoneKeys",
    "EmbedderFactory",
    "ModelLoader",
    "RowWorker",
    "SkipRow",
    "error_row",
    "to_table",
    "unreadable",
]

log = logging.getLogger(__name__)

INPUT_SCHEMA = pa.schema([("source", pa.string()), ("line", pa.int64()), ("payload", pa.binary())])

_CITATION = pa.struct(
    [("article_id", pa.string()), ("sentence_index", pa.int64()), ("start", pa.int64()), ("end", pa.int64())]
)
_CORROBORATION = pa.struct(
    [*(_CITATION[i] for i in range(_CITATION.num_fields)), ("similarity", pa.float64()), ("probability", pa.float64())]
)
_DISPUTE = pa.struct(
    [
        *(_CITATION[i] for i in range(_CITATION.num_fields)),
        ("probability", pa.float64()),
        ("figures", pa.struct([("this", pa.list_(pa.string())), ("other", pa.list_(pa.string()))])),
        ("marker", pa.int64()),
    ]
)
_SENTENCE = pa.struct(
    [
        ("text", pa.string()),
        ("score", pa.float64()),
        ("citation", _CITATION),
        ("also_in", pa.list_(_CORROBORATION)),
        ("disputed_by", pa.list_(_DISPUTE)),
        ("markers", pa.list_(pa.int64())),
    ]
)
_SOURCE = pa.struct(
    [
        ("marker", pa.int64()),
        ("article_id", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("published_at", pa.string()),
    ]
)
_OPTIONS = pa.struct(
    [
        ("max_sentences", pa.int64()),
        ("max_words", pa.int64()),
        ("max_chars", pa.int64()),
        ("diversity", pa.float64()),
        ("query", pa.string()),
        ("order", pa.string()),
        ("corroboration_threshold", pa.float64()),
        ("dispute_threshold", pa.float64()),
    ]
)
_META = pa.struct(
    [
        ("model", pa.string()),
        ("articles", pa.int64()),
        ("sentences_found", pa.int64()),
        ("sentences_kept", pa.int64()),
        ("candidate_sentences", pa.int64()),
        ("skipped_articles", pa.list_(pa.string())),
        ("options", _OPTIONS),
    ]
)
_ERROR = pa.struct(
    [
        ("code", pa.string()),
        ("message", pa.string()),
        ("details", pa.list_(pa.struct([("field", pa.string()), ("message", pa.string())]))),
    ]
)
# Fixed, so that a batch in which every row failed still has typed columns, and every
# shard of a job has one schema. summary/sentences/sources/meta are the API's answer,
# null on an error row; error is null on a summary row. README "Batch" documents it.
OUTPUT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("source", pa.string()),
        ("line", pa.int64()),
        ("summary", pa.string()),
        ("sentences", pa.list_(_SENTENCE)),
        ("sources", pa.list_(_SOURCE)),
        ("meta", _META),
        ("error", _ERROR),
    ]
)
RESULT_FIELDS = ("summary", "sentences", "sources", "meta")

# The HTTP service's code for a body over SUMMARIZER_MAX_BODY_BYTES; here, a line over it.
PAYLOAD_TOO_LARGE = "payload_too_large"
INTERNAL_ERROR = "internal_error"
_INTERNAL_MESSAGE = "internal error; the traceback is in the log of the process that ran this row"
_MAX_ID_CHARS = 200
_SURROGATE = re.compile("[\ud800-\udfff]")
# JSON text never starts with NUL: a payload that does stands for an unreadable file.
_UNREADABLE = b"\x00unreadable:"


@dataclass(frozen=True, slots=True)
class DoneKeys:
    """What an earlier run already wrote: the ids, and the (source, line) of rows without one."""

    ids: frozenset[str] = frozenset()
    positions: frozenset[tuple[str, int]] = frozenset()

    def __len__(self) -> int:
        return len(self.ids) + len(self.positions)


class SkipRow(Exception):
    """The row is already in the output (``--resume``)."""


EmbedderFactory = Callable[[], Embedder]


class ModelLoader:
    """Picklable: loads the configured embedder where it is called (a Ray actor's ``__init__``).

    ``threads`` is set explicitly: onnxruntime and OpenVINO do not read the
    ``OMP_NUM_THREADS`` Ray sets. ``pin_threads=False`` keeps OpenVINO from pinning its
    threads to the first cores, where several actors sharing a machine would all pin.
    """

    def __init__(self, settings: Settings, threads: int, pin_threads: bool | None = None) -> None:
        self.settings = settings
        self.threads = threads
        self.pin_threads = pin_threads

    def __call__(self) -> Embedder:
        from ..embeddings import load_embedder

        s = self.settings
        return load_embedder(
            s.model,
            s.models_dir,
            s.batch_size,
            backend=s.backend,
            cache_size=s.cache_size,
            threads=self.threads,
            pin_threads=self.pin_threads,
        )


class RowWorker:
    """Summarizes input rows with one embedder: what each engine runs per process (or Ray actor).

    overrides: option fields that replace each row's own (the command's ``--max-words`` ...),
               as ``summarize`` applies them; validated by the caller.
    """

    def __init__(
        self,
        embedder: Embedder,
        settings: Settings,
        overrides: Mapping[str, Any] | None = None,
        done: DoneKeys | None = None,
    ) -> None:
        self.embedder = embedder
        self.settings = settings
        self.overrides = dict(overrides or {})
        self.done = done or DoneKeys()

    def process(self, rows: pa.Table) -> tuple[pa.Table, list[bool]]:
        """``INPUT_SCHEMA`` rows -> ``OUTPUT_SCHEMA`` rows, one per input row and in its order,
        and for each whether it was skipped (already done; its output row is then empty)."""
        out: list[dict[str, Any]] = []
        skipped: list[bool] = []
        for source, line, payload in zip(
            rows.column("source").to_pylist(),
            rows.column("line").to_pylist(),
            rows.column("payload").to_pylist(),
            strict=True,
        ):
            try:
                out.append(self.process_one(source, line, payload))
                skipped.append(False)
            except SkipRow:
                out.append({"source": source, "line": line})
                skipped.append(True)
        if len(out) != rows.num_rows:  # a bug, never bad input: stop rather than lose rows
            raise AssertionError(f"{rows.num_rows} rows in, {len(out)} out")
        return to_table(out), skipped

    def process_one(self, source: str, line: int, payload: bytes | None) -> dict[str, Any]:
        """One output row (a plain dict in ``OUTPUT_SCHEMA``'s shape); raises SkipRow for a done row."""
        if (source, line) in self.done.positions:
            raise SkipRow
        row_id: str | None = None
        try:
            body = _load_body(payload, self.settings.max_body_bytes)
            row_id, id_errors = _take_id(body)
            if row_id is not None and row_id in self.done.ids:
                raise SkipRow
            try:
                articles, options = parse_cluster({**body, **self.overrides}, self.settings.limits)
            except InvalidInput as exc:
                raise InvalidInput(exc.message, [*id_errors, *exc.details]) from exc
            if id_errors:
                raise InvalidInput("the request does not match the schema", id_errors)
            result = summarize(
                articles, options, self.embedder, max_sentences_kept=self.settings.max_sentences_kept
            ).to_dict()
        except (SkipRow, ModelUnavailable):
            raise  # the model failing is the job's problem, not this row's
        except SummarizerError as exc:
            return error_row(row_id, source, line, exc.code, exc.message, exc.details)
        except Exception:
            log.exception("unhandled error in a batch row", extra={"source": source, "line": line})
            return error_row(row_id, source, line, INTERNAL_ERROR, _INTERNAL_MESSAGE)
        return {"id": row_id, "source": source, "line": line, **result, "error": None}


def error_row(
    row_id: str | None,
    source: str,
    line: int,
    code: str,
    message: str,
    details: Iterable[FieldError] = (),
) -> dict[str, Any]:
    """An output row for a row that has no summary: the error's code, message and field errors."""
    return {
        "id": row_id,
        "source": source,
        "line": line,
        **dict.fromkeys(RESULT_FIELDS),
        "error": {
            "code": code,
            "message": _printable(message),
            "details": [{"field": _printable(d.field), "message": _printable(d.message)} for d in details],
        },
    }


def to_table(rows: list[dict[str, Any]]) -> pa.Table:
    """Plain rows -> an ``OUTPUT_SCHEMA`` table (fields the schema does not know are left out)."""
    return pa.Table.from_pylist(rows, schema=OUTPUT_SCHEMA)


def _load_body(payload: bytes | None, max_bytes: int) -> dict[str, Any]:
    """The row's JSON object, read as the API reads a request body; raises InvalidJSON or InvalidInput."""
    if payload is not None and payload.startswith(_UNREADABLE):
        raise InvalidInput(payload[len(_UNREADABLE) :].decode("utf-8", "replace"))
    if payload is None or not payload.strip():
        raise InvalidJSON("the row is empty; expected a JSON object")
    if len(payload) > max_bytes:
        _too_large(len(payload), max_bytes)
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidJSON(f"the row is not UTF-8: {exc.reason} at byte {exc.start}") from exc
    try:
        value = json.loads(text.removeprefix("\ufeff"), parse_constant=_reject_constant)
    except RecursionError as exc:
        raise InvalidJSON("the row is nested too deeply") from exc
    except ValueError as exc:
        raise InvalidJSON(f"the row is not valid JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise InvalidInput("each row must be a JSON object", [FieldError("$", "expected an object")])
    return value


class _PayloadTooLarge(InputTooLarge):
    code = PAYLOAD_TOO_LARGE


def _too_large(size: int, limit: int) -> NoReturn:
    raise _PayloadTooLarge(f"the row is {size} bytes; the limit is {limit} (SUMMARIZER_MAX_BODY_BYTES)")


def unreadable(message: str) -> bytes:
    """The payload of a row standing for a whole file that could not be read (it says why)."""
    return _UNREADABLE + message.encode("utf-8", "backslashreplace")


def _take_id(body: dict[str, Any]) -> tuple[str | None, list[FieldError]]:
    """Remove ``id`` from the body: a string of 1 to 200 characters, or an integer (made a string)."""
    value = body.pop("id", None)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and value.strip() and len(value) <= _MAX_ID_CHARS and not _SURROGATE.search(value):
        return value, []
    shown = "nothing" if value is None else type(value).__name__ if not isinstance(value, str) else repr(value[:40])
    return None, [FieldError("id", f"required: a string of 1 to {_MAX_ID_CHARS} characters or an integer, got {shown}")]


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON number")


def _printable(text: str) -> str:
    # A lone surrogate echoed from a row (an unknown key in a field path) cannot be written
    # as UTF-8 to Parquet or JSONL: escape it rather than lose the row.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
