"""``summarizer bench``: where the time goes, how fast, how faithful, how it scales. It reports; it never fails.

For clusters of each size (10, 25 and 100 articles by default; generated, or cut
from a JSONL file of clusters) it measures, per cluster:

    split, filter   ``split_sentences`` and the cleaning filter (``extract_sentences``)
    embed           time inside the embedder during ``summarize`` (the cache bypassed)
    select          the rest of ``summarize``: relevance, grouping, MMR, order, cite,
                    also given stage by stage (``summarize``'s ``observe``)
    total           one ``summarize`` call, cold (no cached vectors); p50 and p95
    cache hit       the same cluster summarized again through the LRU cache (median of 3)

and, in the same run, plain fp32 ``SentenceTransformer.encode`` (batch 32) of the
same cluster's sentences: the ratio of that to ``total``, the cosine of each fast
vector to its fp32 twin, and how many summaries come out identical with fp32
vectors. The physical limit is the cluster's tokens times the model's FLOPs per
token over the measured peak of the two-core reference machine (``PEAKS``).

Cold start is measured in a fresh interpreter per backend: seconds from process
start to the first vector, and its peak resident memory. With ``--serve`` (start
``summarizer serve`` on loopback) or ``--url`` (an already running server) it
also times readiness and sends 1, 2, 4 and 8 concurrent clients of distinct
10-article clusters (so the cache never answers) to ``POST /v1/summarize``.

Generated clusters are synthetic news: templated sentences of typical length
(about 33 tokens) over a per-cluster cast of people, places and numbers, with
some sentences repeated verbatim across articles, as wire copy is.
"""

from __future__ import annotations

import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

import numpy as np
from numpy.typing import NDArray

from ..config import Settings
from ..documents import Article, Options
from ..embedder import Embedder
from ..embeddings import available_cores, load_embedder
from ..errors import SummarizerError
from ..method.pipeline import PipelineSettings, extract_sentences, summarize
from ..method.splitting import split_sentences
from .loadtest import free_port, rss_kib, start_server, stop_server, wait_ready, worker_pids
from .synthetic import bench_clusters, generate_cluster

__all__ = ["PEAKS", "BenchConfig", "format_report", "run_bench"]

# The yardstick: dense matmul peaks measured on the two-core reference machine (AMD EPYC,
# AVX-512 with bf16 and VNNI), in operations per second, and all-MiniLM-L6-v2's cost per token.
PEAKS = {"fp32": 188e9, "bf16": 406e9, "int8": 874e9}
FLOPS_PER_TOKEN = 21.5e6

_DEFAULT_CLUSTERS = {10: 12, 25: 6, 100: 3, 1000: 2}


@dataclass(frozen=True, slots=True)
class BenchConfig:
    """What to measure. ``clusters`` None: 12, 6 and 3 clusters for 10, 25 and 100 articles (4 otherwise)."""

    data: str | None = None
    sizes: tuple[int, ...] = (10, 25, 100)
    clusters: int | None = None
    baseline: bool = True
    url: str | None = None
    serve: bool = False
    workers: int = 1
    threads: int = 4
    concurrency: tuple[int, ...] = (1, 2, 4, 8)
    requests_per_level: int = 16
    words: int = 100
    seed: int = 0
    cold_start: bool = True


