"""An eighth chapter is its notebook and its line in _toc.yml, nothing more.

`tools/toc.py` is the one list of the chapters and `results/glued.json` the
one record of their glue keys: no test, tool or count names the chapters. To
keep it so, this test copies the repository's tracked files (`git ls-files`)
to a temporary folder, adds a small dummy chapter there in the book's normal
form (the repository's own normaliser writes its preamble) with its line in
the toc, and runs the tests that reason about the set of chapters in that
copy, and nbval on the new chapter in quick mode. They must pass and must
have seen the new chapter; the one exception
is the Chinese edition, which must never be behind (CONTRIBUTING.md): the
new page needs its catalogue, and the failures must say so, naming the page
and `make catalogues`.

The real repository is never written to. About 60 s on a busy 2-core machine.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NAME = "08_dummy"
DOCNAME = f"chapters/{NAME}"
KEY = "dummy_answer"

#: the test modules that reason about the set of chapters (or the pages of the toc)
MODULES = [
    "tests/test_notebooks.py",
    "tests/test_toc.py",
    "tests/test_build_book.py",
    "tests/test_notebook_tools.py",
    "tests/test_results.py",
    "tests/test_bench.py",
    "tests/test_tools.py",
    "tests/test_i18n.py",
]
#: slow tests of those modules that build a tiny book of their own, never the book's
#: chapters: left out to keep this test short
OWN_BOOK = [
    "test_a_changed_helper_re_runs_the_cached_notebooks",
    "test_prefill_runs_what_the_cache_lacks_then_nothing",
    "test_prefill_reports_a_failing_notebook",
    "test_the_download_button_serves_the_edition",
]
#: what test_i18n may fail on: the new page has no Chinese catalogue yet
I18N_FAILURES = {
    "test_every_page_has_a_catalogue",
    "test_catalogues_hold_every_message_of_the_english_pages",
}


def _cell(kind: str, source: str, tags: list[str] | None = None) -> dict:
    cell = {"cell_type": kind, "id": "", "metadata": {}, "source": source}
    if tags:
        cell["metadata"]["tags"] = tags
    if kind == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


def dummy_notebook() -> dict:
    """A small chapter: title, Setup, the book-setup cell, a lesson, a checked and glued result.

    The Colab and MODE cells and the folding are left to the normaliser.
    """
    cells = [
        _cell("markdown", "# A dummy chapter\n\nAn eighth chapter, added by a test."),
        _cell("markdown", "## Setup"),
        _cell(
            "code",
            "# @title Set up the book: mode, versions and the book's own tools\n"
            "from helpers.environment import setup_chapter\n\n"
            "setup_chapter(MODE)\n\n"
            "from helpers.claims import claim\n"
            "from helpers.glue import glue",
            ["hide-input"],
        ),
        _cell("markdown", "## Compute the answer"),
        _cell("code", "answer = 6 * 7\nanswer"),
        _cell("markdown", f"The answer is {{glue:text}}`{KEY}:,`."),
        _cell(
            "code",
            "# @title Check the claims above\n"
            'claim(answer == 42, "The answer is 42", got=answer)\n'
            f'glue("{KEY}", answer)',
            ["remove-cell"],
        ),
    ]
    return {
        "cells": cells,
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def copy_of_the_repository(to: Path) -> Path:
    """The tracked files of the repository, as they are in the work tree, under ``to``."""
    files = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, files.split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the work tree is left out
            (to / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, to / name)
    return to


def add_the_chapter(book: Path) -> Path:
    toc = book / "_toc.yml"
    lines = toc.read_text(encoding="utf-8").splitlines(keepends=True)
    last = max(i for i, line in enumerate(lines) if line.strip().startswith("- file: chapters/0"))
    indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())]
    lines.insert(last + 1, f"{indent}- file: {DOCNAME}\n")
    toc.write_text("".join(lines), encoding="utf-8")

    path = book / f"{DOCNAME}.ipynb"
    path.write_text(json.dumps(dummy_notebook()), encoding="utf-8")
    # the repository's own tool writes the normal form (Colab and MODE cells, folding)
    normalise = [sys.executable, "-m", "tools.notebooks", "--root", str(book), "normalise"]
    done = subprocess.run([*normalise, str(path)], cwd=book, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr  # 1: it wrote differences
    done = subprocess.run(
        [*normalise, "--check", str(path)], cwd=book, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return path


def commit_all(book: Path) -> None:
    """The copy as a repository of its own (the edition pins the helpers to a commit)."""
    git = ["git", "-C", str(book), "-c", "user.email=t@t", "-c", "user.name=t"]
    subprocess.run(["git", "init", "-q", str(book)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "an eighth chapter"], check=True)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    book = copy_of_the_repository(tmp_path_factory.mktemp("book"))
    add_the_chapter(book)
    commit_all(book)
    return book


def run_tests(book: Path, args: list[str], junit: Path) -> tuple[str, dict[str, str | None]]:
    """Run pytest in the copy: its output, and test id -> failure message (None: passed)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTEST_XDIST_WORKER", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
        + [f"--junitxml={junit}", *args],
        cwd=book,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    outcomes = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        test_id = f"{case.get('classname')}::{case.get('name')}"
        bad = [e for e in case if e.tag in ("failure", "error")]
        skipped = any(e.tag == "skipped" for e in case)
        outcomes[test_id] = (
            "\n".join((e.get("message") or "") + "\n" + (e.text or "") for e in bad)
            if bad
            else ("skipped" if skipped else None)
        )
    return done.stdout + done.stderr, outcomes


