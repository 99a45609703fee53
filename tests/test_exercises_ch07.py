"""Chapter 07's exercise checks: a right answer, two typical wrong ones and bad input each."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from helpers.exercises import ch07
from helpers.exercises.ch07 import q1, q2, q3


def network(activation="tanh", units=128, hidden_layers=1, output="softmax", with_input=True):
    """The chapter's network (or a variant of it), seeded, not trained."""
    keras.utils.set_random_seed(0)
    layers = [keras.Input([28, 28])] if with_input else []
    layers.append(keras.layers.Flatten(name="pixels"))
    for i in range(hidden_layers):
        name = "hidden" if i == 0 else f"hidden_{i + 1}"
        layers.append(keras.layers.Dense(units, activation=activation, name=name))
    layers.append(keras.layers.Dense(10, activation=output, name="output"))
    return keras.Sequential(layers)


def trained(model, n=2000, epochs=1, scale=True):
    (x_train, y_train), _ = ch07._fashion()
    x = x_train[:n] if scale else x_train[:n] * 255.0
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", jit_compile=False)
    model.fit(x, y_train[:n], epochs=epochs, verbose=0)
    return model


# --- exercise 1 ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tanh_network():
    return trained(network("tanh"), n=3000, epochs=1)


def test_q1_accepts_the_trained_tanh_network(tanh_network):
    verdict = q1.judge(tanh_network)
    assert verdict.ok, verdict.message
    assert "of the first 1,000 test images" in verdict.message


