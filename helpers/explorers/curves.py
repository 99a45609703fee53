"""The training-curve explorer of chapter 05 (Width, activation and initializer).

Overlay the per-epoch curves of chosen runs for one metric, from the histories
the notebook recorded (``{run name: history.history}``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from helpers.plotting import COLORS, VALIDATION_STYLE, color_for

#: markers that tell apart runs of the same colour (e.g. three relu runs)
MARKERS = ("o", "s", "^", "D", "v", "P")


def available_metrics(histories: dict) -> list[str]:
    """The metrics every run recorded (e.g. accuracy, loss, val_accuracy, val_loss), sorted."""
    if not histories:
        raise ValueError("no runs given: pass {run name: history.history}.")
    common = set.intersection(*(set(getattr(h, "history", h)) for h in histories.values()))
    return sorted(common)


def select_curves(histories: dict, runs, metric: str) -> dict:
    """Return ``{run: per-epoch values of metric}`` for the chosen runs, in the order given."""
    runs = list(runs)
    if not runs:
        raise ValueError("choose at least one run.")
    unknown = [r for r in runs if r not in histories]
    if unknown:
        raise KeyError(f"unknown runs {unknown}; the recorded runs are {list(histories)}.")
    curves = {}
    for run in runs:
        logs = getattr(histories[run], "history", histories[run])
        if metric not in logs:
            raise KeyError(f"run {run!r} has no {metric!r}; it recorded {sorted(logs)}.")
        curves[run] = [float(v) for v in logs[metric]]
    return curves


def plot_runs(histories: dict, runs, metric: str, ax=None):
    """Overlay the chosen runs' curves of one metric on one axis; return the axis.

    Each run takes the book's colour for the activation its name gives
    (:func:`helpers.plotting.color_for`; relu's for a name without one, such as
    the dropout run, whose hidden layers are relu), runs of the same colour
    get different markers, and a validation metric (``val_...``) is dashed.
    """
    curves = select_curves(histories, runs, metric)
    ylabel = metric.replace("val_", "validation ")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    style = VALIDATION_STYLE if metric.startswith("val_") else "-"
    used: dict[str, int] = {}
    for run, values in curves.items():
        color = color_for(run, default=COLORS["relu"])
        marker = MARKERS[used.get(color, 0) % len(MARKERS)]
        used[color] = used.get(color, 0) + 1
        ax.plot(
            np.arange(1, len(values) + 1),
            values,
            color=color,
            linestyle=style,
            marker=marker,
            ms=5,
            label=run,
        )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(f"{ylabel} per epoch")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def curves_explorer(histories: dict, runs=None, metric: str = "val_accuracy"):
    """Build the chapter 05 explorer: a SelectMultiple of runs and a Dropdown of metrics.

    Returns a ``VBox`` already showing the first overlay. ``box.state`` holds the
    runs and metric drawn last (or the message shown), for tests without a browser.
    """
    import ipywidgets as widgets

    metrics = available_metrics(histories)
    if metric not in metrics:
        raise KeyError(f"metric {metric!r} not recorded by every run; choose from {metrics}.")
    names = list(histories)
    runs = list(runs) if runs is not None else names
    select = widgets.SelectMultiple(
        options=names, value=tuple(runs), rows=min(len(names), 8), description="runs"
    )
    choose = widgets.Dropdown(options=metrics, value=metric, description="metric")
    state = {}

    def draw(runs, metric):
        state.clear()
        if not runs:
            state["error"] = "select at least one run (Ctrl/Cmd-click to select several)"
            print(state["error"])
            return
        plot_runs(histories, runs, metric)
        state.update(runs=list(runs), metric=metric)
        plt.show()

    out = widgets.interactive_output(draw, {"runs": select, "metric": choose})
    box = widgets.VBox([widgets.HBox([select, choose]), out])
    box.state = state
    box.controls = {"runs": select, "metric": choose}
    return box
