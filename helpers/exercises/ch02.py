"""Chapter 02's exercises (Iris classification, two ways), judged on the student's own answer.

- ``q1``: the class counts of the rows ``validation_split=0.2`` keeps when the
  iris arrays are not shuffled (an array of three counts).
- ``q2``: a ``keras.Model`` subclass with two hidden ReLU layers of 16 and 8
  units, built by a call on data (the model).
- ``q3``: the chapter's Sequential model trained at ``learning_rate=0.01``
  (the trained model, or the ``History`` its ``fit`` returned).

The notebook imports ``q1``, ``q2`` and ``q3``; ``tests/test_exercises_ch02.py``
feeds each judge a right answer, typical wrong ones and malformed input.
"""

from __future__ import annotations

import math

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

#: iris: 150 flowers; validation_split=0.2 keeps the last 30 rows for validation
N_FLOWERS = 150
N_VAL = 30
#: the seed of the original tutorial's two shuffles (and of chapter 02's)
SHUFFLE_SEED = 1024


def _iris_labels() -> np.ndarray:
    """The iris labels as scikit-learn stores them: 50 of each class, sorted by class."""
    from sklearn.datasets import load_iris

    return load_iris().target


def _counts(labels) -> list[int]:
    return np.bincount(labels, minlength=3).tolist()


# --- exercise 1: what validation_split keeps --------------------------------------------


def judge_validation_counts(answer):
    """Right: [0, 0, 30], the classes of the last 30 unshuffled rows."""
    counts = need_array(answer, shape=(3,), what="array of three class counts")
    if (counts < 0).any() or not np.allclose(counts, np.round(counts)):
        raise NotAnAnswer(
            f"Your counts {counts.tolist()} are not whole numbers of flowers "
            "(np.bincount(labels, minlength=3) gives them)."
        )
    counts = [int(c) for c in np.round(counts)]
    labels = _iris_labels()
    right = _counts(labels[-N_VAL:])
    if counts == right:
        return correct(
            f"The last {N_VAL} rows are all virginica ({right}): validation_split "
            "keeps the last 20% of the arrays, and scikit-learn stores the flowers "
            "sorted by class."
        )
    shuffled = labels[np.random.RandomState(SHUFFLE_SEED).permutation(N_FLOWERS)]
    if counts == _counts(shuffled[-N_VAL:]):
        return wrong(
            f"{counts} are the counts of the last {N_VAL} rows after the chapter's "
            "shuffle; the exercise asks about the arrays as load_iris() returns "
            "them, unshuffled."
        )
    if counts == _counts(labels[:-N_VAL]):
        return wrong(
            f"{counts} are the counts of the first {N_FLOWERS - N_VAL} rows, the "
            f"training part; the exercise asks for the {N_VAL} validation rows."
        )
    if sum(counts) == N_FLOWERS:
        return wrong(
            f"your counts add up to {N_FLOWERS}, the whole data set; the exercise "
            f"asks for the {N_VAL} validation flowers only."
        )
    if sum(counts) != N_VAL:
        return wrong(
            f"your counts add up to {sum(counts)}; validation_split=0.2 keeps "
            f"{N_VAL} of the {N_FLOWERS} flowers."
        )
    if counts == _counts(labels[:N_VAL]):
        return wrong(
            f"{counts} are the counts of the first {N_VAL} rows; validation_split "
            "takes its rows from the end of the arrays."
        )
    return wrong(
        f"{counts} are not the classes of the validation rows. validation_split "
        "does not pick flowers at random: it keeps the last 20% of the rows."
    )


q1 = Exercise(
    1,
    asks="the three class counts (setosa, versicolor, virginica) of the rows "
    "that validation_split=0.2 keeps, e.g. np.bincount(labels, minlength=3)",
    judge=judge_validation_counts,
    hint="validation_split=0.2 keeps the last 20% of the rows of x and y, before "
    "fit shuffles anything. Load the labels with load_iris().target (no "
    "shuffle) and count the classes of the last 30 with np.bincount(..., "
    "minlength=3).",
    idea="count the classes of the last 30 labels as scikit-learn stores them: "
    "np.bincount(load_iris().target[-30:], minlength=3) is [0, 0, 30].",
)


# --- exercise 2: a subclass with two hidden layers --------------------------------------


def _is_functional(model) -> bool:
    """A model made by ``keras.Model(inputs, outputs)`` (class Functional in Keras 3)."""
    return any(cls.__name__ == "Functional" for cls in type(model).__mro__)


