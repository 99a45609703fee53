"""Chapter 06's exercises: the loss of a tanh row, a logits model, tanh with a loss it can read.

``q1`` judges a number (the loss Keras gives one tanh row, worked out by
hand), ``q2`` and ``q3`` judge the student's own trained model on the first
1,000 of the chapter's validation images (the first 1,000 MNIST training
images, which no exercise trains on). See :mod:`helpers.exercises`.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from helpers.exercises import (
    Exercise,
    NotAnAnswer,
    activation_name,
    correct,
    dense_layers,
    need_model,
    need_number,
    wrong,
)
from helpers.formatting import accuracy
from helpers.i18n import N_, tr

#: exercise 1: a tanh model's ten outputs for one image, and its true label
ROW = [0.62, -0.95, 0.10, -0.40, 0.85, -1.00, 0.05, 0.33, -0.70, 0.20]
LABEL = 4
#: Keras' epsilon (keras.config.epsilon()), the clip of a loss on probabilities
EPSILON = 1e-7

#: how many validation images the model checks use, and the accuracy they need
N_CHECK = 1000
LEARNT = 0.7


def tanh_row_loss(row=ROW, label=LABEL, eps=EPSILON) -> float:
    """What Keras 3's sparse_categorical_crossentropy gives ``row`` (no logits attached).

    Clip every output into [eps, 1 - eps], then minus the log of the true
    class's share of the clipped row (keras/src/backend/tensorflow/nn.py,
    ``sparse_categorical_crossentropy``).
    """
    clipped = np.clip(np.asarray(row, dtype="float64"), eps, 1 - eps)
    return float(-np.log(clipped[label] / clipped.sum()))


def _misreadings() -> dict[str, tuple[float, str]]:
    """Typical wrong answers to exercise 1, each with what it got wrong (marked with N_)."""
    row = np.asarray(ROW, dtype="float64")
    shifted = row - row.max()
    as_logits = float(-(shifted[LABEL] - np.log(np.exp(shifted).sum())))
    return {
        "no share": (
            float(-np.log(row[LABEL])),
            N_(
                "that is minus the log of the output itself; the loss divides the true "
                "class's output by the sum of the whole (clipped) row first."
            ),
        ),
        "logits": (
            as_logits,
            N_(
                "that is the loss of the row read as logits (a softmax of it); a tanh "
                "output carries no logits, so Keras reads the ten values as probabilities."
            ),
        ),
        "log 10": (
            math.log(10),
            N_(
                "log 10 is the loss of a row whose ten outputs are all at or below 0; "
                "this row has positive outputs."
            ),
        ),
    }


def _judge_q1(answer):
    if isinstance(answer, float) and math.isnan(answer):
        return wrong(
            tr(
                "your loss is NaN: the row's sum is negative, so its share has no "
                "logarithm. Keras clips every output into [1e-7, 1 - 1e-7] before it "
                "divides by the sum."
            )
        )
    value = need_number(answer, what=N_("loss"))
    right = tanh_row_loss()
    if abs(value - right) < 1e-3:
        return correct(
            tr(
                "The loss is {loss}: the four negative outputs are clipped to "
                "epsilon, and the loss is minus the log of output 4's share of the "
                "clipped row. It is small because 0.85 is a large share, not because "
                "0.85 is close to 1.",
                loss=f"{right:.4f}",
            )
        )
    for guess, why in _misreadings().values():
        if abs(value - guess) < 1e-3:
            return wrong(tr("you got {value}: {why}", value=f"{value:.4f}", why=tr(why)))
    return wrong(
        tr(
            "you got {value}, which is not the loss Keras computes for this row "
            "(clip into [1e-7, 1 - 1e-7], then minus the log of the true class's share).",
            value=f"{value:.4f}",
        )
    )


q1 = Exercise(
    1,
    N_("a number: the loss of the row for the true class 4"),
    _judge_q1,
    N_(
        "np.clip(row, 1e-7, 1 - 1e-7) gives the clipped row; the loss is "
        "-np.log(clipped[label] / clipped.sum()). You can compare with "
        "keras.losses.sparse_categorical_crossentropy([label], [row])."
    ),
    N_(
        "clip the row into [epsilon, 1 - epsilon], take the true class's share of "
        "the clipped row's sum, and return minus its logarithm."
    ),
)


@lru_cache(maxsize=1)
def check_images():
    """The first N_CHECK of the chapter's validation images (float32 in [0, 1]) and labels."""
    from helpers.data import load_mnist

    (x_train, y_train), _ = load_mnist()
    return x_train[:N_CHECK].astype("float32") / 255, y_train[:N_CHECK]


def _mnist_model(answer):
    """``answer`` as a trained model that takes 28x28 images and outputs 10 values."""
    model = need_model(answer, trained=True)
    if len(model.inputs) != 1 or tuple(model.inputs[0].shape[1:]) not in [(28, 28), (784,)]:
        shapes = [tuple(t.shape[1:]) for t in model.inputs]
        raise NotAnAnswer(
            tr(
                "Your model takes inputs of shape {shapes}; MNIST images are 28 x 28 "
                "(keras.Input([28, 28])).",
                shapes=shapes,
            )
        )
    if tuple(model.outputs[0].shape[1:]) != (10,):
        raise NotAnAnswer(
            tr(
                "Your model outputs {shape} values per image; one per digit makes 10.",
                shape=tuple(model.outputs[0].shape[1:]),
            )
        )
    return model


