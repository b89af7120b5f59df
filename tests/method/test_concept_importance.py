"""Learned concept weights: features read off the incidence rows, the shipped model loads and behaves, the pipeline uses it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from summarizer.documents import Article, Options
from summarizer.method.concept_importance import (
    FEATURES,
    ConceptModel,
    cluster_concept_features,
    concept_features,
    reweigh,
)
from summarizer.method.concepts import ConceptRule, concept_grams, extract_concepts
from summarizer.method.pipeline import PipelineSettings, summarize, weigh_concepts

RULE = ConceptRule(min_articles=2, min_article_share=0.0, unigram_weight=0.2)


def _column(name: str) -> int:
    return FEATURES.index(name)


def test_features_are_counts_and_extremes_over_the_sentences_holding_each_concept() -> None:
    tokens = [("bridge", "closed"), ("bridge", "closed", "2024"), ("ferry", "2024"), ("bridge", "ferry", "2024")]
    concepts = extract_concepts(tokens, [0, 1, 1, 2], RULE)
    position = np.array([1.0, 1.0, 0.5, 1.0])
    target = np.array([0.9, 0.7, 0.2, 0.4])
    support = np.array([0.3, 0.6, 0.1, 0.2])
    titles = concept_grams(("bridge", "closed"), unigrams=True)
    features = concept_features(concepts, 3, position, target, support, titles)
    assert features.shape == (len(concepts.grams), len(FEATURES))
    row = dict(zip(concepts.grams, features, strict=True))
    closed = row[("bridge", "closed")]
    assert closed[_column("log_articles")] == pytest.approx(np.log(2))
    assert closed[_column("article_share")] == pytest.approx(2 / 3)
    assert closed[_column("unigram")] == 0.0
    assert closed[_column("log_sentences")] == pytest.approx(np.log1p(2))
    assert closed[_column("max_target")] == pytest.approx(0.9)
    assert closed[_column("mean_target")] == pytest.approx(0.8)
    assert closed[_column("max_support")] == pytest.approx(0.6)
    assert closed[_column("in_title")] == 1.0 and closed[_column("number")] == 0.0
    year = row[("2024",)]
    assert year[_column("unigram")] == 1.0 and year[_column("number")] == 1.0
    assert year[_column("mean_position")] == pytest.approx(2.5 / 3)
    assert year[_column("in_title")] == 0.0


def test_features_read_every_sentence_not_only_the_incidence_rows() -> None:
    tokens = [("bridge", "closed"), ("bridge", "closed"), ("ferry", "late")]
    # Incidence rows for the last sentence only (a pool that left the first two out).
    pooled = extract_concepts(tokens, [0, 1, 2], RULE, rows=[2])
    whole = extract_concepts(tokens, [0, 1, 2], RULE)
    values = [np.array([1.0, 0.7, 0.5]), np.array([0.9, 0.4, 0.5]), np.array([0.3, 0.6, 0.5])]
    np.testing.assert_array_equal(
        concept_features(pooled, 3, *values, set()), concept_features(whole, 3, *values, set())
    )
    features = concept_features(pooled, 3, *values, set())
    assert np.all(features[:, _column("log_sentences")] == pytest.approx(np.log1p(2)))
    assert np.all(features[:, _column("max_target")] == pytest.approx(0.9))


def test_the_shipped_model_loads_and_rates_widely_stated_concepts_higher() -> None:
    model = ConceptModel.fitted()
    assert len(model.weights) == len(FEATURES)
    # The fit's strongest signal: concepts in more sentences are more often in the references.
    assert model.weights[_column("log_sentences")] > 0
    x = np.tile(np.asarray(model.mean), (2, 1))
    x[1, _column("log_sentences")] += 1.0
    p = model.probability(x)
    assert 0.0 < p[0] < p[1] < 1.0
    with pytest.raises(ValueError):
        dataclasses.replace(model, weights=model.weights[:-1])
    with pytest.raises(ValueError):
        dataclasses.replace(model, scale=(0.0,) * len(FEATURES))


def test_reweigh_keeps_the_concepts_and_refuses_a_wrong_length() -> None:
    concepts = extract_concepts([("a", "b"), ("a", "b")], [0, 1], RULE)
    weighted = reweigh(concepts, np.zeros(len(concepts.grams)), RULE)
    assert weighted.grams == concepts.grams and np.array_equal(weighted.incidence, concepts.incidence)
    assert np.all(weighted.weights > 0)
    with pytest.raises(ValueError):
        reweigh(concepts, np.zeros(len(concepts.grams) + 1), RULE)


def test_the_rules_factor_scales_unigrams_whatever_weighs_them() -> None:
    rule = ConceptRule(min_articles=2, min_article_share=0.0, unigram_weight=1.0)
    concepts = extract_concepts([("a", "b"), ("a", "b")], [0, 1], rule)
    assert concepts.grams == (("a",), ("a", "b"), ("b",))
    weighted = reweigh(concepts, np.array([0.8, 0.4, 0.6]), dataclasses.replace(rule, unigram_weight=0.25))
    np.testing.assert_allclose(weighted.weights, [0.2, 0.4, 0.15])
    with pytest.raises(ValueError):
        dataclasses.replace(rule, unigram_weight=-1.0)


def test_the_default_pipeline_weighs_concepts_by_the_model(harbor_bridge: list[Article], fake_embedder) -> None:
    from summarizer.method import pipeline

    settings = PipelineSettings()
    assert settings.concept_model == ConceptModel.fitted()
    assert PipelineSettings.literal().concept_model is None
    _, sentences = pipeline.extract_sentences(harbor_bridge, settings.length_bounds)
    vectors = pipeline.embed_sentences(sentences, fake_embedder)
    target = pipeline.target_similarity(vectors, None, fake_embedder)
    _, support, pool = pipeline.score_relevance(sentences, vectors, target, settings)
    concepts = pipeline.cluster_concepts(pipeline.sentence_words(sentences), sentences, pool, settings)
    assert concepts is not None
    weighted = weigh_concepts(concepts, harbor_bridge, sentences, target, support, settings)
    assert weighted is not None
    features = cluster_concept_features(concepts, harbor_bridge, sentences, target, support, settings.concepts)
    # The model's probability, unigrams' times the rule's unigram factor.
    factor = np.array([settings.concepts.unigram_weight if len(g) == 1 else 1.0 for g in concepts.grams])
    np.testing.assert_allclose(weighted.weights, settings.concept_model.probability(features) * factor)
    # The default's bigrams span stop words, as ROUGE-2's do.
    assert any(g[0].startswith("_") or g[1].startswith("_") for g in concepts.grams if len(g) == 2)
    unweighted = dataclasses.replace(settings, concept_model=None)
    assert weigh_concepts(concepts, harbor_bridge, sentences, target, support, unweighted) is concepts
    # Both weightings give a cited summary within the budget.
    for chosen in (settings, unweighted):
        summary = summarize(harbor_bridge, Options(max_words=60), fake_embedder, chosen)
        assert 0 < sum(s.text.count(" ") + 1 for s in summary.sentences) <= 60
