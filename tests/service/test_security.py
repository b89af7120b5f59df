"""Security: the bearer key guards /v1/* (compared in constant time), no URL is ever fetched,
no article text, key or body reaches the logs, every response carries the security headers,
the container runs as a non-root user and every dependency is pinned."""

from __future__ import annotations

import ast
import inspect
import io
import json
import re
import socket
import tomllib
from pathlib import Path

import pytest

from summarizer.config import Settings
from summarizer.service import app as api
from summarizer.service.app import create_app

from ..conftest import HARBOR_BRIDGE, HashingEmbedder, read_cluster

ROOT = Path(__file__).resolve().parents[2]
KEY = "k3y-ünïcode-is-fine"  # the key is compared as UTF-8 bytes
SECRET_TEXT = "Zebra-quartz-7731 said the secret sentence that must never be logged."


def test_the_key_guards_every_v1_route_and_nothing_else() -> None:
    client = create_app(Settings(api_key=KEY), HashingEmbedder()).test_client()
    body = {"articles": [a.text for a in read_cluster(HARBOR_BRIDGE)]}
    good = {"Authorization": "Bearer " + KEY}
    for path, payload in (("/v1/summarize", body), ("/v1/summarize/batch", {"clusters": [body]})):
        assert client.post(path, json=payload, headers=good).status_code == 200
        for headers in (
            {},
            {"Authorization": "Bearer"},
            {"Authorization": "Bearer wrong"},
            {"Authorization": "Basic " + KEY},
            {"Authorization": "Bearer " + KEY + "x"},
            {"Authorization": "Bearer " + KEY[:-1]},
            {"Authorization": "Bearer \u00ff\u00fe"},  # latin-1 bytes on the wire: 401, not 500
        ):
            response = client.post(path, json=payload, headers=headers)
            assert response.status_code == 401, (path, headers)
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
    # Unknown /v1/ paths are refused before they are routed: no probing without the key.
    assert client.get("/v1/anything").status_code == 401
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.json", "/", "/static/app.js"):
        assert client.get(path).status_code == 200, path


def test_the_key_is_compared_in_constant_time() -> None:
    source = inspect.getsource(api._check_api_key)
    assert "hmac.compare_digest" in source
    assert "==" not in source.replace('scheme.lower() != "bearer"', "")


def test_no_url_is_ever_fetched() -> None:
    """An article's url pointing at a listening loopback socket: nothing connects to it."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/article"
        client = create_app(Settings(), HashingEmbedder()).test_client()
        articles = [{"id": a.id, "text": a.text, "url": url} for a in read_cluster(HARBOR_BRIDGE)]
        articles.append({"id": "link-only", "text": url, "url": url})
        response = client.post("/v1/summarize", json={"articles": articles, "query": url})
        assert response.status_code == 200
        assert {s["url"] for s in response.get_json()["sources"]} == {url}
        with pytest.raises(TimeoutError):
            listener.accept()


def test_no_module_of_the_service_can_fetch_a_url() -> None:
    """Only the measuring clients (load test, benchmarks) open connections; the load test only to 127.0.0.1."""
    network = {"urllib.request", "urllib3", "requests", "httpx", "http.client", "aiohttp", "socket", "ftplib"}
    for path in sorted((ROOT / "summarizer").rglob("*.py")):
        if path.parent.name == "tools":  # the load test and the benchmark drive a server; they are not the service
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name not in network, f"{path.name} imports {name}"
    assert '"127.0.0.1"' in (ROOT / "summarizer" / "tools" / "loadtest.py").read_text(encoding="utf-8")


def test_logs_hold_no_text_key_or_body_on_any_path(json_logs: io.StringIO) -> None:
    class Exploding:
        name = "exploding"

        def encode(self, texts: object) -> object:
            raise RuntimeError("the model broke")  # a 500: traceback logged, text still absent

    headers = {"Authorization": "Bearer " + KEY, "X-Request-ID": "sec-1"}
    good = {"articles": [SECRET_TEXT, SECRET_TEXT.replace("Zebra", "Yak")], "query": SECRET_TEXT}
    for embedder in (HashingEmbedder(), Exploding()):
        client = create_app(Settings(api_key=KEY), embedder).test_client()
        client.post("/v1/summarize?token=" + KEY, json=good, headers=headers)
        client.post(
            "/v1/summarize", data='{"articles": ["' + SECRET_TEXT, content_type="application/json", headers=headers
        )
        client.post("/v1/summarize", json={"articles": [{"text": 5, "id": SECRET_TEXT}]}, headers=headers)
        client.post("/v1/summarize", json=good, headers={"Authorization": "Bearer " + SECRET_TEXT})
    output = json_logs.getvalue()
    lines = [json.loads(line) for line in output.splitlines()]
    assert sum(1 for line in lines if line["message"] == "request") == 8
    assert any("the model broke" in line.get("exception", "") for line in lines)  # the 500 is logged
    assert "Zebra-quartz" not in output and "Yak-quartz" not in output
    assert KEY not in output and "token=" not in output


def test_the_container_runs_as_a_non_root_user_and_ships_only_the_package() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    # Both images (the default runtime target and full) are built on the service stage.
    assert re.search(r"^FROM service AS runtime$", dockerfile, re.MULTILINE)
    assert re.search(r"^FROM service AS full$", dockerfile, re.MULTILINE)
    service = dockerfile[dockerfile.index("AS service") : dockerfile.index("AS full")]
    users = re.findall(r"^USER (\S+)", service, re.MULTILINE)
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert re.search(r"useradd .*--uid 10001", service)
    assert not re.search(r"^USER ", dockerfile[dockerfile.index("AS full") :], re.MULTILINE)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert ignored[ignored.index("*") if "*" in ignored else -1] == "*"  # an allow-list: secrets stay out


def test_every_dependency_is_pinned() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    requirements = project["dependencies"] + [r for extra in extras.values() for r in extra]
    for requirement in requirements:
        own = re.fullmatch(re.escape(project["name"]) + r"\[([\w,-]+)\]", requirement)
        if own:  # an extra naming others of this project: pinned where those are
            assert set(own.group(1).split(",")) <= set(extras), requirement
            continue
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.+\-]*", requirement), requirement
