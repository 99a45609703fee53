"""Fixtures for the browser tests of the rendered book (`make site-test`).

The tests read a built site (``_build/html``, or the folder named by the
``NNBOOK_SITE`` environment variable), serve it over http on 127.0.0.1 and
open every page in Debian's headless Chromium, driven by Playwright, through
one fixture, ``visit``. Each page is opened once at the book's width (and
once more at a phone's, for test_reader.py); what every test needs is
gathered on that visit (page_facts.py), axe-core runs, and a full-page
screenshot is saved beside the site, in ``<site>/../screenshots/<page>.png``.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urljoin, urlsplit

import pytest
from page_facts import FACTS_JS, FINISH_FACTS_JS, READER_FACTS_JS
from site_pages import VIEWPORT, site_dir

CHROMIUM = os.environ.get("NNBOOK_CHROMIUM", "/usr/bin/chromium")
# Playwright adds --headless and a fresh temporary profile (--user-data-dir).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# How long a page may take to typeset its math and load its images.
RENDER_TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site's folder.

    When it is missing the tests skip, saying why, except under CI (the
    environment variable ``CI=true``, as GitHub Actions sets it), where a
    missing site is a failure.
    """
    path = site_dir()
    if not (path / "index.html").is_file():
        message = (
            f"no built book at {path} (no index.html): run `make book` first, "
            "or point NNBOOK_SITE at a built site's html folder"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message} (CI=true: a missing site fails)", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def server(site: Path):
    """Base URL of a local http server over the built site."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: `apt-get install chromium` (.ci/run does)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Visit:
    """What one visit to a page found."""

    docname: str
    url: str
    viewport: dict
    errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    #: page_facts.FACTS_JS, READER_FACTS_JS and FINISH_FACTS_JS, read on every visit
    facts: dict = field(default_factory=dict)
    reader_facts: dict = field(default_factory=dict)
    finish_facts: dict = field(default_factory=dict)
    #: axe-core's violations and a full-page screenshot, at the book's width (VIEWPORT)
    #: without a query; None on other visits
    axe: list[dict] | None = None
    screenshot: Path | None = None


MATH_TYPESET_JS = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
}"""


@pytest.fixture(scope="session")
def visit(site: Path, server: str, browser):
    """visit(docname, *, viewport=VIEWPORT, query=None, ready=None) -> Visit.

    The one way the tests open a page of the built site: ``docname`` is the
    page's path without .html in either language ("intro", "zh_CN/intro",
    "zh_CN/search"); ``viewport`` the window (a phone's, say); ``query`` the
    URL's query ({"q": "word"} on the search page); ``ready`` a JavaScript
    predicate to wait for besides the usual (the page loaded and its network
    quiet, math typeset, images loaded). Each visit reads
    every script of page_facts.py; at the book's width and without a query it
    also runs axe-core and saves a full-page screenshot. Each page is opened
    once per test session for each viewport, query and ``ready``.
    """
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    shots = site.parent / "screenshots"
    cache: dict[tuple, Visit] = {}

    def on_request(result: Visit, request) -> None:
        if urlsplit(request.url).scheme in ("http", "https") and not request.url.startswith(server):
            result.outside_requests.append(request.url)

    def on_console(result: Visit, message) -> None:
        # Chromium asks every site for /favicon.ico by itself; the book has none,
        # and that 404 is the browser's doing, not the page's.
        if message.type == "error" and message.location.get("url") != f"{server}favicon.ico":
            result.errors.append(f"console error: {message.text} ({message.location})")

    def _visit(
        docname: str,
        *,
        viewport: dict = VIEWPORT,
        query: dict | None = None,
        ready: str | None = None,
    ) -> Visit:
        key = (
            docname,
            viewport["width"],
            viewport["height"],
            tuple(sorted((query or {}).items())),
            ready,
        )
        if key in cache:
            return cache[key]
        url = urljoin(server, f"{docname}.html")
        if query:
            url += "?" + urlencode(query, quote_via=quote)
        full = viewport == VIEWPORT and not query
        result = Visit(docname=docname, url=url, viewport=viewport)
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        listeners = {
            "console": functools.partial(on_console, result),
            "pageerror": lambda e: result.errors.append(f"page error: {e}"),
            "requestfailed": lambda r: result.errors.append(
                f"request failed: {r.url} ({r.failure})"
            ),
            "request": functools.partial(on_request, result),
        }
        for event, listener in listeners.items():
            page.on(event, listener)
        try:
            response = page.goto(result.url, wait_until="load")
            assert response is not None and response.status == 200, f"{result.url}: {response}"
            page.wait_for_load_state("networkidle")
            page.evaluate(MATH_TYPESET_JS)
            page.wait_for_function(
                "() => [...document.images].every(i => i.complete)", timeout=RENDER_TIMEOUT_MS
            )
            if ready:
                page.wait_for_function(ready, timeout=RENDER_TIMEOUT_MS)
            result.facts = page.evaluate(FACTS_JS)
            result.reader_facts = page.evaluate(READER_FACTS_JS)
            result.finish_facts = page.evaluate(FINISH_FACTS_JS)
            if full:
                result.screenshot = shots / f"{docname}.png"
                result.screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(result.screenshot), full_page=True)
                # What axe-core does is not the page's doing: it fetches the
                # stylesheets again and resolves their @import ("basic.css")
                # against the page, a 404 in the console.
                for event, listener in listeners.items():
                    page.remove_listener(event, listener)
                result.axe = axe.run(page).response["violations"]
        finally:
            context.close()
        cache[key] = result
        return result

    return _visit
