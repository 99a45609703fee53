"""helpers.plotting: the book's one visual language, and figures that record their text size."""

from __future__ import annotations

import base64
import io

import matplotlib.pyplot as plt
import pytest
from PIL import Image

from helpers import plotting


@pytest.mark.parametrize(
    ("label", "color"),
    [
        ("relu", plotting.COLORS["relu"]),
        ("relu 256", plotting.COLORS["relu"]),
        ("validation sigmoid", plotting.COLORS["sigmoid"]),
        ("Adam", plotting.COLORS["adam"]),
        ("val_accuracy (tanh)", plotting.COLORS["tanh"]),
        ("dropout model", None),
    ],
)
def test_color_for_finds_the_activation_or_optimizer(label, color):
    assert plotting.color_for(label) == color


def test_every_activation_has_its_own_colour():
    names = ["relu", "sigmoid", "tanh", "elu", "softmax", "linear"]
    assert len({plotting.COLORS[n] for n in names}) == len(names)


@pytest.mark.parametrize(
    ("label", "style"),
    [("relu train", "-"), ("relu validation", "--"), ("val_loss", "--"), ("test", "--"),
     ("sigmoid", "-")],
)  # fmt: skip
def test_validation_and_test_curves_are_dashed(label, style):
    assert plotting.line_style(label) == style


def test_plot_curves_uses_the_book_colours_and_dashes():
    ax = plotting.plot_curves({"relu train": [0.9, 0.95], "relu validation": [0.8, 0.9]}, "t")
    train, val = ax.lines
    assert train.get_color() == val.get_color() == plotting.COLORS["relu"]
    assert train.get_linestyle() == "-" and val.get_linestyle() == "--"
    plt.close("all")


def test_smallest_text_px_finds_the_smallest_visible_text():
    fig, ax = plt.subplots()
    ax.set_title("title", fontsize=14)
    ax.set_xlabel("x", fontsize=9)
    ax.text(0, 0, "hidden", fontsize=3).set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])
    assert plotting.smallest_text_px(fig, dpi=100) == pytest.approx(9 * 100 / 72)
    plt.close(fig)


def test_figure_png_records_the_smallest_text_in_the_image():
    fig, ax = plt.subplots()
    ax.set_title("small", fontsize=6)
    png = base64.b64decode(plotting.figure_png(fig))
    image = Image.open(io.BytesIO(png))
    assert float(image.info["nnbook:min-font-px"]) == pytest.approx(6 * 100 / 72, abs=0.05)
    plt.close(fig)


def test_the_book_style_is_set_on_import():
    assert plt.rcParams["font.size"] == plotting.STYLE["font.size"] >= 12
    assert plt.rcParams["xtick.labelsize"] >= 11
