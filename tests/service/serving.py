"""Starting the real service for tests: ``summarizer serve`` on a free loopback port, with the real model.

Shared by test_server, test_shutdown, test_load and test_fuzz_api. Start, readiness
and stop are ``summarizer.tools.loadtest``'s, so the documented load-test command and the
tests run the server the same way. Everything listens on 127.0.0.1 and is stopped by pid.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from summarizer.documents import Article
from summarizer.tools.loadtest import free_port, request, start_server, stop_server, wait_ready

from ..conftest import SHARED_EXAMPLE, read_cluster

START_TIMEOUT = 180.0


@dataclass
class Server:
    process: Any  # subprocess.Popen[bytes]
    port: int
    log_path: Path
    ready_seconds: float

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None, timeout: float = 60.0
    ) -> tuple[int, dict[str, str], bytes]:
        """One request on a new connection; ``body`` is sent as JSON."""
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"Content-Type": "application/json"} if data is not None else {}
        return request(self.port, method, path, data, {**all_headers, **(headers or {})}, timeout=timeout)

    def connection(self, timeout: float = 60.0) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)


@contextmanager
def running_server(
    tmp_path: Path, env: Mapping[str, str] | None = None, workers: int = 1, threads: int = 4
) -> Iterator[Server]:
    """``summarizer serve`` on a free loopback port, ready; stopped by pid (SIGTERM) on exit."""
    port = free_port()
    log_path = tmp_path / "server.log"
    process = start_server(port, log_path, {"SUMMARIZER_GRACEFUL_TIMEOUT": "30", **(env or {})}, workers, threads)
    try:
        server = Server(process, port, log_path, 0.0)
        try:
            server.ready_seconds = wait_ready(process, port, START_TIMEOUT)
        except RuntimeError as exc:
            pytest.fail(f"{exc}:\n{server.log()[-3000:]}")
        print(f"\nsummarizer serve ready after {server.ready_seconds:.1f} s")
        yield server
    finally:
        stop_server(process)


def example_cluster() -> list[Article]:
    if not SHARED_EXAMPLE.is_dir():
        pytest.skip(f"shared example cluster not present at {SHARED_EXAMPLE}")
    return read_cluster(SHARED_EXAMPLE)


def body_of(articles: list[Article], **options: Any) -> dict[str, Any]:
    return {"articles": [{"id": a.id, "text": a.text} for a in articles], **options}


def check_citations(result: dict[str, Any], articles: Sequence[Article]) -> None:
    """Every cited span is the sentence's text; every corroboration is another article's non-blank span."""
    texts = {a.id: a.text for a in articles}
    assert result["sentences"]
    for sentence in result["sentences"]:
        c = sentence["citation"]
        assert texts[c["article_id"]][c["start"] : c["end"]] == sentence["text"]
        for other in sentence["also_in"]:
            assert other["article_id"] != c["article_id"]
            assert texts[other["article_id"]][other["start"] : other["end"]].strip()
