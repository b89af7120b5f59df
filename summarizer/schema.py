"""The JSON shape of a request: parsing untrusted values into typed records.

Every problem is reported with the path of the field that caused it
(``articles[2].text``), all of them at once, so a client can fix its request in
one round trip.
"""

from __future__ import annotations

import math
import re
import reprlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .config import Limits
from .documents import ORDERS, Article, Options
from .errors import FieldError, InputTooLarge, InvalidInput

__all__ = ["ARTICLE_FIELDS", "OPTION_FIELDS", "parse_cluster", "parse_options"]

ARTICLE_FIELDS = ("id", "text", "title", "url", "published_at", "source")
OPTION_FIELDS = (
    "max_sentences",
    "max_words",
    "max_chars",
    "diversity",
    "query",
    "order",
    "corroboration_threshold",
    "dispute_threshold",
)
# The largest budget anyone could mean; beyond it a number is a mistake, not a wish.
_MAX_BUDGET = 1_000_000
_MAX_QUERY_CHARS = 2_000
# Lone surrogates are not Unicode text: JSON can escape them ("\ud800") but no UTF-8
# response, tokenizer or client can carry them, so they are refused where they arrive.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Bad values are shown back in error messages: briefly, and never by a recursive repr of a
# deeply nested value (which would overflow the stack) or a 4,000-digit number.
_REPR = reprlib.Repr()  # keyword arguments only from Python 3.12
_REPR.maxlevel, _REPR.maxdict, _REPR.maxlist, _REPR.maxstring, _REPR.maxlong, _REPR.maxother = 2, 4, 4, 50, 40, 50


def parse_cluster(body: Any, limits: Limits | None = None, path: str = "") -> tuple[list[Article], Options]:
    """``{"articles": [...], <options>}`` -> articles and options.

    Raises InvalidInput (with every field error) or InputTooLarge.
    """
    limits = limits or Limits()
    prefix = f"{path}." if path else ""
    if not isinstance(body, Mapping):
        raise InvalidInput("the request body must be a JSON object", [FieldError(path or "$", "expected an object")])
    errors: list[FieldError] = []
    unknown = sorted(k for k in body if k != "articles" and k not in OPTION_FIELDS)
    for key in unknown:
        errors.append(FieldError(f"{prefix}{key}", f"unknown field; allowed: articles, {', '.join(OPTION_FIELDS)}"))
    options = _options(body, prefix, errors)
    articles = _articles(body.get("articles"), f"{prefix}articles", limits, errors)
    if errors:
        raise InvalidInput("the request does not match the schema", errors)
    assert options is not None
    return articles, options


def parse_options(values: Mapping[str, Any], path: str = "") -> Options:
    """Only the option fields of a body; raises InvalidInput."""
    errors: list[FieldError] = []
    options = _options(values, f"{path}." if path else "", errors)
    if errors or options is None:
        raise InvalidInput("invalid options", errors)
    return options


def _options(body: Mapping[str, Any], prefix: str, errors: list[FieldError]) -> Options | None:
    before = len(errors)
    values: dict[str, Any] = {}
    for name in ("max_sentences", "max_words", "max_chars"):
        value = body.get(name)
        if value is None:
            continue
        if not _is_int(value) or not 1 <= value <= _MAX_BUDGET:
            errors.append(
                FieldError(f"{prefix}{name}", f"must be an integer from 1 to {_MAX_BUDGET}, got {_show(value)}")
            )
        else:
            values[name] = int(value)
    diversity = body.get("diversity")
    if diversity is not None:
        # Compared as given: float() of a 400-digit integer would overflow.
        if not _is_number(diversity) or not 0 <= diversity <= 1:
            errors.append(FieldError(f"{prefix}diversity", f"must be a number from 0 to 1, got {_show(diversity)}"))
        else:
            values["diversity"] = float(diversity)
    query = body.get("query")
    if query is not None:
        if not isinstance(query, str):
            errors.append(FieldError(f"{prefix}query", f"must be a string, got {_show(query)}"))
        elif _SURROGATE.search(query):
            errors.append(FieldError(f"{prefix}query", _SURROGATE_MESSAGE))
        elif len(query) > _MAX_QUERY_CHARS:
            errors.append(FieldError(f"{prefix}query", f"must be at most {_MAX_QUERY_CHARS} characters"))
        else:
            values["query"] = query if query.strip() else None
    order = body.get("order")
    if order is not None:
        if order not in ORDERS:
            errors.append(FieldError(f"{prefix}order", f"must be one of {', '.join(ORDERS)}, got {_show(order)}"))
        else:
            values["order"] = order
    for name in ("corroboration_threshold", "dispute_threshold"):
        threshold = body.get(name)
        if threshold is None:
            continue
        if not _is_number(threshold) or not 0 < threshold < 1:
            errors.append(
                FieldError(f"{prefix}{name}", f"must be a number between 0 and 1 (exclusive), got {_show(threshold)}")
            )
        else:
            values[name] = float(threshold)
    return Options(**values) if len(errors) == before else None