def test_an_eighth_chapter_needs_only_its_notebook_and_its_toc_line(book, tmp_path):
    assert not (ROOT / f"{DOCNAME}.ipynb").exists(), "the real repository is left alone"
    deselect = " and ".join(f"not {name}" for name in OWN_BOOK)
    nbval = [f"{DOCNAME}.ipynb", "--nbval-lax", "--nbval-current-env"]  # quick mode: pyproject
    output, outcomes = run_tests(book, [*MODULES, *nbval, "-k", deselect], tmp_path / "junit.xml")
    assert outcomes, output[-3000:]

    # the new chapter was seen: its own tests were collected
    mine = [test_id for test_id in outcomes if NAME in test_id]
    for test in (
        "test_notebooks.py::test_notebook_is_in_its_normal_form",
        "test_notebooks.py::test_recorded_glue_keys_are_still_glued",
        "test_notebooks.py::test_every_glue_reference_has_a_glued_value",
        "test_notebook_tools.py::test_no_glue_role_or_sphinx_syntax_survives",
    ):
        module, name = test.split("::")
        assert any(name in t and module[:-3] in t for t in mine), (test, mine)

    failed = {test_id: why for test_id, why in outcomes.items() if why not in (None, "skipped")}
    # the Chinese edition is never behind: its catalogue is all that is missing, and
    # the failures say so, naming the page (and, in test_i18n, the fix)
    i18n = {t: why for t, why in failed.items() if "test_i18n" in t}
    assert {t.rsplit("::", 1)[-1] for t in i18n} == I18N_FAILURES, output[-5000:]
    for test_id, why in i18n.items():
        assert DOCNAME in why and "make catalogues" in why, (test_id, why[:2000])
    others = {t: why for t, why in failed.items() if "test_i18n" not in t}
    for test_id, why in others.items():
        # the Chinese student edition cannot be written without the page's catalogue
        chinese = "zh_CN" in test_id or "chinese" in test_id
        assert chinese and f"no zh_CN catalogue for {DOCNAME}" in why, (
            f"with an eighth chapter, {test_id} fails for another reason than the new page's "
            f"missing catalogue (does it count or name the chapters?):\n{why[:3000]}"
        )
    # the English edition and every other test passed with the new chapter in the book
    english = [t for t in mine if "test_notebook_tools" in t and f"[en-{NAME}]" in t]
    assert english and all(outcomes[t] is None for t in english), english
    passed = [t for t, why in outcomes.items() if why is None]
    assert len(passed) > 200, output[-3000:]
    # and nbval ran it in quick mode, as `make test` runs every chapter
    cells = [t for t in outcomes if t.startswith(f"chapters.{NAME}.ipynb")]
    assert cells and all(outcomes[t] is None for t in cells), (cells, output[-3000:])
