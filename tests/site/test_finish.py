"""The built book's finish: numbered captions, one number format, legends that hide nothing.

The visit of each page at 1280 px that the site tests share (conftest.py)
reads:

- every figure (an image in a cell's output): it must sit in a ``<figure>``
  whose caption is numbered, "Figure 4.2 ...", which myst-nb writes from the
  cell's metadata (``mystnb.figure.caption`` and ``name``) and Sphinx numbers
  (``numfig_format`` in _config.yml);
- the prose (paragraphs, list items, table cells and captions, without their
  code, math or cell outputs): no float32 noise such as 0.10000000149011612,
  no negative zero such as -0.0000, and no e-notation such as 1e-07 or
  6.96e-7 (helpers.formatting writes numbers for a reader);
- every figure's PNG: helpers._figure_png.figure_png records in it whether a
  legend covers data (``nnbook:legend-overlaps``); it must be 0.

``test_the_finish_checks_can_fail`` feeds each check a page or a figure that
breaks it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from page_facts import FINISH_FACTS_JS
from site_pages import VIEWPORT, in_every_language, toc_pages

# every page in every language: "intro", ..., "zh_CN/intro", ...
DOCNAMES = in_every_language([name for name, _ in toc_pages()])

#: float32 noise: a run of six or more zeros or nines after the first
#: significant digits, e.g. 0.10000000149011612, 0.9999999403953552, 1.0000001
FLOAT_NOISE = re.compile(r"(?<![\w.])(?:\d+\.\d*[1-9]|[1-9]\d*\.)(?:0{6,}|9{6,})\d*")
#: a rounded zero with a sign: -0.0000, -0.00, -0 (also with a Unicode minus), +0.00
#: (not +0, an exact count difference: "+," in a glue role)
NEGATIVE_ZERO = re.compile(r"(?<![\w.])(?:[-\u2212]0(?:\.0+)?|\+0\.0+)(?!\.?\d)")
#: e-notation: 1e-07, 6.96e-7, 2E+05 (also with a Unicode minus)
E_NOTATION = re.compile(r"(?<![\w.])\d+(?:\.\d+)?[eE][-+\u2212]?\d+(?!\w|\.\d)")
#: a numbered caption as Sphinx writes it (numfig_format "Figure %s"; "图 %s" on
#: the Chinese pages, _ext/nnbook_i18n.py)
NUMBERED = re.compile(r"^(?:Figure|图) \d+\.\d+\s")


def number_problems(texts: list[str]) -> list[str]:
    """Every float32 noise, negative zero and e-notation in ``texts``, quoted in its context."""
    found = []
    for text in texts:
        for kind, pattern in (
            ("float noise", FLOAT_NOISE),
            ("negative zero", NEGATIVE_ZERO),
            ("e-notation", E_NOTATION),
        ):
            for match in pattern.finditer(text):
                start, end = max(0, match.start() - 40), match.end() + 40
                found.append(f"{kind} {match.group(0)!r} in: ...{text[start:end]}...")
    return found


def caption_problems(figures: list[dict]) -> list[str]:
    """Figures without a numbered caption that says something beyond its number."""
    bad = []
    for fig in figures:
        name = fig["alt"][:60] or fig["src"]
        if fig["caption"] is None:
            bad.append(f"no caption: {name}")
        elif not NUMBERED.match(fig["caption"] + " "):
            bad.append(f"caption not numbered 'Figure N.M': {fig['caption'][:80]!r} ({name})")
        elif len(NUMBERED.sub("", fig["caption"] + " ", count=1).strip()) < 8:
            bad.append(f"caption says nothing beyond its number: {fig['caption']!r} ({name})")
    return bad


def legend_problems(png: Path) -> list[str]:
    """What a legend covers in the figure ``png``, as helpers._figure_png.figure_png recorded it."""
    from PIL import Image

    with Image.open(png) as image:
        count = image.info.get("nnbook:legend-overlaps")
        covers = image.info.get("nnbook:legend-covers", "")
    if count is None:
        return [f"{png.name}: no legend record (not drawn through helpers._figure_png.figure_png)"]
    if count == "0":
        return []
    return [f"{png.name}: {covers or count + ' data artists'}"]


@pytest.mark.parametrize("docname", DOCNAMES)
def test_every_figure_has_a_numbered_caption(visit, docname):
    """Each figure has a caption "Figure N.M ..." (cell metadata mystnb.figure.caption / name)."""
    bad = caption_problems(visit(docname).finish_facts["figures"])
    assert bad == [], f"{docname}:\n" + "\n".join(bad)


@pytest.mark.parametrize("docname", DOCNAMES)
def test_prose_writes_numbers_for_a_reader(visit, docname):
    """No float32 noise, no -0.0000 and no e-notation in the prose (code and outputs aside)."""
    bad = number_problems(visit(docname).finish_facts["prose"])
    assert bad == [], f"{docname}:\n" + "\n".join(bad)


@pytest.mark.parametrize("docname", DOCNAMES)
def test_no_legend_covers_data(visit, site, docname):
    """No legend lies over a curve, marker, bar or value label (_figure_png.legend_overlaps)."""
    folder = site / docname.rpartition("/")[0]
    bad = [
        p
        for fig in visit(docname).finish_facts["figures"]
        for p in legend_problems(folder / fig["src"])
    ]
    assert bad == [], f"{docname}: a legend covers data:\n" + "\n".join(bad)


def test_the_finish_checks_can_fail(browser, tmp_path):
    """Each check flags a page or a figure that breaks it, and passes one that does not."""
    import base64

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers import _figure_png

    bad_page = """<article>
      <div class="cell_output"><img src="a.png" alt="a curve without a caption"></div>
      <div class="cell_output"><figure id="f"><img src="b.png" alt="a captioned curve">
        <figcaption><p><span class="caption-number">Fig. 1 </span>Rising.</p></figcaption>
      </figure></div>
      <div class="cell_output"><figure id="g"><img src="c.png" alt="a good figure">
        <figcaption><p><span class="caption-number">Figure 4.2 </span>
        <span class="caption-text">Validation accuracy per epoch: relu ahead.</span></p>
        </figcaption></figure></div>
      <p>The rate is 0.10000000149011612 and the mean -0.0000.</p>
      <ul><li>A gradient of 6.96e-7 and a bound of 1e-07.</li></ul>
      <p>Fine: <code>epsilon=1e-07</code>, 1,720,330 weights, -0.05 to 0.05,
         97.53%, +0.56 points, 7.0 × 10⁻⁷, version 2.10.0.</p>
      <div class="cell_output"><pre>0.10000000149011612 -0.0000 1e-07</pre></div>
    </article>"""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.set_content(bad_page)
        facts = page.evaluate(FINISH_FACTS_JS)
    finally:
        context.close()

    captions = caption_problems(facts["figures"])
    assert len(captions) == 2, captions
    assert captions[0].startswith("no caption") and "not numbered" in captions[1]

    numbers = number_problems(facts["prose"])
    kinds = sorted(n.split(" '")[0] for n in numbers)
    assert kinds == ["e-notation", "e-notation", "float noise", "negative zero"], numbers
    assert number_problems(["97.53%", "+0.56 points", "0.9999", "1,000,000", "-0.05"]) == []
    assert len(number_problems(["it ends at -0.00.", "a step of 1e-07.", "+0.00 points"])) == 3
    assert number_problems(["+0 parameters", "+0.01 points"]) == []

    pngs = {}
    for name, loc in (("covered", "center"), ("clear", "upper left")):
        fig, ax = plt.subplots(figsize=(6, 4))
        ax.plot([0, 1, 2, 3], [0.1, 0.3, 0.7, 0.95], label="relu")
        ax.set_ylim(0, 1)
        ax.legend(loc=loc)
        pngs[name] = tmp_path / f"{name}.png"
        pngs[name].write_bytes(base64.b64decode(_figure_png.figure_png(fig)))
        plt.close(fig)
    plain = tmp_path / "plain.png"
    plt.figure().savefig(plain)
    plt.close("all")
    assert legend_problems(pngs["covered"]) == ["covered.png: legend over line 'relu' in 'an axis'"]
    assert legend_problems(pngs["clear"]) == []
    assert "no legend record" in legend_problems(plain)[0]