def _articles(raw: Any, path: str, limits: Limits, errors: list[FieldError]) -> list[Article]:
    if raw is None:
        errors.append(FieldError(path, "required: a non-empty list of articles"))
        return []
    if not isinstance(raw, list):
        errors.append(FieldError(path, f"must be a list of articles, got {_show(raw)}"))
        return []
    if not raw:
        errors.append(FieldError(path, "must contain at least one article"))
        return []
    if len(raw) > limits.max_articles:
        raise InputTooLarge(
            f"{len(raw)} articles in one cluster; the limit is {limits.max_articles}",
            [FieldError(path, f"at most {limits.max_articles} articles")],
        )
    articles: list[Article] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        here = f"{path}[{i}]"
        article = _article(item, i, here, limits, errors)
        if article is None:
            continue
        if article.id in seen:
            errors.append(FieldError(f"{here}.id", f"duplicate id {article.id!r} (also articles[{seen[article.id]}])"))
            continue
        seen[article.id] = i
        articles.append(article)
    total = sum(len(a.text) for a in articles)
    if total > limits.max_total_chars:
        raise InputTooLarge(
            f"{total} characters of text in one cluster; the limit is {limits.max_total_chars}",
            [FieldError(path, f"at most {limits.max_total_chars} characters of text in all articles")],
        )
    return articles


def _article(item: Any, position: int, path: str, limits: Limits, errors: list[FieldError]) -> Article | None:
    if isinstance(item, str):
        item = {"text": item}  # a bare string is an article's text: the simplest client's shape
    if not isinstance(item, Mapping):
        errors.append(FieldError(path, f"must be an object with a text, got {_show(item)}"))
        return None
    before = len(errors)
    for key in sorted(k for k in item if k not in ARTICLE_FIELDS):
        errors.append(FieldError(f"{path}.{key}", f"unknown field; allowed: {', '.join(ARTICLE_FIELDS)}"))
    text = item.get("text")
    if not isinstance(text, str):
        errors.append(FieldError(f"{path}.text", f"required: a string, got {_show(text)}"))
    elif _SURROGATE.search(text):
        errors.append(FieldError(f"{path}.text", _SURROGATE_MESSAGE))
    elif len(text) > limits.max_article_chars:
        raise InputTooLarge(
            f"article {position} has {len(text)} characters; the limit is {limits.max_article_chars}",
            [FieldError(f"{path}.text", f"at most {limits.max_article_chars} characters")],
        )
    article_id = item.get("id", str(position))
    if not isinstance(article_id, str) or not article_id.strip() or len(article_id) > 200:
        errors.append(
            FieldError(f"{path}.id", f"must be a non-empty string of at most 200 characters, got {_show(article_id)}")
        )
    elif _SURROGATE.search(article_id):
        errors.append(FieldError(f"{path}.id", _SURROGATE_MESSAGE))
    strings: dict[str, str | None] = {}
    for key in ("title", "url", "source"):
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            errors.append(FieldError(f"{path}.{key}", f"must be a string, got {_show(value)}"))
        elif isinstance(value, str) and _SURROGATE.search(value):
            errors.append(FieldError(f"{path}.{key}", _SURROGATE_MESSAGE))
        strings[key] = value if isinstance(value, str) else None
    published = _datetime(item.get("published_at"), f"{path}.published_at", errors)
    if len(errors) > before:
        return None
    assert isinstance(text, str) and isinstance(article_id, str)
    return Article(
        id=article_id,
        text=text,
        title=strings["title"],
        url=strings["url"],
        published_at=published,
        source=strings["source"],
    )


def _datetime(value: Any, path: str, errors: list[FieldError]) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    errors.append(FieldError(path, f"must be an ISO 8601 date or date-time, got {_show(value)}"))
    return None


def _is_int(value: Any) -> bool:
    # JSON true/false arrive as bool, a subclass of int: they are not budgets.
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value) and value.is_integer()


def _is_number(value: Any) -> bool:
    # math.isfinite(int) converts to float, which overflows for integers past 1e308.
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _show(value: Any) -> str:
    """A short, safe rendering of a bad value for an error message (never a whole article)."""
    if value is None:
        return "null"
    text = _REPR.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_SURROGATE_MESSAGE = "contains a lone surrogate (U+D800 to U+DFFF), which is not Unicode text"
