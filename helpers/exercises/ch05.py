"""The exercises of chapter 05 (Width, activation and initializer), judged on the student's answer.

- ``q1``: build and compile a 784-512-10 network with tanh hidden units and
  Keras' ``'random_uniform'`` initializer on both layers (the model is judged);
- ``q2``: the parameter count of the chapter's dropout model, by hand (a number);
- ``q3``: train relu 256 with Keras' default initializer on a few thousand
  images (the trained model is judged on MNIST test images);
- ``q4``: the standard error of a difference of two means over seeds (a number).
"""

from __future__ import annotations

import functools
import math

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
from helpers.i18n import N_, tr

# --- shared checks ------------------------------------------------------------------


def _initializer_name(layer) -> str:
    """The class name of a Dense layer's kernel initializer ("RandomUniform", ...)."""
    return type(getattr(layer, "kernel_initializer", None)).__name__


def _loss_name(model) -> str:
    """The name of the loss a model was compiled with, in snake case."""
    loss = getattr(model, "loss", None)
    if isinstance(loss, str):
        return loss
    name = getattr(loss, "name", None) or getattr(loss, "__name__", None)
    if name is None:
        name = type(loss).__name__
    # CategoricalCrossentropy -> categorical_crossentropy
    out = ""
    for i, ch in enumerate(name):
        if ch.isupper() and i and name[i - 1].islower():
            out += "_"
        out += ch.lower()
    return out


def _hidden_and_output(model, *, hidden: int = 1):
    """The model's Dense layers split into hidden ones and the output, or a wrong() verdict."""
    dense = dense_layers(model)
    if not dense:
        raise NotAnAnswer(tr("Your model has no Dense layer at all."))
    n_hidden = len(dense) - 1
    if n_hidden != hidden:
        if n_hidden == 1:
            layers = tr(
                "your model has {have} hidden Dense layer; "
                "the exercise asks for {want} (then the 10-unit softmax output).",
                have=n_hidden,
                want=hidden,
            )
        else:
            layers = tr(
                "your model has {have} hidden Dense layers; "
                "the exercise asks for {want} (then the 10-unit softmax output).",
                have=n_hidden,
                want=hidden,
            )
        return None, wrong(layers)
    output = dense[-1]
    if output.units != 10 or activation_name(output) != "softmax":
        return None, wrong(
            tr(
                "your output layer is Dense({units}) with {activation}; "
                "MNIST has 10 classes, so the output is Dense(10, activation='softmax').",
                units=output.units,
                activation=activation_name(output),
            )
        )
    return dense, None


def _flat_input(model):
    """NotAnAnswer unless the model takes rows of 784 pixels."""
    shape = tuple(model.input_shape)
    if shape[1:] != (784,):
        raise NotAnAnswer(
            tr(
                "Your model takes inputs of shape {shape}; the chapter's images are "
                "rows of 784 pixels, so start with keras.Input((784,)).",
                shape=shape,
            )
        )


# --- exercise 1: build and compile ------------------------------------------------------


def _judge_q1(answer):
    model = need_model(answer, built=True, compiled=True)
    _flat_input(model)
    dense, verdict = _hidden_and_output(model)
    if verdict:
        return verdict
    hidden, output = dense
    if hidden.units != 512:
        return wrong(
            tr(
                "your hidden layer has {units} units; the exercise asks for 512.",
                units=hidden.units,
            )
        )
    if activation_name(hidden) != "tanh":
        return wrong(
            tr(
                "your hidden layer uses {activation}; the exercise asks for tanh.",
                activation=activation_name(hidden),
            )
        )
    for where, layer in ((N_("hidden"), hidden), (N_("output"), output)):
        name = _initializer_name(layer)
        if name != "RandomUniform":
            return wrong(
                tr(
                    "your {where} layer draws its weights with {name}; the exercise asks for "
                    "kernel_initializer='random_uniform' on both layers.",
                    where=tr(where),
                    name=name,
                )
            )
    loss = _loss_name(model)
    if loss != "categorical_crossentropy":
        return wrong(
            tr(
                "your model is compiled with the loss {loss}; the chapter's labels are "
                "one-hot rows, which categorical_crossentropy compares with the softmax "
                "output.",
                loss=loss,
            )
        )
    optimizer = type(model.optimizer).__name__
    if optimizer != "Adam":
        return wrong(
            tr(
                "your model is compiled with {optimizer}; the exercise asks for 'adam'.",
                optimizer=optimizer,
            )
        )
    return correct(
        tr(
            "784-512-10 with tanh and 'random_uniform' on both layers: "
            "{params} parameters, 784 x 512 + 512 in the hidden layer "
            "and 512 x 10 + 10 in the output, whatever the activation or initializer.",
            params=f"{model.count_params():,}",
        )
    )


