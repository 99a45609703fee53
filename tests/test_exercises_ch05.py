"""Chapter 05's exercise checks: a right answer, two typical wrong ones and a malformed one each."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from helpers.exercises import ch05
from helpers.exercises.ch05 import q1, q2, q3, q4


def dense_net(units=512, activation="tanh", initializer="random_uniform", *, hidden=1, seed=0):
    """A 784-...-10 Dense net like the chapter's build_mnist_dense (not compiled)."""
    keras.utils.set_random_seed(seed)
    layers = [keras.Input((784,))]
    for _ in range(hidden):
        layers.append(
            keras.layers.Dense(units, kernel_initializer=initializer, activation=activation)
        )
    layers.append(keras.layers.Dense(10, kernel_initializer=initializer, activation="softmax"))
    return keras.Sequential(layers)


def compiled(model, loss="categorical_crossentropy", optimizer="adam"):
    model.compile(loss=loss, optimizer=optimizer, metrics=["accuracy"])
    return model


# --- exercise 1 -------------------------------------------------------------------------


def test_q1_right_answer():
    verdict = q1.judge(compiled(dense_net()))
    assert verdict.ok and "407,050 parameters" in verdict.message


def test_q1_wrong_activation():
    verdict = q1.judge(compiled(dense_net(activation="relu")))
    assert not verdict.ok
    assert "hidden layer uses relu; the exercise asks for tanh" in verdict.message


def test_q1_wrong_initializer():
    verdict = q1.judge(compiled(dense_net(initializer="normal")))
    assert not verdict.ok
    assert "draws its weights with RandomNormal" in verdict.message
    assert "'random_uniform' on both layers" in verdict.message


def test_q1_wrong_depth_and_loss():
    two = q1.judge(compiled(dense_net(hidden=2)))
    assert not two.ok and "2 hidden Dense layers; the exercise asks for 1" in two.message
    sparse = q1.judge(compiled(dense_net(), loss="sparse_categorical_crossentropy"))
    assert not sparse.ok and "sparse_categorical_crossentropy" in sparse.message


def test_q1_malformed_answers():
    uncompiled = q1.judge(dense_net())
    assert not uncompiled.ok and "not compiled yet" in uncompiled.message
    text = q1.judge("Dense(512)")
    assert not text.ok and "a str, not a Keras model" in text.message


# --- exercise 2 -------------------------------------------------------------------------


def test_q2_right_answer():
    verdict = q2.judge(235_146)
    assert verdict.ok and "Dropout layers add nothing" in verdict.message


def test_q2_right_answer_as_a_float_and_from_keras():
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((784,)),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dropout(0.2),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dropout(0.2),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    assert model.count_params() == ch05.DROPOUT_PARAMS
    assert q2.judge(float(model.count_params())).ok


def test_q2_weights_without_biases():
    verdict = q2.judge(234_752)
    assert not verdict.ok and "not the biases" in verdict.message


def test_q2_the_one_layer_model():
    verdict = q2.judge(203_530)
    assert not verdict.ok and "second hidden layer, Dense(128)" in verdict.message


def test_q2_dropout_counted_and_other_counts():
    verdict = q2.judge(235_146 + 384)
    assert not verdict.ok and "a Dropout layer has no parameters" in verdict.message
    other = q2.judge(100)
    assert not other.ok and "your count is 100" in other.message


def test_q2_malformed_answers():
    text = q2.judge("235146")
    assert not text.ok and "a str, not a parameter count" in text.message
    half = q2.judge(235_146.5)
    assert not half.ok and "whole number" in half.message


# --- exercise 3 -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mnist_rows():
    """The first 3,000 training images as rows of 784 in [0, 1], one-hot labels."""
    from helpers.data import load_mnist

    (images, labels), _ = load_mnist()
    x = images[:3000].reshape(-1, 784).astype("float32") / 255
    return x, keras.utils.to_categorical(labels[:3000], 10)


def trained(model, data, epochs=3):
    x, y = data
    compiled(model).fit(x, y, epochs=epochs, batch_size=100, verbose=0)
    return model


