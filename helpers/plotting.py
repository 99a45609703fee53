"""Plots the chapters share: training curves, curve overlays and image grids.

Every figure gets a title, axis labels and a legend. Introduced in chapter 02.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator


def plot_history(history, metrics=("accuracy", "loss"), title: str = "Training history"):
    """Plot train against validation for each metric of a Keras ``History``, side by side.

    Chapter 05's ``show_train_history``. Returns the matplotlib figure.
    """
    logs = getattr(history, "history", history)
    unknown = [m for m in metrics if m not in logs]
    if unknown:
        raise KeyError(f"plot_history(): {unknown} not in the history; it has {sorted(logs)}.")
    fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.6), squeeze=False)
    for ax, metric in zip(axes[0], metrics, strict=True):
        train = logs[metric]
        ax.plot(range(1, len(train) + 1), train, marker="o", ms=3, label=f"train {metric}")
        val = logs.get(f"val_{metric}")
        if val:
            step = len(train) // len(val)
            ax.plot(
                range(step, len(train) + 1, step)[: len(val)],
                val,
                marker="s",
                ms=3,
                label=f"validation {metric}",
            )
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # no epoch 1.5
        ax.set_ylabel(metric)
        ax.set_title(metric)
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_curves(curves: dict, title: str, xlabel: str = "epoch", ylabel: str = "accuracy", ax=None):
    """Overlay named curves (``{label: values}``) on one axis, x starting at 1.

    Returns the axis. Chapters 04, 05 and 07 compare runs with it.
    """
    if not curves:
        raise ValueError("plot_curves() got no curves: pass {label: values}.")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    for label, values in curves.items():
        values = np.asarray(values, dtype=float)
        ax.plot(np.arange(1, len(values) + 1), values, marker="o", ms=3, label=label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # x counts epochs (or steps)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


def show_images(images, labels, title: str, class_names=None, ncols: int = 8):
    """Show 28x28 images in a grid, each titled with its label (or class name).

    Returns the figure. Chapters 05, 06 and 07.
    """
    images = np.asarray(images)
    if images.ndim == 2 and images.shape[1] == 784:
        images = images.reshape(-1, 28, 28)
    if images.ndim != 3:
        raise ValueError(
            f"show_images() needs images of shape (n, 28, 28) or (n, 784), got {images.shape}."
        )
    if len(images) != len(labels):
        raise ValueError(f"show_images(): {len(images)} images but {len(labels)} labels.")
    ncols = min(ncols, len(images))
    nrows = int(np.ceil(len(images) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.4 * ncols, 1.6 * nrows + 0.4), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, image, label in zip(axes.flat, images, labels, strict=False):
        ax.imshow(image, cmap="gray_r")
        name = class_names[int(label)] if class_names is not None else int(label)
        ax.set_title(str(name), fontsize=9)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
