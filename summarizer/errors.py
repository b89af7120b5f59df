"""The exceptions the summarizer raises.

Every error carries a stable snake_case ``code`` that clients can match on;
the HTTP API maps codes to statuses in one table (``api.py``) and the CLI maps
them to exit codes in one place (``cli.py``)::

    SummarizerError                 code
    ├── InvalidInput                invalid_input      bad field values (details: field paths)
    │   └── InvalidJSON             invalid_json       the body is not JSON at all
    ├── InputTooLarge               input_too_large    over a configured limit
    ├── NothingToSummarize          nothing_to_summarize  no usable sentence in any article
    ├── ModelUnavailable            model_unavailable  the embedding model cannot be loaded
    └── DeadlineExceeded            deadline_exceeded  the request took longer than allowed
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "DeadlineExceeded",
    "FieldError",
    "InputTooLarge",
    "InvalidInput",
    "InvalidJSON",
    "ModelUnavailable",
    "NothingToSummarize",
    "SummarizerError",
]


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one field, located by a path such as ``articles[2].text``."""

    field: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class SummarizerError(Exception):
    """Base class: a message for people, a stable code for programs."""

    code = "summarizer_error"

    def __init__(self, message: str, details: Sequence[FieldError] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details: tuple[FieldError, ...] = tuple(details)


class InvalidInput(SummarizerError):
    code = "invalid_input"


class InvalidJSON(InvalidInput):
    code = "invalid_json"


class InputTooLarge(SummarizerError):
    code = "input_too_large"


class NothingToSummarize(SummarizerError):
    code = "nothing_to_summarize"


class ModelUnavailable(SummarizerError):
    code = "model_unavailable"


class DeadlineExceeded(SummarizerError):
    code = "deadline_exceeded"