def run_bench(config: BenchConfig, settings: Settings, progress: TextIO | None = None) -> dict[str, Any]:
    """Measure everything ``config`` asks for; a JSON-ready report (see ``format_report``)."""

    def say(message: str) -> None:
        if progress is not None:
            print(f"bench: {message}", file=progress, flush=True)

    report: dict[str, Any] = {"machine": _machine(), "settings": _settings(settings)}
    if config.cold_start:
        say("cold start of each backend in a fresh process")
        backends = ["openvino", "onnx", "torch"] if config.baseline else [settings.backend]
        report["cold_start"] = {b: _cold_start(b, settings) for b in backends}

    say(f"loading the {settings.backend} embedder")
    started = time.perf_counter()
    embedder = load_embedder(
        settings.model,
        settings.models_dir,
        settings.batch_size,
        settings.backend,
        settings.cache_size,
        settings.threads,
    )
    report["load_seconds"] = time.perf_counter() - started
    # One call first, so that the resident memory measured after loading includes the
    # model's inference buffers and "above the model" is the pipeline's alone.
    embedder.encode(["The council approved the budget on Tuesday after a long debate."])
    model = _uncached(embedder)
    report["backend"] = str(getattr(model, "backend", "unknown"))
    reference: Embedder | None = None
    if config.baseline:
        say("loading the fp32 torch reference")
        reference = _uncached(load_embedder(settings.model, settings.models_dir, 32, "torch", 0, settings.threads))

    # Peak memory is a high-water mark: sizes are measured smallest first, so each size's
    # figure is its own peak, and "above the model" subtracts what loading left resident.
    report["rss_after_load_mb"] = _peak_rss_mb()
    sizes = []
    for size in sorted(config.sizes):
        count = config.clusters or _DEFAULT_CLUSTERS.get(size, 4)
        clusters = list(bench_clusters(config.data, size, count, config.seed))
        say(f"{len(clusters)} clusters of {size} articles")
        sizes.append(_measure_size(size, clusters, model, reference, config.words))
        sizes[-1]["peak_rss_mb"] = _peak_rss_mb()
    report["sizes"] = sizes
    report["growth"] = _growth(sizes, report["rss_after_load_mb"])
    if reference is not None:
        report["fidelity"] = _fidelity(sizes)

    if config.serve or config.url:
        report["server"] = _server_bench(config, settings, say)
    report["load_average_after"] = list(os.getloadavg())
    return report


def _measure_size(
    size: int, clusters: list[list[Article]], model: Embedder, reference: Embedder | None, words: int
) -> dict[str, Any]:
    from ..embeddings.cache import LRUEmbeddingCache

    options = Options(max_words=words)
    bounds = PipelineSettings().length_bounds
    rows: list[dict[str, Any]] = []
    cosines: list[NDArray[np.float32]] = []
    for articles in clusters:
        t0 = time.perf_counter()
        for article in articles:
            split_sentences(article.text)
        t1 = time.perf_counter()
        found, kept = extract_sentences(articles, bounds)
        t2 = time.perf_counter()
        unique = list(dict.fromkeys(s.text for s in kept))
        timed = _TimedEmbedder(model)
        clock = _StageClock()
        t3 = time.perf_counter()
        summary = summarize(articles, options, timed, observe=clock)
        total = time.perf_counter() - t3
        cache = LRUEmbeddingCache(model, 1_000_000)
        summarize(articles, options, cache)
        # The median of three: a single run right after the model's burst of work
        # varied by a third on this 2-core machine.
        hits = []
        for _ in range(3):
            t4 = time.perf_counter()
            summarize(articles, options, cache)
            hits.append(time.perf_counter() - t4)
        cache_hit = float(np.median(hits))
        row: dict[str, Any] = {
            "articles": len(articles),
            "sentences_found": found,
            "sentences_kept": len(kept),
            "sentences_embedded": timed.count,
            "tokens": _token_estimate(unique),
            "split_s": t1 - t0,
            "filter_s": max(0.0, (t2 - t1) - (t1 - t0)),
            "embed_s": timed.seconds,
            "select_s": max(0.0, total - timed.seconds - (t2 - t1)),
            "total_s": total,
            "cache_hit_s": cache_hit,
            "pipeline_s": clock.durations(t3),
        }
        if reference is not None:
            t5 = time.perf_counter()
            fp32 = reference.encode(unique)
            row["fp32_encode_s"] = time.perf_counter() - t5
            fast = model.encode(unique)
            cosines.append(np.sum(fast * fp32, axis=1))
            frozen = _FixedEmbedder(model.name, dict(zip(unique, fp32, strict=True)), reference)
            fp32_summary = summarize(articles, options, frozen)
            row["same_summary"] = _cited(summary) == _cited(fp32_summary)
        rows.append(row)
    return _summarize_rows(size, rows, cosines)


