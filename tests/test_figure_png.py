"""helpers._figure_png: figures that record their smallest text and what their legends cover."""

from __future__ import annotations

import base64
import io

import matplotlib.pyplot as plt
import pytest
from PIL import Image

from helpers import _figure_png

#: the figures of the book are drawn in its style
pytestmark = pytest.mark.usefixtures("book_style")


def test_smallest_text_px_finds_the_smallest_visible_text():
    fig, ax = plt.subplots()
    ax.set_title("title", fontsize=14)
    ax.set_xlabel("x", fontsize=9)
    ax.text(0, 0, "hidden", fontsize=3).set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])
    assert _figure_png.smallest_text_px(fig, dpi=100) == pytest.approx(9 * 100 / 72)
    plt.close(fig)


def test_figure_png_records_the_smallest_text_in_the_image():
    fig, ax = plt.subplots()
    ax.set_title("small", fontsize=6)
    png = base64.b64decode(_figure_png.figure_png(fig))
    image = Image.open(io.BytesIO(png))
    assert float(image.info["nnbook:min-font-px"]) == pytest.approx(6 * 100 / 72, abs=0.05)
    plt.close(fig)


def _legend_figure(loc="upper left", **legend_kw):
    """A rising curve from bottom left to top right, with an empty top-left corner."""
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([0, 1, 2, 3], [0.1, 0.3, 0.7, 0.95], marker="o", label="relu")
    ax.set_ylim(0, 1)
    ax.legend(loc=loc, **legend_kw)
    return fig, ax


def test_legend_overlaps_sees_a_legend_over_a_curve():
    fig, _ = _legend_figure(loc="center")
    assert _figure_png.legend_overlaps(fig) == ["legend over line 'relu' in 'an axis'"]
    plt.close(fig)


def test_legend_overlaps_is_empty_when_the_legend_sits_in_an_empty_corner():
    fig, _ = _legend_figure(loc="upper left")
    assert _figure_png.legend_overlaps(fig) == []
    plt.close(fig)


def test_legend_overlaps_ignores_legends_outside_the_axes_and_reference_lines():
    fig, ax = _legend_figure(loc="upper left", bbox_to_anchor=(1.02, 1))
    ax.axhline(0.9, color="black", linestyle=":")  # a reference line under no legend
    assert _figure_png.legend_overlaps(fig) == []
    fig2, ax2 = _legend_figure(loc="upper left")
    ax2.axhline(0.95, color="black", linestyle=":", label="chance")  # passes under the legend
    ax2.legend(loc="upper left")
    assert _figure_png.legend_overlaps(fig2) == []
    plt.close("all")


def test_legend_overlaps_sees_bars_markers_and_value_labels():
    fig, ax = plt.subplots(figsize=(6, 4))
    bars = ax.bar(["a", "b", "c"], [0.5, 0.9, 0.947], label="accuracy")
    ax.bar_label(bars, fmt="%.3f")
    ax.set_ylim(0, 1.05)
    ax.legend(loc="upper right")
    found = _figure_png.legend_overlaps(fig)
    assert "legend over label '0.947' in 'an axis'" in found
    assert any(f.startswith("legend over bar") for f in found)
    fig2, ax2 = plt.subplots(figsize=(6, 4))
    ax2.plot([0.02], [0.98], "D", ms=10, label="mean")  # a lone marker, no line
    ax2.set_xlim(0, 1)
    ax2.set_ylim(0, 1)
    ax2.legend(loc="upper left")
    assert _figure_png.legend_overlaps(fig2) == ["legend over markers of 'mean' in 'an axis'"]
    plt.close("all")


def test_figure_png_records_whether_a_legend_covers_data():
    fig, _ = _legend_figure(loc="center")
    info = Image.open(io.BytesIO(base64.b64decode(_figure_png.figure_png(fig)))).info
    assert info["nnbook:legend-overlaps"] == "1"
    assert "line 'relu'" in info["nnbook:legend-covers"]
    fig2, _ = _legend_figure(loc="upper left")
    info2 = Image.open(io.BytesIO(base64.b64decode(_figure_png.figure_png(fig2)))).info
    assert info2["nnbook:legend-overlaps"] == "0" and info2["nnbook:legend-covers"] == ""
    plt.close("all")


def test_figure_png_shows_a_figure_whose_legends_cannot_be_measured(monkeypatch):
    def broken(fig):
        raise RuntimeError("no renderer")

    monkeypatch.setattr(_figure_png, "legend_overlaps", broken)
    fig, _ = _legend_figure(loc="center")
    info = Image.open(io.BytesIO(base64.b64decode(_figure_png.figure_png(fig)))).info
    assert info["nnbook:legend-overlaps"] == "unknown"
    assert "RuntimeError: no renderer" in info["nnbook:legend-covers"]
    plt.close(fig)


def test_legend_overlaps_checks_a_figure_legend_against_every_axis():
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3))
    for ax in (left, right):
        ax.plot([0, 1, 2, 3], [0.1, 0.3, 0.7, 0.95], label="relu")
        ax.set_ylim(0, 1)
    right.set_title("right")
    fig.legend(*left.get_legend_handles_labels(), loc="center")  # between the two axes
    assert _figure_png.legend_overlaps(fig) == []
    fig.legends.clear()
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, loc="center", bbox_to_anchor=right.get_position().bounds)
    assert _figure_png.legend_overlaps(fig) == ["legend over line 'relu' in 'right'"]
    plt.close(fig)
