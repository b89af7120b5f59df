"""The real service: ``summarizer serve`` (gunicorn) on a free loopback port, with the real model.

One server process serves the whole module; the last test stops it with SIGTERM
while a request is in flight and checks that the request still succeeds.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import signal
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from summarizer.config import Settings
from summarizer.service.server import DrainingWorker, gunicorn_options

from .serving import Server, body_of, check_citations, example_cluster, running_server

BODY_LIMIT = 1_000_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # No embedding cache: every cluster of the in-flight batch below must really reach the model.
    env = {"SUMMARIZER_MAX_BODY_BYTES": str(BODY_LIMIT), "SUMMARIZER_CACHE_SIZE": "0"}
    with running_server(tmp_path_factory.mktemp("server"), env) as s:
        yield s


def send_until_answered(sock: socket.socket, head: bytes, pieces: Iterator[bytes]) -> int:
    """Send the head, then body pieces until the server answers (as a careful client does); bytes of body sent."""
    sock.sendall(head)
    sent = 0
    for piece in pieces:
        readable, _, _ = select.select([sock], [], [], 0)
        if readable:
            break
        try:
            sock.sendall(piece)
        except (BrokenPipeError, ConnectionResetError):
            break
        sent += len(piece)
    return sent


def read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Read one complete HTTP response (Content-Length framed), then expect the server to close."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed before a response: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    while len(body) < int(headers["content-length"]):
        chunk = sock.recv(65536)
        assert chunk, "connection closed in the middle of the response"
        body += chunk
    # The whole answer is in hand; a reset after it would be the server's business.
    with contextlib.suppress(ConnectionResetError):
        assert sock.recv(1) == b"", "the server kept the connection open"
    return status, headers, body


# ---------------------------------------------------------------- tests


def test_serve_summarizes_the_example_cluster_with_cited_spans(server: Server) -> None:
    articles = example_cluster()
    status, headers, raw = server.request(
        "POST", "/v1/summarize", body_of(articles, max_words=120), headers={"X-Request-ID": "serve-test-1"}
    )
    assert status == 200, raw
    assert headers["x-request-id"] == "serve-test-1"
    result = json.loads(raw)
    check_citations(result, articles)
    assert result["meta"]["model"] == "all-MiniLM-L6-v2"
    assert len(result["sources"]) >= 2


def test_serve_answers_413_while_the_client_is_still_sending(server: Server) -> None:
    """Headers announce 50 MB; the client keeps sending until the answer arrives, then reads it."""
    announced = 50_000_000
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as sock:
        head = (
            b"POST /v1/summarize HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\nX-Request-ID: big-body\r\n\r\n" % announced
        )
        sent = send_until_answered(sock, head, (b"x" * 16_384 for _ in range(announced // 16_384)))
        status, headers, body = read_response(sock)
    assert sent < announced
    assert status == 413
    assert headers["connection"] == "close"
    assert headers["x-request-id"] == "big-body"
    assert json.loads(body)["error"]["code"] == "payload_too_large"


def test_serve_answers_413_for_a_chunked_body_over_the_limit(server: Server) -> None:
    """No Content-Length: the limit is enforced while reading, and the client still gets the answer."""
    piece = b"x" * 16_384
    framed = b"%x\r\n%s\r\n" % (len(piece), piece)
    head = (
        b"POST /v1/summarize HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as sock:
        # Never the final 0-chunk: the client would go on sending for ever.
        sent = send_until_answered(sock, head, (framed for _ in range(10 * BODY_LIMIT // len(piece))))
        status, headers, body = read_response(sock)
    assert BODY_LIMIT < sent < 10 * BODY_LIMIT
    assert status == 413
    assert headers["connection"] == "close"
    assert json.loads(body)["error"]["code"] == "payload_too_large"


def test_serve_errors_metrics_and_json_logs(server: Server) -> None:
    status, _, raw = server.request("GET", "/no-such-path")
    assert status == 404 and json.loads(raw)["error"]["code"] == "not_found"
    status, headers, raw = server.request("GET", "/metrics")
    assert status == 200 and headers["content-type"].startswith("text/plain")
    assert re.search(rb'summarizer_requests_total\{endpoint="/readyz",status="200"\} [1-9]', raw)
    status, _, raw = server.request("GET", "/openapi.json")
    assert status == 200 and json.loads(raw)["openapi"] == "3.1.0"


def test_sigterm_lets_an_in_flight_request_finish(server: Server) -> None:
    """A batch big enough to take a while; SIGTERM once its first cluster is embedded."""
    articles = example_cluster()
    batch = {"clusters": [body_of(articles, max_words=80 + 10 * i) for i in range(12)]}

    def embedded() -> float:
        _, _, raw = server.request("GET", "/metrics")
        match = re.search(rb"^summarizer_sentences_embedded_total (\S+)$", raw, re.MULTILINE)
        assert match, raw
        return float(match.group(1))

    before = embedded()
    outcome: dict[str, Any] = {}

    def post() -> None:
        try:
            outcome["response"] = server.request("POST", "/v1/summarize/batch", batch, timeout=120)
        except Exception as exc:  # reported by the assertions below
            outcome["error"] = exc

    client = threading.Thread(target=post)
    client.start()
    deadline = time.monotonic() + 60
    while embedded() == before:  # the batch has started: its first cluster went through the model
        assert client.is_alive(), outcome
        assert time.monotonic() < deadline, "the batch never started"
        time.sleep(0.02)
    # A second thread answers the liveness check while the batch computes.
    assert server.request("GET", "/healthz", timeout=10)[0] == 200
    assert client.is_alive(), "the batch finished before SIGTERM; make it bigger"
    os.kill(server.process.pid, signal.SIGTERM)
    client.join(timeout=120)
    assert not client.is_alive()
    assert "error" not in outcome, outcome
    status, _, raw = outcome["response"]
    assert status == 200, raw
    results = json.loads(raw)["results"]
    assert len(results) == len(batch["clusters"])
    for result in results:
        check_citations(result, articles)
    assert server.process.wait(timeout=40) == 0
    log = server.log()
    assert "Handling signal: term" in log
    # Every line is JSON and none carries article text.
    lines = [json.loads(line) for line in log.splitlines() if line.strip()]
    signalled = next(i for i, line in enumerate(lines) if line["message"] == "Handling signal: term")
    answered = next(i for i, line in enumerate(lines) if line.get("path") == "/v1/summarize/batch")
    assert lines[answered]["status"] == 200
    assert signalled < answered, "the batch was answered before SIGTERM arrived, so it was not in flight"
    for article in articles:
        for sentence in re.split(r"(?<=[.!?])\s+", article.text):
            if len(sentence) > 40:
                assert sentence[:40] not in log


def test_gunicorn_options_shut_down_gracefully() -> None:
    options = gunicorn_options("::1", 8000, 2, 3, Settings(graceful_timeout=12.5))
    assert options["bind"] == ["[::1]:8000"]
    assert options["threads"] == 3
    # gunicorn's gthread worker, closing its listener as soon as it stops (tests/service/test_shutdown.py)
    assert options["worker_class"] == "summarizer.service.server.DrainingWorker"
    from gunicorn.workers.gthread import ThreadWorker

    assert issubclass(DrainingWorker, ThreadWorker)
    assert options["graceful_timeout"] == 13
    assert "preload_app" not in options  # each worker loads its own model after the fork