q1 = Exercise(
    1,
    N_(
        "a compiled Keras model: one hidden Dense(512, tanh) and a Dense(10, softmax) "
        "output, both with kernel_initializer='random_uniform', compiled with "
        "categorical_crossentropy and 'adam'"
    ),
    _judge_q1,
    hint=N_(
        "Copy the chapter's build_mnist_dense function and change the numbers, or write "
        "keras.Sequential([keras.Input((784,)), keras.layers.Dense(512, "
        "kernel_initializer='random_uniform', activation='tanh'), ...]) and compile it."
    ),
    idea=N_(
        "build_mnist_dense(512, 'tanh', 'random_uniform') builds and compiles exactly this network."
    ),
)


# --- exercise 2: the dropout model's parameters ------------------------------------------

DROPOUT_PARAMS = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10  # 235,146
_WEIGHTS_ONLY = 784 * 256 + 256 * 128 + 128 * 10  # 234,752
_RELU256 = 784 * 256 + 256 + 256 * 10 + 10  # 203,530


def _judge_q2(answer):
    count = need_number(answer, low=0, what=N_("parameter count"))
    if count != int(count):
        raise NotAnAnswer(
            tr(
                "Your count is {count}; a number of parameters is a whole number.",
                count=f"{count:g}",
            )
        )
    count = int(count)
    if count == DROPOUT_PARAMS:
        return correct(
            tr(
                "235,146: 784 x 256 + 256, then 256 x 128 + 128, then 128 x 10 + 10; "
                "the two Dropout layers add nothing, since they only mask values in "
                "training."
            )
        )
    if count == _WEIGHTS_ONLY:
        return wrong(
            tr(
                "234,752 counts the weights but not the biases: every Dense layer also "
                "has one bias per unit (256 + 128 + 10 of them)."
            )
        )
    if count == _RELU256:
        return wrong(
            tr(
                "203,530 is the one-hidden-layer relu 256 model; the dropout model has a "
                "second hidden layer, Dense(128), between Dense(256) and the output."
            )
        )
    if count in (DROPOUT_PARAMS + 256 + 128, DROPOUT_PARAMS + 2 * (256 + 128)):
        return wrong(
            tr(
                "{count} counts the Dropout layers as if they had weights; a Dropout "
                "layer has no parameters.",
                count=f"{count:,}",
            )
        )
    return wrong(
        tr(
            "your count is {count}; count each Dense layer as inputs x units weights "
            "plus one bias per unit: 784 -> 256 -> 128 -> 10.",
            count=f"{count:,}",
        )
    )


q2 = Exercise(
    2,
    N_(
        "a whole number: the parameters of Dense(256, relu), Dropout(0.2), "
        "Dense(128, relu), Dropout(0.2), Dense(10, softmax) on 784 inputs"
    ),
    _judge_q2,
    hint=N_(
        "A Dense(n) layer on m inputs has m x n weights and n biases; a Dropout "
        "layer has none. Add up the three Dense layers."
    ),
    idea=N_("784 x 256 + 256 + 256 x 128 + 128 + 128 x 10 + 10."),
)


# --- exercise 3: train with Keras' default initializer ------------------------------------

#: the test images the judge scores a trained model on
JUDGE_IMAGES = 2000
#: a relu 256 net passes it after 3 epochs on 3,000 images (about 87% seen)
JUDGE_ACCURACY = 0.80


@functools.lru_cache(maxsize=1)
def _judge_data():
    """The first JUDGE_IMAGES MNIST test images as rows of 784 in [0, 1], and their labels."""
    from helpers.data import load_mnist

    _, (images, labels) = load_mnist()
    x = images[:JUDGE_IMAGES].reshape(-1, 784).astype("float32") / 255
    return x, labels[:JUDGE_IMAGES]


def _test_accuracy(model) -> float:
    """The share of the judge's test images the model classifies right."""
    x, labels = _judge_data()
    probabilities = model.predict(x, verbose=0)
    return float((probabilities.argmax(axis=1) == labels).mean())


