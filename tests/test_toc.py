"""Tests of tools/toc.py, the one reader of _toc.yml."""

from tools.toc import source_of, toc_entries, toc_notebooks


def test_entries_in_reading_order_with_sections_at_any_depth(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text(
        """
format: jb-book
root: intro
parts:
  - caption: One
    chapters:
      - file: a
        sections:
          - file: a1
            sections:
              - file: a1x
      - file: b.ipynb
  - caption: Two
    chapters:
      - url: https://example.org
        title: a link, not a page
      - file: c
"""
    )
    assert toc_entries(toc) == ["intro", "a", "a1", "a1x", "b.ipynb", "c"]


def test_entries_without_parts(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: intro\nchapters:\n  - file: a\n  - file: b\n")
    assert toc_entries(toc) == ["intro", "a", "b"]


def test_sources_and_notebooks(tmp_path):
    for name in ("intro.md", "a.ipynb", "b.ipynb"):
        (tmp_path / name).write_text("{}")
    toc = tmp_path / "_toc.yml"
    toc.write_text("root: intro\nchapters:\n  - file: a\n  - file: b.ipynb\n  - file: gone\n")
    assert source_of("intro", tmp_path) == tmp_path / "intro.md"
    assert source_of("gone", tmp_path) is None
    assert toc_notebooks(toc) == [tmp_path / "a.ipynb", tmp_path / "b.ipynb"]


def test_the_book_toc(root):
    entries = toc_entries(root / "_toc.yml")
    assert entries[0] == "intro"
    assert all(source_of(entry, root) is not None for entry in entries)
