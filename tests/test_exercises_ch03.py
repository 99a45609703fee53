"""Chapter 03's exercise checks: a right answer, typical wrong ones and malformed input each."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from helpers.exercises import ExerciseFailed
from helpers.exercises.ch03 import loss_name, q1, q2, q3


def mnist_model(units=3, activation="softmax", loss="binary_crossentropy", train=True):
    """A tiny model on flattened 28x28 images (random data: only its shape matters)."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input(shape=(784,)), keras.layers.Dense(units, activation=activation)]
    )
    model.compile(optimizer="adam", loss=loss)
    if train:
        rng = np.random.default_rng(0)
        x = rng.uniform(size=(16, 784)).astype("float32")
        t = rng.integers(0, 2, size=(16, units)).astype("float32")
        if "sparse" in str(loss):
            t = rng.integers(0, units, size=16)
        model.fit(x, t, batch_size=16, epochs=1, verbose=0)
    return model


def test_loss_name_reads_strings_objects_and_functions():
    for loss in (
        "binary_crossentropy",
        keras.losses.BinaryCrossentropy(),
        keras.losses.binary_crossentropy,
    ):
        model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
        model.compile(loss=loss)
        assert loss_name(model) == "binarycrossentropy"


# --- exercise 1 -------------------------------------------------------------------------


def test_q1_right_model():
    verdict = q1.judge(mnist_model())
    assert verdict.ok and "never answer yes to two questions" in verdict.message


def test_q1_sigmoid_output_is_wrong():
    verdict = q1.judge(mnist_model(activation="sigmoid"))
    assert not verdict.ok and "activation is sigmoid" in verdict.message


def test_q1_other_loss_is_wrong():
    verdict = q1.judge(mnist_model(loss="categorical_crossentropy"))
    assert not verdict.ok and "compiled with categorical_crossentropy" in verdict.message


def test_q1_malformed():
    untrained = q1.judge(mnist_model(train=False))
    assert not untrained.ok and "not taken a training step" in untrained.message
    iris = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])
    iris.compile(optimizer="adam", loss="mse")
    iris.fit(np.zeros((4, 4)), np.zeros((4, 3)), verbose=0)
    assert "takes 4 inputs" in q1.judge(iris).message
    assert "not a Keras model" in q1.judge("softmax").message


# --- exercise 2 -------------------------------------------------------------------------


def stable_softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def naive_softmax(z):
    return np.exp(z) / np.exp(z).sum()


def test_q2_right_function():
    verdict = q2.judge(stable_softmax)
    assert verdict.ok and "stays finite on [1000, 0]" in verdict.message


def test_q2_naive_softmax_is_wrong():
    verdict = q2.judge(naive_softmax)
    assert not verdict.ok and "overflows" in verdict.message


def test_q2_sigmoid_is_wrong():
    verdict = q2.judge(lambda z: 1 / (1 + np.exp(-z)))
    assert not verdict.ok and "sigmoid of each logit" in verdict.message


def test_q2_malformed():
    assert "not a function" in q2.judge(stable_softmax(np.zeros(3))).message
    assert "raised" in q2.judge(lambda z: z.nope).message
    shape = q2.judge(lambda z: np.array([stable_softmax(z)]))
    assert "returned shape (1, 4)" in shape.message


def test_q2_check_in_a_students_run_and_in_the_build(monkeypatch, capsys):
    monkeypatch.setenv("NNBOOK_STRICT", "0")
    assert q2.check(naive_softmax) is None
    assert "q2.hint()" in capsys.readouterr().out
    monkeypatch.setenv("NNBOOK_STRICT", "1")
    with pytest.raises(ExerciseFailed):
        q2.check(naive_softmax)
    assert q2.judge(stable_softmax).ok is True


# --- exercise 3 -------------------------------------------------------------------------


def test_q3_right_model():
    verdict = q3.judge(mnist_model(units=4, activation="sigmoid", train=False))
    assert verdict.ok and "Four sigmoid outputs" in verdict.message


def test_q3_three_outputs_are_wrong():
    verdict = q3.judge(mnist_model(units=3, activation="sigmoid", train=False))
    assert not verdict.ok and "needs a fourth" in verdict.message


def test_q3_softmax_output_is_wrong():
    verdict = q3.judge(mnist_model(units=4, activation="softmax", train=False))
    assert not verdict.ok and "uses softmax" in verdict.message


def test_q3_categorical_loss_is_wrong():
    model = mnist_model(units=4, activation="sigmoid", loss="categorical_crossentropy", train=False)
    verdict = q3.judge(model)
    assert not verdict.ok and "compiled with categorical_crossentropy" in verdict.message


def test_q3_malformed():
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(4)])
    assert "not compiled yet" in q3.judge(model).message
    assert "not a Keras model" in q3.judge(4).message


# --- the Chinese edition: verdicts and hints in Chinese ----------------------------------


@pytest.mark.parametrize(
    "exercise, make_answer, says, hint",
    [
        (
            q1,
            lambda: mnist_model(activation="sigmoid"),
            ["你的输出层的激活函数是sigmoid", "本练习要求把它换成softmax"],
            "复制本章的multi_label模型",
        ),
        (
            q2,
            lambda: naive_softmax,
            ["在[1000, 0]上，你的函数给出[nan, 0.0]", "exp(1000)溢出为inf"],
            "减去哪个数能让每个exp都不超过1",
        ),
        (
            q3,
            lambda: mnist_model(units=5, activation="sigmoid", train=False),
            ["你的模型有5个输出", "四个是/否问题需要4个输出"],
            "哪种激活函数能让几个输出同时接近1",
        ),
    ],
    ids=["q1", "q2", "q3"],
)
def test_chinese_wrong_answer_and_hint(wrong_in_chinese, exercise, make_answer, says, hint):
    wrong_in_chinese(exercise, make_answer(), says, hint)


def test_chinese_non_answer_names_what_the_exercise_asks_for(chinese):
    verdict = q3.judge(4)
    assert not verdict.ok and verdict.message.startswith("你的答案是int，不是Keras模型。")
    assert verdict.message.endswith(
        "本练习要的是一个回答四个问题（是偶数吗、大于4吗、是圆的吗、是7吗）的已编译Keras模型。"
    )


def test_chinese_right_answer_is_correct(chinese, capsys, printed):
    q2.check(stable_softmax)
    out = printed()
    assert out.startswith("正确。你的softmax在这四个logits上与tf.nn.softmax一致")
