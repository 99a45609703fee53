"""The chapter 06 test-image prediction explorer, driven without a browser."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers.explorers import predictions as pe  # noqa: E402
from helpers.predictions import summarize  # noqa: E402


def test_explorer_draws_initial_state_and_follows_the_controls(predictions_data):
    images, labels, predictions = predictions_data
    box = pe.predictions_explorer(images, labels, predictions)
    slider, toggle = box.children[0].children
    assert [slider, toggle] == [box.controls["index"], box.controls["optimizer"]]
    assert box.state["index"] == 0 and box.state["optimizer"] == "sgd"
    assert slider.max == 4
    slider.value = 2
    assert box.state["index"] == 2 and box.state["label"] == 1
    toggle.value = "adam"
    assert box.state["optimizer"] == "adam"
    expected = summarize(predictions["adam"]["softmax"][2])
    assert box.state["summaries"]["softmax"] == expected
    assert box.state["summaries"]["softmax"]["sum"] == pytest.approx(1.0)


def test_explorer_callback_can_be_called_directly(predictions_data):
    images, labels, predictions = predictions_data
    box = pe.predictions_explorer(images, labels, predictions)
    box.draw(4, "adam")
    assert box.state["index"] == 4
    assert box.state["summaries"]["tanh"]["min"] >= -1.0
    plt.close("all")
