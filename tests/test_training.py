import keras
import matplotlib
import numpy as np
import pytest

from helpers import modes, plotting, training

matplotlib.use("Agg")


def test_history_table_shows_every_epoch_and_sparse_validation():
    logs = {"loss": [0.9, 0.5, 0.4, 0.3], "val_loss": [0.45, 0.35]}
    lines = training.history_table(logs, digits=2).splitlines()
    assert lines[0].split() == ["epoch", "loss", "val_loss"]
    assert lines[1].split() == ["1", "0.90"]
    assert lines[2].split() == ["2", "0.50", "0.45"]
    assert lines[4].split() == ["4", "0.30", "0.35"]


def test_history_table_every_keeps_the_last_epoch():
    logs = {"accuracy": [0.1, 0.2, 0.3, 0.4, 0.5]}
    rows = [line.split()[0] for line in training.history_table(logs, every=2).splitlines()[1:]]
    assert rows == ["2", "4", "5"]


def test_history_table_rejects_empty_history():
    with pytest.raises(ValueError, match="train the model first"):
        training.history_table({})


def test_plot_history_has_titles_labels_and_legends():
    logs = {
        "accuracy": [0.5, 0.7],
        "val_accuracy": [0.6, 0.65],
        "loss": [1, 0.5],
        "val_loss": [0.8, 0.6],
    }
    fig = plotting.plot_history(logs, title="demo")
    assert fig._suptitle.get_text() == "demo"
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() == "epoch" and ax.get_ylabel()
        assert len(ax.get_legend().get_texts()) == 2


def test_plot_history_names_a_missing_metric():
    with pytest.raises(KeyError, match="not in the history"):
        plotting.plot_history({"loss": [1.0]}, metrics=("accuracy",))


def test_plot_curves_overlays_each_run():
    ax = plotting.plot_curves({"relu": [0.9, 0.95], "sigmoid": [0.8, 0.9]}, title="val acc").axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["relu", "sigmoid"]
    assert list(ax.lines[0].get_xdata()) == [1, 2]


def test_epoch_axes_have_whole_number_ticks():
    """Two quick-mode epochs must not be labelled 1.0, 1.2, ..., 2.0."""
    ax = plotting.plot_curves({"relu": [0.9, 0.95]}, title="val acc").axes[0]
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks), ticks
    fig = plotting.plot_history({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}, metrics=("loss",))
    ticks = fig.axes[0].get_xticks()
    assert all(float(t).is_integer() for t in ticks), ticks
    matplotlib.pyplot.close("all")


def test_show_images_checks_shapes():
    fig = plotting.show_images(np.zeros((3, 784)), [1, 2, 3], title="digits")
    assert [ax.get_title() for ax in fig.axes[:3]] == ["1", "2", "3"]
    with pytest.raises(ValueError, match=r"shape \(n, 28, 28\) or \(n, 784\)"):
        plotting.show_images(np.zeros((3, 10)), [1, 2, 3], title="bad")
    with pytest.raises(ValueError, match="3 images but 2 labels"):
        plotting.show_images(np.zeros((3, 28, 28)), [1, 2], title="bad")


def test_history_table_wraps_long_names_to_fit_a_page():
    logs = {
        "loss": [1.0, 0.5],
        "sparse_categorical_accuracy": [0.5, 0.6],
        "val_loss": [1.1, 0.6],
        "val_sparse_categorical_accuracy": [0.6, 0.7],
    }
    lines = training.history_table(logs).splitlines()
    assert lines[:3] == [
        "                     sparse_             val_sparse_",
        "                categorical_            categorical_",
        "epoch     loss      accuracy  val_loss      accuracy",
    ]
    assert lines[3] == "    1   1.0000        0.5000    1.1000        0.6000"
    assert max(len(line) for line in lines) <= 60  # 86 characters before wrapping
    # "loss" keeps a narrow column although its neighbour's name is long
    assert lines[3].startswith("    1   1.0000")


def test_compile_settings_are_the_same_in_both_modes_by_default(monkeypatch):
    book = {"steps_per_execution": 32, "jit_compile": True}
    for mode in ("full", "quick"):
        monkeypatch.setattr(modes, "_chosen", mode == "quick")
        assert training.compile_settings() == book
        assert training.compile_settings(small_batches=True) == {**book, "steps_per_execution": 256}
        assert training.compile_settings(xla="auto") == {"steps_per_execution": 32}
        assert training.compile_settings(several_steps=False, xla=False) == {"jit_compile": False}


@pytest.mark.parametrize(
    ("arguments", "full", "quick"),
    [
        ({}, {"steps_per_execution": 32, "jit_compile": True}, {}),
        ({"small_batches": True}, {"steps_per_execution": 256, "jit_compile": True}, {}),
        ({"xla": False}, {"steps_per_execution": 32, "jit_compile": False}, {"jit_compile": False}),
    ],
)
def test_compile_settings_quick_plain_leaves_the_speed_ups_out_in_quick_mode(
    monkeypatch, arguments, full, quick
):
    monkeypatch.setattr(modes, "_chosen", False)
    assert training.compile_settings(**arguments, quick="plain") == full
    monkeypatch.setattr(modes, "_chosen", True)
    assert training.compile_settings(**arguments, quick="plain") == quick


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"small_batches": "yes"}, "small_batches=True or False"),
        ({"several_steps": 1}, "several_steps=True or False"),
        ({"xla": "on"}, "xla=True"),
        ({"quick": "fast"}, "quick='same'"),
        ({"small_batches": True, "several_steps": False}, "choose one"),
    ],
)
def test_compile_settings_names_a_bad_argument(arguments, message):
    with pytest.raises(ValueError, match=message):
        training.compile_settings(**arguments)


def test_compile_settings_takes_keywords_only():
    with pytest.raises(TypeError):
        training.compile_settings(True)


def test_compile_settings_do_not_change_what_is_learnt():
    x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    y = np.arange(64) % 2
    weights = []
    for settings in ({}, training.compile_settings()):
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
        model.compile("sgd", "sparse_categorical_crossentropy", **settings)
        model.fit(x, y, epochs=2, batch_size=16, shuffle=False, verbose=0)
        weights.append(model.get_weights())
    for plain, fast in zip(*weights, strict=True):
        np.testing.assert_allclose(plain, fast, atol=1e-5)
