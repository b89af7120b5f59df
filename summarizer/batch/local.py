"""The local engine: every row in this process, one model, files streamed in order, a progress bar.

Needs no Ray. The model uses ``SUMMARIZER_THREADS`` cores (0: all this process may use).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import pyarrow.fs as pafs

from .io import InputFile, Tally, input_rows
from .rows import RowWorker, SkipRow, to_table

__all__ = ["run_local"]

# Rows summarized between hand-overs to the writer (which makes its own parts).
_CHUNK = 64


def run_local(
    filesystem: pafs.FileSystem,
    files: Sequence[InputFile],
    worker: RowWorker,
    tally: Tally,
    progress: bool = False,
) -> None:
    """Summarize every row of ``files`` in order with ``worker``, handing the results to ``tally``."""
    from tqdm import tqdm

    known = [f.rows for f in files]
    total = sum(n for n in known if n is not None) if all(n is not None for n in known) else None
    bar = tqdm(total=total, unit="row", desc="summarizing", file=sys.stderr, disable=not progress)
    pending: list[dict[str, Any]] = []
    skipped = 0
    try:
        for file in files:
            for source, line, payload in input_rows(filesystem, file):
                try:
                    pending.append(worker.process_one(source, line, payload))
                except SkipRow:
                    skipped += 1
                bar.update(1)
                if len(pending) + skipped >= _CHUNK:
                    tally.add(to_table(pending), skipped)
                    pending, skipped = [], 0
        tally.add(to_table(pending), skipped)
    finally:
        bar.close()
