"""The built book as its readers meet it: on a phone, with a screen reader, and without a kernel.

Each page is opened once more, at 390 px, the width of a phone, to measure
whether the page scrolls sideways; the visit at 1280 px that the other tests
share (conftest.py) runs axe-core (the accessibility engine that
axe-playwright-python ships with it, so nothing is downloaded) and reads the
figures' alt texts and the widget controls.
"""

from __future__ import annotations

import re

import pytest
from page_facts import READER_FACTS_JS
from site_pages import in_every_language, toc_pages

# every page in every language: "intro", ..., "zh_CN/intro", ...
DOCNAMES = in_every_language([name for name, _ in toc_pages()])
PHONE = {"width": 390, "height": 844}
#: axe-core's impact levels that fail the build; "moderate" and "minor" ones
#: (for example content outside landmarks, which the theme decides) are reported only.
FAILING_IMPACT = {"serious", "critical"}


@pytest.mark.parametrize("docname", DOCNAMES)
def test_page_fits_a_phone(visit, docname):
    """No page is wider than a 390-px phone screen (long code breaks or scrolls in its box)."""
    facts = visit(docname, viewport=PHONE).reader_facts
    assert facts["scroll_width"] <= facts["client_width"], (
        f"{docname} is {facts['scroll_width']} px wide on a {facts['client_width']} px "
        f"screen; too wide: {facts['too_wide']}"
    )


@pytest.mark.parametrize("docname", DOCNAMES)
def test_no_serious_accessibility_violations(visit, docname):
    violations = [v for v in visit(docname).axe if v["impact"] in FAILING_IMPACT]
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
def test_every_figure_says_what_it_shows(visit, docname):
    """A figure's alt text is a description, not its file name (myst-nb's default)."""
    bad = [
        f["src"]
        for f in visit(docname).reader_facts["figures"]
        if _too_short(f["alt"]) or f["alt"].endswith(".png") or "_images/" in f["alt"]
    ]
    assert bad == [], f"{docname}: figures without a description: {bad}"


@pytest.mark.parametrize("docname", DOCNAMES)
def test_figure_text_is_readable_at_page_width(visit, site, docname):
    """No figure's text is under 10 px on a 1280-px screen, once the page has scaled it.

    Each figure's PNG records its smallest text in its own pixels
    (helpers._figure_png.figure_png); the page shows the PNG at some width of the
    column, which scales that text by shown / natural width.
    """
    from PIL import Image

    small = []
    for fig in visit(docname).reader_facts["figures"]:
        with Image.open(site / docname.rpartition("/")[0] / fig["src"]) as image:
            recorded = image.info.get("nnbook:min-font-px")
        assert recorded, f"{fig['src']} was not drawn through helpers._figure_png (no text size)"
        on_screen = float(recorded) * fig["shown"] / fig["natural"]
        if on_screen < 10:
            small.append(f"{fig['alt'][:50] or fig['src']}: {on_screen:.1f} px")
    assert small == [], f"{docname}: figure text under 10 px: {small}"


@pytest.mark.parametrize("docname", DOCNAMES)
def test_no_blank_output_boxes(visit, docname):
    """A live progress line ends blank in the notebook; the page shows no empty box for it."""
    assert visit(docname).reader_facts["blank_outputs"] == 0


@pytest.mark.parametrize("docname", DOCNAMES)
def test_no_dead_controls(visit, docname):
    """The static site has no kernel, so it shows no widget controls that would do nothing."""
    assert visit(docname).reader_facts["controls"] == 0


def test_the_checks_can_fail(browser):
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
