"""The book in two languages: each page linked to itself in the other, its language
declared, and the Chinese site searchable in Chinese (tools/i18n.py, _ext/nnbook_i18n.py).

The other browser tests (test_pages, test_reader, test_finish) walk every page
in both languages; these check what only a second language adds.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from site_pages import (
    HTML_LANG,
    LANGUAGE_FOLDERS,
    in_every_language,
    language_of,
    source_docname,
    toc_pages,
)

DOCNAMES = in_every_language([name for name, _ in toc_pages()])


def _other(page: str) -> str:
    """The same page in the other language (the book has two)."""
    (other,) = [lang for lang in LANGUAGE_FOLDERS if lang != language_of(page)]
    return LANGUAGE_FOLDERS[other] + source_docname(page)


@pytest.mark.parametrize("docname", DOCNAMES)
def test_html_declares_the_pages_language(visit, docname):
    assert visit(docname).facts["lang"] == HTML_LANG[language_of(docname)]


@pytest.mark.parametrize("docname", DOCNAMES)
def test_each_page_links_itself_in_the_other_language(visit, server, docname):
    page = visit(docname)
    links = page.facts["other_language"]
    assert len(links) == 1, f"{docname}: {links}"
    assert urljoin(page.url, links[0]) == urljoin(server, f"{_other(docname)}.html")


@pytest.mark.parametrize("docname", [n for n in DOCNAMES if language_of(n) != "en"])
def test_a_translated_page_reads_in_its_language(visit, docname):
    """The title is translated (not the English one), as every page's prose is."""
    english = visit(source_docname(docname)).facts["h1"]
    translated = visit(docname).facts["h1"]
    assert translated and translated != english or re.search(r"[\u4e00-\u9fff]", translated)


#: the site's search page has searched: its summary no longer says it is searching
SEARCHED_JS = """() => document.querySelector('#search-results .search-summary')
  && !/Searching|正在搜索/.test(
    document.querySelector('#search-results .search-summary').textContent)"""


def _search(visit, folder: str, query: str) -> list[str]:
    """The result links of the site's own search page for ``query``."""
    return visit(f"{folder}search", query={"q": query}, ready=SEARCHED_JS).facts["search_results"]


def test_chinese_search_finds_a_chinese_word(visit):
    """Sphinx splits Chinese into words (jieba): 激活函数 (activation function) finds chapter 4."""
    found = _search(visit, LANGUAGE_FOLDERS["zh_CN"], "激活函数")
    assert any("chapters/04_linear_or_nonlinear" in href for href in found), found


def test_english_search_still_finds_english(visit):
    found = _search(visit, LANGUAGE_FOLDERS["en"], "initializer")
    assert any("chapters/05_width_activation_initializer" in href for href in found), found
