"""Big stories through the API: the default limits take clusters the pipeline can finish, and refuse the rest clearly."""

from __future__ import annotations

from typing import Any

from summarizer.config import Settings
from summarizer.service.app import create_app
from summarizer.tools.synthetic import generate_cluster

from ..conftest import HashingEmbedder


def _body(articles: int) -> dict[str, Any]:
    cluster = generate_cluster(articles, seed=7)
    return {"articles": [{"id": a.id, "text": a.text} for a in cluster], "max_words": 100}


def test_the_default_service_summarizes_a_cluster_beyond_the_old_limits() -> None:
    # 250 articles and about 7,000 summarizable sentences: the old defaults (200 articles,
    # 4,000 sentences) refused this, since the pipeline then grew with their square.
    body = _body(250)
    client = create_app(Settings(), HashingEmbedder()).test_client()
    response = client.post("/v1/summarize", json=body)
    assert response.status_code == 200, response.get_json()
    result = response.get_json()
    texts = {a["id"]: a["text"] for a in body["articles"]}
    assert result["meta"]["sentences_kept"] > 4_000
    assert result["meta"]["candidate_sentences"] <= 2_500
    for sentence in result["sentences"]:
        citation = sentence["citation"]
        assert texts[citation["article_id"]][citation["start"] : citation["end"]] == sentence["text"]
        for other in sentence["also_in"]:
            assert other["article_id"] != citation["article_id"]


def test_above_the_sentence_limit_the_answer_is_a_clear_413() -> None:
    client = create_app(Settings(max_sentences_kept=1_000), HashingEmbedder()).test_client()
    response = client.post("/v1/summarize", json=_body(60))
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["code"] == "input_too_large"
    assert error["details"][0]["field"] == "articles"
    assert "1000" in error["message"]
