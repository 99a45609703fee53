"""The chapter 04 activation-and-derivative explorer, driven without a browser."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers.explorers import activations as act  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_explorer_draws_at_start_and_follows_the_controls():
    box = act.activation_explorer("sigmoid", -6, 6)
    assert box.state["name"] == "sigmoid" and box.state["peak"] == pytest.approx(0.25)
    box.controls["name"].value = "tanh"
    assert box.state["name"] == "tanh" and box.state["peak"] == pytest.approx(1.0)
    box.controls["x_min"].value = 1.0
    assert box.state["x_min"] == 1.0 and box.state["peak_x"] == pytest.approx(1.0)
    box.controls["x_max"].value = 0.5
    assert "error" in box.state
    box.controls["x_max"].value = 4.0
    box.controls["name"].value = "relu"
    assert box.state["peak"] == pytest.approx(1.0)


def test_explorer_refuses_an_unknown_activation():
    with pytest.raises(ValueError, match="unknown activation"):
        act.activation_explorer("swishy")
