"""Plots the chapters share, in one visual language: curves, curve overlays, image grids.

The look is set here once, for every figure of the book: the same font sizes
(readable when the page shrinks a figure to its column), a fixed colour for
each activation and each optimizer (:data:`COLORS`, the Okabe-Ito palette,
which colour-blind readers can tell apart), solid lines for training and
dashed lines for validation or test data. Every figure gets a title, axis
labels and a legend. Introduced in chapter 02.

Importing this module also makes notebooks show figures as PNGs that record
the size of their smallest text and whether a legend covers data
(:func:`figure_png`), so that the book's browser tests can check that no
figure's text is too small to read and that no legend hides a curve, a bar,
a marker or a value label (:func:`legend_overlaps`).
"""

from __future__ import annotations

import base64
import io
import re

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import Collection, PathCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox

#: the book's matplotlib settings (applied when this module is imported)
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


def smallest_text_px(fig: Figure, dpi: float | None = None) -> float:
    """The size in PNG pixels of the smallest visible text of ``fig`` at ``dpi``."""
    dpi = dpi or fig.dpi
    sizes = [
        t.get_fontsize() * dpi / 72
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip()
    ]
    return min(sizes) if sizes else float("inf")


def _legend_region(legend: Legend, renderer, ax) -> Bbox | None:
    """The part of ``legend``'s box that lies inside ``ax`` (None if none does)."""
    if not legend.get_visible():
        return None
    box = legend.get_window_extent(renderer)
    inside = Bbox.intersection(box, ax.bbox)
    if inside is None or inside.width <= 0 or inside.height <= 0:
        return None
    return inside


def _describe(artist, kind: str) -> str:
    label = artist.get_label() if hasattr(artist, "get_label") else ""
    if isinstance(artist, Text):
        label = artist.get_text()
    label = str(label or "")
    if label.startswith("_"):  # matplotlib's names for unlabelled artists
        label = ""
    return f"{kind} {label!r}" if label else kind


def _any_inside(xy, box: Bbox) -> bool:
    """Whether any of the display points ``xy`` (n x 2) lies inside ``box``."""
    x, y = xy[:, 0], xy[:, 1]
    return bool(np.any((x >= box.x0) & (x <= box.x1) & (y >= box.y0) & (y <= box.y1)))


def _covered(ax, region: Bbox, renderer) -> list[str]:
    """What of ``ax``'s data (lines, markers, bars, collections, value labels) ``region`` covers."""
    covered = []
    for line in ax.lines:
        # Data curves only: axhline / axvline reference lines span the axes
        # in axes coordinates, and a legend may sit over a stretch of them.
        if not line.get_visible() or line.get_transform() is not ax.transData:
            continue
        xy = line.get_transform().transform(line.get_xydata())
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if len(xy) == 0:
            continue
        if line.get_linestyle() not in ("None", "none", "", " ") and len(xy) > 1:
            path = MplPath(xy)
            if path.intersects_bbox(region, filled=False):
                covered.append(_describe(line, "line"))
                continue
        if line.get_marker() not in (None, "None", "none", "", " "):
            radius = line.get_markersize() * renderer.points_to_pixels(1.0) / 2
            if _any_inside(xy, region.padded(radius)):
                covered.append(_describe(line, "markers of"))
    for coll in ax.collections:
        if not coll.get_visible() or not isinstance(coll, Collection):
            continue
        if isinstance(coll, PathCollection) and len(coll.get_offsets()):
            xy = coll.get_offset_transform().transform(coll.get_offsets())
            sizes = coll.get_sizes()
            radius = (
                (np.sqrt(sizes.max()) if len(sizes) else 6.0) * renderer.points_to_pixels(1.0) / 2
            )
            if _any_inside(xy, region.padded(radius)):
                covered.append(_describe(coll, "points of"))
            continue
        transform = coll.get_transform()
        filled = isinstance(coll, PolyCollection)
        if any(
            transform.transform_path(path).intersects_bbox(region, filled=filled)
            for path in coll.get_paths()
        ):
            covered.append(_describe(coll, "area" if filled else "lines of"))
    for patch in ax.patches:
        # Bars and other patches placed in data coordinates; a band drawn
        # across the axes (axvspan / axhspan) is a reference, like axhline.
        if not patch.get_visible() or not isinstance(patch, Patch):
            continue
        if patch.get_data_transform() is not ax.transData:
            continue
        box = patch.get_window_extent(renderer)
        overlap = Bbox.intersection(box, region)
        if overlap is not None and overlap.width > 0.5 and overlap.height > 0.5:
            covered.append(_describe(patch, "bar"))
    for text in ax.texts:
        if not text.get_visible() or not text.get_text().strip():
            continue
        overlap = Bbox.intersection(text.get_window_extent(renderer), region)
        if overlap is not None and overlap.width > 0.5 and overlap.height > 0.5:
            covered.append(_describe(text, "label"))
    for image in ax.images:
        overlap = Bbox.intersection(image.get_window_extent(renderer), region)
        if image.get_visible() and overlap is not None and overlap.width > 0.5:
            covered.append(_describe(image, "image"))
    return covered


