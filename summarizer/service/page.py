"""The page for people at ``/``: what it is made of and the headers it is served with.

The page is static: ``static/index.html`` loads ``static/app.css`` and
``static/app.js`` (no inline script or style, nothing from another origin), and
the script calls ``POST /v1/summarize`` like any other client, sending the API key
a person types as ``Authorization: Bearer <key>``. ``static/example.json`` is an
invented cluster written for the page (not the test fixture).

This module is pure: no Flask (``api`` is the one module that imports it). ``api``
serves the page at ``/``::

    @route("/", ["GET"])
    def page() -> Any:
        return Response(web.page_html(), mimetype="text/html", headers=dict(web.PAGE_HEADERS))

and Flask's own static route, which ``Flask(__name__)`` in ``api`` points at this
package's ``static/`` folder, serves the other files at ``/static/<name>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

__all__ = ["ASSETS", "CONTENT_SECURITY_POLICY", "PAGE_HEADERS", "STATIC_DIR", "page_html"]

STATIC_DIR = Path(__file__).resolve().parent / "static"

# Everything the page loads, by the name under /static/ (index.html itself is served at /).
ASSETS = ("app.css", "app.js", "favicon.svg", "example.json")

# Nothing but this origin's own files, no inline code, no framing, no plugins.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

PAGE_HEADERS: Mapping[str, str] = MappingProxyType(
    {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        # Revalidate so a new release's page never runs against an old script.
        "Cache-Control": "no-cache",
    }
)


def page_html() -> str:
    """The page's HTML (UTF-8 text of ``static/index.html``)."""
    return (STATIC_DIR / "index.html").read_text(encoding="utf-8")
