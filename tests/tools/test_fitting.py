"""The fitting command: labels as ROUGE-2 matches, folds by topic, a ridge that recovers a known model, weights that load."""

from __future__ import annotations

import numpy as np
import pytest

from summarizer.method.scoring import FEATURES, LinearScorer
from summarizer.tools.comparison import bootstrap_interval
from summarizer.tools.fitting import Examples, fit_scorer, render_weights, sentence_labels, topic, topic_folds


def test_labels_count_clipped_reference_bigrams_over_sqrt_tokens() -> None:
    references = ["the cat sat on the mat", "a cat sat"]
    labels = sentence_labels(["the cat sat", "dogs bark loudly today", "cat sat cat sat"], references)
    # "the cat sat": 2 bigrams in the first reference, 1 ("cat sat") in the second; 3 tokens.
    assert labels[0] == pytest.approx(1.5 / np.sqrt(3))
    assert labels[1] == 0.0
    # "cat sat" twice, but each reference has it once: clipped to 1.
    assert labels[2] == pytest.approx(1.0 / np.sqrt(4))
    with pytest.raises(ValueError):
        sentence_labels(["x"], [])


def test_topics_and_folds() -> None:
    assert topic("D0703A-B") == "D0703A" and topic("D0601A") == "D0601A"
    folds = topic_folds(["D0703A-A", "D0703A-B", "D0703A", "D0601A", "D0602B"], 2)
    assert set(folds) == {"D0601A", "D0602B", "D0703A"}
    assert folds == {"D0601A": 0, "D0602B": 1, "D0703A": 0}
    with pytest.raises(ValueError):
        topic_folds(["D0601A"], 1)


def _synthetic(seed: int, n: int = 400, d: int = 6) -> Examples:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, len(FEATURES)))
    v = rng.normal(size=(n, d)).astype(np.float32)
    y = 0.5 + 2.0 * x[:, 0] - 1.0 * x[:, 3] + v @ np.linspace(-1, 1, d)
    return Examples(f"D06{seed:02d}A", x, v, y)


def test_ridge_recovers_a_linear_model_and_renders_a_loadable_module() -> None:
    examples = [_synthetic(s) for s in range(3)]
    scorer = fit_scorer(examples, alpha=1e-6)
    e = _synthetic(9)
    np.testing.assert_allclose(scorer.score(e.features, e.vectors), e.labels, atol=1e-3)
    source = render_weights(scorer, ["test"])
    namespace: dict[str, object] = {}
    exec(
        compile(source.replace("from .scoring import", "from summarizer.method.scoring import"), "w", "exec"), namespace
    )
    loaded = namespace["GENERIC"]
    assert isinstance(loaded, LinearScorer)
    np.testing.assert_allclose(loaded.score(e.features, e.vectors), scorer.score(e.features, e.vectors), rtol=1e-4)


def test_bootstrap_interval_brackets_the_mean_and_is_deterministic() -> None:
    differences = [0.5, 1.5, -0.5, 2.0, 1.0, 0.0, 1.0, 0.5]
    low, high = bootstrap_interval(differences)
    assert low < float(np.mean(differences)) < high
    assert (low, high) == bootstrap_interval(differences)
    assert bootstrap_interval([1.0] * 5) == (1.0, 1.0)
    with pytest.raises(ValueError):
        bootstrap_interval([])
