"""Which pages the built book has, and where to find it (shared by conftest and tests)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import yaml

from tools.toc import toc_entries

ROOT = Path(__file__).resolve().parents[2]
VIEWPORT = {"width": 1280, "height": 900}


def site_dir() -> Path:
    """The built site: NNBOOK_SITE, or _build/html."""
    return Path(os.environ.get("NNBOOK_SITE", ROOT / "_build" / "html")).resolve()


def toc_pages() -> list[tuple[str, str]]:
    """(docname, source suffix) of every page in _toc.yml (sections too), in reading order."""
    pages = []
    for name in toc_entries(ROOT / "_toc.yml"):
        name = re.sub(r"\.(md|ipynb)$", "", name)
        suffixes = [s for s in (".ipynb", ".md") if (ROOT / f"{name}{s}").exists()]
        assert len(suffixes) == 1, f"{name} in _toc.yml: expected one source file, got {suffixes}"
        pages.append((name, suffixes[0]))
    return pages


EXPLORERS = sorted(
    name
    for path in (ROOT / "helpers" / "explorers").glob("*.py")
    for name in re.findall(r"^def (\w+_explorer)\(", path.read_text(encoding="utf-8"), re.M)
)


def uses_explorers(docname: str, suffix: str) -> bool:
    """Whether the page's notebook shows one of the widget explorers.

    Only a call of one of the `*_explorer` functions puts a widget on the
    page; importing the module does not.
    """
    if suffix != ".ipynb":
        return False
    nb = json.loads((ROOT / f"{docname}{suffix}").read_text(encoding="utf-8"))
    pattern = re.compile(rf"\b({'|'.join(EXPLORERS)})\(")
    return any(
        cell["cell_type"] == "code" and pattern.search("".join(cell["source"]))
        for cell in nb["cells"]
    )


#: the site's languages, each as the folder its pages are in: the English site
#: at the top, each translation in a folder of its own inside it (tools/i18n.py)
LANGUAGE_FOLDERS = {"en": "", "zh_CN": "zh_CN/"}
#: each language's <html lang>
HTML_LANG = {"en": "en", "zh_CN": "zh-CN"}


def in_every_language(docnames: list[str]) -> list[str]:
    """The pages ``docnames`` in every language of the site: 'intro', ..., 'zh_CN/intro', ..."""
    return [f"{folder}{name}" for folder in LANGUAGE_FOLDERS.values() for name in docnames]


def language_of(page: str) -> str:
    """The language of a page of :func:`in_every_language` ('en' or 'zh_CN')."""
    for language, folder in LANGUAGE_FOLDERS.items():
        if folder and page.startswith(folder):
            return language
    return "en"


def source_docname(page: str) -> str:
    """The source of a page in any language: 'zh_CN/chapters/04_x' -> 'chapters/04_x'."""
    return page.removeprefix(LANGUAGE_FOLDERS[language_of(page)])


def repository() -> dict:
    """_config.yml's repository and launch_buttons settings, merged."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return {**config["repository"], **config["launch_buttons"]}
