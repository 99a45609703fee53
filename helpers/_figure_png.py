"""Figures that record their text size and what their legends cover (the site tests read it).

Private to the book's build: a chapter never calls it.
:func:`helpers.environment.setup_chapter` calls :func:`show_figures_as_recorded_pngs`,
after which a notebook shows every matplotlib figure as the PNG of
:func:`figure_png`. That PNG records the size of the figure's smallest text
(:func:`smallest_text_px`) and whether a legend covers data
(:func:`legend_overlaps`), so that the browser tests in ``tests/site`` can
check that no figure's text is too small to read once the page has scaled it
and that no legend hides a curve, a bar, a marker or a value label.
"""

from __future__ import annotations

import base64
import io

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import Collection, PathCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from matplotlib.transforms import Bbox


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


#: the IPython shells whose cells already end by setting our PNG formatter
_SHELLS_HOOKED: set[int] = set()


def show_figures_as_recorded_pngs() -> None:
    """In a notebook, show every figure through :func:`figure_png` (elsewhere, nothing).

    Loads the notebook's matplotlib backend first: the inline backend sets
    rcParams of its own when it loads, so the book's style
    (:func:`helpers.plotting.use_book_style`) is applied after this call.
    Calling it again (a set-up cell run twice) changes nothing.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with every notebook
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return

    def use_figure_png(*_):
        shell.display_formatter.formatters["image/png"].for_type(Figure, figure_png)

    plt.switch_backend(mpl.get_backend())
    use_figure_png()
    # The inline backend sets its own PNG formatter when it is first loaded,
    # at the end of that cell; setting ours again after every cell keeps it.
    if id(shell) not in _SHELLS_HOOKED:
        shell.events.register("post_run_cell", use_figure_png)
        _SHELLS_HOOKED.add(id(shell))
