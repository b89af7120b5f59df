"""Which sentences refer back: their opening leans on something an earlier sentence named.

"He called Gore Wednesday night with his resignation." is a fine sentence in its
article and a riddle in a summary: the reader is not told who. A sentence that opens
with a personal pronoun (``He``, ``She``, ``They``, their possessives and object forms)
or with ``It`` / ``Its`` leans on the sentence before it, so it is not cited on its own.

So does one that opens with a demonstrative or ``Such``, alone or before a noun: "That
panel planned to complete its work tomorrow.", "These armed group members included ...",
"This is Uliassi's second attempt to fly around the world." Before a word of time
("This year", "That night", "This week") the demonstrative points at the article's
date, not at an earlier sentence, and "Those who ..." says who it means; both stand alone.

A connective does not hide the pronoun after it: "But he has refused to meet ...", "So,
she concluded ...", "Now he's returning to his roots" lean back as much as "He has
refused". The connective alone ("But the council refused") leaves a sentence citable: such
sentences read well enough on their own, and leaving them out cost ROUGE
(``docs/quality.md``). First person outside a quotation ("We are entering the plague
years of computer viruses.") is the writer's own voice, whom the summary does not name;
inside one ("``We share their concerns,'' Locke said") the speaker is named.

``It`` often refers to nothing: "It is estimated that 500 people die every day", "It was
the Republican Party that first ...", "It is not clear whether ...". An ``It`` followed
by a form of "be" and, within four words, ``that``, ``to``, ``whether``, ``if`` or a
question word is such an empty subject, and the sentence stands alone.

A counted or paired definite subject leans back the same way: "The two countries were
not certified ...", "Both drugs are expected to take market share ...", "The couple is
scheduled to appear ...", "The latter said ...". The count is the reader's cue that the
members were named before. It stands alone when it names them ("The two leaders, Putin
and Xi, ...", "Both the AIDS virus and hepatitis B use this enzyme") or counts time ("The
two years since ...", "The three-day talks").

So does a part, or the rest, of a set named before ("Four of those swimmers were
banned ...", "Most of them ...", "Two other home-schooled students placed ...", "The
other is the Institute ..."), unless the sentence says whom ("Many of those killed",
"Some of those who ...") or names it in apposition ("The other defendant, Russell
Henderson, ..."); and a sentence that opens by continuing another ("Nor did the study
conclude ...", "Or more precisely, ...").

A short prepositional phrase fronted before the subject hides it no more than a
connective does: "In 1988, he looked to steroids ...", "After the meeting, the two sides
signed ...". Only such a phrase of lower-case words and figures is read past: one that
names someone ("After meeting Putin, he ...") or a fronted clause ("If acupuncture relaxes
the muscles, it ...") may hold the referent itself.

Only the opening is read (the first word after any opening quotation marks or brackets,
or the first after a connective or a fronted phrase): a pronoun later in the sentence
usually has its referent in the same sentence.
"""

from __future__ import annotations

import re

__all__ = ["refers_back"]

