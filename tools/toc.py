"""The one reader of ``_toc.yml``: the pages of the book, in reading order.

tools/build_book.py (which notebooks to run), tools/bench_commands.py,
tests/test_notebooks.py (every page exists, every notebook is listed) and
tests/site/site_pages.py (which pages to open) all read the table of contents
through :func:`toc_entries`. The toc is the book's one list of its chapters:
a new chapter is its notebook and its line in ``_toc.yml``, and nothing else
counts or names the chapters (tests/test_new_chapter.py adds one to a copy of
the repository and runs the tests that reason about the set of chapters).
"""

from __future__ import annotations

from pathlib import Path

import yaml

#: The repository's top folder, where ``_toc.yml`` is.
ROOT = Path(__file__).resolve().parent.parent

#: Source files a toc entry may name, in the order they are looked for.
SUFFIXES = (".ipynb", ".md")


def _files(items) -> list[str]:
    """The ``file`` of each chapter or section in ``items``, then of its sections, recursively."""
    found = []
    for item in items or []:
        if "file" in item:
            found.append(str(item["file"]))
        found += _files(item.get("sections"))
    return found


def toc_entries(toc: Path) -> list[str]:
    """Every page of a jupyter-book ``_toc.yml`` as written there (``chapters/01_six_steps``).

    The root first, then every chapter and its sections (at any depth), in
    reading order, whether the chapters are grouped in ``parts`` or not.
    """
    data = yaml.safe_load(Path(toc).read_text(encoding="utf-8"))
    entries = [str(data["root"])]
    for part in data.get("parts") or []:
        entries += _files(part.get("chapters"))
    entries += _files(data.get("chapters"))
    entries += _files(data.get("sections"))
    return entries


def source_of(entry: str, root: Path) -> Path | None:
    """The ``.ipynb`` or ``.md`` file under ``root`` behind a toc entry, or None if none exists."""
    path = Path(root) / entry
    if path.suffix in SUFFIXES:
        return path if path.exists() else None
    for suffix in SUFFIXES:
        if path.with_suffix(suffix).exists():
            return path.with_suffix(suffix)
    return None


def toc_notebooks(toc: Path, root: Path | None = None) -> list[Path]:
    """The ``.ipynb`` pages of a toc, in reading order.

    Entries are paths from the book's ``root`` folder (as jupyter-book reads
    them, also for a toc given with ``--toc``); by default the toc's own folder.
    """
    root = Path(toc).parent if root is None else Path(root)
    sources = (source_of(entry, root) for entry in toc_entries(toc))
    return [path for path in sources if path is not None and path.suffix == ".ipynb"]


def book_notebooks(root: Path = ROOT) -> list[Path]:
    """The chapter notebooks of the book in ``root`` (its ``_toc.yml``), in reading order."""
    return toc_notebooks(Path(root) / "_toc.yml", root)
