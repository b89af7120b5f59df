"""Which sentences are quoted words with no speaker: a quotation cut loose by the splitter.

The splitter cuts at every sentence end, inside quotations too, so a quotation of two
sentences becomes two pieces. ``Peskov said, “The signals are positive… At least he’s
talking about peace.”`` gives ``At least he’s talking about peace.”``: someone's words,
and nothing in the sentence says whose. Shown alone in a summary such a piece reads as
the outlet's own claim, which is the opposite of what a cited summary promises. The
same holds for a sentence that is a whole quotation with its speaker in the sentence
before (``The minister spoke after the vote. “We will not back down.”``).

So a sentence whose every word stands inside quotation marks (opened in it, or still
open from an earlier sentence of the same paragraph) is marked; a sentence with any
word outside them (``We will not back down," he said.``) names or points to its speaker
and is kept.

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

__all__ = ["unattributed_quotations"]

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
