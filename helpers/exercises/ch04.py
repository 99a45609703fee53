"""The exercises of chapter 04 (Linear or nonlinear hidden layers), judged on the student's answer.

- ``q1``: the parameter count of a 784-256-256-10 network, worked out by hand;
- ``q2``: the one-hidden-layer linear model multiplied out into one ``Dense(10)``;
- ``q3``: the largest slope of the sigmoid on [2, 6], by ``tf.GradientTape``;
- ``q4``: the gradient reaching each layer of the untrained six-relu network;
- ``q5``: Keras 3's RMSprop step for a tiny gradient, as a share of the learning rate.

See :mod:`helpers.exercises` for how a check, a hint and a solution work.
"""

from __future__ import annotations

import math

import numpy as np

from helpers.exercises import (
    ARRAY,
    Exercise,
    NotAnAnswer,
    activation_name,
    correct,
    dense_layers,
    need_array,
    need_model,
    need_number,
    wrong,
)
from helpers.formatting import magnitude, number
from helpers.i18n import N_, tr

# --- exercise 1: parameters of 784 -> Dense(256) -> Dense(256) -> Dense(10) ----------

Q1_LAYERS = [(784, 256), (256, 256), (256, 10)]
Q1_WEIGHTS = sum(m * n for m, n in Q1_LAYERS)  # 268,800
Q1_BIASES = sum(n for _, n in Q1_LAYERS)  # 522
Q1_RIGHT = Q1_WEIGHTS + Q1_BIASES  # 269,322


def judge_q1(answer):
    count = need_number(answer, what=N_("parameter count"))
    if count < 0:
        raise NotAnAnswer(
            tr(
                "Your count {count} is negative; a count of parameters is not.",
                count=f"{count:g}",
            )
        )
    if count != int(count):
        raise NotAnAnswer(tr("Your count {count} is not a whole number.", count=f"{count:g}"))
    count = int(count)
    if count == Q1_RIGHT:
        return correct(
            tr(
                "{right} = (784 x 256 + 256) + (256 x 256 + 256) + (256 x 10 + 10): "
                "each Dense layer has one weight per input and unit and one bias per "
                "unit; the activations add none.",
                right=f"{Q1_RIGHT:,}",
            )
        )
    if count == Q1_WEIGHTS:
        return wrong(
            tr(
                "your count {count} has the weights but not the biases: each Dense "
                "layer adds one bias per unit, {biases} in all here.",
                count=f"{count:,}",
                biases=Q1_BIASES,
            )
        )
    if count == 784 * 256 + 256 + 256 * 10 + 10:
        return wrong(
            tr(
                "{count} is the count for one hidden layer of 256 units; the exercise's "
                "network has two, so add the 256 x 256 weights and 256 biases between them.",
                count=f"{count:,}",
            )
        )
    if count == 407_050:
        return wrong(
            tr(
                "407,050 is this chapter's network with one hidden Dense(512); the "
                "exercise's network has two hidden Dense(256) layers."
            )
        )
    if count > Q1_RIGHT:
        off = tr(
            "your count is {count}, {gap} too many. Add up, layer by layer, "
            "inputs x units weights plus one bias per unit.",
            count=f"{count:,}",
            gap=f"{count - Q1_RIGHT:,}",
        )
    else:
        off = tr(
            "your count is {count}, {gap} too few. Add up, layer by layer, "
            "inputs x units weights plus one bias per unit.",
            count=f"{count:,}",
            gap=f"{Q1_RIGHT - count:,}",
        )
    return wrong(off)


q1 = Exercise(
    1,
    N_("a whole number: the parameters of the network"),
    judge_q1,
    hint=N_(
        "A Dense(n) layer on m inputs has m x n weights and n biases. The network "
        "has three Dense layers: 784 -> 256, 256 -> 256 and 256 -> 10."
    ),
    idea=N_(
        "add up m x n + n for the three Dense layers, then confirm with "
        "model.count_params() on the model built with keras.Input((784,))."
    ),
)