# Opening quotation marks or brackets before a sentence's first word.
_LEAD = r"[\"'`“‘(\[]*"
_OPENING = re.compile(_LEAD + r"(?P<word>He|She|They|His|Her|Hers|Their|Him|Them|It|Its)\b")
# A connective that may open a sentence before its subject: what follows it is read as the opening.
_CONNECTIVE = re.compile(
    _LEAD + r"(?:But|And|So|Yet|Still|However|Also|Instead|Meanwhile|Now|Then|Thus|Indeed|Moreover"
    r"|Nevertheless|Nonetheless|Otherwise|Besides|Later|Afterward|Afterwards)\b,?\s+"
)
# A short prepositional phrase fronted before the subject ("In 1988, ", "After the
# meeting, "): what follows its comma is read as the opening, as after a connective. Only
# lower-case words and figures: a phrase that names someone may hold the pronoun's
# referent ("After meeting Putin, he ..."), and so may a fronted clause ("If acupuncture
# relaxes the muscles, it ..."), which is not read past.
_FRONTED = re.compile(
    _LEAD + r"(?:In|On|At|After|Before|During|Within|By|For|Since|Until|Over|Throughout|Late|Early|Later|Earlier)"
    r"(?:\s+[a-z0-9][\w’'-]*){1,5},\s+"
)
# First person, only as the very first word: after an opening quotation mark it is a speaker's.
_FIRST_PERSON = re.compile(r"(?:We|Our|Us|I|My|Me)\b(?!-)")  # "I-95" is a road
# Words of time: after a demonstrative or a count they point at the article's date or a span.
_TIME_WORDS = (
    r"year|years|week|weeks|month|months|morning|afternoon|evening|night|weekend|summer|winter|spring|fall"
    r"|autumn|season|time|day|days|decade|decades|century|centuries|hour|hours|minute|minutes"
)
_DEMONSTRATIVE = re.compile(
    _LEAD
    + r"(?:This|That|These|Those|Such)\b(?!\s+(?:"
    # a word of time after it ("This past week", "These coming days")
    + _TIME_WORDS
    + r"|past|coming"
    # "Those who ...": the clause says who
    r"|who|whose|whom)\b)"
)
# "The two countries", "Both drugs", "The couple": the count or pair points at members named before.
_COUNTED = re.compile(
    _LEAD
    + r"(?:(?:(?:The|These|Those|All)\s+(?:two|three|four|five|six|seven|eight|nine|ten)|Both)(?=\s)(?!\s+(?:"
    + _TIME_WORDS
    + r")\b)|The\s+(?:couple|pair|duo|trio|latter)\b)"
)
# "Four of those swimmers", "Most of them", "Two other students", "The other side": a part
# of, or the rest of, a set named before. "Many of those who ..." and "those killed" say whom.
_PART_OF = re.compile(
    _LEAD + r"(?:(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Some|Many|Most|All|None|Several|Each|Either"
    r"|Neither|Half|Few|\d+)\s+of\s+(?:them\b|(?:these|those)\b(?!\s+(?:who|whom|whose|which|that|\w+ed|\w+ing)\b))"
    r"|(?:The|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\s+other\b)"
)
# "Nor did the study ...", "Or more precisely, ...": a sentence that opens by continuing one.
_CONTINUATION = re.compile(_LEAD + r"(?:Nor|Or)\b")
# Within the subject's first words, a comma before a capital names what it means ("The
# two leaders, Putin and Xi, ...", "The other defendant, Russell Henderson, ...").
_APPOSITION = r"(?:\s+[\w’'.-]+){0,6}?,\s+(?:[\"“]|``)?[A-Z]"
_NAMED_AFTER_COMMA = re.compile(_APPOSITION)
# Members are also named by "and" coordinating them ("Both X and Y") or by a name right
# after "Both" ("Both Biogen, of Cambridge, and Serono ...").
_NAMES_MEMBERS = re.compile(r"(?<=Both)\s+[A-Z]|(?:\s+[\w’'.-]+){0,6}?\s+and\s|" + _APPOSITION)
_EMPTY_IT = re.compile(
    r"\s+(?:is|was|has\s+been|had\s+been|will\s+be|would\s+be|may\s+be|might\s+be|could\s+be|seems|seemed|appears|appeared|remains|remained)"
    r"(?:\s+[\w’'-]+){0,4}?\s+(?:that|to|whether|if|when|how|why|what|who)\b"
)


def refers_back(text: str) -> bool:
    """True when ``text`` opens with a pronoun, demonstrative, count or continuation that refers outside it."""
    if _FIRST_PERSON.match(text) or _CONTINUATION.match(text):
        return True
    for lead_in in (_CONNECTIVE, _FRONTED):
        phrase = lead_in.match(text)
        if phrase is not None:
            rest = text[phrase.end() :]
            if _opening_refers_back(rest[:1].upper() + rest[1:]):
                return True
    return _opening_refers_back(text)


def _opening_refers_back(text: str) -> bool:
    """Whether the subject (after opening marks) is a pronoun, demonstrative, count or part pointing outside."""
    part = _PART_OF.match(text)
    if part is not None:  # a part named in apposition ("The other defendant, Russell Henderson, ...")
        return _NAMED_AFTER_COMMA.match(text, part.end()) is None
    counted = _COUNTED.match(text)
    if counted is not None:
        return _NAMES_MEMBERS.match(text, counted.end()) is None
    opening = _OPENING.match(text)
    if opening is None:
        return _DEMONSTRATIVE.match(text) is not None
    if opening.group("word") == "It":
        return _EMPTY_IT.match(text, opening.end()) is None
    return True
