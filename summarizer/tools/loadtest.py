"""A bounded load test of ``summarizer serve`` on loopback: ``python -m summarizer.tools.loadtest``.

    .venv/bin/python -m summarizer.tools.loadtest --clients 8 --seconds 60          # starts its own server
    .venv/bin/python -m summarizer.tools.loadtest --port 8000 --pid <arbiter pid>   # an already running one

Clients (threads, one keep-alive connection each) send a mix of valid requests and
invalid ones for ``--seconds`` after a warm-up. Every valid request is a cluster of
freshly generated news-like articles (random names, places and numbers), so no
embedding cache has seen its sentences. Invalid requests cycle through the error
paths (malformed JSON, non-UTF-8 bytes, lone surrogates, wrong types, budgets of 0,
too many articles, wrong media type, method or path), each with its expected status.

It reports latency percentiles of the valid requests, counts by kind and status, 5xx
responses, error envelope misses (a non-2xx answer that is not ``{"error": {...}}``)
and the resident memory (``VmRSS``) of the server's worker processes after the
warm-up and at the end. It exits 1 when a valid request failed, any answer was a 5xx
or missed the envelope, an invalid request got another status than expected, or the
workers grew by more than ``--max-rss-growth``.

Traffic goes to 127.0.0.1 only, and is bounded in time (``--seconds``) and count
(``--max-requests``). The server it starts is stopped by its pid (SIGTERM).
``tests/serving.py`` starts the test suite's servers with the same functions.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..config import Limits

__all__ = [
    "LoadReport",
    "free_port",
    "news_cluster",
    "percentile",
    "request",
    "rss_kib",
    "run_load",
    "serve_command",
    "start_server",
    "stop_server",
    "total_rss_kib",
    "wait_ready",
    "worker_pids",
]

HOST = "127.0.0.1"


# ---------------------------------------------------------------- the server


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def serve_command() -> list[str]:
    """The ``summarizer`` command of this environment."""
    script = Path(sys.executable).with_name("summarizer")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "summarizer"]


def start_server(
    port: int,
    log_path: Path,
    env: Mapping[str, str] | None = None,
    workers: int = 1,
    threads: int = 4,
    inherit_settings: bool = False,
) -> subprocess.Popen[bytes]:
    """Start ``summarizer serve`` on 127.0.0.1:``port``, its output to ``log_path``.

    The environment is this process's plus ``env``; without ``inherit_settings`` any
    ``SUMMARIZER_*`` variable of this process is left out, so tests start from the defaults.
    """
    environment = {k: v for k, v in os.environ.items() if inherit_settings or not k.startswith("SUMMARIZER_")}
    environment.update(HF_HUB_OFFLINE="1", PYTHONUNBUFFERED="1")
    environment.update(env or {})
    command = [*serve_command(), "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(workers), "--threads", str(threads)]
    with open(log_path, "wb") as log_file:
        return subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, env=environment)


def wait_ready(process: subprocess.Popen[bytes], port: int, timeout: float = 180.0) -> float:
    """Seconds until ``/readyz`` answered 200; raises RuntimeError if the server exits or times out."""
    started = time.monotonic()
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode} before it was ready")
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"the server was not ready within {timeout:.0f} s")
        with contextlib.suppress(OSError):
            if request(port, "GET", "/readyz", timeout=5)[0] == 200:
                return time.monotonic() - started
        time.sleep(0.1)  # polling interval; the loop waits for the real condition


def stop_server(process: subprocess.Popen[bytes], timeout: float = 40.0) -> int:
    """SIGTERM by pid, then SIGKILL after ``timeout`` seconds; the exit status."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
    return process.wait(timeout=10)


def worker_pids(pid: int) -> list[int]:
    """The child processes of ``pid`` (gunicorn's workers of the arbiter), from /proc."""
    children: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
        fields = stat.rpartition(")")[2].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            children.append(int(entry.name))
    return sorted(children)


