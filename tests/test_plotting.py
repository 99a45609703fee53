"""helpers.plotting: the book's one visual language, applied by use_book_style()."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

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
    fig = plotting.plot_curves({"relu train": [0.9, 0.95], "relu validation": [0.8, 0.9]}, "t")
    train, val = fig.axes[0].lines
    assert train.get_color() == val.get_color() == plotting.COLORS["relu"]
    assert train.get_linestyle() == "-" and val.get_linestyle() == "--"
    plt.close("all")


def test_importing_plotting_leaves_the_style_alone_and_use_book_style_sets_it(root):
    import subprocess
    import sys

    code = (
        "import matplotlib as mpl; default = mpl.rcParams['font.size'];"
        "from helpers import plotting; assert mpl.rcParams['font.size'] == default;"
        "plotting.use_book_style(); print(mpl.rcParams['font.size'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert float(done.stdout) == plotting.STYLE["font.size"] >= 12


def test_setup_chapter_applies_the_book_style(book_style, monkeypatch, capsys):
    import matplotlib as mpl

    from helpers import environment, modes

    monkeypatch.setattr(environment, "print_versions", lambda: None)
    mpl.rcParams.update({"font.size": 8, "xtick.labelsize": 6})
    environment.setup_chapter("quick")
    modes.set_mode("auto")
    assert plt.rcParams["font.size"] == plotting.STYLE["font.size"]
    assert plt.rcParams["xtick.labelsize"] >= 11


def test_plot_functions_return_the_figure():
    fig, ax = plt.subplots()
    assert plotting.plot_curves({"relu": [0.9, 0.95]}, "t", ax=ax) is fig
    assert isinstance(plotting.plot_curves({"relu": [0.9, 0.95]}, "t"), Figure)
    assert isinstance(plotting.plot_history({"loss": [1.0, 0.5]}, metrics=("loss",)), Figure)
    assert isinstance(plotting.show_images(np.zeros((2, 784)), [0, 1], "t"), Figure)
    plt.close("all")


RUNS = {"relu 256": [0.93, 0.96], "tanh 256": [0.91, 0.95], "dropout": [0.9, 0.95, 0.97]}


def test_plot_curves_can_style_every_curve_and_tell_same_colours_apart():
    fig = plotting.plot_curves(
        RUNS,
        "validation accuracy per epoch",
        linestyle=plotting.VALIDATION_STYLE,
        default_color=plotting.COLORS["relu"],
        markers=plotting.MARKERS,
    )
    relu, tanh, dropout = fig.axes[0].get_lines()
    assert (
        relu.get_color() == plotting.COLORS["relu"] and tanh.get_color() == plotting.COLORS["tanh"]
    )
    # the dropout run names no activation: relu's colour, another marker
    assert dropout.get_color() == plotting.COLORS["relu"]
    assert dropout.get_marker() != relu.get_marker() and relu.get_marker() == tanh.get_marker()
    assert all(line.get_linestyle() == "--" for line in fig.axes[0].get_lines())
    assert list(dropout.get_xdata()) == [1, 2, 3]
    plt.close(fig)
