"""Which sentences are quoted words with no speaker: a quotation cut loose by the splitter.

The splitter cuts at every sentence end, inside quotations too, so a quotation of two
sentences becomes two pieces. ``Peskov said, “The signals are positive… At least he’s
talking about peace.”`` gives ``At least he’s talking about peace.”``: someone's words,
and nothing in the sentence says whose. Shown alone in a summary such a piece reads as
the outlet's own claim, which is the opposite of what a cited summary promises. The
same holds for a sentence that is a whole quotation with its speaker in the sentence
before (``He added: “We will not back down.”``).

So a sentence whose every word stands inside quotation marks (opened in it, or still
open from an earlier sentence of the same paragraph) is marked; a sentence with any
word outside them (``We will not back down," he said.``) names or points to its speaker
and is kept.

Quotation marks are read as news copy writes them: ``“ ”`` and ``« »`` pair up, and so
do the ASCII transcriptions of wire copy, two backticks opening and two apostrophes
closing. A straight double quote opens when it stands before a word and closes after
one (a toggle when it is neither). Single quotes are not read: ``’`` is also the
apostrophe. A quotation is carried from one sentence to the next only when it is
closed later in its paragraph, or when the next paragraph reopens it (news copy runs a
quote over paragraphs by opening each of them again); one that another quotation
interrupts, or that no mark ends, is taken to end with its sentence: a stray or
forgotten mark then cannot turn the outlet's own sentences into quotations.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from .splitting import SentenceSpan

__all__ = ["unattributed_quotations"]

_OPENS = frozenset({"“", "«", "``"})
_CLOSES = frozenset({"”", "»", "''"})
_MARK = re.compile(r"``|''|[“”«»\"]")
_WORD = re.compile(r"[^\W_]")


def unattributed_quotations(text: str, spans: Sequence[SentenceSpan]) -> list[bool]:
    """Per span of ``text`` (the splitter's, in text order): is it only quoted words?"""
    marked: list[bool] = []
    paragraphs = [list(group) for _, group in itertools.groupby(spans, key=lambda s: s.paragraph)]
    for k, paragraph in enumerate(paragraphs):
        if _MARK.search(text, paragraph[0].start, paragraph[-1].end) is None:
            marked.extend([False] * len(paragraph))  # most paragraphs quote nobody
            continue
        following = paragraphs[k + 1][0].start if k + 1 < len(paragraphs) else None
        unclosed = _unclosed_openings(text, paragraph[0].start, paragraph[-1].end, following)
        inside, opened = False, -1
        for span in paragraph:
            if inside and opened in unclosed:
                inside = False  # a quotation never closed is taken to end with its sentence
            quoted = outside = False
            at = span.start
            for mark in _MARK.finditer(text, span.start, span.end):
                if _WORD.search(text, at, mark.start()):
                    quoted, outside = (True, outside) if inside else (quoted, True)
                now = _inside_after(text, mark.start(), mark.group(), inside)
                if now:
                    opened = mark.start()
                inside, at = now, mark.end()
            if _WORD.search(text, at, span.end):
                quoted, outside = (True, outside) if inside else (quoted, True)
            marked.append(quoted and not outside)
    return marked


def _unclosed_openings(text: str, start: int, end: int, following: int | None) -> set[int]:
    """Where the quotations of ``text[start:end]`` (a paragraph) open that are never closed.

    A quotation is unclosed when another opens before it closes (the source forgot the
    closing mark: "Peskov stated, “The indicators are favorable. ... This remark
    reflects ..." reads on as the outlet's prose) or when the paragraph ends inside it
    and the next paragraph (starting at ``following``) does not reopen it.
    """
    unclosed: set[int] = set()
    inside, opened = False, -1
    for mark in _MARK.finditer(text, start, end):
        now = _inside_after(text, mark.start(), mark.group(), inside)
        if now and inside:
            unclosed.add(opened)
        if now:
            opened = mark.start()
        inside = now
    if inside:
        reopening = _MARK.match(text, following) if following is not None else None
        if reopening is None or reopening.group() in _CLOSES:
            unclosed.add(opened)
    return unclosed


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
