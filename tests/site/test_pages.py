"""Every page of the rendered book, opened in a real browser.

Run with `make site-test` after `make book` (or set NNBOOK_SITE to another
build's html folder). See conftest.py for how pages are served and visited.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from functools import cache
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from site_pages import (
    LANGUAGE_FOLDERS,
    VIEWPORT,
    in_every_language,
    language_of,
    repository,
    source_docname,
    toc_pages,
    uses_explorers,
)

from tools.notebooks import EDITION_BRANCH, sphinx_only

PAGES = toc_pages()
SUFFIX = dict(PAGES)
# every page in every language: "intro", ..., "zh_CN/intro", ...
DOCNAMES = in_every_language([name for name, _ in PAGES])
# Sphinx's own pages, checked for console errors and links as well.
EXTRA = in_every_language(["genindex", "search"])
EXPLORER_PAGES = in_every_language([n for n, suffix in PAGES if uses_explorers(n, suffix)])
NOTEBOOK_PAGES = in_every_language([n for n, suffix in PAGES if suffix == ".ipynb"])


def test_toc_lists_the_book():
    """The walk below covers every page of the toc, in every language."""
    assert DOCNAMES[0] == "intro"
    assert len(DOCNAMES) == len(PAGES) * len(LANGUAGE_FOLDERS)
    assert "zh_CN/chapters/originals" in DOCNAMES


@pytest.mark.parametrize("docname", DOCNAMES + EXTRA)
def test_page_loads_without_errors(visit, docname):
    page = visit(docname)
    assert page.errors == [], "\n".join(page.errors)
    assert page.screenshot is not None and page.screenshot.stat().st_size > 0


@pytest.mark.parametrize("docname", DOCNAMES + EXTRA)
def test_page_needs_no_other_host(visit, docname):
    """Everything a page loads comes from the site itself (it works offline)."""
    assert visit(docname).outside_requests == []


@pytest.mark.parametrize("docname", DOCNAMES + EXTRA)
def test_no_script_is_loaded_twice(visit, docname):
    scripts = visit(docname).facts["scripts"]
    assert sorted({s for s in scripts if scripts.count(s) > 1}) == []


@pytest.mark.parametrize("docname", DOCNAMES)
def test_math_is_typeset(visit, docname):
    math = visit(docname).facts["math"]
    assert math["errors"] == []
    if math["sources"]:
        assert math["typeset"] >= math["sources"], math


@pytest.mark.parametrize("docname", DOCNAMES)
def test_every_image_loads(visit, docname):
    images = visit(docname).facts["images"]
    broken = [img["src"] for img in images if not (img["complete"] and img["width"] > 0)]
    assert broken == []


@pytest.mark.parametrize("docname", DOCNAMES)
def test_page_fits_the_window(visit, docname):
    """No sideways scrolling of the whole page: wide outputs scroll in their own box."""
    assert visit(docname).facts["scroll_width"] <= VIEWPORT["width"]


@pytest.mark.parametrize("docname", DOCNAMES)
def test_tables_fit_the_column(visit, docname):
    """Every column of every table is in view, none behind a sideways scroll bar."""
    assert visit(docname).facts["wide_tables"] == []


@pytest.mark.parametrize("docname", DOCNAMES)
def test_code_and_printed_text_fit_the_column(visit, docname):
    """No code line or printed line hides behind a sideways scroll bar (the longest shown)."""
    assert visit(docname).facts["wide_code"] == []


@pytest.mark.parametrize("docname", DOCNAMES)
def test_markdown_outputs_are_rendered(visit, docname):
    """A table a cell displays as Markdown is a table on the page, not raw pipes."""
    assert visit(docname).facts["raw_markdown"] == []


@pytest.mark.parametrize("docname", DOCNAMES)
def test_outputs_carry_no_log_noise(visit, docname):
    """No TensorFlow log lines, tracebacks or stderr in the cell outputs."""
    facts = visit(docname).facts
    assert facts["log_lines"] == []
    assert facts["tracebacks"] == 0


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key == "id" or (tag == "a" and key == "name"):
                self.ids.add(value)


@cache
def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = response.read()
            kind = response.headers.get_content_type()
            return response.status, body.decode("utf-8") if kind == "text/html" else ""
    except urllib.error.HTTPError as err:
        return err.code, ""


@cache
def _anchors(url: str) -> frozenset[str]:
    parser = _Anchors()
    parser.feed(_fetch(url)[1])
    return frozenset(parser.ids)


@pytest.mark.parametrize("docname", DOCNAMES + EXTRA)
def test_internal_links_resolve(visit, server, docname):
    page = visit(docname)
    broken = []
    checked = 0
    for href in page.facts["links"]:
        target = urljoin(page.url, href)
        if not target.startswith(server):
            continue  # another site, or mailto: / javascript:
        checked += 1
        address, _, fragment = target.partition("#")
        status, _ = _fetch(address)
        if status != 200:
            broken.append(f"{href}: HTTP {status}")
        elif fragment and fragment not in _anchors(address):
            broken.append(f"{href}: no element with id {fragment!r}")
    assert checked > 0, "the page has no links into the site"
    assert broken == []


@pytest.mark.parametrize("docname", EXPLORER_PAGES)
def test_explorers_are_left_to_a_live_notebook(visit, docname):
    """An explorer needs a kernel: the static page shows no widget that would do nothing.

    The explorer's code stays on the page, with a note that sends the reader
    to Colab (tests/test_notebooks.py checks the tag and the note).
    """
    page = visit(docname)
    assert page.facts["widget_scripts"] == [], (
        "a widget on the static page cannot respond, and its state is dead weight "
        "(_ext/nnbook_html.py drops it)"
    )
    assert len(page.facts["colab"]) == 1


@pytest.mark.parametrize("docname", NOTEBOOK_PAGES)
def test_colab_button_opens_the_student_edition(visit, docname):
    """The Colab button opens the chapter's student edition, on the branch the workflow
    publishes it to (tools/notebooks.py), not the build source on `main`."""
    repo = repository()
    assert repo["branch"] == EDITION_BRANCH, "_config.yml's repository.branch names the edition"
    owner_name = urlsplit(repo["url"]).path.strip("/")
    # the Chinese page opens the Chinese edition: <branch>/zh_CN/chapters/...
    folder = LANGUAGE_FOLDERS[language_of(docname)]
    path = f"{folder}{repo.get('path_to_book') or ''}{source_docname(docname)}.ipynb".lstrip("/")
    expected = f"{repo['colab_url']}/github/{owner_name}/blob/{EDITION_BRANCH}/{path}"
    assert visit(docname).facts["colab"] == [expected]


@pytest.mark.parametrize("docname", DOCNAMES)
def test_download_button_gives_this_pages_source(visit, docname):
    """A text page's button gives its Markdown; a chapter's gives its student edition:
    the numbers written in, no Sphinx-only syntax, the helpers pinned to a commit."""
    page = visit(docname)
    suffix = SUFFIX[source_docname(docname)]
    folder = LANGUAGE_FOLDERS[language_of(docname)]
    assert len(page.facts["download"]) == 1, page.facts["download"]
    target = urljoin(page.url, page.facts["download"][0])
    assert urlsplit(target).path == f"/{folder}_sources/{source_docname(docname)}{suffix}"
    with urllib.request.urlopen(target, timeout=30) as response:
        assert response.status == 200
        source = response.read().decode("utf-8")
    if suffix == ".ipynb":
        nb = json.loads(source)
        assert nb["nbformat"] == 4
        prose = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
        assert not any("{glue" in text for text in prose)
        assert [found for text in prose for found in sphinx_only(text)] == []
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        pinned = rf'"git\+{re.escape(repository()["url"])}@[0-9a-f]{{40}}"'
        assert re.search(pinned, "".join(code[0]["source"])), "the Colab cell pins the helpers"
        source = "".join(nb["cells"][0]["source"])
    # The file's title is the page's title (without the chapter number). A translated
    # text page serves its source, the English Markdown (its translation is a catalogue).
    title = next(line for line in source.splitlines() if line.startswith("# "))
    if suffix == ".md" and language_of(docname) != "en":
        assert title == "# " + visit(source_docname(docname)).facts["h1"]
    else:
        assert title == "# " + page.facts["h1"]


@pytest.mark.parametrize("docname", [n for n in DOCNAMES if n not in NOTEBOOK_PAGES])
def test_text_pages_have_no_colab_button(visit, docname):
    assert visit(docname).facts["colab"] == []
