"""Chapter 01's exercises: parameter counts, the loss for logits, labels, RMSprop's first step.

Each judge looks at the student's own answer (a number, a loss, a pair of
names) and says what is right or wrong about it in the exercise's terms. The
notebook imports ``q1`` to ``q4``; ``tests/test_exercises_ch01.py`` feeds each
a right answer, typical wrong ones and input that is not an answer.
"""

from __future__ import annotations

import math

from helpers.exercises import Exercise, NotAnAnswer, correct, need_number, wrong
from helpers.formatting import count, number


def _no_text(answer) -> None:
    """A number typed in quotes is text: say so before any other check."""
    if isinstance(answer, str):
        raise NotAnAnswer(f"Your answer is the text {answer!r}: write the number without quotes.")


# --- exercise 1: the parameters of Flatten + Dense(10) on 28x28 images ---------------

PIXELS, UNITS = 28 * 28, 10
RIGHT_COUNT = PIXELS * UNITS + UNITS  # 7,850


def _judge_count(answer):
    if hasattr(answer, "count_params") and callable(answer.count_params):
        raise NotAnAnswer(
            "Your answer is a model; the exercise asks for its parameter count, a whole "
            "number (work it out by hand, then compare with `model.count_params()`)."
        )
    _no_text(answer)
    value = need_number(answer, low=0, what="parameter count")
    if value != int(value):
        raise NotAnAnswer(f"Your parameter count is {value:g}, not a whole number.")
    n = int(value)
    if n == RIGHT_COUNT:
        return correct(
            "Flatten has no parameters; the dense layer has one weight per pixel and "
            "unit (784 × 10 = 7,840) and one bias per unit (10): 7,850."
        )
    if n == PIXELS * UNITS:
        return wrong(
            f"{count(n)} is 784 × 10, the weights alone; each of the 10 units also has a bias."
        )
    if n == 28 * UNITS + UNITS:
        return wrong(
            f"{count(n)} is a Dense(10) on 28 inputs (28 × 10 + 10): what Keras builds "
            "without Flatten, when the dense layer reads each row of 28 pixels on its "
            "own. After Flatten it reads all 784 pixels at once."
        )
    if n == PIXELS + UNITS:
        return wrong(
            f"{count(n)} is 784 + 10, one weight per input; a dense layer has one weight "
            "per input and unit."
        )
    return wrong(
        f"{count(n)} is not the count. A Dense layer with u units on n inputs has "
        "n × u weights and u biases; how many inputs does it get after Flatten?"
    )


q1 = Exercise(
    1,
    "the parameter count (a whole number)",
    _judge_count,
    hint=(
        "Flatten turns each 28x28 image into one vector: how long is it? A Dense "
        "layer has one weight for each (input, unit) pair and one bias for each unit."
    ),
    idea="784 inputs × 10 units + 10 biases = 7,850; `model.count_params()` agrees.",
)


# --- exercise 2: the loss for a model that ends in Dense(3) with no activation --------

_LABELS = [1, 0, 2]
_LOGITS = [[1.0, 2.0, -0.7], [0.5, -1.0, 0.2], [-0.3, 0.1, 1.4]]


def _close(a, b) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-6)


def _mean_loss(loss, labels, outputs):
    """The loss's mean over the examples, or None when it fails on these labels."""
    import numpy as np

    try:
        value = np.mean(np.asarray(loss(labels, outputs), dtype="float64"))
    except Exception:  # noqa: BLE001 - a loss that cannot read these labels
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _as_loss(answer):
    import keras

    if isinstance(answer, type):
        raise NotAnAnswer(
            f"Your answer is the class {answer.__name__} itself; make the loss with it, "
            f"e.g. `{answer.__name__}(...)` with the settings you choose."
        )
    if isinstance(answer, str):
        try:
            return keras.losses.get(answer)
        except ValueError:
            raise NotAnAnswer(f"{answer!r} is not the name of a Keras loss.") from None
    if isinstance(answer, keras.Model) or isinstance(answer, keras.optimizers.Optimizer):
        raise NotAnAnswer(
            f"Your answer is a {type(answer).__name__}; the exercise asks for the loss "
            "to compile the model with."
        )
    if not callable(answer):
        raise NotAnAnswer(f"Your answer, {answer!r}, is not a loss.")
    return answer


