"""Fixtures for the browser tests of the rendered book (`make site-test`).

The tests read a built site (``_build/html``, or the folder named by the
``NNBOOK_SITE`` environment variable), serve it over http on 127.0.0.1 and
open every page in Debian's headless Chromium, driven by Playwright. Each page
is opened once; what the tests need is gathered on that visit, and a full-page
screenshot is saved beside the site, in ``<site>/../screenshots/<page>.png``.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
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
# How long a page may take to typeset its math, render its widgets and load its images.
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
    errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    screenshot: Path | None = None


# True once every widget view placeholder has been rendered: the ipywidgets
# HTML manager puts a div.widget-subarea holding the view just before it.
WIDGETS_RENDERED_JS = """() => [...document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]')].every(v => {
  const area = v.previousElementSibling;
  return area && area.classList.contains('widget-subarea')
    && area.querySelector('.jupyter-widgets') !== null;
})"""

MATH_TYPESET_JS = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
}"""

FACTS_JS = r"""() => {
  const hrefs = (sel) => [...document.querySelectorAll(sel)].map(e => e.getAttribute('href'));
  const views = [...document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]')];
  const state = document.querySelector(
    'script[type="application/vnd.jupyter.widget-state+json"]');
  const article = document.querySelector('article') || document.body;
  // TensorFlow / absl log lines: "WARNING:tensorflow:...", "W0000 00:00:...", "I0000 ...".
  const LOG_LINE = new RegExp(
    '^(DEBUG|INFO|WARNING|ERROR):(tensorflow|absl)|^[IWEF]\\d{4} [\\d:.]+ +\\d+ \\S+:\\d+\\]');
  const title = document.querySelector('article h1');
  const h1 = title ? title.cloneNode(true) : document.createElement('h1');
  h1.querySelectorAll('.section-number, .headerlink').forEach(e => e.remove());
  return {
    h1: h1.textContent.trim(),
    scroll_width: document.documentElement.scrollWidth,
    wide_tables: [...article.querySelectorAll('table')].filter(t =>
      t.scrollWidth > t.parentElement.clientWidth + 1
      || t.getBoundingClientRect().right > article.getBoundingClientRect().right + 1
    ).map(t => t.innerText.replace(/\s+/g, ' ').slice(0, 80)),
    // Code and printed text that would need a sideways scroll bar to be read.
    wide_code: [...article.querySelectorAll('div.cell pre, div.highlight pre')].filter(
      p => p.scrollWidth > p.clientWidth + 1
    ).map(p => p.innerText.split('\n').reduce((a, b) => (b.length > a.length ? b : a))
      .slice(0, 120)),
    // Markdown printed by a cell (display(Markdown(...))) that was not parsed:
    // a table's |---|---| row left as text outside any <pre> (Sphinx's smart
    // quotes turn its dashes into en and em dashes).
    raw_markdown: [...article.querySelectorAll('.cell_output')].map(o => {
      const copy = o.cloneNode(true);
      copy.querySelectorAll('pre').forEach(p => p.remove());
      return copy.textContent;
    }).filter(t => /\|\s*:?[-\u2013\u2014]+:?\s*\|\s*:?[-\u2013\u2014]+:?\s*\|/.test(t))
      .map(t => t.trim().slice(0, 80)),
    log_lines: [...article.querySelectorAll('.cell_output')].flatMap(o =>
      o.innerText.split('\n').filter(line => LOG_LINE.test(line))).map(l => l.slice(0, 160)),
    tracebacks: article.querySelectorAll('.cell_output .traceback, .cell_output .stderr').length,
    scripts: [...document.scripts].filter(s => s.src).map(s => s.src.split('?')[0]),
    images: [...document.images].map(i => ({
      src: i.currentSrc || i.src, complete: i.complete, width: i.naturalWidth})),
    links: hrefs('a[href]'),
    math: {
      sources: document.querySelectorAll('.math').length,
      typeset: document.querySelectorAll('mjx-container').length,
      errors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent),
    },
    widget_state: state ? JSON.parse(state.textContent).state : null,
    widget_views: views.map(v => {
      const area = v.previousElementSibling;
      const ok = !!area && area.classList.contains('widget-subarea');
      return {
        model_id: JSON.parse(v.textContent).model_id,
        in_output: v.closest('.cell_output') !== null,
        rendered: ok,
        controls: ok ? area.querySelectorAll('[class*="widget-"]').length : 0,
        text: ok ? area.innerText : '',
        images: ok ? area.querySelectorAll('img').length : 0,
        placeholder: ok ? /Loading widget/.test(area.innerText) : true,
      };
    }),
    lang: document.documentElement.lang,
    other_language: hrefs('a.nnbook-language'),
    colab: hrefs('a[href*="colab.research.google.com"]'),
    download: hrefs('a.btn-download-source-button'),
  };
}"""


@pytest.fixture(scope="session")
def visit(site: Path, server: str, browser):
    """visit(docname) -> Visit; each page is opened once per test session."""
    shots = site.parent / "screenshots"
    cache: dict[str, Visit] = {}

    def on_request(result: Visit, request) -> None:
        if urlsplit(request.url).scheme in ("http", "https") and not request.url.startswith(server):
            result.outside_requests.append(request.url)

    def on_console(result: Visit, message) -> None:
        # Chromium asks every site for /favicon.ico by itself; the book has none,
        # and that 404 is the browser's doing, not the page's.
        if message.type == "error" and message.location.get("url") != f"{server}favicon.ico":
            result.errors.append(f"console error: {message.text} ({message.location})")

    def _visit(docname: str) -> Visit:
        if docname in cache:
            return cache[docname]
        result = Visit(docname=docname, url=urljoin(server, f"{docname}.html"))
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.on("console", functools.partial(on_console, result))
        page.on("pageerror", lambda e: result.errors.append(f"page error: {e}"))
        page.on(
            "requestfailed",
            lambda r: result.errors.append(f"request failed: {r.url} ({r.failure})"),
        )
        page.on("request", functools.partial(on_request, result))
        try:
            response = page.goto(result.url, wait_until="load")
            assert response is not None and response.status == 200, f"{result.url}: {response}"
            page.wait_for_load_state("networkidle")
            page.evaluate(MATH_TYPESET_JS)
            try:
                page.wait_for_function(WIDGETS_RENDERED_JS, timeout=RENDER_TIMEOUT_MS)
            except Exception as exc:  # test_widgets_render_initial_state says which
                result.errors.append(f"widgets not rendered after {RENDER_TIMEOUT_MS} ms: {exc}")
            page.wait_for_function(
                "() => [...document.images].every(i => i.complete)", timeout=RENDER_TIMEOUT_MS
            )
            result.facts = page.evaluate(FACTS_JS)
            result.screenshot = shots / f"{docname}.png"
            result.screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(result.screenshot), full_page=True)
        finally:
            context.close()
        cache[docname] = result
        return result

    return _visit
