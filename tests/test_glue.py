import numpy as np
import pytest

from helpers import glue as glue_module
from helpers.glue import glue, plain_number


def test_numpy_scalars_become_plain_python_numbers():
    assert type(plain_number(np.float32(0.5))) is float
    assert type(plain_number(np.int64(15))) is int
    assert plain_number(np.array(0.25)) == 0.25


def test_tensorflow_scalars_become_plain_python_numbers():
    tf = pytest.importorskip("tensorflow")
    value = plain_number(tf.constant(0.75))
    assert type(value) is float and value == 0.75


@pytest.mark.parametrize("bad", [[1.0, 2.0], "0.9", None, True, np.zeros(3)])
def test_non_numbers_are_rejected(bad):
    with pytest.raises(TypeError, match="glue needs a single int or float"):
        plain_number(bad)


@pytest.mark.parametrize("bad", [float("nan"), np.inf])
def test_nan_and_inf_are_rejected(bad):
    with pytest.raises(ValueError, match="NaN or inf"):
        plain_number(bad)


def test_glue_hands_plain_values_to_myst_nb(monkeypatch):
    calls = []
    monkeypatch.setattr(
        glue_module, "_myst_glue", lambda k, v, display: calls.append((k, v, display))
    )
    assert glue("iris_val_acc", np.float64(0.9)) == 0.9
    assert calls == [("iris_val_acc", 0.9, False)]
    assert type(calls[0][1]) is float


def test_glue_works_without_myst_nb(monkeypatch):
    monkeypatch.setattr(glue_module, "_myst_glue", None)
    assert glue("iris_params", np.int32(15)) == 15


@pytest.mark.parametrize("key", ["Iris", "iris-acc", "1acc", "", "a b"])
def test_bad_keys_are_rejected(key):
    with pytest.raises(ValueError, match="glue key"):
        glue(key, 1.0)
