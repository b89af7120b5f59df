"""The local engine end to end: JSONL and Parquet both ways, bad rows kept, --resume, the command."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from summarizer.batch import OUTPUT_SCHEMA, BatchJob, run_batch
from summarizer.batch.io import open_output, resolve_inputs
from summarizer.config import Settings
from summarizer.embedder import Embedder
from summarizer.errors import InvalidInput
from tests.batch.data import fake, write_jsonl, write_parquet

CLUSTERS = 30


def read_output(folder: Path) -> list[dict[str, Any]]:
    """Every row of every part, in part then row order."""
    rows: list[dict[str, Any]] = []
    for part in sorted(folder.glob("part-*")):
        if part.suffix == ".parquet":
            table = pq.read_table(part)
            assert table.schema == OUTPUT_SCHEMA
            rows += table.to_pylist()
        else:
            rows += [json.loads(line) for line in part.read_text(encoding="utf-8").splitlines()]
    return rows


def check_rows(rows: list[dict[str, Any]], expected: list[tuple[str | None, str | None]]) -> None:
    assert len(rows) == len(expected)
    assert [(r["id"], r["error"]["code"] if r["error"] else None) for r in rows] == expected
    for row in rows:
        assert (row["summary"] is None) == (row["error"] is not None)
        for sentence in row["sentences"] or []:
            assert sentence["citation"]["end"] > sentence["citation"]["start"]


def test_jsonl_in_parquet_out_with_the_real_model(tmp_path: Path, real_embedder: Embedder) -> None:
    expected = write_jsonl(tmp_path / "in.jsonl", CLUSTERS)
    job = BatchJob(str(tmp_path / "in.jsonl"), str(tmp_path / "out.parquet"), overrides={"max_words": 50})
    report = run_batch(job, Settings(), lambda: real_embedder)
    rows = read_output(tmp_path / "out.parquet")
    check_rows(rows, expected)
    failed = Counter(code for _, code in expected if code)
    assert (report.read, report.written, report.skipped, report.errors) == (len(expected), len(expected), 0, failed)
    lines = [r["line"] for r in rows]
    assert lines == sorted(lines) and 3 not in lines  # line 3 is blank: not a row, but counted
    assert all(r["meta"]["model"] == real_embedder.name for r in rows if not r["error"])
    assert all(sum(len(s["text"].split()) for s in r["sentences"]) <= 50 for r in rows if not r["error"])
    # The row whose text holds a raw U+2028 is one row, summarized.
    assert next(r for r in rows if r["id"] == "cluster-003")["error"] is None


def test_parquet_in_jsonl_out(tmp_path: Path) -> None:
    expected = write_parquet(tmp_path / "in.parquet", CLUSTERS)
    report = run_batch(BatchJob(str(tmp_path / "in.parquet"), str(tmp_path / "out.jsonl")), Settings(), fake)
    rows = read_output(tmp_path / "out.jsonl")
    check_rows(rows, expected)
    assert [r["line"] for r in rows] == list(range(1, len(expected) + 1))
    assert report.failed == sum(1 for _, code in expected if code)
    # A Parquet timestamp arrives as the API's ISO 8601 string; odd rows carry max_words 60.
    ok = [r for r in rows if not r["error"]]
    assert {r["meta"]["options"]["max_words"] for r in ok} == {60, 100}


def test_folders_and_globs_take_every_input_file_in_path_order(tmp_path: Path) -> None:
    (tmp_path / "day=1").mkdir()
    (tmp_path / "day=2").mkdir()
    write_jsonl(tmp_path / "day=1" / "a.jsonl", 2)
    write_parquet(tmp_path / "day=2" / "b.parquet", 2)
    (tmp_path / "day=2" / "notes.txt").write_text("not an input")
    (tmp_path / "day=2" / ".hidden.jsonl").write_text("{}")
    _, files = resolve_inputs(str(tmp_path))
    assert [Path(f.path).name for f in files] == ["a.jsonl", "b.parquet"]
    _, files = resolve_inputs(str(tmp_path / "day=*" / "*.parquet"))
    assert [Path(f.path).name for f in files] == ["b.parquet"]
    assert files[0].rows == 2
    with pytest.raises(InvalidInput, match=r"no \.jsonl or \.parquet"):
        resolve_inputs(str(tmp_path / "*.csv"))


def test_resume_after_a_kill_finishes_without_duplicates(tmp_path: Path) -> None:
    expected = write_jsonl(tmp_path / "in.jsonl", CLUSTERS)
    out = tmp_path / "out.parquet"
    settings = Settings()
    run_batch(BatchJob(str(tmp_path / "in.jsonl"), str(out), rows_per_part=5), settings, fake)
    parts = sorted(out.glob("part-*"))
    first = read_output(out)
    # A job killed part-way: its last parts never got written, one was cut mid-write.
    for part in parts[3:]:
        part.unlink()
    (out / ".part-killed.parquet").write_bytes(b"PAR1 half a file")
    kept = read_output(out)
    with pytest.raises(InvalidInput, match="--resume"):
        run_batch(BatchJob(str(tmp_path / "in.jsonl"), str(out)), settings, fake)
    report = run_batch(BatchJob(str(tmp_path / "in.jsonl"), str(out), resume=True), settings, fake)
    assert report.skipped == len(kept) and report.written == len(expected) - len(kept)
    rows = read_output(out)
    key = lambda r: (r["source"], r["line"])  # noqa: E731
    assert sorted(rows, key=key) == sorted(first, key=key)
    assert not list(out.glob(".part-*"))
    # Nothing left to do: a second resume writes nothing.
    again = run_batch(BatchJob(str(tmp_path / "in.jsonl"), str(out), resume=True), settings, fake)
    assert (again.written, again.skipped) == (0, len(expected))


def test_a_file_that_is_not_parquet_is_one_error_row(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    write_parquet(tmp_path / "in" / "a.parquet", 3)
    (tmp_path / "in" / "b.parquet").write_bytes(b"not parquet at all")
    run_batch(BatchJob(str(tmp_path / "in"), str(tmp_path / "out.jsonl")), Settings(), fake)
    rows = read_output(tmp_path / "out.jsonl")
    assert rows[-1]["line"] == 0 and rows[-1]["error"]["code"] == "invalid_input"
    assert "not a readable Parquet file" in rows[-1]["error"]["message"]


def test_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out.parquet").write_text("x")
    with pytest.raises(InvalidInput, match="is a file"):
        open_output(str(tmp_path / "out.parquet"))


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args], capture_output=True, text=True, timeout=300, check=False
    )


def test_the_command_reports_and_fails_only_when_asked(tmp_path: Path) -> None:
    expected = write_jsonl(tmp_path / "in.jsonl", 4)
    failed = sum(1 for _, code in expected if code)
    done = cli("batch", str(tmp_path / "in.jsonl"), str(tmp_path / "out.jsonl"), "--max-sentences", "2", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["read"], report["written"], report["failed"]) == (len(expected), len(expected), failed)
    assert f"{len(expected)} rows read" in done.stderr
    rows = read_output(tmp_path / "out.jsonl")
    assert all(len(r["sentences"]) <= 2 for r in rows if not r["error"])
    strict = cli("batch", str(tmp_path / "in.jsonl"), str(tmp_path / "again.parquet"), "--fail-on-error")
    assert strict.returncode == 6
    assert f"{failed} of {len(expected)} rows written are error rows" in strict.stderr
    bad_flag = cli("batch", str(tmp_path / "in.jsonl"), str(tmp_path / "x.parquet"), "--max-words", "0")
    assert bad_flag.returncode == 2 and "max_words" in bad_flag.stderr
    assert not (tmp_path / "x.parquet").exists()
