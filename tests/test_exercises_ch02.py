"""Chapter 02's exercise checks: a right answer, typical wrong ones and malformed input each."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from helpers.exercises import ExerciseFailed
from helpers.exercises.ch02 import q1, q2, q3


def iris_like(n=40, seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(0, 8, size=(n, 4)).astype("float32"), rng.integers(0, 3, size=n)


# --- exercise 1 -------------------------------------------------------------------------


def test_q1_right_counts():
    verdict = q1.judge(np.array([0, 0, 30]))
    assert verdict.ok and "virginica" in verdict.message


def test_q1_even_split_is_wrong():
    verdict = q1.judge([10, 10, 10])
    assert not verdict.ok and "does not pick flowers at random" in verdict.message


def test_q1_training_rows_are_wrong():
    verdict = q1.judge([50, 50, 20])
    assert not verdict.ok and "the training part" in verdict.message


def test_q1_shuffled_counts_are_wrong():
    from sklearn.datasets import load_iris

    labels = load_iris().target[np.random.RandomState(1024).permutation(150)]
    verdict = q1.judge(np.bincount(labels[-30:], minlength=3))
    assert not verdict.ok and "after the chapter's shuffle" in verdict.message


def test_q1_whole_data_set_is_wrong():
    verdict = q1.judge([50, 50, 50])
    assert not verdict.ok and "whole data set" in verdict.message


def test_q1_malformed():
    assert "not an array" in q1.judge("0, 0, 30").message
    labels = q1.judge(np.full(30, 2))
    assert not labels.ok and "has shape (30,)" in labels.message
    assert "whole numbers" in q1.judge([0.5, 0, 29.5]).message


def test_q1_check_prints_and_raises_only_when_strict(monkeypatch, capsys):
    monkeypatch.setenv("NNBOOK_STRICT", "0")
    assert q1.check([0, 0, 30]) is None
    assert q1.check([10, 10, 10]) is None
    assert "Not yet" in capsys.readouterr().out
    monkeypatch.setenv("NNBOOK_STRICT", "1")
    with pytest.raises(ExerciseFailed):
        q1.check([10, 10, 10])


# --- exercise 2 -------------------------------------------------------------------------


class Deep(keras.Model):
    def __init__(self, units=(16, 8), activation="relu", **kwargs):
        super().__init__(**kwargs)
        self.hidden = [keras.layers.Dense(u, activation=activation) for u in units]
        self.out = keras.layers.Dense(3, activation="softmax")

    def call(self, x):
        for layer in self.hidden:
            x = layer(x)
        return self.out(x)


def test_q2_right_subclass():
    model = Deep()
    model(np.zeros((1, 4), "float32"))
    verdict = q2.judge(model)
    assert verdict.ok and "243 parameters" in verdict.message


def test_q2_one_hidden_layer_is_wrong():
    model = Deep(units=(8,))
    model(np.zeros((1, 4), "float32"))
    verdict = q2.judge(model)
    assert not verdict.ok and "1 hidden layer;" in verdict.message


def test_q2_sequential_is_wrong():
    model = keras.Sequential(
        [
            keras.Input(shape=(4,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    verdict = q2.judge(model)
    assert not verdict.ok and "keras.Sequential" in verdict.message


def test_q2_units_swapped_are_wrong():
    model = Deep(units=(8, 16))
    model(np.zeros((1, 4), "float32"))
    verdict = q2.judge(model)
    assert not verdict.ok and "have 8 and 16 units" in verdict.message


def test_q2_malformed():
    unbuilt = q2.judge(Deep())
    assert not unbuilt.ok and "not built yet" in unbuilt.message
    marked = Deep()
    with pytest.warns(UserWarning):
        marked.build((None, 4))
    assert "has no weights" in q2.judge(marked).message
    assert "the class itself" in q2.judge(Deep).message


# --- exercise 3 -------------------------------------------------------------------------


def trained(learning_rate=0.01, epochs=30, optimizer=None):
    """A one-layer iris-shaped model after one real epoch, with a History of ``epochs``.

    One epoch of fit makes the model trained; the History the judge reads is
    written out (a climbing accuracy), which keeps the test fast.
    """
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(
        optimizer=optimizer or keras.optimizers.SGD(learning_rate=learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["sparse_categorical_accuracy"],
    )
    x, y = iris_like()
    model.fit(x, y, batch_size=40, epochs=1, verbose=0)
    history = keras.callbacks.History()
    history.set_model(model)
    history.history = {
        "loss": list(np.linspace(1.0, 0.5, epochs)),
        "sparse_categorical_accuracy": list(np.linspace(0.3, 0.9, epochs)),
    }
    model.history = history
    return model, history


def test_q3_right_run_as_model_or_history():
    model, history = trained()
    verdict = q3.judge(model)
    assert verdict.ok and "learning_rate=0.01 for 30 epochs" in verdict.message
    assert q3.judge(history).ok


def test_q3_chapters_rate_is_wrong():
    model, _ = trained(learning_rate=0.1)
    verdict = q3.judge(model)
    assert not verdict.ok and "learning rate is 0.1;" in verdict.message


def test_q3_other_optimizer_is_wrong():
    model, _ = trained(optimizer=keras.optimizers.Adam(learning_rate=0.01))
    verdict = q3.judge(model)
    assert not verdict.ok and "optimizer is Adam" in verdict.message


def test_q3_too_few_epochs_is_wrong():
    model, _ = trained(epochs=3)
    verdict = q3.judge(model)
    assert not verdict.ok and "ran 3 epochs" in verdict.message


def test_q3_malformed():
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse")
    untrained = q3.judge(model)
    assert not untrained.ok and "not taken a training step" in untrained.message
    assert "not a Keras model" in q3.judge(0.01).message


# --- the Chinese edition: verdicts and hints in Chinese ----------------------------------


def one_hidden_layer():
    model = Deep(units=(8,))
    model(np.zeros((1, 4), "float32"))
    return model


@pytest.mark.parametrize(
    "exercise, make_answer, says, hint",
    [
        (
            q1,
            lambda: [10, 10, 10],
            ["[10, 10, 10]不是验证行的类别计数", "validation_split不会随机挑选花"],
            "用load_iris().target加载标签",
        ),
        (
            q2,
            one_hidden_layer,
            ["你的模型有1个隐藏层", "本练习要求2个（先16个神经元，再8个）"],
            "从本章的IrisMLP出发",
        ),
        (
            q3,
            lambda: trained(epochs=3)[0],
            ["你最后一次fit只跑了3个epoch", "本练习要求30个"],
            "会构建并编译模型",
        ),
    ],
    ids=["q1", "q2", "q3"],
)
def test_chinese_wrong_answer_and_hint(wrong_in_chinese, exercise, make_answer, says, hint):
    wrong_in_chinese(exercise, make_answer(), says, hint)


def test_chinese_learning_rate_of_the_chapter_is_named(chinese):
    model, _ = trained(learning_rate=0.1)
    verdict = q3.judge(model)
    assert not verdict.ok
    assert verdict.message.startswith("你的学习率是0.1；本练习要求0.01")


def test_chinese_right_answer_is_correct(chinese, capsys, printed):
    model = Deep()
    model(np.zeros((1, 4), "float32"))
    q2.check(model)
    out = printed()
    assert out.startswith("正确。你的子类模型有243个参数")
