"""Files of a batch job: finding the inputs, reading their rows, writing and re-reading the output.

Any filesystem pyarrow knows: a plain path is local, a URI (``s3://bucket/day=1/``,
``gs://...``, ``hdfs://...``) names its own. INPUT is a file, a folder (every ``.jsonl``
and ``.parquet`` file under it, hidden ones excepted) or a glob (``*``, ``?`` and ``[``
in the path; ``*`` may cross folders); files are taken in path order.

JSONL is split on ``\\n`` only: ``str.splitlines`` would also split inside a line at
U+2028 or U+0085, which ``json.dumps(ensure_ascii=False)`` writes raw. Blank lines are
not rows, but count for line numbers.

OUTPUT is a folder of part files (``part-<run>-<n>.parquet`` or ``.jsonl``; JSONL when
OUTPUT ends in ``.jsonl``, else Parquet). Each part is written under a hidden name and
renamed when complete, so a job killed at any moment leaves only whole parts behind,
and ``--resume`` (``done_keys``) can trust every row it finds.
"""

from __future__ import annotations

import fnmatch
import json
import os
import secrets
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from ..errors import InvalidInput
from .rows import OUTPUT_SCHEMA, DoneKeys, unreadable

__all__ = [
    "FORMATS",
    "InputFile",
    "Output",
    "PartWriter",
    "Tally",
    "input_rows",
    "open_output",
    "resolve_inputs",
    "rows_of_bytes",
]

FORMATS = {".jsonl": "jsonl", ".parquet": "parquet"}
_GLOB = set("*?[")
_CHUNK = 1 << 20
# Payloads of one Parquet batch at a time; a row group may be much larger.
_PARQUET_BATCH = 256


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file: its path on ``filesystem`` (no scheme), its format and, for Parquet, its row count."""

    path: str
    format: str
    rows: int | None = None


def resolve_inputs(location: str) -> tuple[pafs.FileSystem, list[InputFile]]:
    """The filesystem and the input files that ``location`` names, in path order; raises InvalidInput."""
    filesystem, path = _filesystem(location)
    if _GLOB & set(path):
        base = _glob_base(path)
        found = [f for f in _walk(filesystem, base) if fnmatch.fnmatchcase(f.path, path)]
    else:
        info = _info(filesystem, path, location)
        if info.type == pafs.FileType.Directory:
            found = list(_walk(filesystem, path))
        elif info.type == pafs.FileType.File:
            found = [info]
        else:
            raise InvalidInput(f"{location}: no such file or folder")
    files = []
    for info in sorted(found, key=lambda f: f.path):
        fmt = _format_of(info.path)
        if fmt is None:
            if len(found) == 1:
                raise InvalidInput(f"{location}: not a .jsonl or .parquet file")
            continue
        files.append(InputFile(info.path, fmt))
    if not files:
        raise InvalidInput(f"{location}: no .jsonl or .parquet file found")
    return filesystem, [_with_row_count(filesystem, f) for f in files]


def input_rows(filesystem: pafs.FileSystem, file: InputFile) -> Iterator[tuple[str, int, bytes | None]]:
    """Stream one file's rows as ``(source, line, payload)``, reading as it goes."""
    if file.format == "jsonl":
        with filesystem.open_input_stream(file.path, compression=None) as handle:
            yield from _jsonl_rows(file.path, handle)
    else:
        with filesystem.open_input_file(file.path) as handle:
            yield from _parquet_rows(file.path, handle)


def rows_of_bytes(source: str, data: bytes) -> Iterator[tuple[str, int, bytes | None]]:
    """The rows of one whole file held in memory (the Ray engine reads files whole)."""
    fmt = _format_of(source)
    if fmt == "jsonl":
        yield from _jsonl_rows(source, pa.BufferReader(data))
    else:
        yield from _parquet_rows(source, pa.BufferReader(data))


def _jsonl_rows(source: str, handle: Any) -> Iterator[tuple[str, int, bytes | None]]:
    rest = b""
    number = 0
    while True:
        chunk = handle.read(_CHUNK)
        if not chunk:
            break
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        for line in lines:
            number += 1
            if line.strip():
                yield source, number, line
    if rest.strip():
        yield source, number + 1, rest