def rss_kib(pid: int) -> int:
    """Resident memory of one process (``VmRSS`` in /proc/<pid>/status), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 60.0,
    connection: http.client.HTTPConnection | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One request to 127.0.0.1:``port``: status, lower-cased headers, body. Raises OSError."""
    own = connection is None
    conn = connection or http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=dict(headers or {}))
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        if own:
            conn.close()


# ---------------------------------------------------------------- what the clients send

_FIRST = [
    "Dana",
    "Ravi",
    "Mara",
    "Tomas",
    "Ines",
    "Kofi",
    "Lena",
    "Arjun",
    "Sofia",
    "Emeka",
    "Hana",
    "Piotr",
    "Yara",
    "Malik",
    "Greta",
    "Joon",
]
_LAST = [
    "Whitfield",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Haddad",
    "Tanaka",
    "Novak",
    "Brennan",
    "Castillo",
    "Adeyemi",
    "Petrov",
    "Sato",
]
_PLACE = ["Port Ellison", "Harwick", "Silverton", "New Calder", "Eastmoor", "Brightwater", "Kellan Falls", "Marston"]
_ROLE = ["mayor", "fire chief", "police spokesperson", "transport minister", "county engineer", "union leader"]
_THING = ["bridge", "substation", "rail depot", "water plant", "school", "hospital wing", "ferry terminal", "warehouse"]
_EVENT = ["a fire", "a partial collapse", "flooding", "a gas leak", "a power failure", "a cyberattack", "a strike"]
_ACTION = ["closed", "evacuated", "sealed off", "shut down", "inspected", "reopened"]
_DAY = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_CAUSE = [
    "cracked beams",
    "a faulty transformer",
    "heavy rain",
    "an electrical fault",
    "old pipework",
    "a software error",
]
_BOILERPLATE = ("Read more: Latest news", "Sign up for our newsletter", "Advertisement", "Share this article")


def news_cluster(rng: random.Random, articles: int = 4) -> list[dict[str, str]]:
    """One fresh cluster of news-like articles about one invented event.

    Names, places and numbers are drawn anew, so the sentences are new to any cache;
    the articles share the event's facts, so the summarizer finds corroboration.
    """
    person = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    place, thing, event = rng.choice(_PLACE), rng.choice(_THING), rng.choice(_EVENT)
    role, action, day, cause = rng.choice(_ROLE), rng.choice(_ACTION), rng.choice(_DAY), rng.choice(_CAUSE)
    people, days, cost, hour = rng.randint(12, 9_000), rng.randint(2, 40), rng.randint(2, 900), rng.randint(1, 11)
    tag = rng.randrange(16**6)
    facts = [
        f"Officials in {place} {action} the {thing} on {day} after {event} was reported at about {hour} a.m.",
        f"{person}, the city's {role}, said {people} people had been affected and that nobody was seriously hurt.",
        f"Engineers believe {cause} caused the problem, although the investigation is still at an early stage.",
        f"Repairs are expected to take {days} days and to cost about {cost} million dollars, {person} said.",
        f"Residents were told to avoid the area around the {thing} and to follow updates from the city.",
        f"The {thing} was last inspected {rng.randint(2, 30)} months ago, according to records seen by reporters.",
        f"Local businesses near the {thing} said they expected to lose trade while the area stays closed.",
        f"A report on {event} at the {thing} is due within {rng.randint(2, 12)} weeks, the {role} added.",
    ]
    out = []
    for a in range(articles):
        chosen = rng.sample(facts, k=rng.randint(4, len(facts)))
        sentences = []
        for sentence in chosen:
            if rng.random() < 0.3:  # another outlet's wording of the same fact
                sentence = sentence.replace(" said", " told reporters").replace("about ", "roughly ")
            sentences.append(sentence)
        paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
        if rng.random() < 0.5:
            paragraphs.append(rng.choice(_BOILERPLATE))
        out.append({"id": f"outlet-{a}-{tag:06x}", "text": "\n\n".join(paragraphs)})
    return out


