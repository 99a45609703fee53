"""The chapter 03 logits explorer, driven without a browser."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers.explorers import logits as lx  # noqa: E402
from helpers.logits import EXAMPLE_2, EXAMPLE_4  # noqa: E402


def test_summary_text_names_both_sums():
    text = lx.summary_text(EXAMPLE_2)
    assert "sigmoid sum = 1.155" in text and "softmax sum = 1.000" in text


@pytest.fixture
def explorer():
    box = lx.logits_explorer()
    yield box
    plt.close("all")


def summary_shown(explorer):
    """The text of the HTML widget under the sliders."""
    return explorer.children[2].value


def test_explorer_starts_drawn(explorer):
    assert explorer.state["logits"] == pytest.approx(list(EXAMPLE_4))
    assert "softmax sum = 1.000" in summary_shown(explorer)
    assert summary_shown(explorer).count("sigmoid sum = ") == 1
    assert explorer.state["summary"] in summary_shown(explorer)


def test_controls_sit_above_the_figure(explorer):
    controls, slider_columns, summary, plot = explorer.children
    assert list(controls.children) == [explorer.controls["preset"], explorer.controls["n"]]
    columns = [list(column.children) for column in slider_columns.children]
    sliders = [explorer.controls[f"z{i}"] for i in range(lx.MAX_OUTPUTS)]
    assert [s for column in columns for s in column] == sliders
    assert summary.value and type(plot).__name__ == "Output"


def test_moving_a_slider_updates_the_sums(explorer):
    before = summary_shown(explorer)
    explorer.controls["z0"].value = 5.0
    assert summary_shown(explorer) != before
    expected = lx.summary_text([5.0, *EXAMPLE_4[1:]])
    assert expected in summary_shown(explorer) and explorer.state["summary"] == expected


def test_preset_sets_sliders_and_count(explorer):
    explorer.controls["preset"].value = "two outputs [-0.94, 1.94]"
    assert explorer.controls["n"].value == 2
    assert explorer.state["logits"] == pytest.approx(list(EXAMPLE_2), abs=1e-9)
    assert "sigmoid sum = 1.155" in summary_shown(explorer)
    assert explorer.controls["z3"].layout.display == "none"
    explorer.controls["preset"].value = "(custom)"  # leaves everything alone
    assert explorer.controls["n"].value == 2


def test_callback_can_be_called_directly(explorer):
    values = {"n": 3, "z0": 0.0, "z1": 0.0, "z2": 0.0}
    explorer.draw(**values)
    assert lx.summary_text([0.0, 0.0, 0.0]) in summary_shown(explorer)
    assert explorer.state["logits"] == [0.0, 0.0, 0.0]


def test_explorer_refuses_too_many_logits():
    with pytest.raises(ValueError):
        lx.logits_explorer(logits=[0.0] * (lx.MAX_OUTPUTS + 1))
