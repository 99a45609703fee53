"""Chapter 03's exercises (Sigmoid or softmax), judged on the student's own answer.

- ``q1``: the multi-label model with a softmax output, kept on binary
  cross-entropy and trained (the model).
- ``q2``: a NumPy softmax that survives logits such as ``[1000, 0]`` (the
  function).
- ``q3``: the multi-label model with a fourth question, "is it 7?" (the
  compiled model).

The notebook imports ``q1``, ``q2`` and ``q3``; ``tests/test_exercises_ch03.py``
feeds each judge a right answer, typical wrong ones and malformed input.
"""

from __future__ import annotations

import re

import numpy as np

from helpers.exercises import (
    Exercise,
    NotAnAnswer,
    activation_name,
    correct,
    dense_layers,
    need_model,
    wrong,
)
from helpers.i18n import N_, tr

#: an MNIST image flattened, as chapter 03 feeds it
N_PIXELS = 784
#: the chapter's four example logits (the original tutorial's)
FOUR_LOGITS = (-0.9, 1.9, 0.3, 1.5)


def loss_name(model) -> str | None:
    """The loss a model was compiled with, as lower-case letters: "binarycrossentropy"."""
    loss = getattr(model, "loss", None)
    if loss is None:
        return None
    if isinstance(loss, str):
        name = loss
    else:
        name = getattr(loss, "name", None) or getattr(loss, "__name__", None)
        name = name or type(loss).__name__
    return re.sub(r"[^a-z]", "", str(name).lower())


def _is_binary_crossentropy(model) -> bool:
    return loss_name(model) in ("binarycrossentropy", "bce")


def _shown_loss(model) -> str:
    loss = getattr(model, "loss", None)
    if isinstance(loss, str):
        return loss
    return getattr(loss, "name", None) or getattr(loss, "__name__", None) or str(loss)


def _mnist_dense(model):
    """The Dense layers of a model that reads flattened MNIST images, or NotAnAnswer."""
    dense = dense_layers(model)
    if not dense:
        raise NotAnAnswer(tr("Your model has no Dense layer, so it has no output layer to check."))
    inputs = int(dense[0].kernel.shape[0])
    if inputs != N_PIXELS:
        raise NotAnAnswer(
            tr(
                "Your model takes {inputs} inputs; the chapter's models read an MNIST "
                "image flattened to {pixels} pixels (keras.Input(shape=(784,))).",
                inputs=inputs,
                pixels=N_PIXELS,
            )
        )
    return dense


# --- exercise 1: softmax outputs with binary cross-entropy ------------------------------


def judge_softmax_multilabel(answer):
    """Right: a trained model ending in Dense(3, softmax), compiled with binary cross-entropy."""
    model = need_model(answer, trained=True)
    output = _mnist_dense(model)[-1]
    if output.units != 3:
        return wrong(
            tr(
                "your output layer has {units} units; the exercise keeps one per "
                "question of the chapter: 3.",
                units=output.units,
            )
        )
    if activation_name(output) != "softmax":
        return wrong(
            tr(
                "your output layer's activation is {activation}; the "
                "exercise asks for softmax in its place.",
                activation=activation_name(output),
            )
        )
    if not _is_binary_crossentropy(model):
        return wrong(
            tr(
                "your model is compiled with {loss}; the exercise keeps "
                "the multi-label model's binary_crossentropy.",
                loss=_shown_loss(model),
            )
        )
    images = np.random.default_rng(0).uniform(size=(100, N_PIXELS)).astype("float32")
    outputs = np.asarray(model.predict(images, verbose=0))
    most_yes = int((outputs > 0.5).sum(axis=1).max())
    return correct(
        tr(
            "Softmax makes your model's three outputs sum to 1, so at most one can pass "
            "0.5 (on 100 random images, at most {most_yes} did): it can never answer "
            "yes to two questions at once.",
            most_yes=most_yes,
        )
    )


q1 = Exercise(
    1,
    asks=N_(
        "the multi-label model with Dense(3, activation='softmax') as its output "
        "layer, compiled with binary_crossentropy and trained"
    ),
    judge=judge_softmax_multilabel,
    hint=N_(
        "Copy the chapter's multi_label model, change only the output layer's "
        "activation to 'softmax', keep loss='binary_crossentropy', and fit it on a "
        "slice of the training images (a few thousand, three epochs) with t_train as "
        "the targets."
    ),
    idea=N_(
        "the multi-label model with a softmax output, trained briefly; then "
        "compare the loss Keras reports with the two formulas it could be computing."
    ),
)


# --- exercise 2: a softmax in NumPy that does not overflow ------------------------------


def _reference_softmax(z) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


def _shown(values) -> str:
    return "[" + ", ".join(f"{v:.4f}" for v in np.asarray(values, dtype=float)) + "]"


