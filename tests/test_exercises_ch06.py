"""Chapter 06's exercise checks: a right answer, two typical wrong ones, one malformed input."""

import math

import keras
import numpy as np
import pytest

from helpers.data import load_mnist
from helpers.exercises import ExerciseFailed
from helpers.exercises.ch06 import LABEL, ROW, q1, q2, q3, tanh_row_loss


@pytest.fixture(scope="module")
def images():
    """2,000 training images the checks do not use (they read the first 1,000)."""
    (x, y), _ = load_mnist()
    return x[1000:3000].astype("float32") / 255, y[1000:3000]


def tiny(activation, hidden=32, shape=(28, 28)):
    keras.utils.set_random_seed(0)
    return keras.Sequential(
        [
            keras.Input(shape),
            keras.layers.Flatten(),
            keras.layers.Dense(hidden, activation="relu"),
            keras.layers.Dense(10, activation=activation),
        ]
    )


def trained(model, loss, x, y, epochs=2):
    model.compile(optimizer="adam", loss=loss)
    model.fit(x, y, epochs=epochs, batch_size=32, verbose=0)
    return model


def plus_minus_one(labels):
    return 2 * keras.utils.to_categorical(labels, 10) - 1


# --- exercise 1: the loss of a tanh row --------------------------------------------


def test_q1_the_loss_is_what_keras_computes():
    keras_loss = keras.losses.sparse_categorical_crossentropy(
        np.array([LABEL]), np.array([ROW], dtype="float32")
    )
    assert tanh_row_loss() == pytest.approx(float(keras_loss[0]), abs=1e-5)


def test_q1_right():
    verdict = q1.judge(tanh_row_loss())
    assert verdict.ok and "share" in verdict.message


def test_q1_the_output_itself_is_wrong():
    verdict = q1.judge(-math.log(ROW[LABEL]))
    assert not verdict.ok and "minus the log of the output itself" in verdict.message


def test_q1_the_row_read_as_logits_is_wrong():
    row = np.asarray(ROW)
    as_logits = -(row[LABEL] - np.log(np.exp(row).sum()))
    verdict = q1.judge(float(as_logits))
    assert not verdict.ok and "read as logits" in verdict.message


def test_q1_nan_says_why():
    verdict = q1.judge(float("nan"))
    assert not verdict.ok and "clips every output" in verdict.message


def test_q1_a_string_is_not_an_answer():
    verdict = q1.judge("0.93")
    assert not verdict.ok and "str, not a loss" in verdict.message


def test_q1_check_prints_and_strict_mode_raises_on_a_wrong_answer(monkeypatch, capsys):
    monkeypatch.setenv("NNBOOK_STRICT", "0")
    assert q1.check(0.5) is None
    assert "Not yet" in capsys.readouterr().out
    monkeypatch.setenv("NNBOOK_STRICT", "1")
    with pytest.raises(ExerciseFailed):
        q1.check(0.5)


# --- exercise 2: a model that outputs logits -----------------------------------------


def test_q2_right(images, monkeypatch, capsys):
    x, y = images
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    model = trained(tiny(None), loss, x, y)
    monkeypatch.setenv("NNBOOK_STRICT", "0")
    assert q2.check(model) is None
    assert "Correct" in capsys.readouterr().out


@pytest.mark.filterwarnings("ignore:.*received `from_logits=True`:UserWarning")
def test_q2_a_softmax_output_is_wrong(images):
    x, y = images
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    verdict = q2.judge(trained(tiny("softmax"), loss, x, y, epochs=1))
    assert not verdict.ok and "applies softmax" in verdict.message


def test_q2_logits_read_as_probabilities_are_wrong(images):
    x, y = images
    verdict = q2.judge(trained(tiny(None), "sparse_categorical_crossentropy", x, y, epochs=1))
    assert not verdict.ok and "from_logits=False" in verdict.message


def test_q2_an_untrained_model_is_not_an_answer():
    model = tiny(None)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    verdict = q2.judge(model)
    assert not verdict.ok and "not taken a training step" in verdict.message


# --- exercise 3: tanh with mean squared error ----------------------------------------


