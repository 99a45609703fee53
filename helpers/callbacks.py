"""Keras callbacks the book passes to ``fit``: a live progress line and an epoch timer.

``model.fit(..., verbose=0, callbacks=[LiveProgress("relu")])`` shows one line
in the notebook while the model trains ("relu: epoch 3/20, accuracy 0.9712,
val_accuracy 0.9688, 12 s"), updated in place after every epoch, and blanks it
when training ends. A student in Colab or Jupyter sees that the cell is
working; the executed notebook, and so the book's page, keeps only an empty
output that renders as nothing. Outside a notebook (a plain Python script) it
prints nothing. Used wherever a cell trains for long.

``EpochTimer`` records the seconds of each epoch, for a chapter that reports
how long an epoch takes on the machine that ran it.
"""

from __future__ import annotations

import time

import keras

#: metrics shown in the progress line, in this order, when the run logs them
SHOWN = ("accuracy", "val_accuracy", "loss", "val_loss")


def progress_line(name: str, epoch: int, epochs: int, logs: dict, seconds: float) -> str:
    """The text of one progress update: run name, epoch count, main metrics, time so far.

    Models trained side by side (:mod:`helpers.side_by_side`) log one accuracy per model
    (``softmax_accuracy``, ``val_softmax_accuracy``, ...): then the line shows
    each model's validation accuracy (or training accuracy) instead.
    """
    parts = [f"{name}: epoch {epoch}/{epochs}"]
    train_accuracies = [k for k in logs if k.endswith("accuracy") and not k.startswith("val_")]
    if len(train_accuracies) == 1:  # one model: its accuracy, whatever its name
        acc = train_accuracies[0]
        shown = [k for k in (acc, f"val_{acc}", "loss", "val_loss") if k in logs][:2]
        parts += [f"{k} {float(logs[k]):.4f}" for k in shown]
    else:
        per_model = [k for k in logs if k.startswith("val_") and k.endswith("_accuracy")]
        prefix = "val_" if per_model else ""
        per_model = per_model or [k for k in logs if k.endswith("_accuracy")]
        if per_model:
            parts.append(f"{prefix}accuracy:")
            parts[-1] += " " + " ".join(
                f"{k[len(prefix) : -len('_accuracy')]} {float(logs[k]):.3f}" for k in per_model
            )
        else:
            parts += [f"{k} {float(logs[k]):.4f}" for k in SHOWN if k in logs][:2]
    parts.append(f"{seconds:.0f} s")
    return ", ".join(parts)


class LiveProgress(keras.callbacks.Callback):
    """Show a one-line progress report during ``fit`` and blank it at the end.

    ``name`` labels the run (several runs in one cell each get their own
    line). The line lives in an IPython display that is updated in place;
    where there is no IPython display (a script, a test), nothing is shown.
    ``self.lines`` keeps every text shown, for tests.
    """

    def __init__(self, name: str = "training"):
        super().__init__()
        if not isinstance(name, str) or not name:
            raise ValueError(f"LiveProgress needs a run name (a non-empty str), got {name!r}.")
        self.name = name
        self.lines: list[str] = []
        self._handle = None

    def _show(self, text: str) -> None:
        self.lines.append(text)
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:  # pragma: no cover - IPython comes with every notebook
            return
        if get_ipython() is None:
            return
        data = {"text/plain": text, "text/markdown": text}
        if self._handle is None:
            self._handle = display(data, raw=True, display_id=True)
        else:
            self._handle.update(data, raw=True)

    def on_train_begin(self, logs=None):
        self._start = time.perf_counter()
        self._handle = None
        self._show(f"{self.name}: starting")

    def on_epoch_end(self, epoch, logs=None):
        epochs = self.params.get("epochs", "?")
        seconds = time.perf_counter() - self._start
        self._show(progress_line(self.name, epoch + 1, epochs, logs or {}, seconds))

    def on_train_end(self, logs=None):
        # Blank, not removed: an empty Markdown output renders as nothing.
        self._show("")


class EpochTimer(keras.callbacks.Callback):
    """Record the wall-clock seconds of every training epoch in ``self.seconds``.

    ``model.fit(..., callbacks=[timer])``, then ``timer.mean_seconds``: the
    seconds per epoch of this machine, never a claim of the text.
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
