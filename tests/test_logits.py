"""helpers.logits: sigmoid and softmax of logits, their sums and their figure."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import logits as lx  # noqa: E402


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