def glorot_relu256():
    keras.utils.set_random_seed(0)
    return keras.Sequential(
        [
            keras.Input((784,)),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def test_q3_right_answer(mnist_rows):
    verdict = q3.judge(trained(glorot_relu256(), mnist_rows))
    assert verdict.ok and "glorot_uniform" in verdict.message


def test_q3_the_chapters_normal_initializer(mnist_rows):
    verdict = q3.judge(trained(dense_net(256, "relu", "normal"), mnist_rows, epochs=1))
    assert not verdict.ok
    assert "draws its weights with RandomNormal" in verdict.message
    assert "leave kernel_initializer out" in verdict.message


def test_q3_unscaled_pixels_give_a_low_accuracy(mnist_rows, monkeypatch):
    x, y = mnist_rows
    model = glorot_relu256()
    # trained on 0-255 pixels with a tiny step: it learns next to nothing
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.SGD(1e-7), metrics=[])
    model.fit(x[:400] * 255, y[:400], epochs=1, batch_size=200, verbose=0)
    verdict = q3.judge(model)
    assert not verdict.ok and "should pass 80%" in verdict.message


def test_q3_wrong_width(mnist_rows):
    model = trained(dense_net(64, "relu", "glorot_uniform"), mnist_rows, epochs=1)
    verdict = q3.judge(model)
    assert not verdict.ok and "Dense(64) with relu" in verdict.message


def test_q3_malformed_answers():
    untrained = q3.judge(compiled(glorot_relu256()))
    assert not untrained.ok and "has not taken a training step" in untrained.message
    keras.utils.set_random_seed(0)
    images = keras.Sequential(
        [keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)]
    )
    model = compiled(images)
    model.fit(np.zeros((4, 28, 28)), np.eye(10)[:4], verbose=0)
    shaped = q3.judge(model)
    assert not shaped.ok and "rows of 784 pixels" in shaped.message


# --- exercise 4 -------------------------------------------------------------------------


def test_q4_right_answer():
    verdict = q4.judge(0.3 * np.sqrt(2 / 4))
    assert verdict.ok and "variances of two independent means add" in verdict.message
    assert q4.judge(0.212).ok


def test_q4_one_mean():
    verdict = q4.judge(0.15)
    assert not verdict.ok and "standard error of one mean" in verdict.message


def test_q4_two_single_runs():
    verdict = q4.judge(0.3 * np.sqrt(2))
    assert not verdict.ok and "two single runs" in verdict.message


def test_q4_a_fraction_or_s_itself():
    fraction = q4.judge(0.00212)
    assert not fraction.ok and "as a fraction" in fraction.message
    s = q4.judge(0.3)
    assert not s.ok and "s itself" in s.message


def test_q4_malformed_answers():
    text = q4.judge("0.21")
    assert not text.ok and "a str, not a standard error in points" in text.message
    negative = q4.judge(-0.2)
    assert not negative.ok and "is at least 0" in negative.message
    assert "None" not in negative.message


# --- check() as a student and as the build sees it ---------------------------------------


def test_check_prints_a_note_for_a_student(monkeypatch, capsys):
    monkeypatch.setenv("NNBOOK_STRICT", "0")
    assert q2.check(234_752) is None
    out = capsys.readouterr().out
    assert out.startswith("Not yet: 234,752 counts the weights") and "q2.hint()" in out
    assert q2.check(None) is None
    assert "no answer yet" in capsys.readouterr().out


def test_check_fails_the_build_on_a_wrong_solution(monkeypatch):
    from helpers.exercises import ExerciseFailed

    monkeypatch.setenv("NNBOOK_STRICT", "1")
    with pytest.raises(ExerciseFailed, match="exercise 4"):
        q4.check(0.15)
    assert q4.judge(ch05.SE_DIFF).ok is True


def test_hint_and_solution_name_the_exercise(capsys):
    q3.hint()
    q3.solution()
    out = capsys.readouterr().out
    assert "kernel_initializer out" in out and "Solution to exercise 3" in out


# --- the Chinese edition ------------------------------------------------------------------


