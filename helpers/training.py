"""Training plumbing: the book's compile settings and compact epoch tables.

:func:`compile_settings` is taught in chapter 01.
"""

from __future__ import annotations

from helpers.modes import is_quick

#: training steps per call into TensorFlow (``steps_per_execution``) at the
#: book's usual batch sizes: an iris epoch is a few steps, an MNIST epoch at a
#: batch size of 128 or 200 a few hundred
STEPS_PER_CALL = 32
#: the same at Keras' default batch size of 32 on tens of thousands of images:
#: an epoch of 60,000 images is 1,875 small steps, so 256 steps per call cut the
#: Python overhead that dominates such small steps on a CPU
STEPS_PER_CALL_SMALL_BATCHES = 256
#: what ``compile_settings(quick=...)`` accepts
QUICK_CHOICES = ("same", "plain")


def compile_settings(
    *,
    small_batches: bool = False,
    several_steps: bool = True,
    xla: bool | str = True,
    quick: str = "same",
) -> dict:
    """The book's keyword arguments for ``compile``: ``model.compile(..., **compile_settings())``.

    They make a small model train faster on a CPU without changing what it
    learns (the same batches, in the same order, with the same updates):

    - ``steps_per_execution``: training steps run in one call into TensorFlow,
      32 (:data:`STEPS_PER_CALL`), or 256 with ``small_batches=True``, for
      Keras' default batch size of 32 on tens of thousands of images.
      ``several_steps=False`` leaves it out: one step per call, Keras' default.
    - ``jit_compile``: ``xla=True`` compiles the training step with XLA;
      ``xla=False`` does not (on a CPU, XLA draws dropout's random masks
      slowly, and a short run starts sooner without compiling);
      ``xla="auto"`` leaves it out, to Keras' default (``"auto"``: no XLA on a
      machine without a GPU).
    - ``quick="plain"``: in quick mode (:mod:`helpers.modes`) leave out the
      speed-ups, ``steps_per_execution`` and ``jit_compile=True``, since on a
      little data compiling costs more than it saves; an ``xla=False`` stays.
      ``quick="same"`` (the default) gives the same settings in both modes.

    ``compile_settings()`` is ``{"steps_per_execution": 32, "jit_compile":
    True}``. Raises ValueError for an argument it does not know what to do with.
    """
    for name, value in (("small_batches", small_batches), ("several_steps", several_steps)):
        if not isinstance(value, bool):
            raise ValueError(f"compile_settings() needs {name}=True or False, got {value!r}.")
    if not (xla is True or xla is False or xla == "auto"):
        raise ValueError(
            f"compile_settings() needs xla=True (compile with XLA), False (do not) or "
            f"'auto' (leave it to Keras), got {xla!r}."
        )
    if quick not in QUICK_CHOICES:
        raise ValueError(
            f"compile_settings() needs quick='same' (the same settings in quick mode) or "
            f"'plain' (no speed-ups in quick mode), got {quick!r}."
        )
    if small_batches and not several_steps:
        raise ValueError(
            "compile_settings() got small_batches=True (256 steps per call) and "
            "several_steps=False (one step per call): choose one."
        )
    plain = quick == "plain" and is_quick()
    settings = {}
    if several_steps and not plain:
        settings["steps_per_execution"] = (
            STEPS_PER_CALL_SMALL_BATCHES if small_batches else STEPS_PER_CALL
        )
    if xla is False or (xla is True and not plain):
        settings["jit_compile"] = xla
    return settings


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
