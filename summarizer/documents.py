"""Records that flow through the summarizer: articles and options in, a cited summary out.

All records are frozen and slotted. A sentence's identity is ``(article_id, index)``,
never its text: wire copy repeats sentences verbatim across articles, and each
repetition is a separate piece of evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

__all__ = [
    "ORDERS",
    "Article",
    "Citation",
    "Corroboration",
    "Dispute",
    "Options",
    "Sentence",
    "Source",
    "Summary",
    "SummarySentence",
]

Order = Literal["relevance", "source", "chronological"]
ORDERS: tuple[Order, ...] = ("relevance", "source", "chronological")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article. ``text`` is kept exactly as received: citations index into it."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Options:
    """What the caller wants from one summary.

    Budgets combine: the tightest of ``max_sentences``, ``max_words`` (whitespace
    separated tokens of the returned sentences) and ``max_chars`` (characters of the
    returned sentences joined by single spaces) wins. When none is given,
    ``DEFAULT_MAX_WORDS`` applies.

    ``diversity`` is 1 - lambda of Carbonell & Goldstein (1998), how much novelty matters:
    the default exact selection takes no two sentences more redundant than 1 - diversity
    (0.1: near-copies apart; 1: no two that share anything), on top of counting each
    concept once; the greedy MMR selector (``PipelineSettings(selector="mmr")``) weighs it
    against relevance, 0 ranking by relevance alone and 1 by novelty alone.

    ``corroboration_threshold`` is the probability, in (0, 1), from which another
    article's sentence counts as stating a summary sentence's claim (``also_in``); None
    takes the shipped model's calibrated point (where cross-validated precision reached
    0.9). Lower finds more outlets and more wrong ones.

    ``dispute_threshold`` is the probability, in (0, 1), from which another article's
    sentence with conflicting figures counts as disputing a summary sentence's claim
    (``disputed_by``); None takes the dispute model's calibrated point (where
    cross-validated precision reached 0.9, which finds few disputes). Lower flags more
    disputes and more wrong ones.
    """

    max_sentences: int | None = None
    max_words: int | None = None
    max_chars: int | None = None
    diversity: float = 0.1
    query: str | None = None
    order: Order = "relevance"
    corroboration_threshold: float | None = None
    dispute_threshold: float | None = None

    DEFAULT_MAX_WORDS = 100

    @property
    def effective_max_words(self) -> int | None:
        """The word budget, with the default filled in when no budget was given at all."""
        if self.max_sentences is None and self.max_words is None and self.max_chars is None:
            return self.DEFAULT_MAX_WORDS
        return self.max_words

    def to_dict(self) -> dict[str, Any]:
        return {
            "max_sentences": self.max_sentences,
            "max_words": self.effective_max_words,
            "max_chars": self.max_chars,
            "diversity": self.diversity,
            "query": self.query,
            "order": self.order,
            "corroboration_threshold": self.corroboration_threshold,
            "dispute_threshold": self.dispute_threshold,
        }


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of one article: ``text == article.text[start:end]``.

    ``index`` counts every sentence the splitter found in the article, kept or not,
    so it stays stable whatever the filters decide. ``quoted``: the sentence is
    quoted words with no speaker in it; ``refers_back``: it opens, perhaps after a
    connective, with a pronoun or demonstrative whose referent is in an earlier sentence
    ("He resigned on Monday.", "But that panel met.") or with a counted subject ("The
    two countries ..."), or in the writer's first person;
    ``question_or_list_item``: it asks a question or is an item of a list ("3. Get an
    anti-virus program."). Each may support or corroborate a claim but is never cited as
    a summary sentence.
    """

    article_index: int
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0
    quoted: bool = False
    refers_back: bool = False
    question_or_list_item: bool = False

    @property
    def word_count(self) -> int:
        return len(self.text.split())


def _span(sentence: Citation | Corroboration | Dispute) -> dict[str, Any]:
    """The keys that say where a sentence stands: its article, its index there, its span."""
    return {
        "article_id": sentence.article_id,
        "sentence_index": sentence.sentence_index,
        "start": sentence.start,
        "end": sentence.end,
    }


@dataclass(frozen=True, slots=True)
class Citation:
    article_id: str
    sentence_index: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return _span(self)


@dataclass(frozen=True, slots=True)
class Corroboration:
    """Another article's sentence that states the same claim as a cited one.

    similarity: the two sentences' embedding cosine; probability: the corroboration
    model's calibrated probability that the other sentence states the claim.
    """

    article_id: str
    sentence_index: int
    start: int
    end: int
    similarity: float
    probability: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            **_span(self),
            "similarity": round(self.similarity, 4),
            "probability": round(self.probability, 4),
        }


@dataclass(frozen=True, slots=True)
class Dispute:
    """Another article's sentence that reports a cited sentence's claim with a different figure.

    probability: the dispute model's probability that the two make one claim apart from
    the figures; this_figures / other_figures: the figures that differ, as written in
    the cited sentence and in the other; marker: the other article's source marker.
    """

    article_id: str
    sentence_index: int
    start: int
    end: int
    probability: float
    this_figures: tuple[str, ...]
    other_figures: tuple[str, ...]
    marker: int

    def to_dict(self) -> dict[str, Any]:
        return {
            **_span(self),
            "probability": round(self.probability, 4),
            "figures": {"this": list(self.this_figures), "other": list(self.other_figures)},
            "marker": self.marker,
        }


@dataclass(frozen=True, slots=True)
class SummarySentence:
    text: str
    score: float
    citation: Citation
    also_in: tuple[Corroboration, ...] = ()
    markers: tuple[int, ...] = ()
    disputed_by: tuple[Dispute, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "score": round(self.score, 4),
            "citation": self.citation.to_dict(),
            "also_in": [c.to_dict() for c in self.also_in],
            "disputed_by": [d.to_dict() for d in self.disputed_by],
            "markers": list(self.markers),
        }


@dataclass(frozen=True, slots=True)
class Source:
    marker: int
    article_id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "marker": self.marker,
            "article_id": self.article_id,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "published_at": self.published_at,
        }


@dataclass(frozen=True, slots=True)
class Summary:
    summary: str
    sentences: tuple[SummarySentence, ...]
    sources: tuple[Source, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "sentences": [s.to_dict() for s in self.sentences],
            "sources": [s.to_dict() for s in self.sources],
            "meta": self.meta,
        }
