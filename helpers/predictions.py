"""What a 10-class model outputs for test images, as bar charts beside each image.

Chapter 06 trains the same 784-300-100-10 network with a softmax, a sigmoid and
a tanh output layer, once with SGD and once with Adam, and shows with these
figures what each output activation predicts:

- :func:`summarize` reads one prediction vector (predicted class, row sum,
  smallest and largest value);
- :func:`prediction_figure` draws one image and each model's ten outputs for
  it (the explorer :mod:`helpers.explorers.predictions` draws it);
- :func:`first_images_figure` draws the first few test images (one row each)
  and one optimizer's models (one column each), at most 8 inches wide with
  the axis labels shared.

``predictions`` is always a nested dict ``{optimizer: {activation: array}}``
whose arrays have one row of ten values per test image. Bars take the
book's colour for their activation (:data:`helpers.plotting.COLORS`).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from helpers.plotting import COLORS

#: the widest figure: the page shows it in a column of about 750 pixels
MAX_WIDTH = 8.0


def check_predictions(predictions, optimizer: str | None = None) -> None:
    """Refuse ``predictions`` that are not ``{optimizer: {activation: (n, 10) array}}``."""
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
    check_predictions(predictions, optimizer)
    by_activation = predictions[optimizer]
    n = min(len(v) for v in by_activation.values())
    if not 0 <= index < n:
        raise IndexError(f"image index {index} is out of range: choose 0 to {n - 1}.")
    return {act: np.asarray(values[index], dtype=float) for act, values in by_activation.items()}


def _draw_bars(ax, vector, activation: str, label: int, title: str, labels: bool = True) -> None:
    """One panel: the ten outputs as bars, the true class edged in black.

    The title gives ``title`` (when not empty), the predicted class and the
    row sum; ``labels=False`` leaves the axis labels to the figure.
    """
    info = summarize(vector)
    colors = [COLORS.get(activation, "tab:gray")] * 10
    bars = ax.bar(range(10), vector, color=colors, label=f"{activation} output")
    bars[label].set_edgecolor("black")
    bars[label].set_linewidth(2)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_ylim(-1.05, 1.05)
    # every class ticked, every other one numbered: ten digits side by side
    # would touch at the book's tick size
    ax.set_xticks(range(10), [str(d) if d % 2 == 0 else "" for d in range(10)])
    if labels:
        ax.set_xlabel("class")
        ax.set_ylabel("output value")
    reading = f"argmax {info['predicted']}, sum {info['sum']:.2f}"
    ax.set_title(f"{title}\n{reading}" if title else reading)


def _legend_below(fig, activations) -> None:
    """One legend for the whole figure, under the panels: colours and the true class.

    (A legend in every panel covered bars, which reach from -1 to 1.)
    """
    handles = [Patch(color=COLORS.get(a, "tab:gray"), label=f"{a} output") for a in activations]
    handles.append(Patch(facecolor="white", edgecolor="black", linewidth=2, label="true class"))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False)
    fig.tight_layout(rect=(0, 0.4 / fig.get_size_inches()[1], 1, 1))  # 0.4 in for it


def prediction_figure(image, label: int, vectors: dict, title: str) -> Figure:
    """One test image and a bar chart of each activation's ten outputs for it.

    The true class's bar has a black edge; each title gives the predicted class
    (argmax) and the row sum. Returns the figure.
    """
    if not vectors:
        raise ValueError("prediction_figure() got no prediction vectors.")
    width = min(MAX_WIDTH, 2.0 * (1 + len(vectors)))
    fig, axes = plt.subplots(1, 1 + len(vectors), figsize=(width, 3.6))
    axes[0].imshow(np.asarray(image).reshape(28, 28), cmap="gray_r")
    axes[0].set_title(f"true label {int(label)}")
    axes[0].axis("off")
    for ax, (activation, vector) in zip(axes[1:], vectors.items(), strict=True):
        _draw_bars(ax, vector, activation, int(label), activation)
        if ax is not axes[1]:  # one y label and one set of y ticks for all
            ax.sharey(axes[1])
            ax.set_ylabel("")
            ax.tick_params(labelleft=False)
    fig.suptitle(title)
    _legend_below(fig, vectors)
    return fig


def first_images_figure(images, labels, predictions, optimizer: str, n: int = 3) -> Figure:
    """Static figure: the first ``n`` test images and one optimizer's three models.

    One row per image (the image, then one bar chart per output activation)
    and one column per activation, named once at the top; the bar charts
    share their axes and the figure carries one x and one y label, so that at
    most 8 inches wide every text keeps the book's sizes. Returns the figure.
    """
    check_predictions(predictions, optimizer)
    by_activation = predictions[optimizer]
    ncols = 1 + len(by_activation)
    fig, axes = plt.subplots(
        n,
        ncols,
        figsize=(MAX_WIDTH, 2.1 * n + 1.1),
        squeeze=False,
        gridspec_kw={"width_ratios": [0.7] + [1] * len(by_activation)},
    )
    for row in range(n):
        label = int(labels[row])
        axes[row, 0].imshow(np.asarray(images[row]).reshape(28, 28), cmap="gray_r")
        axes[row, 0].set_title(f"image {row}: {label}")
        axes[row, 0].axis("off")
        for col, (act, values) in enumerate(by_activation.items(), start=1):
            ax = axes[row, col]
            vector = np.asarray(values[row], dtype=float)
            _draw_bars(ax, vector, act, label, act if row == 0 else "", labels=False)
            if col > 1:
                ax.sharey(axes[row, 1])
                ax.tick_params(labelleft=False)
            if row < n - 1:
                ax.tick_params(labelbottom=False)
            else:
                ax.set_xlabel("class")
    fig.suptitle(f"{optimizer}: outputs for the first {n} test images")
    fig.supylabel("output value")
    _legend_below(fig, by_activation)
    return fig