def _judge_logits_loss(answer):
    """Run the student's loss on logits with integer labels (plain arrays, so Keras has
    no logits of its own to fall back on) and compare with the right loss."""
    import keras
    import numpy as np

    loss = _as_loss(answer)
    labels = np.array(_LABELS)
    onehot = np.eye(3, dtype="float32")[labels]
    logits = np.array(_LOGITS, dtype="float32")
    sparse = keras.losses.sparse_categorical_crossentropy
    categorical = keras.losses.categorical_crossentropy
    right = float(np.mean(sparse(labels, logits, from_logits=True)))
    read_as_probabilities = float(np.mean(sparse(labels, logits, from_logits=False)))

    got = _mean_loss(loss, labels, logits)
    if _close(got, right):
        return correct(
            "Without an activation the last layer gives logits, so the loss applies "
            "the softmax itself (`from_logits=True`), and `sparse_` reads integer labels."
        )
    if _close(got, read_as_probabilities):
        return wrong(
            "your loss reads the three outputs as probabilities (`from_logits=False`, "
            "the default, also of the string names). Without an activation they are "
            "logits: set `from_logits=True`."
        )
    got_onehot = _mean_loss(loss, onehot, logits)
    if _close(got_onehot, right):
        return wrong(
            "your loss expects one-hot labels such as [0, 1, 0]; the labels here are "
            "integers such as 1. Use the `sparse_` version."
        )
    if _close(got_onehot, float(np.mean(categorical(onehot, logits, from_logits=False)))):
        return wrong(
            "your loss expects one-hot labels such as [0, 1, 0] and reads the outputs "
            "as probabilities; the labels here are integers, and the outputs are logits."
        )
    if got is None and got_onehot is None:
        raise NotAnAnswer(
            "Your loss fails on integer labels and on one-hot labels with three logits "
            "per example, so it is not a loss for three classes."
        )
    if got is not None:
        labels_shown, shown = f"labels {_LABELS}", got
    else:  # it fails on the integer labels: say which labels gave the number
        labels_shown, shown = "one-hot labels", got_onehot
    return wrong(
        f"on {labels_shown} and three logits per example your loss gives "
        f"{number(shown)}; the cross-entropy of those logits is {number(right)}. "
        "Which loss computes a softmax and then -log p?"
    )


q2 = Exercise(
    2,
    "a Keras loss, such as `keras.losses.MeanSquaredError()`",
    _judge_logits_loss,
    hint=(
        "Two questions: which cross-entropy takes integer labels, and what does "
        "`from_logits` say about the model's outputs when its last layer has no "
        "activation?"
    ),
    idea="`keras.losses.SparseCategoricalCrossentropy(from_logits=True)`.",
)


# --- exercise 3: the loss and the accuracy for one-hot labels --------------------------

_ALIASES = {
    "categoricalcrossentropy": "categorical_crossentropy",
    "sparsecategoricalcrossentropy": "sparse_categorical_crossentropy",
    "binarycrossentropy": "binary_crossentropy",
    "meansquarederror": "mse",
    "mean_squared_error": "mse",
    "categoricalaccuracy": "categorical_accuracy",
    "sparsecategoricalaccuracy": "sparse_categorical_accuracy",
    "binaryaccuracy": "binary_accuracy",
    "acc": "accuracy",
}
_LOSSES = {
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
    "binary_crossentropy",
    "mse",
}
_METRICS = {"categorical_accuracy", "sparse_categorical_accuracy", "binary_accuracy", "accuracy"}


def _name_of(thing) -> str:
    """A loss or metric given as a string, a class, an object or a function, as a name."""
    if isinstance(thing, str):
        name = thing
    elif isinstance(thing, type):
        name = thing.__name__
    elif hasattr(thing, "fn"):  # a Keras loss object wraps its function
        name = type(thing).__name__
    elif hasattr(thing, "__name__"):
        name = thing.__name__
    else:
        name = type(thing).__name__
    key = name.strip().lower()
    if key == "accuracy" and not isinstance(thing, str):
        return "plain_accuracy"  # the class keras.metrics.Accuracy
    return _ALIASES.get(key.replace("_", ""), _ALIASES.get(key, key))


def _judge_onehot_pair(answer):
    if isinstance(answer, str) or not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise NotAnAnswer(f"Your answer, {answer!r}, is not a pair of names.")
    loss, metric = (_name_of(part) for part in answer)
    if loss not in _LOSSES and metric in _LOSSES:
        loss, metric = metric, loss  # the two were swapped; judge them all the same
    if loss not in _LOSSES:
        raise NotAnAnswer(f"{answer[0]!r} is not one of the losses of this chapter.")
    if metric not in _METRICS and metric != "plain_accuracy":
        raise NotAnAnswer(f"{answer[1]!r} is not one of the accuracies of this chapter.")
    if loss == "sparse_categorical_crossentropy":
        return wrong(
            "`sparse_categorical_crossentropy` takes integer labels such as 2; with "
            "one-hot labels such as [0, 0, 1] the loss is `categorical_crossentropy`."
        )
    if loss != "categorical_crossentropy":
        return wrong(
            f"`{loss}` is not the loss for one class out of several; with one-hot labels "
            "such as [0, 0, 1] it is `categorical_crossentropy`."
        )
    if metric == "sparse_categorical_accuracy":
        return wrong(
            "the loss is right, but `sparse_categorical_accuracy` takes integer labels "
            "such as 2; with one-hot labels use `categorical_accuracy`."
        )
    if metric in ("binary_accuracy", "plain_accuracy"):
        return wrong(
            "the loss is right, but that accuracy compares the values one by one "
            "instead of asking whether the largest output is at the label's 1; use "
            "`categorical_accuracy`."
        )
    if metric == "accuracy":
        return correct(
            "`categorical_crossentropy` reads one-hot labels, and the string "
            '`"accuracy"` becomes `categorical_accuracy` here, since the labels have '
            "as many columns as the output."
        )
    return correct(
        "`categorical_crossentropy` and `categorical_accuracy` read one-hot labels; "
        "their `sparse_` twins read integer labels and give the same numbers."
    )


