"""Chapter 01's exercise checks: a right answer, typical wrong ones and non-answers each."""

import keras
import numpy as np
import pytest

from helpers.exercises import ExerciseFailed
from helpers.exercises.ch01 import FIRST_STEP, q1, q2, q3, q4


def verdict(exercise, answer):
    result = exercise.judge(answer)
    return result.ok, " ".join(result.message.split())


# --- exercise 1: parameters of Flatten + Dense(10) on 28x28 images ---------------------


def test_q1_right_count_and_keras_agree():
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)]
    )
    ok, message = verdict(q1, model.count_params())
    assert ok and "7,850" in message and "one bias per unit" in message


@pytest.mark.parametrize(
    "answer, expected",
    [
        (7840, "the weights alone; each of the 10 units also has a bias"),
        (290, "without Flatten"),
        (794, "one weight per input and unit"),
        (12345, "12,345 is not the count"),
    ],
)
def test_q1_wrong_counts_say_what_was_counted(answer, expected):
    ok, message = verdict(q1, answer)
    assert not ok and expected in message


@pytest.mark.parametrize(
    "answer, expected",
    [
        ("7850", "the text '7850': write the number without quotes"),
        (7850.5, "7850.5, not a whole number"),
        (-3, "is at least 0"),
    ],
)
def test_q1_non_answers(answer, expected):
    ok, message = verdict(q1, answer)
    assert not ok and expected in message and "The exercise asks for" in message


def test_q1_a_model_is_not_its_count():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])
    ok, message = verdict(q1, model)
    assert not ok and "model.count_params()" in message


# --- exercise 2: the loss for a Dense(3) with no activation ----------------------------


def test_q2_sparse_from_logits_is_right():
    ok, message = verdict(q2, keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    assert ok and "from_logits=True" in message


@pytest.mark.parametrize(
    "answer",
    [
        keras.losses.SparseCategoricalCrossentropy(),
        "sparse_categorical_crossentropy",
    ],
    ids=["object", "string"],
)
def test_q2_from_logits_false_reads_logits_as_probabilities(answer):
    ok, message = verdict(q2, answer)
    assert not ok and "reads the three outputs as probabilities" in message
    assert "set `from_logits=True`" in message


def test_q2_one_hot_loss_is_named():
    ok, message = verdict(q2, keras.losses.CategoricalCrossentropy(from_logits=True))
    assert not ok and "expects one-hot labels" in message and "`sparse_`" in message
    ok, message = verdict(q2, "categorical_crossentropy")
    assert not ok and "one-hot labels" in message and "outputs are logits" in message


def test_q2_another_loss_gets_the_numbers():
    ok, message = verdict(q2, "mse")
    assert not ok and "the cross-entropy of those logits is 0.4704" in message


def test_q2_a_one_hot_only_loss_names_the_labels_it_was_given():
    def one_hot_only(y, p):  # squared error, but only on one-hot labels
        if np.ndim(y) != 2:
            raise ValueError("one-hot labels only")
        return np.sum((np.asarray(y) - np.asarray(p)) ** 2, axis=-1)

    ok, message = verdict(q2, one_hot_only)
    assert not ok and message.count("on one-hot labels and three logits") == 1
    assert "labels [1, 0, 2]" not in message


@pytest.mark.parametrize(
    "answer, expected",
    [
        (3, "Your answer, 3, is not a loss"),
        ("nonsense", "'nonsense' is not the name of a Keras loss"),
        (keras.losses.SparseCategoricalCrossentropy, "the class SparseCategoricalCrossentropy"),
        (lambda y, p: 1 / 0, "not a loss for three classes"),
    ],
    ids=["number", "unknown name", "class", "failing function"],
)
def test_q2_non_answers(answer, expected):
    ok, message = verdict(q2, answer)
    assert not ok and expected in message and "The exercise asks for a Keras loss" in message


def test_q2_a_model_is_not_a_loss():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])
    ok, message = verdict(q2, model)
    assert not ok and "Sequential; the exercise asks for the loss" in message


# --- exercise 3: loss and accuracy for one-hot labels ----------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        ("categorical_crossentropy", "categorical_accuracy"),
        (keras.losses.CategoricalCrossentropy(), keras.metrics.CategoricalAccuracy()),
        ("categorical_accuracy", "categorical_crossentropy"),
    ],
    ids=["names", "objects", "swapped"],
)
def test_q3_categorical_pair_is_right(answer):
    ok, message = verdict(q3, answer)
    assert ok and "read one-hot labels" in message


def test_q3_accuracy_string_is_right_and_explained():
    ok, message = verdict(q3, ("categorical_crossentropy", "accuracy"))
    assert ok and 'the string `"accuracy"` becomes `categorical_accuracy`' in message


@pytest.mark.parametrize(
    "answer, expected",
    [
        (("sparse_categorical_crossentropy", "sparse_categorical_accuracy"), "integer labels"),
        (("categorical_crossentropy", "sparse_categorical_accuracy"), "the loss is right"),
        (("categorical_crossentropy", keras.metrics.Accuracy()), "compares the values one"),
        (("mse", "categorical_accuracy"), "`mse` is not the loss"),
    ],
)
def test_q3_wrong_pairs(answer, expected):
    ok, message = verdict(q3, answer)
    assert not ok and expected in message