# --- exercise 2: multiply a linear stack out into one Dense(10) ----------------------

#: the inputs on which the judge compares the two models (pixels in [0, 1])
_Q2_INPUTS = np.random.default_rng(0).random((256, 784)).astype("float32")


def _model_io(model, which: str):
    """Check that ``model`` maps 784 inputs to 10 outputs; raise NotAnAnswer otherwise.

    ``which`` names the model of the pair, marked with :func:`N_`.
    """
    shape_in = tuple(model.inputs[0].shape) if getattr(model, "inputs", None) else None
    if shape_in is None or shape_in[1:] != (784,):
        raise NotAnAnswer(
            tr(
                "Your {which} model takes inputs of shape {shape}; the exercise's "
                "models take the 784 pixels of an image, keras.Input((784,)).",
                which=tr(which),
                shape=shape_in,
            )
        )
    shape_out = tuple(model.outputs[0].shape)
    if shape_out[1:] != (10,):
        raise NotAnAnswer(
            tr(
                "Your {which} model gives outputs of shape {shape}; the exercise's "
                "models give 10 probabilities, one per digit.",
                which=tr(which),
                shape=shape_out,
            )
        )


def judge_q2(answer):
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise NotAnAnswer(
            tr(
                "Your answer is a {kind}; the exercise asks for a pair (stack, single).",
                kind=type(answer).__name__,
            )
        )
    stack = need_model(answer[0])
    single = need_model(answer[1])
    _model_io(stack, N_("first (stack)"))
    _model_io(single, N_("second (single)"))
    stack_dense = dense_layers(stack)
    hidden = stack_dense[:-1]
    if not hidden:
        return wrong(
            tr(
                "your first model has no hidden layer, so there is nothing to multiply "
                "out: use the trained one-hidden-layer linear model, models['linear']."
            )
        )
    bent = [activation_name(layer) for layer in hidden if activation_name(layer) != "linear"]
    if bent:
        return wrong(
            tr(
                "your first model has a {activation} hidden layer: only a stack of linear "
                "layers multiplies out into one map; use models['linear'].",
                activation=bent[0],
            )
        )
    single_dense = dense_layers(single)
    if len(single_dense) != 1:
        return wrong(
            tr(
                "your single model has {count} Dense layers; the exercise "
                "asks for one Dense(10, activation='softmax') on the 784 inputs.",
                count=len(single_dense),
            )
        )
    if activation_name(single_dense[0]) != activation_name(stack_dense[-1]):
        return wrong(
            tr(
                "your single layer's activation is {single}; the stack's output is "
                "{stack}, and the one map must end the same way.",
                single=activation_name(single_dense[0]),
                stack=activation_name(stack_dense[-1]),
            )
        )
    got = np.asarray(single.predict(_Q2_INPUTS, verbose=0), dtype="float64")
    want = np.asarray(stack.predict(_Q2_INPUTS, verbose=0), dtype="float64")
    gap = float(np.max(np.abs(got - want)))
    if gap < 1e-4:
        return correct(
            tr(
                "On the same 256 inputs the two models' probabilities differ by at most "
                "{gap}, float32 rounding: W = W1 W2 and b = b1 W2 + b2 are "
                "the whole stack.",
                gap=magnitude(gap),
            )
        )
    return wrong(
        tr(
            "on the same 256 inputs the two models' probabilities differ by up to "
            "{gap}: check that the single layer's kernel is W1 @ W2 and its bias "
            "b1 @ W2 + b2 (the first bias passes through the second kernel too).",
            gap=f"{gap:.3f}",
        )
    )


q2 = Exercise(
    2,
    N_("a pair (stack, single): models['linear'] and your one-layer model"),
    judge_q2,
    hint=N_(
        "Read the two layers' weights with layer.get_weights() (a kernel and a "
        "bias each). The stack computes (x W1 + b1) W2 + b2; multiply it out. Set "
        "the new layer's weights with set_weights([W, b])."
    ),
    idea=N_(
        "W = W1 @ W2 and b = b1 @ W2 + b2 go into a single Dense(10, "
        "activation='softmax') on keras.Input((784,)), whose probabilities then "
        "match the stack's."
    ),
)