def _outputs(model):
    """The model's outputs for the check images."""
    x, _ = check_images()
    x = x.reshape(len(x), *model.inputs[0].shape[1:])
    return np.asarray(model.predict(x, verbose=0), dtype="float64")


def _accuracy(outputs) -> float:
    _, y = check_images()
    return float(np.mean(outputs.argmax(axis=1) == y))


def _loss(model) -> tuple[str, bool]:
    """The name of the loss the model was compiled with and its from_logits flag."""
    import keras

    loss = model.loss
    if isinstance(loss, str):
        function = keras.losses.get(loss)
        return getattr(function, "__name__", loss), False
    if isinstance(loss, keras.losses.Loss):
        config = loss.get_config()
        return config.get("name", type(loss).__name__), bool(config.get("from_logits"))
    if callable(loss):
        return getattr(loss, "__name__", str(loss)), False
    raise NotAnAnswer(
        tr(
            "Your model was compiled with the loss {loss}; the exercise needs one loss.",
            loss=repr(loss),
        )
    )


def _judge_q2(answer):
    model = _mnist_model(answer)
    output = activation_name(dense_layers(model)[-1]) if dense_layers(model) else "?"
    if output != "linear":
        return wrong(
            tr(
                "your output layer applies {activation}; the exercise asks for no "
                "activation, so that the model outputs logits and the loss applies "
                "the softmax itself.",
                activation=output,
            )
        )
    name, from_logits = _loss(model)
    if name != "sparse_categorical_crossentropy":
        return wrong(
            tr(
                "your loss is {loss}; the exercise asks for SparseCategoricalCrossentropy.",
                loss=name,
            )
        )
    if not from_logits:
        return wrong(
            tr(
                "your loss has from_logits=False, so it reads your logits as "
                "probabilities: it clips them into [1e-7, 1 - 1e-7], and every negative "
                "logit gets no gradient. Pass from_logits=True."
            )
        )
    outputs = _outputs(model)
    acc = _accuracy(outputs)
    if acc < LEARNT:
        return wrong(
            tr(
                "your model classifies {acc} of {images} validation images; "
                "one epoch of Adam on a few thousand images reaches about 90%. Did "
                "`fit` run on the training images and their integer labels?",
                acc=accuracy(acc),
                images=f"{N_CHECK:,}",
            )
        )
    probabilities = np.exp(outputs - outputs.max(axis=1, keepdims=True))
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    return correct(
        tr(
            "Your model outputs logits (the first check image's range from "
            "{low} to {high}) and classifies "
            "{acc} of {images} validation images. The softmax now sits in "
            "the loss; keras.ops.softmax(model(x)) gives the probabilities back (the "
            "first check image's largest is {largest}).",
            low=f"{outputs[0].min():.1f}",
            high=f"{outputs[0].max():.1f}",
            acc=accuracy(acc),
            images=f"{N_CHECK:,}",
            largest=f"{probabilities[0].max():.2f}",
        )
    )


q2 = Exercise(
    2,
    N_("a trained Keras model with no activation on its output layer"),
    _judge_q2,
    N_(
        "build_mnist_300_100(None, 'logits') gives the chapter's network with a linear "
        "output; compile it with loss=keras.losses.SparseCategoricalCrossentropy("
        "from_logits=True)."
    ),
    N_(
        "the same network with no output activation, compiled with "
        "SparseCategoricalCrossentropy(from_logits=True), trains like the softmax model."
    ),
)


def _judge_q3(answer):
    model = _mnist_model(answer)
    output = activation_name(dense_layers(model)[-1]) if dense_layers(model) else "?"
    if output != "tanh":
        return wrong(
            tr(
                "your output layer applies {activation}; the exercise keeps tanh and "
                "changes the loss.",
                activation=output,
            )
        )
    name, _ = _loss(model)
    if name != "mean_squared_error":
        return wrong(
            tr(
                "your loss is {loss}; it reads tanh's outputs as probabilities and "
                "clips the negative ones away. The exercise asks for mse.",
                loss=name,
            )
        )
    outputs = _outputs(model)
    acc = _accuracy(outputs)
    if acc < LEARNT:
        return wrong(
            tr(
                "your tanh model classifies {acc} of {images} validation "
                "images; with mse against targets of -1 and 1 it reaches about 90% in "
                "two epochs. Are your targets one row of ten values per image?",
                acc=accuracy(acc),
                images=f"{N_CHECK:,}",
            )
        )
    if outputs.min() >= 0:
        return wrong(
            tr(
                "none of your model's outputs is negative: were its targets 0 and 1? The "
                "exercise maps the labels to -1 and 1, tanh's own range."
            )
        )
    return correct(
        tr(
            "Your tanh model classifies {acc} of {images} validation "
            "images. Mean squared error compares every output with its target, so "
            "every output gets a gradient, negative or not: the chapter's tanh models "
            "failed because of their loss, not because of tanh.",
            acc=accuracy(acc),
            images=f"{N_CHECK:,}",
        )
    )


q3 = Exercise(
    3,
    N_("a trained Keras model with a tanh output layer"),
    _judge_q3,
    N_(
        "targets = 2 * keras.utils.to_categorical(labels, 10) - 1 gives -1 everywhere "
        "and 1 at the label; compile build_mnist_300_100('tanh', ...) with loss='mse' and fit "
        "it on those targets."
    ),
    N_(
        "map the labels to rows of -1 and 1, compile the tanh model with mean squared "
        "error and Adam, and train it for two epochs."
    ),
)