def _call(function, logits) -> np.ndarray:
    """``function(logits)`` as a float array, or NotAnAnswer when it cannot give one."""
    shown = "[" + ", ".join(f"{v:g}" for v in logits) + "]"
    try:
        with np.errstate(all="ignore"):
            result = function(np.array(logits, dtype=float))
        values = np.asarray(result, dtype=float)
    except Exception as problem:  # noqa: BLE001 - the student's function can fail anywhere
        raise NotAnAnswer(
            tr(
                "Your function raised {error} ({problem}) when called on the NumPy array {shown}.",
                error=type(problem).__name__,
                problem=problem,
                shown=shown,
            )
        ) from None
    if values.shape != (len(logits),):
        raise NotAnAnswer(
            tr(
                "Your function returned shape {shape} for {n} logits; "
                "a softmax returns one value per logit.",
                shape=values.shape,
                n=len(logits),
            )
        )
    return values


def judge_numpy_softmax(answer):
    """Right: a function equal to tf.nn.softmax on the four logits and finite on [1000, 0]."""
    if isinstance(answer, type) or not callable(answer):
        raise NotAnAnswer(
            tr(
                "Your answer is a {kind}, not a function: define "
                "def my_softmax(z): ... and set answer = my_softmax (no parentheses).",
                kind=type(answer).__name__,
            )
        )
    z = np.array(FOUR_LOGITS)
    got = _call(answer, FOUR_LOGITS)
    want = _reference_softmax(z)
    if np.allclose(got, 1 / (1 + np.exp(-z)), atol=1e-6):
        return wrong(
            tr(
                "your function gives the sigmoid of each logit ({got}, sum "
                "{total}); softmax divides exp(z) by the sum of exp over all "
                "the logits.",
                got=_shown(got),
                total=f"{got.sum():.2f}",
            )
        )
    if not np.allclose(got, want, atol=1e-6):
        return wrong(
            tr(
                "on {logits} your function gives {got}; softmax gives {want}.",
                logits=list(FOUR_LOGITS),
                got=_shown(got),
                want=_shown(want),
            )
        )
    big = _call(answer, (1000.0, 0.0))
    if not np.all(np.isfinite(big)) or not np.allclose(big, [1.0, 0.0], atol=1e-6):
        return wrong(
            tr(
                "on [1000, 0] your function gives {got}: exp(1000) overflows "
                "to inf, and inf / inf is nan. Subtract the largest logit from every "
                "logit first.",
                got=big.tolist(),
            )
        )
    return correct(
        tr(
            "Your softmax matches tf.nn.softmax on the four logits and stays finite on "
            "[1000, 0]: subtracting the largest logit keeps every exp at most 1 and "
            "does not change the result."
        )
    )


q2 = Exercise(
    2,
    asks=N_(
        "a Python function that takes a NumPy array of logits and returns their "
        "softmax, also for logits such as [1000, 0]"
    ),
    judge=judge_numpy_softmax,
    hint=N_(
        "np.exp(z) / np.exp(z).sum() is softmax until exp overflows: np.exp(1000) "
        "is inf. Softmax does not change when the same number is taken from every "
        "logit; which number keeps every exp at most 1?"
    ),
    idea=N_("e = np.exp(z - z.max()); return e / e.sum()."),
    answer_name="answer",
)


# --- exercise 3: a fourth question --------------------------------------------------------


def judge_four_questions(answer):
    """Right: a compiled model ending in Dense(4, sigmoid), with binary cross-entropy."""
    model = need_model(answer, compiled=True)
    output = _mnist_dense(model)[-1]
    if output.units == 3:
        return wrong(
            tr(
                "your model has 3 outputs, one per question of the chapter; the new "
                "question, 'is it 7?', needs a fourth."
            )
        )
    if output.units != 4:
        return wrong(
            tr(
                "your model has {units} outputs; four yes/no questions need 4, one each.",
                units=output.units,
            )
        )
    if activation_name(output) != "sigmoid":
        return wrong(
            tr(
                "your output layer uses {activation}; the four answers are "
                "independent (a 7 is also 'greater than 4'), so each needs its own "
                "sigmoid.",
                activation=activation_name(output),
            )
        )
    if not _is_binary_crossentropy(model):
        return wrong(
            tr(
                "your model is compiled with {loss}; four independent "
                "yes/no answers take binary_crossentropy, one yes/no loss per output.",
                loss=_shown_loss(model),
            )
        )
    return correct(
        tr(
            "Four sigmoid outputs give one independent yes/no probability per question, "
            "and binary cross-entropy scores each of them, averaged over the four."
        )
    )


q3 = Exercise(
    3,
    asks=N_("a compiled Keras model for the four questions (even, greater than 4, round, is it 7)"),
    judge=judge_four_questions,
    hint=N_(
        "One output per yes/no question; which activation lets several outputs be "
        "near 1 at once, and which loss scores each output on its own?"
    ),
    idea=N_(
        "the multi-label model with Dense(4, activation='sigmoid') and loss='binary_crossentropy'."
    ),
)
