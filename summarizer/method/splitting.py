"""Rule-based sentence splitting for scraped news text.

``split_sentences`` returns :class:`SentenceSpan` offsets into the text exactly as
received; the text itself is never normalised, so citations can index into it.

How a text is split, in order:

1. **Line breaks.** Every line break (``\\n``, ``\\r\\n``, a lone ``\\r`` and the
   other breaks ``str.splitlines`` knows: ``\\v \\f \\x1c-\\x1e \\x85 U+2028 U+2029``)
   ends the current sentence. Scraped news has one paragraph per line (or blank
   lines between paragraphs) and headlines, datelines and bylines sit on their own
   line without final punctuation. Each line holding any non-whitespace starts a
   new paragraph; blank lines only separate, so ``"\\n"`` and ``"\\n\\n"`` are alike.

2. **Candidates.** Inside a line, the text is cut into whitespace-separated tokens.
   Only a token that *ends* in terminal punctuation (``. ! ? … ‽``, any run of
   them) optionally followed by closing quotes/brackets (``" ' ” ’ » › ) ] }``) can
   end a sentence, and the cut goes after the closers. Punctuation followed by
   anything but whitespace never splits, which keeps decimals (``3.14``,
   ``1,000.50``, ``10.30``), versions, ``U.S.-based``, URLs (``www.x.org``) and
   e-mail addresses whole. Em dashes and parentheses are not enders at all.

3. **What comes next.** The first letter or digit of the next token (after any
   opening quotes/brackets) is classed as lower, upper, digit or other. A next
   token starting with more punctuation (``. . .``) or with a pure closer never
   splits.

4. **Decision by the kind of punctuation:**

   * ``!`` / ``?`` (alone or mixed, e.g. ``?!``): split unless the next word is
     lowercase, so ``"Stop!" he said.`` stays one sentence.
   * ellipsis (``…`` or two or more dots): split only before an uppercase word;
     ``"wait... and see"`` stays whole.
   * a single ``.``: the word it ends decides, checked in this order:

     a. next word lowercase: no split (abbreviation we do not know, ``U.S. economy``);
     b. a list marker (``1.``, ``a.``, ``IV.``) opening the line: no split;
     c. a title or other prefix that never ends a sentence (``Mr. Dr. Gen. vs.
        e.g. i.e. v.``): no split;
     d. a number prefix (``No. Art. Fig. Vol. pp.``) before a digit: no split;
        before anything else it is an ordinary word;
     e. an abbreviation that can end a sentence (``Jr. Inc. Co. Ltd. St.``,
        months, weekdays, US state abbreviations, single initials ``W.`` and
        dotted acronyms ``U.S. D.C. a.m. J.R.R. Ph.D.``): split only when the
        next word is a common sentence starter (``He She It The They But In A
        This`` ... see ``SENTENCE_STARTERS``). ``"moved to the U.S. He said"``
        splits; ``"U.S. President Biden"`` and ``"George W. Bush"`` do not.
        A capitalised non-starter (``"in the U.S. Officials said"``) is left
        joined: a missed split costs less than cutting a name in two;
     f. any other word: split.

5. **Trimming.** A sentence spans from its first token to its last, so it never
   starts or ends in whitespace and never crosses a line break.

Quotation marks are not tracked as nesting: straight quotes cannot be told open
from closed and ``’`` is also the apostrophe. Consequently a sentence boundary
inside a quotation splits like any other, e.g. ``Peskov said, “The signals are
positive… At least he’s talking ...”`` gives two sentences, the first ending in
``…``. ``quotations.join_quotations`` reads the marks across a paragraph and joins
such pieces again where the quotation closes, and ``quotations.unattributed_quotations``
marks a quotation with no speaker so that it is never cited alone.

Full-width CJK punctuation (``。！？``) is not handled: those scripts do not put
spaces between sentences, and this splitter only cuts at whitespace.

Runs in linear time: one regex pass for lines, one for tokens, and constant work
per token apart from a backward walk over its trailing punctuation.
"""