# --- exercise 3: the sigmoid's largest slope on [2, 6] -------------------------------


def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


Q3_RIGHT = _sigmoid(2.0) * (1 - _sigmoid(2.0))  # 0.10499...


def judge_q3(answer):
    if hasattr(answer, "__len__") and not isinstance(answer, str):
        values = need_array(answer, what=ARRAY)
        if values.size != 1:
            raise NotAnAnswer(
                tr(
                    "Your answer holds {size} numbers, the slope at each input; "
                    "the exercise asks for the largest of them (take its .max()).",
                    size=values.size,
                )
            )
        answer = float(values.reshape(-1)[0])
    slope = need_number(answer, what=N_("slope"))
    if abs(slope - Q3_RIGHT) < 2e-3:
        return correct(
            tr(
                "The largest slope on [2, 6] is {right}, at x = 2: from there the "
                "sigmoid only flattens, so a unit whose input is that large passes back "
                "less than half of what it would at x = 0.",
                right=f"{Q3_RIGHT:.3f}",
            )
        )
    if abs(slope - 0.25) < 2e-3:
        return wrong(
            tr(
                "0.25 is the sigmoid's largest slope over all inputs, at x = 0; the "
                "exercise asks for the largest on [2, 6] only."
            )
        )
    if abs(slope - _sigmoid(2.0)) < 2e-3:
        return wrong(
            tr(
                "{slope} is the sigmoid's value at x = 2, not its slope: take "
                "tape.gradient of the output with respect to the input.",
                slope=f"{slope:.3f}",
            )
        )
    smallest = _sigmoid(6.0) * (1 - _sigmoid(6.0))
    if abs(slope - smallest) < 5e-4:
        return wrong(
            tr(
                "{slope} is the smallest slope on [2, 6], at x = 6; the exercise "
                "asks for the largest.",
                slope=f"{slope:.4f}",
            )
        )
    return wrong(
        tr(
            "your slope {slope} is not the largest slope of the sigmoid on [2, 6]: "
            "compute the slope at many inputs from 2 to 6 and take the largest.",
            slope=f"{slope:.4f}",
        )
    )


q3 = Exercise(
    3,
    N_("a number: the largest slope of the sigmoid on [2, 6]"),
    judge_q3,
    hint=N_(
        "Make x = tf.constant(np.linspace(2, 6, 401)); inside "
        "`with tf.GradientTape() as tape:` watch x and compute "
        "keras.activations.sigmoid(x); tape.gradient(y, x) gives the slope at "
        "every x."
    ),
    idea=N_(
        "the tape gives the slope at every input of the grid; its largest value "
        "sits at x = 2, about 0.105."
    ),
)

# --- exercise 4: the gradient reaching each layer of six relu layers -----------------

#: below this, the output layer's gradient is "a few times" the first hidden layer's
Q4_MAX_DROP = 100
#: from this on, the gradient shrinks like the six-sigmoid network's
Q4_SIGMOID_DROP = 1000


def judge_q4(answer):
    rms = need_array(answer, shape=(7,), what=N_("array of 7 gradient sizes"))
    if not np.all(np.isfinite(rms)) or np.any(rms <= 0):
        raise NotAnAnswer(
            tr(
                "Your gradient sizes include zero, negative or non-finite values; a "
                "root mean square of a gradient is a positive number."
            )
        )
    drop = rms[-1] / rms[0]
    if drop < 1:
        return wrong(
            tr(
                "your first number is {times} times your last: list the layers "
                "from the first hidden layer to the output layer, in the order of "
                "model.layers.",
                times=f"{1 / drop:,.1f}",
            )
        )
    if drop >= Q4_SIGMOID_DROP:
        return wrong(
            tr(
                "your output layer's gradient is {times} times the first hidden "
                "layer's: that is how six sigmoid layers shrink it. Build the network "
                "with relu hidden layers: build_mnist_mlp('relu', hidden_layers=6).",
                times=f"{drop:,.0f}",
            )
        )
    if drop >= Q4_MAX_DROP:
        return wrong(
            tr(
                "your output layer's gradient is {times} times the first hidden "
                "layer's; through six relu layers it stays within a few times. Is the "
                "network untrained, with relu hidden layers, and did you take the root "
                "of the mean of each gradient's squares?",
                times=f"{drop:,.0f}",
            )
        )
    return correct(
        tr(
            "The output layer's gradient is only {times} times the first hidden "
            "layer's, where six sigmoid layers shrink it by tens of thousands of times: "
            "relu's slope is 1 wherever a unit is active, so the gradient passes back "
            "through it unshrunk.",
            times=f"{drop:,.1f}",
        )
    )


