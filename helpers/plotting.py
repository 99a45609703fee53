"""The book's figures in one visual language: its style, its colours, curves and image grids.

One look for every figure of the book: the same font sizes (readable when the
page shrinks a figure to its column), a fixed colour for each activation and
each optimizer (:data:`COLORS`, the Okabe-Ito palette, which colour-blind
readers can tell apart), solid lines for training and dashed lines for
validation or test data. Every figure gets a title, axis labels and a legend.

The style is applied by :func:`use_book_style`, which
:func:`helpers.environment.setup_chapter` calls in every chapter's set-up
cell; importing this module changes nothing. Every ``plot_*`` and
``show_*`` function returns the :class:`~matplotlib.figure.Figure` it drew
on (the figure of ``ax`` when it is given one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

#: the book's matplotlib settings (applied by :func:`use_book_style`)
STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "figure.titlesize": 14,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2.0,
    "axes.prop_cycle": mpl.cycler(
        color=["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000"]
    ),
}

#: one colour per activation and per optimizer, the same in every chapter
COLORS = {
    "relu": "#0072B2",  # blue
    "sigmoid": "#009E73",  # green
    "tanh": "#CC79A7",  # reddish purple
    "elu": "#E69F00",  # orange
    "softmax": "#D55E00",  # vermillion
    "linear": "#666666",  # grey: no activation
    "none": "#666666",
    "sgd": "#56B4E9",  # sky blue
    "adam": "#E69F00",  # orange
    "rmsprop": "#0072B2",  # blue
    "original": "#000000",  # a figure quoted from an original tutorial
}
#: the dash pattern of validation / test curves (training curves are solid)
VALIDATION_STYLE = "--"
#: markers that tell apart curves of the same colour (e.g. three relu runs)
MARKERS = ("o", "s", "^", "D", "v", "P")


def use_book_style() -> None:
    """Apply the book's matplotlib settings (:data:`STYLE`) to every figure drawn after.

    :func:`helpers.environment.setup_chapter` calls it; call it yourself to
    draw in the book's style outside a chapter.
    """
    mpl.rcParams.update(STYLE)


def color_for(label: str, default=None):
    """The book's colour for a curve whose label names an activation or optimizer.

    The first name of :data:`COLORS` found in the label (as a word, any case)
    wins: ``"relu 256"`` is blue, ``"validation sigmoid"`` green. Returns
    ``default`` when the label names none of them.
    """
    words = re.findall(r"[a-z0-9]+", str(label).lower())
    for word in words:
        if word in COLORS:
            return COLORS[word]
    return default


def line_style(label: str) -> str:
    """Dashed for a validation or test curve (the label says so), solid otherwise."""
    words = str(label).lower().replace("_", " ").split()
    return VALIDATION_STYLE if {"val", "validation", "test"} & set(words) else "-"


def plot_history(history, metrics=("accuracy", "loss"), title: str = "Training history") -> Figure:
    """Plot train against validation for each metric of a Keras ``History``, side by side.

    Returns the figure.
    """
    logs = getattr(history, "history", history)
    unknown = [m for m in metrics if m not in logs]
    if unknown:
        raise KeyError(f"plot_history(): {unknown} not in the history; it has {sorted(logs)}.")
    fig, axes = plt.subplots(1, len(metrics), figsize=(4 * len(metrics), 3.4), squeeze=False)
    color = color_for(title, default="#0072B2")
    for ax, metric in zip(axes[0], metrics, strict=True):
        train = logs[metric]
        ax.plot(range(1, len(train) + 1), train, color=color, marker="o", ms=3, label="train")
        val = logs.get(f"val_{metric}")
        if val:
            step = len(train) // len(val)
            ax.plot(
                range(step, len(train) + 1, step)[: len(val)],
                val,
                color=color,
                linestyle=VALIDATION_STYLE,
                marker="s",
                ms=4,
                label="validation",
            )
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # no epoch 1.5
        ax.set_title(metric.replace("_", " "))
        ax.set_ylabel(metric.replace("_", " "))
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_curves(
    curves: dict,
    title: str,
    xlabel: str = "epoch",
    ylabel: str = "accuracy",
    ax=None,
    *,
    linestyle: str | None = None,
    default_color: str | None = None,
    markers: str | Sequence[str] = "o",
) -> Figure:
    """Overlay named curves (``{label: values}``) on one axis, x starting at 1.

    Each curve takes the book's colour for the activation or optimizer its
    label names (:func:`color_for`; ``default_color`` for a label that names
    none) and is dashed when the label says it is a validation or test curve
    (:func:`line_style`), unless ``linestyle`` sets one style for every curve.
    ``markers`` is one marker for every curve, or a sequence (such as
    :data:`MARKERS`) whose markers tell apart, in turn, the curves that share
    a colour; those are drawn larger, to be told apart. Draws into ``ax`` when
    given one, else into a new 7 x 4 inch figure. Returns the figure.
    """
    if not curves:
        raise ValueError("plot_curves() got no curves: pass {label: values}.")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    one_marker = isinstance(markers, str)
    used: dict[object, int] = {}  # curves drawn so far in each colour
    for label, values in curves.items():
        values = np.asarray(values, dtype=float)
        color = color_for(label, default=default_color)
        if one_marker:
            marker = markers
        else:
            marker = markers[used.get(color, 0) % len(markers)]
            used[color] = used.get(color, 0) + 1
        ax.plot(
            np.arange(1, len(values) + 1),
            values,
            marker=marker,
            ms=3 if one_marker else 5,
            color=color,
            linestyle=linestyle or line_style(label),
            label=label,
        )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # x counts epochs (or steps)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax.figure


def show_images(images, labels, title: str, class_names=None, ncols: int = 8) -> Figure:
    """Show 28x28 images in a grid, each titled with its label (or class name).

    Returns the figure.
    """
    images = np.asarray(images)
    if images.ndim == 2 and images.shape[1] == 784:
        images = images.reshape(-1, 28, 28)
    if images.ndim != 3:
        raise ValueError(
            f"show_images() needs images of shape (n, 28, 28) or (n, 784), got {images.shape}."
        )
    if len(images) != len(labels):
        raise ValueError(f"show_images(): {len(images)} images but {len(labels)} labels.")
    ncols = min(ncols, len(images))
    nrows = int(np.ceil(len(images) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(0.9 * ncols, 1.1 * nrows + 0.4), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, image, label in zip(axes.flat, images, labels, strict=False):
        ax.imshow(image, cmap="gray_r")
        name = class_names[int(label)] if class_names is not None else int(label)
        ax.set_title(str(name), fontsize=11)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