@dataclass(frozen=True, slots=True)
class Probe:
    """One kind of request: how to build it and which status it must get."""

    kind: str
    method: str
    path: str
    expected: int
    build: Callable[[random.Random], tuple[bytes | None, dict[str, str]]]


def _json(value: Any) -> tuple[bytes, dict[str, str]]:
    return json.dumps(value).encode(), {"Content-Type": "application/json"}


def _raw(data: bytes, content_type: str = "application/json") -> tuple[bytes, dict[str, str]]:
    return data, {"Content-Type": content_type}


# One article more than the default service takes.
_TOO_MANY_ARTICLES = Limits().max_articles + 1

# Cheap to answer: invalid requests test the error paths, not the model.
INVALID: tuple[Probe, ...] = (
    Probe("malformed_json", "POST", "/v1/summarize", 400, lambda r: _raw(b'{"articles": [')),
    Probe("not_utf8", "POST", "/v1/summarize", 400, lambda r: _raw(b'{"articles": ["\xff\xfe"]}')),
    Probe("nan", "POST", "/v1/summarize", 400, lambda r: _raw(b'{"articles": ["a"], "diversity": NaN}')),
    Probe("deep_nesting", "POST", "/v1/summarize", 400, lambda r: _raw(b"[" * 50_000 + b"]" * 50_000)),
    Probe("lone_surrogate", "POST", "/v1/summarize", 422, lambda r: _raw(b'{"articles": ["x \\ud800 y"]}')),
    Probe("wrong_types", "POST", "/v1/summarize", 422, lambda r: _json({"articles": [{"text": 3}], "order": 1})),
    Probe("budget_zero", "POST", "/v1/summarize", 422, lambda r: _json({"articles": ["a b."], "max_words": 0})),
    Probe("huge_budget", "POST", "/v1/summarize", 422, lambda r: _json({"articles": ["a"], "max_chars": 10**30})),
    Probe("duplicate_ids", "POST", "/v1/summarize", 422, lambda r: _json({"articles": [{"id": "a", "text": "x"}] * 2})),
    Probe("nothing", "POST", "/v1/summarize", 422, lambda r: _json({"articles": ["", "Advertisement", "🙂"]})),
    Probe("too_many", "POST", "/v1/summarize", 413, lambda r: _json({"articles": ["x."] * _TOO_MANY_ARTICLES})),
    Probe("media_type", "POST", "/v1/summarize", 415, lambda r: _raw(b"articles=x", "text/plain")),
    Probe("method", "GET", "/v1/summarize", 405, lambda r: (None, {})),
    Probe("path", "GET", "/v1/nothing-here", 404, lambda r: (None, {})),
    Probe("batch_bad", "POST", "/v1/summarize/batch", 422, lambda r: _json({"clusters": []})),
)


def _valid(rng: random.Random) -> tuple[bytes, dict[str, str]]:
    body: dict[str, Any] = {"articles": news_cluster(rng, rng.randint(3, 6))}
    budget = rng.choice(("max_words", "max_sentences", "max_chars"))
    body[budget] = {"max_words": rng.randint(30, 150), "max_sentences": rng.randint(1, 5)}.get(
        budget, rng.randint(200, 900)
    )
    body["order"] = rng.choice(("relevance", "source", "chronological"))
    return _json(body)


VALID = Probe("valid", "POST", "/v1/summarize", 200, _valid)


# ---------------------------------------------------------------- the run


