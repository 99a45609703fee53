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
        raise NotAnAnswer("Your model has no Dense layer at all.")
    n_hidden = len(dense) - 1
    if n_hidden != hidden:
        return None, wrong(
            f"your model has {n_hidden} hidden Dense layer{'s' * (n_hidden != 1)}; "
            f"the exercise asks for {hidden} (then the 10-unit softmax output)."
        )
    output = dense[-1]
    if output.units != 10 or activation_name(output) != "softmax":
        return None, wrong(
            f"your output layer is Dense({output.units}) with {activation_name(output)}; "
            "MNIST has 10 classes, so the output is Dense(10, activation='softmax')."
        )
    return dense, None


def _flat_input(model):
    """NotAnAnswer unless the model takes rows of 784 pixels."""
    shape = tuple(model.input_shape)
    if shape[1:] != (784,):
        raise NotAnAnswer(
            f"Your model takes inputs of shape {shape}; the chapter's images are "
            "rows of 784 pixels, so start with keras.Input((784,))."
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
        return wrong(f"your hidden layer has {hidden.units} units; the exercise asks for 512.")
    if activation_name(hidden) != "tanh":
        return wrong(
            f"your hidden layer uses {activation_name(hidden)}; the exercise asks for tanh."
        )
    for where, layer in (("hidden", hidden), ("output", output)):
        name = _initializer_name(layer)
        if name != "RandomUniform":
            return wrong(
                f"your {where} layer draws its weights with {name}; the exercise asks for "
                "kernel_initializer='random_uniform' on both layers."
            )
    loss = _loss_name(model)
    if loss != "categorical_crossentropy":
        return wrong(
            f"your model is compiled with the loss {loss}; the chapter's labels are one-hot "
            "rows, which categorical_crossentropy compares with the softmax output."
        )
    optimizer = type(model.optimizer).__name__
    if optimizer != "Adam":
        return wrong(f"your model is compiled with {optimizer}; the exercise asks for 'adam'.")
    return correct(
        f"784-512-10 with tanh and 'random_uniform' on both layers: "
        f"{model.count_params():,} parameters, 784 x 512 + 512 in the hidden layer "
        "and 512 x 10 + 10 in the output, whatever the activation or initializer."
    )


q1 = Exercise(
    1,
    "a compiled Keras model: one hidden Dense(512, tanh) and a Dense(10, softmax) "
    "output, both with kernel_initializer='random_uniform', compiled with "
    "categorical_crossentropy and 'adam'",
    _judge_q1,
    hint="Copy the chapter's mnist_dense function and change the numbers, or write "
    "keras.Sequential([keras.Input((784,)), keras.layers.Dense(512, "
    "kernel_initializer='random_uniform', activation='tanh'), ...]) and compile it.",
    idea="mnist_dense(512, 'tanh', 'random_uniform') builds and compiles exactly this network.",
)


# --- exercise 2: the dropout model's parameters ------------------------------------------

DROPOUT_PARAMS = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10  # 235,146
_WEIGHTS_ONLY = 784 * 256 + 256 * 128 + 128 * 10  # 234,752
_RELU256 = 784 * 256 + 256 + 256 * 10 + 10  # 203,530


def _judge_q2(answer):
    count = need_number(answer, low=0, what="parameter count")
    if count != int(count):
        raise NotAnAnswer(f"Your count is {count:g}; a number of parameters is a whole number.")
    count = int(count)
    if count == DROPOUT_PARAMS:
        return correct(
            "235,146: 784 x 256 + 256, then 256 x 128 + 128, then 128 x 10 + 10; "
            "the two Dropout layers add nothing, since they only mask values in training."
        )
    if count == _WEIGHTS_ONLY:
        return wrong(
            "234,752 counts the weights but not the biases: every Dense layer also has "
            "one bias per unit (256 + 128 + 10 of them)."
        )
    if count == _RELU256:
        return wrong(
            "203,530 is the one-hidden-layer relu 256 model; the dropout model has a "
            "second hidden layer, Dense(128), between Dense(256) and the output."
        )
    if count in (DROPOUT_PARAMS + 256 + 128, DROPOUT_PARAMS + 2 * (256 + 128)):
        return wrong(
            f"{count:,} counts the Dropout layers as if they had weights; a Dropout "
            "layer has no parameters."
        )
    return wrong(
        f"your count is {count:,}; count each Dense layer as inputs x units weights "
        "plus one bias per unit: 784 -> 256 -> 128 -> 10."
    )


q2 = Exercise(
    2,
    "a whole number: the parameters of Dense(256, relu), Dropout(0.2), "
    "Dense(128, relu), Dropout(0.2), Dense(10, softmax) on 784 inputs",
    _judge_q2,
    hint="A Dense(n) layer on m inputs has m x n weights and n biases; a Dropout "
    "layer has none. Add up the three Dense layers.",
    idea="784 x 256 + 256 + 256 x 128 + 128 + 128 x 10 + 10.",
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
            f"your hidden layer is Dense({hidden.units}) with {activation_name(hidden)}; "
            "the exercise asks for the chapter's relu 256."
        )
    for layer in dense:
        name = _initializer_name(layer)
        if name != "GlorotUniform":
            return wrong(
                f"a layer of your model draws its weights with {name}; the exercise asks "
                "for Keras' default initializer: leave kernel_initializer out "
                "(it is 'glorot_uniform')."
            )
    acc = _test_accuracy(model)
    if acc < JUDGE_ACCURACY:
        return wrong(
            f"your model classifies {acc:.2%} of {JUDGE_IMAGES:,} test images; after "
            f"3 epochs on 3,000 images it should pass {JUDGE_ACCURACY:.0%}. "
            "Did you scale the pixels to [0, 1] and train on one-hot labels?"
        )
    return correct(
        f"{acc:.2%} of {JUDGE_IMAGES:,} test images right with glorot_uniform, "
        "which draws from +-sqrt(6 / (fan_in + fan_out)), about +-0.076 for the "
        "784 -> 256 layer: a scale close to 'normal''s 0.05, and it trains as well."
    )


q3 = Exercise(
    3,
    "a trained Keras model: the chapter's relu 256 network with Keras' default "
    "initializer, trained 3 epochs on the first 3,000 images of x_train",
    _judge_q3,
    hint="Build it as mnist_dense does but leave kernel_initializer out of both Dense "
    "layers; compile, then fit(x_train[:3000], y_train[:3000], epochs=3, "
    "batch_size=100).",
    idea="The relu 256 model without kernel_initializer, compiled like the chapter's "
    "and fitted for 3 epochs on 3,000 images.",
)


# --- exercise 4: the standard error of a difference of means ------------------------------

#: the exercise's figures: a seed standard deviation (points) and seeds per variant
S_POINTS = 0.3
N_SEEDS = 4
SE_DIFF = S_POINTS * math.sqrt(2 / N_SEEDS)  # 0.2121...


def _judge_q4(answer):
    value = need_number(answer, low=0, what="standard error in points")
    if math.isclose(value, SE_DIFF, abs_tol=0.002):
        return correct(
            f"s x sqrt(2 / n) = {S_POINTS} x sqrt(2 / {N_SEEDS}) = {SE_DIFF:.3f} points: "
            "each mean has a standard error of s / sqrt(n), and the variances of two "
            "independent means add."
        )
    if math.isclose(value, S_POINTS / math.sqrt(N_SEEDS), abs_tol=0.002):
        return wrong(
            f"{value:.3f} points is s / sqrt(n), the standard error of one mean; the "
            "difference of two means carries the noise of both, sqrt(2) times as much."
        )
    if math.isclose(value, S_POINTS * math.sqrt(2), abs_tol=0.002):
        return wrong(
            f"{value:.3f} points is s x sqrt(2), the spread of a difference of two single "
            f"runs; each variant is a mean of {N_SEEDS} seeds, which shrinks it by "
            f"sqrt({N_SEEDS})."
        )
    if math.isclose(value, S_POINTS, abs_tol=0.002):
        return wrong(
            f"{value:g} points is s itself, the spread of one run; the exercise asks for "
            f"the difference of two means of {N_SEEDS} seeds each."
        )
    if value < SE_DIFF / 20:
        return wrong(
            f"{value:g} is far too small: did you answer as a fraction? The exercise "
            "gives s in points and asks for points."
        )
    return wrong(
        f"{value:g} points is not it: combine s = {S_POINTS} points and n = {N_SEEDS} "
        "seeds per variant as the chapter does for two means."
    )


q4 = Exercise(
    4,
    "a number: the standard error, in points, of the difference between two means "
    f"of {N_SEEDS} seeds each when one run's seed standard deviation is {S_POINTS} points",
    _judge_q4,
    hint="The chapter's yardstick for two means of n seeds is s x sqrt(2 / n).",
    idea=f"{S_POINTS} x sqrt(2 / {N_SEEDS}).",
)