def _summarize_rows(size: int, rows: list[dict[str, Any]], cosines: list[NDArray[np.float32]]) -> dict[str, Any]:
    def med(key: str) -> float:
        return float(np.median([r[key] for r in rows]))

    totals = np.array([r["total_s"] for r in rows])
    embedded = sum(r["sentences_embedded"] for r in rows)
    tokens = med("tokens")
    out: dict[str, Any] = {
        "articles": size,
        "clusters": len(rows),
        "sentences_kept": med("sentences_kept"),
        "sentences_embedded": med("sentences_embedded"),
        "tokens": tokens,
        "stages_ms": {k: 1000 * med(k + "_s") for k in ("split", "filter", "embed", "select")},
        "pipeline_ms": {k: 1000 * float(np.median([r["pipeline_s"][k] for r in rows])) for k in rows[0]["pipeline_s"]},
        "p50_s": float(np.percentile(totals, 50)),
        "p95_s": float(np.percentile(totals, 95)),
        "sentences_per_s": embedded / max(1e-9, sum(r["embed_s"] for r in rows)),
        "cache_hit_p50_s": med("cache_hit_s"),
        "limit_s": {k: tokens * FLOPS_PER_TOKEN / peak for k, peak in PEAKS.items()},
    }
    if rows and "fp32_encode_s" in rows[0]:
        out["fp32_encode_p50_s"] = med("fp32_encode_s")
        out["speedup_vs_fp32_encode"] = out["fp32_encode_p50_s"] / out["p50_s"]
        out["same_summary"] = sum(bool(r["same_summary"]) for r in rows)
        joined = np.concatenate(cosines) if cosines else np.zeros(0)
        out["cosine"] = {"mean": float(joined.mean()), "min": float(joined.min()), "n": int(joined.size)}
    return out


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _growth(sizes: list[dict[str, Any]], loaded_mb: float) -> list[dict[str, Any]]:
    """Per step between consecutive sizes: how articles, sentences, p50 and memory above the model grew."""
    steps = []
    for small, big in itertools.pairwise(sizes):
        above_small = max(small["peak_rss_mb"] - loaded_mb, 1.0)
        steps.append(
            {
                "from": small["articles"],
                "to": big["articles"],
                "sentences": big["sentences_kept"] / max(small["sentences_kept"], 1),
                "p50": big["p50_s"] / max(small["p50_s"], 1e-9),
                "memory_above_model": (big["peak_rss_mb"] - loaded_mb) / above_small,
            }
        )
    return steps


def _fidelity(sizes: list[dict[str, Any]]) -> dict[str, Any]:
    with_cos = [s for s in sizes if "cosine" in s]
    n = sum(s["cosine"]["n"] for s in with_cos)
    return {
        "cosine_mean": sum(s["cosine"]["mean"] * s["cosine"]["n"] for s in with_cos) / max(1, n),
        "cosine_min": min((s["cosine"]["min"] for s in with_cos), default=float("nan")),
        "sentences": n,
        "same_summary": sum(s["same_summary"] for s in with_cos),
        "clusters": sum(s["clusters"] for s in with_cos),
    }


class _StageClock:
    """Given to ``summarize`` as ``observe``: the time at which each stage ended."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, float]] = []

    def __call__(self, stage: str) -> None:
        self.marks.append((stage, time.perf_counter()))

    def durations(self, started: float) -> dict[str, float]:
        """Seconds per stage, from ``started`` (when ``summarize`` was called)."""
        ends = [at for _, at in self.marks]
        return {stage: at - before for (stage, at), before in zip(self.marks, [started, *ends], strict=False)}


class _TimedEmbedder:
    """Counts the seconds and texts that go through ``encode``."""

    def __init__(self, inner: Embedder) -> None:
        self._inner = inner
        self.seconds = 0.0
        self.count = 0

    @property
    def name(self) -> str:
        return self._inner.name

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        started = time.perf_counter()
        out = self._inner.encode(texts)
        self.seconds += time.perf_counter() - started
        self.count += len(texts)
        return out


class _FixedEmbedder:
    """Vectors computed beforehand (fp32 ones), with the reference model for anything else (a query)."""

    def __init__(self, name: str, vectors: dict[str, NDArray[np.float32]], fallback: Embedder) -> None:
        self._name = name
        self._vectors = vectors
        self._fallback = fallback

    @property
    def name(self) -> str:
        return self._name

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        if all(t in self._vectors for t in texts) and texts:
            return np.stack([self._vectors[t] for t in texts])
        return self._fallback.encode(texts)


def _uncached(embedder: Embedder) -> Embedder:
    inner = getattr(embedder, "inner", None)
    return embedder if inner is None else inner


def _cited(summary: Any) -> list[tuple[str, int]]:
    return [(s.citation.article_id, s.citation.sentence_index) for s in summary.sentences]


def _token_estimate(texts: Sequence[str]) -> int:
    """WordPiece tokens, counted with the model's tokenizer when it is at hand, else about 1.3 a word plus 2."""
    tokenizer = _tokenizer()
    if tokenizer is not None:
        return sum(len(e.ids) for e in tokenizer.encode_batch(list(texts)))
    return sum(int(1.3 * len(t.split())) + 2 for t in texts)


