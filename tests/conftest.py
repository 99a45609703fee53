"""Shared fixtures for the unit tests of helpers/."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def root() -> Path:
    """The repository's top folder."""
    return ROOT


@pytest.fixture
def quick(monkeypatch):
    """Switch quick mode on for one test."""
    monkeypatch.setenv("NNBOOK_QUICK", "1")


@pytest.fixture
def full(monkeypatch):
    """Switch quick mode off for one test."""
    monkeypatch.delenv("NNBOOK_QUICK", raising=False)


@pytest.fixture
def chinese(monkeypatch):
    """Speak Chinese (the helpers' messages, helpers.i18n) for one test, English after it.

    A wrong answer only prints its verdict (NNBOOK_STRICT=0, as in a student's run).
    """
    from helpers.i18n import set_language

    monkeypatch.setenv("NNBOOK_STRICT", "0")
    set_language("zh_CN")
    yield
    set_language("en")


@pytest.fixture
def printed(capsys):
    """printed() -> what was printed since the last call, its lines joined
    (a check wraps Chinese between any two characters)."""
    return lambda: capsys.readouterr().out.replace("\n", "")


@pytest.fixture
def wrong_in_chinese(chinese, printed):
    """wrong_in_chinese(exercise, answer, says, hint): the check of a wrong answer and the
    hint, printed in Chinese, say each phrase of ``says`` and ``hint``."""

    def check(exercise, answer, says, hint):
        exercise.check(answer)
        out = printed()
        assert out.startswith("还不对：") and f"请运行q{exercise.number}.hint()" in out
        assert all(phrase in out for phrase in says), out
        exercise.hint()
        out = printed()
        assert out.startswith("提示：") and hint in out, out

    return check


@pytest.fixture
def book_style():
    """The book's matplotlib style for one test, as a chapter's set-up applies it.

    (helpers.plotting.use_book_style; rcParams come back as they were after it.)
    """
    import matplotlib as mpl

    from helpers.plotting import use_book_style

    with mpl.rc_context():
        use_book_style()
        yield


@pytest.fixture
def predictions_data():
    """Five test images, their labels and {optimizer: {activation: (5, 10) outputs}}.

    The outputs of tests/test_predictions.py and test_explorers_predictions.py.
    """
    import numpy as np

    rng = np.random.default_rng(0)
    images = rng.random((5, 28, 28))
    labels = np.array([7, 2, 1, 0, 4])
    logits = rng.normal(size=(5, 10))
    soft = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    predictions = {
        opt: {"softmax": soft, "sigmoid": 1 / (1 + np.exp(-logits)), "tanh": np.tanh(logits)}
        for opt in ("sgd", "adam")
    }
    return images, labels, predictions
