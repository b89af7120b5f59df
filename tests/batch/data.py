"""Generated batch inputs: a few dozen clusters with bad rows of every kind mixed in, as JSONL or Parquet."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from numpy.typing import NDArray

from summarizer.config import Limits
from summarizer.tools.synthetic import generate_cluster
from tests.conftest import HashingEmbedder

# The fake embedder at the real model's width, which the method's learned parts expect.
FAKE_DIM = 384


def fake() -> HashingEmbedder:
    return HashingEmbedder(FAKE_DIM)


class PacedEmbedder(HashingEmbedder):
    """The hashing embedder at about the bundled model's pace on 2 cores (1 ms a sentence).

    With the bare hashing embedder a row takes so little time that the first actor can
    finish each block before the next arrives and take a whole short job; at the model's
    pace rows queue up, as they do in real runs, and the pool's spreading is what is tested.
    """

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        time.sleep(0.001 * len(texts))
        return super().encode(texts)


def paced_fake() -> HashingEmbedder:
    return PacedEmbedder(FAKE_DIM)


# Each bad row and the code the API gives the same body. For Parquet, where a column has
# one type and a null is an absent field, only the rows that Parquet can hold are kept.
BAD_JSONL: list[tuple[str, str | None, str]] = [
    ('{"id": "broken", "articles": [', None, "invalid_json"),
    ('{"id": "nan", "articles": ["x"], "max_words": NaN}', None, "invalid_json"),
    ("[1, 2, 3]", None, "invalid_input"),
    ('{"id": "no-articles", "articles": []}', "no-articles", "invalid_input"),
    ('{"id": "wrong-type", "articles": [{"text": 3}]}', "wrong-type", "invalid_input"),
    ('{"id": "bad-option", "articles": ["A sentence."], "diversity": "high"}', "bad-option", "invalid_input"),
    (
        '{"articles": ["The mayor said the bridge would close on Monday after inspectors found cracks."]}',
        None,
        "invalid_input",
    ),
    ('{"id": "nothing", "articles": ["Read more.", "Advertisement"]}', "nothing", "nothing_to_summarize"),
]


def cluster_body(n: int, articles: int = 3) -> dict[str, Any]:
    docs = generate_cluster(articles, seed=n, sentences_per_article=8)
    return {"id": f"cluster-{n:03d}", "articles": [{"id": a.id, "text": a.text} for a in docs]}


def too_large_body() -> dict[str, Any]:
    # Over the default articles per cluster.
    return {"id": "too-large", "articles": ["One short sentence here."] * (Limits().max_articles + 1)}


def jsonl_rows(clusters: int) -> list[tuple[str, str | None, str | None]]:
    """(line, expected id, expected error code or None), good and bad rows interleaved."""
    rows: list[tuple[str, str | None, str | None]] = []
    bad = [*BAD_JSONL, (json.dumps(too_large_body()), "too-large", "input_too_large")]
    for n in range(clusters):
        body = cluster_body(n)
        if n == 3:
            # A line separator inside a text, written raw: it must not split the line.
            body["articles"][0]["text"] = body["articles"][0]["text"].replace(". ", ".\u2028", 1)
        rows.append((json.dumps(body, ensure_ascii=False), str(body["id"]), None))
        if n % 4 == 1 and bad:
            rows.append(bad.pop(0))
    rows += bad
    return rows


def write_jsonl(path: Path, clusters: int) -> list[tuple[str | None, str | None]]:
    """Write the rows (with a blank line among them); (expected id, expected code) per row, in order."""
    rows = jsonl_rows(clusters)
    lines = [line for line, _, _ in rows]
    lines.insert(2, "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [(row_id, code) for _, row_id, code in rows]


PARQUET_ARTICLE = pa.struct(
    [("id", pa.string()), ("text", pa.string()), ("title", pa.string()), ("published_at", pa.timestamp("s", "UTC"))]
)
PARQUET_SCHEMA = pa.schema([("id", pa.string()), ("articles", pa.list_(PARQUET_ARTICLE)), ("max_words", pa.int64())])


def write_parquet(path: Path, clusters: int, row_group_size: int = 7) -> list[tuple[str | None, str | None]]:
    """Clusters as Parquet rows (articles a list of structs), with the bad rows Parquet can hold."""
    from datetime import UTC, datetime

    records: list[dict[str, Any]] = []
    expected: list[tuple[str | None, str | None]] = []
    for n in range(clusters):
        body = cluster_body(n)
        articles = [
            {**a, "title": None, "published_at": datetime(2026, 3, n % 28 + 1, tzinfo=UTC)} for a in body["articles"]
        ]
        records.append({"id": body["id"], "articles": articles, "max_words": 60 if n % 2 else None})
        expected.append((body["id"], None))
        if n == 2:
            records.append({"id": "no-articles", "articles": [], "max_words": None})
            expected.append(("no-articles", "invalid_input"))
        if n == 5:
            records.append({"id": None, "articles": [{"id": "a", "text": "x"}], "max_words": None})
            expected.append((None, "invalid_input"))
        if n == 7:
            records.append({"id": "bad-budget", "articles": articles, "max_words": 0})
            expected.append(("bad-budget", "invalid_input"))
        if n == 9:
            records.append({"id": "nothing", "articles": [{"id": "a", "text": "Read more."}], "max_words": None})
            expected.append(("nothing", "nothing_to_summarize"))
    pq.write_table(pa.Table.from_pylist(records, schema=PARQUET_SCHEMA), path, row_group_size=row_group_size)
    return expected
