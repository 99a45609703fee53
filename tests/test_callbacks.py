"""helpers.callbacks: a live line during fit that is blank when training ends, an epoch timer."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from helpers.callbacks import EpochTimer, LiveProgress, progress_line


def test_progress_line_names_the_run_the_epoch_and_two_metrics():
    line = progress_line("relu", 3, 20, {"loss": 0.2, "accuracy": 0.97, "val_accuracy": 0.96}, 12.4)
    assert line == "relu: epoch 3/20, accuracy 0.9700, val_accuracy 0.9600, 12 s"


def test_progress_line_shows_a_models_accuracy_under_any_name():
    logs = {"loss": 0.5, "sparse_categorical_accuracy": 0.9, "val_sparse_categorical_accuracy": 0.8}
    line = progress_line("seed 3", 7, 100, logs, 2.0)
    assert line == (
        "seed 3: epoch 7/100, sparse_categorical_accuracy 0.9000, "
        "val_sparse_categorical_accuracy 0.8000, 2 s"
    )


def test_progress_line_shows_each_models_accuracy_when_trained_side_by_side():
    logs = {
        "loss": 3.1,
        "softmax_accuracy": 0.95,
        "tanh_accuracy": 0.1,
        "val_loss": 3.0,
        "val_softmax_accuracy": 0.9712,
        "val_tanh_accuracy": 0.0958,
    }
    line = progress_line("SGD", 2, 30, logs, 8.0)
    assert line == "SGD: epoch 2/30, val_accuracy: softmax 0.971 tanh 0.096, 8 s"
    train_only = {k: v for k, v in logs.items() if not k.startswith("val_")}
    assert "accuracy: softmax 0.950 tanh 0.100" in progress_line("SGD", 1, 30, train_only, 1)


def test_live_progress_reports_every_epoch_and_ends_blank():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    progress = LiveProgress("tiny")
    x, y = np.random.default_rng(0).normal(size=(32, 4)), np.arange(32) % 2
    model.fit(x, y, epochs=3, verbose=0, callbacks=[progress])
    assert progress.lines[0] == "tiny: starting"
    assert [line.split(",")[0] for line in progress.lines[1:4]] == [
        f"tiny: epoch {e}/3" for e in (1, 2, 3)
    ]
    assert progress.lines[-1] == "" and len(progress.lines) == 5


def test_live_progress_needs_a_name():
    with pytest.raises(ValueError, match="needs a run name"):
        LiveProgress("")


def test_epoch_timer_records_one_duration_per_epoch():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy")
    timer = EpochTimer()
    x, y = np.random.rand(64, 4).astype("float32"), np.arange(64) % 2
    model.fit(x, y, epochs=3, batch_size=16, verbose=0, callbacks=[timer])
    assert len(timer.seconds) == 3 and all(s > 0 for s in timer.seconds)
    assert timer.mean_seconds == pytest.approx(sum(timer.seconds[1:]) / 2)


def test_epoch_timer_without_epochs_says_what_to_do():
    timer = EpochTimer()
    timer.on_train_begin()
    with pytest.raises(ValueError, match="pass it to fit"):
        _ = timer.mean_seconds
