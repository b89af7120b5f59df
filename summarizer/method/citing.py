"""The chosen claims as a reader gets them: in reading order, each sentence cited, sources numbered.

Pure functions over the cluster's records and the selection's candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from ..documents import Article, Citation, Corroboration, Dispute, Sentence, Source, SummarySentence
from .corroboration import ClaimEvidence
from .grouping import Candidate

__all__ = ["MARKERS_IN_TEXT", "cite", "reading_order", "render"]


def reading_order(
    chosen: list[Candidate], sentences: Sequence[Sentence], articles: Sequence[Article], order: str
) -> list[Candidate]:
    """``chosen`` as ``Options.order`` asks: as selected, by article and place, or by publication time."""
    if order == "relevance":
        return chosen

    def position(c: Candidate) -> tuple[int, int]:
        s = sentences[c.members[0]]
        return s.article_index, s.index

    if order == "source":
        return sorted(chosen, key=position)

    def when(c: Candidate) -> tuple[int, datetime, int, int]:
        published = articles[sentences[c.members[0]].article_index].published_at
        if published is None:
            # Undated articles go last, in source order, rather than being guessed at.
            return (1, datetime.min.replace(tzinfo=UTC), *position(c))
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        return (0, published, *position(c))

    return sorted(chosen, key=when)


def cite(
    chosen: Sequence[Candidate],
    evidence: Sequence[ClaimEvidence],
    sentences: Sequence[Sentence],
    articles: Sequence[Article],
) -> tuple[list[SummarySentence], list[Source]]:
    """Citations, corroborations and source markers numbered by first appearance."""
    markers: dict[int, int] = {}

    def marker(article_index: int) -> int:
        return markers.setdefault(article_index, len(markers) + 1)

    result: list[SummarySentence] = []
    for candidate, found in zip(chosen, evidence, strict=True):
        lead = sentences[candidate.members[0]]
        corroborating = [(sentences[f.sentence], f) for f in found.also_in]
        disputing = [(sentences[f.sentence], f) for f in found.disputed_by]
        # Numbered in this order: the cited article, those that state the claim, those that dispute it.
        stating = tuple(marker(a) for a in [lead.article_index] + [s.article_index for s, _ in corroborating])
        disputes = tuple(
            Dispute(
                article_id=articles[s.article_index].id,
                sentence_index=s.index,
                start=s.start,
                end=s.end,
                probability=f.probability,
                this_figures=tuple(q.text for q in f.figures[0]),
                other_figures=tuple(q.text for q in f.figures[1]),
                marker=marker(s.article_index),
            )
            for s, f in disputing
        )
        result.append(
            SummarySentence(
                text=lead.text,
                score=candidate.relevance,
                citation=Citation(articles[lead.article_index].id, lead.index, lead.start, lead.end),
                also_in=tuple(
                    Corroboration(
                        article_id=articles[s.article_index].id,
                        sentence_index=s.index,
                        start=s.start,
                        end=s.end,
                        similarity=min(1.0, f.cosine),
                        probability=f.probability,
                    )
                    for s, f in corroborating
                ),
                markers=stating,
                disputed_by=disputes,
            )
        )
    sources = [
        Source(
            marker=number,
            article_id=articles[a].id,
            title=articles[a].title,
            url=articles[a].url,
            source=articles[a].source,
            published_at=_isoformat(articles[a].published_at),
        )
        for a, number in markers.items()
    ]
    return result, sources


def _isoformat(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat()


# The plain text names at most this many sources after a sentence, then how many more:
# a big story's claim may be carried by hundreds of outlets, and a run of hundreds of
# markers buries the text. ``sentences[].markers`` keeps every one.
MARKERS_IN_TEXT = 5


def render(sentences: Sequence[SummarySentence], disputes: bool = False) -> str:
    """The summary as text: each sentence, then its markers ("[1][2]"; past five, "[+N]" for the rest).

    disputes: also name, after the markers, the sources that give another figure
    ("(disputed by [3])"): for a reader of the text; the API's ``summary`` leaves them
    to ``sentences[].disputed_by``, so that the text stays the sentences and their sources.
    """
    return " ".join(s.text + " " + _marker_text(s.markers) + (_dispute_text(s) if disputes else "") for s in sentences)


def _dispute_text(sentence: SummarySentence) -> str:
    if not sentence.disputed_by:
        return ""
    return " (disputed by " + _marker_text(sorted({d.marker for d in sentence.disputed_by})) + ")"


def _marker_text(markers: Sequence[int]) -> str:
    shown = "".join(f"[{m}]" for m in markers[:MARKERS_IN_TEXT])
    more = len(markers) - MARKERS_IN_TEXT
    return shown + (f"[+{more}]" if more > 0 else "")
