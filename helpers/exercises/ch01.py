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
from helpers.i18n import N_, tr


def _no_text(answer) -> None:
    """A number typed in quotes is text: say so before any other check."""
    if isinstance(answer, str):
        raise NotAnAnswer(
            tr(
                "Your answer is the text {text}: write the number without quotes.",
                text=repr(answer),
            )
        )


# --- exercise 1: the parameters of Flatten + Dense(10) on 28x28 images ---------------

PIXELS, UNITS = 28 * 28, 10
RIGHT_COUNT = PIXELS * UNITS + UNITS  # 7,850


def _judge_count(answer):
    if hasattr(answer, "count_params") and callable(answer.count_params):
        raise NotAnAnswer(
            tr(
                "Your answer is a model; the exercise asks for its parameter count, a whole "
                "number (work it out by hand, then compare with `model.count_params()`)."
            )
        )
    _no_text(answer)
    value = need_number(answer, low=0, what=N_("parameter count"))
    if value != int(value):
        raise NotAnAnswer(
            tr("Your parameter count is {value}, not a whole number.", value=f"{value:g}")
        )
    n = int(value)
    if n == RIGHT_COUNT:
        return correct(
            tr(
                "Flatten has no parameters; the dense layer has one weight per pixel and "
                "unit (784 × 10 = 7,840) and one bias per unit (10): 7,850."
            )
        )
    if n == PIXELS * UNITS:
        return wrong(
            tr(
                "{n} is 784 × 10, the weights alone; each of the 10 units also has a bias.",
                n=count(n),
            )
        )
    if n == 28 * UNITS + UNITS:
        return wrong(
            tr(
                "{n} is a Dense(10) on 28 inputs (28 × 10 + 10): what Keras builds "
                "without Flatten, when the dense layer reads each row of 28 pixels on its "
                "own. After Flatten it reads all 784 pixels at once.",
                n=count(n),
            )
        )
    if n == PIXELS + UNITS:
        return wrong(
            tr(
                "{n} is 784 + 10, one weight per input; a dense layer has one weight "
                "per input and unit.",
                n=count(n),
            )
        )
    return wrong(
        tr(
            "{n} is not the count. A Dense layer with u units on n inputs has "
            "n × u weights and u biases; how many inputs does it get after Flatten?",
            n=count(n),
        )
    )


q1 = Exercise(
    1,
    N_("the parameter count (a whole number)"),
    _judge_count,
    hint=N_(
        "Flatten turns each 28x28 image into one vector: how long is it? A Dense "
        "layer has one weight for each (input, unit) pair and one bias for each unit."
    ),
    idea=N_("784 inputs × 10 units + 10 biases = 7,850; `model.count_params()` agrees."),
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
            tr(
                "Your answer is the class {name} itself; make the loss with it, "
                "e.g. `{name}(...)` with the settings you choose.",
                name=answer.__name__,
            )
        )
    if isinstance(answer, str):
        try:
            return keras.losses.get(answer)
        except ValueError:
            raise NotAnAnswer(
                tr("{name} is not the name of a Keras loss.", name=repr(answer))
            ) from None
    if isinstance(answer, keras.Model) or isinstance(answer, keras.optimizers.Optimizer):
        raise NotAnAnswer(
            tr(
                "Your answer is a {kind}; the exercise asks for the loss "
                "to compile the model with.",
                kind=type(answer).__name__,
            )
        )
    if not callable(answer):
        raise NotAnAnswer(tr("Your answer, {answer}, is not a loss.", answer=repr(answer)))
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
            tr(
                "Without an activation the last layer gives logits, so the loss applies "
                "the softmax itself (`from_logits=True`), and `sparse_` reads integer labels."
            )
        )
    if _close(got, read_as_probabilities):
        return wrong(
            tr(
                "your loss reads the three outputs as probabilities (`from_logits=False`, "
                "the default, also of the string names). Without an activation they are "
                "logits: set `from_logits=True`."
            )
        )
    got_onehot = _mean_loss(loss, onehot, logits)
    if _close(got_onehot, right):
        return wrong(
            tr(
                "your loss expects one-hot labels such as [0, 1, 0]; the labels here are "
                "integers such as 1. Use the `sparse_` version."
            )
        )
    if _close(got_onehot, float(np.mean(categorical(onehot, logits, from_logits=False)))):
        return wrong(
            tr(
                "your loss expects one-hot labels such as [0, 1, 0] and reads the outputs "
                "as probabilities; the labels here are integers, and the outputs are logits."
            )
        )
    if got is None and got_onehot is None:
        raise NotAnAnswer(
            tr(
                "Your loss fails on integer labels and on one-hot labels with three logits "
                "per example, so it is not a loss for three classes."
            )
        )
    if got is not None:
        return wrong(
            tr(
                "on labels {labels} and three logits per example your loss gives "
                "{got}; the cross-entropy of those logits is {right}. "
                "Which loss computes a softmax and then -log p?",
                labels=_LABELS,
                got=number(got),
                right=number(right),
            )
        )
    # it fails on the integer labels: say which labels gave the number
    return wrong(
        tr(
            "on one-hot labels and three logits per example your loss gives "
            "{got}; the cross-entropy of those logits is {right}. "
            "Which loss computes a softmax and then -log p?",
            got=number(got_onehot),
            right=number(right),
        )
    )


