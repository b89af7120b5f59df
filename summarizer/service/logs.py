"""JSON-lines logging with request ids: the service's one log format.

Every record becomes one JSON object on one line::

    {"timestamp": "2026-11-22T01:51:53.123Z", "level": "INFO", "logger": "summarizer.service.app",
     "message": "request", "request_id": "9f1c...", "method": "POST", "path": "/v1/summarize",
     "status": 200, "duration_ms": 84.2}

``request_id`` comes from a context variable the API sets for the duration of a
request, so every line logged while serving it carries the id, whichever module
logs it. Fields passed with ``extra=`` are copied as they are; callers must
never put article text, request bodies or credentials there.
"""

from __future__ import annotations

import contextvars
import json
import logging
import traceback
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "JsonFormatter",
    "configure",
    "current_request_id",
    "logging_config",
    "reset_request_id",
    "set_request_id",
]

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("summarizer_request_id", default=None)

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


def current_request_id() -> str | None:
    """The id of the request being served by this thread (or task), if any."""
    return _request_id.get()


def set_request_id(request_id: str | None) -> contextvars.Token[str | None]:
    """Set the id for the current context; pass the token to ``reset_request_id``."""
    return _request_id.set(request_id)


def reset_request_id(token: contextvars.Token[str | None]) -> None:
    _request_id.reset(token)


class JsonFormatter(logging.Formatter):
    """One JSON object per record: timestamp (UTC, ms), level, logger, message, request_id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, tz=UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(level: str = "INFO") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` dict: everything, gunicorn's own loggers included, as JSON to stderr.

    gunicorn's access log is silenced: the API writes its own access line, which
    carries the request id and the matched endpoint.
    """
    level = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": f"{__name__}.JsonFormatter"}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        },
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": [], "propagate": True},
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }


def configure(level: str = "INFO") -> None:
    """Send every log record of this process to stderr as JSON lines."""
    import logging.config

    logging.config.dictConfig(logging_config(level))
    logging.captureWarnings(True)