def test_q1_in_chinese(chinese, capsys, monkeypatch, printed):
    monkeypatch.setenv("NNBOOK_STRICT", "0")
    verdict = q1.judge(compiled(dense_net(activation="relu")))
    assert not verdict.ok and "你的隐藏层用的是relu；本练习要的是tanh" in verdict.message
    normal = q1.judge(compiled(dense_net(initializer="normal")))
    assert "你的隐藏层用RandomNormal抽取权重" in normal.message
    two = q1.judge(compiled(dense_net(hidden=2)))
    assert "你的模型有2个隐藏的Dense层；本练习要的是1个" in two.message
    uncompiled = q1.judge(dense_net())
    assert "一个编译好的Keras模型" in uncompiled.message
    q1.check(compiled(dense_net(activation="relu")))
    out = printed()
    assert "你的隐藏层用的是relu" in out and "q1.hint()" in out
    q1.hint()
    assert "复制本章的build_mnist_dense函数" in printed()
    q1.check(compiled(dense_net()))
    out = printed()
    assert out.startswith("正确。784-512-10") and "共407,050个参数" in out


def test_q2_in_chinese(chinese, capsys, printed):
    verdict = q2.judge(234_752)
    assert not verdict.ok and "234,752只算了权重，没有算偏置" in verdict.message
    assert "你的计数是100；" in q2.judge(100).message
    dropout = q2.judge(235_146 + 384)
    assert "235,530把Dropout层当成有权重的层来算了" in dropout.message
    text = q2.judge("235146").message
    assert "str" in text and "参数个数" in text and "一个整数" in text
    q2.hint()
    assert "Dropout层一个参数也没有" in printed()
    q2.check(235_146)
    assert printed().startswith("正确。235,146：784 x 256 + 256")


def test_q3_in_chinese(chinese, capsys, mnist_rows, printed):
    x, y = mnist_rows
    narrow = dense_net(64, "relu", "glorot_uniform")
    compiled(narrow).fit(x[:200], y[:200], epochs=1, batch_size=100, verbose=0)
    verdict = q3.judge(narrow)
    assert not verdict.ok and "你的隐藏层是用relu的Dense(64)" in verdict.message
    model = glorot_relu256()
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.SGD(1e-7), metrics=[])
    model.fit(x[:400] * 255, y[:400], epochs=1, batch_size=200, verbose=0)
    low = q3.judge(model)
    acc = f"{ch05._test_accuracy(model):.2%}"
    assert not low.ok and f"2,000张测试图像上的准确率是{acc}" in low.message
    assert "应当超过80%" in low.message
    q3.hint()
    assert "两个Dense层都不写kernel_initializer" in printed()
    right = trained(glorot_relu256(), mnist_rows)
    q3.check(right)
    out = printed()
    acc = f"{ch05._test_accuracy(right):.2%}"
    assert out.startswith(f"正确。用glorot_uniform时，2,000张测试图像的准确率是{acc}")


def test_q4_in_chinese(chinese, capsys, printed):
    verdict = q4.judge(0.15)
    assert not verdict.ok and "0.150个百分点是s / sqrt(n)，即一个均值的标准误" in verdict.message
    assert "0.00212太小了" in q4.judge(0.00212).message
    q4.hint()
    assert "本章比较两个各含n个随机种子的均值时" in printed()
    q4.check(0.212)
    out = printed()
    assert out.startswith("正确。s x sqrt(2 / n) = 0.3 x sqrt(2 / 4) = 0.212个百分点")
    q4.check(None)
    assert "两个各含4个随机种子的均值之差的标准误" in printed()


def test_q4_texts_spell_out_the_figures():
    """The question and the solution's idea are literal templates: they name the
    module's S_POINTS and N_SEEDS as written, so a change of either shows here."""
    assert f"of {ch05.N_SEEDS} seeds each" in q4.asks
    assert f"standard deviation is {ch05.S_POINTS} points" in q4.asks
    assert q4._idea == f"{ch05.S_POINTS} x sqrt(2 / {ch05.N_SEEDS})."