# The punctuation tables below are the point of this module, so Unicode quotes and
# dashes are written as themselves rather than as escapes.

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SENTENCE_STARTERS", "SentenceSpan", "split_sentences"]


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """One sentence: ``text[start:end]``, in paragraph ``paragraph`` (0-based)."""

    start: int
    end: int
    paragraph: int


# Exactly the boundaries ``str.splitlines`` uses; "\r\n" needs no special case
# because the empty piece between "\r" and "\n" is never a line here.
_LINE = re.compile("[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
# ``\s`` agrees with ``str.isspace`` on every code point, so spans built from
# tokens satisfy ``span == span.strip()``.
_TOKEN = re.compile(r"\S+")

_TERMINALS = frozenset(".!?…‽")
_EXCLAIMS = frozenset("!?‽")
# Closers that may follow the terminal punctuation and belong to the sentence.
_CLOSERS = frozenset("\"'”’»›)]}")
# Closers that cannot also open something: a next token starting with one of
# these belongs to the previous sentence, so there is no boundary before it.
_PURE_CLOSERS = frozenset("”»›)]}")
# Characters skipped at the front of a token to find its first word character.
_OPENERS = "\"'`“‘„«‹([{¿¡*_"  # "`": wire copy opens quotes with two backticks


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Prefixes: they introduce a name or an example and do not end sentences.
_NEVER_END = _words(
    """
    Mr. Mrs. Ms. Messrs. Mmes. Mme. Mlle. Dr. Drs. Prof. Profs. Gen. Sen. Sens.
    Rep. Reps. Gov. Lt. Col. Sgt. Capt. Cmdr. Cdr. Adm. Maj. Brig. Cpl. Pvt.
    Rev. Hon. Pres. Supt. Insp. Det. Atty. Amb. Sec. Fr. Mt. Ft. Gov't.
    vs. Vs. v. e.g. i.e. E.g. I.e. cf. Cf. viz. approx. ca.
    """
)

# Prefixes of a number ("No. 5", "Fig. 2"); elsewhere they are ordinary words,
# so "The answer was No. He left." still splits.
_NUMBER_PREFIXES = _words("No. Nos. no. Art. Fig. Figs. Vol. Vols. pp. p. Ch. Sect. Op. Para.")

# Abbreviations that often sit mid-sentence but can also end one.
_CAN_END = _words(
    """
    Jr. Sr. Inc. Corp. Co. Cos. Ltd. Bros. Plc. plc. Assn. Dept. Univ. Ave. Blvd.
    Rd. St. Sq. Est. est. Ph.D. Esq.
    Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec.
    Mon. Tue. Tues. Wed. Thu. Thur. Thurs. Fri. Sat. Sun.
    Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Kans. Ky. La.
    Md. Mass. Mich. Minn. Miss. Mo. Mont. Neb. Nev. Okla. Ore. Pa. Penn. Tenn.
    Tex. Vt. Va. Wash. Wis. Wyo.
    """
)

# Words that almost only start a sentence when capitalised after an
# abbreviation. Kept to function words and pronouns: nouns such as "Officials"
# also follow "U.S." inside a sentence ("U.S. Officials Group").
SENTENCE_STARTERS = _words(
    """
    The A An He She It They We I You His Her Its Their Our My Your This That
    These Those There Here But And Or So Yet In On At As By For From With After
    Before When While If Although Though Because Since However Meanwhile Still
    Also Then Now Thus Some Many Most Both All Each Such No Not What Who Why How
    Where Which Today Yesterday Tomorrow Last Next
    """
)

# Single initial ("W.") or a dotted acronym ("U.S.", "J.R.R.", "a.m.", "Ph.D.").
_INITIALS = re.compile(r"[A-Z]\.|(?:[A-Za-z]{1,2}\.){2,}")
# A list marker opening a line: "1.", "a.", "IV.".
_LIST_MARKER = re.compile(r"\d{1,3}\.|[A-Za-z]\.|[IVXivx]{1,5}\.")
# Abbreviations are short; longer words skip the table look-ups and regexes.
_MAX_ABBREVIATION = 12

_LOWER, _UPPER, _DIGIT, _OTHER = range(4)


def split_sentences(text: str) -> list[SentenceSpan]:
    """Spans in text order, non-overlapping, never empty, never starting/ending in whitespace."""
    spans: list[SentenceSpan] = []
    paragraph = -1
    for line in _LINE.finditer(text):
        tokens = [(t.start(), t.end()) for t in _TOKEN.finditer(text, line.start(), line.end())]
        if not tokens:
            continue  # whitespace-only line: separates paragraphs, is not one
        paragraph += 1
        sentence_start = tokens[0][0]
        last = len(tokens) - 1
        for i in range(last):
            start, end = tokens[i]
            if _ends_sentence(text, start, end, tokens[i + 1][0], tokens[i + 1][1], i == 0):
                spans.append(SentenceSpan(sentence_start, end, paragraph))
                sentence_start = tokens[i + 1][0]
        # The line break ends whatever is left, punctuated or not (headlines).
        spans.append(SentenceSpan(sentence_start, tokens[last][1], paragraph))
    return spans


def _ends_sentence(text: str, start: int, end: int, next_start: int, next_end: int, first: bool) -> bool:
    """Whether a sentence ends after token ``text[start:end]``, given the next token."""
    # Walk back over closers, then over the terminal punctuation run.
    j = end
    while j > start and text[j - 1] in _CLOSERS:
        j -= 1
    run_end = j
    while j > start and text[j - 1] in _TERMINALS:
        j -= 1
    if j == run_end:
        return False  # no terminal punctuation at the end of the token
    run = text[j:run_end]

    lead = text[next_start]
    if lead in _TERMINALS or lead in _PURE_CLOSERS:
        return False  # ". . ." or a detached closer: the punctuation goes on
    kind = _classify_next(text, next_start, next_end)

    if any(c in _EXCLAIMS for c in run):
        return kind != _LOWER
    if len(run) > 1 or run == "…":
        return kind == _UPPER
    if kind == _LOWER:
        return False

    # A single period: the word it ends decides. Strip opening punctuation and
    # anything before a dash ("month—Jan.") to get the word itself.
    if run_end - start > _MAX_ABBREVIATION + 8:
        return True
    word = text[start:run_end].lstrip(_OPENERS)
    for dash in "—–":
        word = word.rpartition(dash)[2]
    if len(word) > _MAX_ABBREVIATION:
        return True
    if first and _LIST_MARKER.fullmatch(word):
        return False
    if word in _NEVER_END:
        return False
    if word in _NUMBER_PREFIXES:
        return kind != _DIGIT
    if word in _CAN_END or _INITIALS.fullmatch(word):
        return kind == _UPPER and _next_word(text, next_start, next_end) in SENTENCE_STARTERS
    return True


def _first_word_char(text: str, start: int, end: int) -> int:
    """Index of the first letter or digit in ``text[start:end]``, or ``end``."""
    i = start
    while i < end and not text[i].isalnum():
        i += 1
    return i


def _classify_next(text: str, start: int, end: int) -> int:
    i = _first_word_char(text, start, end)
    if i == end:
        return _OTHER
    c = text[i]
    if c.islower():
        return _LOWER
    if c.isupper() or c.istitle():
        return _UPPER
    if c.isdigit():
        return _DIGIT
    return _OTHER  # uncased scripts, other numerals


def _next_word(text: str, start: int, end: int) -> str:
    """The leading alphabetic word of the next token, or "" if it is an initial ("A.")."""
    i = _first_word_char(text, start, end)
    j = i
    while j < end and text[j].isalpha() and j - i <= _MAX_ABBREVIATION:
        j += 1
    if j < end and text[j] == ".":
        return ""  # "J. A. Smith": "A." is an initial, not the article
    return text[i:j]