@dataclass
class LoadReport:
    """What a run saw. Latencies are of valid requests, in seconds."""

    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # "kind status"
    valid_errors: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    server_errors: int = 0
    envelope_misses: int = 0
    rss_after_warmup_kib: int | None = None
    rss_at_end_kib: int | None = None

    @property
    def requests(self) -> int:
        return sum(self.counts.values())

    @property
    def rss_growth(self) -> float | None:
        if not self.rss_after_warmup_kib or self.rss_at_end_kib is None:
            return None
        return self.rss_at_end_kib / self.rss_after_warmup_kib - 1.0

    def summary(self) -> dict[str, Any]:
        valid = sorted(self.latencies)
        growth = self.rss_growth
        return {
            "clients": self.clients,
            "seconds": round(self.seconds, 1),
            "requests": self.requests,
            "valid_requests": len(valid),
            "invalid_requests": self.requests - len(valid) - len(self.valid_errors),
            "throughput_per_s": round(self.requests / self.seconds, 1) if self.seconds else None,
            "valid_p50_ms": _ms(percentile(valid, 50)),
            "valid_p95_ms": _ms(percentile(valid, 95)),
            "valid_p99_ms": _ms(percentile(valid, 99)),
            "valid_max_ms": _ms(valid[-1] if valid else None),
            "valid_errors": len(self.valid_errors),
            "server_errors_5xx": self.server_errors,
            "envelope_misses": self.envelope_misses,
            "unexpected_statuses": len(self.unexpected),
            "rss_after_warmup_mib": None if self.rss_after_warmup_kib is None else self.rss_after_warmup_kib // 1024,
            "rss_at_end_mib": None if self.rss_at_end_kib is None else self.rss_at_end_kib // 1024,
            "rss_growth_percent": None if growth is None else round(100 * growth, 1),
            "by_kind_and_status": dict(sorted(self.counts.items())),
            "first_problems": (self.valid_errors + self.unexpected)[:5],
        }

    def failures(self, max_rss_growth: float) -> list[str]:
        problems = []
        if self.valid_errors:
            problems.append(f"{len(self.valid_errors)} valid requests failed")
        if self.server_errors:
            problems.append(f"{self.server_errors} 5xx answers")
        if self.envelope_misses:
            problems.append(f"{self.envelope_misses} error answers without the envelope")
        if self.unexpected:
            problems.append(f"{len(self.unexpected)} invalid requests got an unexpected status")
        if not self.latencies:
            problems.append("no valid request completed")
        growth = self.rss_growth
        if growth is not None and growth > max_rss_growth:
            problems.append(f"worker memory grew {100 * growth:.1f}% (limit {100 * max_rss_growth:.0f}%)")
        return problems