def legend_overlaps(fig: Figure) -> list[str]:
    """What data each legend of ``fig`` covers, in display coordinates; ``[]`` when none.

    Every legend (of an axis, or of the figure) is checked against the data
    drawn in every axis it lies over: curves (the line between the points
    counts, not only the points), markers (with their size), bars and other
    patches, scatter points, filled areas such as ``fill_between``, value
    labels written with ``ax.text`` / ``ax.annotate``, and images. Reference
    lines drawn across the axes (``axhline`` / ``axvline``) do not count.
    Draws the figure once to place ``loc="best"`` legends.
    """
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    legends += list(fig.legends)
    if not legends:
        return []
    # Lay the figure out as it will be saved (tight_layout, loc="best"), then
    # measure with a renderer of the figure's own canvas.
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    found = []
    for legend in legends:
        for ax in fig.axes:
            region = _legend_region(legend, renderer, ax)
            if region is None:
                continue
            title = ax.get_title() or "an axis"
            found += [f"legend over {what} in {title!r}" for what in _covered(ax, region, renderer)]
    return found


def _latin1(text: str) -> str:
    """PNG text chunks are Latin-1: keep what fits, write the rest as ``?``."""
    return text.encode("latin-1", "replace").decode("latin-1")


def figure_png(fig: Figure) -> str:
    """The notebook's PNG of ``fig`` (base64), recording its smallest text and its legends.

    The PNG carries ``nnbook:min-font-px`` (the smallest text in pixels of the
    image), which tests/site reads to check that the text is still 10 px or
    more once the page has scaled the figure to its column, and
    ``nnbook:legend-overlaps`` (how many data artists a legend covers, from
    :func:`legend_overlaps`; ``unknown`` if the check itself failed) with
    ``nnbook:legend-covers`` (which ones, or why the check failed), which
    tests/site reads to check that no legend hides data.
    """
    dpi = mpl.rcParams["savefig.dpi"]
    dpi = fig.dpi if dpi == "figure" else dpi
    try:
        overlaps = legend_overlaps(fig)
        count = str(len(overlaps))
    except Exception as exc:  # a figure is shown even if it cannot be measured
        overlaps = [f"the legend check failed: {type(exc).__name__}: {exc}"]
        count = "unknown"
    buf = io.BytesIO()
    fig.savefig(
        buf,
        format="png",
        dpi=dpi,
        bbox_inches="tight",
        facecolor="white",
        metadata={
            "nnbook:min-font-px": f"{smallest_text_px(fig, dpi):.1f}",
            "nnbook:legend-overlaps": count,
            "nnbook:legend-covers": _latin1("; ".join(overlaps))[:2000],
        },
    )
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _show_figures_with_their_text_size() -> None:
    """In a notebook, show every figure through :func:`figure_png` (elsewhere, nothing)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with every notebook
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return

    def use_figure_png(*_):
        shell.display_formatter.formatters["image/png"].for_type(Figure, figure_png)

    # The inline backend sets its own PNG formatter when it is first loaded,
    # at the end of that cell; setting ours again after every cell keeps it.
    # Load the backend now (the inline backend sets its own formatter and
    # rcParams when it loads), then the book's style and formatter on top.
    plt.switch_backend(mpl.get_backend())
    mpl.rcParams.update(STYLE)
    use_figure_png()
    shell.events.register("post_run_cell", use_figure_png)


mpl.rcParams.update(STYLE)
_show_figures_with_their_text_size()


def plot_history(history, metrics=("accuracy", "loss"), title: str = "Training history"):
    """Plot train against validation for each metric of a Keras ``History``, side by side.

    Chapter 05's ``show_train_history``. Returns the matplotlib figure.
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


def plot_curves(curves: dict, title: str, xlabel: str = "epoch", ylabel: str = "accuracy", ax=None):
    """Overlay named curves (``{label: values}``) on one axis, x starting at 1.

    Each curve takes the book's colour for the activation or optimizer its
    label names (:func:`color_for`) and is dashed when the label says it is a
    validation or test curve. Returns the axis. Chapters 04 to 07 compare runs
    with it.
    """
    if not curves:
        raise ValueError("plot_curves() got no curves: pass {label: values}.")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    for label, values in curves.items():
        values = np.asarray(values, dtype=float)
        ax.plot(
            np.arange(1, len(values) + 1),
            values,
            marker="o",
            ms=3,
            color=color_for(label),
            linestyle=line_style(label),
            label=label,
        )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # x counts epochs (or steps)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def show_images(images, labels, title: str, class_names=None, ncols: int = 8):
    """Show 28x28 images in a grid, each titled with its label (or class name).

    Returns the figure. Chapters 05, 06 and 07.
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
