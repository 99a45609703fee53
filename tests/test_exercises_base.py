"""helpers.exercises: the check judges the student's own answer and never shows a traceback."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from helpers.exercises import (
    Exercise,
    ExerciseFailed,
    NotAnAnswer,
    activation_name,
    correct,
    dense_layers,
    need_array,
    need_model,
    need_number,
    wrong,
)
from helpers.i18n import set_language


def judge_accuracy(answer):
    value = need_number(answer, low=0, high=1, what="accuracy")
    if value < 0.9:
        return wrong(f"accuracy {value:.2f}: the exercise asks for a net above 0.90.")
    return correct("a hidden layer lets the net pass 0.90.")


def judge_crash(answer):
    raise RuntimeError("deep inside Keras")


EX = Exercise(1, "an accuracy between 0 and 1", judge_accuracy, "Add a layer.", "Add a layer.")


@pytest.fixture
def student(monkeypatch):
    monkeypatch.setenv("NNBOOK_STRICT", "0")


def test_a_right_answer_is_correct_with_its_why(student, capsys):
    assert EX.check(0.95) is None
    assert capsys.readouterr().out.startswith("Correct. a hidden layer")


def test_a_wrong_answer_says_what_is_wrong_and_offers_a_hint(student, capsys):
    assert EX.check(0.62) is None
    out = capsys.readouterr().out
    assert "Not yet: accuracy 0.62" in out and "q1.hint()" in out


def test_no_answer_yet_is_a_reminder_not_an_error(monkeypatch, capsys):
    monkeypatch.setenv("NNBOOK_STRICT", "1")  # even in the build
    assert EX.check(None) is None
    assert "no answer yet: set `answer`" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["0.9", [0.9, 0.8], float("nan"), 3.0])
def test_malformed_input_gets_a_clear_message(student, bad):
    verdict = EX.judge(bad)
    assert not verdict.ok
    assert "The exercise asks for an accuracy between 0 and 1." in verdict.message


def test_a_crash_inside_the_judge_is_reported_not_raised(student):
    ex = Exercise(2, "a model", judge_crash, "h", "i")
    verdict = ex.judge(object())
    assert not verdict.ok and "RuntimeError: deep inside Keras" in verdict.message


def test_in_the_build_a_wrong_solution_fails(monkeypatch):
    monkeypatch.setenv("NNBOOK_STRICT", "1")
    with pytest.raises(ExerciseFailed, match="exercise 1: accuracy 0.62"):
        EX.check(0.62)


def test_hint_and_solution_print(capsys):
    EX.hint()
    EX.solution()
    out = capsys.readouterr().out
    assert out.startswith("Hint: Add a layer.")
    assert "'Solution to exercise 1'" in out


def test_a_judge_must_return_a_verdict():
    with pytest.raises(TypeError, match="not a Verdict"):
        Exercise(3, "x", lambda a: True, "h", "i").judge(1)


def test_need_model_says_what_state_is_missing():
    with pytest.raises(NotAnAnswer, match="not a Keras model"):
        need_model("model")
    unbuilt = keras.Sequential([keras.layers.Dense(3)])
    with pytest.raises(NotAnAnswer, match="not built yet"):
        need_model(unbuilt)
    built = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    assert need_model(built) is built
    with pytest.raises(NotAnAnswer, match="not compiled yet"):
        need_model(built, compiled=True)
    built.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    with pytest.raises(NotAnAnswer, match="not taken a training step"):
        need_model(built, trained=True)
    built.fit(np.zeros((4, 4)), np.zeros(4), epochs=1, verbose=0)
    assert need_model(built, trained=True) is built
    assert [activation_name(layer) for layer in dense_layers(built)] == ["softmax"]


def test_need_array_checks_the_shape():
    assert need_array([[1, 2, 3]], shape=(None, 3)).shape == (1, 3)
    with pytest.raises(NotAnAnswer, match=r"has shape \(3,\); the exercise needs \(any, 3\)"):
        need_array([1, 2, 3], shape=(None, 3))
    with pytest.raises(NotAnAnswer, match="not an array"):
        need_array("abc")


# --- the Chinese edition: the shared messages in Chinese ---------------------------------


@pytest.fixture
def chinese(student):
    set_language("zh_CN")
    yield
    set_language("en")


def test_chinese_no_answer_yet_and_hint_prefix(chinese, capsys):
    EX.check(None)
    out = capsys.readouterr().out.replace("\n", "")  # Chinese wraps between any two characters
    assert out.startswith("练习1：还没有答案：请在上面的单元格里把`answer`设为")
    assert out.endswith("运行它，然后再运行这个检查。")
    EX.hint()
    assert capsys.readouterr().out.startswith("提示：Add a layer.")
    EX.check(0.62)
    out = capsys.readouterr().out.replace("\n", "")
    assert out.startswith("还不对：accuracy 0.62") and out.endswith(
        "需要提示的话，请运行q1.hint()。"
    )
    EX.check(0.95)
    assert capsys.readouterr().out.startswith("正确。")
