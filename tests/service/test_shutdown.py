"""SIGTERM under load: every request already sent is answered 200, and new connections are
refused at once rather than left hanging in a backlog nobody reads.

The real ``summarizer serve`` (real model) on a free loopback port, stopped by pid.
``SUMMARIZER_LONG_TESTS=1`` sends 32 concurrent requests instead of 8.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import signal
import socket
import threading
import time
from pathlib import Path
from typing import Any

from summarizer.tools.loadtest import news_cluster

from .serving import running_server

CLIENTS = 32 if os.environ.get("SUMMARIZER_LONG_TESTS") == "1" else 8


def embedded(port: int) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/metrics")
        raw = connection.getresponse().read()
    finally:
        connection.close()
    match = re.search(rb"^summarizer_sentences_embedded_total (\S+)$", raw, re.MULTILINE)
    assert match, raw
    return float(match.group(1))


def test_sigterm_under_load_answers_every_sent_request_and_refuses_new_connections(tmp_path: Path) -> None:
    with running_server(tmp_path, threads=4) as server:
        port = server.port
        rng = random.Random(7)
        bodies = [{"articles": news_cluster(rng, 6), "max_words": 80} for _ in range(CLIENTS)]
        sent = threading.Barrier(CLIENTS + 1, timeout=60)
        outcomes: list[Any] = [None] * CLIENTS

        def client(i: int) -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            try:
                connection.request(
                    "POST", "/v1/summarize", body=json.dumps(bodies[i]), headers={"Content-Type": "application/json"}
                )
                sent.wait()  # the whole request is on the wire before SIGTERM
                response = connection.getresponse()
                outcomes[i] = (response.status, json.loads(response.read()))
            except Exception as exc:  # reported by the assertions below
                outcomes[i] = exc
            finally:
                connection.close()

        before = embedded(port)
        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for t in threads:
            t.start()
        sent.wait()
        deadline = time.monotonic() + 60
        while embedded(port) == before:  # the first summaries are in the model
            assert time.monotonic() < deadline, "no request started"
            time.sleep(0.02)
        os.kill(server.process.pid, signal.SIGTERM)
        signalled = time.monotonic()

        # New connections: answered while the worker still takes them, then refused; never left hanging.
        refused_after = None
        served_late = 0
        while time.monotonic() - signalled < 20:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    answer = sock.recv(64)
                assert answer.startswith(b"HTTP/1.1 200"), answer  # a timeout here would be the hang
                served_late += 1
            except ConnectionRefusedError:
                refused_after = time.monotonic() - signalled
                break
            time.sleep(0.01)
        assert refused_after is not None, "new connections were still accepted 20 s after SIGTERM"

        for t in threads:
            t.join(timeout=120)
        lost = [o for o in outcomes if not (isinstance(o, tuple) and o[0] == 200)]
        print(
            f"\nSIGTERM with {CLIENTS} requests in flight: {CLIENTS - len(lost)} answered 200, {len(lost)} lost; "
            f"new connections refused {refused_after:.2f} s after SIGTERM ({served_late} answered before that)"
        )
        assert not lost, lost
        for body, (_, result) in zip(bodies, outcomes, strict=True):
            texts = {a["id"]: a["text"] for a in body["articles"]}
            assert result["sentences"]
            for sentence in result["sentences"]:
                c = sentence["citation"]
                assert texts[c["article_id"]][c["start"] : c["end"]] == sentence["text"]
        assert server.process.wait(timeout=40) == 0
        log = [json.loads(line) for line in server.log().splitlines() if line.strip()]
        assert sum(1 for line in log if line.get("path") == "/v1/summarize" and line.get("status") == 200) == CLIENTS
        assert any(line["message"] == "stopped listening" for line in log)
