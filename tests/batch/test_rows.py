"""One row in, one row out: the API's codes for bad rows, the API's answer for good ones, a fixed schema."""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa
import pytest

from summarizer.batch.rows import OUTPUT_SCHEMA, DoneKeys, RowWorker, SkipRow, to_table
from summarizer.config import Settings
from summarizer.embedder import Embedder
from summarizer.service.app import create_app
from tests.batch.data import BAD_JSONL, cluster_body, fake, too_large_body

SETTINGS = Settings()


def api_answer(client: Any, payload: bytes) -> tuple[int, Any]:
    response = client.post("/v1/summarize", data=payload, content_type="application/json")
    return response.status_code, response.get_json()


def without_id(line: str) -> bytes:
    """The same row as a request body: the API knows no ``id`` field."""
    try:
        value = json.loads(line)
    except ValueError:
        return line.encode()
    if isinstance(value, dict):
        value.pop("id", None)
        return json.dumps(value).encode()
    return line.encode()


BAD_ROWS = [*BAD_JSONL, (json.dumps(too_large_body()), "too-large", "input_too_large")]


@pytest.mark.parametrize(("line", "row_id", "code"), BAD_ROWS, ids=[c for _, _, c in BAD_ROWS])
def test_a_bad_row_gets_the_code_the_api_gives_its_body(line: str, row_id: str | None, code: str) -> None:
    embedder = fake()
    worker = RowWorker(embedder, SETTINGS)
    row = worker.process_one("in.jsonl", 7, line.encode())
    assert row["error"]["code"] == code
    assert (row["id"], row["source"], row["line"]) == (row_id, "in.jsonl", 7)
    assert row["summary"] is None and row["sentences"] is None
    missing_id = row_id is None and code == "invalid_input" and line.startswith("{")
    if not missing_id:  # the API has no id to miss
        status, body = api_answer(create_app(SETTINGS, embedder).test_client(), without_id(line))
        assert status >= 400 and body["error"]["code"] == code


def test_a_row_without_an_id_says_so_among_its_other_errors() -> None:
    row = RowWorker(fake(), SETTINGS).process_one("f", 1, b'{"articles": [{"text": 3}]}')
    assert row["error"]["code"] == "invalid_input"
    assert [d["field"] for d in row["error"]["details"]] == ["id", "articles[0].text"]


@pytest.mark.parametrize(
    ("value", "expected"), [("a-1", "a-1"), (17, "17"), (True, None), ("", None), ("x" * 201, None)]
)
def test_ids_are_strings_or_integers(value: Any, expected: str | None) -> None:
    body = {**cluster_body(0), "id": value}
    row = RowWorker(fake(), SETTINGS).process_one("f", 1, json.dumps(body).encode())
    assert row["id"] == expected
    assert (row["error"] is None) == (expected is not None)


def test_a_line_over_the_body_limit_is_payload_too_large_as_in_the_api() -> None:
    small = Settings(max_body_bytes=200)
    payload = json.dumps(cluster_body(1)).encode()
    row = RowWorker(fake(), small).process_one("f", 1, payload)
    assert row["error"]["code"] == "payload_too_large"
    status, body = api_answer(create_app(small, fake()).test_client(), without_id(payload.decode()))
    assert (status, body["error"]["code"]) == (413, "payload_too_large")


def test_a_row_is_the_apis_answer_with_the_real_model(real_embedder: Embedder) -> None:
    client = create_app(SETTINGS, real_embedder).test_client()
    worker = RowWorker(real_embedder, SETTINGS, overrides={"max_words": 60})
    for n in range(3):
        body = cluster_body(n, articles=4)
        row = worker.process_one("f", n + 1, json.dumps(body).encode())
        request = {k: v for k, v in body.items() if k != "id"} | {"max_words": 60}
        status, answer = api_answer(client, json.dumps(request).encode())
        assert status == 200 and row["error"] is None
        assert {k: row[k] for k in answer} == answer
        # Through the fixed schema and back, nothing is lost or changed: a field the
        # answer gained must be added to OUTPUT_SCHEMA (and to the README's table).
        assert missing_fields(row) == [] and to_table([row]).to_pylist()[0] == row


ROW_TYPE = pa.struct(list(OUTPUT_SCHEMA))


def missing_fields(value: Any, kind: pa.DataType = ROW_TYPE, path: str = "") -> list[str]:
    """Fields of a plain row that its schema type has no place for, by path."""
    if isinstance(value, dict) and pa.types.is_struct(kind):
        names = {kind.field(i).name: kind.field(i).type for i in range(kind.num_fields)}
        return [
            p
            for key, item in value.items()
            for p in ([f"{path}{key}"] if key not in names else missing_fields(item, names[key], f"{path}{key}."))
        ]
    if isinstance(value, list) and pa.types.is_list(kind):
        return sorted({p for item in value for p in missing_fields(item, kind.value_type, path)})
    return []


def test_the_fixed_schema_holds_every_field_of_a_result() -> None:
    # A cluster whose summary has a corroborated sentence at 3 to 5 sentences, so that
    # also_in's fields are in the row too.
    body = {**cluster_body(5, articles=5), "query": "the bridge", "max_sentences": 4}
    row = RowWorker(fake(), SETTINGS).process_one("f", 1, json.dumps(body).encode())
    assert row["error"] is None and any(s["also_in"] for s in row["sentences"])
    assert missing_fields(row) == []
    assert to_table([row]).to_pylist()[0] == row


def test_a_table_of_error_rows_alone_keeps_its_types() -> None:
    rows, skipped = RowWorker(fake(), SETTINGS).process(
        pa.table({"source": ["f", "f"], "line": [1, 2], "payload": [b"{", b"[]"]})
    )
    assert rows.schema == OUTPUT_SCHEMA and skipped == [False, False]
    assert rows.column("sentences").type == OUTPUT_SCHEMA.field("sentences").type


def test_done_rows_are_skipped_by_id_or_by_position() -> None:
    done = DoneKeys(frozenset({"cluster-000"}), frozenset({("f", 9)}))
    worker = RowWorker(fake(), SETTINGS, done=done)
    with pytest.raises(SkipRow):
        worker.process_one("f", 1, json.dumps(cluster_body(0)).encode())
    with pytest.raises(SkipRow):
        worker.process_one("f", 9, b"{broken")
    assert worker.process_one("f", 2, json.dumps(cluster_body(1)).encode())["error"] is None