q4 = Exercise(
    4,
    N_("an array of 7 numbers: the gradient RMS of each Dense layer's kernel"),
    judge_q4,
    hint=N_(
        "Build the network with build_mnist_mlp('relu', hidden_layers=6) and do not "
        "train it. Inside "
        "`with tf.GradientTape() as tape:` compute the mean categorical "
        "cross-entropy of the first 128 training images; then "
        "tape.gradient(loss, [layer.kernel for layer in model.layers]), and for "
        "each gradient g the root of the mean of g squared. The six-sigmoid "
        "gradient cell in 'Beside the original' does the same."
    ),
    idea=N_(
        "the six-sigmoid gradient measurement with relu in place of sigmoid: the "
        "numbers grow only a few times from the first hidden layer to the output."
    ),
)

# --- exercise 5: Keras 3's RMSprop step for a tiny gradient ---------------------------

Q5_GRADIENT = 1e-6
Q5_EPSILON = 1e-7
Q5_RIGHT = Q5_GRADIENT / math.sqrt(Q5_GRADIENT**2 + Q5_EPSILON)  # about 0.0032


def judge_q5(answer):
    share = need_number(answer, what=N_("share of the learning rate"))
    if share <= 0:
        raise NotAnAnswer(
            tr(
                "Your share is {share}; a step down the gradient is a positive "
                "share of the learning rate.",
                share=number(share),
            )
        )
    if abs(share - Q5_RIGHT) < 0.02 * Q5_RIGHT:
        return correct(
            tr(
                "{share}: the step is lr x g / sqrt(g**2 + epsilon), and with "
                "g = 10⁻⁶ far below the root of epsilon (3.2 × 10⁻⁴) it is about "
                "g / sqrt(epsilon), a third of a per cent of the learning rate.",
                share=f"{share:.4f}",
            )
        )
    keras2 = Q5_GRADIENT / (Q5_GRADIENT + 1e-8)
    if abs(share - 1) < 0.02 or abs(share - keras2) < 0.002:
        return wrong(
            tr(
                "{share} is about the learning rate: that is standalone Keras 2's "
                "step, with epsilon outside the root; Keras 3 puts it inside, "
                "lr x g / sqrt(v + epsilon).",
                share=f"{share:.3f}",
            )
        )
    if abs(share - Q5_GRADIENT / Q5_EPSILON) < 0.02 * Q5_GRADIENT / Q5_EPSILON:
        return wrong(
            tr(
                "{share} divides by epsilon itself; Keras 3 divides by the square "
                "root of v + epsilon.",
                share=number(share),
            )
        )
    return wrong(
        tr(
            "your share is {share}; with v = g**2 the step is "
            "lr x g / sqrt(g**2 + epsilon): put in g = 10⁻⁶ and epsilon = 10⁻⁷.",
            share=number(share),
        )
    )


q5 = Exercise(
    5,
    N_("a number: the step as a share of the learning rate"),
    judge_q5,
    hint=N_(
        "Keras 3's RMSprop steps by learning_rate * g / sqrt(v + epsilon); once v "
        "has settled, v is about g**2. Divide by the learning rate."
    ),
    idea=N_("g / sqrt(g**2 + epsilon) with g = 10⁻⁶ and epsilon = 10⁻⁷: about 0.0032."),
)
