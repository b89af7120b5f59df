"""The HTTP API through Flask's test client: every endpoint, every error code, and
every response checked against the OpenAPI document the app serves."""

from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from numpy.typing import NDArray
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from werkzeug.test import TestResponse

from summarizer.config import Settings
from summarizer.documents import Article
from summarizer.embedder import Embedder
from summarizer.errors import ModelUnavailable
from summarizer.service.app import ERRORS, create_app
from summarizer.service.openapi import openapi_document

from ..conftest import HARBOR_BRIDGE, read_cluster
from ..conftest import HashingEmbedder as FakeEmbedder
from .serving import check_citations

SHARED_EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "examples" / "trump-putin-call"
API_KEY = "s3cret-test-key"

# Small limits so the 413s are cheap to provoke.
SMALL = Settings(max_body_bytes=40_000, max_articles=4, max_article_chars=3_000, max_batch_clusters=4)


# ---------------------------------------------------------------- helpers


class Spec:
    """Validates responses against the schemas of the served OpenAPI document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.registry: Registry[Any] = Registry().with_resource(
            "urn:summarizer:openapi", Resource.from_contents(document, default_specification=DRAFT202012)
        )

    def validator(self, pointer: str) -> Draft202012Validator:
        return Draft202012Validator({"$ref": f"urn:summarizer:openapi#{pointer}"}, registry=self.registry)

    def check(self, response: TestResponse, path: str, method: str) -> Any:
        """Validate one response's JSON body against the document; returns the body."""
        operation = self.document["paths"][path][method.lower()]
        status = str(response.status_code)
        assert status in operation["responses"] or response.status_code >= 400, (path, method, status)
        key = status if status in operation["responses"] else "default"
        content = operation["responses"][key]["content"]
        media = response.mimetype or ""
        assert media in content, (path, method, status, media)
        escaped = path.replace("~", "~0").replace("/", "~1")
        pointer = f"/paths/{escaped}/{method.lower()}/responses/{key}/content/{media.replace('/', '~1')}/schema"
        body = response.get_json() if media == "application/json" else response.get_data(as_text=True)
        errors = sorted(self.validator(pointer).iter_errors(body), key=str)
        assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
        return body

    def check_error(self, response: TestResponse, code: str, status: int) -> dict[str, Any]:
        assert response.status_code == status, response.get_data(as_text=True)
        assert response.mimetype == "application/json"
        body = response.get_json()
        errors = list(self.validator("/components/schemas/Error").iter_errors(body))
        assert not errors, errors
        assert body["error"]["code"] == code
        assert response.headers["X-Request-ID"]
        return dict(body["error"])


class BrokenEmbedder:
    """Fails every encode with the exception it was given."""

    name = "broken"

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        raise self.exc


class NanEmbedder:
    name = "nan"

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        return np.full((len(texts), 8), np.nan, dtype=np.float32)


def cluster_body(articles: Sequence[Article], **options: Any) -> dict[str, Any]:
    return {"articles": [{"id": a.id, "text": a.text} for a in articles], **options}


def make_client(settings: Settings = SMALL, embedder: Embedder | None = None) -> tuple[Flask, FlaskClient]:
    app = create_app(settings, embedder or FakeEmbedder())
    return app, app.test_client()


@pytest.fixture
def harbor() -> list[Article]:
    return read_cluster(HARBOR_BRIDGE)


@pytest.fixture
def client() -> FlaskClient:
    return make_client()[1]


@pytest.fixture
def spec() -> Spec:
    return Spec(openapi_document(SMALL, ERRORS))


# ---------------------------------------------------------------- happy paths


def test_summarize_returns_cited_sentences_matching_the_document(
    client: FlaskClient, spec: Spec, harbor: list[Article]
) -> None:
    response = client.post("/v1/summarize", json=cluster_body(harbor, max_sentences=3, order="source"))
    assert response.status_code == 200
    body = spec.check(response, "/v1/summarize", "POST")
    assert len(body["sentences"]) <= 3
    assert body["meta"]["options"]["order"] == "source"
    check_citations(body, harbor)
    # Keys come back in the engine's order, not sorted.
    assert list(body) == ["summary", "sentences", "sources", "meta"]


