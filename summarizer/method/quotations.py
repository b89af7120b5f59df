"""Quotations the splitter cut, made whole again; and sentences of quoted words with no speaker.

The splitter cuts at every sentence end, inside quotations too, so a quotation of two
sentences becomes two pieces. ``Peskov said, “The signals are positive… At least he’s
talking about peace.”`` gives ``At least he’s talking about peace.”``: someone's words,
and nothing in the sentence says whose, while the first piece ends on an open quotation.
``join_quotations`` joins the pieces of a quotation that closes within its paragraph
into one sentence, so a summary quotes it whole and attributed.

A piece left alone (the quotation is too long to be a summary sentence, or never closed)
and a sentence that is a whole quotation with its speaker in the sentence before
(``The minister spoke after the vote. “We will not back down.”``) are still someone's
words without a speaker: shown alone in a summary they read as the outlet's own claim,
which is the opposite of what a cited summary promises. So ``unattributed_quotations``
marks a sentence whose every word stands inside quotation marks (opened in it, or still
open from an earlier sentence of the same paragraph); a sentence with any word outside
them (``We will not back down," he said.``) names or points to its speaker and is kept.

Quotation marks are read as news copy writes them: ``“ ”`` and ``« »`` pair up, and so
do the ASCII transcriptions of wire copy, two backticks opening and two apostrophes
closing. A straight double quote opens when it stands before a word and closes after
one (a toggle when it is neither). Single quotes are not read: ``’`` is also the
apostrophe. A quotation runs from one sentence to the next until a mark closes it or
its paragraph ends (news copy that runs a quote over paragraphs opens each of them
again). Where a source forgets the closing mark (“The indicators are favorable. At
least he is pushing peace instead of hostility. This remark reflects ...”) the rest of
the paragraph reads as quoted: where the quote ends cannot be told, and leaving an
outlet's own sentence uncited costs less than showing someone's words as the outlet's.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from .splitting import SentenceSpan

__all__ = ["join_quotations", "unattributed_quotations"]

_OPENS = frozenset({"“", "«", "``"})
_CLOSES = frozenset({"”", "»", "''"})
_MARK = re.compile(r"``|''|[“”«»\"]")
_WORD = re.compile(r"[^\W_]")


def unattributed_quotations(text: str, spans: Sequence[SentenceSpan]) -> list[bool]:
    """Per span of ``text`` (the splitter's, in text order): is it only quoted words?"""
    marked: list[bool] = []
    for _, group in itertools.groupby(spans, key=lambda s: s.paragraph):
        paragraph = list(group)
        if _MARK.search(text, paragraph[0].start, paragraph[-1].end) is None:
            marked.extend([False] * len(paragraph))  # most paragraphs quote nobody
            continue
        inside = False
        for span in paragraph:
            quoted = outside = False
            at = span.start
            for mark in _MARK.finditer(text, span.start, span.end):
                if _WORD.search(text, at, mark.start()):
                    quoted, outside = quoted or inside, outside or not inside
                inside, at = _inside_after(text, mark.start(), mark.group(), inside), mark.end()
            if _WORD.search(text, at, span.end):
                quoted, outside = quoted or inside, outside or not inside
            marked.append(quoted and not outside)
    return marked


def join_quotations(text: str, spans: Sequence[SentenceSpan], max_words: int) -> list[SentenceSpan]:
    """The splitter's spans with each quotation cut at a sentence end made whole again.

    A run of sentences is joined when a quotation opens in its first sentence and closes
    in its last, within one paragraph, and the whole has at most ``max_words``
    whitespace-separated words (a longer one could not be a summary sentence; its pieces
    can, and ``unattributed_quotations`` keeps the speakerless ones uncited). A quotation
    still open at the paragraph's end is left in pieces (the source forgot the closing
    mark, or the quote runs on in the next paragraph): where it ends cannot be told. So
    is one that another quotation opens inside: news copy nests quotes in single marks,
    so a second opening mark means the first was never closed.
    """
    joined: list[SentenceSpan] = []
    for _, group in itertools.groupby(spans, key=lambda s: s.paragraph):
        paragraph = list(group)
        if _MARK.search(text, paragraph[0].start, paragraph[-1].end) is None:
            joined.extend(paragraph)
            continue
        inside = False
        first = 0  # the first sentence of the run that may be joined
        for i, span in enumerate(paragraph):
            for mark in _MARK.finditer(text, span.start, span.end):
                now_inside = _inside_after(text, mark.start(), mark.group(), inside)
                if now_inside and inside and first < i:
                    joined.extend(paragraph[first:i])  # a mark opening inside: the run's quote never closed
                    first = i
                inside = now_inside
            if not inside:
                run = SentenceSpan(paragraph[first].start, span.end, span.paragraph)
                if first == i or len(text[run.start : run.end].split()) <= max_words:
                    joined.append(run)
                else:
                    joined.extend(paragraph[first : i + 1])
                first = i + 1
        joined.extend(paragraph[first:])
    return joined


def _inside_after(text: str, at: int, mark: str, inside: bool) -> bool:
    """Whether the text after the quotation mark ``mark`` at ``at`` stands inside a quotation."""
    if mark in _OPENS:
        return True
    if mark in _CLOSES:
        return False
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    if (before.isspace() or before in "([{—–-") and not after.isspace():
        return True
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-"):
        return False
    return not inside
