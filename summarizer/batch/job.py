"""A batch job: INPUT rows -> an engine -> OUTPUT parts, with the row count checked at the end.

``run_batch`` resolves the files, reads what an earlier run wrote (``resume``), runs
the local or the Ray engine, and checks that every row read was written or skipped as
already done, and that OUTPUT grew by exactly the rows written. Error rows are results,
not failures of the job: the report counts them by code.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..config import Settings
from ..errors import InvalidInput, SummarizerError
from .io import Output, PartWriter, Tally, open_output, resolve_inputs
from .rows import DoneKeys, EmbedderFactory, ModelLoader, RowWorker

__all__ = ["ENGINES", "BatchJob", "BatchReport", "LostRows", "run_batch"]

ENGINES = ("local", "ray")


@dataclass(frozen=True, slots=True)
class BatchJob:
    """What ``summarizer batch`` was asked to do; each field is the CLI flag of the same name.

    overrides:         option fields (``max_words`` ...) that replace each row's own.
    address:           Ray only: a running cluster to join; None starts a local one of
                       ``actors * threads_per_actor`` CPUs.
    actors:            Ray only: actors, each holding one model.
    threads_per_actor: Ray only: CPUs reserved for each actor and threads of its model.
    batch_size:        Ray only: rows handed to an actor at a time.
    rows_per_part:     rows per output part file (fewer when a minute passes first).
    object_store_memory: bytes of a local Ray cluster's object store (None: Ray's default).
    """

    input: str
    output: str
    overrides: Mapping[str, Any] = field(default_factory=dict)
    engine: str = "local"
    resume: bool = False
    address: str | None = None
    actors: int = 1
    threads_per_actor: int = 1
    batch_size: int = 8
    rows_per_part: int = 1000
    object_store_memory: int | None = None
    progress: bool = False

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise InvalidInput(f"engine must be one of {', '.join(ENGINES)}, got {self.engine!r}")
        for name in ("actors", "threads_per_actor", "batch_size", "rows_per_part"):
            value = getattr(self, name)
            if value < 1:
                raise InvalidInput(f"{name} must be at least 1, got {value}")


@dataclass(frozen=True, slots=True)
class BatchReport:
    """What a job did. ``read == skipped + written``; ``failed`` of the written rows are error rows.

    workers: rows summarized by each Ray actor, keyed ``"<node id>/<pid>"`` (empty for local).
    """

    engine: str
    output: str
    read: int
    skipped: int
    written: int
    failed: int
    errors: dict[str, int]
    seconds: float
    workers: dict[str, int] = field(default_factory=dict)

    @property
    def nodes(self) -> dict[str, int]:
        """Rows summarized on each Ray node."""
        totals: Counter[str] = Counter()
        for worker, rows in self.workers.items():
            totals[worker.partition("/")[0]] += rows
        return dict(totals)

    def describe(self) -> str:
        rate = (self.written / self.seconds) if self.seconds > 0 else 0.0
        errors = ", ".join(f"{code} {n}" for code, n in sorted(self.errors.items()))
        text = (
            f"{self.read} rows read, {self.skipped} already done, {self.written} written "
            f"({self.written - self.failed} summaries, {self.failed} errors{': ' + errors if errors else ''}) "
            f"in {self.seconds:.1f} s ({rate:.2f} rows/s) to {self.output}"
        )
        if self.workers:
            nodes = self.nodes
            actors = Counter(w.partition("/")[0] for w in self.workers)
            text += "; rows by node: " + ", ".join(
                f"{node[:12]} {rows} ({actors[node]} actors)" for node, rows in sorted(nodes.items())
            )
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "output": self.output,
            "read": self.read,
            "skipped": self.skipped,
            "written": self.written,
            "failed": self.failed,
            "errors": dict(self.errors),
            "seconds": round(self.seconds, 3),
            "workers": dict(self.workers),
            "nodes": self.nodes,
        }


class LostRows(SummarizerError):
    """Rows in and rows out disagree: a bug in the engine, never bad input."""

    code = "internal_error"


def run_batch(job: BatchJob, settings: Settings, embedder_factory: EmbedderFactory | None = None) -> BatchReport:
    """Run ``job``; raises InvalidInput for bad paths or options, ModelUnavailable, LostRows.

    embedder_factory: builds the embedder in each process that summarizes (default: the
    configured model; for Ray, ``ModelLoader`` with ``threads_per_actor``). It must be
    picklable for the Ray engine.
    """
    started = time.monotonic()
    filesystem, files = resolve_inputs(job.input)
    output = open_output(job.output)
    output.remove_leftovers()
    if job.resume:
        done, before = output.done_keys()
    elif output.parts():
        raise InvalidInput(
            f"{job.output} already holds {len(output.parts())} result files; "
            "pass --resume to continue that job, or choose another OUTPUT"
        )
    else:
        done, before = DoneKeys(), 0
    writer = PartWriter(output, job.rows_per_part)
    tally = Tally(writer)
    if job.engine == "local":
        from .local import run_local

        worker = RowWorker(
            (embedder_factory or ModelLoader(settings, settings.threads))(), settings, job.overrides, done
        )
        run_local(filesystem, files, worker, tally, progress=job.progress)
    else:
        try:
            from .ray_engine import RayOptions, run_ray
        except ModuleNotFoundError as exc:
            if exc.name != "ray" and not str(exc.name).startswith("ray."):
                raise
            raise InvalidInput("--engine ray needs Ray: pip install 'summarizer[ray]'") from exc

        factory = embedder_factory or ModelLoader(settings, job.threads_per_actor, pin_threads=False)
        options = RayOptions(job.address, job.actors, job.threads_per_actor, job.batch_size, job.object_store_memory)
        run_ray(filesystem, files, factory, settings, job.overrides, done, tally, options, progress=job.progress)
    writer.close()
    _check_counts(tally, output, before)
    return BatchReport(
        engine=job.engine,
        output=job.output,
        read=tally.read,
        skipped=tally.skipped,
        written=writer.rows_written,
        failed=sum(tally.errors.values()),
        errors=dict(tally.errors),
        seconds=time.monotonic() - started,
        workers=dict(tally.workers),
    )


def _check_counts(tally: Tally, output: Output, before: int) -> None:
    written = tally.writer.rows_written
    if tally.read != tally.skipped + written:
        raise LostRows(f"{tally.read} rows read but {tally.skipped} skipped and {written} written")
    after = output.count_rows()
    if after != before + written:
        raise LostRows(f"OUTPUT held {before} rows and {written} were written, but it holds {after}")