def test_summarize_is_deterministic_and_accepts_bare_strings(client: FlaskClient, harbor: list[Article]) -> None:
    body = {"articles": [a.text for a in harbor], "max_words": 60}
    first = client.post("/v1/summarize", json=body).get_json()
    second = client.post("/v1/summarize", json=body).get_json()
    assert first == second
    assert {s["citation"]["article_id"] for s in first["sentences"]} <= {"0", "1", "2"}


def test_batch_keeps_order_and_isolates_a_bad_cluster(client: FlaskClient, spec: Spec, harbor: list[Article]) -> None:
    good = cluster_body(harbor, max_sentences=2)
    bad_schema = {"articles": [{"text": "fine text here."}, {"id": "x"}]}
    empty = {"articles": ["Menu", "Share this"]}
    response = client.post("/v1/summarize/batch", json={"clusters": [good, bad_schema, empty, good]})
    assert response.status_code == 200
    results = spec.check(response, "/v1/summarize/batch", "POST")["results"]
    assert len(results) == 4
    check_citations(results[0], harbor)
    assert results[3] == results[0]
    assert results[1]["error"]["code"] == "invalid_input"
    assert {
        "field": "clusters[1].articles[1].text",
        "message": results[1]["error"]["details"][0]["message"],
    } in results[1]["error"]["details"]
    assert results[2]["error"]["code"] == "nothing_to_summarize"


def test_batch_isolates_a_cluster_over_the_article_limits(client: FlaskClient, harbor: list[Article]) -> None:
    too_long = {"articles": ["x" * (SMALL.max_article_chars + 1)]}
    response = client.post("/v1/summarize/batch", json={"clusters": [too_long, cluster_body(harbor)]})
    results = response.get_json()["results"]
    assert results[0]["error"]["code"] == "input_too_large"
    assert results[0]["error"]["details"][0]["field"] == "clusters[0].articles[0].text"
    assert "sentences" in results[1]


def test_batch_past_its_deadline_reports_deadline_exceeded_per_cluster(harbor: list[Article]) -> None:
    settings = Settings(request_timeout=1e-9)
    _, client = make_client(settings)
    response = client.post("/v1/summarize/batch", json={"clusters": [cluster_body(harbor)] * 2})
    assert response.status_code == 200
    assert [r["error"]["code"] for r in response.get_json()["results"]] == ["deadline_exceeded"] * 2