_TOKENIZER: list[Any] = []


def _tokenizer() -> Any:
    if not _TOKENIZER:
        try:
            from ..embeddings import load_tokenizer, resolve_model

            settings = Settings()
            _TOKENIZER.append(load_tokenizer(Path(resolve_model(None, settings.models_dir)) / "tokenizer.json"))
        except Exception:  # only an estimate; any failure falls back to counting words
            _TOKENIZER.append(None)
    return _TOKENIZER[0]


# ---------------------------------------------------------------- processes and servers


_COLD_START = """
import resource, sys, time
from pathlib import Path
from summarizer.embeddings import load_embedder
e = load_embedder({model!r}, Path({models_dir!r}), {batch_size}, {backend!r}, 0, {threads})
e.encode(["The council approved the budget on Tuesday after a long debate."])
print(getattr(e, "backend", "?"), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _cold_start(backend: str, settings: Settings) -> dict[str, Any]:
    """A fresh interpreter: seconds from its start to the first vector, and its peak resident memory."""
    code = _COLD_START.format(
        model=settings.model,
        models_dir=str(settings.models_dir),
        batch_size=settings.batch_size,
        backend=backend,
        threads=settings.threads,
    )
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=600)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
    loaded, peak_kb = done.stdout.split()
    return {"seconds_to_first_vector": seconds, "peak_rss_mb": int(peak_kb) / 1024, "backend": loaded}


def _server_bench(config: BenchConfig, settings: Settings, say: Callable[[str], None]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    process: subprocess.Popen[bytes] | None = None
    url = config.url
    try:
        if config.serve:
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            say(f"starting summarizer serve on {url} ({config.workers} workers x {config.threads} threads)")
            started = time.perf_counter()
            # The server under test runs with this process's SUMMARIZER_* settings.
            process = start_server(
                port, Path(os.devnull), workers=config.workers, threads=config.threads, inherit_settings=True
            )
            try:
                wait_ready(process, port, timeout=120.0)
            except RuntimeError as exc:
                raise SummarizerError(f"summarizer serve: {exc}") from exc
            out["ready_s"] = time.perf_counter() - started
            out["workers"] = config.workers
            out["threads"] = config.threads
        assert url is not None
        out["url"] = url
        levels = []
        seed = 7_000_000
        for clients in config.concurrency:
            requests = max(config.requests_per_level, 2 * clients)
            bodies = []
            for _ in range(requests):
                seed += 1
                cluster = generate_cluster(10, seed=seed)
                bodies.append(
                    json.dumps(
                        {"articles": [{"id": a.id, "text": a.text} for a in cluster], "max_words": config.words}
                    ).encode()
                )
            say(f"{clients} concurrent clients, {requests} requests")
            levels.append(_load(url, bodies, clients, settings.api_key))
        base = levels[0]["throughput_per_s"] if levels else 0.0
        for level in levels:
            level["scaling"] = level["throughput_per_s"] / base if base else 0.0
        out["concurrency"] = levels
        if process is not None:
            out["worker_rss_mb"] = sorted(rss_kib(pid) / 1024 for pid in worker_pids(process.pid))
    finally:
        if process is not None:
            stop_server(process, timeout=60)
    return out


def _load(url: str, bodies: list[bytes], clients: int, api_key: str | None) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def send(body: bytes) -> None:
        nonlocal errors
        headers = {"Content-Type": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        request = urllib.request.Request(url + "/v1/summarize", data=body, headers=headers, method="POST")
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
                ok = response.status == 200
        except (urllib.error.URLError, OSError):
            ok = False
        with lock:
            if ok:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(send, bodies))
    wall = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": len(bodies),
        "errors": errors,
        "throughput_per_s": len(latencies) / wall if wall > 0 else 0.0,
        "p50_s": float(np.percentile(latencies, 50)) if latencies else float("nan"),
        "p95_s": float(np.percentile(latencies, 95)) if latencies else float("nan"),
    }


def _machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions: dict[str, str | None] = {}
    for package in ("openvino", "onnxruntime", "torch", "sentence-transformers", "numpy"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "cpu": cpu or platform.processor(),
        "cores": available_cores(),
        "python": platform.python_version(),
        "versions": versions,
        "load_average_before": list(os.getloadavg()),
        "bench_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _settings(settings: Settings) -> dict[str, Any]:
    return {
        "backend": settings.backend,
        "threads": settings.threads or available_cores(),
        "batch_size": settings.batch_size,
        "cache_size": settings.cache_size,
    }


# ---------------------------------------------------------------- report


def format_report(report: dict[str, Any]) -> str:
    """The report as Markdown tables, for people and for BENCHMARKS.md."""
    m = report["machine"]
    lines = [
        f"machine: {m['cpu']}, {m['cores']} cores, load average before "
        + "/".join(f"{x:.1f}" for x in m["load_average_before"])
        + ", after "
        + "/".join(f"{x:.1f}" for x in report["load_average_after"]),
        f"backend: {report['backend']} ({report['settings']['threads']} threads, batch "
        f"{report['settings']['batch_size']}), embedder loaded in {report['load_seconds']:.2f} s",
        "",
    ]
    if "cold_start" in report:
        lines += ["| cold start | seconds to first vector | peak RSS MB |", "|---|---:|---:|"]
        for backend, row in report["cold_start"].items():
            if "error" in row:
                lines.append(f"| {backend} | failed: {row['error']} | |")
            else:
                lines.append(
                    f"| {backend} ({row['backend']}) | {row['seconds_to_first_vector']:.2f} | "
                    f"{row['peak_rss_mb']:.0f} |"
                )
        lines.append("")
    lines += [
        "| articles | clusters | sentences embedded | tokens | split ms | filter ms | embed ms | select ms "
        "| p50 s | p95 s | sentences/s | fp32 encode s | speedup | cache hit ms | int8 limit s | same summary |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in report["sizes"]:
        st = s["stages_ms"]
        fp32 = f"{s['fp32_encode_p50_s']:.2f}" if "fp32_encode_p50_s" in s else "-"
        speed = f"{s['speedup_vs_fp32_encode']:.1f}x" if "speedup_vs_fp32_encode" in s else "-"
        same = f"{s['same_summary']}/{s['clusters']}" if "same_summary" in s else "-"
        lines.append(
            f"| {s['articles']} | {s['clusters']} | {s['sentences_embedded']:.0f} | {s['tokens']:.0f} "
            f"| {st['split']:.0f} | {st['filter']:.0f} | {st['embed']:.0f} | {st['select']:.0f} "
            f"| {s['p50_s']:.2f} | {s['p95_s']:.2f} | {s['sentences_per_s']:.0f} | {fp32} | {speed} "
            f"| {1000 * s['cache_hit_p50_s']:.0f} | {s['limit_s']['int8']:.2f} | {same} |"
        )
    stages = list(report["sizes"][0]["pipeline_ms"]) if report["sizes"] else []
    lines += ["", "| articles | " + " | ".join(f"{k} ms" for k in stages) + " | peak RSS MB |"]
    lines.append("|---:|" + "---:|" * (len(stages) + 1))
    for s in report["sizes"]:
        ms = " | ".join(f"{s['pipeline_ms'][k]:.0f}" for k in stages)
        lines.append(f"| {s['articles']} | {ms} | {s['peak_rss_mb']:.0f} |")
    lines.append(f"\nRSS after loading the model(s): {report['rss_after_load_mb']:.0f} MB")
    for g in report.get("growth", []):
        lines.append(
            f"{g['from']} -> {g['to']} articles: sentences x{g['sentences']:.2f}, p50 x{g['p50']:.2f}, "
            f"peak memory above the model x{g['memory_above_model']:.2f}"
        )
    if "fidelity" in report:
        f = report["fidelity"]
        lines += [
            "",
            f"fidelity vs fp32: cosine mean {f['cosine_mean']:.4f}, min {f['cosine_min']:.4f} over "
            f"{f['sentences']} sentences; identical summaries in {f['same_summary']} of {f['clusters']} clusters",
        ]
    if "server" in report:
        sv = report["server"]
        lines += [""]
        if "ready_s" in sv:
            lines.append(
                f"server: ready {sv['ready_s']:.2f} s after start; {sv['workers']} workers x {sv['threads']} threads; "
                f"worker RSS MB {', '.join(f'{x:.0f}' for x in sv.get('worker_rss_mb', []))}"
            )
        lines += [
            "",
            "| clients | requests | errors | clusters/s | scaling | p50 s | p95 s |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for level in sv["concurrency"]:
            lines.append(
                f"| {level['clients']} | {level['requests']} | {level['errors']} | {level['throughput_per_s']:.2f} "
                f"| {level['scaling']:.2f}x | {level['p50_s']:.2f} | {level['p95_s']:.2f} |"
            )
    return "\n".join(lines)