@pytest.mark.parametrize(
    "answer, expected",
    [
        ("categorical_crossentropy", "is not a pair of names"),
        (("foo", "categorical_accuracy"), "'foo' is not one of the losses"),
        (("categorical_crossentropy", "bar"), "'bar' is not one of the accuracies"),
    ],
)
def test_q3_non_answers(answer, expected):
    ok, message = verdict(q3, answer)
    assert not ok and expected in message and "The exercise asks for a pair" in message


# --- exercise 4: RMSprop's first step -------------------------------------------------


def first_rmsprop_step(**settings):
    weight = keras.Variable([0.0])
    optimizer = keras.optimizers.RMSprop(**settings)
    optimizer.apply_gradients([(np.array([0.5], dtype="float32"), weight)])
    return weight


def test_q4_keras_first_step_is_right():
    weight = first_rmsprop_step()
    ok, message = verdict(q4, abs(weight.numpy()[0]))
    assert ok and "η / √(1 - ρ) ≈ 3.16 η" in message
    ok, message = verdict(q4, weight)  # the variable: the weight's new value
    assert not ok and "the new value of the weight" in message
    assert FIRST_STEP == pytest.approx(0.001 / np.sqrt(0.1), rel=1e-5)


@pytest.mark.parametrize(
    "answer, expected",
    [
        (0.001, "0.001 is η"),
        (0.0005, "plain SGD's step"),
        (-FIRST_STEP, "the new value of the weight"),
        (0.0, "the weight did not move"),
        (0.123, "the weight moved by 0.123 in your run"),
    ],
)
def test_q4_wrong_steps(answer, expected):
    ok, message = verdict(q4, answer)
    assert not ok and expected in message


def test_q4_the_step_in_learning_rates_is_named():
    ok, message = verdict(q4, FIRST_STEP / 0.001)
    assert not ok and "3.162 is the step in learning rates" in message
    assert "set answer to the step itself" in message


def test_q4_another_learning_rate_is_named():
    weight = first_rmsprop_step(learning_rate=0.01)
    ok, message = verdict(q4, abs(weight.numpy()[0]))
    assert not ok and "10 times the step" in message and "default learning rate" in message


@pytest.mark.parametrize(
    "answer, expected",
    [
        ("0.00316", "the text '0.00316'"),
        ([0.1, 0.2], "holds 2 numbers, not one"),
        (float("nan"), "NaN"),
    ],
)
def test_q4_non_answers(answer, expected):
    ok, message = verdict(q4, answer)
    assert not ok and expected in message and "The exercise asks for a number" in message


# --- check(): what a student sees, and the build's strictness ---------------------------


def test_check_prints_and_never_raises_in_a_students_run(monkeypatch, capsys):
    monkeypatch.setenv("NNBOOK_STRICT", "0")
    assert q1.check(7840) is None
    out = capsys.readouterr().out
    assert out.startswith("Not yet:") and "q1.hint()" in out
    assert q1.check(None) is None
    assert "no answer yet" in capsys.readouterr().out
    assert q4.check("soon") is None
    assert "write the number without quotes" in capsys.readouterr().out
    assert q1.check(7850) is None
    assert capsys.readouterr().out.startswith("Correct.")


def test_a_wrong_solution_fails_the_build(monkeypatch):
    monkeypatch.setenv("NNBOOK_STRICT", "1")
    with pytest.raises(ExerciseFailed, match="exercise 3"):
        q3.check(("sparse_categorical_crossentropy", "sparse_categorical_accuracy"))


@pytest.mark.parametrize("exercise", [q1, q2, q3, q4], ids=lambda q: f"q{q.number}")
def test_hint_and_solution_print(exercise, capsys):
    exercise.hint()
    exercise.solution()
    out = capsys.readouterr().out
    assert out.startswith("Hint: ") and f"Solution to exercise {exercise.number}" in out


# --- the Chinese edition: verdicts and hints in Chinese ----------------------------------


@pytest.mark.parametrize(
    "exercise, answer, says, hint",
    [
        (
            q1,
            7840,
            ["7,840是784 × 10，只算了权重", "10个神经元每个还有一个偏置"],
            "Flatten把每张28x28",
        ),
        (
            q2,
            "mse",
            ["这些logits的交叉熵是0.4704", "哪个损失函数先算softmax"],
            "哪种交叉熵接受整数标签",
        ),
        (
            q3,
            ("mse", "categorical_accuracy"),
            ["`mse`不是“多个类别中选一个”的损失函数", "应该用`categorical_crossentropy`"],
            "带`sparse_`的损失函数和准确率接受整数标签",
        ),
        (q4, 0.123, ["在你的运行中，权重移动了0.123", "只调用了一次`apply_gradients`"], "手算的话"),
    ],
    ids=["q1", "q2", "q3", "q4"],
)
def test_chinese_wrong_answer_and_hint(wrong_in_chinese, exercise, answer, says, hint):
    wrong_in_chinese(exercise, answer, says, hint)


def test_chinese_non_answer_names_what_the_exercise_asks_for(chinese):
    ok, message = verdict(q1, "7850")
    assert not ok and message.startswith("你的答案是文本'7850'：请去掉引号")
    assert message.endswith("本练习要的是参数个数（一个整数）。")


def test_chinese_right_answer_is_correct(chinese, capsys, printed):
    q1.check(7850)
    out = printed()
    assert out.startswith("正确。Flatten没有参数") and "共7,850" in out
