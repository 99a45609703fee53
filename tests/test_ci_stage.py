"""``.ci/run``'s test stage passes in a checkout with nothing beside it.

The maintainers' checkouts and the CI machine's clean clone have ``../shared``
beside the repository (the originals' texts, the spec, data copies); GitHub
Actions checks the repository out alone. ``make test`` must pass both ways:
whatever reads ``../shared`` checks the committed snapshot when it is absent
(``tests/test_originals.py``), and ``CI=true`` does not make that a failure.

The test copies the repository as it stands (the files git tracks or would
add, working-tree contents) into a temporary folder that has no ``shared``
beside it, commits the copy there (the student edition's tests read
``git rev-parse HEAD``), and runs ``bash .ci/run test`` in it with
``CI=true``, reusing this venv (nothing is installed).

It runs the whole of ``make test``, so it is marked ``ci_stage``: pyproject's
``addopts`` leave it out of every run that does not ask for it (``make test``,
the inner one included, so it never recurses); ``make test-without-shared``,
that is ``bash .ci/run without-shared``, one of CI's default stages, runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The venv running this test (the Makefile's $(VENV)): the copy's run reuses it.
VENV = Path(sys.prefix)

pytestmark = pytest.mark.ci_stage


def git(*args: str, cwd: Path) -> str:
    # safe.directory: in GitHub's container the checkout belongs to another user.
    done = subprocess.run(
        ["git", "-c", "safe.directory=*", "-c", "user.name=ci", "-c", "user.email=ci@localhost"]
        + list(args),
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def copy_repository(dest: Path) -> None:
    """The files ``git add -A`` would commit, as they are in the work tree, into ``dest``
    (modification times kept, so that make finds the venv's stamp up to date)."""
    names = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    for name in filter(None, names.split("\0")):
        source = ROOT / name
        if not source.exists():  # deleted, not yet committed
            continue
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, dest / name, follow_symlinks=False)
    git("init", "-q", cwd=dest)
    git("add", "-A", cwd=dest)
    git("commit", "-q", "-m", "a copy of the book, with nothing beside it", cwd=dest)


def inner_environment(book: Path) -> dict[str, str]:
    """This process's environment for the run in ``book``, without what would reach outside
    it: no NNBOOK_* (NNBOOK_ORIGINALS would point at the texts, NNBOOK_DATA_DIR at other
    data; the Makefile sets NNBOOK_QUICK) and no PYTEST_* of this pytest."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NNBOOK_", "PYTEST_"))}
    # The venv installs the helpers editable, mapped to the checkout that made it. A
    # PYTHONPATH entry comes before that mapping (a finder at the end of sys.meta_path),
    # so pytest, the tools and every notebook's kernel import the copy's helpers.
    env["PYTHONPATH"] = str(book)
    env["VENV"] = str(VENV)  # the Makefile's VENV ?= .venv
    env["CI"] = "true"
    return env


def test_ci_test_stage_passes_without_shared(tmp_path):
    book = tmp_path / "book"
    copy_repository(book)
    assert not (book.parent / "shared").exists()
    assert sorted(p.name for p in book.parent.iterdir()) == ["book"]
    env = inner_environment(book)

    # Nothing to install: were the venv out of date for the copy, make would reinstall
    # it, and its editable helpers would then point into this temporary folder.
    stamp = VENV / ".installed"
    assert stamp.is_file(), f"{VENV} is not the Makefile's venv: run `make .venv/.installed`"
    up_to_date = subprocess.run(["make", "-q", str(stamp)], cwd=book, env=env)
    assert up_to_date.returncode == 0, f"{VENV} is out of date: run `make .venv/.installed`"
    installed = stamp.stat().st_mtime
    # A notebook's kernel starts in chapters/: it must find the copy's helpers.
    found = subprocess.run(
        [VENV / "bin" / "python", "-c", "import helpers; print(helpers.__file__)"],
        cwd=book / "chapters",
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(found).is_relative_to(book), found

    run = subprocess.run(["bash", ".ci/run", "test"], cwd=book, env=env, timeout=3 * 3600)
    assert run.returncode == 0, (
        f"`bash .ci/run test` failed (exit {run.returncode}) in a copy of the repository "
        f"with no ../shared beside it ({book}); its output is above"
    )
    assert stamp.stat().st_mtime == installed, f"the run in the copy reinstalled {VENV}"
