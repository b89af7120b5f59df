"""The JSON HTTP service: the Flask app factory, its routes and its error envelope.

    app = create_app()                      # settings from SUMMARIZER_*, model loaded now
    app = create_app(settings, embedder)    # tests: injected settings and embedder

Routes: ``POST /v1/summarize``, ``POST /v1/summarize/batch``, ``GET /healthz``,
``GET /readyz``, ``GET /openapi.json``, ``GET /metrics``, and the page for people
at ``GET /`` with its files under ``GET /static/<name>`` (``page.py``).

Every non-2xx response, werkzeug's own included, is the envelope
``{"error": {"code", "message", "details"}}``; ``ERRORS`` maps each code to its
status in one table. Requests pass, in order: request id -> API key (``/v1/*``)
-> declared body size -> media type -> body read within the limit -> JSON (UTF-8
only) -> schema (``schema.parse_cluster``) -> work estimate (sentences that could be
summarized, at most ``max_sentences_kept``) -> pipeline, under the request's deadline.

The deadline (``SUMMARIZER_REQUEST_TIMEOUT``) is checked in the request's own thread,
before the pipeline and before each slice of sentences goes to the model, so an
expired request raises ``DeadlineExceeded`` (503) and leaves nothing running behind
it. The work after embedding is bounded by ``max_sentences_kept`` instead.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import numpy as np
from flask import Flask, Response, g, request
from numpy.typing import NDArray
from werkzeug.exceptions import HTTPException

from ..config import Settings
from ..documents import Article, Options
from ..embedder import Embedder
from ..embeddings import LRUEmbeddingCache, embedder_from_settings
from ..errors import (
    DeadlineExceeded,
    FieldError,
    InputTooLarge,
    InvalidInput,
    InvalidJSON,
    ModelUnavailable,
    SummarizerError,
)
from ..method.pipeline import summarize
from ..schema import parse_cluster
from . import logs
from .metrics import CONTENT_TYPE, CountingEmbedder, Metrics, bind_cache_metrics
from .openapi import openapi_document
from .page import PAGE_HEADERS, page_html

__all__ = ["ERRORS", "ApiError", "create_app", "status_for"]

log = logging.getLogger(__name__)

# The one table from error code to HTTP status (and what the code means, for the docs).
ERRORS: dict[str, tuple[int, str]] = {
    "invalid_json": (400, "The body is not valid JSON (or is empty, or nested too deeply)."),
    "bad_request": (400, "The request could not be read (for example a malformed chunked body)."),
    "unauthorized": (401, "An API key is configured and the Bearer token is missing or wrong."),
    "not_found": (404, "No such path."),
    "method_not_allowed": (405, "The path exists but not for this method; see the Allow header."),
    "payload_too_large": (413, "The body is longer than SUMMARIZER_MAX_BODY_BYTES."),
    "input_too_large": (
        413,
        "Too many articles, clusters, characters (per article or in all) or summarizable sentences.",
    ),
    "unsupported_media_type": (415, "The Content-Type is not application/json."),
    "invalid_input": (422, "Valid JSON that breaks the schema; details name each bad field by path."),
    "nothing_to_summarize": (422, "No article has a sentence that could go into a summary."),
    "internal_error": (500, "A bug: the message is fixed and the traceback is only in the log."),
    "model_unavailable": (503, "The embedding model is not loaded or does not work."),
    "deadline_exceeded": (503, "The request ran out of time (SUMMARIZER_REQUEST_TIMEOUT); in a batch, that cluster."),
}

# werkzeug's exceptions by status; anything else becomes its class name in snake case.
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}
_INTERNAL_MESSAGE = "internal error; the request id identifies it in the server log"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:/+=-]{1,128}")
_JSON_TYPES = ("application/json",)
_READY_PROBE = "The model is ready."
# A readiness probe waits this long for an encode in progress before trusting the last one.
_PROBE_WAIT_SECONDS = 2.0
# Sentences per model call under a deadline: the deadline is checked between slices, and
# other requests' encodes (and readiness probes) can take the model in between.
_ENCODE_SLICE = 256
# What the pipeline keeps as summarizable sentences; the work estimate counts the same.
# Sent with every response; the page at / sends its own, looser Content-Security-Policy.
_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
}


class ApiError(SummarizerError):
    """An error only the HTTP layer has (auth, media type, body size), with its own code."""

    def __init__(
        self, code: str, message: str, details: Sequence[FieldError] = (), headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message, details)
        self.code = code
        self.headers = headers or {}


def status_for(code: str) -> int:
    """The HTTP status of an error code; unknown codes are bugs, hence 500."""
    return ERRORS.get(code, (500, ""))[0]


def create_app(settings: Settings | None = None, embedder: Embedder | None = None) -> Flask:
    """Build the service. Loads the embedding model now unless one is given (raises ModelUnavailable).

    Call it once per process: under gunicorn, once per worker, after the fork.
    """
    settings = settings or Settings.from_env()
    metrics = Metrics()
    counted: list[CountingEmbedder] = []

    def count(inner: Embedder) -> Embedder:
        counted.append(CountingEmbedder(inner, metrics.sentences_embedded))
        return counted[0]

    if embedder is None:
        started = time.monotonic()
        # The counting, serialising wrapper sits inside the embedding cache, so a cache
        # hit never queues behind another request's model call.
        embedder = embedder_from_settings(settings, wrap=count)
        log.info("model ready", extra={"model": embedder.name, "load_ms": round(1000 * (time.monotonic() - started))})
    if not counted:
        embedder = count(embedder)
    if isinstance(embedder, LRUEmbeddingCache):
        bind_cache_metrics(embedder, metrics.registry)
    model = counted[0]

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    document = openapi_document(settings, ERRORS)
    app.extensions["summarizer"] = {"settings": settings, "embedder": embedder, "metrics": metrics}

    _install_hooks(app, settings, metrics)
    _install_error_handlers(app)

    def route(rule: str, methods: list[str]) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
        return app.route(rule, methods=methods, provide_automatic_options=False)

    @route("/", ["GET"])
    def page() -> Any:
        # The page for people (service/page.py); its assets come from Flask's /static/ route.
        return Response(page_html(), mimetype="text/html", headers=dict(PAGE_HEADERS))

    @route("/healthz", ["GET"])
    def healthz() -> Any:
        return {"status": "ok"}

    @route("/readyz", ["GET"])
    def readyz() -> Any:
        dimension = _probe(model)
        return {"status": "ready", "model": model.name, "dimension": dimension}

    @route("/openapi.json", ["GET"])
    def openapi() -> Any:
        return document

    @route("/metrics", ["GET"])
    def metrics_view() -> Any:
        return Response(metrics.render(), mimetype=None, content_type=CONTENT_TYPE)

    @route("/v1/summarize", ["POST"])
    def summarize_one() -> Any:
        articles, options = parse_cluster(_json_body(settings.max_body_bytes), settings.limits)
        deadline = Deadline(g.started + settings.request_timeout, settings.request_timeout)
        return _json_response(_summarize(articles, options, embedder, settings, deadline))

    @route("/v1/summarize/batch", ["POST"])
    def summarize_batch() -> Any:
        clusters = _batch_clusters(_json_body(settings.max_body_bytes), settings.max_batch_clusters)
        deadline = Deadline(g.started + settings.request_timeout, settings.request_timeout)
        return _json_response(
            {"results": [_one_of_batch(i, c, settings, embedder, deadline) for i, c in enumerate(clusters)]}
        )

    return app


def _install_hooks(app: Flask, settings: Settings, metrics: Metrics) -> None:
    @app.before_request
    def start() -> None:
        g.started = time.monotonic()
        g.body_read = False
        supplied = request.headers.get("X-Request-ID", "")
        g.request_id = supplied if _REQUEST_ID.fullmatch(supplied) else uuid.uuid4().hex
        g.log_token = logs.set_request_id(g.request_id)
        if request.path.startswith("/v1/"):
            _check_api_key(settings.api_key)
            length = request.content_length
            if length is not None and length > settings.max_body_bytes:
                # Decided from the header alone: the client may still be sending.
                _too_large(settings.max_body_bytes)

    @app.after_request
    def finish(response: Response) -> Response:
        request_id = g.get("request_id") or uuid.uuid4().hex
        response.headers["X-Request-ID"] = request_id
        for name, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.path.startswith("/v1/"):
            response.headers.setdefault("Cache-Control", "no-store")  # summaries of what may be unpublished text
        has_body = bool(request.content_length) or request.headers.get("Transfer-Encoding", "").lower() == "chunked"
        if response.status_code >= 400 and has_body and not g.get("body_read", False):
            # Unread body bytes are still on the socket: answer, then close the connection
            # rather than make the server drain (or mistake them for the next request).
            response.headers["Connection"] = "close"
        seconds = time.monotonic() - g.get("started", time.monotonic())
        endpoint = request.url_rule.rule if request.url_rule is not None else "unmatched"
        metrics.observe(endpoint, response.status_code, seconds)
        log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(1000 * seconds, 1),
                "error_code": g.get("error_code"),
                "remote_addr": request.remote_addr,
            },
        )
        return response

    @app.teardown_request
    def forget(_exc: BaseException | None) -> None:
        token = g.pop("log_token", None)
        if token is not None:
            logs.reset_request_id(token)


def _install_error_handlers(app: Flask) -> None:
    @app.errorhandler(SummarizerError)
    def summarizer_error(exc: SummarizerError) -> Response:
        if exc.code not in ERRORS:
            return _internal(exc)
        response = _envelope(exc.code, exc.message, exc.details)
        response.headers.update(getattr(exc, "headers", {}))
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        if status >= 500:
            return _internal(exc)
        # A 4xx werkzeug raises that no route of ours leads to (431, ...) keeps its status as bad_request.
        code = _HTTP_CODES.get(status, "bad_request")
        message = exc.description or type(exc).__name__
        if status == 413:
            message = f"the request body is larger than the limit of {app.config['MAX_CONTENT_LENGTH']} bytes"
        response = _envelope(code, message, status=status)
        # Keep werkzeug's headers that matter to the client, e.g. Allow on a 405.
        for name, value in exc.get_headers():
            if name.lower() not in {"content-type", "content-length"}:
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        return _internal(exc)


def _internal(exc: BaseException) -> Response:
    log.error("unhandled error", exc_info=(type(exc), exc, exc.__traceback__))
    return _envelope("internal_error", _INTERNAL_MESSAGE)


def _envelope(code: str, message: str, details: Sequence[FieldError] = (), status: int | None = None) -> Response:
    g.error_code = code
    body = {"error": {"code": code, "message": message, "details": [d.to_dict() for d in details]}}
    response = _json_response(body, status or status_for(code))
    if code == "unauthorized":
        response.headers["WWW-Authenticate"] = 'Bearer realm="summarizer"'
    return response


def _json_response(body: Any, status: int = 200) -> Response:
    """``body`` as UTF-8 JSON, keys in the order given.

    A lone surrogate echoed from the request (an unknown key named in a field path, in an
    envelope or a batch slot) cannot be encoded as UTF-8: then the whole body is sent with
    ``\\u`` escapes instead, still valid JSON, rather than failing with a 500.
    """
    try:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        data = json.dumps(body).encode("ascii")
    return Response(data, status=status, mimetype="application/json")


def _error_body(exc: SummarizerError) -> dict[str, Any]:
    return {"error": {"code": exc.code, "message": exc.message, "details": [d.to_dict() for d in exc.details]}}


def _check_api_key(expected: str | None) -> None:
    if not expected:
        return
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    # compare_digest on bytes: constant time in the token's content whatever its characters.
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), expected.encode()):
        raise ApiError("unauthorized", "send the API key as 'Authorization: Bearer <key>'")


def _too_large(limit: int) -> NoReturn:
    raise ApiError(
        "payload_too_large",
        f"the request body is larger than the limit of {limit} bytes",
        headers={"Connection": "close"},
    )


def _json_body(limit: int) -> Any:
    """The request's JSON value; raises ApiError (415, 413, 400) or InvalidJSON."""
    if request.mimetype not in _JSON_TYPES and not request.mimetype.endswith("+json"):
        shown = request.mimetype or "none"
        raise ApiError("unsupported_media_type", f"send the body as application/json (Content-Type was {shown})")
    try:
        raw = _read_body(limit)
    except (HTTPException, ApiError):
        raise
    except Exception as exc:  # the server could not deliver the body: truncated, bad chunking
        log.info("request body could not be read", extra={"reason": type(exc).__name__})
        raise ApiError("bad_request", "the request body could not be read") from exc
    g.body_read = True
    if not raw.strip():
        raise InvalidJSON("the request body is empty; send a JSON object")
    try:
        # UTF-8 only (RFC 8259 section 8.1), strictly: json.loads(bytes) would also take UTF-16
        # and let encoded lone surrogates through.
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidJSON(f"the request body is not UTF-8: {exc.reason} at byte {exc.start}") from exc
    try:
        return json.loads(text.removeprefix("\ufeff"), parse_constant=_reject_constant)
    except RecursionError as exc:
        raise InvalidJSON("the request body is nested too deeply") from exc
    except ValueError as exc:
        # json.JSONDecodeError says where; its message never quotes the document.
        raise InvalidJSON(f"the request body is not valid JSON: {exc}") from exc


