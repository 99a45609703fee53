"""Full mode and quick mode, switched by one environment variable.

Full mode (the default) runs every experiment at its original settings: that is
what the rendered book shows. Quick mode subsamples the data and cuts epochs so
that each notebook runs in seconds, for the tests and for a reader in a hurry.

Set ``NNBOOK_QUICK=1`` to switch quick mode on, or choose in the notebook
itself with :func:`set_mode` (each chapter's first cell has a ``MODE`` field,
a drop-down in Colab), which wins over the variable. This module is the only
place that reads the variable.
"""

from __future__ import annotations

import os

QUICK_ENV = "NNBOOK_QUICK"
#: set to 1 by the book's build and the tests: a claim of the text that a run
#: does not bear out stops the run (see helpers.claims); unset in a student's run
STRICT_ENV = "NNBOOK_STRICT"
_ON = {"1", "true", "yes", "on"}
_OFF = {"", "0", "false", "no", "off"}


MODES = ("auto", "full", "quick")
#: the notebook's own choice (set_mode); None: NNBOOK_QUICK decides
_chosen: bool | None = None


def set_mode(mode: str) -> None:
    """Choose the mode from inside a notebook: ``"full"``, ``"quick"`` or ``"auto"``.

    ``"auto"`` leaves the choice to ``NNBOOK_QUICK`` (full mode when it is
    unset), which is how the book and the tests run the notebooks. Every
    chapter calls this in its setup section with the ``MODE`` of its first cell.
    """
    global _chosen
    if mode not in MODES:
        raise ValueError(
            f"MODE = {mode!r} is not a mode: use 'full' (the book's settings), "
            f"'quick' (a few seconds, on a little data) or 'auto' ({QUICK_ENV} decides)."
        )
    _chosen = {"auto": None, "full": False, "quick": True}[mode]


def is_quick() -> bool:
    """Return True when quick mode is on.

    The notebook's :func:`set_mode` choice wins; with ``"auto"`` (or none),
    quick mode is on when ``NNBOOK_QUICK`` is 1/true/yes/on. Raises
    ValueError for a value that is neither on nor off, so that a typo never
    silently runs the wrong mode.
    """
    if _chosen is not None:
        return _chosen
    raw = os.environ.get(QUICK_ENV, "").strip().lower()
    if raw in _ON:
        return True
    if raw in _OFF:
        return False
    raise ValueError(
        f"{QUICK_ENV}={os.environ[QUICK_ENV]!r} is not understood: set it to 1 for "
        f"quick mode, or to 0 (or unset it) for full mode."
    )


def is_strict() -> bool:
    """Return True in the book's build and the tests, False in a student's run.

    ``NNBOOK_STRICT=1`` (set by ``tools/build_book.py``, the book's Sphinx
    extension and pytest) makes a claim that a run does not bear out stop the
    run (:func:`helpers.claims.claim`) and a wrong exercise solution fail
    (:mod:`helpers.exercises`). Unset, as in Colab, both print a note instead
    and "Run all" goes on.
    """
    raw = os.environ.get(STRICT_ENV, "").strip().lower()
    if raw in _ON:
        return True
    if raw in _OFF:
        return False
    raise ValueError(
        f"{STRICT_ENV}={os.environ[STRICT_ENV]!r} is not understood: set it to 1 (the "
        f"book's build and tests: failed claims stop the run) or 0 / unset (a student's run)."
    )


def pick(full, quick):
    """Return ``full`` in full mode and ``quick`` in quick mode.

    Used for epochs, sample counts and seed lists, e.g.
    ``EPOCHS = pick(full=20, quick=2)``.
    """
    return quick if is_quick() else full


def subsample(*arrays, n: int):
    """Keep the first ``n`` rows of each array in quick mode; all rows in full mode.

    Returns a tuple of arrays (a single array when one is given). Raises
    ValueError when the arrays do not have the same number of rows.
    """
    lengths = {len(a) for a in arrays}
    if len(lengths) > 1:
        raise ValueError(
            f"subsample() needs arrays with the same number of rows, got lengths "
            f"{[len(a) for a in arrays]}; pass matching features and labels."
        )
    if n <= 0:
        raise ValueError(f"subsample() needs n > 0, got n={n}.")
    out = tuple(a[:n] for a in arrays) if is_quick() else tuple(arrays)
    return out[0] if len(out) == 1 else out


def banner() -> str:
    """The banner that says which mode this run uses (lines of at most 72 characters)."""
    how = "MODE = 'quick'" if _chosen is not None else f"{QUICK_ENV}=1"
    if is_quick():
        return (
            f"QUICK MODE ({how}): data subsampled and epochs cut.\n"
            "Numbers and plots are NOT the book's; for them, set MODE = 'full'."
        )
    return "Full mode: every experiment runs at its original settings."


def show_banner() -> None:
    """Print the mode banner (every chapter's setup section calls this)."""
    line = banner()
    if is_quick():
        rule = "=" * max(len(part) for part in line.splitlines())
        print(f"{rule}\n{line}\n{rule}")
    else:
        print(line)
