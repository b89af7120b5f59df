"""The dispute stage: another article reports a summary sentence's claim with a different figure."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from summarizer.documents import Article, Options
from summarizer.embedder import Embedder
from summarizer.method.citing import render
from summarizer.method.cleaning import LengthBounds
from summarizer.method.corroboration import CorroborationModel, corroborate
from summarizer.method.disputes import DISPUTE_FEATURES, DisputeModel, one_sided_negation
from summarizer.method.pipeline import PipelineSettings, extract_sentences, summarize
from summarizer.method.quantities import conflicting
from summarizer.tools.corroboration import LABELS, LabelledPair, read_labels
from summarizer.tools.disputes import DisputePairs, choose_threshold, event_folds, fit_disputes

from .test_corroboration import ARTICLES, evidence

RIVALS = [
    Article("a", "At least nine people died when a fire swept through a warehouse on Crane Street on Friday."),
    Article("b", "At least 14 people died when a fire swept through a warehouse on Crane Street on Friday."),
    # Same unit, another claim: the warehouse employed people, which is no death toll.
    Article("c", "The warehouse on Crane Street, which burned on Friday, employed 120 people in two shifts."),
    Article("d", "Nine people died when a fire swept through a warehouse on Crane Street on Friday, police said."),
]


def test_another_figure_for_the_same_claim_disputes_it_and_another_claim_does_not(real_embedder: Embedder) -> None:
    also_in, disputed = evidence(RIVALS, real_embedder)
    assert disputed == ["b"]
    assert "c" not in also_in + disputed
    assert "d" in also_in  # "nine" and "at least nine" agree
    also_in, disputed = evidence(ARTICLES, real_embedder)
    assert also_in == ["b"] and disputed == ["d"]  # six weeks / nine weeks; "c" is a negation, "e" another story


def test_without_a_dispute_model_nothing_is_disputed(real_embedder: Embedder) -> None:
    _, sentences = extract_sentences(RIVALS, LengthBounds())
    vectors = real_embedder.encode([s.text for s in sentences])
    (found,) = corroborate([0], sentences, vectors, CorroborationModel.fitted())
    assert found.disputed_by == ()
    literal = summarize(RIVALS, Options(max_sentences=2), real_embedder, PipelineSettings.literal())
    assert all(not s.disputed_by and not s.also_in for s in literal.sentences)


def test_a_summary_cites_each_dispute_exactly_with_its_figures_and_marker(real_embedder: Embedder) -> None:
    result = summarize(RIVALS, Options(max_sentences=3), real_embedder)
    texts = {a.id: a.text for a in RIVALS}
    sources = {s.marker: s.article_id for s in result.sources}
    disputed = [s for s in result.sentences if s.disputed_by]
    assert disputed
    for sentence in disputed:
        for d in sentence.disputed_by:
            assert d.article_id != sentence.citation.article_id
            assert sources[d.marker] == d.article_id
            other = texts[d.article_id][d.start : d.end]
            assert all(f in sentence.text for f in d.this_figures) and all(f in other for f in d.other_figures)
            assert d.marker not in sentence.markers  # markers are the outlets that state the claim
            payload = d.to_dict()
            assert set(payload) == {"article_id", "sentence_index", "start", "end", "probability", "figures", "marker"}
            assert payload["figures"] == {"this": list(d.this_figures), "other": list(d.other_figures)}
    # The API's text stays the sentences and their markers; the CLI's text names the disputes.
    assert "disputed" not in result.summary
    assert f"(disputed by [{disputed[0].disputed_by[0].marker}])" in render(result.sentences, disputes=True)
    assert json.loads(json.dumps(result.to_dict()))["sentences"][0]["disputed_by"] is not None


def test_the_dispute_model_checks_its_shape() -> None:
    model = DisputeModel.fitted()
    assert len(model.weights) == len(DISPUTE_FEATURES)
    with pytest.raises(ValueError, match="weights"):
        dataclasses.replace(model, weights=model.weights[:-1])
    with pytest.raises(ValueError, match="threshold"):
        dataclasses.replace(model, threshold=0.0)


def test_fitting_and_the_threshold_on_a_separable_problem() -> None:
    rng = np.random.default_rng(5)
    features = rng.normal(size=(300, len(DISPUTE_FEATURES)))
    truth = features[:, 0] - features[:, 8] > 0.5
    scored = np.ones(300, dtype=bool)
    scored[:20] = False  # never scored: a dispute among them is a miss
    pairs = DisputePairs(features, scored, truth, tuple(str(k % 10) for k in range(300)))
    model = fit_disputes(pairs)
    assert model.weights[0] > 0 > model.weights[8]
    probability = np.where(scored, model.probability(features), 0.0)
    threshold = choose_threshold(pairs, probability)
    flagged = scored & (probability >= threshold)
    assert (flagged & truth).sum() / flagged.sum() >= 0.9


def test_events_that_share_an_article_are_one_fold(tmp_path: Path) -> None:
    def cluster(name: str, docs: list[str]) -> str:
        return json.dumps({"id": name, "documents": [{"id": d, "text": "x"} for d in docs]})

    (tmp_path / "duc2007_main.jsonl").write_text(cluster("D1", ["a", "b"]) + "\n" + cluster("D2", ["c"]) + "\n")
    (tmp_path / "duc2007_update_abc.jsonl").write_text(cluster("D1-B", ["b", "z"]) + "\n")
    events = ["duc2007_main/D1", "duc2007_main/D2", "duc2007_update_abc/D1-B"]
    folds = event_folds(events, tmp_path)
    assert folds["duc2007_main/D1"] == folds["duc2007_update_abc/D1-B"] != folds["duc2007_main/D2"]


def test_dispute_labels_are_well_formed() -> None:
    pairs = read_labels(LABELS / "disputes-duc.tsv", frozenset("DN"))
    assert len(pairs) >= 400 and sum(p.label == "D" for p in pairs) >= 80
    assert all(p.article != p.other_article for p in pairs)
    test = read_labels(LABELS / "disputes-duc-test.tsv", frozenset("DN"))
    assert len(test) >= 100 and sum(p.label == "D" for p in test) >= 5

    def topics(labelled: list[LabelledPair]) -> set[str]:
        return {p.event.split("/")[1].split("-")[0] for p in labelled}

    # Three sets of different events: the corroboration pairs (whose model the dispute
    # model reads), the pairs the dispute model is fitted on, and the unseen test pairs.
    corroboration = topics(read_labels(LABELS / "corroboration-duc.tsv"))
    assert not topics(pairs) & corroboration and not topics(test) & corroboration
    assert not topics(pairs) & topics(test)


# Rewrites the model scores below its threshold (0.71 and 0.55 against 0.88): known misses,
# kept so that a model that finds them shows up here (docs/corroboration.md, "Disputes").
_MISSED = pytest.mark.xfail(strict=True, reason="a known miss of the shipped dispute model")

REWRITES = [
    # (claim, other, a dispute?): the kinds of conflict, rewritten as outlets do, and
    # same-entity pairs about another claim.
    pytest.param(
        "The central bank raised its key rate by half a point to 4.75 percent on Wednesday.",
        "On Wednesday the central bank lifted its benchmark rate by a quarter point to 4.5 per cent.",
        True,
        marks=_MISSED,
    ),
    (
        "The earthquake killed at least 9 people in the mountain villages, officials said.",
        "At least fourteen people were killed when the quake struck the mountain villages.",
        True,
    ),
    pytest.param(
        "The company will cut 4,000 jobs over the next two years, its chief executive said.",
        "The chief executive said the company would eliminate 2,500 positions over two years.",
        True,
        marks=_MISSED,
    ),
    (
        "The city council approved the harbor budget in a 5-2 vote on Tuesday night.",
        "The city council approved the harbor budget on Tuesday night, with three members voting against it.",
        True,
    ),
    (
        "The earthquake killed at least 9 people in the mountain villages, officials said.",
        "The quake injured more than 200 people in the mountain villages, according to officials.",
        False,
    ),
    (
        "The company will cut 4,000 jobs over the next two years, its chief executive said.",
        "The company employs 40,000 people in 12 countries, the chief executive said.",
        False,
    ),
    (
        "The plane carried 132 passengers and six crew members when it left the capital.",
        "All 138 people on board, including six crew, were killed when it left the capital.",
        False,
    ),
]


@pytest.mark.parametrize(("claim", "other", "expected"), REWRITES)
def test_rewritten_figures_are_disputes_and_other_claims_are_not(
    claim: str, other: str, expected: bool, real_embedder: Embedder
) -> None:
    _, disputed = evidence([Article("a", claim), Article("b", other)], real_embedder)
    assert (disputed == ["b"]) == expected


def test_the_dispute_threshold_option_trades_disputes_found_for_precision(real_embedder: Embedder) -> None:
    # The rate-rise rewrite scores 0.71: missed at the calibrated point, shown below it.
    articles = [Article("a", REWRITES[0].values[0]), Article("b", REWRITES[0].values[1])]

    def disputes(threshold: float | None) -> int:
        result = summarize(articles, Options(max_sentences=1, dispute_threshold=threshold), real_embedder)
        assert result.meta["options"]["dispute_threshold"] == threshold
        return sum(len(s.disputed_by) for s in result.sentences)

    assert disputes(None) == 0
    assert disputes(DisputeModel.fitted().threshold) == 0
    assert disputes(0.5) == 1


@pytest.mark.parametrize(
    ("claim", "other", "one_sided"),
    [
        # A negation by one figure only: another claim, never scored as a dispute.
        ("21 states have such laws on the books.", "19 states do not have such laws on the books.", True),
        # An idiom after the figure negates nothing: the pair is scored.
        ("At least 40 people died, not only in the capital.", "At least 35 people died in the capital.", False),
        (
            "The council approved 40 new posts, whether or not the budget passes.",
            "The council approved 35 new posts.",
            False,
        ),
        # Negated on both sides: the same kind of claim.
        ("Nineteen states do not have such laws.", "21 states do not have such laws.", False),
    ],
)
def test_only_a_real_negation_by_one_figure_keeps_a_pair_from_being_scored(
    claim: str, other: str, one_sided: bool
) -> None:
    figures = conflicting(claim, other)
    assert figures[0] and figures[1]
    assert one_sided_negation(claim, other, figures) == one_sided