def _read_body(limit: int) -> bytes:
    """The body, at most ``limit`` bytes; a longer body of unknown length is a 413 as soon as it passes the limit."""
    environ = request.environ
    if request.content_length is not None or not environ.get("wsgi.input_terminated"):
        # The declared length was checked before the view; werkzeug reads exactly that much.
        return request.get_data(cache=False)
    # Chunked: werkzeug's own limited stream stops quietly at the limit, which would turn
    # an oversize body into truncated JSON, so count the bytes here.
    stream = environ["wsgi.input"]
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(65536, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            _too_large(limit)
        chunks.append(chunk)


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON number")


def _batch_clusters(body: Any, limit: int) -> list[Any]:
    if not isinstance(body, dict):
        raise InvalidInput("the request body must be a JSON object", [FieldError("$", "expected an object")])
    errors = [FieldError(key, "unknown field; allowed: clusters") for key in sorted(body) if key != "clusters"]
    clusters = body.get("clusters")
    if not isinstance(clusters, list) or not clusters:
        errors.append(FieldError("clusters", "required: a non-empty list of summarize request bodies"))
    if errors:
        raise InvalidInput("the request does not match the schema", errors)
    assert isinstance(clusters, list)
    if len(clusters) > limit:
        raise InputTooLarge(
            f"{len(clusters)} clusters in one batch; the limit is {limit}",
            [FieldError("clusters", f"at most {limit} clusters")],
        )
    return clusters


class Deadline:
    """A point in ``time.monotonic()`` after which a request gives up with ``DeadlineExceeded``."""

    def __init__(self, at: float, budget: float) -> None:
        self.at = at
        self.budget = budget

    def check(self, what: str = "the request") -> None:
        if time.monotonic() > self.at:
            raise DeadlineExceeded(f"{what} ran past its {self.budget:g} s budget (SUMMARIZER_REQUEST_TIMEOUT)")


class _EncodeWithin:
    """The request's view of the shared model: encodes in slices, checking the deadline before each.

    float32 (n, d) rows in input order, as the wrapped embedder returns them.
    """

    def __init__(self, inner: Embedder, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    @property
    def name(self) -> str:
        return self._inner.name

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        if len(texts) <= _ENCODE_SLICE:
            self._deadline.check()
            return self._inner.encode(texts)
        parts = []
        for start in range(0, len(texts), _ENCODE_SLICE):
            self._deadline.check()
            parts.append(self._inner.encode(texts[start : start + _ENCODE_SLICE]))
        return np.concatenate(parts, axis=0)


def _summarize(
    articles: Sequence[Article], options: Options, embedder: Embedder, settings: Settings, deadline: Deadline
) -> dict[str, Any]:
    """The summary's JSON object; raises InputTooLarge when the work estimate is over the limit."""
    deadline.check()
    return summarize(
        articles,
        options,
        _EncodeWithin(embedder, deadline),
        check=deadline.check,
        max_sentences_kept=settings.max_sentences_kept,
    ).to_dict()


def _one_of_batch(
    index: int, cluster: Any, settings: Settings, embedder: Embedder, deadline: Deadline
) -> dict[str, Any]:
    """One cluster's summary or error envelope: a failure stays in its slot."""
    try:
        deadline.check("the batch")
        articles, options = parse_cluster(cluster, settings.limits, path=f"clusters[{index}]")
        return _summarize(articles, options, embedder, settings, deadline)
    except ModelUnavailable:
        raise  # the whole service is unavailable, not this cluster
    except SummarizerError as exc:
        return _error_body(exc)
    except Exception:
        log.exception("unhandled error in a batch cluster", extra={"cluster": index})
        return {"error": {"code": "internal_error", "message": _INTERNAL_MESSAGE, "details": []}}


def _probe(model: CountingEmbedder) -> int:
    """Encode one fixed sentence; the embedding dimension, or ModelUnavailable."""
    try:
        vectors = model.probe(_READY_PROBE, wait=_PROBE_WAIT_SECONDS)
    except Exception as exc:
        log.exception("readiness probe failed")
        raise ModelUnavailable("the embedding model failed a one-sentence encode") from exc
    if vectors is None:
        # Busy with a request: the model is loaded; trust the encode that last finished.
        if model.last_success is None or model.dimension is None:
            raise ModelUnavailable("the embedding model is busy and has not finished an encode yet")
        return model.dimension
    if vectors.ndim != 2 or vectors.shape[0] != 1 or vectors.shape[1] == 0 or not np.all(np.isfinite(vectors)):
        raise ModelUnavailable(f"the embedding model returned an unusable vector of shape {vectors.shape}")
    return int(vectors.shape[1])
