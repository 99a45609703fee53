"""The training-curve explorer of chapter 05 (Width, activation and initializer).

Overlay the per-epoch curves of chosen runs for one metric, from the histories
the notebook recorded (``{run name: history.history}``), with the book's one
overlay plotter, :func:`helpers.plotting.plot_curves`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from helpers.plotting import COLORS, MARKERS, VALIDATION_STYLE, plot_curves


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


def curves_explorer(histories: dict, runs=None, metric: str = "val_accuracy"):
    """A SelectMultiple of runs and a Dropdown of metrics, beside each other above the overlay.

    Each run takes the book's colour for the activation its name gives (relu's
    for a name without one, such as the dropout run, whose hidden layers are
    relu), runs of the same colour get different markers, and a validation
    metric (``val_...``) is dashed. Returns the ``VBox`` (see
    :mod:`helpers.explorers`): ``box.controls`` holds ``runs`` and
    ``metric``; ``box.state`` the runs and metric drawn last (or the error).
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
        ylabel = metric.replace("val_", "validation ")
        plot_curves(
            select_curves(histories, runs, metric),
            f"{ylabel} per epoch",
            ylabel=ylabel,
            linestyle=VALIDATION_STYLE if metric.startswith("val_") else "-",
            default_color=COLORS["relu"],
            markers=MARKERS,
        )
        state.update(runs=list(runs), metric=metric)
        plt.show()

    controls = {"runs": select, "metric": choose}
    out = widgets.interactive_output(draw, controls)
    box = widgets.VBox([widgets.HBox([select, choose]), out])
    box.controls, box.state, box.draw = controls, state, draw
    return box
