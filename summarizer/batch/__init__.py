"""Summarizing an archive: ``summarizer batch INPUT OUTPUT``, in one process or on Ray Data.

::

    io          the files: INPUT (file, folder, glob; any pyarrow filesystem), OUTPUT parts,
                what an earlier run wrote (--resume)
    rows        one input row -> one output row: the fixed OUTPUT_SCHEMA, error rows with
                the API's codes, RowWorker (the same work in every engine)
    local       the local engine: in-process, a progress bar, no Ray needed
    ray_engine  the Ray Data engine: an actor pool, one model per actor (the only importer of ray)
    job         BatchJob -> run_batch -> BatchReport, and the rows-in = rows-out check

Needs the ``batch`` extra (pyarrow, tqdm); ``--engine ray`` the ``ray`` extra.
"""

from __future__ import annotations

from .job import ENGINES, BatchJob, BatchReport, LostRows, run_batch
from .rows import INPUT_SCHEMA, OUTPUT_SCHEMA, ModelLoader

__all__ = [
    "ENGINES",
    "INPUT_SCHEMA",
    "OUTPUT_SCHEMA",
    "BatchJob",
    "BatchReport",
    "LostRows",
    "ModelLoader",
    "run_batch",
]
