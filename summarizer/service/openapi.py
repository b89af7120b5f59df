"""The OpenAPI 3.1 document of the HTTP service, built in code beside the behaviour it describes.

``tests/service/test_app.py`` validates real responses against the schemas here and
checks that every route the app serves is documented, so the two cannot drift
apart silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..config import Settings
from ..documents import ORDERS, Options
from ..schema import ARTICLE_FIELDS, OPTION_FIELDS

__all__ = ["openapi_document"]

_BUDGET_MAX = 1_000_000
_QUERY_MAX = 2_000


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema["type"]
    return {**schema, "type": [kind, "null"]}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(errors: Mapping[str, tuple[int, str]], status: int) -> dict[str, Any]:
    codes = sorted(code for code, (s, _) in errors.items() if s == status)
    lines = "; ".join(f"`{code}`: {errors[code][1]}" for code in codes)
    schema = {"allOf": [_ref("Error"), {"properties": {"error": {"properties": {"code": {"enum": codes}}}}}]}
    return _json(schema, lines)


def _schemas(settings: Settings, errors: Mapping[str, tuple[int, str]]) -> dict[str, Any]:
    budget = {"type": "integer", "minimum": 1, "maximum": _BUDGET_MAX}
    options = {
        "max_sentences": _nullable({**budget, "description": "At most this many sentences."}),
        "max_words": _nullable({**budget, "description": "At most this many words (100 when no budget is given)."}),
        "max_chars": _nullable({**budget, "description": "At most this many characters, sentences joined by spaces."}),
        "diversity": _nullable(
            {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "default": Options().diversity,
                "description": (
                    "How much novelty matters (MMR's 1 - lambda): no two summary sentences are more "
                    "redundant than 1 - diversity (0.1 keeps near-copies apart, 1 any two that share anything)."
                ),
            }
        ),
        "query": _nullable(
            {"type": "string", "maxLength": _QUERY_MAX, "description": "Summarize for this question or topic."}
        ),
        "order": {
            "enum": [*ORDERS, None],
            "default": "relevance",
            "description": "Reading order: by relevance, by article then position, or by publication time.",
        },
        "corroboration_threshold": _nullable(
            {
                "type": "number",
                "exclusiveMinimum": 0,
                "exclusiveMaximum": 1,
                "description": "Probability from which another article's sentence counts as stating a summary "
                "sentence's claim (also_in); null: the calibrated default, where cross-validated precision "
                "reached 0.9 (0.82 on events the model never saw).",
            }
        ),
        "dispute_threshold": _nullable(
            {
                "type": "number",
                "exclusiveMinimum": 0,
                "exclusiveMaximum": 1,
                "description": "Probability from which another article's sentence with conflicting figures counts as "
                "disputing a summary sentence's claim (disputed_by); null: the calibrated default, where precision "
                "reached 0.9 (few disputes are flagged there).",
            }
        ),
    }
    assert tuple(options) == OPTION_FIELDS
    article_properties = {
        "id": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "description": "Unique in the cluster; defaults to the article's position as a string.",
        },
        "text": {
            "type": "string",
            "description": f"Plain text, at most {settings.max_article_chars} characters (else 413). "
            "Citations index into it exactly as sent.",
        },
        "title": _nullable({"type": "string"}),
        "url": _nullable({"type": "string"}),
        "published_at": _nullable({"type": "string", "description": "ISO 8601 date or date-time."}),
        "source": _nullable({"type": "string", "description": "The publisher, e.g. Reuters."}),
    }
    assert tuple(article_properties) == ARTICLE_FIELDS
    span = {
        "article_id": {"type": "string"},
        "sentence_index": {"type": "integer", "minimum": 0, "description": "Counts every sentence of the article."},
        "start": {"type": "integer", "minimum": 0, "description": "article.text[start:end] is the sentence."},
        "end": {"type": "integer", "minimum": 0},
    }
    return {
        "Article": {
            "type": "object",
            "required": ["text"],
            "additionalProperties": False,
            "properties": article_properties,
        },
        "SummarizeRequest": {
            "type": "object",
            "required": ["articles"],
            "additionalProperties": False,
            "properties": {
                "articles": {
                    "type": "array",
                    "minItems": 1,
                    "description": f"At most {settings.max_articles} articles (else 413). "
                    "A bare string is an article's text.",
                    "items": {"oneOf": [_ref("Article"), {"type": "string"}]},
                },
                **options,
            },
        },
        "BatchRequest": {
            "type": "object",
            "required": ["clusters"],
            "additionalProperties": False,
            "properties": {
                "clusters": {
                    "type": "array",
                    "minItems": 1,
                    "description": f"At most {settings.max_batch_clusters} clusters (else 413).",
                    # Deliberately unconstrained: a cluster that is not a SummarizeRequest (not even an
                    # object) is answered with an error envelope in its slot, not by failing the batch.
                    "items": {
                        "description": "A SummarizeRequest, checked one by one: a bad cluster gets an error "
                        "envelope in its slot of the results."
                    },
                }
            },
        },
        "Citation": {
            "type": "object",
            "required": list(span),
            "additionalProperties": False,
            "properties": span,
        },
        "Corroboration": {
            "type": "object",
            "required": [*span, "similarity", "probability"],
            "additionalProperties": False,
            "properties": {
                **span,
                "similarity": {"type": "number", "maximum": 1, "description": "embedding cosine of the two sentences"},
                "probability": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 1,
                    "description": "calibrated probability that this sentence states the cited sentence's claim",
                },
            },
            "description": "The sentence of another article that states the cited sentence's claim, the most probable"
            " one of that article.",
        },
        "Dispute": {
            "type": "object",
            "required": [*span, "probability", "figures", "marker"],
            "additionalProperties": False,
            "properties": {
                **span,
                "probability": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 1,
                    "description": "calibrated probability that this sentence makes the cited sentence's claim"
                    " apart from the figures",
                },
                "figures": {
                    "type": "object",
                    "required": ["this", "other"],
                    "additionalProperties": False,
                    "properties": {
                        "this": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "as the cited sentence writes them",
                        },
                        "other": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "as this sentence writes them",
                        },
                    },
                    "description": "The figures that differ: same unit, values that cannot both be right.",
                },
                "marker": {"type": "integer", "minimum": 1, "description": "this article's source marker"},
            },
            "description": "The sentence of another article that reports the cited sentence's claim with a different"
            ' figure ("at least nine people died" / "at least 14 people died"), the most probable one of that article.'
            " Flagged where the dispute model's cross-validated precision reached 0.9.",
        },
        "SummarySentence": {
            "type": "object",
            "required": ["text", "score", "citation", "also_in", "disputed_by", "markers"],
            "additionalProperties": False,
            "properties": {
                "text": {"type": "string"},
                "score": {"type": "number", "description": "Relevance to the cluster centroid or the query."},
                "citation": _ref("Citation"),
                "also_in": {"type": "array", "items": _ref("Corroboration")},
                "disputed_by": {"type": "array", "items": _ref("Dispute")},
                "markers": {
                    "type": "array",
                    "items": {"type": "integer", "minimum": 1},
                    "description": "Source markers, as in [1][2] in the summary text.",
                },
            },
        },
        "Source": {
            "type": "object",
            "required": ["marker", "article_id", "title", "url", "source", "published_at"],
            "additionalProperties": False,
            "properties": {
                "marker": {"type": "integer", "minimum": 1},
                "article_id": {"type": "string"},
                "title": _nullable({"type": "string"}),
                "url": _nullable({"type": "string"}),
                "source": _nullable({"type": "string"}),
                "published_at": _nullable({"type": "string"}),
            },
        },
        "Summary": {
            "type": "object",
            "required": ["summary", "sentences", "sources", "meta"],
            "additionalProperties": False,
            "properties": {
                "summary": {
                    "type": "string",
                    "description": "The sentences with their source markers: the first five, then [+N] for the rest.",
                },
                "sentences": {"type": "array", "items": _ref("SummarySentence")},
                "sources": {"type": "array", "items": _ref("Source")},
                "meta": {
                    "type": "object",
                    "required": [
                        "model",
                        "articles",
                        "sentences_found",
                        "sentences_kept",
                        "candidate_sentences",
                        "skipped_articles",
                        "options",
                    ],
                    "properties": {
                        "model": {"type": "string"},
                        "articles": {"type": "integer", "minimum": 1},
                        "sentences_found": {"type": "integer", "minimum": 0},
                        "sentences_kept": {"type": "integer", "minimum": 0},
                        "candidate_sentences": {"type": "integer", "minimum": 0},
                        "skipped_articles": {"type": "array", "items": {"type": "string"}},
                        "options": {
                            "type": "object",
                            "required": list(OPTION_FIELDS),
                            "additionalProperties": False,
                            "properties": options,
                        },
                    },
                    "description": "Diagnostics; new keys may be added.",
                },
            },
        },
        "BatchResponse": {
            "type": "object",
            "required": ["results"],
            "additionalProperties": False,
            "properties": {
                "results": {
                    "type": "array",
                    "description": "One entry per cluster, in request order: a summary or an error envelope.",
                    "items": {"oneOf": [_ref("Summary"), _ref("Error")]},
                }
            },
        },
        "FieldError": {
            "type": "object",
            "required": ["field", "message"],
            "additionalProperties": False,
            "properties": {
                "field": {"type": "string", "examples": ["articles[2].text"]},
                "message": {"type": "string"},
            },
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "additionalProperties": False,
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message", "details"],
                    "additionalProperties": False,
                    "properties": {
                        "code": {"enum": sorted(errors)},
                        "message": {"type": "string"},
                        "details": {"type": "array", "items": _ref("FieldError")},
                    },
                }
            },
        },
        "Health": {
            "type": "object",
            "required": ["status"],
            "additionalProperties": False,
            "properties": {"status": {"const": "ok"}},
        },
        "Ready": {
            "type": "object",
            "required": ["status", "model", "dimension"],
            "additionalProperties": False,
            "properties": {
                "status": {"const": "ready"},
                "model": {"type": "string"},
                "dimension": {"type": "integer", "minimum": 1},
            },
        },
    }


def openapi_document(settings: Settings, errors: Mapping[str, tuple[int, str]]) -> dict[str, Any]:
    """The OpenAPI 3.1 document, with the configured limits in its descriptions.

    ``errors`` is the API's table: error code -> (HTTP status, when it happens).
    """
    auth: list[dict[str, list[str]]] = [{"bearer": []}] if settings.api_key else []
    request_id = {"$ref": "#/components/parameters/RequestId"}
    common_errors = {
        "400": _error(errors, 400),
        "401": _error(errors, 401),
        "413": _error(errors, 413),
        "415": _error(errors, 415),
    }

    def post(summary: str, request: str, response: str, description: str, statuses: dict[str, Any]) -> dict[str, Any]:
        return {
            "post": {
                "summary": summary,
                "description": description,
                "security": auth,
                "parameters": [request_id],
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref(request)}}},
                "responses": {
                    "200": _json(_ref(response), "The result."),
                    **statuses,
                    "500": _error(errors, 500),
                    "default": _json(_ref("Error"), "Any other error: 404 not_found, 405 method_not_allowed."),
                },
            }
        }

    def get(summary: str, responses: dict[str, Any]) -> dict[str, Any]:
        other = _json(_ref("Error"), "Any error: 405 method_not_allowed, 500 internal_error.")
        return {
            "get": {
                "summary": summary,
                "security": [],
                "parameters": [request_id],
                "responses": {**responses, "default": other},
            }
        }

    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "summarizer",
            "version": "0.1.0",
            "description": "Extractive multi-document news summaries in which every sentence cites its source. "
            "Every non-2xx response carries the Error envelope; every response carries X-Request-ID.",
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
        },
        "paths": {
            "/v1/summarize": post(
                "Summarize one cluster of articles",
                "SummarizeRequest",
                "Summary",
                "The body is the articles and the options; the answer cites every sentence.",
                {**common_errors, "422": _error(errors, 422), "503": _error(errors, 503)},
            ),
            "/v1/summarize/batch": post(
                "Summarize several clusters",
                "BatchRequest",
                "BatchResponse",
                "Each cluster is checked and summarized on its own: a bad cluster gets an error envelope "
                "in its slot and does not fail the others. Clusters not started before the request timeout "
                "get deadline_exceeded.",
                {**common_errors, "422": _error(errors, 422), "503": _error(errors, 503)},
            ),
            "/": get(
                "A page for people: paste articles, read the cited summary (files under /static/)",
                {"200": {"description": "HTML", "content": {"text/html": {"schema": {"type": "string"}}}}},
            ),
            "/healthz": get("Liveness: the process answers", {"200": _json(_ref("Health"), "Alive.")}),
            "/readyz": get(
                "Readiness: the model is loaded and a one-sentence encode works",
                {"200": _json(_ref("Ready"), "Ready."), "503": _error(errors, 503)},
            ),
            "/openapi.json": get(
                "This document",
                {
                    "200": {
                        "description": "OpenAPI 3.1",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            ),
            "/metrics": get(
                "Prometheus metrics",
                {
                    "200": {
                        "description": "Prometheus text format 0.0.4: summarizer_requests_total{endpoint,status}, "
                        "summarizer_request_duration_seconds{endpoint}, summarizer_sentences_embedded_total.",
                        "content": {"text/plain": {"schema": {"type": "string"}}},
                    }
                },
            ),
        },
        "components": {
            "schemas": _schemas(settings, errors),
            "parameters": {
                "RequestId": {
                    "name": "X-Request-ID",
                    "in": "header",
                    "required": False,
                    "description": "Echoed back and put in every log line when it is 1-128 characters of "
                    "letters, digits and ._:/+=- (pattern ^[A-Za-z0-9._:/+=-]{1,128}$); any other value is "
                    "replaced by a generated id, never refused.",
                    "schema": {"type": "string"},
                }
            },
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Required on /v1/* when SUMMARIZER_API_KEY is set.",
                }
            },
        },
    }