class SlowEmbedder(FakeEmbedder):
    """The fake embedder, taking ``seconds`` per call: a model under load."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        time.sleep(self.seconds)
        return super().encode(texts)


def test_a_summary_past_its_deadline_is_503_and_stops_encoding(spec: Spec) -> None:
    """Many sentences go to the model in slices; the deadline is checked before each and nothing runs on."""
    embedder = SlowEmbedder(0.2)
    _, client = make_client(Settings(request_timeout=0.3, max_sentences_kept=10_000), embedder)
    many = [
        Article(
            f"a{a}",
            " ".join(
                f"Officials said on day {i} that {a * 1000 + i} crews were working near the bridge." for i in range(100)
            ),
        )
        for a in range(6)
    ]  # 600 distinct sentences: three slices for the model
    started = time.monotonic()
    response = client.post("/v1/summarize", json=cluster_body(many))
    error = spec.check_error(response, "deadline_exceeded", 503)
    assert "SUMMARIZER_REQUEST_TIMEOUT" in error["message"]
    spec.check(response, "/v1/summarize", "POST")
    assert time.monotonic() - started < 2.0
    assert 1 <= len(embedder.calls) <= 3  # it gave up after a slice or two, not after all of them
    calls = len(embedder.calls)
    time.sleep(0.5)
    assert len(embedder.calls) == calls  # no thread left encoding behind the answer


def test_sentences_beyond_the_work_limit_are_413_before_any_encode(spec: Spec, harbor: list[Article]) -> None:
    embedder = FakeEmbedder()
    _, client = make_client(Settings(max_sentences_kept=10), embedder)
    response = client.post("/v1/summarize", json=cluster_body(harbor))
    error = spec.check_error(response, "input_too_large", 413)
    assert error["details"] == [{"field": "articles", "message": "at most 10 summarizable sentences in all articles"}]
    assert embedder.calls == []


def test_total_characters_beyond_the_limit_are_413(spec: Spec) -> None:
    _, client = make_client(Settings(max_article_chars=1_000, max_total_chars=2_500))
    response = client.post("/v1/summarize", json={"articles": ["x" * 1_000] * 3})
    error = spec.check_error(response, "input_too_large", 413)
    assert error["details"][0]["field"] == "articles"
    assert client.post("/v1/summarize", json={"articles": ["x" * 1_000] * 2}).status_code == 422  # within: no sentence


def test_every_response_carries_the_security_headers(client: FlaskClient, harbor: list[Article]) -> None:
    responses = [
        client.post("/v1/summarize", json=cluster_body(harbor)),
        client.post("/v1/summarize", data="{", content_type="application/json"),
        client.get("/healthz"),
        client.get("/no-such-path"),
        client.get("/static/app.js"),
        client.get("/static/index.html"),
    ]
    for response in responses:
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert responses[0].headers["Cache-Control"] == "no-store"
    page = client.get("/")
    assert page.headers["Content-Security-Policy"].startswith("default-src 'none'; script-src 'self'")


def test_healthz_readyz_and_request_ids(client: FlaskClient, spec: Spec) -> None:
    health = client.get("/healthz")
    assert spec.check(health, "/healthz", "GET") == {"status": "ok"}
    generated = health.headers["X-Request-ID"]
    assert len(generated) == 32 and generated != client.get("/healthz").headers["X-Request-ID"]

    ready = client.get("/readyz", headers={"X-Request-ID": "abc-123.DEF"})
    assert spec.check(ready, "/readyz", "GET") == {
        "status": "ready",
        "model": "hashing-test-embedder",
        "dimension": 256,
    }
    assert ready.headers["X-Request-ID"] == "abc-123.DEF"
    # An id that could forge log lines is replaced, not echoed.
    forged = client.get("/healthz", headers={"X-Request-ID": 'x", "level": "ERROR'})
    assert forged.headers["X-Request-ID"] != 'x", "level": "ERROR'


def test_readyz_is_503_when_the_model_fails(spec: Spec) -> None:
    for embedder in (BrokenEmbedder(RuntimeError("weights gone")), NanEmbedder()):
        _, client = make_client(embedder=embedder)
        response = client.get("/readyz")
        spec.check_error(response, "model_unavailable", 503)
        spec.check(response, "/readyz", "GET")
        assert client.get("/healthz").status_code == 200  # alive, just not ready


def test_model_that_cannot_load_fails_the_factory(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable):
        create_app(Settings(model=str(tmp_path / "no-such-model"), models_dir=tmp_path))


def test_openapi_document_is_valid_and_covers_every_route(client: FlaskClient) -> None:
    from openapi_spec_validator import validate

    response = client.get("/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    validate(document)
    assert document["openapi"].startswith("3.1")
    app_routes = {
        (rule.rule, method.lower())
        for rule in client.application.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }
    documented = {(path, method) for path, item in document["paths"].items() for method in item}
    assert app_routes == documented
    assert set(document["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["code"]["enum"]) == set(
        ERRORS
    )


def test_metrics_count_requests_latency_and_sentences(client: FlaskClient, spec: Spec, harbor: list[Article]) -> None:
    client.get("/healthz")
    client.get("/no-such-path")
    client.post("/v1/summarize", json=cluster_body(harbor))
    client.post("/v1/summarize", data="nope", content_type="application/json")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    text = spec.check(response, "/metrics", "GET")
    samples = {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line[:1] != "#"}
    assert samples['summarizer_requests_total{endpoint="/healthz",status="200"}'] == 1
    assert samples['summarizer_requests_total{endpoint="unmatched",status="404"}'] == 1
    assert samples['summarizer_requests_total{endpoint="/v1/summarize",status="200"}'] == 1
    assert samples['summarizer_requests_total{endpoint="/v1/summarize",status="400"}'] == 1
    assert samples['summarizer_request_duration_seconds_count{endpoint="/v1/summarize"}'] == 2
    # Every kept sentence is embedded once (distinct texts), the readiness probe never.
    embedder = client.application.extensions["summarizer"]["embedder"].inner
    assert samples["summarizer_sentences_embedded_total"] == sum(embedder.calls) > 0
    client.get("/readyz")
    again = client.get("/metrics").get_data(as_text=True)
    assert f"summarizer_sentences_embedded_total {sum(embedder.calls) - 1}.0" in again


def test_a_cluster_seen_again_is_served_from_the_embedding_cache(harbor: list[Article]) -> None:
    # The factory's own model (the default fast backend with its cache), as in production.
    client = create_app(SMALL).test_client()
    body = cluster_body(harbor)
    first = client.post("/v1/summarize", json=body)
    second = client.post("/v1/summarize", json=body)
    assert first.status_code == second.status_code == 200
    assert first.get_json() == second.get_json()

    def sample(name: str) -> float:
        text = client.get("/metrics").get_data(as_text=True)
        return float(re.search(rf"^{name} (\S+)$", text, re.M).group(1))  # type: ignore[union-attr]

    embedded = sample("summarizer_sentences_embedded_total")
    misses = sample("summarizer_embedding_cache_misses_total")
    # Only the first request reached the model; the second was all cache hits.
    assert embedded == misses > 0
    assert sample("summarizer_embedding_cache_hits_total") >= misses
    assert sample("summarizer_embedding_cache_entries") == misses


# ---------------------------------------------------------------- error codes, one by one


@pytest.mark.parametrize(
    ("data", "message_part"),
    [
        ("{not json", "not valid JSON"),
        ("", "empty"),
        ('{"articles": [NaN]}', "NaN"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        # A lone surrogate encoded as UTF-8 bytes: json.loads(bytes) alone would let it through.
        (b'{"articles": ["\xed\xa0\x80"]}', "not UTF-8"),
    ],
)
def test_400_invalid_json(spec: Spec, data: str | bytes, message_part: str) -> None:
    _, client = make_client(Settings(max_body_bytes=1_000_000))
    response = client.post("/v1/summarize", data=data, content_type="application/json")
    error = spec.check_error(response, "invalid_json", 400)
    assert message_part in error["message"]
    spec.check(response, "/v1/summarize", "POST")


def test_401_when_an_api_key_is_set(spec: Spec, harbor: list[Article]) -> None:
    _, client = make_client(Settings(api_key=API_KEY))
    body = cluster_body(harbor)
    for headers in (
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Basic {API_KEY}"},
        {"Authorization": ""},
    ):
        for path in ("/v1/summarize", "/v1/summarize/batch", "/v1/nowhere"):
            response = client.post(path, json=body, headers=headers)
            spec.check_error(response, "unauthorized", 401)
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
    ok = client.post("/v1/summarize", json=body, headers={"Authorization": f"Bearer {API_KEY}"})
    assert ok.status_code == 200
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.json"):
        assert client.get(path).status_code == 200, path


def test_404_and_405_use_the_envelope(client: FlaskClient, spec: Spec) -> None:
    spec.check_error(client.get("/nope"), "not_found", 404)
    spec.check_error(client.post("/v1/summarise", json={}), "not_found", 404)
    response = client.get("/v1/summarize")
    spec.check_error(response, "method_not_allowed", 405)
    assert response.headers["Allow"] == "POST"
    spec.check(response, "/v1/summarize", "POST")
    spec.check_error(client.post("/healthz"), "method_not_allowed", 405)
    spec.check_error(client.options("/v1/summarize"), "method_not_allowed", 405)


def test_413_payload_too_large_from_content_length(client: FlaskClient, spec: Spec) -> None:
    big = json.dumps({"articles": ["word " * 10_000]})
    assert len(big) > SMALL.max_body_bytes
    response = client.post("/v1/summarize", data=big, content_type="application/json")
    error = spec.check_error(response, "payload_too_large", 413)
    assert str(SMALL.max_body_bytes) in error["message"]
    assert response.headers["Connection"] == "close"


def test_413_payload_too_large_for_a_body_without_content_length(client: FlaskClient, spec: Spec) -> None:
    big = json.dumps({"articles": ["word " * 10_000]}).encode()
    response = client.post(
        "/v1/summarize",
        input_stream=io.BytesIO(big),
        headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    spec.check_error(response, "payload_too_large", 413)
    assert response.headers["Connection"] == "close"


def test_413_input_too_large_for_articles_text_and_clusters(client: FlaskClient, spec: Spec) -> None:
    response = client.post("/v1/summarize", json={"articles": ["A short sentence here."] * (SMALL.max_articles + 1)})
    assert spec.check_error(response, "input_too_large", 413)["details"][0]["field"] == "articles"
    response = client.post("/v1/summarize", json={"articles": ["ok", "ok", "x" * (SMALL.max_article_chars + 1)]})
    assert spec.check_error(response, "input_too_large", 413)["details"][0]["field"] == "articles[2].text"
    response = client.post(
        "/v1/summarize/batch", json={"clusters": [{"articles": ["x"]}] * (SMALL.max_batch_clusters + 1)}
    )
    assert spec.check_error(response, "input_too_large", 413)["details"][0]["field"] == "clusters"
    spec.check(response, "/v1/summarize/batch", "POST")


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_415_when_the_body_is_not_json(client: FlaskClient, spec: Spec, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/v1/summarize", data='{"articles": ["x"]}', headers=headers)
    spec.check_error(response, "unsupported_media_type", 415)
    spec.check(response, "/v1/summarize", "POST")


def test_json_suffix_media_types_are_accepted(client: FlaskClient, harbor: list[Article]) -> None:
    response = client.post(
        "/v1/summarize", data=json.dumps(cluster_body(harbor)), content_type="application/vnd.api+json; charset=utf-8"
    )
    assert response.status_code == 200


def test_422_invalid_input_names_every_bad_field(client: FlaskClient, spec: Spec) -> None:
    body = {
        "articles": [{"id": "a", "text": "One."}, {"id": "b", "text": "Two."}, {"id": "c", "text": 7}],
        "max_words": 0,
        "colour": "blue",
    }
    response = client.post("/v1/summarize", json=body)
    error = spec.check_error(response, "invalid_input", 422)
    spec.check(response, "/v1/summarize", "POST")
    assert {d["field"] for d in error["details"]} == {"articles[2].text", "max_words", "colour"}
    not_objects: list[Any] = [[], "text", 3]
    for not_an_object in not_objects:
        assert client.post("/v1/summarize", json=not_an_object).status_code == 422
    batches: list[Any] = [{}, {"clusters": []}, {"clusters": "x"}, {"clusters": [{}], "extra": 1}, []]
    for batch in batches:
        spec.check_error(client.post("/v1/summarize/batch", json=batch), "invalid_input", 422)


def test_422_nothing_to_summarize(client: FlaskClient, spec: Spec) -> None:
    response = client.post("/v1/summarize", json={"articles": ["Advertisement", "Share on Facebook"]})
    spec.check_error(response, "nothing_to_summarize", 422)


def test_500_has_a_fixed_message_and_the_traceback_only_in_the_log(
    spec: Spec, harbor: list[Article], json_logs: io.StringIO
) -> None:
    _, client = make_client(embedder=BrokenEmbedder(ZeroDivisionError("secret internals")))
    response = client.post("/v1/summarize", json=cluster_body(harbor), headers={"X-Request-ID": "req-500"})
    error = spec.check_error(response, "internal_error", 500)
    assert "secret internals" not in response.get_data(as_text=True)
    assert error["details"] == []
    lines = [json.loads(line) for line in json_logs.getvalue().splitlines()]
    failure = next(line for line in lines if line["message"] == "unhandled error")
    assert failure["request_id"] == "req-500"
    assert "ZeroDivisionError: secret internals" in failure["exception"]
    # In a batch, the crash stays in its slot.
    response = client.post("/v1/summarize/batch", json={"clusters": [cluster_body(harbor)]})
    assert response.get_json()["results"][0]["error"]["code"] == "internal_error"


def test_503_when_the_model_is_unavailable(spec: Spec, harbor: list[Article]) -> None:
    _, client = make_client(embedder=BrokenEmbedder(ModelUnavailable("model files are gone")))
    spec.check_error(client.post("/v1/summarize", json=cluster_body(harbor)), "model_unavailable", 503)
    # The model failing is the service failing: the whole batch is 503, not one slot.
    spec.check_error(
        client.post("/v1/summarize/batch", json={"clusters": [cluster_body(harbor)]}), "model_unavailable", 503
    )


def test_every_error_code_has_one_status_and_is_documented(spec: Spec) -> None:
    statuses = {code: status for code, (status, _) in ERRORS.items()}
    assert statuses["invalid_json"] == 400 and statuses["invalid_input"] == 422
    assert statuses["payload_too_large"] == statuses["input_too_large"] == 413
    assert statuses["model_unavailable"] == statuses["deadline_exceeded"] == 503
    for path, item in spec.document["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if status.isdigit() and int(status) >= 400:
                    schema = response["content"]["application/json"]["schema"]
                    documented = set(schema["allOf"][1]["properties"]["error"]["properties"]["code"]["enum"])
                    assert documented == {c for c, s in statuses.items() if s == int(status)}, (path, method, status)


# ---------------------------------------------------------------- logs


def test_logs_are_json_lines_with_the_request_id_and_never_the_text(
    harbor: list[Article], json_logs: io.StringIO
) -> None:
    _, client = make_client(Settings(api_key=API_KEY))
    headers = {"Authorization": f"Bearer {API_KEY}", "X-Request-ID": "trace-42"}
    assert client.post("/v1/summarize", json=cluster_body(harbor), headers=headers).status_code == 200
    assert client.post("/v1/summarize", json={"articles": [{"text": 5}]}, headers=headers).status_code == 422
    output = json_logs.getvalue()
    lines = [json.loads(line) for line in output.splitlines()]
    access = [line for line in lines if line["message"] == "request"]
    assert [(a["status"], a["path"], a["method"]) for a in access] == [
        (200, "/v1/summarize", "POST"),
        (422, "/v1/summarize", "POST"),
    ]
    for line in access:
        assert line["request_id"] == "trace-42"
        assert {"timestamp", "level", "logger", "duration_ms"} <= set(line)
    assert access[1]["error_code"] == "invalid_input"
    assert API_KEY not in output
    for article in harbor:
        for sentence in article.text.splitlines():
            if len(sentence) > 30:
                assert sentence[:30] not in output


# ---------------------------------------------------------------- the real model


@pytest.fixture
def real_client(real_embedder: Embedder) -> FlaskClient:
    return create_app(Settings(), real_embedder).test_client()


def test_real_model_summarizes_the_shared_example(real_client: FlaskClient, spec: Spec) -> None:
    if not SHARED_EXAMPLE.is_dir():
        pytest.skip(f"shared example cluster not present at {SHARED_EXAMPLE}")
    articles = read_cluster(SHARED_EXAMPLE)
    response = real_client.post("/v1/summarize", json=cluster_body(articles, max_words=120))
    assert response.status_code == 200
    body = spec.check(response, "/v1/summarize", "POST")
    check_citations(body, articles)
    assert body["meta"]["model"] == "all-MiniLM-L6-v2"
    assert sum(len(s["text"].split()) for s in body["sentences"]) <= 120


def _readme_response_example() -> dict[str, Any]:
    """The JSON block README.md shows as the answer for the harbor-bridge cluster."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    intro = readme.index("here for the project's own three-article test cluster")
    block = re.search(r"```json\n(.*?)\n```", readme[intro:], re.DOTALL)
    assert block is not None
    example: dict[str, Any] = json.loads(block.group(1))
    return example


def test_the_readme_response_example_is_what_the_service_answers(real_client: FlaskClient) -> None:
    # The example shows real figures (scores, probabilities, counts); a refitted model or
    # a new rule changes them, and a reader should not find stale ones.
    example = _readme_response_example()
    articles = read_cluster(HARBOR_BRIDGE)
    options = {k: v for k, v in example["meta"]["options"].items() if v is not None}
    body = real_client.post("/v1/summarize", json=cluster_body(articles, **options)).get_json()
    assert body["summary"] == example["summary"]
    assert len(body["sentences"]) == len(example["sentences"])
    for got, shown in zip(body["sentences"], example["sentences"], strict=True):
        assert got["text"].startswith(shown["text"].removesuffix(" …").removesuffix("…"))
        assert {k: v for k, v in got.items() if k != "text"} == {k: v for k, v in shown.items() if k != "text"}
    assert body["sources"] == example["sources"]
    assert body["meta"] == example["meta"]


def test_real_model_is_ready(real_client: FlaskClient, spec: Spec) -> None:
    response = real_client.get("/readyz")
    assert spec.check(response, "/readyz", "GET") == {"status": "ready", "model": "all-MiniLM-L6-v2", "dimension": 384}
