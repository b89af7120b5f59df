"""The ``summarizer`` command line: summarize files, evaluate against references, serve.

Errors go to stderr as one line and map to exit codes in ``EXIT_CODES``; a
traceback means a bug, never bad input.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from .config import Settings
from .documents import ORDERS, Summary
from .errors import SummarizerError
from .schema import OPTION_FIELDS, parse_cluster

__all__ = ["EXIT_CODES", "main"]

log = logging.getLogger(__name__)

# One place maps error codes to exit codes; 1 is for anything unexpected.
EXIT_CODES: dict[str, int] = {
    "invalid_input": 2,
    "invalid_json": 2,
    "input_too_large": 2,
    "nothing_to_summarize": 3,
    "model_unavailable": 4,
    "deadline_exceeded": 5,
    # `summarizer batch --fail-on-error`: the job ran, and some rows are error rows.
    "rows_failed": 6,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except SummarizerError as exc:
        _report(exc)
        return EXIT_CODES.get(exc.code, 1)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarizer",
        description="Extractive multi-document news summaries in which every sentence cites its source.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    summarize = sub.add_parser("summarize", help="summarize a cluster of articles")
    summarize.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="text files (one article each), a directory of them, .json/.jsonl clusters, or - for stdin",
    )
    summarize.add_argument("--json", action="store_true", help="print the full result object (one line per cluster)")
    _add_options(summarize)
    summarize.set_defaults(handler=_summarize)

    batch = sub.add_parser(
        "batch", help="summarize an archive: one cluster per JSONL line or Parquet row, in-process or on Ray"
    )
    batch.add_argument(
        "input",
        metavar="INPUT",
        help="a .jsonl or .parquet file, a folder of them or a glob; local or any pyarrow filesystem (s3://, gs://)",
    )
    batch.add_argument(
        "output", metavar="OUTPUT", help="a folder of result parts: JSONL if its name ends in .jsonl, else Parquet"
    )
    batch.add_argument("--engine", choices=("local", "ray"), default="local", help="in this process (default), or Ray")
    batch.add_argument("--address", default=None, help="ray: a running cluster to join (default: start a local one)")
    batch.add_argument("--actors", type=int, default=1, help="ray: actors, each with its own model (default 1)")
    batch.add_argument(
        "--threads-per-actor", type=int, default=1, help="ray: CPUs reserved for each actor and its model (default 1)"
    )
    batch.add_argument(
        "--batch-size",
        type=int,
        default=8,
        help="ray: rows per batch handed to an actor (default 8; sentences per model call are SUMMARIZER_BATCH_SIZE)",
    )
    batch.add_argument("--resume", action="store_true", help="skip rows whose id is already in OUTPUT")
    batch.add_argument(
        "--fail-on-error", action="store_true", help=f"exit {EXIT_CODES['rows_failed']} if any row is an error row"
    )
    batch.add_argument("--model", default=None, help="the model (as SUMMARIZER_MODEL)")
    batch.add_argument("--backend", default=None, help="openvino, onnx or torch (as SUMMARIZER_BACKEND)")
    batch.add_argument("--json", action="store_true", help="print the job's report as JSON")
    _add_options(batch)
    batch.set_defaults(handler=_batch)

    evaluate = sub.add_parser("evaluate", help="ROUGE against human references, next to a lead baseline")
    evaluate.add_argument("data", metavar="DATA.jsonl", help="clusters with 'documents' and 'references'")
    evaluate.add_argument("--words", type=int, required=True, help="word budget; summaries are cut to it")
    evaluate.add_argument("--use-query", action="store_true", help="summarize for each cluster's query")
    evaluate.add_argument("--diversity", type=float, default=None, help="MMR diversity (1 - lambda)")
    evaluate.add_argument("--limit", type=int, default=None, help="evaluate only the first N clusters")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.add_argument(
        "--ablation",
        action="store_true",
        help="score the literal recipe and each component of the default added one at a time "
        "(embeddings cached under .data/cache/embeddings; ignores --diversity)",
    )
    evaluate.set_defaults(handler=_evaluate)

    serve = sub.add_parser("serve", help="run the JSON HTTP service under gunicorn")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes, each with its own model copy")
    serve.add_argument("--threads", type=int, default=2, help="threads per worker")
    serve.set_defaults(handler=_serve)

    prepare = sub.add_parser(
        "prepare-model", help="export and quantize the embedding model to int8 once (scripts/install.sh runs this)"
    )
    prepare.add_argument(
        "--out", default=None, help="root directory to write <model>-onnx under (default: in the venv)"
    )
    prepare.add_argument("--force", action="store_true", help="prepare again even if an up-to-date copy exists")
    prepare.set_defaults(handler=_prepare_model)

    bench = sub.add_parser("bench", help="per-stage timings, latency, fidelity and concurrency (reports, never fails)")
    bench.add_argument("--data", default=None, help="clusters from this JSONL file instead of generated ones")
    bench.add_argument("--sizes", type=int, nargs="+", default=[10, 25, 100], help="articles per cluster")
    bench.add_argument("--clusters", type=int, default=None, help="clusters per size (default: 12, 6 and 3)")
    bench.add_argument("--no-baseline", action="store_true", help="skip plain fp32 encode and fidelity")
    bench.add_argument("--url", default=None, help="also load a running server at this base URL")
    bench.add_argument("--serve", action="store_true", help="start `summarizer serve` on loopback and load it")
    bench.add_argument("--workers", type=int, default=1, help="with --serve: worker processes")
    bench.add_argument("--threads", type=int, default=4, help="with --serve: threads per worker")
    bench.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4, 8], help="concurrent clients")
    bench.add_argument("--json", action="store_true", help="print the report as JSON")
    bench.set_defaults(handler=_bench)
    return parser


def _prepare_model(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .embeddings.preparation import prepare_onnx_model

    settings = Settings.from_env()
    prepared = prepare_onnx_model(
        settings.model, settings.models_dir, Path(args.out) if args.out else None, force=args.force
    )
    state = "up to date" if prepared.reused else f"prepared in {prepared.seconds:.0f} s"
    print(
        f"{prepared.directory}: {state}; cosine to fp32, mean / min: {prepared.describe()}",
        file=sys.stderr,
    )
    return 0


def _bench(args: argparse.Namespace) -> int:
    from .tools.bench import BenchConfig, format_report, run_bench

    config = BenchConfig(
        data=args.data,
        sizes=tuple(args.sizes),
        clusters=args.clusters,
        baseline=not args.no_baseline,
        url=args.url,
        serve=args.serve,
        workers=args.workers,
        threads=args.threads,
        concurrency=tuple(args.concurrency),
    )
    report = run_bench(config, Settings.from_env(), progress=sys.stderr)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .service.server import run

    return run(host=args.host, port=args.port, workers=args.workers, threads=args.threads)


def _add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-words", type=int, help="word budget (default 100 when no budget is given)")
    parser.add_argument("--max-sentences", type=int, help="sentence budget")
    parser.add_argument("--max-chars", type=int, help="character budget (sentences joined by single spaces)")
    parser.add_argument("--diversity", type=float, help="novelty: no two sentences more redundant than 1 - X")
    parser.add_argument("--query", help="summarize for this question or topic instead of the whole cluster")
    parser.add_argument("--order", choices=ORDERS, help="reading order of the summary sentences")
    parser.add_argument(
        "--corroboration-threshold",
        type=float,
        help="probability from which another article counts as stating a sentence's claim (default: calibrated)",
    )
    parser.add_argument(
        "--dispute-threshold",
        type=float,
        help="probability from which another article's other figure disputes a sentence (default: calibrated)",
    )


def _summarize(args: argparse.Namespace) -> int:
    from .embeddings import embedder_from_settings
    from .inputs import read_clusters
    from .method.pipeline import summarize

    settings = Settings.from_env()
    overrides = {name: getattr(args, name) for name in OPTION_FIELDS if getattr(args, name) is not None}
    # Validate the flags before paying for the model.
    parse_cluster({"articles": ["placeholder"], **overrides})
    clusters = list(read_clusters(args.paths))
    embedder = embedder_from_settings(settings)
    status = 0
    for n, cluster in enumerate(clusters):
        try:
            articles, options = parse_cluster({**cluster.body, **overrides}, settings.limits)
            result = summarize(articles, options, embedder)
        except SummarizerError as exc:
            _report(exc, cluster.origin)
            status = status or EXIT_CODES.get(exc.code, 1)
            continue
        if args.json:
            print(json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=False))
        else:
            if len(clusters) > 1:
                print(("\n" if n else "") + f"== {cluster.origin}")
            _print_plain(result, sys.stdout)
    return status


def _batch(args: argparse.Namespace) -> int:
    from dataclasses import replace

    try:
        from .batch import BatchJob, run_batch
    except ImportError as exc:
        message = f"summarizer batch needs pyarrow and tqdm: pip install 'summarizer[batch]' ({exc})"
        raise SummarizerError(message) from exc

    settings = Settings.from_env()
    chosen = {name: getattr(args, name) for name in ("model", "backend") if getattr(args, name) is not None}
    settings = replace(settings, **chosen)
    overrides = {name: getattr(args, name) for name in OPTION_FIELDS if getattr(args, name) is not None}
    parse_cluster({"articles": ["placeholder"], **overrides})  # the flags, before any work
    job = BatchJob(
        input=args.input,
        output=args.output,
        overrides=overrides,
        engine=args.engine,
        resume=args.resume,
        address=args.address,
        actors=args.actors,
        threads_per_actor=args.threads_per_actor,
        batch_size=args.batch_size,
        progress=sys.stderr.isatty(),
    )
    report = run_batch(job, settings)
    print(f"summarizer batch: {report.describe()}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict()))
    if args.fail_on_error and report.failed:
        print(
            f"summarizer: error: {report.failed} of {report.written} rows written are error rows [rows_failed]",
            file=sys.stderr,
        )
        return EXIT_CODES["rows_failed"]
    return 0


def _print_plain(result: Summary, out: TextIO) -> None:
    from .method.citing import render

    # The text with its disputes named ("(disputed by [3])"), which the API's summary leaves out.
    out.write(render(result.sentences, disputes=True) + "\n\n")
    for source in result.sources:
        label = " - ".join(x for x in (source.title, source.url) if x)
        out.write(f"[{source.marker}] {source.article_id}" + (f": {label}" if label else "") + "\n")


def _evaluate(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .documents import Options
    from .embeddings import embedder_from_settings
    from .inputs import read_evaluation_set
    from .method.pipeline import summarize
    from .tools.evaluation import lead_summary, mean_scores, score_summary

    if args.words <= 0:
        raise SummarizerError(f"--words must be positive, got {args.words}")
    if args.ablation:
        from .tools.ablation import format_table, run_files

        results = run_files([args.data], [args.words], args.use_query, args.limit)
        if args.json:
            print(json.dumps({t: {r.name: r.scores.to_dict() for r in rows} for t, rows in results.items()}))
        else:
            print("\n\n".join(format_table(t, rows) for t, rows in results.items()))
        return 0
    settings = Settings.from_env()
    clusters = read_evaluation_set(args.data)[: args.limit]
    embedder = embedder_from_settings(settings)
    system_scores = []
    lead_scores = []
    for cluster in tqdm(clusters, desc="evaluating", unit="cluster", file=sys.stderr, disable=None):
        articles, _ = parse_cluster(cluster.body, settings.limits)
        options = Options(
            max_words=args.words,
            query=cluster.query if args.use_query else None,
            **({} if args.diversity is None else {"diversity": args.diversity}),
        )
        summary = summarize(articles, options, embedder)
        text = " ".join(s.text for s in summary.sentences)
        system_scores.append(score_summary(text, cluster.references, args.words))
        lead_scores.append(score_summary(lead_summary(articles, args.words), cluster.references, args.words))
    rows = {"summarizer": mean_scores(system_scores), "lead": mean_scores(lead_scores)}
    if args.json:
        print(json.dumps({"clusters": len(clusters), "words": args.words, **{k: v.to_dict() for k, v in rows.items()}}))
    else:
        print(f"{len(clusters)} clusters, {args.words} words, rouge-score with stemming, x100")
        print(f"{'system':<12} {'R1 rec':>7} {'R1 F1':>7} {'R2 rec':>7} {'R2 F1':>7} {'RL rec':>7} {'RL F1':>7}")
        for name, s in rows.items():
            values = (s.rouge1_recall, s.rouge1_f1, s.rouge2_recall, s.rouge2_f1, s.rougeL_recall, s.rougeL_f1)
            print(f"{name:<12} " + " ".join(f"{100 * v:7.2f}" for v in values))
    return 0


def _report(exc: SummarizerError, origin: str | None = None) -> None:
    where = f"{origin}: " if origin else ""
    print(f"summarizer: error: {where}{exc.message} [{exc.code}]", file=sys.stderr)
    for detail in exc.details:
        print(f"  {detail.field}: {detail.message}", file=sys.stderr)
