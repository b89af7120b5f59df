"""Summaries made elsewhere (``--extra``): one file per data file merged by name, conflicts and gaps refused."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from summarizer.tools.comparison import check_coverage, read_extra


def _jsonl(path: Path, rows: dict[str, str]) -> str:
    path.write_text("".join(json.dumps({"id": k, "summary": v}) + "\n" for k, v in rows.items()) + "\n")
    return str(path)


def test_a_name_given_once_per_file_takes_the_union(tmp_path: Path) -> None:
    a = _jsonl(tmp_path / "a.jsonl", {"D0601A": "one.", "D0602B": "two."})
    b = _jsonl(tmp_path / "b.jsonl", {"D0703A-A": "three.", "D0601A": "one."})
    c = _jsonl(tmp_path / "c.jsonl", {"D0601A": "other."})
    extra = read_extra([f"lexrank={a}", f"textrank={c}", f"lexrank={b}"])
    assert list(extra) == ["lexrank", "textrank"]
    assert extra["lexrank"] == {"D0601A": "one.", "D0602B": "two.", "D0703A-A": "three."}
    assert extra["textrank"] == {"D0601A": "other."}


@pytest.mark.parametrize("item", ["lexrank", "=x.jsonl", "lexrank="])
def test_an_item_without_name_and_file_is_refused(item: str) -> None:
    with pytest.raises(ValueError, match="NAME=FILE"):
        read_extra([item])


def test_two_summaries_for_one_cluster_are_refused(tmp_path: Path) -> None:
    a = _jsonl(tmp_path / "a.jsonl", {"D0601A": "one."})
    b = _jsonl(tmp_path / "b.jsonl", {"D0601A": "another."})
    with pytest.raises(ValueError, match="D0601A"):
        read_extra([f"lexrank={a}", f"lexrank={b}"])


def test_a_system_covers_every_cluster_of_a_file_or_none() -> None:
    extra = {"lexrank": {"D0601A": "one.", "D0602B": "two."}}
    check_coverage("duc2006.jsonl", ["D0601A", "D0602B"], extra)
    check_coverage("duc2007_main.jsonl", ["D0701A"], extra)
    with pytest.raises(ValueError, match=r"1 of the 3 clusters of duc2006\.jsonl"):
        check_coverage("duc2006.jsonl", ["D0601A", "D0602B", "D0603C"], extra)


def test_the_concept_ilp_fits_the_budget_and_covers_what_its_weights_favour(harbor_bridge) -> None:
    from summarizer.method.concepts import ConceptRule, Concepts
    from summarizer.method.pipeline import PipelineSettings, extract_sentences
    from summarizer.tools.comparison import concept_ilp_summary

    _, sentences = extract_sentences(harbor_bridge, PipelineSettings().length_bounds)
    rule = ConceptRule(min_articles=2, min_article_share=0.0)
    summary = concept_ilp_summary(harbor_bridge, 40, rule)
    texts = {s.text for s in sentences}
    assert summary and len(summary.split()) <= 40
    assert summary == concept_ilp_summary(harbor_bridge, 40, rule)  # deterministic
    seen: list[Concepts] = []

    def only_one_concept(given, concepts: Concepts) -> Concepts:
        # All weight on one concept: the exact optimum must include a sentence holding it.
        assert len(given) == len(sentences)
        weights = np.full(concepts.weights.shape, 1e-6)
        weights[int(np.argmin(concepts.weights))] = 1.0
        seen.append(concepts)
        return Concepts(concepts.incidence, weights, concepts.grams, concepts.articles, concepts.occurrences)

    favoured = concept_ilp_summary(harbor_bridge, 40, rule, only_one_concept)
    (concepts,) = seen
    column = int(np.argmin(concepts.weights))
    holders = [sentences[i].text for i in np.flatnonzero(concepts.incidence[:, column])]
    assert any(h in favoured for h in holders)
    assert all(part in texts for part in _split_back(favoured, texts))


def _split_back(summary: str, texts: set[str]) -> list[str]:
    """The summary's sentences, recovered greedily from the candidates it was joined from."""
    parts, rest = [], summary
    while rest:
        match = max((t for t in texts if rest.startswith(t)), key=len)
        parts.append(match)
        rest = rest[len(match) :].lstrip()
    return parts
