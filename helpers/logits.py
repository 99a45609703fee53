"""Sigmoid and softmax of a vector of logits: the values, their sums, a figure.

The sigmoid of each logit gives independent values in (0, 1), one per yes/no
question; the softmax of all of them gives values that share 1 between the
classes. Chapter 03 teaches the difference with :func:`plot_logit_outputs`,
and its explorer (:mod:`helpers.explorers.logits`) draws the same figure.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from helpers.plotting import COLORS

#: the two example logit vectors of chapter 03 (from the original tutorial)
EXAMPLE_2 = (-0.9419267177581787, 1.944047451019287)
EXAMPLE_4 = (-0.9, 1.9, 0.3, 1.5)


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


def plot_logit_outputs(logits, title: str | None = None, axes=None, labels=None) -> Figure:
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
