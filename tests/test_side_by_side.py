"""fit_side_by_side trains each model exactly as a fit of its own would."""

import keras
import numpy as np
import pytest

from helpers.side_by_side import fit_side_by_side, joint_model

N, SHAPE = 96, (4, 4)


def data(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N, *SHAPE)).astype("float32")
    y = rng.integers(0, 3, size=N)
    return x, y


def small(activation, name):
    return keras.Sequential(
        [
            keras.Input(SHAPE),
            keras.layers.Flatten(),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dense(3, activation=activation),
        ],
        name=name,
    )


def plain_sigmoid(z):
    return 1 / (1 + keras.ops.exp(-z))


ACTIVATIONS = {"softmax": "softmax", "sigmoid": "sigmoid", "tanh": "tanh", "plain": plain_sigmoid}


def twins(optimizer, **compile_kwargs):
    """Two sets of the same models, same initial weights, compiled alike."""
    keras.utils.set_random_seed(1)
    together = [small(a, name) for name, a in ACTIVATIONS.items()]
    alone = [small(a, name) for name, a in ACTIVATIONS.items()]
    for a, t in zip(alone, together, strict=True):
        a.set_weights(t.get_weights())
    for model in together + alone:
        model.compile(
            optimizer=optimizer,
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
            **compile_kwargs,
        )
    return together, alone


def max_gap(models_a, models_b):
    return max(
        float(np.max(np.abs(a - b)))
        for ma, mb in zip(models_a, models_b, strict=True)
        for a, b in zip(ma.get_weights(), mb.get_weights(), strict=True)
    )


@pytest.mark.parametrize(
    "optimizer",
    ["sgd", "adam", lambda: keras.optimizers.SGD(learning_rate=0.05, momentum=0.9)],
    ids=["sgd", "adam", "sgd-momentum"],
)
def test_same_weights_and_history_as_separate_fits(optimizer):
    make = optimizer if callable(optimizer) else lambda: optimizer
    x, y = data()
    vx, vy = data(1)
    together, alone = twins(make())
    for model in alone:
        model.compile(
            optimizer=make(), loss="sparse_categorical_crossentropy", metrics=["accuracy"]
        )
    before = max_gap(together, alone)
    fit = dict(epochs=2, batch_size=16, shuffle=False, verbose=0)
    separate = {m.name: m.fit(x, y, validation_data=(vx, vy), **fit) for m in alone}
    joint = fit_side_by_side(together, x, y, validation_data=(vx, vy), **fit)
    assert before == 0
    assert max_gap(together, alone) < 1e-5
    assert set(joint) == set(ACTIVATIONS)
    for name, history in joint.items():
        expected = separate[name].history
        assert set(history.history) == set(expected), (name, history.history)
        for key, values in expected.items():
            np.testing.assert_allclose(history.history[key], values, rtol=1e-4, atol=1e-5)
        assert history.epoch == [0, 1]
        assert history.model is together[list(ACTIVATIONS).index(name)]


def test_models_are_trained_in_place_with_fast_compile_settings():
    x, y = data()
    together, alone = twins("sgd", steps_per_execution=4, jit_compile=True)
    fit = dict(epochs=1, batch_size=16, shuffle=False, verbose=0)
    for model in alone:
        model.fit(x, y, **fit)
    fit_side_by_side(together, x, y, **fit)
    assert max_gap(together, alone) < 1e-5


def test_targets_by_name_and_history_names_that_share_a_prefix():
    keras.utils.set_random_seed(2)
    models = [small("softmax", "out"), small("softmax", "out_two")]
    for model in models:
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["acc"])
    x, y = data()
    histories = fit_side_by_side(models, x, {"out": y, "out_two": (y + 1) % 3}, epochs=1, verbose=0)
    assert set(histories["out"].history) == {"loss", "acc"}
    assert set(histories["out_two"].history) == {"loss", "acc"}


def test_a_single_model_gets_the_keys_of_its_own_fit():
    x, y = data()
    together, alone = twins("sgd")
    fit = dict(epochs=1, batch_size=16, shuffle=False, verbose=0)
    expected = alone[0].fit(x, y, validation_data=(x, y), **fit).history
    (history,) = fit_side_by_side(together[:1], x, y, validation_data=(x, y), **fit).values()
    assert set(history.history) == set(expected) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert max_gap(together[:1], alone[:1]) < 1e-5


def test_joint_model_reuses_the_models_layers():
    keras.utils.set_random_seed(3)
    models = [small("softmax", "a"), small("tanh", "b")]
    joint = joint_model(models)
    assert joint.get_layer("a") is models[0] and joint.get_layer("b") is models[1]
    assert len(joint.weights) == sum(len(m.weights) for m in models)


def test_refuses_what_would_not_be_equivalent():
    keras.utils.set_random_seed(4)
    x, y = data()
    a, b = small("softmax", "a"), small("softmax", "a")
    with pytest.raises(ValueError, match="not compiled"):
        fit_side_by_side([a], x, y, epochs=1, verbose=0)
    for model in (a, b):
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="distinct names"):
        fit_side_by_side([a, b], x, y, epochs=1, verbose=0)
    c = small("softmax", "c")
    c.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="different optimizer"):
        fit_side_by_side([a, c], x, y, epochs=1, verbose=0)
    d = small("softmax", "d")
    d.compile(
        optimizer=keras.optimizers.SGD(global_clipnorm=1.0),
        loss="sparse_categorical_crossentropy",
    )
    with pytest.raises(ValueError, match="global_clipnorm"):
        fit_side_by_side([d], x, y, epochs=1, verbose=0)
    with pytest.raises(ValueError, match="no targets"):
        fit_side_by_side([a], x, {"z": y}, epochs=1, verbose=0)
