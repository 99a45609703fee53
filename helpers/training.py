"""Training plumbing: fast-compile settings, epoch timing and compact epoch tables.

Taught in chapter 01.
"""

from __future__ import annotations

import time

import keras

#: Keyword arguments for ``model.compile`` that make small models train faster on
#: a CPU without changing what they learn: ``steps_per_execution`` runs several
#: batches per call into TensorFlow (less Python overhead per step) and
#: ``jit_compile`` compiles the training step with XLA. Chapter 01 explains them.
FAST_COMPILE = {"steps_per_execution": 32, "jit_compile": True}

#: :data:`FAST_COMPILE` for training on tens of thousands of images at Keras'
#: default batch size of 32 (chapters 06 and 07, which keep their tutorials'
#: batch size): an epoch of 60,000 images is 1,875 small steps, so 256 steps per
#: call into TensorFlow instead of 32 cut the Python overhead that dominates such
#: small steps on a CPU. Like FAST_COMPILE, it does not change what is learnt.
FAST_COMPILE_SMALL_BATCHES = {**FAST_COMPILE, "steps_per_execution": 256}


class EpochTimer(keras.callbacks.Callback):
    """Record the wall-clock seconds of every training epoch in ``self.seconds``.

    Chapter 05 reports seconds per epoch from it.
    """

    def on_train_begin(self, logs=None):
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self._start)

    @property
    def mean_seconds(self) -> float:
        """Mean seconds per epoch, without the first (it includes compilation) if there are more."""
        if not self.seconds:
            raise ValueError("EpochTimer has no epochs yet: pass it to fit(callbacks=[...]) first.")
        kept = self.seconds[1:] if len(self.seconds) > 1 else self.seconds
        return sum(kept) / len(kept)


def _wrap_name(name: str, width: int) -> list[str]:
    """Break a metric name after its underscores into lines of at most ``width``."""
    lines = [""]
    for piece in name.replace("_", "_ ").split(" "):
        if lines[-1] and len(lines[-1]) + len(piece) > width:
            lines.append("")
        lines[-1] += piece
    return lines


def history_table(history, every: int = 1, digits: int = 4, name_width: int = 14) -> str:
    """Format a Keras ``History`` (or its ``.history`` dict) as a compact per-epoch table.

    One row for every ``every``-th epoch (and the last); metrics recorded only on
    some epochs (``validation_freq``) show as blank elsewhere. Names longer than
    ``name_width`` (``val_sparse_categorical_accuracy``) are broken after an
    underscore over several header lines, so that the table fits a book page.
    """
    logs = getattr(history, "history", history)
    if not logs:
        raise ValueError("history_table() got an empty history: train the model first.")
    if every < 1:
        raise ValueError(f"history_table() needs every >= 1, got {every}.")
    names = list(logs)
    epochs = max(len(values) for values in logs.values())
    val_every = {
        name: (epochs // len(values) if len(values) else 0) for name, values in logs.items()
    }
    # each column as wide as its own (wrapped) name or its numbers
    heads = {name: _wrap_name(name, name_width) for name in names}
    widths = {name: max(digits + 3, *map(len, heads[name])) + 2 for name in names}
    depth = max(len(lines) for lines in heads.values())
    lines = []
    for row in range(depth):
        first = "epoch" if row == depth - 1 else ""
        cells = []
        for name in names:
            head = [""] * (depth - len(heads[name])) + heads[name]  # bottom-aligned
            cells.append(head[row].rjust(widths[name]))
        lines.append((first.rjust(5) + "".join(cells)).rstrip())
    for epoch in range(1, epochs + 1):
        if epoch % every and epoch != epochs:
            continue
        row = f"{epoch:5d}"
        for name in names:
            values, step = logs[name], val_every[name]
            if len(values) == epochs:
                cell = f"{values[epoch - 1]:.{digits}f}"
            elif step and epoch % step == 0 and epoch // step <= len(values):
                cell = f"{values[epoch // step - 1]:.{digits}f}"
            else:
                cell = ""
            row += cell.rjust(widths[name])
        lines.append(row.rstrip())
    return "\n".join(lines)
