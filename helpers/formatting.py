"""One number format for the whole book: prose (glue) and printed output alike.

The prose cites glued values with these format specs
(``{glue:text}`key:.2%```), and printed output calls the functions below, so a
quantity reads the same wherever it appears:

- accuracies in per cent with two decimals, ``97.53%`` (:data:`ACCURACY`);
- differences of accuracies in percentage points, named as such:
  ``+0.56 points`` (:func:`points`; glued under ``*_diff_points`` keys,
  format :data:`POINTS`);
- losses to four decimals (:data:`LOSS`);
- counts with thousands separators, ``1,720,330`` (:data:`COUNT`);
- other numbers to four significant digits, never ``-0.0000`` nor float32
  noise such as ``0.10000000149011612`` (:func:`number`);
- small magnitudes for a reader, ``7.0 × 10⁻⁷`` rather than ``7e-07``
  (:func:`magnitude`).
"""

from __future__ import annotations

import math

#: format specs for {glue:text} roles (and the functions below)
ACCURACY = ".2%"
POINTS = "+.2f"
LOSS = ".4f"
COUNT = ","

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _plain(value) -> float:
    if hasattr(value, "numpy") and callable(value.numpy):
        value = value.numpy()
    if hasattr(value, "item"):
        value = value.item()
    return float(value)


def accuracy(value) -> str:
    """An accuracy (a fraction from 0 to 1) in per cent: ``0.97531`` -> ``'97.53%'``."""
    return _no_negative_zero(format(_plain(value), ACCURACY))


def points(difference) -> str:
    """A difference of two accuracies (as fractions) in percentage points: ``'+0.56 points'``."""
    return _no_negative_zero(format(_plain(difference) * 100, POINTS)) + " points"


def loss(value) -> str:
    """A loss to four decimals."""
    return _no_negative_zero(format(_plain(value), LOSS))


def count(value) -> str:
    """A whole number with thousands separators: ``1720330`` -> ``'1,720,330'``."""
    return format(int(value), COUNT)


def number(value, digits: int = 4) -> str:
    """Any other number to ``digits`` significant digits, without float noise or ``-0``."""
    value = _plain(value)
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    if abs(value) < 1e-3 or abs(value) >= 1e6:
        return magnitude(value, digits)
    text = format(value, f".{digits}g")
    return _no_negative_zero(text)


def magnitude(value, digits: int = 2) -> str:
    """A very small or large number for a reader: ``6.96e-07`` -> ``'7.0 × 10⁻⁷'``."""
    value = _plain(value)
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    mantissa = value / 10**exponent
    if round(abs(mantissa), digits - 1) >= 10:
        mantissa /= 10
        exponent += 1
    return f"{mantissa:.{digits - 1}f} × 10{str(exponent).translate(_SUPERSCRIPT)}"


def _no_negative_zero(text: str) -> str:
    """``'-0.00%'`` -> ``'0.00%'``: a rounded zero has no sign."""
    stripped = text.lstrip("+-")
    if stripped and not any(ch in "123456789" for ch in stripped):
        return stripped
    return text