def test_q3_right(images):
    x, y = images
    verdict = q3.judge(trained(tiny("tanh"), "mse", x, plus_minus_one(y)))
    assert verdict.ok and "every output gets a gradient" in verdict.message


def test_q3_tanh_with_cross_entropy_is_wrong(images):
    x, y = images
    model = trained(tiny("tanh"), "sparse_categorical_crossentropy", x, y, epochs=1)
    verdict = q3.judge(model)
    assert not verdict.ok and "your loss is sparse_categorical_crossentropy" in verdict.message


def test_q3_another_output_activation_is_wrong(images):
    x, y = images
    verdict = q3.judge(trained(tiny("softmax"), "mse", x, plus_minus_one(y), epochs=1))
    assert not verdict.ok and "keeps tanh" in verdict.message


def test_q3_a_model_for_other_inputs_is_not_an_answer():
    model = trained(
        tiny("tanh", shape=(10,)), "mse", np.zeros((4, 10)), np.zeros((4, 10)), epochs=1
    )
    verdict = q3.judge(model)
    assert not verdict.ok and "28 x 28" in verdict.message


# --- the Chinese edition --------------------------------------------------------------


def test_q1_in_chinese(chinese, capsys, monkeypatch, printed):
    monkeypatch.setenv("NNBOOK_STRICT", "0")
    itself = -math.log(ROW[LABEL])
    verdict = q1.judge(itself)
    assert not verdict.ok
    assert f"你得到的是{itself:.4f}：这是输出本身的对数的相反数" in verdict.message
    assert "你的损失是NaN" in q1.judge(float("nan")).message
    assert "你得到的是0.5000，这不是Keras为这一行计算的损失" in q1.judge(0.5).message
    q1.check(0.5)
    out = printed()
    assert "你得到的是0.5000" in out and "q1.hint()" in out
    q1.hint()
    assert "给出裁剪后的行" in printed()
    q1.check(tanh_row_loss())
    out = printed()
    assert out.startswith(f"正确。损失是{tanh_row_loss():.4f}：四个负的输出被裁剪成epsilon")
    q1.check(None)
    assert "真实类别为4时这一行的损失" in printed()


def test_q2_in_chinese(chinese, capsys, images, printed):
    from helpers.exercises import ch06
    from helpers.formatting import accuracy

    x, y = images
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    probabilities = q2.judge(trained(tiny(None), "sparse_categorical_crossentropy", x, y, epochs=1))
    assert "你的损失用的是from_logits=False" in probabilities.message
    barely = trained(tiny(None), loss, x[:32], y[:32], epochs=1)
    verdict = q2.judge(barely)
    acc = accuracy(ch06._accuracy(ch06._outputs(barely)))
    assert not verdict.ok and f"你的模型在1,000张验证图像上的准确率是{acc}" in verdict.message
    q2.hint()
    assert "给出输出层为线性的本章网络" in printed()
    right = trained(tiny(None), loss, x, y)
    q2.check(right)
    out = printed()
    acc = accuracy(ch06._accuracy(ch06._outputs(right)))
    assert out.startswith("正确。你的模型输出的是logits") and f"准确率是{acc}" in out


def test_q3_in_chinese(chinese, capsys, images, printed):
    from helpers.exercises import ch06
    from helpers.formatting import accuracy

    x, y = images
    cross = q3.judge(trained(tiny("tanh"), "sparse_categorical_crossentropy", x, y, epochs=1))
    assert not cross.ok
    assert "你的损失是sparse_categorical_crossentropy；它把tanh的输出当作概率来读" in cross.message
    softmax = q3.judge(trained(tiny("softmax"), "mse", x[:32], plus_minus_one(y[:32]), epochs=1))
    assert "你的输出层用了softmax；本练习保留tanh" in softmax.message
    q3.hint()
    assert "在标签处为1，其余处都为-1" in printed()
    right = trained(tiny("tanh"), "mse", x, plus_minus_one(y))
    q3.check(right)
    out = printed()
    acc = accuracy(ch06._accuracy(ch06._outputs(right)))
    assert out.startswith(f"正确。你的tanh模型在1,000张验证图像上的准确率是{acc}")
    assert "每个输出都能得到梯度" in out
