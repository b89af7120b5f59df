"""The page in a real browser against the real server on loopback.

The server is started the way the project runs it (``summarizer serve``, an API
key configured); Debian's Chromium is driven headless by Playwright with
``executable_path`` pointing at the system browser (Playwright's own browser
download is never used). ``scripts/install.sh --test`` installs both; the tests
skip only when no Chromium binary exists on the machine.

Set ``SUMMARIZER_TEST_SCREENSHOTS=docs`` to (re)write ``docs/screenshot.png`` and
``docs/screenshot-phone.png`` from the run.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.documents import Options
from summarizer.service import page as web

from .serving import running_server

EXAMPLE = json.loads((web.STATIC_DIR / "example.json").read_text(encoding="utf-8"))
API_KEY = "browser-test-key"


def _find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


CHROMIUM = _find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium browser on this machine: install Debian's chromium package "
    "(scripts/install.sh --test does it when run as root with apt-get)",
)

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of ``summarizer serve`` on a free loopback port, with an API key set."""
    env = {"SUMMARIZER_API_KEY": API_KEY, "SUMMARIZER_LOG_LEVEL": "WARNING"}
    with running_server(tmp_path_factory.mktemp("browser-server"), env) as running:
        base = f"http://127.0.0.1:{running.port}"
        try:
            with urllib.request.urlopen(f"{base}/", timeout=10) as response:
                assert response.status == 200
        except urllib.error.HTTPError as exc:
            pytest.fail(
                f"GET / answered {exc.code}: the page route is not wired into api.create_app "
                "(see the docstring of summarizer/service/page.py)"
            )
        yield base


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: run scripts/install.sh --test (it is in the test extra)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1440, "height": 1000},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser_context: Any) -> Iterator[Any]:
    page = browser_context.new_page()
    page.problems = []  # console errors and page errors other than the expected 401
    page.dialogs = []

    def on_console(message: Any) -> None:
        if message.type == "error" and "status of 401" not in message.text:
            page.problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(str(error)))

    def on_dialog(dialog: Any) -> None:
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        yield page
    finally:
        page.close()


def _submit(page: Any) -> dict[str, Any]:
    """Press Summarize and return the API's JSON answer once the page shows it."""
    with page.expect_response(lambda r: r.url.endswith("/v1/summarize")) as answer:
        page.get_by_role("button", name="Summarize").click()
    payload: dict[str, Any] = answer.value.json()
    assert answer.value.status == 200, payload
    page.locator("#summary li.summary-sentence").first.wait_for()
    return payload


def _marked(page: Any, article_id: str, cls: str) -> str:
    return str(
        page.evaluate(
            """([id, cls]) => Array.from(document.querySelectorAll(`#texts article`))
                 .filter((a) => a.dataset.articleId === id)
                 .flatMap((a) => Array.from(a.querySelectorAll(`mark.${cls}`)))
                 .map((m) => m.textContent).join("")""",
            [article_id, cls],
        )
    )


def _check_every_marker(page: Any, payload: dict[str, Any], texts: dict[str, str]) -> None:
    """Click each marker: the cited span and only the corroborating spans light up, exactly."""
    marker_article = {s["marker"]: s["article_id"] for s in payload["sources"]}
    for i, sentence in enumerate(payload["sentences"]):
        citation = sentence["citation"]
        also = {a["article_id"]: a for a in sentence["also_in"]}
        for marker in sentence["markers"]:
            button = page.locator(f'#summary button.marker[data-sentence="{i}"][data-marker="{marker}"]')
            button.click()
            assert button.get_attribute("aria-pressed") == "true"
            cited_text = texts[citation["article_id"]][citation["start"] : citation["end"]]
            assert cited_text == sentence["text"]
            assert _marked(page, citation["article_id"], "hl-cited") == sentence["text"]
            for article_id, text in texts.items():
                expected = text[also[article_id]["start"] : also[article_id]["end"]] if article_id in also else ""
                assert _marked(page, article_id, "hl-also") == expected, (i, marker, article_id)
                if article_id != citation["article_id"]:
                    assert _marked(page, article_id, "hl-cited") == ""
            current = page.evaluate(
                """() => Array.from(new Set(Array.from(document.querySelectorAll("mark.hl-current"))
                        .map((m) => m.closest("article").dataset.articleId)))"""
            )
            assert current == [marker_article[marker]]
            assert page.locator("mark.hl-current").first.is_visible()


