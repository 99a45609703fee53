"""The built book as its readers meet it: on a phone, with a screen reader, and without a kernel.

Each page is opened once more (the visits of test_pages.py are at 1280 px):
at 390 px, the width of a phone, to measure whether the page scrolls
sideways, and at 1280 px to run axe-core (the accessibility engine that
axe-playwright-python ships with it, so nothing is downloaded) and to read
the figures' alt texts and the widget controls.
"""

from __future__ import annotations

import re

import pytest
from site_pages import VIEWPORT, in_every_language, toc_pages

# every page in every language: "intro", ..., "zh_CN/intro", ...
DOCNAMES = in_every_language([name for name, _ in toc_pages()])
PHONE = {"width": 390, "height": 844}
#: axe-core's impact levels that fail the build; "moderate" and "minor" ones
#: (for example content outside landmarks, which the theme decides) are reported only.
FAILING_IMPACT = {"serious", "critical"}

READER_FACTS_JS = r"""() => {
  const article = document.querySelector('article') || document.body;
  return {
    scroll_width: document.documentElement.scrollWidth,
    client_width: document.documentElement.clientWidth,
    // elements sticking out past the right edge of the screen, to say which
    too_wide: [...article.querySelectorAll('*')].filter(e => {
      const r = e.getBoundingClientRect();
      return r.right > document.documentElement.clientWidth + 1 && r.width > 0
        && !e.closest('.pst-scrollable-table-container, .table-wrapper, pre, .MathJax,'
                      + ' mjx-container, .highlight');
    }).map(e => `${e.tagName.toLowerCase()}.${e.className}: `
                + (e.innerText || '').slice(0, 60)).slice(0, 5),
    figures: [...article.querySelectorAll('.cell_output img')].map(i => ({
      src: i.getAttribute('src'), alt: i.getAttribute('alt') || '',
      shown: i.getBoundingClientRect().width, natural: i.naturalWidth})),
    // textContent, not innerText: outputs inside closed toggles have no innerText
    blank_outputs: [...article.querySelectorAll('.cell_output pre')].filter(
      p => !p.textContent.trim()).length,
    controls: [...article.querySelectorAll(
      '.jupyter-widgets input, .jupyter-widgets select, .jupyter-widgets button,'
      + ' .jupyter-widgets .slider, .widget-slider')].length,
  };
}"""


@pytest.fixture(scope="module")
def reader_visit(site, server, browser):
    """reader_visit(docname, viewport) -> facts of the page (and axe results at 1280 px)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    cache = {}

    def _visit(docname: str, viewport: dict) -> dict:
        key = (docname, viewport["width"])
        if key not in cache:
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            try:
                page.goto(f"{server}{docname}.html", wait_until="load")
                page.wait_for_load_state("networkidle")
                page.wait_for_function("() => [...document.images].every(i => i.complete)")
                facts = page.evaluate(READER_FACTS_JS)
                if viewport is VIEWPORT:
                    facts["axe"] = axe.run(page).response["violations"]
            finally:
                context.close()
            cache[key] = facts
        return cache[key]

    return _visit


@pytest.mark.parametrize("docname", DOCNAMES)
def test_page_fits_a_phone(reader_visit, docname):
    """No page is wider than a 390-px phone screen (long code breaks or scrolls in its box)."""
    facts = reader_visit(docname, PHONE)
    assert facts["scroll_width"] <= facts["client_width"], (
        f"{docname} is {facts['scroll_width']} px wide on a {facts['client_width']} px "
        f"screen; too wide: {facts['too_wide']}"
    )


@pytest.mark.parametrize("docname", DOCNAMES)
def test_no_serious_accessibility_violations(reader_visit, docname):
    violations = [
        v for v in reader_visit(docname, VIEWPORT)["axe"] if v["impact"] in FAILING_IMPACT
    ]
    described = [
        f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}x, first: "
        f"{v['nodes'][0]['html'][:100]})"
        for v in violations
    ]
    assert described == [], "\n".join(described)


def _too_short(alt: str) -> bool:
    """Too short to describe a figure: under 15 characters, or 8 of Chinese (a word is 1-3)."""
    return len(alt) < (8 if re.search(r"[\u4e00-\u9fff]", alt) else 15)


@pytest.mark.parametrize("docname", DOCNAMES)
def test_every_figure_says_what_it_shows(reader_visit, docname):
    """A figure's alt text is a description, not its file name (myst-nb's default)."""
    bad = [
        f["src"]
        for f in reader_visit(docname, VIEWPORT)["figures"]
        if _too_short(f["alt"]) or f["alt"].endswith(".png") or "_images/" in f["alt"]
    ]
    assert bad == [], f"{docname}: figures without a description: {bad}"


@pytest.mark.parametrize("docname", DOCNAMES)
def test_figure_text_is_readable_at_page_width(reader_visit, site, docname):
    """No figure's text is under 10 px on a 1280-px screen, once the page has scaled it.

    Each figure's PNG records its smallest text in its own pixels
    (helpers.plotting.figure_png); the page shows the PNG at some width of the
    column, which scales that text by shown / natural width.
    """
    from PIL import Image

    small = []
    for fig in reader_visit(docname, VIEWPORT)["figures"]:
        with Image.open(site / docname.rpartition("/")[0] / fig["src"]) as image:
            recorded = image.info.get("nnbook:min-font-px")
        assert recorded, f"{fig['src']} was not drawn through helpers.plotting (no text size)"
        on_screen = float(recorded) * fig["shown"] / fig["natural"]
        if on_screen < 10:
            small.append(f"{fig['alt'][:50] or fig['src']}: {on_screen:.1f} px")
    assert small == [], f"{docname}: figure text under 10 px: {small}"


@pytest.mark.parametrize("docname", DOCNAMES)
def test_no_blank_output_boxes(reader_visit, docname):
    """A live progress line ends blank in the notebook; the page shows no empty box for it."""
    assert reader_visit(docname, VIEWPORT)["blank_outputs"] == 0


@pytest.mark.parametrize("docname", DOCNAMES)
def test_no_dead_controls(reader_visit, docname):
    """The static site has no kernel, so it shows no widget controls that would do nothing."""
    assert reader_visit(docname, VIEWPORT)["controls"] == 0


def test_the_checks_can_fail(reader_visit, server, browser):
    """The phone check sees a page that is too wide, and axe sees a missing alt text."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.set_content(
            '<article><img src="x.png"><pre>ok</pre><p style="width:900px">wide</p></article>'
        )
        facts = page.evaluate(READER_FACTS_JS)
        ids = {v["id"] for v in Axe().run(page).response["violations"]}
    finally:
        context.close()
    assert facts["scroll_width"] > facts["client_width"]
    assert "image-alt" in ids
