"""Chapter 07's exercises (ReLU or sigmoid): checks that judge the student's own answer.

- :data:`q1`: the chapter's one-hidden-layer network with ``tanh``, trained;
  judged by its layers and by its accuracy on 1,000 test images.
- :data:`q2`: a function that counts the dead units of a ReLU layer; judged
  on a small network whose dead, sometimes-zero and live units are known.
- :data:`q3`: the gradient reaching each layer of the chapter's deep network
  with ``tanh``, as a root mean square per weight; judged against the same
  measurement made here.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from helpers.exercises import (
    Exercise,
    NotAnAnswer,
    activation_name,
    correct,
    dense_layers,
    need_array,
    need_model,
    wrong,
)
from helpers.formatting import accuracy, count, magnitude
from helpers.i18n import N_, tr

#: the chapter's network: Flatten, Dense(HIDDEN_UNITS, activation), Dense(10, softmax)
HIDDEN_UNITS = 128
#: exercise 1 accepts a trained tanh network that classifies at least this share of
#: the first 1,000 test images (two epochs on 3,000 images reach about 80%)
Q1_MIN_ACCURACY = 0.70
#: the chapter's deep network: DEEP_DEPTH hidden Dense(DEEP_UNITS) layers
DEEP_DEPTH = 10
DEEP_UNITS = 64
#: exercise 3's gradient batch: the first GRADIENT_BATCH training images
GRADIENT_BATCH = 512


@cache
def _fashion():
    """Fashion-MNIST as the chapter prepares it: float32 pixels in [0, 1]."""
    from helpers.data import load_fashion_mnist

    (x_train, y_train), (x_test, y_test) = load_fashion_mnist()
    return (
        (x_train.astype("float32") / 255.0, y_train),
        (x_test.astype("float32") / 255.0, y_test),
    )


def _hidden_activation(model, layer) -> str:
    """The activation a hidden Dense layer's output goes through.

    A linear Dense followed by an ``Activation`` layer (``Dense(128)`` then
    ``Activation("tanh")``) uses that layer's activation.
    """
    import keras

    name = activation_name(layer)
    if name == "linear":
        following = model.layers[model.layers.index(layer) + 1 :]
        if following and isinstance(following[0], keras.layers.Activation):
            return activation_name(following[0])
    return name


def _hidden_and_output(model):
    """The model's hidden Dense layers and its output layer, after the usual checks."""
    layers = dense_layers(model)
    if not layers:
        raise NotAnAnswer(tr("Your model has no Dense layer at all."))
    return layers[:-1], layers[-1]


# --- exercise 1: the network with tanh --------------------------------------------------


def _judge_tanh_network(answer):
    model = need_model(answer)
    if tuple(model.input_shape[1:]) != (28, 28):
        raise NotAnAnswer(
            tr(
                "Your model takes inputs of shape {shape}; "
                "Fashion-MNIST images are 28 x 28: start with keras.Input([28, 28]).",
                shape=tuple(model.input_shape[1:]),
            )
        )
    hidden, output = _hidden_and_output(model)
    if len(hidden) != 1:
        return wrong(
            tr(
                "your model has {count} hidden Dense layers; the exercise keeps the "
                "chapter's network, which has 1.",
                count=len(hidden),
            )
        )
    layer = hidden[0]
    hidden_activation = _hidden_activation(model, layer)
    if hidden_activation != "tanh":
        return wrong(
            tr(
                "your hidden layer uses {activation}; the exercise asks for tanh "
                '(activation="tanh").',
                activation=hidden_activation,
            )
        )
    if layer.units != HIDDEN_UNITS:
        return wrong(
            tr(
                "your hidden layer has {units} units; the chapter's has {want}, "
                "and only the activation should change.",
                units=layer.units,
                want=HIDDEN_UNITS,
            )
        )
    if output.units != 10 or activation_name(output) != "softmax":
        return wrong(
            tr(
                "your output layer is Dense({units}, {activation}); "
                "ten classes need Dense(10, softmax), as in the chapter.",
                units=output.units,
                activation=activation_name(output),
            )
        )
    need_model(model, trained=True)
    _, (x_test, y_test) = _fashion()
    x, y = x_test[:1000], y_test[:1000]
    predicted = np.argmax(np.asarray(model(x, training=False)), axis=1)
    acc = float(np.mean(predicted == y))
    if acc < Q1_MIN_ACCURACY:
        return wrong(
            tr(
                "your tanh network classifies {acc} of the first 1,000 test "
                "images; trained as the exercise says it reaches more than "
                "{needed}. Train it on pixels divided by 255, for the "
                "epochs the exercise gives.",
                acc=accuracy(acc),
                needed=accuracy(Q1_MIN_ACCURACY),
            )
        )
    return correct(
        tr(
            "Your tanh network classifies {acc} of the first 1,000 test images: "
            "on one hidden layer tanh learns about as well as ReLU and sigmoid, and only "
            "runs over several seeds could rank the three.",
            acc=accuracy(acc),
        )
    )


