"""The page at ``/`` and its static files, through Flask's test client.

What a browser does with them is tests/service/test_browser.py's job; here: the page is
served with its headers, every control has a label, nothing is loaded from
another origin or written as inline code the Content-Security-Policy would
block, and the example cluster is a valid request body.
"""

from __future__ import annotations

import ast
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from summarizer.config import Settings
from summarizer.schema import parse_cluster
from summarizer.service import page as web

from ..conftest import HARBOR_BRIDGE

STATIC = web.STATIC_DIR
CONTENT_TYPES = {
    "app.css": "text/css",
    "app.js": "text/javascript",
    "favicon.svg": "image/svg+xml",
    "example.json": "application/json",
}


@pytest.fixture
def client(fake_embedder: Any) -> Any:
    from summarizer.service.app import create_app

    return create_app(Settings(), fake_embedder).test_client()


class _Page(HTMLParser):
    """Controls, labels, resource references and inline code of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []  # outside <template>
        self.template_controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.template_label_classes: set[str] = set()
        self.references: list[str] = []
        self.inline_scripts = 0
        self.inline_code: list[str] = []  # style= and on*= attributes
        self.ids: list[str] = []
        self._in_template = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "template":
            self._in_template += 1
        if "id" in attrs:
            self.ids.append(attrs["id"])
        for name in attrs:
            if name == "style" or name.startswith("on"):
                self.inline_code.append(f"<{tag} {name}>")
        if tag in {"input", "select", "textarea"}:
            (self.template_controls if self._in_template else self.controls).append(attrs)
        if tag == "label":
            if "for" in attrs:
                self.label_for.add(attrs["for"])
            if self._in_template:
                self.template_label_classes.update(attrs.get("class", "").split())
        if tag == "script":
            if attrs.get("src"):
                self.references.append(attrs["src"])
            else:
                self._in_script = True
        if tag == "link" and attrs.get("href"):
            self.references.append(attrs["href"])
        if tag in {"img", "iframe", "audio", "video", "source"} and attrs.get("src"):
            self.references.append(attrs["src"])
        if tag == "style":
            self.inline_code.append("<style>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self._in_template -= 1
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1


def _page() -> _Page:
    parser = _Page()
    parser.feed(web.page_html())
    return parser


def test_page_is_served_at_root_as_html_with_its_security_headers(client: Any) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.mimetype_params.get("charset") == "utf-8"
    assert response.get_data(as_text=True) == web.page_html()
    assert response.headers["Content-Security-Policy"] == web.CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", web.ASSETS)
def test_every_asset_is_served_with_its_content_type(client: Any, name: str) -> None:
    response = client.get(f"/static/{name}")
    assert response.status_code == 200, name
    assert response.mimetype == CONTENT_TYPES[name]
    assert response.data == (STATIC / name).read_bytes()


def test_the_page_references_only_assets_that_exist(client: Any) -> None:
    references = _page().references
    assert sorted(references) == ["/static/app.css", "/static/app.js", "/static/favicon.svg"]
    for ref in references:
        assert client.get(ref).status_code == 200, ref
    # The script fetches these relative to the page, like any client of the API.
    script = (STATIC / "app.js").read_text(encoding="utf-8")
    assert re.search(r'"v1/summarize"', script)
    assert re.search(r'"static/example\.json"', script)


def test_page_is_public_when_an_api_key_protects_the_api(fake_embedder: Any) -> None:
    from summarizer.service.app import create_app

    client = create_app(Settings(api_key="s3cret"), fake_embedder).test_client()
    assert client.get("/").status_code == 200
    assert client.get("/static/example.json").status_code == 200
    body = json.loads((STATIC / "example.json").read_text(encoding="utf-8"))
    assert client.post("/v1/summarize", json=body).status_code == 401
    ok = client.post("/v1/summarize", json=body, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200
    assert ok.get_json()["sentences"]


def test_every_control_has_a_label() -> None:
    page = _page()
    assert page.controls, "the page has no form controls?"
    for control in page.controls:
        assert control.get("id"), f"control without id: {control}"
        assert control["id"] in page.label_for, f"no <label for={control['id']!r}>"
    # The article editor template: its script gives each copy an id its label points at.
    classes = {c.get("class", "").split()[0] for c in page.template_controls}
    assert classes == {"title", "source", "text"}
    assert {f"{c}-label" for c in classes} <= page.template_label_classes
    script = (STATIC / "app.js").read_text(encoding="utf-8")
    assert ".htmlFor = control.id" in script
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"


def test_no_inline_code_that_a_strict_csp_would_block() -> None:
    page = _page()
    assert page.inline_scripts == 0
    assert page.inline_code == []
    script = (STATIC / "app.js").read_text(encoding="utf-8")
    # Styles set by attribute are blocked by style-src 'self'; eval-likes by script-src.
    for forbidden in ('setAttribute("style"', "eval(", "new Function", 'setTimeout("'):
        assert forbidden not in script


def test_article_text_never_goes_through_html_parsing() -> None:
    script = (STATIC / "app.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "createContextualFragment"):
        assert sink not in script, sink


@pytest.mark.parametrize("name", ["index.html", *web.ASSETS])
def test_no_asset_refers_to_another_origin(name: str) -> None:
    text = (STATIC / name).read_text(encoding="utf-8")
    text = text.replace('xmlns="http://www.w3.org/2000/svg"', "")  # a namespace name, never fetched
    assert not re.search(r"(?i)\b(?:https?|wss?|ftp)://", text), name
    assert not re.search(r"""(?i)(?:src|href|url)\s*[=(]\s*["']?//""", text), name
    assert "@import" not in text, name


def test_the_example_is_a_valid_request_body_and_not_the_test_fixture() -> None:
    body = json.loads((STATIC / "example.json").read_text(encoding="utf-8"))
    articles, options = parse_cluster(body)
    assert 4 <= len(articles) <= 5
    assert len({a.source for a in articles}) == len(articles), "one invented outlet per article"
    assert all(a.title and a.published_at for a in articles)
    assert options.max_words is not None
    fixture_texts = {p.read_text(encoding="utf-8") for p in HARBOR_BRIDGE.glob("*.txt")}
    assert not fixture_texts & {a.text for a in articles}
    assert not any("Harbor Bridge" in a.text for a in articles)
    # A character outside the BMP before cited text exercises the page's offset conversion.
    assert any(any(ord(ch) > 0xFFFF for ch in a.text) for a in articles)


def test_web_module_does_not_import_flask() -> None:
    tree = ast.parse(Path(web.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name.split(".")[0] in {"flask", "werkzeug"}}