def _save_screenshot(page: Any, name: str, tmp_path: Path) -> None:
    page.screenshot(path=str(tmp_path / name))
    target = os.environ.get("SUMMARIZER_TEST_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp_path / name, Path(target) / name)


def test_example_summary_with_cited_spans(server: str, page: Any, tmp_path: Path) -> None:
    response = page.goto(f"{server}/")
    assert response.status == 200
    assert response.headers["content-security-policy"] == web.CONTENT_SECURITY_POLICY

    page.get_by_role("button", name="Load example cluster").click()
    editors = page.locator("#articles li.article-editor")
    editors.nth(len(EXAMPLE["articles"]) - 1).wait_for()
    assert editors.count() == len(EXAMPLE["articles"])
    assert page.get_by_label("Text of article 1").input_value() == EXAMPLE["articles"][0]["text"]
    assert page.get_by_label("Words at most").input_value() == str(EXAMPLE["max_words"])

    # Every control, the ones the script made included, has a label.
    unlabeled = page.evaluate(
        """() => Array.from(document.querySelectorAll("input, select, textarea"))
                 .filter((c) => !c.closest("template") && c.labels.length === 0).map((c) => c.outerHTML)"""
    )
    assert unlabeled == []

    # The server wants a key: without one the page says so and points at the field.
    page.get_by_role("button", name="Summarize").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "API key" in alert.inner_text()
    assert page.evaluate("document.activeElement.id") == "api-key"

    page.get_by_label("API key").fill(API_KEY)
    payload = _submit(page)
    assert payload["sentences"]
    # The page asks for the API's own defaults unless told otherwise.
    assert payload["meta"]["options"]["diversity"] == Options().diversity
    assert payload["meta"]["options"]["corroboration_threshold"] is None
    assert payload["meta"]["options"]["dispute_threshold"] is None
    shown = page.locator("#summary .sentence-text").all_inner_texts()
    assert shown == [s["text"] for s in payload["sentences"]]
    badges = page.locator("#summary .backing").all_inner_texts()
    for badge, sentence in zip(badges, payload["sentences"], strict=True):
        count = 1 + len({a["article_id"] for a in sentence["also_in"]})
        assert badge == ("1 source" if count == 1 else f"{count} sources")

    texts = {a["id"]: a["text"] for a in EXAMPLE["articles"]}
    _check_every_marker(page, payload, texts)

    # Keyboard: Escape clears; focusing a marker previews; Enter pins it.
    from playwright.sync_api import expect

    # expect() retries until the page has handled the key or focus event (it may take a frame).
    page.keyboard.press("Escape")
    expect(page.locator("mark.hl-cited")).to_have_count(0)
    first = page.locator("#summary button.marker").first
    first.focus()
    expect(page.locator("mark.hl-cited")).not_to_have_count(0)
    page.keyboard.press("Enter")
    assert first.get_attribute("aria-pressed") == "true"
    assert page.problems == []
    assert page.dialogs == []

    # The corroboration threshold, under "More options", goes into the request.
    page.locator("details.wide summary").click()
    page.get_by_label("Corroboration threshold").fill("0.5")
    loose = _submit(page)
    assert loose["meta"]["options"]["corroboration_threshold"] == 0.5
    assert sum(len(s["also_in"]) for s in loose["sentences"]) >= sum(len(s["also_in"]) for s in payload["sentences"])
    page.get_by_label("Corroboration threshold").fill("")
    page.get_by_label("Dispute threshold").fill("0.5")
    disputing = _submit(page)
    assert disputing["meta"]["options"]["dispute_threshold"] == 0.5
    assert sum(len(s["disputed_by"]) for s in disputing["sentences"]) >= sum(
        len(s["disputed_by"]) for s in payload["sentences"]
    )
    page.get_by_label("Dispute threshold").fill("")

    # The screenshot: pin the first marker of a corroborated sentence, if there is one.
    corroborated = [i for i, s in enumerate(payload["sentences"]) if s["also_in"]]
    index = corroborated[0] if corroborated else 0
    page.keyboard.press("Escape")
    page.locator(f'#summary button.marker[data-sentence="{index}"]').first.click()
    page.evaluate("window.scrollTo(0, 0)")
    _save_screenshot(page, "screenshot.png", tmp_path)


def test_spans_after_characters_outside_the_bmp_and_markup_as_text(server: str, page: Any) -> None:
    # Each article starts with emoji (two UTF-16 units, one code point each), so every
    # cited span sits after them; markup in the text must show as text, never run.
    articles = [
        (
            "\U0001f525\U0001f692 LIVE \U0001f4f8\n"
            "A fire at the Crane Street substation cut power to about 60,000 homes on Friday evening. "
            "Firefighters \U0001f692 brought the fire under control in about two hours, officials said. "
            "The mayor posted <img src=x onerror=alert(1)> and <b>bold</b> claims online on Saturday."
        ),
        (
            "\U0001f4fa\U0001f4fa Watch \U0001f449\n"
            "A fire at the Crane Street substation cut power to about 60,000 homes on Friday evening, "
            "the utility said. "
            "Crews expect to restore power to every customer by Sunday evening."
        ),
    ]
    page.goto(f"{server}/")
    page.get_by_label("Text of article 1").fill(articles[0])
    page.get_by_label("Text of article 2").fill(articles[1])
    page.get_by_label("Title of article 1 (optional)").fill("<script>alert(2)</script>")
    page.get_by_label("Sentences at most").fill("3")
    page.get_by_label("API key").fill(API_KEY)
    payload = _submit(page)

    texts = {"article-1": articles[0], "article-2": articles[1]}
    assert {s["citation"]["article_id"] for s in payload["sentences"]} <= set(texts)
    # The conversion is exercised: some cited span has astral characters before it or in it.
    assert any(
        any(ord(ch) > 0xFFFF for ch in texts[s["citation"]["article_id"]][: s["citation"]["end"]])
        for s in payload["sentences"]
    )
    _check_every_marker(page, payload, texts)

    rendered = page.locator('#texts article[data-article-id="article-1"]')
    assert rendered.locator(".article-text").inner_text() == articles[0]
    assert rendered.locator("img, b, script").count() == 0
    assert page.locator("#sources").inner_text().count("<script>alert(2)</script>") == 1
    assert page.dialogs == []
    assert page.problems == []


def test_a_dispute_shows_in_its_own_colour_with_the_figures(server: str, page: Any) -> None:
    articles = [
        "At least nine people died when a fire swept through a warehouse on Crane Street on Friday night. "
        "The cause of the fire is not yet known, the fire chief told reporters on Saturday.",
        "At least 14 people died when a fire swept through a warehouse on Crane Street on Friday night. "
        "Neighbours said they heard a loud bang shortly before the flames spread to the roof.",
        "The city opened a new public library in the old post office building, with room for 40,000 books.",
    ]
    page.goto(f"{server}/")
    for k in range(3):
        if k >= page.locator("#articles li.article-editor").count():
            page.get_by_role("button", name="Add an article").click()
        page.get_by_label(f"Text of article {k + 1}").fill(articles[k])
    page.get_by_label("Sentences at most").fill("3")
    page.get_by_label("API key").fill(API_KEY)
    payload = _submit(page)

    disputed = [(i, s) for i, s in enumerate(payload["sentences"]) if s["disputed_by"]]
    assert disputed, payload["sentences"]
    texts = {f"article-{k + 1}": text for k, text in enumerate(articles)}
    for i, sentence in disputed:
        for dispute in sentence["disputed_by"]:
            assert texts[dispute["article_id"]][dispute["start"] : dispute["end"]].startswith("At least")
            assert {tuple(dispute["figures"]["this"]), tuple(dispute["figures"]["other"])} == {("nine",), ("14",)}
            button = page.locator(
                f'#summary button.marker-disputed[data-sentence="{i}"][data-marker="{dispute["marker"]}"]'
            )
            assert button.count() == 1
            title = button.get_attribute("title")
            assert "another figure" in title and "nine" in title and "14" in title
            button.click()
            assert button.get_attribute("aria-pressed") == "true"
            span = texts[dispute["article_id"]][dispute["start"] : dispute["end"]]
            assert _marked(page, dispute["article_id"], "hl-disputed") == span
            assert _marked(page, dispute["article_id"], "hl-also") == ""
            colours = page.evaluate(
                """() => [".marker-disputed", ".marker-also", ".marker-cited"].map((c) => {
                     const b = document.querySelector(`#summary button${c}`);
                     return b ? getComputedStyle(b).backgroundColor : null; })"""
            )
            assert colours[0] is not None and colours[0] not in colours[1:]
    # The badge counts the outlets that state the claim: a dispute is not one of them.
    badges = page.locator("#summary .backing").all_inner_texts()
    for badge, sentence in zip(badges, payload["sentences"], strict=True):
        count = 1 + len({a["article_id"] for a in sentence["also_in"]})
        assert badge == ("1 source" if count == 1 else f"{count} sources")
    assert page.problems == []


def test_phone_layout_has_no_horizontal_scroll(server: str, browser_context: Any, tmp_path: Path) -> None:
    page = browser_context.new_page()
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{server}/")
        page.get_by_role("button", name="Load example cluster").click()
        page.locator("#articles li.article-editor").nth(len(EXAMPLE["articles"]) - 1).wait_for()
        page.get_by_label("API key").fill(API_KEY)
        payload = _submit(page)
        marker = page.locator("#summary button.marker").first
        marker.click()
        sentence = payload["sentences"][0]
        assert _marked(page, sentence["citation"]["article_id"], "hl-cited") == sentence["text"]
        assert page.locator("mark.hl-current").first.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        box = marker.bounding_box()
        assert box is not None and box["height"] >= 24 and box["width"] >= 24  # WCAG 2.2 target size
        page.evaluate("document.getElementById('result').scrollIntoView()")
        _save_screenshot(page, "screenshot-phone.png", tmp_path)
    finally:
        page.close()
