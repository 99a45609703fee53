"""helpers.predictions: a model's ten outputs read and drawn as bars beside each image."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from helpers import predictions as pe  # noqa: E402
from helpers._figure_png import smallest_text_px  # noqa: E402
from helpers.plotting import COLORS  # noqa: E402

pytestmark = pytest.mark.usefixtures("book_style")


def test_summarize_reads_a_vector():
    vector = np.array([0.1, 0.7, 0.2] + [0.0] * 7)
    info = pe.summarize(vector)
    assert info["predicted"] == 1
    assert info["sum"] == pytest.approx(1.0)
    assert info["min"] == 0.0 and info["max"] == pytest.approx(0.7)


def test_summarize_rejects_wrong_shape():
    with pytest.raises(ValueError, match="10 output values"):
        pe.summarize(np.zeros(3))


def test_vectors_for_picks_the_image_and_optimizer(predictions_data):
    _, _, predictions = predictions_data
    vectors = pe.vectors_for(predictions, "adam", 3)
    assert list(vectors) == ["softmax", "sigmoid", "tanh"]
    np.testing.assert_allclose(vectors["tanh"], predictions["adam"]["tanh"][3])
    with pytest.raises(IndexError, match="out of range"):
        pe.vectors_for(predictions, "adam", 5)
    with pytest.raises(KeyError, match="rmsprop"):
        pe.vectors_for(predictions, "rmsprop", 0)


def test_bad_prediction_shape_is_reported(predictions_data):
    images, labels, _ = predictions_data
    with pytest.raises(ValueError, match=r"\(n_images, 10\)"):
        pe.first_images_figure(images, labels, {"sgd": {"tanh": np.zeros((5, 3))}}, "sgd")
    with pytest.raises(KeyError, match="rmsprop"):
        pe.first_images_figure(images, labels, predictions_data[2], "rmsprop")


def test_prediction_figure_has_image_and_one_bar_chart_per_activation(predictions_data):
    images, labels, predictions = predictions_data
    fig = pe.prediction_figure(images[0], labels[0], pe.vectors_for(predictions, "sgd", 0), "t")
    axes = fig.axes
    assert len(axes) == 4
    for ax, act in zip(axes[1:], ["softmax", "sigmoid", "tanh"], strict=True):
        assert len(ax.patches) == 10
        assert ax.get_title().startswith(act)
        assert ax.get_xlabel() == "class"
        heights = [p.get_height() for p in ax.patches]
        np.testing.assert_allclose(heights, predictions["sgd"][act][0])
    (legend,) = fig.legends  # one legend under the panels, none covering bars
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == ["softmax output", "sigmoid output", "tanh output", "true class"]
    assert all(ax.get_legend() is None for ax in axes)
    # one y label, on the first bar chart; the others share its axis
    assert [ax.get_ylabel() for ax in axes[1:]] == ["output value", "", ""]
    assert fig.get_size_inches()[0] <= 8
    assert smallest_text_px(fig) >= 11 * fig.dpi / 72 - 1e-9
    plt.close(fig)


def test_bars_take_the_books_activation_colours(predictions_data):
    images, labels, predictions = predictions_data
    fig = pe.first_images_figure(images, labels, predictions, "sgd", n=1)
    for ax, act in zip(fig.axes[1:], ["softmax", "sigmoid", "tanh"], strict=True):
        assert ax.patches[0].get_facecolor() == to_rgba(COLORS[act])
    plt.close(fig)


def test_first_images_figure_has_a_row_per_image_and_one_optimizer(predictions_data):
    images, labels, predictions = predictions_data
    fig = pe.first_images_figure(images, labels, predictions, "adam", n=3)
    assert len(fig.axes) == 3 * 4  # image + softmax, sigmoid, tanh on each row
    assert fig.get_suptitle().startswith("adam")
    width, _ = fig.get_size_inches()
    assert width <= 8  # shown in a ~750 px column: text keeps its size
    # no text smaller than the book's smallest (the tick labels)
    assert smallest_text_px(fig) >= 11 * fig.dpi / 72 - 1e-9
    # the activation named once, at the top; one y label for the figure
    assert fig.axes[1].get_title().startswith("softmax")
    assert not fig.axes[4 + 1].get_title().startswith("softmax")
    assert fig.get_supylabel() == "output value"
    assert all(ax.get_ylabel() == "" for ax in fig.axes)
    bars = fig.axes[1 * 4 + 3]  # second image, tanh
    assert bars.patches[0].get_facecolor() == to_rgba(COLORS["tanh"])
    heights = [p.get_height() for p in bars.patches]
    np.testing.assert_allclose(heights, predictions["adam"]["tanh"][1])
    plt.close(fig)
