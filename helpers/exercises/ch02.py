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
from helpers.i18n import N_, tr

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
    counts = need_array(answer, shape=(3,), what=N_("array of three class counts"))
    if (counts < 0).any() or not np.allclose(counts, np.round(counts)):
        raise NotAnAnswer(
            tr(
                "Your counts {counts} are not whole numbers of flowers "
                "(np.bincount(labels, minlength=3) gives them).",
                counts=counts.tolist(),
            )
        )
    counts = [int(c) for c in np.round(counts)]
    labels = _iris_labels()
    right = _counts(labels[-N_VAL:])
    if counts == right:
        return correct(
            tr(
                "The last {n_val} rows are all virginica ({right}): validation_split "
                "keeps the last 20% of the arrays, and scikit-learn stores the flowers "
                "sorted by class.",
                n_val=N_VAL,
                right=right,
            )
        )
    shuffled = labels[np.random.RandomState(SHUFFLE_SEED).permutation(N_FLOWERS)]
    if counts == _counts(shuffled[-N_VAL:]):
        return wrong(
            tr(
                "{counts} are the counts of the last {n_val} rows after the chapter's "
                "shuffle; the exercise asks about the arrays as load_iris() returns "
                "them, unshuffled.",
                counts=counts,
                n_val=N_VAL,
            )
        )
    if counts == _counts(labels[:-N_VAL]):
        return wrong(
            tr(
                "{counts} are the counts of the first {n_train} rows, the "
                "training part; the exercise asks for the {n_val} validation rows.",
                counts=counts,
                n_train=N_FLOWERS - N_VAL,
                n_val=N_VAL,
            )
        )
    if sum(counts) == N_FLOWERS:
        return wrong(
            tr(
                "your counts add up to {n_flowers}, the whole data set; the exercise "
                "asks for the {n_val} validation flowers only.",
                n_flowers=N_FLOWERS,
                n_val=N_VAL,
            )
        )
    if sum(counts) != N_VAL:
        return wrong(
            tr(
                "your counts add up to {total}; validation_split=0.2 keeps "
                "{n_val} of the {n_flowers} flowers.",
                total=sum(counts),
                n_val=N_VAL,
                n_flowers=N_FLOWERS,
            )
        )
    if counts == _counts(labels[:N_VAL]):
        return wrong(
            tr(
                "{counts} are the counts of the first {n_val} rows; validation_split "
                "takes its rows from the end of the arrays.",
                counts=counts,
                n_val=N_VAL,
            )
        )
    return wrong(
        tr(
            "{counts} are not the classes of the validation rows. validation_split "
            "does not pick flowers at random: it keeps the last 20% of the rows.",
            counts=counts,
        )
    )


q1 = Exercise(
    1,
    asks=N_(
        "the three class counts (setosa, versicolor, virginica) of the rows "
        "that validation_split=0.2 keeps, e.g. np.bincount(labels, minlength=3)"
    ),
    judge=judge_validation_counts,
    hint=N_(
        "validation_split=0.2 keeps the last 20% of the rows of x and y, before "
        "fit shuffles anything. Load the labels with load_iris().target (no "
        "shuffle) and count the classes of the last 30 with np.bincount(..., "
        "minlength=3)."
    ),
    idea=N_(
        "count the classes of the last 30 labels as scikit-learn stores them: "
        "np.bincount(load_iris().target[-30:], minlength=3) is [0, 0, 30]."
    ),
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
            tr(
                "Your answer is the class itself: make a model from it "
                "(model = MyClass()), call it on data once, and give that model."
            )
        )
    model = need_model(answer, built=True)
    if isinstance(model, keras.Sequential):
        return wrong(
            tr(
                "your model is a keras.Sequential; the exercise asks for a subclass of "
                "keras.Model, whose __init__ makes the layers and whose call chains them."
            )
        )
    if _is_functional(model):
        return wrong(
            tr(
                "your model is a functional keras.Model(inputs, outputs); the exercise "
                "asks for a subclass of keras.Model (class ...(keras.Model) with "
                "__init__ and call)."
            )
        )
    if not model.weights:
        raise NotAnAnswer(
            tr(
                "Your model is marked built but has no weights: build((None, 4)) on a "
                "subclass without a build() method of its own only marks it. Call it "
                "on data once, e.g. model(x[:1])."
            )
        )
    dense = dense_layers(model)
    if not dense:
        return wrong(tr("your model has no Dense layer; the exercise asks for three."))
    inputs = int(dense[0].kernel.shape[0])
    if inputs != 4:
        return wrong(
            tr(
                "your first layer takes {inputs} inputs; an iris flower has 4 "
                "measurements. Call the model on iris rows, e.g. model(x[:1]).",
                inputs=inputs,
            )
        )
    hidden, output = dense[:-1], dense[-1]
    if len(hidden) == 1:
        return wrong(
            tr(
                "your model has {n} hidden layer; the exercise asks for 2 (16 units, then 8).",
                n=len(hidden),
            )
        )
    if len(hidden) != 2:
        return wrong(
            tr(
                "your model has {n} hidden layers; the exercise asks for 2 (16 units, then 8).",
                n=len(hidden),
            )
        )
    units = [layer.units for layer in hidden]
    if units != [16, 8]:
        return wrong(
            tr(
                "your hidden layers have {first} and {second} units; the exercise "
                "asks for 16, then 8.",
                first=units[0],
                second=units[1],
            )
        )
    activations = [activation_name(layer) for layer in hidden]
    if activations != ["relu", "relu"]:
        return wrong(
            tr(
                "your hidden layers use {first} and {second}; the exercise asks for relu in both.",
                first=activations[0],
                second=activations[1],
            )
        )
    if output.units != 3 or activation_name(output) != "softmax":
        return wrong(
            tr(
                "your output layer is Dense({units}) with "
                "{activation}; the three species need Dense(3) with softmax.",
                units=output.units,
                activation=activation_name(output),
            )
        )
    params = model.count_params()
    return correct(
        tr(
            "Your subclass has {params} parameters (4×16 + 16, 16×8 + 8 and 8×3 + 3): "
            "the call on data gave each layer the size of its input, so each created "
            "its weights.",
            params=f"{params:,}",
        )
    )


