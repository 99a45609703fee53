"""The logits explorer of chapter 03 (Sigmoid or softmax).

Move a handful of logits with sliders and watch two bar charts: the sigmoid of
each logit and the softmax of all of them, drawn by
:func:`helpers.logits.plot_logit_outputs`, with both sums under the sliders.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from helpers.logits import EXAMPLE_2, EXAMPLE_4, logit_outputs, plot_logit_outputs

#: the presets offered by the explorer's drop-down, name -> logits
PRESETS = {
    "two outputs [-0.94, 1.94]": EXAMPLE_2,
    "four outputs [-0.9, 1.9, 0.3, 1.5]": EXAMPLE_4,
    "all equal [0, 0, 0, 0]": (0.0, 0.0, 0.0, 0.0),
    "one large [4, -2, -2]": (4.0, -2.0, -2.0),
}
#: the most logits the explorer has sliders for
MAX_OUTPUTS = 6


def summary_text(logits) -> str:
    """One line with both sums, as the explorer shows it under the sliders."""
    out = logit_outputs(logits)
    return (
        f"sigmoid sum = {out['sigmoid_sum']:.3f} (anything in (0, {len(out['logits'])})); "
        f"softmax sum = {out['softmax_sum']:.3f} (always 1)"
    )


def logits_explorer(logits=EXAMPLE_4, low: float = -6.0, high: float = 6.0, step: float = 0.05):
    """Sliders for up to :data:`MAX_OUTPUTS` logits, above the sums and the two bar charts.

    An IntSlider sets how many logits are used and a drop-down loads the
    presets in :data:`PRESETS`. Returns the ``VBox`` (see
    :mod:`helpers.explorers`): ``box.controls`` holds ``preset``, ``n`` (the
    number of logits) and ``z0`` to ``z5``; ``box.state`` the ``logits``
    drawn last and their ``summary`` (:func:`summary_text`).
    """
    import ipywidgets as widgets
    from IPython.display import display

    start = logit_outputs(logits)["logits"]
    if start.size > MAX_OUTPUTS:
        raise ValueError(f"the explorer shows at most {MAX_OUTPUTS} logits, got {start.size}.")
    values = list(start) + [0.0] * (MAX_OUTPUTS - start.size)
    sliders = [
        widgets.FloatSlider(
            value=float(np.clip(v, low, high)),
            min=low,
            max=high,
            step=step,
            description=f"z{i}",
            continuous_update=False,
            readout_format=".2f",
        )
        for i, v in enumerate(values)
    ]
    n_outputs = widgets.IntSlider(
        value=int(start.size), min=2, max=MAX_OUTPUTS, description="outputs"
    )
    preset = widgets.Dropdown(
        options=["(custom)", *PRESETS], value="(custom)", description="preset"
    )
    summary = widgets.HTML(value="")
    state = {}

    def draw(**kwargs):
        """Redraw the bars and the sums for the first ``n`` sliders (the callback)."""
        n = kwargs["n"]
        for i, slider in enumerate(sliders):
            slider.layout.display = "" if i < n else "none"
        z = [kwargs[f"z{i}"] for i in range(n)]
        state.clear()
        state.update(logits=z, summary=summary_text(z))
        summary.value = f"<b>{state['summary']}</b>"
        fig = plot_logit_outputs(z, title="Sigmoid and softmax of the same logits")
        display(fig)
        plt.close(fig)

    def load_preset(change):
        """Set the sliders to the chosen preset (callback of the drop-down)."""
        name = change["new"]
        if name not in PRESETS:
            return
        chosen = PRESETS[name]
        for slider, v in zip(sliders, chosen, strict=False):
            slider.value = float(np.clip(v, low, high))
        n_outputs.value = len(chosen)

    preset.observe(load_preset, names="value")
    drawn = {"n": n_outputs, **{f"z{i}": s for i, s in enumerate(sliders)}}
    plot = widgets.interactive_output(draw, drawn)
    if not state:  # interactive_output draws once; make sure we did
        with plot:
            draw(**{name: w.value for name, w in drawn.items()})
    # Controls above the figure, sliders in two columns: side by side with the
    # figure they were squeezed to a few pixels on the book's page.
    half = (MAX_OUTPUTS + 1) // 2
    slider_columns = widgets.HBox([widgets.VBox(sliders[:half]), widgets.VBox(sliders[half:])])
    box = widgets.VBox([widgets.HBox([preset, n_outputs]), slider_columns, summary, plot])
    box.controls, box.state, box.draw = {"preset": preset, **drawn}, state, draw
    return box
