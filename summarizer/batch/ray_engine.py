"""The Ray Data engine: read -> map_batches over an actor pool, one model per actor -> write.

The job is the shape of Ray Data's offline batch inference::

    read_binary_files(INPUT files)           whole files, in Ray's read tasks
      .flat_map(rows of each file)           the local engine's own reader (io.rows_of_bytes)
                                             in blocks of at most 16 kB, so a file spreads over actors
      .map_batches(_Summarize, compute=ActorPoolStrategy(size=actors),
                   num_cpus=threads_per_actor, batch_size=batch_size, batch_format="pyarrow")
      -> the driver's PartWriter             whole, hidden-then-renamed parts, as locally

Each ``_Summarize`` actor loads the model once in ``__init__`` (``rows.ModelLoader``
with ``threads_per_actor`` threads, set explicitly because onnxruntime and OpenVINO do
not read the ``OMP_NUM_THREADS`` Ray sets, and OpenVINO never pinned) and runs the same
``RowWorker`` as the local engine, so a row's answer does not depend on the engine.
``read_json`` is not used (it reads each file as one table, and one malformed line
fails the file), nor ``read_text`` (it splits lines at U+2028 and U+0085 too).

The results come back to the driver and are written there: a summary is a few kB, so the
driver is not the bottleneck, and one writer for both engines keeps ``--resume`` and the
row count exact. Reading and splitting take no CPU reservation, so that actors that
reserve every CPU of a cluster cannot starve them.

This module is the only one that imports ``ray``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import ray
import ray.data

from ..config import Settings
from .io import InputFile, Tally, rows_of_bytes
from .rows import OUTPUT_SCHEMA, DoneKeys, EmbedderFactory, RowWorker

__all__ = ["RayOptions", "run_ray"]

log = logging.getLogger(__name__)

_SKIPPED = "_skipped"
_WORKER = "_worker"
# A 10-article cluster is 30 to 60 kB of JSON: about a row a block, each actor call
# bundling batch_size of them. Per-block costs (about a millisecond) are small beside a
# summary's (a quarter of a second).
_BLOCK_BYTES = 16 * 1024
# How long the pool may take to start (a cluster that must first add nodes included).
_ACTOR_START_SECONDS = 900


@dataclass(frozen=True, slots=True)
class RayOptions:
    """address: a running cluster (``host:port``, ``auto``); None starts a local one of actors * threads CPUs."""

    address: str | None = None
    actors: int = 1
    threads_per_actor: int = 1
    batch_size: int = 8
    object_store_memory: int | None = None


class _Summarize:
    """A Ray Data callable class: one model per actor, loaded in ``__init__``."""

    def __init__(
        self, factory: EmbedderFactory, settings: Settings, overrides: Mapping[str, Any], done: DoneKeys
    ) -> None:
        self.worker = RowWorker(factory(), settings, overrides, done)
        self.name = f"{ray.get_runtime_context().get_node_id()}/{os.getpid()}"

    def __call__(self, batch: pa.Table) -> pa.Table:
        table, skipped = self.worker.process(batch)
        return table.append_column(_SKIPPED, pa.array(skipped, pa.bool_())).append_column(
            _WORKER, pa.array([self.name] * table.num_rows, pa.string())
        )


def _split_file(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for source, line, payload in rows_of_bytes(record["path"], record["bytes"]):
        yield {"source": source, "line": line, "payload": payload}


def run_ray(
    filesystem: pafs.FileSystem,
    files: Sequence[InputFile],
    factory: EmbedderFactory,
    settings: Settings,
    overrides: Mapping[str, Any],
    done: DoneKeys,
    tally: Tally,
    options: RayOptions,
    progress: bool = False,
) -> None:
    """Summarize every row of ``files`` on a Ray cluster, handing the results to ``tally``."""
    # A driver that already joined a cluster (a notebook, a test) keeps it, and its connection.
    owned = not ray.is_initialized()
    if not owned:
        pass
    elif options.address:
        ray.init(address=options.address, logging_level=logging.WARNING, log_to_driver=True)
    else:
        # "local", not None: None would join any cluster it can find on this machine.
        ray.init(
            address="local",
            num_cpus=options.actors * options.threads_per_actor,
            include_dashboard=False,
            object_store_memory=options.object_store_memory,
            logging_level=logging.WARNING,
        )
    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = progress
        # One block goes to one actor, and a file's rows would make one block: small
        # blocks spread a file over the pool. (``repartition`` would too, but its tasks
        # need a CPU, which a pool that reserves every CPU never frees.)
        context.target_max_block_size = _BLOCK_BYTES
        # Start every actor (each loading its model) before handing out rows, so the first
        # ready one does not take the whole of a short job.
        context.wait_for_min_actors_s = _ACTOR_START_SECONDS
        dataset = (
            ray.data.read_binary_files([f.path for f in files], filesystem=filesystem, include_paths=True, num_cpus=0)
            .flat_map(_split_file, num_cpus=0)
            .map_batches(
                _Summarize,
                fn_constructor_kwargs={
                    "factory": factory,
                    "settings": settings,
                    "overrides": dict(overrides),
                    "done": done,
                },
                compute=ray.data.ActorPoolStrategy(size=options.actors),
                num_cpus=options.threads_per_actor,
                batch_size=options.batch_size,
                batch_format="pyarrow",
            )
        )
        for batch in dataset.iter_batches(batch_format="pyarrow", batch_size=None):
            _hand_over(batch, tally)
    finally:
        if owned:
            ray.shutdown()


def _hand_over(batch: pa.Table, tally: Tally) -> None:
    """Split one result batch by worker and skipped mark, and give the written rows to ``tally``."""
    skipped = batch.column(_SKIPPED)
    workers = batch.column(_WORKER)
    for worker in pc.unique(workers).to_pylist():
        mine = pc.equal(workers, worker)
        kept = batch.filter(pc.and_(mine, pc.invert(skipped))).select(OUTPUT_SCHEMA.names)
        n_skipped = int(pc.sum(pc.and_(mine, skipped).cast(pa.int64())).as_py() or 0)
        tally.add(kept.cast(OUTPUT_SCHEMA), n_skipped, worker)