q2 = Exercise(
    2,
    asks=N_(
        "a built subclass of keras.Model: 4 inputs, Dense(16, relu), Dense(8, relu), "
        "Dense(3, softmax)"
    ),
    judge=judge_subclass,
    hint=N_(
        "Start from the chapter's IrisMLP: make three Dense layers in __init__, in "
        "the order they run, and chain them in call. Then build the model by calling "
        "it on one flower: model(x[:1])."
    ),
    idea=N_(
        "a class with three Dense layers made in __init__ and chained in call; one "
        "call on x[:1] builds it (243 parameters)."
    ),
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
            raise NotAnAnswer(tr("Your History has no model: give the one fit() returned."))
    model = need_model(answer, trained=True)
    history = history or getattr(model, "history", None)
    dense = dense_layers(model)
    if len(dense) != 1 or dense[0].units != 3 or activation_name(dense[0]) != "softmax":
        if len(dense) == 1:
            return wrong(
                tr(
                    "your model has {n} Dense layer; the exercise keeps the chapter's "
                    "one Dense(3, softmax) layer (build_iris_softmax).",
                    n=len(dense),
                )
            )
        return wrong(
            tr(
                "your model has {n} Dense layers; the exercise keeps the chapter's "
                "one Dense(3, softmax) layer (build_iris_softmax).",
                n=len(dense),
            )
        )
    optimizer = model.optimizer
    if not isinstance(optimizer, keras.optimizers.SGD):
        return wrong(
            tr(
                "your optimizer is {name}; the exercise keeps SGD "
                "and changes only its learning rate.",
                name=type(optimizer).__name__,
            )
        )
    schedule = getattr(optimizer, "_learning_rate", None)
    if isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule):
        return wrong(tr("your learning rate is a schedule; the exercise asks for a fixed 0.01."))
    rate = float(np.asarray(optimizer.learning_rate))
    if not math.isclose(rate, 0.01, rel_tol=1e-5):
        if math.isclose(rate, 0.1, rel_tol=1e-6):  # float32's 0.1 is 0.10000000149
            return wrong(
                tr(
                    "your learning rate is {rate}; the exercise asks for 0.01, ten times "
                    "smaller than the chapter's.",
                    rate=f"{rate:.3g}",
                )
            )
        return wrong(
            tr(
                "your learning rate is {rate}; the exercise asks for 0.01.",
                rate=f"{rate:.3g}",
            )
        )
    accuracy = _training_accuracy(history)
    if accuracy is None:
        return wrong(
            tr(
                "your run logged no training accuracy: compile with "
                "metrics=['sparse_categorical_accuracy'] (build_iris_softmax does)."
            )
        )
    if len(accuracy) < 30:
        if len(accuracy) == 1:
            return wrong(
                tr(
                    "your last fit ran {n} epoch; the exercise asks for 30, so that the "
                    "curve can show its steps.",
                    n=len(accuracy),
                )
            )
        return wrong(
            tr(
                "your last fit ran {n} epochs; the exercise asks for 30, so that the "
                "curve can show its steps.",
                n=len(accuracy),
            )
        )
    largest = max(abs(b - a) for a, b in zip(accuracy, accuracy[1:], strict=False))
    return correct(
        tr(
            "SGD at learning_rate=0.01 for {epochs} epochs. Your training "
            "accuracy moved by at most {largest} points between two epochs "
            "and ended at {final}.",
            epochs=len(accuracy),
            largest=f"{largest * 100:.2f}",
            final=f"{accuracy[-1]:.2%}",
        )
    )


q3 = Exercise(
    3,
    asks=N_(
        "the chapter's Sequential model trained with SGD(learning_rate=0.01) for 30 "
        "epochs (the model, or the History that fit returned)"
    ),
    judge=judge_learning_rate,
    hint=N_(
        "build_iris_softmax(learning_rate=0.01) builds and compiles the model; seed "
        "first, then fit it as the chapter does, with epochs=30."
    ),
    idea=N_(
        "seed, build_iris_softmax(learning_rate=0.01), fit 30 epochs; then compare "
        "the largest change between two epochs with the run at 0.1."
    ),
)
