"""_ext/nnbook_cache.py: a plain `jupyter-book build` never reuses a stale run.

A tiny book in a temporary folder, built three times with the book's cache
extension: the second build reuses the run; after a change to its helpers the
third runs the notebook again, and the page shows the new result.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"

CONFIG = f"""
title: cache test
only_build_toc_files: true
execute:
  execute_notebooks: cache
sphinx:
  local_extensions:
    nnbook_cache: {ROOT / "_ext"}
"""
TOC = "format: jb-book\nroot: page\n"
NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# Page"},
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": "import pathlib\nprint(pathlib.Path('helpers/value.txt').read_text())",
        },
    ],
    "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


def build(book: Path) -> str:
    """Build the tiny book; return jupyter-book's log."""
    done = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(book)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout + done.stderr


@pytest.mark.skipif(shutil.which(str(JUPYTER_BOOK)) is None, reason="jupyter-book is not installed")
def test_a_helper_change_reruns_the_notebook_in_a_plain_build(tmp_path):
    book = tmp_path / "book"
    (book / "helpers").mkdir(parents=True)
    (book / "_config.yml").write_text(CONFIG)
    (book / "_toc.yml").write_text(TOC)
    (book / "page.ipynb").write_text(json.dumps(NOTEBOOK))
    (book / "helpers" / "value.txt").write_text("first value")
    page = book / "_build" / "html" / "page.html"

    first = build(book)
    assert "Executing notebook" in first and "first value" in page.read_text()

    second = build(book)
    assert "Executing notebook" not in second

    (book / "helpers" / "value.txt").write_text("second value")
    third = build(book)
    assert "running page.ipynb again: helpers changed since the cached run" in third
    assert "second value" in page.read_text()
