import keras
import numpy as np
import pytest

from helpers.optimizers import Keras2RMSprop


def two_steps(optimizer, start, gradients):
    """Apply the given gradients to one variable; return its value after each step."""
    variable = keras.Variable(np.array(start, dtype="float32"))
    values = []
    for gradient in gradients:
        optimizer.apply_gradients([(np.array(gradient, dtype="float32"), variable)])
        values.append(np.array(variable.numpy(), dtype="float64"))
    return values


def keras2_by_hand(start, gradients, lr, rho, epsilon):
    w = np.array(start, dtype="float64")
    v = np.zeros_like(w)
    values = []
    for g in gradients:
        g = np.array(g, dtype="float64")
        v = rho * v + (1 - rho) * g**2
        w = w - lr * g / (np.sqrt(v) + epsilon)
        values.append(w)
    return values


def test_two_steps_match_the_keras2_formula_computed_by_hand():
    start = [1.0, -2.0, 0.5]
    gradients = [[0.3, -1e-5, 2.0], [-0.1, 2e-5, 1.5]]
    lr, rho, epsilon = 0.01, 0.8, 1e-7
    got = two_steps(Keras2RMSprop(learning_rate=lr, rho=rho, epsilon=epsilon), start, gradients)
    want = keras2_by_hand(start, gradients, lr, rho, epsilon)
    for step in range(2):
        np.testing.assert_allclose(got[step], want[step], rtol=1e-6, atol=1e-7)


def test_first_step_is_about_three_learning_rates_whatever_the_gradient():
    # v = 0.1 g**2 after one step, so lr * g / sqrt(v) = lr * sqrt(10) * sign(g);
    # the default epsilon (1e-8) shifts the step of g = 1e-5 by 0.3%
    lr = 0.001
    (after,) = two_steps(Keras2RMSprop(learning_rate=lr), [0.0, 0.0], [[1e-5, -3.0]])
    np.testing.assert_allclose(-after, [lr * np.sqrt(10), -lr * np.sqrt(10)], rtol=0.005)


def test_epsilon_defaults_to_keras_2_0s():
    # standalone Keras 2.0.0 to 2.1.2: RMSprop(lr=0.001, rho=0.9, epsilon=1e-8);
    # Keras 3's RMSprop defaults to 1e-7
    assert Keras2RMSprop().epsilon == 1e-8
    assert keras.optimizers.RMSprop().epsilon == 1e-7
    # a first step at the first layer's gradient in chapter 04 (about 7e-7,
    # so sqrt(v) = sqrt(0.1) * 7e-7, about 2.2e-7): Keras 2.0's epsilon cuts
    # it by about 4%, an epsilon of 1e-7 outside the root by about 31%
    (step_1e8,) = two_steps(Keras2RMSprop(), [0.0], [[7e-7]])
    (step_1e7,) = two_steps(Keras2RMSprop(epsilon=1e-7), [0.0], [[7e-7]])
    full = 0.001 * np.sqrt(10)
    assert 0.95 < -step_1e8[0] / full < 0.97
    assert 0.65 < -step_1e7[0] / full < 0.72


def test_a_tiny_gradient_moves_keras2_rmsprop_far_more_than_keras3_rmsprop():
    gradient = 1e-6  # far below sqrt(1e-7), about 3.2e-4
    (keras2,) = two_steps(Keras2RMSprop(), [0.0], [[gradient]])
    (keras3,) = two_steps(keras.optimizers.RMSprop(), [0.0], [[gradient]])
    # Keras 3: lr * g / sqrt(0.1 g**2 + 1e-7), about lr * g / 3.2e-4
    np.testing.assert_allclose(-keras3, 0.001 * gradient / np.sqrt(0.1 * gradient**2 + 1e-7))
    assert keras2[0] < keras3[0] < 0  # both step down the gradient
    assert -keras2[0] > 100 * -keras3[0]


def test_a_large_gradient_moves_both_alike():
    (keras2,) = two_steps(Keras2RMSprop(), [0.0], [[0.5]])
    (keras3,) = two_steps(keras.optimizers.RMSprop(), [0.0], [[0.5]])
    np.testing.assert_allclose(keras2, keras3, rtol=1e-5)


def test_it_trains_a_model_inside_fit():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(Keras2RMSprop(), "sparse_categorical_crossentropy", jit_compile=True)
    x = np.random.default_rng(0).random((64, 4)).astype("float32")
    y = (x[:, 0] > 0.5).astype("int64")
    history = model.fit(x, y, epochs=3, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_config_round_trip():
    optimizer = Keras2RMSprop(learning_rate=0.01, rho=0.8, epsilon=1e-8)
    again = Keras2RMSprop.from_config(optimizer.get_config())
    assert (again.rho, again.epsilon) == (0.8, 1e-8)
    assert float(again.learning_rate) == pytest.approx(0.01)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"momentum": 0.9}, "momentum=0.9"),
        ({"centered": True}, "centered=True"),
        ({"epsilon": 0.0}, "epsilon > 0"),
        ({"rho": 1.0}, "0 <= rho < 1"),
    ],
)
def test_unsupported_or_bad_arguments_raise_a_clear_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Keras2RMSprop(**kwargs)
