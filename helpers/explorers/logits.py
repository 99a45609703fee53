"""The logits explorer of chapter 03 (Sigmoid or softmax).

Move a handful of logits with sliders and watch two bar charts: the sigmoid of
each logit (independent values in (0, 1), one per yes/no question) and the
softmax of all of them (values that share 1 between the classes). The logic is
in plain functions (:func:`sigmoid`, :func:`softmax`, :func:`logit_outputs`,
:func:`plot_logit_outputs`) so that the static figure of the rendered page and
the unit tests use the very code the widget runs; :func:`logits_explorer`
builds the widget from core ipywidgets (works on ipywidgets 7.7 and 8).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from helpers.plotting import COLORS

#: the two example logit vectors of chapter 03 (from the original tutorial)
EXAMPLE_2 = (-0.9419267177581787, 1.944047451019287)
EXAMPLE_4 = (-0.9, 1.9, 0.3, 1.5)
#: the presets offered by the explorer's drop-down, name -> logits
PRESETS = {
    "two outputs [-0.94, 1.94]": EXAMPLE_2,
    "four outputs [-0.9, 1.9, 0.3, 1.5]": EXAMPLE_4,
    "all equal [0, 0, 0, 0]": (0.0, 0.0, 0.0, 0.0),
    "one large [4, -2, -2]": (4.0, -2.0, -2.0),
}
MAX_OUTPUTS = 6


def _as_logits(logits) -> np.ndarray:
    z = np.asarray(logits, dtype=float)
    if z.ndim != 1 or z.size == 0:
        raise ValueError(f"logits must be a non-empty 1-D sequence, got shape {z.shape}.")
    if not np.all(np.isfinite(z)):
        raise ValueError(f"logits must be finite numbers, got {z.tolist()}.")
    return z


def sigmoid(logits) -> np.ndarray:
    """Element-wise logistic sigmoid ``1 / (1 + exp(-z))``, computed without overflow."""
    z = _as_logits(logits)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def softmax(logits) -> np.ndarray:
    """Softmax ``exp(z) / sum(exp(z))`` over the whole vector (max subtracted for stability)."""
    z = _as_logits(logits)
    e = np.exp(z - z.max())
    return e / e.sum()


def logit_outputs(logits) -> dict:
    """Sigmoid and softmax of ``logits`` with their sums and the top class.

    Returns ``{"logits", "sigmoid", "softmax", "sigmoid_sum", "softmax_sum",
    "argmax"}``; the sums are plain floats, ``argmax`` a plain int (the same for
    both outputs, since both functions keep the order of the logits).
    """
    z = _as_logits(logits)
    sig, soft = sigmoid(z), softmax(z)
    return {
        "logits": z,
        "sigmoid": sig,
        "softmax": soft,
        "sigmoid_sum": float(sig.sum()),
        "softmax_sum": float(soft.sum()),
        "argmax": int(np.argmax(z)),
    }


def summary_text(logits) -> str:
    """One line with both sums, as the explorer shows it under the sliders."""
    out = logit_outputs(logits)
    return (
        f"sigmoid sum = {out['sigmoid_sum']:.3f} (anything in (0, {len(out['logits'])})); "
        f"softmax sum = {out['softmax_sum']:.3f} (always 1)"
    )


def plot_logit_outputs(logits, title: str | None = None, axes=None, labels=None):
    """Draw the sigmoid and the softmax of ``logits`` as two bar charts side by side.

    Each bar is labelled with its value; each panel's title gives the sum of its
    bars. Pass ``axes`` (two matplotlib axes) to draw into an existing figure.
    Returns the figure.
    """
    out = logit_outputs(logits)
    n = len(out["logits"])
    labels = list(labels) if labels is not None else [f"z{i}" for i in range(n)]
    if len(labels) != n:
        raise ValueError(f"plot_logit_outputs(): {n} logits but {len(labels)} labels.")
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(9, 3.2), sharey=True)
    else:
        fig = axes[0].figure
    x = np.arange(n)
    panels = (
        ("sigmoid", COLORS["sigmoid"], "sigmoid: each output on its own"),
        ("softmax", COLORS["softmax"], "softmax: outputs share 1"),
    )
    for ax, (name, colour, heading) in zip(axes, panels, strict=True):
        values = out[name]
        bars = ax.bar(x, values, color=colour, label=f"{name}(z), sum = {out[name + '_sum']:.3f}")
        for bar, value in zip(bars, values, strict=True):
            ax.annotate(
                f"{value:.3f}",
                (bar.get_x() + bar.get_width() / 2, value),
                ha="center",
                va="bottom",
                fontsize=10,
            )
        ax.set_xticks(x)
        ax.set_xticklabels(
            [f"{lab}\n({z:+.2f})" for lab, z in zip(labels, out["logits"], strict=True)]
        )
        ax.set_ylim(0, 1.15)
        ax.set_title(heading)
        ax.set_xlabel("output (logit)")
        ax.set_ylabel("value")
        ax.grid(axis="y", alpha=0.3)
        ax.legend(loc="upper left")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def logits_explorer(logits=EXAMPLE_4, low: float = -6.0, high: float = 6.0, step: float = 0.05):
    """Build the chapter 03 logits explorer and return it, its first state drawn.

    Up to :data:`MAX_OUTPUTS` sliders set the logits, an IntSlider how many are
    used and a drop-down loads the presets in :data:`PRESETS`. The returned
    ``VBox`` carries its parts as attributes for tests and curious readers:
    ``sliders``, ``n_outputs``, ``preset``, ``summary`` (an HTML widget with the
    two sums), ``plot`` (the Output widget) and ``current()`` (the logits shown).
    """
    import ipywidgets as widgets
    from IPython.display import display

    start = _as_logits(logits)
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

    def current():
        return [s.value for s in sliders[: n_outputs.value]]

    def draw(**kwargs):
        """Redraw the bars and the sums for the first ``n`` sliders (the callback)."""
        n = kwargs["n"]
        for i, slider in enumerate(sliders):
            slider.layout.display = "" if i < n else "none"
        z = [kwargs[f"z{i}"] for i in range(n)]
        summary.value = f"<b>{summary_text(z)}</b>"
        fig = plot_logit_outputs(z, title="Sigmoid and softmax of the same logits")
        display(fig)
        plt.close(fig)

    def load_preset(change):
        """Set the sliders to the chosen preset (callback of the drop-down)."""
        name = change["new"] if isinstance(change, dict) else change
        if name not in PRESETS:
            return
        chosen = PRESETS[name]
        for slider, v in zip(sliders, chosen, strict=False):
            slider.value = float(np.clip(v, low, high))
        n_outputs.value = len(chosen)

    preset.observe(load_preset, names="value")
    controls = {"n": n_outputs, **{f"z{i}": s for i, s in enumerate(sliders)}}
    plot = widgets.interactive_output(draw, controls)
    if not summary.value:  # interactive_output draws once; make sure we did
        with plot:
            draw(**{name: w.value for name, w in controls.items()})
    # Controls above the figure, sliders in two columns: side by side with the
    # figure they were squeezed to a few pixels on the book's page.
    half = (MAX_OUTPUTS + 1) // 2
    slider_columns = widgets.HBox([widgets.VBox(sliders[:half]), widgets.VBox(sliders[half:])])
    box = widgets.VBox([widgets.HBox([preset, n_outputs]), slider_columns, summary, plot])
    box.sliders, box.n_outputs, box.preset = sliders, n_outputs, preset
    box.summary, box.plot, box.current = summary, plot, current
    box.draw, box.load_preset = draw, load_preset
    return box
