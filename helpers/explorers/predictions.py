"""Test-image prediction explorer: what each output activation predicts (chapter 06).

Chapter 06 trains the same 784-300-100-10 network with a softmax, a sigmoid and
a tanh output layer, once with SGD and once with Adam. The functions here show
the ten output values of each of the three models for one test image, as bar
charts beside the image:

- :func:`summarize` reads one prediction vector (predicted class, row sum,
  smallest and largest value);
- :func:`prediction_figure` draws one image and its three bar charts;
- :func:`first_images_figure` is the static figure for the rendered page: the
  first few test images, each with one optimizer's three models;
- :func:`predictions_explorer` builds the widget (an image index slider and an
  optimizer toggle) around :func:`prediction_figure`.

``predictions`` is always a nested dict ``{optimizer: {activation: array}}``
whose arrays have one row of ten values per test image.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch

#: bar colours for the three output activations of chapter 06
COLORS = {"softmax": "tab:blue", "sigmoid": "tab:orange", "tanh": "tab:green"}


def _check(predictions, optimizer: str | None = None):
    if not predictions:
        raise ValueError("predictions is empty: pass {optimizer: {activation: array}}.")
    if optimizer is not None and optimizer not in predictions:
        raise KeyError(f"optimizer {optimizer!r} not in predictions; it has {sorted(predictions)}.")
    for opt, by_activation in predictions.items():
        for activation, values in by_activation.items():
            values = np.asarray(values)
            if values.ndim != 2 or values.shape[1] != 10:
                raise ValueError(
                    f"predictions[{opt!r}][{activation!r}] has shape {values.shape}; "
                    f"expected (n_images, 10)."
                )


def summarize(vector) -> dict:
    """Read one prediction vector: predicted class, row sum, smallest and largest value."""
    vector = np.asarray(vector, dtype=float)
    if vector.shape != (10,):
        raise ValueError(f"summarize() needs 10 output values, got shape {vector.shape}.")
    return {
        "predicted": int(np.argmax(vector)),
        "sum": float(vector.sum()),
        "min": float(vector.min()),
        "max": float(vector.max()),
    }


def vectors_for(predictions, optimizer: str, index: int) -> dict:
    """The ten output values of each activation's model for test image ``index``."""
    _check(predictions, optimizer)
    by_activation = predictions[optimizer]
    n = min(len(v) for v in by_activation.values())
    if not 0 <= index < n:
        raise IndexError(f"image index {index} is out of range: choose 0 to {n - 1}.")
    return {act: np.asarray(values[index], dtype=float) for act, values in by_activation.items()}


def _draw_bars(ax, vector, activation: str, label: int, title: str) -> None:
    info = summarize(vector)
    colors = [COLORS.get(activation, "tab:gray")] * 10
    bars = ax.bar(range(10), vector, color=colors, label=f"{activation} output")
    bars[label].set_edgecolor("black")
    bars[label].set_linewidth(2)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xticks(range(10))
    ax.set_xlabel("class")
    ax.set_ylabel("output value")
    ax.set_title(f"{title}\nargmax {info['predicted']}, sum {info['sum']:.2f}", fontsize=10)


def _legend_below(fig, activations) -> None:
    """One legend for the whole figure, under the panels: colours and the true class.

    (A legend in every panel covered bars, which reach from -1 to 1.)
    """
    handles = [Patch(color=COLORS.get(a, "tab:gray"), label=f"{a} output") for a in activations]
    handles.append(Patch(facecolor="white", edgecolor="black", linewidth=2, label="true class"))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False)
    fig.tight_layout(rect=(0, 0.4 / fig.get_size_inches()[1], 1, 1))  # 0.4 in for it


def prediction_figure(image, label: int, vectors: dict, title: str):
    """One test image and a bar chart of each activation's ten outputs for it.

    The true class's bar has a black edge; each title gives the predicted class
    (argmax) and the row sum. Returns the figure.
    """
    if not vectors:
        raise ValueError("prediction_figure() got no prediction vectors.")
    fig, axes = plt.subplots(1, 1 + len(vectors), figsize=(2.5 * (1 + len(vectors)), 3.3))
    axes[0].imshow(np.asarray(image).reshape(28, 28), cmap="gray_r")
    axes[0].set_title(f"true label {int(label)}", fontsize=10)
    axes[0].axis("off")
    for ax, (activation, vector) in zip(axes[1:], vectors.items(), strict=True):
        _draw_bars(ax, vector, activation, int(label), activation)
    fig.suptitle(title)
    _legend_below(fig, vectors)
    return fig


def first_images_figure(images, labels, predictions, optimizer: str, n: int = 3):
    """Static figure: the first ``n`` test images and one optimizer's three models.

    One row per image: the image, then one bar chart per output activation, so
    that each panel stays readable at page width (chapter 06 draws one figure
    per optimizer). Returns the figure.
    """
    _check(predictions, optimizer)
    by_activation = predictions[optimizer]
    fig, axes = plt.subplots(
        n,
        1 + len(by_activation),
        figsize=(2.4 * (1 + len(by_activation)), 2.5 * n),
        squeeze=False,
    )
    for row in range(n):
        label = int(labels[row])
        axes[row, 0].imshow(np.asarray(images[row]).reshape(28, 28), cmap="gray_r")
        axes[row, 0].set_title(f"test image {row}\ntrue label {label}", fontsize=10)
        axes[row, 0].axis("off")
        for ax, (act, values) in zip(axes[row, 1:], by_activation.items(), strict=True):
            vector = np.asarray(values[row], dtype=float)
            _draw_bars(ax, vector, act, label, act)
    fig.suptitle(f"{optimizer}: the three models' outputs (black edge: true class)")
    _legend_below(fig, by_activation)
    return fig


def predictions_explorer(images, labels, predictions):
    """Widget: pick a test image and an optimizer, see the three activations' outputs.

    Returns a VBox holding the controls and an Output with the initial figure
    already drawn. ``box.state`` records what is shown (index, optimizer and the
    :func:`summarize` of each vector), for tests and for readers who print it.
    Chapter 06.
    """
    import ipywidgets as widgets
    from IPython.display import display

    _check(predictions)
    n = min(len(v) for by_act in predictions.values() for v in by_act.values())
    index = widgets.IntSlider(value=0, min=0, max=n - 1, step=1, description="test image")
    optimizer = widgets.ToggleButtons(options=list(predictions), description="optimizer")
    state = {}

    def show(index, optimizer):
        vectors = vectors_for(predictions, optimizer, index)
        state.clear()
        state.update(
            index=index,
            optimizer=optimizer,
            label=int(labels[index]),
            summaries={act: summarize(v) for act, v in vectors.items()},
        )
        fig = prediction_figure(
            images[index], labels[index], vectors, f"{optimizer}: outputs for test image {index}"
        )
        display(fig)
        plt.close(fig)

    out = widgets.interactive_output(show, {"index": index, "optimizer": optimizer})
    box = widgets.VBox([widgets.HBox([index, optimizer]), out])
    box.state = state
    box.show = show
    return box
