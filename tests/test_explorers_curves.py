"""The chapter 05 training-curve explorer, driven without a browser."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers.explorers import curves  # noqa: E402

HISTORIES = {
    "relu 256": {"accuracy": [0.9, 0.95], "val_accuracy": [0.93, 0.96], "loss": [0.3, 0.1]},
    "tanh 256": {"accuracy": [0.88, 0.94], "val_accuracy": [0.91, 0.95], "loss": [0.4, 0.2]},
    "dropout": {"accuracy": [0.8, 0.9, 0.95], "val_accuracy": [0.9, 0.95, 0.97]},
}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_available_metrics_are_those_every_run_has():
    assert curves.available_metrics(HISTORIES) == ["accuracy", "val_accuracy"]
    with pytest.raises(ValueError):
        curves.available_metrics({})


def test_select_curves_keeps_order_and_values():
    got = curves.select_curves(HISTORIES, ["dropout", "relu 256"], "val_accuracy")
    assert list(got) == ["dropout", "relu 256"]
    assert got["dropout"] == [0.9, 0.95, 0.97]


def test_select_curves_explains_bad_choices():
    with pytest.raises(KeyError, match="unknown runs"):
        curves.select_curves(HISTORIES, ["elu 256"], "accuracy")
    with pytest.raises(KeyError, match="has no 'loss'"):
        curves.select_curves(HISTORIES, ["dropout"], "loss")
    with pytest.raises(ValueError):
        curves.select_curves(HISTORIES, [], "accuracy")


def test_explorer_overlays_the_runs_in_the_books_visual_language():
    from helpers.plotting import COLORS, VALIDATION_STYLE

    box = curves.curves_explorer(HISTORIES, runs=["relu 256", "tanh 256", "dropout"])
    ax = plt.gcf().axes[0]
    relu, tanh, dropout = ax.get_lines()
    assert [line.get_label() for line in ax.get_lines()] == ["relu 256", "tanh 256", "dropout"]
    assert list(dropout.get_xdata()) == [1, 2, 3]
    assert ax.get_title() and ax.get_xlabel() == "epoch" and ax.get_ylabel()
    assert relu.get_color() == COLORS["relu"] and tanh.get_color() == COLORS["tanh"]
    # the dropout run is relu: same colour, another marker
    assert dropout.get_color() == COLORS["relu"]
    assert dropout.get_marker() != relu.get_marker()
    assert all(line.get_linestyle() == VALIDATION_STYLE for line in ax.get_lines())
    plt.close("all")
    box.draw(["relu 256"], "accuracy")
    assert plt.gcf().axes[0].get_lines()[0].get_linestyle() == "-"


def test_explorer_draws_at_start_and_follows_the_controls():
    box = curves.curves_explorer(HISTORIES, runs=["relu 256"], metric="accuracy")
    assert box.state == {"runs": ["relu 256"], "metric": "accuracy"}
    box.controls["runs"].value = ("tanh 256", "dropout")
    assert box.state["runs"] == ["tanh 256", "dropout"]
    box.controls["metric"].value = "val_accuracy"
    assert box.state["metric"] == "val_accuracy"
    box.controls["runs"].value = ()
    assert "error" in box.state


def test_explorer_refuses_a_metric_not_recorded_by_every_run():
    with pytest.raises(KeyError):
        curves.curves_explorer(HISTORIES, metric="loss")
