"""Chapter 04's exercise checks: a right answer, two typical wrong ones and a malformed one each."""

import keras
import numpy as np
import pytest

from helpers.exercises import ExerciseFailed
from helpers.exercises.ch04 import Q3_RIGHT, Q5_RIGHT, q1, q2, q3, q4, q5


def linear_stack(hidden=16, activation=None, seed=0):
    """A tiny stand-in for models['linear']: 784 -> Dense(hidden) -> Dense(10, softmax)."""
    keras.utils.set_random_seed(seed)
    return keras.Sequential(
        [
            keras.Input((784,)),
            keras.layers.Dense(hidden, activation=activation),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def single_layer(W, b):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
    model.layers[0].set_weights([W, b])
    return model


def collapse(stack):
    (W1, b1), (W2, b2) = (layer.get_weights() for layer in stack.layers)
    return W1 @ W2, b1 @ W2 + b2


# --- exercise 1 -----------------------------------------------------------------------


def test_q1_right_count():
    verdict = q1.judge(269_322)
    assert verdict.ok and "(784 x 256 + 256)" in verdict.message


def test_q1_right_count_as_a_float_or_numpy_integer():
    assert q1.judge(269322.0).ok and q1.judge(np.int64(269_322)).ok


@pytest.mark.parametrize(
    "count, says",
    [
        (268_800, "not the biases"),
        (203_530, "one hidden layer of 256"),
        (407_050, "one hidden Dense(512)"),
        (270_000, "678 too many"),
    ],
)
def test_q1_wrong_counts(count, says):
    verdict = q1.judge(count)
    assert not verdict.ok and says in verdict.message


@pytest.mark.parametrize(
    "answer, says", [("269322", "not a parameter count"), (2.5, "whole"), (-3, "negative")]
)
def test_q1_not_an_answer(answer, says):
    verdict = q1.judge(answer)
    assert not verdict.ok and says in verdict.message and "The exercise asks for" in verdict.message


def test_q1_check_raises_in_the_build_and_prints_in_class(monkeypatch, capsys):
    monkeypatch.setenv("NNBOOK_STRICT", "1")
    with pytest.raises(ExerciseFailed, match="not the biases"):
        q1.check(268_800)
    monkeypatch.setenv("NNBOOK_STRICT", "0")
    assert q1.check(268_800) is None
    assert "Not yet" in capsys.readouterr().out
    assert q1.judge(269_322).ok is True


# --- exercise 2 -----------------------------------------------------------------------


def test_q2_right_collapse():
    stack = linear_stack()
    verdict = q2.judge((stack, single_layer(*collapse(stack))))
    assert verdict.ok and "W = W1 W2" in verdict.message


def test_q2_wrong_bias():
    stack = linear_stack()
    (W1, b1), (W2, b2) = (layer.get_weights() for layer in stack.layers)
    stack.layers[0].set_weights([W1, np.full_like(b1, 0.5)])  # a bias that matters
    verdict = q2.judge((stack, single_layer(W1 @ W2, b2)))
    assert not verdict.ok and "b1 @ W2 + b2" in verdict.message


def test_q2_wrong_single_model_with_two_layers():
    stack = linear_stack()
    verdict = q2.judge((stack, linear_stack(seed=1)))
    assert not verdict.ok and "your single model has 2 Dense layers" in verdict.message


def test_q2_wrong_nonlinear_stack():
    stack = linear_stack(activation="relu")
    verdict = q2.judge((stack, single_layer(*collapse(stack))))
    assert not verdict.ok and "relu hidden layer" in verdict.message


@pytest.mark.parametrize("answer", ["models['linear']", 3.0])
def test_q2_not_a_pair(answer):
    verdict = q2.judge(answer)
    assert not verdict.ok and "a pair (stack, single)" in verdict.message


def test_q2_not_a_pair_of_models_or_wrong_inputs():
    stack = linear_stack()
    verdict = q2.judge((stack, "single"))
    assert not verdict.ok and "not a Keras model" in verdict.message
    keras.utils.set_random_seed(0)
    small = keras.Sequential([keras.Input((4,)), keras.layers.Dense(10, activation="softmax")])
    verdict = q2.judge((stack, small))
    assert not verdict.ok and "keras.Input((784,))" in verdict.message


# --- exercise 3 -----------------------------------------------------------------------


def test_q3_right_slope():
    verdict = q3.judge(0.105)
    assert verdict.ok and "at x = 2" in verdict.message
    assert abs(Q3_RIGHT - 0.104994) < 1e-6


def test_q3_right_slope_as_a_one_element_array():
    assert q3.judge(np.array([Q3_RIGHT])).ok


@pytest.mark.parametrize(
    "slope, says",
    [(0.25, "over all inputs, at x = 0"), (0.8808, "value at x = 2"), (0.0025, "smallest")],
)
def test_q3_wrong_slopes(slope, says):
    verdict = q3.judge(slope)
    assert not verdict.ok and says in verdict.message


@pytest.mark.parametrize(
    "answer, says",
    [(np.linspace(0.1, 0.002, 401), "holds 401 numbers"), ("0.105", "not a slope")],
)
def test_q3_not_an_answer(answer, says):
    verdict = q3.judge(answer)
    assert not verdict.ok and says in verdict.message


# --- exercise 4 -----------------------------------------------------------------------

RELU_RMS = [2.1e-3, 2.5e-3, 3.0e-3, 3.5e-3, 4.0e-3, 5.0e-3, 1.0e-2]
SIGMOID_RMS = [7e-7, 4.8e-6, 2.1e-5, 8.6e-5, 3.7e-4, 1.6e-3, 3.5e-2]


def test_q4_right_gradients():
    verdict = q4.judge(np.array(RELU_RMS))
    assert verdict.ok and "only 4.8 times" in verdict.message


@pytest.mark.parametrize(
    "rms, says",
    [
        (RELU_RMS[::-1], "list the layers"),
        (SIGMOID_RMS, "that is how six sigmoid layers shrink it"),
        ([1e-4] * 6 + [3e-2], "300 times"),
    ],
)
def test_q4_wrong_gradients(rms, says):
    verdict = q4.judge(np.array(rms))
    assert not verdict.ok and says in verdict.message


@pytest.mark.parametrize(
    "answer, says",
    [(np.ones(6), "has shape (6,)"), ([0.0] * 7, "positive"), ("small", "not an array")],
)
def test_q4_not_an_answer(answer, says):
    verdict = q4.judge(answer)
    assert not verdict.ok and says in verdict.message


# --- exercise 5 -----------------------------------------------------------------------


def test_q5_right_share():
    verdict = q5.judge(0.00316)
    assert verdict.ok and "a third of a per cent" in verdict.message
    assert abs(Q5_RIGHT - 0.0031623) < 1e-6


@pytest.mark.parametrize("share, says", [(1.0, "Keras 2's"), (10.0, "divides by epsilon itself")])
def test_q5_wrong_shares(share, says):
    verdict = q5.judge(share)
    assert not verdict.ok and says in verdict.message


def test_q5_other_wrong_share_is_written_without_e_notation():
    verdict = q5.judge(3.16e-6)
    assert not verdict.ok and "e-0" not in verdict.message and "10⁻⁶" in verdict.message


@pytest.mark.parametrize("answer, says", [("0.003", "not a share"), (-0.1, "positive share")])
def test_q5_not_an_answer(answer, says):
    verdict = q5.judge(answer)
    assert not verdict.ok and says in verdict.message


def test_no_answer_yet_is_a_reminder_not_a_failure(monkeypatch, capsys):
    monkeypatch.setenv("NNBOOK_STRICT", "1")
    for q in (q1, q2, q3, q4, q5):
        assert q.check(None) is None
    assert capsys.readouterr().out.count("no answer yet") == 5


# --- the Chinese edition --------------------------------------------------------------


def test_q1_in_chinese(chinese, capsys, monkeypatch, printed):
    monkeypatch.setenv("NNBOOK_STRICT", "0")
    verdict = q1.judge(268_800)
    assert not verdict.ok and "只算了权重，没有算偏置" in verdict.message
    assert "268,800" in verdict.message and "522" in verdict.message
    assert "多了678个" in q1.judge(270_000).message
    assert "少了322个" in q1.judge(269_000).message
    text = q1.judge("269322")
    assert "str" in text.message and "参数个数" in text.message and "一个整数" in text.message
    q1.check(268_800)
    out = printed()
    assert "你的计数268,800只算了权重" in out and "q1.hint()" in out
    q1.hint()
    assert "接在m个输入上的Dense(n)层" in printed()
    q1.check(269_322)
    out = printed()
    assert out.startswith("正确。269,322 = (784 x 256 + 256)") and "激活函数不增加参数" in out
    q1.check(None)
    assert "一个整数：这个网络的参数个数" in printed()


def test_q2_in_chinese(chinese, capsys, printed):
    stack = linear_stack()
    verdict = q2.judge((stack, linear_stack(seed=1)))
    assert not verdict.ok and "你的单层模型有2个Dense层" in verdict.message
    relu = q2.judge((linear_stack(activation="relu"), single_layer(*collapse(stack))))
    assert "你的第一个模型有一个relu隐藏层" in relu.message
    keras.utils.set_random_seed(0)
    small = keras.Sequential([keras.Input((4,)), keras.layers.Dense(10, activation="softmax")])
    shaped = q2.judge((stack, small))
    assert "你的第二个（single）模型的输入形状是(None, 4)" in shaped.message
    assert "你的答案是float，不是一对模型" in q2.judge(3.0).message
    q2.hint()
    assert "用layer.get_weights()读出两层的权重" in printed()
    q2.check((stack, single_layer(*collapse(stack))))
    out = printed()
    assert out.startswith("正确。在同样的256个输入上") and "float32的舍入误差" in out


def test_q3_in_chinese(chinese, capsys, printed):
    verdict = q3.judge(0.8808)
    assert not verdict.ok and "0.881是sigmoid在x = 2处的值，不是斜率" in verdict.message
    assert "你的答案有401个数" in q3.judge(np.linspace(0.1, 0.002, 401)).message
    q3.hint()
    assert "`with tf.GradientTape() as tape:`" in printed()
    q3.check(0.105)
    assert printed().startswith("正确。[2, 6]上的最大斜率是0.105，在x = 2处")


def test_q4_in_chinese(chinese, capsys, printed):
    verdict = q4.judge(np.array([1e-4] * 6 + [3e-2]))
    assert not verdict.ok and "你的输出层的梯度是第一个隐藏层的300倍" in verdict.message
    shaped = q4.judge(np.ones(6))
    assert "由7个梯度大小组成的数组" in shaped.message and "(6,)" in shaped.message
    q4.hint()
    assert "平均分类交叉熵" in printed()
    q4.check(np.array(RELU_RMS))
    out = printed()
    assert out.startswith("正确。输出层的梯度只是第一个隐藏层的4.8倍")


def test_q5_in_chinese(chinese, capsys, printed):
    verdict = q5.judge(1.0)
    assert not verdict.ok and "1.000差不多就是整个学习率" in verdict.message
    other = q5.judge(3.16e-6)
    assert "你的比例是3.160 × 10⁻⁶" in other.message and "代入g = 10⁻⁶" in other.message
    q5.hint()
    assert "v稳定下来以后约等于g**2" in printed()
    q5.check(0.00316)
    out = printed()
    assert out.startswith("正确。0.0032：步长是") and "学习率的三百分之一" in out