q1 = Exercise(
    1,
    N_("a trained keras model: the chapter's network with a tanh hidden layer"),
    _judge_tanh_network,
    hint=N_(
        'copy build_fashion_mlp from the chapter and pass activation="tanh"; seed, '
        'compile with optimizer="adam" and loss="sparse_categorical_crossentropy", then '
        "fit on x_train[:3000], y_train[:3000] for 2 epochs."
    ),
    idea=N_(
        "build the chapter's network with activation='tanh', compile it as the "
        "chapter does and train it briefly on a slice of the training images."
    ),
)


# --- exercise 2: count dead units ---------------------------------------------------------


@cache
def _probe():
    """A small ReLU network whose hidden units are known: dead, sometimes zero, or live.

    Hidden units 0-2 are dead (a bias of -1,000 on non-negative weights: negative on
    every image); units 3-5 are zero on some images and positive on others; units 6-7
    are positive on every image. Returns ``(model, images, dead, zero_on_some)``.
    """
    import keras

    rng = np.random.default_rng(7)
    images = rng.uniform(0.0, 1.0, size=(64, 28, 28)).astype("float32")
    model = keras.Sequential(
        [
            keras.Input([28, 28]),
            keras.layers.Flatten(name="pixels"),
            keras.layers.Dense(8, activation="relu", name="hidden"),
            keras.layers.Dense(10, activation="softmax", name="output"),
        ],
        name="dead_unit_probe",
    )
    kernel = rng.uniform(0.0, 0.01, size=(784, 8)).astype("float32")
    totals = images.reshape(len(images), -1) @ kernel
    bias = np.empty(8, dtype="float32")
    bias[:3] = -1000.0  # dead
    bias[3:6] = -np.median(totals[:, 3:6], axis=0)  # zero on about half the images
    bias[6:] = 0.1  # live on every image
    model.get_layer("hidden").set_weights([kernel, bias])
    return model, images, 3, 6


def _judge_dead_unit_counter(answer):
    if not callable(answer):
        raise NotAnAnswer(
            tr(
                "Your answer is a {kind}, not a function: set answer to "
                "the function itself, count_dead_units, without calling it.",
                kind=type(answer).__name__,
            )
        )
    model, images, dead, zero_on_some = _probe()
    try:
        got = answer(model, images)
    except Exception as problem:  # noqa: BLE001 - the student's function can fail anywhere
        raise NotAnAnswer(
            tr(
                "Your function raised an error when the check called it as "
                "answer(model, images) ({error}: {problem}).",
                error=type(problem).__name__,
                problem=problem,
            )
        ) from None
    if hasattr(got, "numpy") and callable(got.numpy):
        got = got.numpy()
    if hasattr(got, "ndim") and getattr(got, "ndim", None) == 0:
        got = got.item()
    if isinstance(got, bool) or not isinstance(got, (int, float, np.integer, np.floating)):
        raise NotAnAnswer(
            tr(
                "Your function returned a {kind}; it should return the "
                "number of dead units, e.g. int(np.sum(...)).",
                kind=type(got).__name__,
            )
        )
    if got != dead:
        units = model.get_layer("hidden").units
        if got == zero_on_some:
            why = tr(
                "it also counts units that are zero on only some images; a dead unit is "
                "zero on every image (its largest output is 0)"
            )
        elif got == units - dead:
            why = tr("it counts the units that are alive, not the dead ones")
        elif got == 0:
            why = tr("it finds none; look at each unit's largest output over all the images")
        else:
            why = tr("a unit is dead when its largest output over all the images is 0")
        return wrong(
            tr(
                "on a test network whose hidden layer has {units} units, "
                "{dead} of them dead, your function returns {got}: {why}.",
                units=count(units),
                dead=count(dead),
                got=f"{got:g}",
                why=why,
            )
        )
    return correct(
        tr(
            "Your function finds the {dead} dead units of a test network and "
            "ignores the units that are zero on only some images: a dead unit outputs 0, "
            "and so gets no gradient, on every image.",
            dead=count(dead),
        )
    )


q2 = Exercise(
    2,
    N_("a function count_dead_units(model, images) that returns a number"),
    _judge_dead_unit_counter,
    hint=N_(
        "keras.Model(model.inputs, model.get_layer('hidden').output) gives the hidden "
        "layer's outputs; a unit is dead when the largest of its outputs over all the "
        "images (.max(axis=0)) is 0."
    ),
    idea=N_(
        "a model from the input to the hidden layer's output gives each unit's "
        "activity on every image; count the units whose largest activity is 0."
    ),
)


# --- exercise 3: the vanishing gradient with tanh -------------------------------------------


