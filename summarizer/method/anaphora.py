"""Which sentences open with a pronoun whose referent is in an earlier sentence.

"He called Gore Wednesday night with his resignation." is a fine sentence in its
article and a riddle in a summary: the reader is not told who. A sentence that opens
with a personal pronoun (``He``, ``She``, ``They``, their possessives and object forms)
or with ``It`` / ``Its`` leans on the sentence before it, so it is not cited on its own.

``It`` often refers to nothing: "It is estimated that 500 people die every day", "It was
the Republican Party that first ...", "It is not clear whether ...". An ``It`` followed
by a form of "be" and, within four words, ``that``, ``to``, ``whether``, ``if`` or a
question word is such an empty subject, and the sentence stands alone.

Only the first word is read (after any opening quotation marks or brackets): a pronoun
later in the sentence usually has its referent in the same sentence.
"""

from __future__ import annotations

import re

__all__ = ["opens_with_pronoun"]

_OPENING = re.compile(r"[\"'`“‘(\[]*(?P<word>He|She|They|His|Her|Hers|Their|Him|Them|It|Its)\b")
_EMPTY_IT = re.compile(
    r"\s+(?:is|was|has\s+been|had\s+been|will\s+be|would\s+be|may\s+be|might\s+be|could\s+be|seems|seemed|appears|appeared|remains|remained)"
    r"(?:\s+[\w’'-]+){0,4}?\s+(?:that|to|whether|if|when|how|why|what|who)\b"
)


def opens_with_pronoun(text: str) -> bool:
    """True when ``text`` opens with a pronoun that refers to something outside it."""
    opening = _OPENING.match(text)
    if opening is None:
        return False
    if opening.group("word") == "It":
        return _EMPTY_IT.match(text, opening.end()) is None
    return True
