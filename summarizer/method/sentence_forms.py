"""Which sentences are, by their form, not a claim of the story: questions and list items.

A summary states what happened. A question the writer asks ("So, is the Gen-X cohort
too self-involved to care?", "Will the system prove inadequate to save the salmon?")
states nothing; in its article the answer follows, in a summary it hangs. A question
someone is quoted asking (``He asked, “Why now?”``) reports that they asked, and its
closing quotation mark after the question mark keeps it citable; a question with no
speaker at all is already a speakerless quotation (``quotations``).

A numbered item ("3. Get an anti-virus program and use it.", "2. He made similar denials
to the federal grand jury.") belongs to its list: its number points at a heading the
summary does not show, and numbered lists in news copy are how-to boxes, box-office
tables and counts of charges. So does a line of a question-and-answer column ("Q. I
love fragrant plants, but I don't like bees!"). An item opens with a number or a letter
from a to h and a period or parenthesis, or with "Q.", "Q:" or "A:". "A." is not read:
it is also an initial ("A. Smith said"). A bulleted item ("-- The submarine sank during
naval exercises.") is different: wire copy writes timelines and briefs that way, each
item a sentence of its own, so ``cleaning.trim_span`` cuts the bullet and the item is
judged like any sentence.

Both are kept for support, concepts and corroboration, like the other sentences that
cannot stand alone, and are never cited.
"""

from __future__ import annotations

import re

__all__ = ["question_or_list_item"]

# A question mark at the very end, or before closing brackets only; a closing quotation
# mark after it means someone is reported asking.
_QUESTION = re.compile(r"\?[)\]]*\Z")
_LIST_MARKER = re.compile(r"(?:\(?\d{1,2}[.)]|\(?[a-h][.)]|Q[.:]|A:)\s")


def question_or_list_item(text: str) -> bool:
    """Whether the sentence ``text`` is a question the writer asks or an item of a list."""
    return _QUESTION.search(text) is not None or _LIST_MARKER.match(text) is not None