def _parquet_rows(source: str, handle: Any) -> Iterator[tuple[str, int, bytes | None]]:
    try:
        reader = pq.ParquetFile(handle)
    except (pa.ArrowException, OSError) as exc:
        # Not one bad row but a bad file: it becomes one row, line 0, that says so.
        yield source, 0, unreadable(f"{source}: not a readable Parquet file: {exc}")
        return
    number = 0
    for batch in reader.iter_batches(batch_size=_PARQUET_BATCH):
        for record in batch.to_pylist():
            number += 1
            yield source, number, json.dumps(_without_nulls(record), ensure_ascii=False, default=_jsonable).encode()


def _without_nulls(value: Any) -> Any:
    """A Parquet row as a request body: a null column or struct field is an absent field."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _jsonable(value: Any) -> Any:
    # Timestamps are the natural Parquet type of published_at; the API takes ISO 8601.
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True, slots=True)
class Output:
    """The output folder and its format."""

    filesystem: pafs.FileSystem
    path: str
    format: str

    def parts(self) -> list[str]:
        """Complete part files, in path order."""
        suffix = "." + self.format
        return sorted(
            info.path
            for info in self.filesystem.get_file_info(pafs.FileSelector(self.path, recursive=False))
            if info.type == pafs.FileType.File and info.base_name.startswith("part-") and info.path.endswith(suffix)
        )

    def done_keys(self) -> tuple[DoneKeys, int]:
        """What the parts hold (for ``--resume``) and how many rows they hold."""
        ids: set[str] = set()
        positions: set[tuple[str, int]] = set()
        rows = 0
        for part in self.parts():
            for row_id, source, line in self._keys(part):
                rows += 1
                if row_id is not None:
                    ids.add(row_id)
                else:
                    positions.add((source, line))
        return DoneKeys(frozenset(ids), frozenset(positions)), rows

    def count_rows(self) -> int:
        """Rows in all parts (Parquet: from the footers)."""
        if self.format == "parquet":
            total = 0
            for part in self.parts():
                with self.filesystem.open_input_file(part) as handle:
                    total += pq.ParquetFile(handle).metadata.num_rows
            return total
        return sum(1 for part in self.parts() for _ in self._keys(part))

    def remove_leftovers(self) -> list[str]:
        """Delete parts a killed run left unfinished (hidden ``.part-*`` files); their names."""
        left = [
            info.path
            for info in self.filesystem.get_file_info(pafs.FileSelector(self.path, recursive=False))
            if info.type == pafs.FileType.File and info.base_name.startswith(".part-")
        ]
        for path in left:
            self.filesystem.delete_file(path)
        return left

    def _keys(self, part: str) -> Iterator[tuple[str | None, str, int]]:
        if self.format == "parquet":
            with self.filesystem.open_input_file(part) as handle:
                table = pq.read_table(handle, columns=["id", "source", "line"])
            yield from zip(*(table.column(c).to_pylist() for c in ("id", "source", "line")), strict=True)
            return
        with self.filesystem.open_input_stream(part, compression=None) as handle:
            for _, _, line in _jsonl_rows(part, handle):
                assert line is not None
                row = json.loads(line)
                yield row["id"], row["source"], row["line"]


def open_output(location: str) -> Output:
    """The output folder (created if missing); JSONL when the name ends in ``.jsonl``, else Parquet."""
    filesystem, path = _filesystem(location)
    path = path.rstrip("/") or path
    fmt = "jsonl" if path.lower().endswith(".jsonl") else "parquet"
    info = filesystem.get_file_info(path)
    if info.type == pafs.FileType.File:
        raise InvalidInput(f"{location}: is a file; OUTPUT is a folder of part files (it may be named out.{fmt})")
    filesystem.create_dir(path, recursive=True)
    return Output(filesystem, path, fmt)


class PartWriter:
    """Writes ``OUTPUT_SCHEMA`` tables into part files of about ``rows_per_part`` rows.

    A part is also closed when ``seconds_per_part`` have passed since the last one, so a
    slow job killed after hours loses minutes of work, not hours.
    """

    def __init__(self, output: Output, rows_per_part: int = 1000, seconds_per_part: float = 60.0) -> None:
        self.output = output
        self.rows_per_part = max(1, rows_per_part)
        self.seconds_per_part = seconds_per_part
        self.run = time.strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
        self.parts_written = 0
        self.rows_written = 0
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self._since = time.monotonic()

    def write(self, table: pa.Table) -> None:
        if table.num_rows:
            self._pending.append(table)
            self._pending_rows += table.num_rows
        if self._pending_rows >= self.rows_per_part or time.monotonic() - self._since >= self.seconds_per_part:
            self.flush()

    def flush(self) -> None:
        self._since = time.monotonic()
        if not self._pending_rows:
            return
        table = pa.concat_tables(self._pending).cast(OUTPUT_SCHEMA)
        self._pending, self._pending_rows = [], 0
        name = f"part-{self.run}-{self.parts_written:05d}.{self.output.format}"
        final = f"{self.output.path}/{name}"
        hidden = f"{self.output.path}/.{name}"
        filesystem = self.output.filesystem
        with filesystem.open_output_stream(hidden, compression=None) as handle:
            if self.output.format == "parquet":
                pq.write_table(table, handle, compression="zstd")
            else:
                for row in table.to_pylist():
                    handle.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
        filesystem.move(hidden, final)
        self.parts_written += 1
        self.rows_written += table.num_rows

    def close(self) -> None:
        self.flush()


class Tally:
    """Counts what an engine hands to the writer, and writes it."""

    def __init__(self, writer: PartWriter) -> None:
        self.writer = writer
        self.read = 0
        self.skipped = 0
        self.errors: Counter[str] = Counter()
        self.workers: Counter[str] = Counter()

    def add(self, table: pa.Table, skipped: int = 0, worker: str | None = None) -> None:
        """``table``: the written rows of one batch; ``skipped``: rows of it already done."""
        self.read += table.num_rows + skipped
        self.skipped += skipped
        self.errors.update(code for code in table.column("error").combine_chunks().field("code").to_pylist() if code)
        if worker is not None:
            self.workers[worker] += table.num_rows
        self.writer.write(table)


def _filesystem(location: str) -> tuple[pafs.FileSystem, str]:
    if "://" in location:
        try:
            filesystem, path = pafs.FileSystem.from_uri(location)
        except (pa.ArrowException, ValueError, OSError) as exc:
            raise InvalidInput(f"{location}: {exc}") from exc
        return filesystem, path
    return pafs.LocalFileSystem(), os.path.abspath(os.path.expanduser(location))


def _info(filesystem: pafs.FileSystem, path: str, location: str) -> pafs.FileInfo:
    try:
        info: pafs.FileInfo = filesystem.get_file_info(path)
    except (pa.ArrowException, OSError) as exc:
        raise InvalidInput(f"{location}: {exc}") from exc
    return info


def _walk(filesystem: pafs.FileSystem, base: str) -> Iterator[pafs.FileInfo]:
    selector = pafs.FileSelector(base, recursive=True, allow_not_found=True)
    for info in filesystem.get_file_info(selector):
        relative = info.path[len(base) :].lstrip("/")
        hidden = any(part.startswith((".", "_")) for part in relative.split("/"))
        if info.type == pafs.FileType.File and not hidden and _format_of(info.path):
            yield info


def _glob_base(pattern: str) -> str:
    """The folder above the first path segment that holds a wildcard."""
    parts = pattern.split("/")
    fixed = []
    for part in parts:
        if _GLOB & set(part):
            break
        fixed.append(part)
    return "/".join(fixed) or "/"


def _format_of(path: str) -> str | None:
    lowered = path.lower()
    return next((fmt for suffix, fmt in FORMATS.items() if lowered.endswith(suffix)), None)


def _with_row_count(filesystem: pafs.FileSystem, file: InputFile) -> InputFile:
    if file.format != "parquet":
        return file
    try:
        with filesystem.open_input_file(file.path) as handle:
            return InputFile(file.path, file.format, pq.ParquetFile(handle).metadata.num_rows)
    except (pa.ArrowException, OSError):
        return InputFile(file.path, file.format, 1)  # read as one error row
