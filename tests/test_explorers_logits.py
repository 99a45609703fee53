"""Unit tests of the chapter 03 logits explorer (helpers.explorers.logits), no browser needed."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers.explorers import logits as lx  # noqa: E402


def test_sigmoid_and_softmax_match_their_formulas():
    z = np.array(lx.EXAMPLE_4)
    np.testing.assert_allclose(lx.sigmoid(z), 1 / (1 + np.exp(-z)))
    np.testing.assert_allclose(lx.softmax(z), np.exp(z) / np.exp(z).sum())


def test_functions_are_stable_for_large_logits():
    z = [1000.0, -1000.0, 0.0]
    sig, soft = lx.sigmoid(z), lx.softmax(z)
    assert np.all(np.isfinite(sig)) and np.all(np.isfinite(soft))
    np.testing.assert_allclose(sig, [1.0, 0.0, 0.5])
    np.testing.assert_allclose(soft, [1.0, 0.0, 0.0])


def test_example_values_and_sums():
    out = lx.logit_outputs(lx.EXAMPLE_2)
    np.testing.assert_allclose(out["sigmoid"], [0.280511, 0.874796], atol=1e-6)
    np.testing.assert_allclose(out["softmax"], [0.052851, 0.947149], atol=1e-6)
    assert out["softmax_sum"] == pytest.approx(1.0)
    assert out["sigmoid_sum"] == pytest.approx(1.155307, abs=1e-6)
    out4 = lx.logit_outputs(lx.EXAMPLE_4)
    assert out4["softmax_sum"] == pytest.approx(1.0)
    assert out4["sigmoid_sum"] > 2
    assert out4["argmax"] == 1 and isinstance(out4["argmax"], int)
    assert isinstance(out4["sigmoid_sum"], float)


def test_bad_logits_are_refused():
    for bad in ([], [[1.0, 2.0]], [1.0, float("nan")]):
        with pytest.raises(ValueError):
            lx.logit_outputs(bad)


def test_summary_text_names_both_sums():
    text = lx.summary_text(lx.EXAMPLE_2)
    assert "sigmoid sum = 1.155" in text and "softmax sum = 1.000" in text


def test_plot_has_two_labelled_panels():
    fig = lx.plot_logit_outputs(lx.EXAMPLE_4, title="t")
    axes = fig.axes
    assert len(axes) == 2
    for ax in axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_legend() is not None
        assert len(ax.patches) == 4
    heights = [p.get_height() for p in axes[1].patches]
    assert sum(heights) == pytest.approx(1.0)
    plt.close(fig)
    with pytest.raises(ValueError):
        lx.plot_logit_outputs([1.0, 2.0], labels=["a"])


@pytest.fixture
def explorer():
    box = lx.logits_explorer()
    yield box
    plt.close("all")


def test_explorer_starts_drawn(explorer):
    assert explorer.current() == pytest.approx(list(lx.EXAMPLE_4))
    assert "softmax sum = 1.000" in explorer.summary.value
    assert explorer.summary.value.count("sigmoid sum = ") == 1


def test_controls_sit_above_the_figure(explorer):
    controls, slider_columns, summary, plot = explorer.children
    assert explorer.preset in controls.children and explorer.n_outputs in controls.children
    columns = [list(column.children) for column in slider_columns.children]
    assert [s for column in columns for s in column] == explorer.sliders
    assert summary is explorer.summary and plot is explorer.plot


def test_moving_a_slider_updates_the_sums(explorer):
    before = explorer.summary.value
    explorer.sliders[0].value = 5.0
    assert explorer.summary.value != before
    expected = lx.summary_text([5.0, *lx.EXAMPLE_4[1:]])
    assert expected in explorer.summary.value


def test_preset_sets_sliders_and_count(explorer):
    explorer.preset.value = "two outputs [-0.94, 1.94]"
    assert explorer.n_outputs.value == 2
    assert explorer.current() == pytest.approx(list(lx.EXAMPLE_2), abs=1e-9)
    assert "sigmoid sum = 1.155" in explorer.summary.value
    assert explorer.sliders[3].layout.display == "none"
    explorer.load_preset({"new": "(custom)"})  # the custom entry leaves everything alone
    assert explorer.n_outputs.value == 2


def test_callback_can_be_called_directly(explorer):
    values = {"n": 3, "z0": 0.0, "z1": 0.0, "z2": 0.0}
    explorer.draw(**values)
    assert lx.summary_text([0.0, 0.0, 0.0]) in explorer.summary.value


def test_explorer_refuses_too_many_logits():
    with pytest.raises(ValueError):
        lx.logits_explorer(logits=[0.0] * (lx.MAX_OUTPUTS + 1))