def judge_subclass(answer):
    """Right: a built keras.Model subclass, 4 -> Dense(16, relu) -> Dense(8, relu) -> Dense(3)."""
    import keras

    if isinstance(answer, type) and issubclass(answer, keras.Model):
        raise NotAnAnswer(
            "Your answer is the class itself: make a model from it "
            "(model = MyClass()), call it on data once, and give that model."
        )
    model = need_model(answer, built=True)
    if isinstance(model, keras.Sequential):
        return wrong(
            "your model is a keras.Sequential; the exercise asks for a subclass of "
            "keras.Model, whose __init__ makes the layers and whose call chains them."
        )
    if _is_functional(model):
        return wrong(
            "your model is a functional keras.Model(inputs, outputs); the exercise "
            "asks for a subclass of keras.Model (class ...(keras.Model) with "
            "__init__ and call)."
        )
    if not model.weights:
        raise NotAnAnswer(
            "Your model is marked built but has no weights: build((None, 4)) on a "
            "subclass without a build() method of its own only marks it. Call it "
            "on data once, e.g. model(x[:1])."
        )
    dense = dense_layers(model)
    if not dense:
        return wrong("your model has no Dense layer; the exercise asks for three.")
    inputs = int(dense[0].kernel.shape[0])
    if inputs != 4:
        return wrong(
            f"your first layer takes {inputs} inputs; an iris flower has 4 "
            "measurements. Call the model on iris rows, e.g. model(x[:1])."
        )
    hidden, output = dense[:-1], dense[-1]
    if len(hidden) != 2:
        return wrong(
            f"your model has {len(hidden)} hidden layer{'s' * (len(hidden) != 1)}; "
            "the exercise asks for 2 (16 units, then 8)."
        )
    units = [layer.units for layer in hidden]
    if units != [16, 8]:
        return wrong(
            f"your hidden layers have {units[0]} and {units[1]} units; the exercise "
            "asks for 16, then 8."
        )
    activations = [activation_name(layer) for layer in hidden]
    if activations != ["relu", "relu"]:
        return wrong(
            f"your hidden layers use {activations[0]} and {activations[1]}; the "
            "exercise asks for relu in both."
        )
    if output.units != 3 or activation_name(output) != "softmax":
        return wrong(
            f"your output layer is Dense({output.units}) with "
            f"{activation_name(output)}; the three species need Dense(3) with softmax."
        )
    params = model.count_params()
    return correct(
        f"Your subclass has {params:,} parameters (4×16 + 16, 16×8 + 8 and 8×3 + 3): "
        "the call on data gave each layer the size of its input, so each created "
        "its weights."
    )


q2 = Exercise(
    2,
    asks="a built subclass of keras.Model: 4 inputs, Dense(16, relu), Dense(8, relu), "
    "Dense(3, softmax)",
    judge=judge_subclass,
    hint="Start from the chapter's IrisMLP: make three Dense layers in __init__, in "
    "the order they run, and chain them in call. Then build the model by calling "
    "it on one flower: model(x[:1]).",
    idea="a class with three Dense layers made in __init__ and chained in call; one "
    "call on x[:1] builds it (243 parameters).",
)


# --- exercise 3: a smaller learning rate ------------------------------------------------


def _training_accuracy(history) -> list[float] | None:
    """The per-epoch training accuracy a History logged, whatever the metric's name."""
    logs = getattr(history, "history", None) or {}
    names = [k for k in logs if k.endswith("accuracy") and not k.startswith("val_")]
    return [float(v) for v in logs[names[0]]] if names else None


def judge_learning_rate(answer):
    """Right: the chapter's one-layer model, SGD at 0.01, trained 30 epochs or more."""
    import keras

    history = None
    if isinstance(answer, keras.callbacks.History):
        history, answer = answer, getattr(answer, "model", None)
        if answer is None:
            raise NotAnAnswer("Your History has no model: give the one fit() returned.")
    model = need_model(answer, trained=True)
    history = history or getattr(model, "history", None)
    dense = dense_layers(model)
    if len(dense) != 1 or dense[0].units != 3 or activation_name(dense[0]) != "softmax":
        return wrong(
            f"your model has {len(dense)} Dense layer{'s' * (len(dense) != 1)}; the "
            "exercise keeps the chapter's one Dense(3, softmax) layer "
            "(build_iris_softmax)."
        )
    optimizer = model.optimizer
    if not isinstance(optimizer, keras.optimizers.SGD):
        return wrong(
            f"your optimizer is {type(optimizer).__name__}; the exercise keeps SGD "
            "and changes only its learning rate."
        )
    schedule = getattr(optimizer, "_learning_rate", None)
    if isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule):
        return wrong("your learning rate is a schedule; the exercise asks for a fixed 0.01.")
    rate = float(np.asarray(optimizer.learning_rate))
    if not math.isclose(rate, 0.01, rel_tol=1e-5):
        return wrong(
            f"your learning rate is {rate:.3g}; the exercise asks for 0.01"
            + (", ten times smaller than the chapter's." if math.isclose(rate, 0.1) else ".")
        )
    accuracy = _training_accuracy(history)
    if accuracy is None:
        return wrong(
            "your run logged no training accuracy: compile with "
            "metrics=['sparse_categorical_accuracy'] (build_iris_softmax does)."
        )
    if len(accuracy) < 30:
        return wrong(
            f"your last fit ran {len(accuracy)} epoch{'s' * (len(accuracy) != 1)}; the "
            "exercise asks for 30, so that the curve can show its steps."
        )
    largest = max(abs(b - a) for a, b in zip(accuracy, accuracy[1:], strict=False))
    return correct(
        f"SGD at learning_rate=0.01 for {len(accuracy)} epochs. Your training "
        f"accuracy moved by at most {largest * 100:.2f} points between two epochs "
        f"and ended at {accuracy[-1]:.2%}."
    )


q3 = Exercise(
    3,
    asks="the chapter's Sequential model trained with SGD(learning_rate=0.01) for 30 "
    "epochs (the model, or the History that fit returned)",
    judge=judge_learning_rate,
    hint="build_iris_softmax(learning_rate=0.01) builds and compiles the model; seed "
    "first, then fit it as the chapter does, with epochs=30.",
    idea="seed, build_iris_softmax(learning_rate=0.01), fit 30 epochs; then compare "
    "the largest change between two epochs with the run at 0.1.",
)
