"""Settings come from SUMMARIZER_* variables, read only when asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.config import Settings
from summarizer.errors import InvalidInput


def test_defaults_without_environment() -> None:
    settings = Settings.from_env({})
    assert settings == Settings()
    assert settings.model is None and settings.api_key is None
    assert settings.limits.max_articles == settings.max_articles


def test_every_field_is_read_from_its_prefixed_variable() -> None:
    env = {
        "SUMMARIZER_MODEL": "/opt/models/other",
        "SUMMARIZER_MODELS_DIR": "/srv/models",
        "SUMMARIZER_MAX_ARTICLES": "12",
        "SUMMARIZER_REQUEST_TIMEOUT": "2.5",
        "SUMMARIZER_API_KEY": "secret",
        "UNRELATED": "1",
    }
    settings = Settings.from_env(env)
    assert settings.model == "/opt/models/other"
    assert settings.models_dir == Path("/srv/models")
    assert settings.max_articles == 12 and isinstance(settings.max_articles, int)
    assert settings.request_timeout == 2.5
    assert settings.api_key == "secret"


@pytest.mark.parametrize(
    ("name", "value"),
    [("SUMMARIZER_MAX_ARTICLES", "many"), ("SUMMARIZER_MAX_ARTICLES", "0"), ("SUMMARIZER_REQUEST_TIMEOUT", "-1")],
)
def test_malformed_values_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(InvalidInput, match=name):
        Settings.from_env({name: value})


def test_empty_value_means_default() -> None:
    assert Settings.from_env({"SUMMARIZER_MODEL": ""}).model is None


def test_zero_is_accepted_where_it_means_none_or_all() -> None:
    settings = Settings.from_env({"SUMMARIZER_CACHE_SIZE": "0", "SUMMARIZER_THREADS": "0"})
    assert settings.cache_size == 0 and settings.threads == 0
    with pytest.raises(InvalidInput, match="SUMMARIZER_CACHE_SIZE"):
        Settings.from_env({"SUMMARIZER_CACHE_SIZE": "-1"})
    with pytest.raises(InvalidInput, match="SUMMARIZER_BATCH_SIZE"):
        Settings.from_env({"SUMMARIZER_BATCH_SIZE": "0"})
