"""Parsing request bodies: typed records out, every bad field named by its path."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from summarizer.config import Limits
from summarizer.documents import Options
from summarizer.errors import InputTooLarge, InvalidInput
from summarizer.schema import parse_cluster

GOOD_TEXT = "The council approved the budget on Monday. It takes effect in May."


def fields_of(exc: InvalidInput) -> list[str]:
    return [d.field for d in exc.details]


def test_minimal_body_gets_defaults() -> None:
    articles, options = parse_cluster({"articles": [{"text": GOOD_TEXT}, GOOD_TEXT]})
    assert [a.id for a in articles] == ["0", "1"]
    assert options == Options()
    assert options.effective_max_words == Options.DEFAULT_MAX_WORDS


def test_all_fields_are_parsed() -> None:
    body = {
        "articles": [
            {
                "id": "a1",
                "text": GOOD_TEXT,
                "title": "Budget",
                "url": "https://example.org/a1",
                "published_at": "2024-11-10T08:30:00Z",
                "source": "Example News",
            }
        ],
        "max_sentences": 3,
        "max_words": 80,
        "max_chars": 500,
        "diversity": 0.5,
        "query": "budget",
        "order": "chronological",
        "corroboration_threshold": 0.8,
        "dispute_threshold": 0.6,
    }
    articles, options = parse_cluster(body)
    (a,) = articles
    assert (a.id, a.title, a.url, a.source) == ("a1", "Budget", "https://example.org/a1", "Example News")
    assert a.published_at == datetime(2024, 11, 10, 8, 30, tzinfo=UTC)
    assert options == Options(
        max_sentences=3,
        max_words=80,
        max_chars=500,
        diversity=0.5,
        query="budget",
        order="chronological",
        corroboration_threshold=0.8,
        dispute_threshold=0.6,
    )
    assert options.effective_max_words == 80


@pytest.mark.parametrize(
    ("body", "expected_fields"),
    [
        ({}, ["articles"]),
        ({"articles": []}, ["articles"]),
        ({"articles": "text"}, ["articles"]),
        ({"articles": [{"title": "no text"}]}, ["articles[0].text"]),
        ({"articles": [{"text": 5}]}, ["articles[0].text"]),
        ({"articles": [None]}, ["articles[0]"]),
        ({"articles": [GOOD_TEXT, {"text": GOOD_TEXT, "id": 7}]}, ["articles[1].id"]),
        ({"articles": [{"id": "x", "text": GOOD_TEXT}, {"id": "x", "text": GOOD_TEXT}]}, ["articles[1].id"]),
        ({"articles": [{"text": GOOD_TEXT, "published_at": "yesterday"}]}, ["articles[0].published_at"]),
        ({"articles": [{"text": GOOD_TEXT, "title": ["x"]}]}, ["articles[0].title"]),
        ({"articles": [{"text": GOOD_TEXT, "body": "x"}]}, ["articles[0].body"]),
        ({"articles": [GOOD_TEXT], "max_words": 0}, ["max_words"]),
        ({"articles": [GOOD_TEXT], "max_words": -5}, ["max_words"]),
        ({"articles": [GOOD_TEXT], "max_words": 2.5}, ["max_words"]),
        ({"articles": [GOOD_TEXT], "max_words": True}, ["max_words"]),
        ({"articles": [GOOD_TEXT], "max_words": "100"}, ["max_words"]),
        ({"articles": [GOOD_TEXT], "max_sentences": 10**12}, ["max_sentences"]),
        ({"articles": [GOOD_TEXT], "max_chars": float("inf")}, ["max_chars"]),
        ({"articles": [GOOD_TEXT], "diversity": 1.5}, ["diversity"]),
        ({"articles": [GOOD_TEXT], "diversity": float("nan")}, ["diversity"]),
        ({"articles": [GOOD_TEXT], "diversity": "high"}, ["diversity"]),
        ({"articles": [GOOD_TEXT], "order": "random"}, ["order"]),
        ({"articles": [GOOD_TEXT], "corroboration_threshold": 0}, ["corroboration_threshold"]),
        ({"articles": [GOOD_TEXT], "corroboration_threshold": 1}, ["corroboration_threshold"]),
        ({"articles": [GOOD_TEXT], "corroboration_threshold": "0.5"}, ["corroboration_threshold"]),
        ({"articles": [GOOD_TEXT], "corroboration_threshold": True}, ["corroboration_threshold"]),
        ({"articles": [GOOD_TEXT], "dispute_threshold": 1.0}, ["dispute_threshold"]),
        ({"articles": [GOOD_TEXT], "dispute_threshold": "low"}, ["dispute_threshold"]),
        ({"articles": [GOOD_TEXT], "query": 3}, ["query"]),
        ({"articles": [GOOD_TEXT], "max_word": 50}, ["max_word"]),
        ({"articles": [{"text": 1}, {"text": 2}], "order": "x"}, ["order", "articles[0].text", "articles[1].text"]),
    ],
)
def test_invalid_bodies_name_every_bad_field(body: dict[str, Any], expected_fields: list[str]) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_cluster(body)
    assert sorted(fields_of(caught.value)) == sorted(expected_fields)
    assert caught.value.code == "invalid_input"


@pytest.mark.parametrize("body", [None, [], "text", 3])
def test_body_must_be_an_object(body: Any) -> None:
    with pytest.raises(InvalidInput):
        parse_cluster(body)


def test_error_messages_do_not_echo_long_values() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_cluster({"articles": [GOOD_TEXT], "query": ["x" * 10_000]})
    assert all(len(d.message) < 200 for d in caught.value.details)


def test_nested_path_prefix_for_batches() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_cluster({"articles": [{"text": None}]}, path="clusters[3]")
    assert fields_of(caught.value) == ["clusters[3].articles[0].text"]


def test_too_many_articles_is_too_large() -> None:
    with pytest.raises(InputTooLarge) as caught:
        parse_cluster({"articles": [GOOD_TEXT] * 4}, Limits(max_articles=3))
    assert caught.value.code == "input_too_large"
    assert fields_of(caught.value) == ["articles"]


def test_too_long_article_is_too_large() -> None:
    with pytest.raises(InputTooLarge) as caught:
        parse_cluster({"articles": [GOOD_TEXT, "x" * 101]}, Limits(max_article_chars=100))
    assert fields_of(caught.value) == ["articles[1].text"]


def test_blank_query_means_no_query() -> None:
    _, options = parse_cluster({"articles": [GOOD_TEXT], "query": "   "})
    assert options.query is None


def test_integral_float_budget_is_accepted() -> None:
    _, options = parse_cluster({"articles": [GOOD_TEXT], "max_words": 120.0})
    assert options.max_words == 120 and isinstance(options.max_words, int)