q2 = Exercise(
    2,
    N_("a Keras loss, such as `keras.losses.MeanSquaredError()`"),
    _judge_logits_loss,
    hint=N_(
        "Two questions: which cross-entropy takes integer labels, and what does "
        "`from_logits` say about the model's outputs when its last layer has no "
        "activation?"
    ),
    idea=N_("`keras.losses.SparseCategoricalCrossentropy(from_logits=True)`."),
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
        raise NotAnAnswer(tr("Your answer, {answer}, is not a pair of names.", answer=repr(answer)))
    loss, metric = (_name_of(part) for part in answer)
    if loss not in _LOSSES and metric in _LOSSES:
        loss, metric = metric, loss  # the two were swapped; judge them all the same
    if loss not in _LOSSES:
        raise NotAnAnswer(
            tr("{name} is not one of the losses of this chapter.", name=repr(answer[0]))
        )
    if metric not in _METRICS and metric != "plain_accuracy":
        raise NotAnAnswer(
            tr("{name} is not one of the accuracies of this chapter.", name=repr(answer[1]))
        )
    if loss == "sparse_categorical_crossentropy":
        return wrong(
            tr(
                "`sparse_categorical_crossentropy` takes integer labels such as 2; with "
                "one-hot labels such as [0, 0, 1] the loss is `categorical_crossentropy`."
            )
        )
    if loss != "categorical_crossentropy":
        return wrong(
            tr(
                # the field carries its backticks: "{loss}`...`" would read as a MyST role
                "{loss} is not the loss for one class out of several; with one-hot labels "
                "such as [0, 0, 1] it is `categorical_crossentropy`.",
                loss=f"`{loss}`",
            )
        )
    if metric == "sparse_categorical_accuracy":
        return wrong(
            tr(
                "the loss is right, but `sparse_categorical_accuracy` takes integer labels "
                "such as 2; with one-hot labels use `categorical_accuracy`."
            )
        )
    if metric in ("binary_accuracy", "plain_accuracy"):
        return wrong(
            tr(
                "the loss is right, but that accuracy compares the values one by one "
                "instead of asking whether the largest output is at the label's 1; use "
                "`categorical_accuracy`."
            )
        )
    if metric == "accuracy":
        return correct(
            tr(
                "`categorical_crossentropy` reads one-hot labels, and the string "
                '`"accuracy"` becomes `categorical_accuracy` here, since the labels have '
                "as many columns as the output."
            )
        )
    return correct(
        tr(
            "`categorical_crossentropy` and `categorical_accuracy` read one-hot labels; "
            "their `sparse_` twins read integer labels and give the same numbers."
        )
    )


q3 = Exercise(
    3,
    N_('a pair `(loss, metric)` such as `("mse", "accuracy")`'),
    _judge_onehot_pair,
    hint=N_(
        "The `sparse_` losses and accuracies take integer labels; their twins "
        "without `sparse_` take one-hot rows."
    ),
    idea=N_('`("categorical_crossentropy", "categorical_accuracy")`.'),
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
            raise NotAnAnswer(
                tr("Your answer is a {kind}, not a number.", kind=type(answer).__name__)
            )
        array = np.asarray(answer)
        if array.size != 1:
            raise NotAnAnswer(tr("Your answer holds {size} numbers, not one.", size=array.size))
        answer = array.reshape(-1)[0]
    return need_number(answer, what=N_("step size"))


def _judge_first_step(answer):
    _no_text(answer)
    value = _one_number(answer)

    def near(target: float) -> bool:
        return math.isclose(value, target, rel_tol=0.02)

    if near(FIRST_STEP):
        return correct(
            tr(
                "Keras 3's RMSprop starts its running mean s at 0 and does not correct for "
                "it, so after one step s = (1 - ρ) g² and the weight moves by "
                "η / √(1 - ρ) ≈ 3.16 η, whatever the size of g."
            )
        )
    if near(-FIRST_STEP):
        return wrong(
            tr(
                "{value} is the new value of the weight, which started at 0 (the "
                "step goes against the gradient). The exercise asks how far it moved: a "
                "size, not a position.",
                value=number(value),
            )
        )
    if value == 0:
        return wrong(
            tr(
                "the weight did not move: apply the gradient once with "
                "`optimizer.apply_gradients([(gradient, weight)])` before you measure."
            )
        )
    if near(LEARNING_RATE):
        return wrong(
            tr(
                "0.001 is η, the step Adam takes from its first step on, and RMSprop only "
                "once its running mean has filled up. What is that mean after one step?"
            )
        )
    if near(LEARNING_RATE * GRADIENT):
        return wrong(
            tr(
                "0.0005 is η × g, plain SGD's step. RMSprop divides the step by the root "
                "of its running mean of g²."
            )
        )
    if near(FIRST_STEP / LEARNING_RATE):
        return wrong(
            tr(
                "{value} is the step in learning rates; set answer to the step "
                "itself, η × {ratio} ≈ {step}.",
                value=number(value),
                ratio=number(FIRST_STEP / LEARNING_RATE),
                step=number(FIRST_STEP),
            )
        )
    if near(10 * FIRST_STEP) or near(100 * FIRST_STEP):
        return wrong(
            tr(
                "{value} is {times} times the step of "
                "`keras.optimizers.RMSprop()` with its default learning rate, 0.001: "
                "did you set another one?",
                value=number(value),
                times=round(value / FIRST_STEP),
            )
        )
    return wrong(
        tr(
            "the weight moved by {value} in your run. Check that you used "
            "`keras.optimizers.RMSprop()` with its defaults, the gradient 0.5, one call of "
            "`apply_gradients`, and that you measure how far the weight moved.",
            value=number(value),
        )
    )


q4 = Exercise(
    4,
    N_("a number: how far the weight moved"),
    _judge_first_step,
    hint=N_(
        "Start from `weight = keras.Variable([0.0])`, call "
        "`optimizer.apply_gradients([(np.array([0.5], dtype='float32'), weight)])` "
        "once, and read `abs(weight.numpy()[0])`. By hand: s = ρ·0 + (1 - ρ) g², "
        "then the step is η g / √(s + ε)."
    ),
    idea=N_("one `apply_gradients` of `RMSprop()` moves the weight by η / √(1 - ρ) ≈ 0.00316."),
)