def percentile(sorted_values: Sequence[float], p: float) -> float | None:
    """The nearest-rank percentile of already sorted values; None when there are none."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(1000 * seconds, 1)


def _envelope_ok(body: bytes) -> bool:
    try:
        error = json.loads(body)["error"]
    except (ValueError, KeyError, TypeError):
        return False
    return (
        isinstance(error, dict)
        and isinstance(error.get("code"), str)
        and isinstance(error.get("message"), str)
        and isinstance(error.get("details"), list)
    )


def _check_summary(body: bytes, sent: bytes) -> str | None:
    """Why a 200 answer to a valid request is wrong, or None: every citation must slice its article."""
    try:
        result = json.loads(body)
        texts = {a["id"]: a["text"] for a in json.loads(sent)["articles"]}
        for sentence in result["sentences"]:
            c = sentence["citation"]
            if texts[c["article_id"]][c["start"] : c["end"]] != sentence["text"]:
                return "a citation does not slice its article"
        if not result["sentences"]:
            return "no sentences"
    except (ValueError, KeyError, TypeError) as exc:
        return f"malformed summary: {type(exc).__name__}"
    return None


def run_load(
    port: int,
    clients: int = 8,
    seconds: float = 60.0,
    invalid_share: float = 0.25,
    seed: int = 0,
    max_requests: int = 100_000,
    timeout: float = 120.0,
) -> LoadReport:
    """Drive the server on 127.0.0.1:``port`` with ``clients`` threads for ``seconds``."""
    report = LoadReport(clients=clients, seconds=0.0)
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    issued = [0]

    def client(number: int) -> None:
        rng = random.Random(seed * 1_000 + number)
        conn: http.client.HTTPConnection | None = None
        while time.monotonic() < stop_at:
            with lock:
                if issued[0] >= max_requests:
                    return
                issued[0] += 1
            probe = rng.choice(INVALID) if rng.random() < invalid_share else VALID
            body, headers = probe.build(rng)
            conn = conn or http.client.HTTPConnection(HOST, port, timeout=timeout)
            started = time.monotonic()
            try:
                status, response_headers, data = request(
                    port, probe.method, probe.path, body, {**headers, "X-Request-ID": f"load-{number}"}, connection=conn
                )
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = None
                with lock:
                    report.counts[f"{probe.kind} {type(exc).__name__}"] += 1
                    if probe is VALID:
                        report.valid_errors.append(f"{type(exc).__name__}: {exc}")
                    else:
                        report.unexpected.append(f"{probe.kind}: {type(exc).__name__}")
                continue
            elapsed = time.monotonic() - started
            if response_headers.get("connection", "").lower() == "close":
                conn.close()
                conn = None
            problem = _check_summary(data, body or b"") if probe is VALID and status == 200 else None
            with lock:
                report.counts[f"{probe.kind} {status}"] += 1
                if status >= 500:
                    report.server_errors += 1
                if status >= 400 and not _envelope_ok(data):
                    report.envelope_misses += 1
                if probe is VALID:
                    if status != 200 or problem:
                        report.valid_errors.append(f"{status}: {problem or data[:200]!r}")
                    else:
                        report.latencies.append(elapsed)
                elif status != probe.expected:
                    report.unexpected.append(f"{probe.kind}: {status}, expected {probe.expected}")
        if conn is not None:
            conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + timeout + 10)
    report.seconds = time.monotonic() - started
    return report


def total_rss_kib(pid: int | None) -> int | None:
    """Resident memory of the server's workers (or of ``pid`` itself without children), in KiB."""
    if pid is None:
        return None
    pids = worker_pids(pid) or [pid]
    return sum(rss_kib(p) for p in pids)


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m summarizer.tools.loadtest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0, help="measured load, after the warm-up")
    parser.add_argument("--warmup-seconds", type=float, default=15.0)
    parser.add_argument("--invalid-share", type=float, default=0.25)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--max-rss-growth", type=float, default=0.20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--port", type=int, help="target a server already on 127.0.0.1:PORT instead of starting one")
    parser.add_argument("--pid", type=int, help="with --port: the server's (arbiter's) pid, to read worker memory")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--log",
        type=Path,
        default=Path(tempfile.gettempdir()) / "summarizer-loadtest-server.log",
        help="where the started server's log goes",
    )
    args = parser.parse_args(argv)
    if args.clients < 1 or args.seconds <= 0 or args.warmup_seconds < 0 or not 0 <= args.invalid_share <= 1:
        parser.error("--clients >= 1, --seconds > 0, --warmup-seconds >= 0 and 0 <= --invalid-share <= 1")

    process = None
    port, pid = args.port, args.pid
    if port is None:
        port = free_port()
        process = start_server(port, args.log, workers=args.workers, threads=args.threads)
        pid = process.pid
        print(f"started summarizer serve on {HOST}:{port} (pid {pid}), log in {args.log}", file=out, flush=True)
    try:
        if process is not None:
            print(f"ready after {wait_ready(process, port):.1f} s", file=out, flush=True)
        if args.warmup_seconds:
            warm = run_load(port, args.clients, args.warmup_seconds, args.invalid_share, args.seed + 1)
            print(f"warm-up: {warm.requests} requests in {warm.seconds:.1f} s", file=out, flush=True)
        # Memory is read with the server idle, after the warm-up and after the measured run.
        before = total_rss_kib(pid)
        report = run_load(port, args.clients, args.seconds, args.invalid_share, args.seed, args.max_requests)
        report.rss_after_warmup_kib, report.rss_at_end_kib = before, total_rss_kib(pid)
    finally:
        status = None if process is None else stop_server(process)
    summary = report.summary()
    if status is not None:
        summary["server_exit_status"] = status
    print(json.dumps(summary, indent=2), file=out)
    problems = report.failures(args.max_rss_growth)
    if status not in (None, 0):
        problems.append(f"the server exited with status {status} on SIGTERM")
    for problem in problems:
        print(f"FAIL: {problem}", file=out)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
