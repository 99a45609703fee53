"""Check the text's claims against the run: strict in the build, a note in class.

Every sentence of the book that states a result is followed by a folded cell
that checks it with :func:`claim`. In the book's build and the tests
(``NNBOOK_STRICT=1``, see :func:`helpers.modes.is_strict`) a claim the run
does not bear out stops the run, so no page can state what its own run did
not show. In a student's run (Colab, Jupyter) the same check prints what the
text claimed, what this run gave and why a run can differ, and "Run all" goes
on.
"""

from __future__ import annotations

import numbers
import textwrap

from helpers.modes import is_quick, is_strict


class ClaimError(AssertionError):
    """A claim of the text that this run did not bear out (the book's build only)."""


def _shown(value) -> str:
    """``value`` as a reader would write it (numbers to four significant digits)."""
    if hasattr(value, "numpy") and callable(value.numpy):
        value = value.numpy()
    if hasattr(value, "ndim") and getattr(value, "ndim", None) == 0:
        value = value.item()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        return f"{float(value):.4g}"
    return str(value)


def why_runs_differ() -> list[str]:
    """The reasons a student's run can give other numbers than the book's."""
    reasons = []
    if is_quick():
        reasons.append("quick mode trains on a little data for a few epochs")
    reasons += [
        "a GPU, or another CPU, adds numbers up in another order, so even a seeded "
        "run drifts a little",
        "another version of TensorFlow or Keras",
        "Keras' own download of the data set instead of the book's copy",
    ]
    return reasons


def claim(holds, text: str, *, got=None, full_only: bool = False) -> bool:
    """Check one claim of the text; return whether this run bears it out.

    ``holds`` is the claim's test (a bool, e.g. ``acc > 0.9``), ``text`` the
    claim as the page words it ("the linear net trails every nonlinear one")
    and ``got`` what this run measured, shown when the claim fails.
    ``full_only=True`` marks a claim that holds only at the book's full
    settings: in quick mode it is not checked at all.

    In the build (strict) a failed claim raises :class:`ClaimError`; in a
    student's run it prints a note and returns False.
    """
    if full_only and is_quick():
        return True
    if not isinstance(text, str) or not text.strip():
        raise TypeError(
            "claim() needs the claim's words as text, e.g. claim(acc > 0.9, 'beats 90%')."
        )
    ok = bool(holds)
    if ok:
        return True
    measured = "" if got is None else f" This run gave {_shown(got)}."
    if is_strict():
        raise ClaimError(f"The text claims: {text}.{measured}")
    reasons = "; ".join(why_runs_differ())
    note = (
        f"Note: the text says {text}, but this run does not show it.{measured}",
        f"The book's numbers come from its own run; yours can differ ({reasons}).",
        "Nothing is broken: the notebook goes on.",
    )
    print("\n".join(textwrap.fill(part, 76) for part in note))
    return False
