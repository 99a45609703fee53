"""The activation-and-derivative explorer of chapter 04 (Linear or nonlinear hidden layers).

Pick an activation and a range of inputs; see the function and its derivative,
drawn by :func:`helpers.activations.plot_activation`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from helpers.activations import ACTIVATIONS, derivative_peak, plot_activation


def activation_explorer(name: str = "sigmoid", x_min: float = -6.0, x_max: float = 6.0):
    """A Dropdown of activations and two sliders for the x-range, above the figure.

    Returns the ``VBox`` (see :mod:`helpers.explorers`); ``box.state`` holds
    the name, the range and the peak of the derivative drawn last (or the
    error), ``box.controls`` the widgets ``name``, ``x_min`` and ``x_max``.
    """
    import ipywidgets as widgets

    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}: choose one of {list(ACTIVATIONS)}.")
    pick = widgets.Dropdown(options=list(ACTIVATIONS), value=name, description="activation")
    low = widgets.FloatSlider(value=x_min, min=-10.0, max=10.0, step=0.5, description="x from")
    high = widgets.FloatSlider(value=x_max, min=-10.0, max=10.0, step=0.5, description="x to")
    state = {}

    def draw(name, x_min, x_max):
        state.clear()
        if not x_min < x_max:
            state["error"] = f"choose 'x from' below 'x to' (got {x_min} and {x_max})"
            print(state["error"])
            return
        fig = plot_activation(name, x_min, x_max)
        peak_x, peak = derivative_peak(name, x_min, x_max)
        state.update(name=name, x_min=x_min, x_max=x_max, peak_x=peak_x, peak=peak)
        fig.axes[0].set_title(
            f"{name} and its derivative (largest slope {peak:.3f} at x = {peak_x:.2f})"
        )
        plt.show()

    controls = {"name": pick, "x_min": low, "x_max": high}
    out = widgets.interactive_output(draw, controls)
    box = widgets.VBox([widgets.HBox([pick]), widgets.HBox([low, high]), out])
    box.controls, box.state, box.draw = controls, state, draw
    return box
