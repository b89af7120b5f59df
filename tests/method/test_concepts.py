"""Bigram concepts weighted by the number of articles that contain them (Gillick & Favre 2009)."""

from __future__ import annotations

import numpy as np
import pytest

from summarizer.method.concepts import ConceptRule, concept_grams, extract_concepts
from summarizer.method.lexical import content_words, surface_words


def _tokens(*texts: str) -> list[tuple[str, ...]]:
    return [content_words(t) for t in texts]


def test_a_bigram_needs_enough_articles_and_weighs_their_number() -> None:
    tokens = _tokens(
        "The central bank raised interest rates.",  # article 0
        "Interest rates rose after the central bank met.",  # article 1
        "The central bank said little else.",  # article 2
        "Interest rates matter to savers.",  # article 2
    )
    concepts = extract_concepts(tokens, [0, 1, 2, 2], ConceptRule(min_articles=2, min_article_share=0.0))
    scores = concepts.sentence_scores()
    # "central bank" is in 3 articles, "interest rate" in 3; everything else in one.
    assert sorted(concepts.weights.tolist()) == [3.0, 3.0]
    np.testing.assert_array_equal(scores, [6.0, 6.0, 3.0, 3.0])


def test_repeats_within_one_article_do_not_count() -> None:
    tokens = _tokens("Oil prices fell sharply.", "Oil prices fell again.", "Gold rose.")
    concepts = extract_concepts(tokens, [0, 0, 1], ConceptRule(min_articles=2, min_article_share=0.0))
    assert concepts.incidence.shape == (3, 0)
    np.testing.assert_array_equal(concepts.sentence_scores(), [0.0, 0.0, 0.0])


def test_a_sentence_counts_each_concept_once() -> None:
    tokens = _tokens("Oil prices, oil prices, oil prices everywhere.", "Oil prices rose.")
    concepts = extract_concepts(tokens, [0, 1], ConceptRule(min_articles=2, min_article_share=0.0))
    np.testing.assert_array_equal(concepts.sentence_scores(), [2.0, 2.0])


def test_threshold_scales_with_the_cluster() -> None:
    rule = ConceptRule(min_articles=2, min_article_share=0.2)
    assert rule.threshold(5) == 2
    assert rule.threshold(25) == 5


def test_unigrams_are_added_with_their_own_weight() -> None:
    tokens = _tokens("Storm hits coast.", "Storm damage grows.")
    concepts = extract_concepts(tokens, [0, 1], ConceptRule(min_articles=2, min_article_share=0.0, unigram_weight=0.25))
    np.testing.assert_allclose(concepts.weights, [0.5])  # "storm": 2 articles x 0.25
    np.testing.assert_allclose(concepts.sentence_scores(), [0.5, 0.5])


def test_column_order_is_deterministic() -> None:
    tokens = _tokens("Alpha beta gamma delta.", "Gamma delta alpha beta.")
    first = extract_concepts(tokens, [0, 1], ConceptRule(min_articles=2, min_article_share=0.0))
    second = extract_concepts(list(reversed(tokens)), [1, 0], ConceptRule(min_articles=2, min_article_share=0.0))
    np.testing.assert_array_equal(first.incidence, second.incidence[::-1])


def test_surface_bigrams_span_stop_words_but_never_pair_two() -> None:
    grams = concept_grams(surface_words("The president of the senate resigned"), unigrams=True)
    assert grams == {
        ("_the", "president"),
        ("president", "_of"),
        ("_the", "senat"),
        ("senat", "resign"),
        ("president",),
        ("senat",),
        ("resign",),
    }  # not ("_of", "_the"), nor a stop word alone
    # Over content words the same sentence gives the bigrams of adjacent content words.
    assert concept_grams(content_words("The president of the senate resigned"), unigrams=False) == {
        ("president", "senat"),
        ("senat", "resign"),
    }


def test_surface_concepts_tell_apart_what_content_words_merge() -> None:
    # "bank of America" and "bank in America": one content-word bigram, two surface ones.
    texts = ("Shares of the bank of America fell.", "The bank in America fell.", "A bank of America loss.")
    content = extract_concepts(_tokens(*texts), [0, 1, 2], ConceptRule(min_articles=2, min_article_share=0.0))
    surface = extract_concepts(
        [surface_words(t) for t in texts], [0, 1, 2], ConceptRule(min_articles=2, min_article_share=0.0)
    )
    assert dict(zip(content.grams, content.weights.tolist(), strict=True))[("bank", "america")] == 3.0
    weights = dict(zip(surface.grams, surface.weights.tolist(), strict=True))
    assert weights[("bank", "_of")] == 2.0 and weights[("_of", "america")] == 2.0
    assert ("bank", "_in") not in weights  # in one article only


def test_mismatched_inputs_are_rejected() -> None:
    with pytest.raises(ValueError, match="article indices"):
        extract_concepts([("a", "b")], [0, 1], ConceptRule())


@pytest.mark.parametrize("kwargs", [{"min_articles": 0}, {"min_article_share": 1.5}, {"unigram_weight": -1.0}])
def test_rule_is_validated(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        ConceptRule(**kwargs)  # type: ignore[arg-type]
