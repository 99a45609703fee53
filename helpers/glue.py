"""Glue numbers from a run into the book's prose, with or without myst-nb.

Every number the text quotes is stored with :func:`glue` under a book-wide
unique key and cited in Markdown as ``{glue:text}`key:.3f```. In Colab, where
myst-nb is absent, :func:`glue` only checks and returns the value, so the
notebook runs the same.
"""

from __future__ import annotations

import math
import numbers
import re

try:  # myst-nb is there when the book is built, not in Colab.
    from myst_nb import glue as _myst_glue
except ImportError:  # pragma: no cover - exercised in Colab only
    _myst_glue = None

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def plain_number(value):
    """Return ``value`` as a plain Python ``int`` or ``float``.

    NumPy and TensorFlow scalars become Python numbers (their ``repr`` would
    otherwise leak into the text). Raises TypeError for anything that is not a
    single real number and ValueError for NaN or infinity.
    """
    if hasattr(value, "numpy") and callable(value.numpy):  # a TensorFlow scalar
        value = value.numpy()
    if hasattr(value, "ndim") and value.ndim == 0:  # a NumPy scalar
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"glue needs a single int or float, got {type(value).__name__}: {value!r}")
    if isinstance(value, numbers.Integral):
        return int(value)
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"glue got {value}: a run that produced NaN or inf went wrong")
    return value


def glue(key: str, value):
    """Store a number under ``key`` for the prose and return it as a plain number.

    ``key`` must be lower-case letters, digits and underscores (the book keeps
    keys unique across chapters; a test checks that).
    """
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValueError(
            f"glue key {key!r} is not valid: use lower-case letters, digits and "
            f"underscores, starting with a letter (e.g. 'iris_val_acc')."
        )
    value = plain_number(value)
    if _myst_glue is not None:
        _myst_glue(key, value, display=False)
    return value
