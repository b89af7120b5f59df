"""The concept fitting command: labels as reference shares, a rank AUC, a logistic fit that recovers a known model."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pytest

from summarizer.documents import Article
from summarizer.method.concept_importance import FEATURES, ConceptModel
from summarizer.method.concepts import ConceptRule
from summarizer.method.lexical import content_words
from summarizer.tools.concept_fitting import (
    ConceptExamples,
    auc,
    cluster_concept_examples,
    concept_labels,
    cross_validated_concept_models,
    fit_concept_model,
    render_concept_weights,
)
from summarizer.tools.logistic import fit_logistic


def test_labels_are_the_share_of_references_holding_the_concept() -> None:
    references = ["The bridge closed on Monday.", "Ferries ran and the closed bridge reopened.", "Nothing here."]
    bridge, closed, ferry, storm = (content_words(w)[0] for w in ("bridge", "closed", "ferries", "storm"))
    content = ConceptRule(surface_bigrams=False)
    labels = concept_labels([(bridge,), (bridge, closed), (ferry,), (storm,)], references, content)
    # Bigrams are of content words: "the bridge was closed" would hold (bridge, closed).
    np.testing.assert_allclose(labels, [2 / 3, 1 / 3, 1 / 3, 0.0])
    # The default rule reads references as it reads articles: bigrams across stop words.
    surface = [("_the", bridge), (closed, bridge), ("_and", "_the"), (bridge,)]
    np.testing.assert_allclose(concept_labels(surface, references, ConceptRule()), [1 / 3, 1 / 3, 0.0, 2 / 3])
    with pytest.raises(ValueError):
        concept_labels([("bridge",)], [], ConceptRule())


def test_auc_matches_counting_every_pair_with_ties_as_half() -> None:
    rng = np.random.default_rng(3)
    scores = rng.integers(0, 5, size=60).astype(float)
    positive = rng.random(60) < 0.4
    pairs = [(p, n) for p, n in itertools.product(scores[positive], scores[~positive])]
    expected = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p, n in pairs) / len(pairs)
    assert auc(scores, positive) == pytest.approx(expected)
    with pytest.raises(ValueError):
        auc(scores, np.zeros(60, dtype=bool))


def test_logistic_fit_recovers_known_coefficients_from_probability_targets() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5000, 3))
    true_logit = -1.0 + 2.0 * x[:, 0] - 0.5 * x[:, 2]
    targets = 1.0 / (1.0 + np.exp(-true_logit))
    fit = fit_logistic(x, targets, penalty=1e-6)
    # Coefficients are on standardised features: multiply back by the scale.
    recovered = np.asarray(fit.weights) / np.asarray(fit.scale)
    np.testing.assert_allclose(recovered, [2.0, 0.0, -0.5], atol=0.02)
    with pytest.raises(ValueError):
        fit_logistic(x, targets * 2.0)


def _synthetic(cluster_id: str, seed: int, n: int = 500) -> ConceptExamples:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, len(FEATURES)))
    labels = 1.0 / (1.0 + np.exp(-(x[:, 3] - 1.0)))
    return ConceptExamples(cluster_id, x, labels, rng.integers(1, 10, size=n))


def test_cross_validated_models_never_see_their_topic_and_render_a_loadable_module() -> None:
    examples = [_synthetic(c, s) for s, c in enumerate(["D0601A", "D0602B", "D0703A", "D0703A-A"])]
    models = cross_validated_concept_models(examples, folds=2)
    assert set(models) == {"D0601A", "D0602B", "D0703A"}
    assert models["D0601A"] == models["D0703A"] != models["D0602B"]
    model = fit_concept_model(examples)
    assert model.weights[3] > 0.5
    source = render_concept_weights(model, ["test provenance"])
    namespace: dict[str, object] = {}
    exec(compile(source, "concept_weights", "exec"), namespace)
    loaded = ConceptModel(namespace["WEIGHTS"], namespace["BIAS"], namespace["MEAN"], namespace["SCALE"])  # type: ignore[arg-type]
    x = examples[0].features
    np.testing.assert_allclose(loaded.probability(x), model.probability(x), rtol=1e-4)


def test_the_shipped_module_records_what_it_was_fitted_on() -> None:
    from summarizer.method import concept_weights

    source = Path(concept_weights.__file__).read_text(encoding="utf-8")
    assert len(re.findall(r"sha256 [0-9a-f]{16}", source)) >= 1
    assert "AUC" in source


def test_examples_of_a_real_cluster_label_every_concept(harbor_bridge: list[Article], fake_embedder) -> None:
    references = [" ".join(a.text.split()[:80]) for a in harbor_bridge[:2]]
    examples = cluster_concept_examples("D0601A", harbor_bridge, references, fake_embedder)
    assert examples.features.shape == (len(examples.labels), len(FEATURES))
    assert len(examples.labels) > 0 and np.all((examples.labels >= 0) & (examples.labels <= 1))
    # The references are the articles' own openings: some concepts are in both of them.
    assert examples.labels.max() == 1.0
    assert np.all(examples.articles >= 1)
