"""helpers.activations: activations, their derivatives by the tape and by formula, a figure."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import activations as act  # noqa: E402

X = np.linspace(-5, 5, 201) + 0.013  # avoid relu's kink at exactly 0


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("name", act.ACTIVATIONS)
def test_tape_derivative_matches_finite_differences(name):
    _, dy = act.activation_and_derivative(name, X)
    np.testing.assert_allclose(dy, act.finite_difference(name, X), atol=1e-6)


@pytest.mark.parametrize("name", act.ACTIVATIONS)
def test_tape_derivative_matches_the_formula(name):
    _, dy = act.activation_and_derivative(name, X)
    np.testing.assert_allclose(dy, act.analytic_derivative(name, X), atol=1e-9)


def test_values_are_the_textbook_functions():
    y, _ = act.activation_and_derivative("sigmoid", X)
    np.testing.assert_allclose(y, 1 / (1 + np.exp(-X)), atol=1e-12)
    y, _ = act.activation_and_derivative("tanh", X)
    np.testing.assert_allclose(y, np.tanh(X), atol=1e-12)
    y, _ = act.activation_and_derivative("relu", X)
    np.testing.assert_allclose(y, np.maximum(X, 0), atol=1e-12)


def test_derivative_peaks():
    x, peak = act.derivative_peak("sigmoid")
    assert abs(x) < 1e-9 and peak == pytest.approx(0.25)
    x, peak = act.derivative_peak("tanh")
    assert abs(x) < 1e-9 and peak == pytest.approx(1.0)
    _, dy = act.activation_and_derivative("relu", np.array([-2.0, -0.1, 0.1, 3.0]))
    np.testing.assert_array_equal(dy, [0, 0, 1, 1])


def test_unknown_activation_and_bad_range_are_refused():
    with pytest.raises(ValueError, match="unknown activation"):
        act.activation_and_derivative("swishy", X)
    with pytest.raises(ValueError, match="x_min < x_max"):
        act.plot_activation("relu", 2.0, 1.0)


def test_plot_has_title_labels_and_legend():
    fig = act.plot_activation("tanh", -3, 3)
    (ax,) = fig.axes
    assert "tanh" in ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["tanh(x)", "tanh'(x)"]
    # the book's colour for tanh, on both lines
    from helpers.plotting import COLORS

    assert {line.get_color() for line in ax.get_lines()[:2]} == {COLORS["tanh"]}
