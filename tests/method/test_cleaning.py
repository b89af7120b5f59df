"""Tests for summarizer.method.cleaning: which sentences are junk, and where a sentence starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.method.cleaning import REJECT_REASONS, LengthBounds, reject_reason, trim_span

# --------------------------------------------------------------------------- junk

JUNK: list[tuple[str, str]] = [
    # web boilerplate
    ("This website uses cookies.", "boilerplate"),
    ("We use cookies to improve your experience on our site.", "boilerplate"),
    ("By continuing to browse the site you agree to our use of cookies.", "boilerplate"),
    ("Read more: Officials weigh a new budget plan", "boilerplate"),
    ("Read More", "boilerplate"),
    ("Read next: The city council votes on the plan.", "boilerplate"),
    ("Exit mobile version", "boilerplate"),
    ("Sign up for our newsletter", "boilerplate"),
    ("Sign up to get the latest headlines delivered to your inbox every morning.", "boilerplate"),
    ("Share this article", "boilerplate"),
    ("Share on Facebook", "boilerplate"),
    ("Follow us on Twitter", "boilerplate"),
    ("Click here to read the full report from the ministry.", "boilerplate"),
    ("Advertisement", "boilerplate"),
    ("ADVERTISEMENT", "boilerplate"),
    ("© 2024 Reuters", "boilerplate"),
    ("Copyright 2024 The Daily Example. All rights reserved.", "boilerplate"),
    ("All rights reserved.", "boilerplate"),
    ("Key Points to Watch", "boilerplate"),
    ("Photo: Jane Doe/Example News", "boilerplate"),
    ("(Getty Images)", "boilerplate"),
    ("Protesters gather outside parliament on Tuesday. (AP Photo/John Roe)", "boilerplate"),
    ("Related: Five things to know about the summit", "boilerplate"),
    ("Also read: Markets rally after the announcement", "boilerplate"),
    ("Subscribe", "boilerplate"),
    ("Subscribe now to get unlimited access to all our reporting.", "boilerplate"),
    ("c. 1998 Example News Service", "boilerplate"),
    # teasers for other stories
    ("It is set…", "teaser"),
    ("The festival aims to turn the old port into the prime center of regional crafts and…", "teaser"),
    (
        "The governor has cancelled another $1.2 billion in debts for nearly 40,000 people across the state, the…",
        "teaser",
    ),
    ("The rookie pitcher attended the negotiation for his contract renewal for the next...", "teaser"),
    ("The new leader was sworn in by the outgoing president on December 20th in…", "teaser"),
    # headlines and fragments
    ("Mayor Urges Calm, Signals Potential Shift in City Housing Policy", "headline"),
    ("Direct Diplomacy", "headline"),
    ("Ministers call for talks on trade dispute: report", "headline"),
    ("Ukraine and Allies Weigh Options Amid Policy Changes", "headline"),
    # bylines
    ("By DAYO ADESULU", "byline"),
    ("By Jane Smith, Associated Press", "byline"),
    ("By Jane Smith and John Doe", "byline"),
    ("By JOHN Q. PUBLIC", "byline"),
    ("By Jane Smith. (Story will move in the ``a'' category.)", "byline"),
    # syndication and wire lines
    ("(Distributed by New York Times Special Features)", "syndication"),
    ("NYT-2ND-TAKE-EXAMPLE", "syndication"),
    ("Story Filed By Cox Newspapers", "syndication"),
    ("(AP)", "syndication"),
    ("___", "syndication"),
    ("End Adv", "syndication"),
    ("End Adv for Sunday, Jan. 3.", "syndication"),
    ("(STORY CAN END HERE. OPTIONAL 2ND TAKE FOLLOWS.)", "syndication"),
    ("(BEGIN OPTIONAL TRIM)", "syndication"),
    ("For Use By Clients of the New York Times News Service", "syndication"),
    ("XXXX END OF STORY", "syndication"),
    ("COXNET BUDGET INFORMATION FOR SUBSCRIBERS", "syndication"),
    ("$$$", "syndication"),
    ("-0-", "syndication"),
    ("(gm)", "syndication"),
    ("lc-kl", "syndication"),
    ("The night news editor is Sam Example, 404-555-0182, sexample(at)example.com.", "syndication"),
    ("Questions about this story may be sent to the desk at desk@example.com today.", "syndication"),
    ("For questions about the package, please call our desk at (212) 555-0147 tonight.", "syndication"),
    ("Eds: Embargoed for release Thursday, Dec. 2.", "syndication"),
    ("(Jane Roe is a free-lance writer based in Portland, Maine.)", "syndication"),
    ("(Staff writer John Doe contributed to this report.)", "syndication"),
    # length
    ("He refused to elaborate.", "too_short"),
    ("", "too_short"),
    ("   ", "too_short"),
    (" ".join(["word"] * 70) + ".", "too_long"),
]


@pytest.mark.parametrize(("sentence", "reason"), JUNK)
def test_junk_is_rejected_with_its_reason(sentence: str, reason: str) -> None:
    assert reject_reason(sentence) == reason


def test_reasons_in_the_table_are_declared() -> None:
    assert {reason for _, reason in JUNK} <= set(REJECT_REASONS)
    assert len(set(REJECT_REASONS)) == len(REJECT_REASONS)


# --------------------------------------------------------------------------- keep

KEEP: list[str] = [
    "Sullivan noted that the Biden administration intends to use the remaining $6 billion of authorized funding for Ukraine.",
    "Read the full statement, officials said, before deciding.",
    "Read the fine print, the regulator warned consumers on Monday, because fees can double.",
    "The bakery sold more than 3,000 cookies at the charity fair on Saturday, organizers said.",
    "Children were handed milk and cookies as the evacuation buses left the town.",
    'The minister told reporters that the deal was "the best we could get."',
    "The mayor said the plan was, in her words, ``a start, not a finish.''",
    "“We will not give up a single village,” the president said in his nightly address.",
    "Will the ceasefire hold long enough for aid convoys to reach the besieged city?",
    "The spokesman said the signals were positive… at least for now, and talks would resume.",
    '"The signals are positive... At least he is talking about peace," the spokesman said on Sunday.',
    "By Tuesday, rescue teams had pulled more than 200 survivors from the collapsed buildings.",
    "By a vote of 6 to 3, the court ruled that the law did not violate the constitution.",
    "Share prices fell sharply on Wednesday after the company reported weaker quarterly earnings.",
    "Related charges against two other executives were dropped by prosecutors last month.",
    "Subscribers to the service will see their monthly fees rise by about 10 percent next year.",
    "Copyright lawsuits against the music-sharing service have multiplied since the spring.",
    "The company said its newsletter, which reaches 2 million readers, would be discontinued.",
    "NATO and EU leaders met in Brussels on Thursday to discuss the war in Ukraine.",
    "The storm, which killed at least 12 people, moved north toward the Carolinas overnight (officials said).",
    "Signs along the road read ``Welcome home'' as the convoy of returning soldiers passed by.",
    "Photographs of the damaged reactor building were released by the utility on Friday.",
    "The U.N. Security Council met in emergency session after the attack on the border post.",
]


@pytest.mark.parametrize("sentence", KEEP)
def test_real_news_sentences_are_kept(sentence: str) -> None:
    assert reject_reason(sentence) is None


def test_bounds_are_configurable() -> None:
    sentence = "The council approved the new budget on Monday night."  # 9 words
    assert reject_reason(sentence) is None
    assert reject_reason(sentence, LengthBounds(min_words=10)) == "too_short"
    assert reject_reason(sentence, LengthBounds(max_words=8)) == "too_long"
    assert reject_reason(sentence, LengthBounds(min_words=9, max_words=9)) is None


# --------------------------------------------------------------------------- trim_span

TRIM: list[tuple[str, str]] = [
    (
        "BRUSSELS, January 22 (Xinhua) -- Two polls showed support for the euro rising.",
        "Two polls showed support for the euro rising.",
    ),
    ("WASHINGTON (AP) _ The Senate passed the bill late Tuesday.", "The Senate passed the bill late Tuesday."),
    ("WASHINGTON (AP) -- The Senate passed the bill late Tuesday.", "The Senate passed the bill late Tuesday."),
    ("Moscow, Russia: Days after the vote, the Kremlin said little.", "Days after the vote, the Kremlin said little."),
    (
        "November 2024, Mar-a-Lago, Florida – Newly elected officials met donors.",
        "Newly elected officials met donors.",
    ),
    ("LONDON — Prices rose for a third month.", "Prices rose for a third month."),
    ("LOS ANGELES _ The studio confirmed the sale.", "The studio confirmed the sale."),
    ("LARAMIE, Wyo. (AP) -- A prosecutor questioned jurors.", "A prosecutor questioned jurors."),
    ("COEUR d'ALENE, Idaho _ Issuing a verdict, the jury left.", "Issuing a verdict, the jury left."),
    ("ISTANBUL (Turkey), August 19 (Xinhua) -- Rescuers dug on.", "Rescuers dug on."),
    ("(NYTN) NEW YORK -- The market closed higher.", "The market closed higher."),
    ("Nov. 3 -- The polls opened at dawn.", "The polls opened at dawn."),
    ("PARIS, Feb. 3, 1999 -- Talks resumed.", "Talks resumed."),
    ("CARACAS, Venezuela (AP) _Venezuelan officials met.", "Venezuelan officials met."),
    ("KYIV, Ukraine - Air raid sirens sounded overnight.", "Air raid sirens sounded overnight."),
    ("(AP) -- The spacecraft entered safe mode.", "The spacecraft entered safe mode."),
    ("By DAYO ADESULU November 2024, Florida – Officials met.", "Officials met."),
    ('MOSCOW (AP) -- "We are ready," the minister said.', '"We are ready," the minister said.'),
    # An outlet's own tag where a wire tag would stand, vouched for by a date or a capitalised city.
    ("PORT ELLISON, March 3 (Coastal Herald) -- Engineers shut the bridge.", "Engineers shut the bridge."),
    ("LAGOS (Daily Ledger) -- Markets reopened.", "Markets reopened."),
    # A bullet opening an item of a timeline or a brief.
    ("-- The submarine sank during naval exercises.", "The submarine sank during naval exercises."),
    ("- Earth's magnetic field has been decaying.", "Earth's magnetic field has been decaying."),
    ("• Trump urged Putin not to escalate the war.", "Trump urged Putin not to escalate the war."),
    ("— The talks resumed on Friday.", "The talks resumed on Friday."),
    ("-- July 25, 2000: A Concorde crashes outside Paris.", "July 25, 2000: A Concorde crashes outside Paris."),
    ("-5 degrees was the lowest reading.", "-5 degrees was the lowest reading."),
    # Nothing to trim: the sentence comes back whole.
    ("The Senate passed the bill late Tuesday.", "The Senate passed the bill late Tuesday."),
    ("Read more: Officials weigh a new budget plan", "Read more: Officials weigh a new budget plan"),
    ("The SLORC _ the military junta _ denied it.", "The SLORC _ the military junta _ denied it."),
    ("Police reported two arrests _ both teenagers.", "Police reported two arrests _ both teenagers."),
    ("By Tuesday, the storm had passed.", "By Tuesday, the storm had passed."),
    (
        "The Federal Reserve (Fed) -- which sets rates -- held.",
        "The Federal Reserve (Fed) -- which sets rates -- held.",
    ),
    ("Officials in Denver (Colorado) -- said nothing.", "Officials in Denver (Colorado) -- said nothing."),
    ("Trump-Putin call signals a shift: officials", "Trump-Putin call signals a shift: officials"),
    ("EDITOR'S NOTE -- This story contains graphic details.", "EDITOR'S NOTE -- This story contains graphic details."),
    ("U.S. officials - speaking privately - disagreed.", "U.S. officials - speaking privately - disagreed."),
    ("WASHINGTON -- ", "WASHINGTON --"),
    ("x", "x"),
]


@pytest.mark.parametrize(("sentence", "expected"), TRIM)
def test_trim_span_offsets_point_into_the_original_text(sentence: str, expected: str) -> None:
    # Embed the sentence in a larger text, with padding spaces, so that offsets relative
    # to the sentence (instead of the text) or a missing strip would show.
    before, after = "Earlier paragraph ends here.\n\n", "  \n\nNext paragraph begins."
    text = before + "  " + sentence + after
    start = len(before)
    end = start + 2 + len(sentence) + 2
    s, e = trim_span(text, start, end)
    assert text[s:e] == expected
    assert start <= s < e <= end


def test_trim_span_is_idempotent() -> None:
    text = "WASHINGTON (AP) -- The Senate passed the bill."
    once = trim_span(text, 0, len(text))
    assert trim_span(text, *once) == once


def test_trim_span_never_empties_a_span() -> None:
    text = "abc     def"
    assert trim_span(text, 3, 8) == (3, 8)
    assert trim_span(text, 4, 4) == (4, 4)


# --------------------------------------------------------------------------- scraped pages

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "examples" / "trump-putin-call"

# (file, start of the line, expected reason). Only line openings are kept here, not the
# articles' text.
EXAMPLE_JUNK: list[tuple[str, str, str]] = [
    ("002_2a6dece688f04c03.txt", "Trump-Putin call signals shift", "headline"),
    ("002_2a6dece688f04c03.txt", "Read more: Zelensky rejects", "boilerplate"),
    ("002_2a6dece688f04c03.txt", "Direct Diplomacy", "headline"),
    ("002_2a6dece688f04c03.txt", "Read more: Kremlin says", "boilerplate"),
    ("003_72925c440a388881.txt", "President-Elect Trump Urges Putin", "headline"),
    ("003_72925c440a388881.txt", "By DAYO ADESULU", "byline"),
    ("003_72925c440a388881.txt", "Trump Urges Peace, Signals", "headline"),
    ("003_72925c440a388881.txt", "Ukraine and Allies Express Concern", "headline"),
    ("003_72925c440a388881.txt", "Kremlin’s Response and Anticipated", "headline"),
    ("003_72925c440a388881.txt", "Key Points to Watch", "boilerplate"),
    ("003_72925c440a388881.txt", "Exit mobile version", "boilerplate"),
    ("004_c6980810b8bc2544.txt", "Created by the Duffer Brothers", "teaser"),
    ("004_c6980810b8bc2544.txt", "The Melaka International Halal", "teaser"),
    ("004_c6980810b8bc2544.txt", "On Saturday, the stalwart of Chunichi", "teaser"),
    ("004_c6980810b8bc2544.txt", "US President Joe Biden has cancelled", "teaser"),
    ("004_c6980810b8bc2544.txt", "Music, dance, celebration", "teaser"),
    ("004_c6980810b8bc2544.txt", "Sam Hou Fai is sworn in", "teaser"),
    ("004_c6980810b8bc2544.txt", "This website uses cookies.", "boilerplate"),
    ("004_c6980810b8bc2544.txt", "Read More", "boilerplate"),
]

# Body lines that are one sentence each and must survive.
EXAMPLE_KEEP: list[tuple[str, str]] = [
    ("001_6bc2e2e76518fdd8.txt", "President-elect Donald Trump spoke with Russian President"),
    ("001_6bc2e2e76518fdd8.txt", "The conversation reportedly took place Thursday"),
    ("001_6bc2e2e76518fdd8.txt", "During his campaign, Trump vowed to end the war quickly"),
    ("001_6bc2e2e76518fdd8.txt", "Ukrainian President Volodymyr Zelensky spoke with Trump"),
    ("002_2a6dece688f04c03.txt", "The call, taken by Trump from his resort in Florida"),
    ("002_2a6dece688f04c03.txt", "Unlike past presidential transitions"),
    ("000_880bb5f7bc63709c.txt", "Trump’s brief mention of territorial concessions"),
]


def _lines(name: str) -> list[str]:
    if not EXAMPLES.is_dir():
        pytest.skip(f"example articles not found at {EXAMPLES}")
    return [line.strip() for line in (EXAMPLES / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _line_starting(name: str, prefix: str) -> str:
    matches = [line for line in _lines(name) if line.startswith(prefix)]
    assert len(matches) >= 1, f"no line of {name} starts with {prefix!r}"
    return matches[0]


@pytest.mark.parametrize(("name", "prefix", "reason"), EXAMPLE_JUNK)
def test_scraped_junk_lines_are_rejected(name: str, prefix: str, reason: str) -> None:
    assert reject_reason(_line_starting(name, prefix)) == reason


@pytest.mark.parametrize(("name", "prefix"), EXAMPLE_KEEP)
def test_scraped_body_lines_are_kept(name: str, prefix: str) -> None:
    line = _line_starting(name, prefix)
    start, end = trim_span(line, 0, len(line))
    assert reject_reason(line[start:end]) is None


def test_scraped_teaser_fragment_is_rejected() -> None:
    # The last fragment of the teaser line, as a sentence splitter would hand it over.
    line = _line_starting("004_c6980810b8bc2544.txt", "Created by the Duffer Brothers")
    fragment = line[line.rindex(". ") + 2 :]
    assert fragment.startswith("It is set")
    assert reject_reason(fragment) == "teaser"


@pytest.mark.parametrize(
    ("name", "prefix", "new_start"),
    [
        ("000_880bb5f7bc63709c.txt", "Moscow, Russia:", "Days after his election victory"),
        ("003_72925c440a388881.txt", "November 2024, Mar-a-Lago", "Newly elected U.S. President"),
    ],
)
def test_scraped_datelines_are_trimmed(name: str, prefix: str, new_start: str) -> None:
    line = _line_starting(name, prefix)
    start, end = trim_span(line, 0, len(line))
    assert line[start:].startswith(new_start)
    assert end == len(line)
