"""Activations and their derivatives: the values, the slopes, where the slope peaks, a figure.

The derivative comes from ``tf.GradientTape`` (what Keras uses when it trains),
and :func:`analytic_derivative` gives the textbook formula so that the two can
be checked against each other and against finite differences
(:func:`finite_difference`). Chapter 04 teaches what the slopes mean; its
explorer (:mod:`helpers.explorers.activations`) draws :func:`plot_activation`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from helpers.plotting import COLORS

#: the activations these functions know (Keras names; "linear" is no activation)
ACTIVATIONS = ("sigmoid", "tanh", "relu", "elu", "linear")


def _check_name(name: str) -> None:
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}: choose one of {list(ACTIVATIONS)}.")


def activation_and_derivative(name: str, x):
    """Return ``(f(x), f'(x))`` for a Keras activation, the derivative by ``tf.GradientTape``.

    ``x`` is any array of real numbers; the results are float64 NumPy arrays of
    the same shape. At ``x = 0`` relu's derivative is TensorFlow's choice, 0.
    """
    import keras
    import tensorflow as tf

    _check_name(name)
    fn = keras.activations.get(name)
    xt = tf.constant(np.asarray(x, dtype="float64"))
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = fn(xt)
    dy = tape.gradient(y, xt)
    if dy is None:  # defensive: a constant function has no gradient path
        dy = tf.zeros_like(xt)
    return np.asarray(y, dtype="float64"), np.asarray(dy, dtype="float64")


def analytic_derivative(name: str, x):
    """The textbook derivative of an activation (relu's is taken as 0 at 0, as TensorFlow does)."""
    _check_name(name)
    x = np.asarray(x, dtype="float64")
    if name == "sigmoid":
        s = 1.0 / (1.0 + np.exp(-x))
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - np.tanh(x) ** 2
    if name == "relu":
        return (x > 0).astype("float64")
    if name == "elu":
        return np.where(x > 0, 1.0, np.exp(x))
    return np.ones_like(x)


def finite_difference(name: str, x, h: float = 1e-5):
    """Central finite difference ``(f(x + h) - f(x - h)) / 2h`` of an activation."""
    x = np.asarray(x, dtype="float64")
    up, _ = activation_and_derivative(name, x + h)
    down, _ = activation_and_derivative(name, x - h)
    return (up - down) / (2 * h)


def derivative_peak(name: str, x_min: float = -6.0, x_max: float = 6.0, n: int = 1201):
    """Return ``(x, f'(x))`` where the derivative is largest on a grid over [x_min, x_max]."""
    x = np.linspace(x_min, x_max, n)
    _, dy = activation_and_derivative(name, x)
    i = int(np.argmax(dy))
    return float(x[i]), float(dy[i])


def plot_activation(
    name: str, x_min: float = -6.0, x_max: float = 6.0, n: int = 401, ax=None
) -> Figure:
    """Plot an activation and its derivative over [x_min, x_max]; return the figure."""
    if not x_min < x_max:
        raise ValueError(f"plot_activation() needs x_min < x_max, got {x_min} and {x_max}.")
    x = np.linspace(x_min, x_max, n)
    y, dy = activation_and_derivative(name, x)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.6))
    # the book's colour for the activation; the derivative dotted, thinner
    ax.plot(x, y, color=COLORS[name], label=f"{name}(x)")
    ax.plot(x, dy, color=COLORS[name], linestyle=":", lw=2.5, label=f"{name}'(x)")
    ax.axhline(0, color="grey", lw=0.5)
    ax.axvline(0, color="grey", lw=0.5)
    ax.set_title(f"{name} and its derivative")
    ax.set_xlabel("input x")
    ax.set_ylabel("value")
    ax.grid(alpha=0.3)
    ax.legend()
    return ax.figure