def _judge_q3(answer):
    model = need_model(answer, built=True, trained=True)
    _flat_input(model)
    dense, verdict = _hidden_and_output(model)
    if verdict:
        return verdict
    hidden, _ = dense
    if hidden.units != 256 or activation_name(hidden) != "relu":
        return wrong(
            tr(
                "your hidden layer is Dense({units}) with {activation}; "
                "the exercise asks for the chapter's relu 256.",
                units=hidden.units,
                activation=activation_name(hidden),
            )
        )
    for layer in dense:
        name = _initializer_name(layer)
        if name != "GlorotUniform":
            return wrong(
                tr(
                    "a layer of your model draws its weights with {name}; the exercise "
                    "asks for Keras' default initializer: leave kernel_initializer out "
                    "(it is 'glorot_uniform').",
                    name=name,
                )
            )
    acc = _test_accuracy(model)
    if acc < JUDGE_ACCURACY:
        return wrong(
            tr(
                "your model classifies {acc} of {images} test images; after "
                "3 epochs on 3,000 images it should pass {needed}. "
                "Did you scale the pixels to [0, 1] and train on one-hot labels?",
                acc=f"{acc:.2%}",
                images=f"{JUDGE_IMAGES:,}",
                needed=f"{JUDGE_ACCURACY:.0%}",
            )
        )
    return correct(
        tr(
            "{acc} of {images} test images right with glorot_uniform, "
            "which draws from +-sqrt(6 / (fan_in + fan_out)), about +-0.076 for the "
            "784 -> 256 layer: a scale close to 'normal''s 0.05, and it trains as well.",
            acc=f"{acc:.2%}",
            images=f"{JUDGE_IMAGES:,}",
        )
    )


q3 = Exercise(
    3,
    N_(
        "a trained Keras model: the chapter's relu 256 network with Keras' default "
        "initializer, trained 3 epochs on the first 3,000 images of x_train"
    ),
    _judge_q3,
    hint=N_(
        "Build it as build_mnist_dense does but leave kernel_initializer out of both Dense "
        "layers; compile, then fit(x_train[:3000], y_train[:3000], epochs=3, "
        "batch_size=100)."
    ),
    idea=N_(
        "The relu 256 model without kernel_initializer, compiled like the chapter's "
        "and fitted for 3 epochs on 3,000 images."
    ),
)


# --- exercise 4: the standard error of a difference of means ------------------------------

#: the exercise's figures: a seed standard deviation (points) and seeds per variant
S_POINTS = 0.3
N_SEEDS = 4
SE_DIFF = S_POINTS * math.sqrt(2 / N_SEEDS)  # 0.2121...


def _judge_q4(answer):
    value = need_number(answer, low=0, what=N_("standard error in points"))
    if math.isclose(value, SE_DIFF, abs_tol=0.002):
        return correct(
            tr(
                "s x sqrt(2 / n) = {s} x sqrt(2 / {n}) = {se} points: "
                "each mean has a standard error of s / sqrt(n), and the variances of two "
                "independent means add.",
                s=S_POINTS,
                n=N_SEEDS,
                se=f"{SE_DIFF:.3f}",
            )
        )
    if math.isclose(value, S_POINTS / math.sqrt(N_SEEDS), abs_tol=0.002):
        return wrong(
            tr(
                "{value} points is s / sqrt(n), the standard error of one mean; the "
                "difference of two means carries the noise of both, sqrt(2) times as much.",
                value=f"{value:.3f}",
            )
        )
    if math.isclose(value, S_POINTS * math.sqrt(2), abs_tol=0.002):
        return wrong(
            tr(
                "{value} points is s x sqrt(2), the spread of a difference of two single "
                "runs; each variant is a mean of {n} seeds, which shrinks it by "
                "sqrt({n}).",
                value=f"{value:.3f}",
                n=N_SEEDS,
            )
        )
    if math.isclose(value, S_POINTS, abs_tol=0.002):
        return wrong(
            tr(
                "{value} points is s itself, the spread of one run; the exercise asks for "
                "the difference of two means of {n} seeds each.",
                value=f"{value:g}",
                n=N_SEEDS,
            )
        )
    if value < SE_DIFF / 20:
        return wrong(
            tr(
                "{value} is far too small: did you answer as a fraction? The exercise "
                "gives s in points and asks for points.",
                value=f"{value:g}",
            )
        )
    return wrong(
        tr(
            "{value} points is not it: combine s = {s} points and n = {n} "
            "seeds per variant as the chapter does for two means.",
            value=f"{value:g}",
            s=S_POINTS,
            n=N_SEEDS,
        )
    )


# the text shown is a literal template (the catalogue is read from the code), so it
# spells out N_SEEDS = 4 and S_POINTS = 0.3; tests/test_exercises_ch05.py keeps them in step
q4 = Exercise(
    4,
    N_(
        "a number: the standard error, in points, of the difference between two means "
        "of 4 seeds each when one run's seed standard deviation is 0.3 points"
    ),
    _judge_q4,
    hint=N_("The chapter's yardstick for two means of n seeds is s x sqrt(2 / n)."),
    idea=N_("0.3 x sqrt(2 / 4)."),
)
