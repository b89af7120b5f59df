"""Throughput of ``summarizer batch``: the local engine against Ray Data at the same core count.

    python -m summarizer.tools.batch_bench [--clusters 200] [--articles 10] [--repeats 1] [--json]

Writes ``--clusters`` generated clusters (``synthetic.generate_cluster``) as JSONL and runs
the job end to end (model loading, and for Ray the local cluster's start, included) with:
the local engine on 1 and on 2 model threads, and Ray with 1 and 2 actors of 1 thread.
Reports clusters/s (the median of ``--repeats`` runs), Ray's overhead against the local
engine on as many cores, and the scaling from 1 to 2 actors. A report, never a test.

Ray binds to the machine's network address: run it where only loopback exists (for
example in a network namespace of its own, as BENCHMARKS.md shows).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..batch import BatchJob, run_batch
from ..config import Settings
from .synthetic import generate_cluster

__all__ = ["main", "run"]

# (name, engine, actors, threads): the local engine's threads are its model's.
CONFIGS = (
    ("local, 1 thread", "local", 1, 1),
    ("local, 2 threads", "local", 1, 2),
    ("ray, 1 actor x 1 thread", "ray", 1, 1),
    ("ray, 2 actors x 1 thread", "ray", 2, 1),
)


def write_input(path: Path, clusters: int, articles: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n in range(clusters):
            docs = generate_cluster(articles, seed=n)
            body = {"id": f"bench-{n}", "articles": [{"id": a.id, "text": a.text} for a in docs]}
            out.write(json.dumps(body) + "\n")


def run(clusters: int, articles: int, repeats: int, settings: Settings) -> dict[str, Any]:
    results: dict[str, Any] = {"clusters": clusters, "articles": articles, "repeats": repeats, "runs": {}}
    with tempfile.TemporaryDirectory(prefix="batch-bench-") as folder:
        source = Path(folder) / "in.jsonl"
        write_input(source, clusters, articles)
        for name, engine, actors, threads in CONFIGS:
            rates = []
            for r in range(repeats):
                job = BatchJob(
                    str(source),
                    f"{folder}/{engine}-{actors}-{threads}-{r}.parquet",
                    engine=engine,
                    actors=actors,
                    threads_per_actor=threads,
                    object_store_memory=512 * 1024 * 1024,
                )
                report = run_batch(job, replace(settings, threads=threads))
                if report.failed:
                    raise RuntimeError(f"{name}: {report.failed} rows failed: {report.errors}")
                rates.append(report.written / report.seconds)
                print(f"{name}: {rates[-1]:.3f} clusters/s", file=sys.stderr)
            results["runs"][name] = {"clusters_per_s": statistics.median(rates), "all": rates}
    rate = {name: run["clusters_per_s"] for name, run in results["runs"].items()}
    results["ray_overhead_1_core"] = 1 - rate["ray, 1 actor x 1 thread"] / rate["local, 1 thread"]
    results["ray_overhead_2_cores"] = 1 - rate["ray, 2 actors x 1 thread"] / rate["local, 2 threads"]
    results["ray_scaling_1_to_2_actors"] = rate["ray, 2 actors x 1 thread"] / rate["ray, 1 actor x 1 thread"]
    return results


def format_report(results: dict[str, Any]) -> str:
    lines = [f"{results['clusters']} clusters of {results['articles']} articles, median of {results['repeats']}"]
    lines += [f"  {name:<26} {run['clusters_per_s']:6.3f} clusters/s" for name, run in results["runs"].items()]
    lines.append(f"  Ray overhead, 1 core:  {100 * results['ray_overhead_1_core']:5.1f} %")
    lines.append(f"  Ray overhead, 2 cores: {100 * results['ray_overhead_2_cores']:5.1f} %")
    lines.append(f"  Ray, 1 -> 2 actors:    {results['ray_scaling_1_to_2_actors']:5.2f}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m summarizer.tools.batch_bench", description=__doc__.split("\n")[0])
    parser.add_argument("--clusters", type=int, default=200)
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = run(args.clusters, args.articles, args.repeats, Settings.from_env())
    print(json.dumps(results, indent=2) if args.json else format_report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
