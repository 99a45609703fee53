"""What the five original tutorials reported, quoted with their source.

The book keeps the experiments of five published tutorials (see the page "The
originals and this book"). Each figure one of them printed is typed here once,
exactly as printed, with the file and line of the copy the book was planned
from (``originals/<file>.md:<line>``). A chapter that re-runs the experiment
calls :func:`beside` with its own result: it glues the quoted figure and the
difference, and the chapter then asserts its verdict ("within ... points",
"differs: ...") against its own run.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.glue import glue, plain_number


@dataclass(frozen=True)
class Reported:
    """One figure an original printed.

    ``printed`` is the text as it stands at ``source`` (``file.md:line``);
    ``value`` is that text as a number; ``what`` says what it measures.
    """

    value: float
    printed: str
    source: str
    what: str


_000 = "000_output_activations_sgd_adam.md"
_001 = "001_exploring_activation_functions.md"
_002 = "002_keras_six_steps_iris.md"
_003 = "003_mnist_mlp.md"
_004 = "004_relu_vs_sigmoid_fashion.md"

#: Every reported figure the book sets beside its own, by glue key.
REPORTED: dict[str, Reported] = {
    # 000: output activations with SGD (TensorFlow 2.3.1, Keras 2.4.0), chapter 06
    "orig000_softmax_sgd_val_acc": Reported(
        0.9800, "0.9800", f"{_000}:58", "softmax output, SGD, validation accuracy after 30 epochs"
    ),
    "orig000_sigmoid_sgd_val_acc": Reported(
        0.9796, "0.9796", f"{_000}:60", "sigmoid output, SGD, validation accuracy after 30 epochs"
    ),
    "orig000_tanh_sgd_val_acc": Reported(
        0.0958, "0.0958", f"{_000}:62", "tanh output, SGD, validation accuracy after 30 epochs"
    ),
    "orig000_tanh_sgd_train_acc": Reported(
        0.0990, "0.0990", f"{_000}:62", "tanh output, SGD, training accuracy after 30 epochs"
    ),
    "orig000_tanh_sgd_loss": Reported(
        3.8495, "3.8495", f"{_000}:62", "tanh output, SGD, training loss after 30 epochs"
    ),
    "orig000_tanh_sgd_val_loss": Reported(
        3.7865, "3.7865", f"{_000}:62", "tanh output, SGD, validation loss after 30 epochs"
    ),
    "orig000_sigmoid_sgd_top_0": Reported(
        0.47, "0.47", f"{_000}:67", "sigmoid output, SGD, largest output for test image 0"
    ),
    "orig000_sigmoid_sgd_top_1": Reported(
        0.73, "0.73", f"{_000}:68", "sigmoid output, SGD, largest output for test image 1"
    ),
    "orig000_sigmoid_sgd_top_2": Reported(
        0.26, "0.26", f"{_000}:69", "sigmoid output, SGD, largest output for test image 2"
    ),
    "orig000_softmax_sgd_train_acc": Reported(
        0.9936, "0.9936", f"{_000}:58", "softmax output, SGD, training accuracy after 30 epochs"
    ),
    "orig000_softmax_sgd_loss": Reported(
        0.0278, "0.0278", f"{_000}:58", "softmax output, SGD, training loss after 30 epochs"
    ),
    "orig000_softmax_sgd_val_loss": Reported(
        0.0706, "0.0706", f"{_000}:58", "softmax output, SGD, validation loss after 30 epochs"
    ),
    "orig000_sigmoid_sgd_train_acc": Reported(
        0.9926, "0.9926", f"{_000}:60", "sigmoid output, SGD, training accuracy after 30 epochs"
    ),
    "orig000_sigmoid_sgd_loss": Reported(
        0.0317, "0.0317", f"{_000}:60", "sigmoid output, SGD, training loss after 30 epochs"
    ),
    "orig000_sigmoid_sgd_val_loss": Reported(
        0.0712, "0.0712", f"{_000}:60", "sigmoid output, SGD, validation loss after 30 epochs"
    ),
    # the rows of `predict(X_test[:3]).round(2)`: the largest value of each row (softmax,
    # sigmoid) and the two values of the tanh row, which is the same for all three images
    "orig000_softmax_sgd_top_0": Reported(
        1.0, "1.", f"{_000}:78", "softmax output, SGD, largest output for test image 0"
    ),
    "orig000_softmax_sgd_top_1": Reported(
        1.0, "1.", f"{_000}:79", "softmax output, SGD, largest output for test image 1"
    ),
    "orig000_softmax_sgd_top_2": Reported(
        1.0, "1.", f"{_000}:80", "softmax output, SGD, largest output for test image 2"
    ),
    "orig000_tanh_sgd_row_max": Reported(
        1.0, "1.", f"{_000}:88", "tanh output, SGD, test image 0: nine outputs at 1"
    ),
    "orig000_tanh_sgd_row_min": Reported(
        -1.0, "-1.", f"{_000}:88", "tanh output, SGD, test image 0: one output at -1 (class 3)"
    ),
    "orig000_sigmoid_adam_top_0": Reported(
        1.0, "1.", f"{_000}:110", "sigmoid output, Adam, largest output for test image 0"
    ),
    "orig000_sigmoid_adam_top_1": Reported(
        1.0, "1.", f"{_000}:111", "sigmoid output, Adam, largest output for test image 1"
    ),
    "orig000_sigmoid_adam_top_2": Reported(
        1.0, "1.", f"{_000}:112", "sigmoid output, Adam, largest output for test image 2"
    ),
    "orig000_softmax_adam_top_0": Reported(
        1.0, "1.", f"{_000}:126", "softmax output, Adam, largest output for test image 0"
    ),
    "orig000_softmax_adam_top_1": Reported(
        1.0, "1.", f"{_000}:127", "softmax output, Adam, largest output for test image 1"
    ),
    "orig000_softmax_adam_top_2": Reported(
        1.0, "1.", f"{_000}:128", "softmax output, Adam, largest output for test image 2"
    ),
    "orig000_tanh_adam_row_max": Reported(
        1.0, "1.", f"{_000}:142", "tanh output, Adam, test image 0: nine outputs at 1"
    ),
    "orig000_tanh_adam_row_min": Reported(
        -1.0, "-1.", f"{_000}:142", "tanh output, Adam, test image 0: one output at -1 (class 3)"
    ),
    # 001: linear or nonlinear hidden layers, chapter 04 (standalone Keras 2; RMSprop per the
    # author's notebook, as originals/README.md records)
    "orig001_linear_test_acc": Reported(
        0.918, "0.918", f"{_001}:62", "one hidden Dense(512), no activation, test accuracy"
    ),
    "orig001_sigmoid_test_acc": Reported(
        0.967, "0.967", f"{_001}:99", "one hidden Dense(512), sigmoid, test accuracy"
    ),
    "orig001_tanh_test_acc": Reported(
        0.978, "0.978", f"{_001}:228", "one hidden Dense(512), tanh, test accuracy"
    ),
    "orig001_relu_test_acc": Reported(
        0.982, "0.982", f"{_001}:257", "one hidden Dense(512), relu, test accuracy"
    ),
    "orig001_deep_linear_test_acc": Reported(
        0.877, "0.877", f"{_001}:162", "six hidden Dense(512), no activation, test accuracy"
    ),
    "orig001_deep_sigmoid_test_acc": Reported(
        0.955, "0.955", f"{_001}:185", "six hidden Dense(512), sigmoid, test accuracy"
    ),
    "orig001_deep_sigmoid_val_acc_1": Reported(
        0.8949, "0.8949", f"{_001}:174", "six sigmoid layers, validation accuracy, epoch 1"
    ),
    "orig001_deep_sigmoid_val_acc_2": Reported(
        0.9264, "0.9264", f"{_001}:176", "six sigmoid layers, validation accuracy, epoch 2"
    ),
    "orig001_deep_sigmoid_val_acc_3": Reported(
        0.9408, "0.9408", f"{_001}:178", "six sigmoid layers, validation accuracy, epoch 3"
    ),
    "orig001_deep_sigmoid_val_acc_4": Reported(
        0.9282, "0.9282", f"{_001}:180", "six sigmoid layers, validation accuracy, epoch 4"
    ),
    "orig001_deep_sigmoid_val_acc_5": Reported(
        0.9548, "0.9548", f"{_001}:182", "six sigmoid layers, validation accuracy, epoch 5"
    ),
    # 001's test losses after 5 epochs, as the post prints them (its author's notebook
    # prints round(score[0], 3) of evaluate on the test images)
    "orig001_linear_test_loss": Reported(
        0.299, "0.299", f"{_001}:61", "one hidden Dense(512), no activation, test loss"
    ),
    "orig001_sigmoid_test_loss": Reported(
        0.113, "0.113", f"{_001}:98", "one hidden Dense(512), sigmoid, test loss"
    ),
    "orig001_tanh_test_loss": Reported(
        0.073, "0.073", f"{_001}:227", "one hidden Dense(512), tanh, test loss"
    ),
    "orig001_relu_test_loss": Reported(
        0.064, "0.064", f"{_001}:256", "one hidden Dense(512), relu, test loss"
    ),
    "orig001_deep_linear_test_loss": Reported(
        0.416, "0.416", f"{_001}:161", "six hidden Dense(512), no activation, test loss"
    ),
    "orig001_deep_sigmoid_test_loss": Reported(
        0.15, "0.15", f"{_001}:184", "six hidden Dense(512), sigmoid, test loss"
    ),
    "orig001_params_one": Reported(
        407050, "407,050", f"{_001}:41", "parameters, one hidden Dense(512)"
    ),
    "orig001_params_six": Reported(
        1720330, "1,720,330", f"{_001}:139", "parameters, six hidden Dense(512)"
    ),
    # 002: the six steps and iris (TensorFlow 2.0 era), chapters 01-03
    "orig002_iris_params": Reported(15, "15", f"{_002}:330", "parameters of the iris model"),
    "orig002_iris_val_acc": Reported(
        0.9333,
        "0.9333",
        f"{_002}:323",
        "iris, Sequential, validation accuracy at epoch 100 (30 flowers)",
    ),
    "orig002_iris_val_acc_20": Reported(
        0.8,
        "0.8000",
        f"{_002}:163",
        "iris, Sequential, validation accuracy at epoch 20 (30 flowers)",
    ),
    "orig002_iris_val_acc_40": Reported(
        0.9667,
        "0.9667",
        f"{_002}:203",
        "iris, Sequential, validation accuracy at epoch 40 (30 flowers)",
    ),
    "orig002_iris_val_acc_60": Reported(
        0.7667,
        "0.7667",
        f"{_002}:243",
        "iris, Sequential, validation accuracy at epoch 60 (30 flowers)",
    ),
    "orig002_iris_val_acc_80": Reported(
        1.0,
        "1.0000",
        f"{_002}:283",
        "iris, Sequential, validation accuracy at epoch 80 (30 flowers)",
    ),
    # 002's tf.nn.sigmoid and tf.nn.softmax of its two example logit vectors, chapter 03
    "orig002_two_sigmoid_0": Reported(
        0.28051132, "0.28051132", f"{_002}:399", "tf.nn.sigmoid of the two example logits, output 0"
    ),
    "orig002_two_sigmoid_1": Reported(
        0.8747961, "0.8747961", f"{_002}:399", "tf.nn.sigmoid of the two example logits, output 1"
    ),
    "orig002_two_softmax_0": Reported(
        0.05285128, "0.05285128", f"{_002}:400", "tf.nn.softmax of the two example logits, output 0"
    ),
    "orig002_two_softmax_1": Reported(
        0.9471487, "0.9471487", f"{_002}:400", "tf.nn.softmax of the two example logits, output 1"
    ),
    "orig002_four_sigmoid_0": Reported(
        0.2890505, "0.2890505", f"{_002}:416", "tf.nn.sigmoid of the four example logits, output 0"
    ),
    "orig002_four_sigmoid_1": Reported(
        0.8698916, "0.8698916", f"{_002}:416", "tf.nn.sigmoid of the four example logits, output 1"
    ),
    "orig002_four_sigmoid_2": Reported(
        0.5744425, "0.5744425", f"{_002}:416", "tf.nn.sigmoid of the four example logits, output 2"
    ),
    "orig002_four_sigmoid_3": Reported(
        0.81757444,
        "0.81757444",
        f"{_002}:416",
        "tf.nn.sigmoid of the four example logits, output 3",
    ),
    "orig002_four_softmax_0": Reported(
        0.03145847,
        "0.03145847",
        f"{_002}:417",
        "tf.nn.softmax of the four example logits, output 0",
    ),
    "orig002_four_softmax_1": Reported(
        0.51732343,
        "0.51732343",
        f"{_002}:417",
        "tf.nn.softmax of the four example logits, output 1",
    ),
    "orig002_four_softmax_2": Reported(
        0.10444581,
        "0.10444581",
        f"{_002}:417",
        "tf.nn.softmax of the four example logits, output 2",
    ),
    "orig002_four_softmax_3": Reported(
        0.34677225,
        "0.34677225",
        f"{_002}:417",
        "tf.nn.softmax of the four example logits, output 3",
    ),
    # 003: width, activation and initializer (Keras 2 era), chapter 05; test
    # accuracy as `evaluate` printed it (the summary table gives slightly different figures)
    "orig003_relu256_test_acc": Reported(
        0.9757999777793884, "0.9757999777793884", f"{_003}:225", "relu, 256 units, test accuracy"
    ),
    "orig003_relu1000_test_acc": Reported(
        0.9797999858856201, "0.9797999858856201", f"{_003}:270", "relu, 1000 units, test accuracy"
    ),
    "orig003_sigmoid256_test_acc": Reported(
        0.9645000100135803,
        "0.9645000100135803",
        f"{_003}:316",
        "sigmoid, 256 units, test accuracy",
    ),
    "orig003_tanh256_test_acc": Reported(
        0.9753999710083008, "0.9753999710083008", f"{_003}:347", "tanh, 256 units, test accuracy"
    ),
    "orig003_elu256_test_acc": Reported(
        0.9749000072479248, "0.9749000072479248", f"{_003}:376", "elu, 256 units, test accuracy"
    ),
    "orig003_init_normal_test_acc": Reported(
        0.9760, "0.9760", f"{_003}:179", "relu 256, 'normal' initializer (summary table)"
    ),
    "orig003_init_uniform_test_acc": Reported(
        0.9778, "0.9778", f"{_003}:180", "relu 256, 'random_uniform' initializer (summary table)"
    ),
    # the first run's evaluate: the code above it asks for 1000 units, but its log (lines
    # 122-142) is the relu 256 run's (lines 199-219) within 0.0007; chapter 05 says so
    "orig003_first_test_acc": Reported(
        0.9760000109672546,
        "0.9760000109672546",
        f"{_003}:151",
        "the first run printed (a relu 256 run by its log), test accuracy",
    ),
    # the test losses `evaluate` printed above each of those accuracies
    "orig003_first_test_loss": Reported(
        0.07567812022235794,
        "0.07567812022235794",
        f"{_003}:150",
        "the first run printed (a relu 256 run by its log), test loss",
    ),
    "orig003_relu256_test_loss": Reported(
        0.07602789112742801, "0.07602789112742801", f"{_003}:224", "relu, 256 units, test loss"
    ),
    "orig003_relu1000_test_loss": Reported(
        0.06873653566057918, "0.06873653566057918", f"{_003}:269", "relu, 1000 units, test loss"
    ),
    "orig003_sigmoid256_test_loss": Reported(
        0.11642538407448501,
        "0.11642538407448501",
        f"{_003}:315",
        "sigmoid, 256 units, test loss",
    ),
    "orig003_tanh256_test_loss": Reported(
        0.08017727720420531, "0.08017727720420531", f"{_003}:346", "tanh, 256 units, test loss"
    ),
    "orig003_elu256_test_loss": Reported(
        0.07968259554752871,
        "0.07968259554752871",
        f"{_003}:375",
        "elu (written 'rlu'), 256 units, test loss",
    ),
    # the summary table "实验参数" (lines 170-180), rounded to four decimals
    "orig003_table_relu256_test_acc": Reported(
        0.9760, "0.9760", f"{_003}:173", "relu, 256 units, test accuracy (summary table)"
    ),
    "orig003_table_relu1000_test_acc": Reported(
        0.9801, "0.9801", f"{_003}:174", "relu, 1000 units, test accuracy (summary table)"
    ),
    "orig003_table_sigmoid256_test_acc": Reported(
        0.9645, "0.9645", f"{_003}:175", "sigmoid, 256 units, test accuracy (summary table)"
    ),
    "orig003_table_tanh256_test_acc": Reported(
        0.9753, "0.9753", f"{_003}:176", "tanh, 256 units, test accuracy (summary table)"
    ),
    "orig003_table_elu256_test_acc": Reported(
        0.9749,
        "0.9749",
        f"{_003}:177",
        "elu (written 'rlu'), 256 units, test accuracy (summary table)",
    ),
    "orig003_params_256": Reported(203530, "203,530", f"{_003}:194", "parameters, 256 units"),
    "orig003_params_1000": Reported(795010, "795,010", f"{_003}:82", "parameters, 1000 units"),
    # 004: ReLU or sigmoid on Fashion-MNIST (tf.keras 2.x), chapter 07
    "orig004_relu_test_acc": Reported(
        0.875, "0.875", f"{_004}:150", "relu hidden layer, test accuracy after 5 epochs"
    ),
    "orig004_sigmoid_test_acc": Reported(
        0.872, "0.872", f"{_004}:150", "sigmoid hidden layer, test accuracy after 5 epochs"
    ),
}


def reported(key: str) -> float:
    """The figure an original printed under ``key`` (see :data:`REPORTED`)."""
    try:
        return REPORTED[key].value
    except KeyError:
        raise KeyError(
            f"no reported figure {key!r}; the keys are: {', '.join(sorted(REPORTED))}"
        ) from None


def beside(key: str, book_value) -> float:
    """Set the book's result beside the figure an original reported.

    Glues the quoted figure under ``key``, ``book_value - quoted`` under
    ``key + "_diff"`` and the same difference in percentage points (times
    100, for accuracies; see :mod:`helpers.formatting`) under
    ``key + "_diff_points"``, and returns the difference, for the chapter's
    check of its verdict.
    """
    quoted = reported(key)
    book = plain_number(book_value)  # a clear TypeError for anything but a number
    glue(key, quoted)
    glue(f"{key}_diff_points", round((book - quoted) * 100, 10))
    return glue(f"{key}_diff", book - quoted)