def test_q1_reads_an_activation_layer_after_a_linear_dense():
    keras.utils.set_random_seed(0)
    split = keras.Sequential(
        [
            keras.Input([28, 28]),
            keras.layers.Flatten(),
            keras.layers.Dense(128),
            keras.layers.Activation("sigmoid"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    verdict = q1.judge(split)
    assert not verdict.ok and "your hidden layer uses sigmoid" in verdict.message
    assert "uses linear" not in verdict.message


def test_q1_names_the_wrong_activation():
    verdict = q1.judge(network("relu"))
    assert not verdict.ok
    assert "your hidden layer uses relu; the exercise asks for tanh" in verdict.message


def test_q1_counts_the_hidden_layers():
    verdict = q1.judge(network("tanh", hidden_layers=2))
    assert not verdict.ok
    assert "your model has 2 hidden Dense layers" in verdict.message


def test_q1_names_the_wrong_width():
    verdict = q1.judge(network("tanh", units=64))
    assert not verdict.ok and "your hidden layer has 64 units" in verdict.message


def test_q1_reports_a_low_accuracy():
    # one step on pixels that were never divided by 255
    model = network("tanh")
    (x_train, y_train), _ = ch07._fashion()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", jit_compile=False)
    model.fit(x_train[:32] * 255.0, y_train[:32], epochs=1, verbose=0)
    verdict = q1.judge(model)
    assert not verdict.ok
    assert "of the first 1,000 test images" in verdict.message
    assert "divided by 255" in verdict.message


def test_q1_turns_away_what_is_not_an_answer():
    untrained = q1.judge(network("tanh"))
    assert not untrained.ok and "not trained yet" in untrained.message
    unbuilt = q1.judge(network("tanh", with_input=False))
    assert not unbuilt.ok and "not built yet" in unbuilt.message
    text = q1.judge("tanh")
    assert not text.ok and "Your answer is a str, not a Keras model" in text.message


# --- exercise 2 ---------------------------------------------------------------------------


def count_dead_units(model, images):
    hidden = keras.Model(model.inputs, model.get_layer("hidden").output)
    activity = np.asarray(hidden.predict(images, verbose=0))
    return int(np.sum(activity.max(axis=0) == 0))


def count_zero_anywhere(model, images):
    """A typical slip: a unit that is 0 on some image counted as dead."""
    hidden = keras.Model(model.inputs, model.get_layer("hidden").output)
    activity = np.asarray(hidden.predict(images, verbose=0))
    return int(np.sum(activity.min(axis=0) == 0))


def count_alive(model, images):
    return model.get_layer("hidden").units - count_dead_units(model, images)


def test_q2_accepts_a_right_counter():
    verdict = q2.judge(count_dead_units)
    assert verdict.ok, verdict.message
    assert "finds the 3 dead units" in verdict.message


def test_q2_explains_zero_on_some_images():
    verdict = q2.judge(count_zero_anywhere)
    assert not verdict.ok
    assert "your function returns 6" in verdict.message
    assert "zero on only some images" in verdict.message


def test_q2_explains_counting_the_live_units():
    verdict = q2.judge(count_alive)
    assert not verdict.ok
    assert "counts the units that are alive" in verdict.message


def test_q2_turns_away_what_is_not_an_answer():
    called = q2.judge(3)
    assert not called.ok and "not a function" in called.message
    broken = q2.judge(lambda model, images: model.get_layer("nope"))
    assert not broken.ok and "raised an error" in broken.message
    text_back = q2.judge(lambda model, images: "three")
    assert not text_back.ok and "returned a str" in text_back.message


# --- exercise 3 ---------------------------------------------------------------------------


def test_q3_accepts_the_tanh_norms():
    verdict = q3.judge(ch07._deep_norms("tanh"))
    assert verdict.ok, verdict.message
    assert "four times sigmoid's" in verdict.message


def test_q3_recognises_the_sigmoid_norms():
    verdict = q3.judge(list(ch07._reference_norms("sigmoid")))
    assert not verdict.ok
    assert "these are the sigmoid network's norms; the exercise asks for tanh" in verdict.message


def test_q3_counts_the_layers_and_their_order():
    tanh = list(ch07._reference_norms("tanh"))
    short = q3.judge(tanh[:-1])
    assert not short.ok and "your list has 10 norms" in short.message
    backwards = q3.judge(tanh[::-1])
    assert not backwards.ok and "from the output layer back" in backwards.message


def test_q3_says_what_differs_in_another_measurement():
    tanh = np.array(ch07._reference_norms("tanh"))
    verdict = q3.judge(tanh * np.linspace(1.5, 2.5, len(tanh)))
    assert not verdict.ok and "set_random_seed(0)" in verdict.message


def test_q3_names_a_constant_factor_and_whole_kernel_norms():
    tanh = np.array(ch07._reference_norms("tanh"))
    summed = q3.judge(512 * tanh)
    assert not summed.ok and "your norms are all 512 times the reference" in summed.message
    assert "average the loss over the batch" in summed.message
    whole = q3.judge(tanh * np.sqrt(ch07.KERNEL_SIZES))
    assert not whole.ok and "norms of the whole kernels" in whole.message


def test_q3_turns_away_what_is_not_an_answer():
    text = q3.judge("small")
    assert not text.ok and "not an array of gradient sizes" in text.message
    assert "Your answer is a str" in text.message
    matrix = q3.judge(np.ones((11, 2)))
    assert not matrix.ok and "has shape (11, 2)" in matrix.message
    negative = q3.judge([-1.0] * 11)
    assert not negative.ok and "zero, negative or not finite" in negative.message


# --- what a student sees --------------------------------------------------------------------


def test_check_prints_a_note_in_a_students_run(monkeypatch, capsys):
    monkeypatch.setenv("NNBOOK_STRICT", "0")
    assert q2.check(count_zero_anywhere) is None
    out = capsys.readouterr().out
    assert out.startswith("Not yet: ") and "q2.hint()" in out
    assert q2.check(None) is None
    assert "no answer yet" in capsys.readouterr().out


def test_hint_and_solution_print(capsys):
    q3.hint()
    q3.solution()
    out = capsys.readouterr().out
    assert out.startswith("Hint: ") and "Solution to exercise 3" in out


# --- the Chinese edition ----------------------------------------------------------------


def test_q1_in_chinese(chinese, capsys, monkeypatch, tanh_network, printed):
    from helpers.formatting import accuracy

    monkeypatch.setenv("NNBOOK_STRICT", "0")
    verdict = q1.judge(network("relu"))
    assert not verdict.ok and "你的隐藏层用的是relu；本练习要的是tanh" in verdict.message
    narrow = q1.judge(network("tanh", units=64))
    assert "你的隐藏层有64个神经元；本章的有128个" in narrow.message
    deep = q1.judge(network("tanh", hidden_layers=2))
    assert "你的模型有2个隐藏的Dense层" in deep.message
    q1.check(network("relu"))
    out = printed()
    assert "你的隐藏层用的是relu" in out and "q1.hint()" in out
    q1.hint()
    assert '从本章复制build_fashion_mlp并传入activation="tanh"' in printed()
    q1.check(tanh_network)
    out = printed()
    (_, _), (x_test, y_test) = ch07._fashion()
    predicted = np.argmax(np.asarray(tanh_network(x_test[:1000], training=False)), axis=1)
    acc = accuracy(float(np.mean(predicted == y_test[:1000])))
    assert out.startswith(f"正确。你的tanh网络在前1,000张测试图像上的准确率是{acc}")


def test_q2_in_chinese(chinese, capsys, printed):
    verdict = q2.judge(count_zero_anywhere)
    assert not verdict.ok
    assert "在一个隐藏层有8个神经元、其中3个死亡的测试网络上，你的函数返回6" in verdict.message
    assert "它把只在部分图像上为零的神经元也算进去了" in verdict.message
    assert "它数的是活着的神经元" in q2.judge(count_alive).message
    assert "你的答案是int，不是函数" in q2.judge(3).message
    q2.hint()
    assert "给出隐藏层的输出" in printed()
    q2.check(count_dead_units)
    assert printed().startswith("正确。你的函数找到了测试网络中的3个死亡神经元")
    q2.check(None)
    assert "一个返回数字的函数count_dead_units(model, images)" in printed()


def test_q3_in_chinese(chinese, capsys, printed):
    tanh = np.array(ch07._reference_norms("tanh"))
    short = q3.judge(list(tanh[:-1]))
    assert not short.ok
    assert "你的列表有10个范数；深层网络有11个Dense层（10个隐藏层和输出层）" in short.message
    summed = q3.judge(512 * tanh)
    assert "你的范数都是参考值的512倍" in summed.message
    sigmoid = q3.judge(list(ch07._reference_norms("sigmoid")))
    assert "这些是sigmoid网络的范数；本练习要的是tanh" in sigmoid.message
    q3.hint()
    assert "用keras.utils.set_random_seed(0)设定随机种子" in printed()
    q3.check(list(tanh))
    out = printed()
    ratio = f"{tanh[0] / tanh[-2]:,.2f}"
    assert out.startswith("正确。按每个权重计，传到tanh网络第一层的梯度")
    assert f"是其最后一个隐藏层的{ratio}倍" in out


def test_q3_question_spells_out_the_depth():
    """The question is a literal template: it names DEEP_DEPTH + 1 as written."""
    assert q3.asks.startswith(f"a list of {ch07.DEEP_DEPTH + 1} gradient sizes")
