"""ROUGE against human reference summaries, and the lead baseline to compare with.

ROUGE is Lin (2004), "ROUGE: A Package for Automatic Evaluation of Summaries",
as implemented by Google's ``rouge-score`` package with Porter stemming. The
convention follows the DUC evaluations: each system summary is cut to the word
budget, scored against every reference separately, the per-reference recall
and F1 are averaged per cluster, then over clusters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..documents import Article
from ..method.cleaning import LengthBounds
from ..method.pipeline import extract_sentences

__all__ = ["METRICS", "RougeScores", "lead_summary", "mean_scores", "score_summary", "truncate_words"]

METRICS = ("rouge1", "rouge2", "rougeL")


@dataclass(frozen=True, slots=True)
class RougeScores:
    """Recall and F1 for ROUGE-1, ROUGE-2 and ROUGE-L, as fractions in [0, 1]."""

    rouge1_recall: float
    rouge1_f1: float
    rouge2_recall: float
    rouge2_f1: float
    rougeL_recall: float
    rougeL_f1: float

    def to_dict(self) -> dict[str, float]:
        return {name: round(getattr(self, name), 5) for name in self.__slots__}


def truncate_words(text: str, max_words: int) -> str:
    """The first ``max_words`` whitespace-separated words of ``text``."""
    return " ".join(text.split()[:max_words])


def score_summary(summary: str, references: Sequence[str], max_words: int) -> RougeScores:
    """ROUGE of one summary, cut to ``max_words``, averaged over the references."""
    if not references:
        raise ValueError("at least one reference summary is needed")
    scorer = _scorer()
    candidate = truncate_words(summary, max_words)
    totals = dict.fromkeys(RougeScores.__slots__, 0.0)
    for reference in references:
        scores = scorer.score(reference, candidate)
        for metric in METRICS:
            totals[f"{metric}_recall"] += scores[metric].recall
            totals[f"{metric}_f1"] += scores[metric].fmeasure
    return RougeScores(**{name: value / len(references) for name, value in totals.items()})


def mean_scores(scores: Iterable[RougeScores]) -> RougeScores:
    items = list(scores)
    if not items:
        raise ValueError("no scores to average")
    return RougeScores(**{name: sum(getattr(s, name) for s in items) / len(items) for name in RougeScores.__slots__})


def lead_summary(articles: Sequence[Article], max_words: int, bounds: LengthBounds | None = None) -> str:
    """The lead baseline: first sentences of the articles, round robin, until the budget is full.

    It reads the same cleaned sentences as the summarizer, so the comparison is
    about choosing sentences, not about cleaning.
    """
    _, sentences = extract_sentences(articles, bounds or LengthBounds())
    by_article: list[list[str]] = [[] for _ in articles]
    for s in sentences:
        by_article[s.article_index].append(s.text)
    picked: list[str] = []
    words = 0
    depth = 0
    while words < max_words and any(depth < len(texts) for texts in by_article):
        for texts in by_article:
            if depth < len(texts) and words < max_words:
                picked.append(texts[depth])
                words += len(texts[depth].split())
        depth += 1
    return " ".join(picked)


@lru_cache(maxsize=1)
def _scorer() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
