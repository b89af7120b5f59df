"""Bad input never gets a 5xx or a traceback: fuzzing the service through its own OpenAPI document
(schemathesis) and with random and adversarial JSON and bytes (hypothesis).

Most of it runs against the WSGI app with the fast fake embedder; one short schemathesis
run goes against the real ``summarizer serve`` on loopback with the real model.
``SUMMARIZER_LONG_TESTS=1`` multiplies the example counts by 20 (docs/reliability.md).

Every answer must be a 2xx summary whose citations slice the articles as sent, or a
4xx in the error envelope; the only 5xx allowed anywhere is 503 ``deadline_exceeded``
or ``model_unavailable``, and none is expected here.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import TestResponse

from summarizer.config import Settings
from summarizer.service.app import ERRORS, create_app

from ..conftest import HashingEmbedder
from .serving import Server, running_server

LONG = os.environ.get("SUMMARIZER_LONG_TESTS") == "1"
SCALE = 20 if LONG else 1

# Small limits: cheap to reach, so the fuzzers hit the 413 paths too.
LIMITS = Settings(
    max_body_bytes=300_000,
    max_articles=30,
    max_article_chars=20_000,
    max_total_chars=60_000,
    max_sentences_kept=400,
    max_batch_clusters=4,
)
APP = create_app(LIMITS, HashingEmbedder())
FUZZ = settings(
    max_examples=100 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    database=None,
)
SENTENCES = [
    "City engineers closed the Harbor Bridge on Tuesday after inspectors found cracks in two beams.",
    "The bridge carries about 48,000 vehicles a day and will stay shut for at least three weeks.",
    "Mayor Dana Whitfield said temporary supports would be installed before any traffic returns.",
    "Commuters were told to use the ferry or the northern ring road while repairs go on.",
]


def check_answer(response: TestResponse, body: Any = None) -> None:
    """The invariant: a summary that cites what was sent, or a 4xx envelope; never a 5xx or a traceback."""
    data = response.get_data()
    assert response.status_code < 500, data[:500]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/json", response.mimetype
    payload = json.loads(data.decode("utf-8"))  # strict UTF-8 JSON, whatever came in
    if response.status_code >= 400:
        assert set(payload) == {"error"}, payload
        error = payload["error"]
        assert set(error) == {"code", "message", "details"}
        assert ERRORS[error["code"]][0] == response.status_code
        assert isinstance(error["message"], str) and "Traceback" not in error["message"]
        assert all(set(d) == {"field", "message"} for d in error["details"])
        return
    if isinstance(body, dict) and "articles" in body:
        check_summary(payload, body)


def check_summary(result: dict[str, Any], body: dict[str, Any]) -> None:
    texts = {}
    for i, item in enumerate(body["articles"]):
        item = {"text": item} if isinstance(item, str) else item
        texts[item.get("id", str(i))] = item["text"]
    for sentence in result["sentences"]:
        c = sentence["citation"]
        assert texts[c["article_id"]][c["start"] : c["end"]] == sentence["text"]
    assert set(result["meta"]["skipped_articles"]) <= set(texts)


# Requests sent by this module, by status class: printed at the end for docs/reliability.md.
TRIED: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_counts() -> Iterator[None]:
    yield
    print(f"\nfuzzing requests by status class: {dict(sorted(TRIED.items()))}, total {sum(TRIED.values())}")


def post(path: str, body: Any = None, data: bytes | None = None, **kwargs: Any) -> TestResponse:
    client = APP.test_client()
    if data is None:
        data = json.dumps(body, allow_nan=True).encode("utf-8", "surrogatepass")
    response = client.post(path, data=data, content_type=kwargs.pop("content_type", "application/json"), **kwargs)
    TRIED[f"{response.status_code // 100}xx"] += 1
    return response


# ---------------------------------------------------------------- strategies

# Every code point, lone surrogates included, weighted towards the awkward ones.
awkward_chars = st.one_of(
    st.characters(codec=None, exclude_categories=()),
    st.sampled_from(["\u202e", "\u200f", "\u0000", "\x1b", "\ufeff", "\ud800", "\udfff", "🙂", "\u2028"]),
)
awkward_text = st.one_of(st.text(awkward_chars, max_size=40), st.sampled_from(["👩‍👩‍👧 family", "", " ", "\u202eabc"]))
news_text = st.lists(st.one_of(st.sampled_from(SENTENCES), awkward_text), max_size=6).map(" ".join)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1, 10**6, 10**6 + 1, 10**400, 1e308, 0.5, True, False]),
)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), numbers, awkward_text),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(awkward_text, inner, max_size=4)),
    max_leaves=12,
)
article = st.one_of(
    news_text,
    st.fixed_dictionaries(
        {"text": st.one_of(news_text, json_values)},
        optional={
            "id": st.one_of(st.sampled_from(["a", "b", "a", " ", ""]), awkward_text, json_values),
            "title": st.one_of(st.none(), awkward_text, json_values),
            "url": st.one_of(st.none(), st.just("http://127.0.0.1:9/never-fetched"), json_values),
            "source": st.one_of(st.none(), awkward_text),
            "published_at": st.one_of(
                st.none(),
                st.sampled_from(
                    ["2026-03-03", "2026-03-03T09:00:00+00:00", "0001-01-01T00:00+01:00", "9999-12-31T23:59-05:00"]
                ),
                awkward_text,
            ),
            "extra": json_values,
        },
    ),
    json_values,
)
option_values = {
    "max_words": numbers,
    "max_sentences": numbers,
    "max_chars": numbers,
    "diversity": numbers,
    "query": st.one_of(st.none(), awkward_text, news_text, json_values),
    "order": st.one_of(st.sampled_from(["relevance", "source", "chronological", "RELEVANCE", ""]), json_values),
}
cluster = st.fixed_dictionaries(
    {"articles": st.one_of(st.lists(article, max_size=6), json_values)},
    optional={**option_values, "unknown": json_values},
)


# ---------------------------------------------------------------- hypothesis through the WSGI app


@FUZZ
@given(cluster)
def test_random_clusters_get_a_summary_or_a_4xx_envelope(body: dict[str, Any]) -> None:
    check_answer(post("/v1/summarize", body), body)


@FUZZ
@given(
    st.one_of(json_values, st.fixed_dictionaries({"clusters": st.lists(st.one_of(cluster, json_values), max_size=5)}))
)
def test_random_batches_get_results_or_a_4xx_envelope(body: Any) -> None:
    response = post("/v1/summarize/batch", body)
    check_answer(response)
    if response.status_code == 200:
        for slot, result in zip(body["clusters"], response.get_json()["results"], strict=True):
            if "error" in result:
                assert set(result["error"]) == {"code", "message", "details"}
                assert ERRORS[result["error"]["code"]][0] < 500
            else:
                check_summary(result, slot)


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=300),
        json_values.map(lambda v: json.dumps(v, allow_nan=True).encode("utf-8", "surrogatepass")),
    )
)
def test_random_bytes_get_a_4xx_envelope(data: bytes) -> None:
    check_answer(post("/v1/summarize", data=data))


@pytest.mark.parametrize(
    ("name", "data", "status", "code"),
    [
        ("nan", b'{"articles": ["a"], "diversity": NaN}', 400, "invalid_json"),
        ("infinity", b'{"articles": ["a"], "max_words": -Infinity}', 400, "invalid_json"),
        ("5000-digit number", b'{"articles": ["a"], "max_words": 1' + b"0" * 5000 + b"}", 400, "invalid_json"),
        ("1e400 is inf", b'{"articles": ["a"], "max_words": 1e400}', 422, "invalid_input"),
        ("400-digit diversity", b'{"articles": ["a"], "diversity": 1' + b"0" * 400 + b"}", 422, "invalid_input"),
        ("deep nesting", b'{"articles": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", 400, "invalid_json"),
        ("nesting just parseable", b'{"articles": [' + b"[" * 900 + b"]" * 900 + b"]}", 422, "invalid_input"),
        ("non-UTF-8", b'{"articles": ["caf\xe9"]}', 400, "invalid_json"),
        ("UTF-16", '{"articles": ["a"]}'.encode("utf-16"), 400, "invalid_json"),
        ("encoded surrogate", b'{"articles": ["\xed\xa0\x80"]}', 400, "invalid_json"),
        ("escaped surrogate in text", b'{"articles": ["x \\ud800 y"]}', 422, "invalid_input"),
        ("escaped surrogate in id", b'{"articles": [{"id": "\\udfff", "text": "x"}]}', 422, "invalid_input"),
        ("escaped surrogate in a key", b'{"articles": ["x"], "\\ud800": 1}', 422, "invalid_input"),
        ("escaped surrogate in query", b'{"articles": ["x"], "query": "\\ud800"}', 422, "invalid_input"),
        ("null body", b"null", 422, "invalid_input"),
        ("empty strings", b'{"articles": ["", ""]}', 422, "nothing_to_summarize"),
        ("only control characters", b'{"articles": ["\\u0000\\u001b\\u0007"]}', 422, "nothing_to_summarize"),
        ("duplicate ids", b'{"articles": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]}', 422, "invalid_input"),
        ("budget 0", b'{"articles": ["x"], "max_words": 0}', 422, "invalid_input"),
        ("negative budget", b'{"articles": ["x"], "max_sentences": -3}', 422, "invalid_input"),
        ("enormous budget", b'{"articles": ["x"], "max_chars": 100000000000000000000}', 422, "invalid_input"),
        ("fractional budget", b'{"articles": ["x"], "max_chars": 2.5}', 422, "invalid_input"),
        ("boolean budget", b'{"articles": ["x"], "max_words": true}', 422, "invalid_input"),
        ("thousands of tiny articles", json.dumps({"articles": ["A b."] * 5000}).encode(), 413, "input_too_large"),
        ("one giant article", json.dumps({"articles": ["x" * 20_001]}).encode(), 413, "input_too_large"),
        ("too much text in all", json.dumps({"articles": ["x. " * 6_000] * 4}).encode(), 413, "input_too_large"),
        (
            "too many sentences",
            json.dumps({"articles": [" ".join(SENTENCES * 30)] * 4}).encode(),
            413,
            "input_too_large",
        ),
    ],
)
def test_adversarial_bodies(name: str, data: bytes, status: int, code: str) -> None:
    response = post("/v1/summarize", data=data)
    check_answer(response)
    assert (response.status_code, response.get_json()["error"]["code"]) == (status, code), name


def test_odd_but_valid_input_is_summarized_and_the_empty_article_reported() -> None:
    rtl_emoji = (
        "\u202eReversed\u202c text 🙂 with an emoji, a right-to-left override and\u0007 a bell in it, said officials."
    )
    body = {
        "articles": [
            {"id": "good", "text": " ".join(SENTENCES)},
            {"id": "empty", "text": ""},
            {"id": "junk", "text": "\u0000\u0001 Advertisement \ufeff"},
            {"id": "שלום 🙂", "text": rtl_emoji + "\n" + SENTENCES[1]},
        ],
        "max_words": 80,
        "query": "🙂 \u202e",
    }
    response = post("/v1/summarize", body)
    check_answer(response, body)
    assert response.status_code == 200
    result = response.get_json()
    assert result["meta"]["skipped_articles"] == ["empty", "junk"]
    assert result["sentences"]


def test_budgets_at_their_extremes_are_kept() -> None:
    for budget in ({"max_words": 1}, {"max_chars": 1}, {"max_sentences": 1}, {"max_words": 10**6}):
        body = {"articles": [" ".join(SENTENCES), SENTENCES[0]], **budget}
        response = post("/v1/summarize", body)
        check_answer(response, body)
        assert response.status_code == 200
        sentences = response.get_json()["sentences"]
        if "max_sentences" in budget:
            assert len(sentences) <= 1
        if budget.get("max_words") == 1 or "max_chars" in budget:
            assert sentences == []  # no sentence is that short: the budget wins, not a cut sentence


# ---------------------------------------------------------------- schemathesis, from the served document

# A schema-violating request must be rejected with a 4xx. 413 counts as a rejection too (the
# default list leaves it out): a body that breaks the schema *and* has more articles than
# SUMMARIZER_MAX_ARTICLES is refused for its size first, as documented, before its fields
# are read (found by the long run).
REJECTIONS = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]
CONFIG = schemathesis.Config.from_dict({"checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}}})
wsgi_schema = schemathesis.openapi.from_wsgi("/openapi.json", APP, config=CONFIG)
# ST202 (schema-valid request rejected) is left out: the schema cannot say "has a sentence
# worth summarizing" or "under SUMMARIZER_MAX_TOTAL_CHARS in all", and the document lists the
# 422 nothing_to_summarize and 413 input_too_large such requests get. Every other default
# check runs: no 5xx, status codes and content types as documented, bodies and headers
# matching the schemas, schema-violating requests rejected with a 4xx.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]


@wsgi_schema.parametrize()
@settings(
    max_examples=100 * SCALE,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_schemathesis_wsgi(case: schemathesis.Case) -> None:
    response = case.call_and_validate(excluded_checks=EXCLUDED)
    TRIED[f"{response.status_code // 100}xx"] += 1


@pytest.fixture(scope="module")
def real_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    env = {
        "SUMMARIZER_MAX_BODY_BYTES": "300000",
        "SUMMARIZER_MAX_ARTICLES": "30",
        "SUMMARIZER_MAX_TOTAL_CHARS": "60000",
    }
    with running_server(tmp_path_factory.mktemp("fuzz-server"), env, threads=2) as server:
        yield server


def test_schemathesis_against_the_real_server(real_server: Server) -> None:
    """A short run over loopback with the real model: the same checks, through gunicorn."""
    schema = schemathesis.openapi.from_url(f"http://127.0.0.1:{real_server.port}/openapi.json", config=CONFIG)
    tried: list[int] = []

    for operation in schema.get_all_operations():
        api_operation = operation.ok()

        @settings(max_examples=15 * SCALE, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(api_operation.as_strategy())
        def run(case: schemathesis.Case) -> None:
            response = case.call_and_validate(excluded_checks=EXCLUDED, timeout=60)
            tried.append(response.status_code)
            TRIED[f"{response.status_code // 100}xx"] += 1

        run()
    assert len(tried) >= 4 * len(list(schema.get_all_operations()))
    assert all(status < 500 for status in tried)
    log = real_server.log()
    assert "Traceback" not in log and "unhandled error" not in log


def test_a_surrogate_echoed_from_a_key_is_escaped_not_a_500() -> None:
    response = post("/v1/summarize", data=b'{"articles": ["x"], "k\\udc80ey": 1}')
    check_answer(response)
    assert response.status_code == 422
    # Escaped in the JSON text (the body must be UTF-8), so the client gets its own key back.
    assert b"\\udc80" in response.get_data()
    assert response.get_json()["error"]["details"][0]["field"] == "k\udc80ey"
    # The same in a batch slot (found by the long run: the batch's 200 could not be encoded).
    response = post("/v1/summarize/batch", data=b'{"clusters": [{"articles": ["x"], "\\ud800": 1}]}')
    check_answer(response)
    assert response.status_code == 200
    assert response.get_json()["results"][0]["error"]["details"][0]["field"] == "clusters[0].\ud800"