q3 = Exercise(
    3,
    'a pair `(loss, metric)` such as `("mse", "accuracy")`',
    _judge_onehot_pair,
    hint=(
        "The `sparse_` losses and accuracies take integer labels; their twins "
        "without `sparse_` take one-hot rows."
    ),
    idea='`("categorical_crossentropy", "categorical_accuracy")`.',
)


# --- exercise 4: how far RMSprop's first step moves a weight ---------------------------

LEARNING_RATE, RHO, EPSILON, GRADIENT = 0.001, 0.9, 1e-7, 0.5
#: RMSprop's first step on the gradient 0.5 with Keras 3's defaults: about 3.16 η
FIRST_STEP = LEARNING_RATE * GRADIENT / math.sqrt((1 - RHO) * GRADIENT**2 + EPSILON)


def _one_number(answer):
    """``answer`` as one float; a one-element array, tensor or variable counts as one."""
    import numpy as np

    if hasattr(answer, "numpy") and callable(answer.numpy):
        answer = answer.numpy()
    if isinstance(answer, (list, tuple)) or hasattr(answer, "shape"):
        if isinstance(answer, (list, tuple)) and not all(
            isinstance(a, (int, float)) for a in answer
        ):
            raise NotAnAnswer(f"Your answer is a {type(answer).__name__}, not a number.")
        array = np.asarray(answer)
        if array.size != 1:
            raise NotAnAnswer(f"Your answer holds {array.size} numbers, not one.")
        answer = array.reshape(-1)[0]
    return need_number(answer, what="step size")


def _judge_first_step(answer):
    _no_text(answer)
    value = _one_number(answer)

    def near(target: float) -> bool:
        return math.isclose(value, target, rel_tol=0.02)

    if near(FIRST_STEP):
        return correct(
            "Keras 3's RMSprop starts its running mean s at 0 and does not correct for "
            "it, so after one step s = (1 - ρ) g² and the weight moves by "
            "η / √(1 - ρ) ≈ 3.16 η, whatever the size of g."
        )
    if near(-FIRST_STEP):
        return wrong(
            f"{number(value)} is the new value of the weight, which started at 0 (the "
            "step goes against the gradient). The exercise asks how far it moved: a "
            "size, not a position."
        )
    if value == 0:
        return wrong(
            "the weight did not move: apply the gradient once with "
            "`optimizer.apply_gradients([(gradient, weight)])` before you measure."
        )
    if near(LEARNING_RATE):
        return wrong(
            "0.001 is η, the step Adam takes from its first step on, and RMSprop only "
            "once its running mean has filled up. What is that mean after one step?"
        )
    if near(LEARNING_RATE * GRADIENT):
        return wrong(
            "0.0005 is η × g, plain SGD's step. RMSprop divides the step by the root "
            "of its running mean of g²."
        )
    if near(FIRST_STEP / LEARNING_RATE):
        return wrong(
            f"{number(value)} is the step in learning rates; set answer to the step "
            f"itself, η × {number(FIRST_STEP / LEARNING_RATE)} ≈ {number(FIRST_STEP)}."
        )
    if near(10 * FIRST_STEP) or near(100 * FIRST_STEP):
        return wrong(
            f"{number(value)} is {round(value / FIRST_STEP)} times the step of "
            "`keras.optimizers.RMSprop()` with its default learning rate, 0.001: "
            "did you set another one?"
        )
    return wrong(
        f"the weight moved by {number(value)} in your run. Check that you used "
        "`keras.optimizers.RMSprop()` with its defaults, the gradient 0.5, one call of "
        "`apply_gradients`, and that you measure how far the weight moved."
    )


q4 = Exercise(
    4,
    "a number: how far the weight moved",
    _judge_first_step,
    hint=(
        "Start from `weight = keras.Variable([0.0])`, call "
        "`optimizer.apply_gradients([(np.array([0.5], dtype='float32'), weight)])` "
        "once, and read `abs(weight.numpy()[0])`. By hand: s = ρ·0 + (1 - ρ) g², "
        "then the step is η g / √(s + ε)."
    ),
    idea="one `apply_gradients` of `RMSprop()` moves the weight by η / √(1 - ρ) ≈ 0.00316.",
)