def _deep_norms(activation: str) -> list[float]:
    """The chapter's measurement: gradient RMS per weight of each Dense kernel, seed 0,
    untrained (the norm over the square root of the kernel's size)."""
    import keras
    import tensorflow as tf

    (x_train, y_train), _ = _fashion()
    keras.utils.set_random_seed(0)
    layers = [keras.Input([28, 28]), keras.layers.Flatten()]
    layers += [keras.layers.Dense(DEEP_UNITS, activation=activation) for _ in range(DEEP_DEPTH)]
    layers += [keras.layers.Dense(10, activation="softmax")]
    model = keras.Sequential(layers)
    kernels = [layer.kernel for layer in dense_layers(model)]
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    x, y = x_train[:GRADIENT_BATCH], y_train[:GRADIENT_BATCH]
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x))
    grads = tape.gradient(loss, kernels)
    return [float(tf.norm(g)) / np.sqrt(int(tf.size(g))) for g in grads]


#: the number of weights of each kernel of the deep network, first layer first
KERNEL_SIZES = np.array(
    [784 * DEEP_UNITS] + [DEEP_UNITS * DEEP_UNITS] * (DEEP_DEPTH - 1) + [DEEP_UNITS * 10]
)


@cache
def _reference_norms(activation: str) -> tuple[float, ...]:
    return tuple(_deep_norms(activation))


def _judge_tanh_gradients(answer):
    layers = DEEP_DEPTH + 1
    norms = need_array(answer, shape=(None,), what=N_("array of gradient sizes"))
    if len(norms) != layers:
        return wrong(
            tr(
                "your list has {have} norms; the deep network has {layers} Dense "
                "layers ({depth} hidden layers and the output layer), one norm each.",
                have=len(norms),
                layers=layers,
                depth=DEEP_DEPTH,
            )
        )
    if not np.all(np.isfinite(norms)) or np.any(norms <= 0):
        raise NotAnAnswer(tr("Your list holds norms that are zero, negative or not finite."))
    tanh = np.array(_reference_norms("tanh"))

    def close(reference):
        return np.allclose(norms, reference, rtol=0.02, atol=0.0)

    if close(tanh):
        sigmoid = np.array(_reference_norms("sigmoid"))
        return correct(
            tr(
                "The gradient reaching the tanh network's first layer is "
                "{tanh_ratio} times its last hidden layer's, per weight, where "
                "the sigmoid network's is {sigmoid_ratio} times smaller: "
                "tanh's slope peaks at 1, four times sigmoid's 0.25, so each tanh layer "
                "passes the gradient back nearly undiminished.",
                tanh_ratio=f"{tanh[0] / tanh[-2]:,.2f}",
                sigmoid_ratio=f"{sigmoid[-2] / sigmoid[0]:,.0f}",
            )
        )
    for other in ("sigmoid", "relu"):
        if close(np.array(_reference_norms(other))):
            return wrong(
                tr(
                    "these are the {activation} network's norms; the exercise asks for tanh.",
                    activation=other,
                )
            )
    if close(tanh[::-1]):
        return wrong(
            tr(
                "your list runs from the output layer back to the first; list the first "
                "hidden layer first, as the chapter does."
            )
        )
    if close(tanh * np.sqrt(KERNEL_SIZES)):
        return wrong(
            tr(
                "these are the norms of the whole kernels; the first kernel has far more "
                "weights than the others, so divide each norm by the square root of its "
                "number of weights (the root mean square per weight), as the chapter does."
            )
        )
    ratio = norms / tanh
    if np.ptp(ratio) <= 0.02 * np.mean(ratio):
        return wrong(
            tr(
                "your norms are all {ratio} times the reference: average the "
                "loss over the batch (Keras' losses do by default) rather than summing it.",
                ratio=f"{np.mean(ratio):,.3g}",
            )
        )
    return wrong(
        tr(
            "your first layer's norm is {have} where the same "
            "measurement gives {want}: build the network with "
            'build_deep_mlp("tanh") right after keras.utils.set_random_seed(0) and take the '
            "gradient on the first {batch} training images, as the "
            "chapter does.",
            have=magnitude(norms[0], 3),
            want=magnitude(tanh[0], 3),
            batch=count(GRADIENT_BATCH),
        )
    )


# the text shown is a literal template (the catalogue is read from the code), so it
# spells out DEEP_DEPTH + 1 = 11; tests/test_exercises_ch07.py keeps it in step
q3 = Exercise(
    3,
    N_("a list of 11 gradient sizes (RMS per weight), first layer first"),
    _judge_tanh_gradients,
    hint=N_(
        'the chapter\'s cell does it for "sigmoid" and "relu": seed with '
        'keras.utils.set_random_seed(0), build the network with build_deep_mlp("tanh"), '
        "then call kernel_gradient_rms(model, x_train[:512], y_train[:512])."
    ),
    idea=N_(
        "repeat the chapter's measurement with activation='tanh' and compare the "
        "first layer's gradient with the last hidden layer's, as for sigmoid."
    ),
)

__all__ = ["q1", "q2", "q3"]
