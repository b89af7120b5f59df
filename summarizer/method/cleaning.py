"""Which sentences of scraped news can never be summary sentences, and where a sentence really starts.

Two jobs, both on one sentence at a time (the splitter lives elsewhere):

* ``reject_reason`` names why a sentence must be left out of any summary: web chrome
  (cookie notices, "Read more:" links, share prompts), wire-service housekeeping
  (syndication notes, editor contacts, trim markers), bylines, teasers for other stories,
  headlines and fragments, and sentences outside the length bounds.
* ``trim_span`` moves the start of a sentence past a dateline glued to it
  ("WASHINGTON (AP) -- The ...") or a bullet ("-- The submarine sank ..."), so the
  cited text begins where the news begins.

The rules were tuned on real scraped pages and on DUC 2006/2007 wire copy. They are
deliberately conservative about real prose: a pattern only fires on a form that a
journalist would not write as a sentence of the story itself.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["REJECT_REASONS", "LengthBounds", "reject_reason", "trim_span"]

REJECT_REASONS: tuple[str, ...] = (
    "boilerplate",  # website chrome: cookies, read-more links, share/subscribe prompts, credits
    "byline",  # "By Jane Smith, Associated Press"
    "syndication",  # wire housekeeping: distribution notes, trim markers, editor contacts
    "teaser",  # a link to another story, cut off with an ellipsis
    "headline",  # no terminal punctuation: headlines, section titles, fragments
    "too_short",
    "too_long",
)


@dataclass(frozen=True, slots=True)
class LengthBounds:
    """Inclusive bounds on whitespace-separated tokens of a summary sentence.

    8-55 was chosen on DUC 2006/2007 (``docs/quality.md``): a maximum of 55 scored at
    least as well as 60 on every development file, and minima of 6 or 10 did no better.
    """

    min_words: int = 8
    max_words: int = 55


# --------------------------------------------------------------------------- trimming

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# "January 22", "Nov. 3, 1998", "November 2024", "22 January 2024".
_DATE = (
    rf"(?:{_MONTH}\.?\s+\d{{1,4}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+{_MONTH}\.?(?:,?\s+\d{{4}})?)"
)
# A place word: "LOS", "Wyo.", "N.C.", "Mar-a-Lago", "COEUR", "d'ALENE", "D.C.".
_PLACE_WORD = r"(?:[A-Z][\w'’.\-]*|d'[A-Z][\w'’.\-]*)"
_PLACE_LINK = r"(?:of|de|del|la|le|el|da|do|du|al|upon|on|the)"
_PLACE = (
    rf"{_PLACE_WORD}(?:\s+(?:{_PLACE_LINK}\s+)?{_PLACE_WORD}){{0,4}}"
    rf"(?:\s+\({_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}}\))?"
)
# Wire tags: "(AP)", "(Xinhua)", "(NYTN)", "(NYT35)", and the unbalanced "(AP" seen in wire copy.
_WIRE = r"\((?:AP|Reuters|AFP|Xinhua|UPI|dpa|DPA|IANS|PTI|ANI|EFE|ANSA|Kyodo|Yonhap|TASS|CNN|Bloomberg|NYTN?\d*)\)?"
# The glue between a dateline and the story. Hyphens and underscores need spaces on both
# sides so that hyphenated words ("Mar-a-Lago") are never mistaken for it; a colon only
# counts right after the place ("Moscow, Russia: Days after ...").
_SEP = r"(?:\s*(?:--|—|–)\s*|\s+-\s+|\s+_\s*|:\s+)"
_COMPONENT = rf"(?:{_DATE}|{_PLACE})"
_OUTLET = r"\([A-Z][\w.'&\-]*(?:\s+[A-Z][\w.'&\-]*){0,3}\)"
_DATELINE = re.compile(
    rf"(?P<wire1>{_WIRE}\s+)?"
    rf"(?P<comps>{_COMPONENT}(?:,\s*{_COMPONENT}){{0,3}})"
    rf"(?P<wire2>,?\s*{_WIRE})?"
    # Any outlet's own tag in the wire position: "PORT ELLISON, March 3 (Coastal Herald) --".
    # It does not count as a wire tag below, so a date or a capitalised city must vouch for it.
    rf"(?P<outlet>\s*{_OUTLET})?"
    rf"(?P<sep>{_SEP})"
)
# A bare wire tag, left over when the splitter cut "PASADENA, Calif. (AP) -- ..." after "Calif.".
_BARE_WIRE = re.compile(rf"{_WIRE}(?P<sep>{_SEP})")
_DATE_RE = re.compile(_DATE)
# A byline that sits in front of a dateline; only trimmed when a dateline follows, so a
# sentence like "By Tuesday, the storm ..." is never touched.
_LEADING_BYLINE = re.compile(
    r"By\s+[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|and|de|van|von))*(?:,\s*[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*)*)?\s+"
)
# What a real sentence can start with after the dateline.
_SENTENCE_START = re.compile(r"[\"“‘'`(\[]*[A-Z0-9]")
_MAX_DATELINE_CHARS = 90
_NOTE_LABEL = re.compile(
    r"(?:EDITOR'?S'?(?:\s+NOTE)?|EDS?|NOTE|ADVISORY|CORRECTION|UPDATE|NEXT|WITH|FROM)\s*$", re.IGNORECASE
)


# A bullet, one or two hyphens or a dash, then space: "-- ", "- ", "• ", "— ".
_BULLET = re.compile(r"(?:[•·▪●◦‣*]|-{1,2}|[–—])\s+")


def _dateline_end(text: str, pos: int, end: int) -> int | None:
    """End of a dateline starting at ``pos``, or None when what is there is not one."""
    bare = _BARE_WIRE.match(text, pos, end)
    if bare is not None and bare.group("sep").strip() != ":":
        return bare.end() if _SENTENCE_START.match(text, bare.end(), end) else None
    m = _DATELINE.match(text, pos, end)
    if m is None or m.end() - pos > _MAX_DATELINE_CHARS:
        return None
    comps = m.group("comps")
    if _NOTE_LABEL.match(comps):
        # "EDITOR'S NOTE -- ..." is not a place: keep it so the whole note gets rejected.
        return None
    sep = m.group("sep").strip()
    has_wire = bool(m.group("wire1") or m.group("wire2"))
    has_date = _DATE_RE.search(comps) is not None
    first_word = comps.split()[0].rstrip(",.")
    letters = [c for c in first_word if c.isalpha()]
    # "WASHINGTON", "LOS ANGELES", "COEUR d'ALENE": capitals are the wire convention for
    # the dateline city, and rare as the first word of a story sentence.
    all_caps_city = len(letters) >= 2 and sum(c.isupper() for c in letters) >= len(letters) - 1
    has_comma = "," in comps
    if m.group("outlet") and not (has_date or all_caps_city):
        return None  # "The Federal Reserve (Fed) -- ..." is prose, not a dateline
    if sep == ":":  # noqa: SIM108 - each branch carries its reason
        # A colon follows many things ("Read more: ..."); only "Place, Region:" or a
        # capitalised city is taken as a dateline.
        ok = has_comma or all_caps_city
    else:
        ok = has_wire or has_date or all_caps_city or has_comma
    if not ok:
        return None
    # The dateline must be followed by the start of a sentence, not by the rest of a
    # clause ("The SLORC _ the military junta _ ...").
    if _SENTENCE_START.match(text, m.end(), end) is None:
        return None
    return m.end()


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow the sentence ``text[start:end]`` past a leading dateline glued to it.

    Examples of what is cut: "BRUSSELS, January 22 (Xinhua) -- ", "WASHINGTON (AP) _ ",
    "Moscow, Russia: ", "November 2024, Mar-a-Lago, Florida – ", "LONDON — ",
    "(NYTN) NEW YORK -- ", and a bullet or dash that opens an item of a list ("-- ",
    "• "): wire copy writes timelines and briefs as such items, and the item is a
    sentence of its own. Returns offsets into ``text``; the span is stripped of
    surrounding whitespace. A span with nothing to trim comes back stripped only, and
    a non-empty span never comes back empty.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    s, e = start, end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if s == e:
        # All whitespace: stripping would empty it, which callers must never receive.
        return (start, end)

    pos = s
    byline = _LEADING_BYLINE.match(text, pos, e)
    if byline is not None:
        # The name pattern is greedy and may swallow the dateline's first word
        # ("By JANE DOE November 2024, ..."), so try every word boundary inside it.
        for gap in reversed(list(re.finditer(r"\s+", text[byline.start() : byline.end()]))):
            after = _dateline_end(text, byline.start() + gap.end(), e)
            if after is not None:
                pos = after
                break
    bullet = _BULLET.match(text, pos, e)
    if bullet is not None:
        # An item of a timeline opens with its date ("-- July 25, 2000: A Concorde
        # crashes ..."), which is news, not a dateline: no dateline after a bullet.
        pos = bullet.end()
    # Wire photo captions stack datelines ("(NYT35) CITY -- Oct. 28, 1998 -- ..."), so
    # repeat a few times; each round must make progress.
    for _ in range(0 if bullet is not None else 3):
        nxt = _dateline_end(text, pos, e)
        if nxt is None or nxt <= pos:
            break
        pos = nxt
    while pos < e and text[pos].isspace():
        pos += 1
    if pos >= e:
        return (s, e)
    return (pos, e)


# --------------------------------------------------------------------------- rejecting


class _PatternSet:
    """Case-insensitive alternatives, split into those anchored at the start and the rest.

    One alternation of everything would try every anchored branch at every position
    of the sentence; matching the anchored ones only at the start made cleaning about
    twice as fast, and cleaning is most of the cost of a request whose embeddings are cached.
    The floating ones that start at a word boundary share one ``\b``, so that a position
    inside a word fails once instead of once per branch (about 2x faster again). The
    patterns are written in lower case and matched against the lower-cased text without
    IGNORECASE, which let the engine use its literal shortcuts (1.5-2x faster again).
    """

    def __init__(self, patterns: tuple[str, ...]) -> None:
        anchored = [p[1:] for p in patterns if p.startswith("^")]
        at_word = [p[2:] for p in patterns if p.startswith(r"\b")]
        elsewhere = [p for p in patterns if not p.startswith(("^", r"\b"))]
        self._anchored = _alternation(anchored)
        if at_word:
            elsewhere.insert(0, r"\b(?:" + "|".join(f"(?:{p})" for p in at_word) + ")")
        self._floating = _alternation(elsewhere)

    def search(self, text: str) -> bool:
        lower = text.lower()
        return bool(
            (self._anchored is not None and self._anchored.match(lower))
            or (self._floating is not None and self._floating.search(lower))
        )


def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _compile(*patterns: str) -> _PatternSet:
    return _PatternSet(patterns)


_BOILERPLATE = _compile(
    # Cookie banners. Anchored on the site/we/accept forms so that cookies as food pass.
    r"\b(?:this|our)\s+(?:web\s?site|site|page)\s+uses\s+cookies\b",
    r"\bwe\s+(?:use|place|store)\s+cookies\b",
    r"\b(?:accept|allow|manage|reject|decline)\s+(?:all\s+)?cookies\b",
    r"\bcookie\s+(?:policy|settings|preferences|consent|notice)\b",
    r"\buse\s+of\s+cookies\b",
    r"^by\s+continuing\s+to\s+(?:browse|use)\b",
    # Links to other stories. "Read the full statement ..." is prose, so only the
    # fixed link phrases are matched.
    r"^read\s+(?:more|next|also|full\s+(?:story|article)|the\s+full\s+(?:story|article))\b",
    r"^continue\s+reading\b",
    r"^(?:also\s+read|see\s+also|related(?:\s+(?:articles?|stories|coverage|news|content|posts?))?"
    r"|recommended(?:\s+for\s+you)?|more\s+(?:from|on|stories)\b[^.!?]*|most\s+(?:read|popular|viewed)"
    r"|trending(?:\s+now)?|you\s+(?:may|might)\s+also\s+like|don'?t\s+miss|top\s+stories|latest\s+news"
    r"|further\s+reading)\s*(?::|»|›|\||$)",
    # Site chrome.
    r"^exit\s+mobile\s+version\b",
    r"^skip\s+to\s+(?:main\s+)?content\b",
    r"^back\s+to\s+top\b",
    r"^(?:print|e-?mail)\s+this\s+(?:article|story|page)\b",
    r"^share\s*(?:this|on|via|the\s+(?:article|story)|article|story|:|$)",
    r"^(?:follow|like)\s+us\b",
    r"\bfollow\s+us\s+on\b",
    r"^follow\s+\S+(?:\s+\S+)?\s+on\s+(?:twitter|x|facebook|instagram|linkedin|tiktok|threads|bluesky|youtube)\b",
    r"^sign\s+up\b",
    r"\b(?:sign\s+up|subscribe|register)\s+(?:for|to)\s+(?:our|the|a)\b[^.!?]{0,40}\bnewsletters?\b",
    r"\bnewsletters?\b[^.!?]{0,60}\b(?:inbox|sign\s+up|subscribe)\b",
    r"^subscribe\b",
    r"\b(?:click|tap)\s+(?:here|the\s+link|below)\b",
    r"^advertisement\b",
    r"^sponsored(?:\s+content)?\s*$",
    r"^key\s+(?:points|takeaways)(?:\s+to\s+watch)?\s*:?\s*$",
    r"^(?:download|get)\s+(?:our|the)\s+(?:free\s+)?app\b",
    r"^(?:log\s?in|sign\s+in)\s*(?:to\b|now\b|$)",
    r"^(?:leave|post|view|show)\s+(?:a\s+)?comments?\b",
    r"^\d+\s+comments?\s*$",
    r"^(?:story|article)\s+continues\s+(?:below|after)\b",
    r"^listen\s+to\s+this\s+(?:article|story)\b",
    r"^\d+\s+min(?:ute)?s?\s+read\s*$",
    r"^(?:last\s+)?(?:updated|published|posted)\s*(?:on\s*)?:",
    # Copyright lines; "Copyright lawsuits ..." is prose, so a year or symbol must follow.
    r"©",
    r"^copyright\s*(?:\(c\)|\d{4})",
    r"\ball\s+rights\s+reserved\b",
    r"^\(c\)\s*\d{4}",
    r"(?:^|,\s*|_\s*)c\.\s?\d{4}\b",
    # Image credits.
    r"^(?:photos?|photograph|images?|pictures?|video|graphic|illustration)(?:\s+credit)?\s*(?::|/|\|)",
    r"^(?:photos?|pictures?)\s+by\b",
    r"^(?:image\s+)?credit\s*:",
    r"\((?:[^()]*\b(?:photo|getty\s+images|shutterstock)\b[^()]*)\)",
    r"\b(?:getty\s+images|ap\s+photo|afp\s+via\s+getty|shutterstock)\s*\.?\s*$",
)

_SYNDICATION = _compile(
    r"\bdistributed\s+by\b",
    r"^for\s+(?:use|release)\s+by\b",
    r"\bnews\s+service\s+clients\b",
    r"\bclients\s+of\s+the\s+\S+(?:\s+\S+){0,3}\s+news\s+service\b",
    r"^nyt\s*-",
    r"\bstory\s+filed\s+by\b",
    r"^\(\s*(?:ap|reuters|afp|xinhua|upi)\s*\)$",
    r"^end\s+adv\b",
    r"^endit\b",
    r"^(?:x+\s+)?end\s+of\s+story\b",
    r"^(?:more|x\s+x\s+x|-?0-?)$",
    r"\bstory\s+can\s+end\s+here\b",
    r"\boptional\s+(?:trim|add|2nd\s+take|second\s+take|insert)\b",
    r"\bstory\s+(?:will\s+move|has\s+moved|moved)\s+in\b",
    r"^eds?\s*:",
    r"^attention\s+editors?\b",
    r"^editor'?s'?\s+note\b",
    r"^(?:the\s+)?[\w .&'-]{0,40}\b(?:news\s+service|syndicate|newspapers|news\s+wire)\s*\.?$",
    r"\bto\s+(?:purchase|publish)\s+this\s+(?:material|article)\b",
    r"\bnew\s+york\s+times\s+syndicate\b",
    r"\bphotos?\s+(?:and\s+graphics|to\s+accompany)\b",
    r"\b(?:contributed|was\s+used)\s+to\s+(?:this|prepare\s+this)\s+report\b",
    # Contact lines: editors' and writers' e-mail addresses and phone numbers. Wire copy
    # obfuscates addresses as "name(at)host.com".
    # The look-behind starts the match only where a run of address characters starts:
    # without it every position inside a word is retried, the costliest pattern here.
    r"(?<![\w.+-])[\w.+-]+\s?(?:@|\((?:at)\))\s?[\w-]+\.[a-z]{2,}",
    r"(?:\(\d{3}\)\s?|\b\d{3}[-. ])\d{3}[-.]\d{4}\b",
    r"\b(?:tel|fax|phone)\s*[:.]\s*\+?\d",
    r"\b(?:can|may)\s+be\s+(?:reached|contacted)\s+(?:at|by|via)\b",
    # Desk codes such as "(gm)", "lc-kl", "(rn/sl)".
    r"^\(?[a-z]{1,4}(?:\s?[-/]\s?[a-z]{1,4})*\)?$",
)
# A sentence wrapped entirely in parentheses is an editor's note or an author bio in
# wire copy ("(Distributed by ...)", "(Jane Doe is a free-lance writer ...)").
_PARENTHESIZED = re.compile(r"^\((?:[^()]|\([^()]*\))*\)?\)\s*\.?$", re.DOTALL)

_BYLINE = re.compile(
    r"^_?\s*[Bb]y\s+"
    r"(?P<name>[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|and|de|van|von|der|la|le|&))*)"
    r"(?P<rest>(?:\s*,\s*[A-Z][\w.'’&\-]*(?:\s+(?:[A-Z][\w.'’&\-]*|of|the|and|for))*)*)"
    r"(?:\s*\([^()]*\))?\s*\.?$",
)
_BYLINE_NOTE = re.compile(r"^By\s+[A-Z][^.]{0,60}\.\s*\(.*\)\s*\.?$")
# Words that start a real sentence after "By" ("By Tuesday, ...", "By March, ...").
_NOT_A_NAME = re.compile(
    rf"^(?:{_MONTH}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Then|Now|Law|Contrast"
    r"|Comparison|Design|Far|All|Most|Some|One|Two|Then|Midnight|Noon|Dawn|Nightfall)\b"
)

# After NFKC, "…" is "..."; a teaser ends in one after a word or a comma, with no closing
# quote after it (a quotation trailing off is a real sentence).
_TEASER = re.compile(r"[\w,;:\-]\s?\.{3,}\s*$")
_CLOSERS = "\"'”’»)]}`*"
_TERMINAL = ".!?"


def _normalize(sentence: str) -> str:
    # NFKC folds the typographic variants that scrapers produce (ellipsis character,
    # non-breaking and full-width spaces) so the patterns can stay ASCII.
    text = unicodedata.normalize("NFKC", sentence)
    return " ".join(text.split())


def _is_mostly_caps_or_symbols(text: str) -> bool:
    """Wire slugs, section labels and rules: "COXNET BUDGET INFORMATION", "$$$", "*------"."""
    # ``text`` is normalized: its only whitespace is single spaces.
    visible = len(text) - text.count(" ")
    alnum = sum(map(str.isalnum, text))
    if alnum < visible / 2:
        return True
    words: list[str] = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 2]
    if len(words) < 2:
        return False
    caps = sum(w.isupper() for w in words)
    return caps >= 2 and caps / len(words) >= 0.7


def _is_byline(text: str) -> bool:
    if _BYLINE_NOTE.match(text) and not _NOT_A_NAME.match(text[3:].lstrip()):
        return True
    m = _BYLINE.match(text)
    if m is None:
        return False
    # Case-sensitive check on the name: "by" is matched loosely but the name must be
    # capitalised, and must not be a time word that starts a real sentence.
    name = m.group("name")
    if _NOT_A_NAME.match(name):
        return False
    return len(text.split()) <= 14


def _open_quote(text: str) -> bool:
    """True when a quotation opened in the sentence is still open at its end.

    Then the ellipsis trails off inside someone's words ("The signals are positive..."),
    which the splitter may have cut from the rest of the quote: not a teaser.
    """
    if text.count("“") > text.count("”") or text.count("``") > text.count("''"):
        return True
    return text.count('"') % 2 == 1


def _has_terminal_punctuation(text: str) -> bool:
    body = text.rstrip(_CLOSERS + " ")
    return bool(body) and body[-1] in _TERMINAL


def reject_reason(sentence: str, bounds: LengthBounds = LengthBounds()) -> str | None:
    """None when ``sentence`` may be a summary sentence, else one of ``REJECT_REASONS``.

    Checks run from the most specific to the most generic, so a cookie banner is
    reported as "boilerplate" although it is also short.
    """
    text = _normalize(sentence)
    if not text:
        return "too_short"
    if _BOILERPLATE.search(text):
        return "boilerplate"
    if _is_byline(text):
        return "byline"
    if _SYNDICATION.search(text) or _PARENTHESIZED.match(text) or _is_mostly_caps_or_symbols(text):
        return "syndication"
    if _TEASER.search(text) and not _open_quote(text):
        return "teaser"
    if not _has_terminal_punctuation(text):
        return "headline"
    words = len(sentence.split())
    if words < bounds.min_words:
        return "too_short"
    if words > bounds.max_words:
        return "too_long"
    return None
