"""The ablation runner: literal recipe first, one component per step, the default last."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass

import pytest

from summarizer.documents import Article, Options
from summarizer.method.pipeline import PipelineSettings
from summarizer.tools.ablation import ABLATION, format_table, run_ablation

from ..conftest import HashingEmbedder


def _differences(a: object, b: object) -> list[str]:
    return [f.name for f in dataclasses.fields(a) if getattr(a, f.name) != getattr(b, f.name)]  # type: ignore[arg-type]


def test_first_step_is_the_literal_recipe() -> None:
    first = ABLATION[0]
    assert first.settings == PipelineSettings.literal()
    assert first.diversity == 0.3
    assert first.settings.length_bounds.min_words == 8 and first.settings.length_bounds.max_words == 55
    assert not first.settings.group_claims
    assert first.settings.concept_share == 0.0 and first.settings.redundancy_overlap == 0.0
    assert not first.settings.query_focus


def test_last_step_is_the_default() -> None:
    assert ABLATION[-1].settings == PipelineSettings()
    assert ABLATION[-1].diversity == Options().diversity


def test_each_step_adds_one_component() -> None:
    for before, after in itertools.pairwise(ABLATION):
        changed = _differences(before.settings, after.settings)
        changed += ["diversity"] if before.diversity != after.diversity else []
        if changed == ["relevance"]:
            # A relevance step turns on exactly one signal.
            assert len(_differences(before.settings.relevance, after.settings.relevance)) == 1, after.name
        elif changed == ["concepts", "concept_share"] or changed == ["concept_share"]:
            pass  # the concept rule only matters once concepts are on
        elif changed == ["learned_share", "scorer"]:
            pass  # the scorer only matters once its share is positive
        elif changed == ["corroboration", "disputes"]:
            pass  # the two stages after selection: citations only, no summary changes
        else:
            assert len(changed) == 1, f"{after.name} changes {changed}"


def test_names_are_unique() -> None:
    names = [v.name for v in ABLATION]
    assert len(set(names)) == len(names)


@dataclass(frozen=True)
class _Cluster:
    body: dict[str, object]
    references: tuple[str, ...]
    query: str | None = None


def test_run_scores_lead_and_every_step(harbor_bridge: list[Article]) -> None:
    reference = " ".join(a.text for a in harbor_bridge)[:2000]
    clusters = [_Cluster({"articles": harbor_bridge}, (reference,))]
    rows = run_ablation(clusters, 60, False, ABLATION, HashingEmbedder(), lambda body: body["articles"])
    assert [r.name for r in rows] == ["lead"] + [v.name for v in ABLATION]
    for row in rows:
        assert 0.0 < row.scores.rouge1_recall <= 1.0
    table = format_table("harbor", rows)
    assert table.count("\n| ") == len(rows) + 1  # header and one line per row


def test_every_step_is_a_valid_configuration(harbor_bridge: list[Article]) -> None:
    from summarizer.method.pipeline import summarize

    for variant in ABLATION:
        options = Options(max_words=80, diversity=variant.diversity)
        result = summarize(harbor_bridge, options, HashingEmbedder(), variant.settings)
        assert sum(len(s.text.split()) for s in result.sentences) <= 80
        assert result.sentences, variant.name


@pytest.mark.parametrize("field", ["concept_share", "redundancy_overlap"])
def test_settings_shares_are_validated(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        PipelineSettings(**{field: 1.5})  # type: ignore[arg-type]
