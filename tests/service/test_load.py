"""A short load test of the real server on loopback: 8 clients, mixed valid and invalid
requests, fresh text no cache has seen; 0 failed valid requests, no 5xx, every error in
the envelope, worker memory within 20% of its size after the warm-up.

The long version (8 clients for 60 s) is the documented command, whose figures go to
BENCHMARKS.md and docs/reliability.md::

    .venv/bin/python -m summarizer.tools.loadtest --clients 8 --seconds 60

``SUMMARIZER_LONG_TESTS=1`` makes this test run that long too.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

from summarizer.tools.loadtest import free_port, main, run_load, total_rss_kib

from .serving import running_server

LONG = os.environ.get("SUMMARIZER_LONG_TESTS") == "1"


def test_mixed_load_loses_nothing_and_keeps_memory_flat(tmp_path: Path) -> None:
    with running_server(tmp_path, threads=4) as server:
        run_load(server.port, clients=8, seconds=15 if LONG else 4, seed=1)  # warm-up
        before = total_rss_kib(server.process.pid)
        report = run_load(server.port, clients=8, seconds=60 if LONG else 10, seed=2)
        report.rss_after_warmup_kib, report.rss_at_end_kib = before, total_rss_kib(server.process.pid)
        summary = report.summary()
        print("\n" + json.dumps(summary, indent=2))
        assert report.failures(max_rss_growth=0.20) == []
        assert summary["valid_requests"] >= 8 and summary["invalid_requests"] >= 8
        assert "Traceback" not in server.log()


def test_the_documented_command_fails_on_a_server_that_is_not_there() -> None:
    """The command's own verdict can fail: against a closed port every valid request is an error."""
    out = io.StringIO()
    status = main(["--port", str(free_port()), "--seconds", "0.5", "--warmup-seconds", "0", "--clients", "2"], out)
    assert status == 1
    assert "valid requests failed" in out.getvalue()
