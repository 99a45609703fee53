import shutil

import keras
import numpy as np
import pytest

from helpers import data
from helpers.data import DataError


@pytest.fixture(scope="module")
def mnist():
    return data.load_mnist()


@pytest.fixture(scope="module")
def fashion():
    return data.load_fashion_mnist()


@pytest.mark.parametrize("name", ["mnist", "fashion_mnist"])
def test_shipped_files_have_the_recorded_checksums(name):
    filename, sha256 = data.DATASETS[name]
    assert data.sha256_of(data.data_dir() / filename) == sha256


@pytest.mark.parametrize("loader", ["mnist", "fashion"])
def test_loaders_return_the_keras_layout(loader, request):
    (x_train, y_train), (x_test, y_test) = request.getfixturevalue(loader)
    assert x_train.shape == (60000, 28, 28) and x_train.dtype == np.uint8
    assert y_train.shape == (60000,) and y_train.dtype == np.uint8
    assert x_test.shape == (10000, 28, 28) and x_test.dtype == np.uint8
    assert y_test.shape == (10000,) and y_test.dtype == np.uint8
    assert set(np.unique(y_train)) == set(range(10))


def test_mnist_matches_the_published_facts(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert y_test[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(y_train).tolist() == [
        5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949,
    ]  # fmt: skip
    assert np.bincount(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    pixels = x_train / 255.0
    assert pixels.mean() == pytest.approx(0.1307, abs=5e-5)
    assert pixels.std() == pytest.approx(0.3081, abs=5e-5)


def test_fashion_mnist_has_the_official_split(fashion):
    (x_train, y_train), (_, y_test) = fashion
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_test).tolist() == [1000] * 10
    assert (x_train / 255.0).mean() == pytest.approx(0.2861, abs=5e-5)


@pytest.fixture
def private_copy(tmp_path, monkeypatch):
    """A data folder of our own, so tests can break files without touching data/."""
    shutil.copy(data.data_dir() / "mnist.npz", tmp_path / "mnist.npz")
    monkeypatch.setenv(data.DATA_DIR_ENV, str(tmp_path))
    return tmp_path


def test_a_corrupt_file_names_the_file_and_the_fix(private_copy):
    path = private_copy / "mnist.npz"
    raw = bytearray(path.read_bytes())
    raw[1000] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(DataError) as info:
        data.load_mnist()
    message = str(info.value)
    assert str(path) in message and "corrupt" in message
    assert "git checkout -- data/mnist.npz" in message


def test_a_missing_file_falls_back_to_the_keras_download(private_copy, monkeypatch):
    (private_copy / "mnist.npz").unlink()
    sentinel = ((np.zeros((1, 28, 28), np.uint8), np.zeros(1, np.uint8)),) * 2
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: sentinel)
    assert data.load_mnist() is sentinel


def test_a_missing_file_without_network_is_one_clear_error(private_copy, monkeypatch):
    def no_network():
        raise OSError("Name or service not known")

    monkeypatch.setattr(keras.datasets.fashion_mnist, "load_data", no_network)
    with pytest.raises(DataError) as info:
        data.load_fashion_mnist()
    message = str(info.value)
    assert "fashion_mnist.npz is missing" in message
    assert "Name or service not known" in message
    assert "NNBOOK_DATA_DIR" in message and "git checkout" in message
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_a_file_with_the_wrong_arrays_is_rejected(tmp_path, monkeypatch):
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=np.zeros((5, 28, 28), np.uint8))
    monkeypatch.setenv(data.DATA_DIR_ENV, str(tmp_path))
    monkeypatch.setitem(data.DATASETS, "mnist", ("mnist.npz", data.sha256_of(path)))
    with pytest.raises(DataError, match="lacks the arrays"):
        data.load_mnist()
    np.savez(
        path,
        x_train=np.zeros((5, 28, 28), np.uint8),
        y_train=np.zeros(60000, np.uint8),
        x_test=np.zeros((10000, 28, 28), np.uint8),
        y_test=np.zeros(10000, np.uint8),
    )
    monkeypatch.setitem(data.DATASETS, "mnist", ("mnist.npz", data.sha256_of(path)))
    with pytest.raises(DataError, match=r"x_train has shape \(5, 28, 28\)"):
        data.load_mnist()


def test_an_unknown_data_set_is_named():
    with pytest.raises(ValueError, match="unknown data set 'cifar10'"):
        data.load_dataset("cifar10")


def test_iris_is_shuffled_reproducibly():
    x, y, features, classes = data.load_iris()
    assert x.shape == (150, 4) and x.dtype == np.float32 and y.shape == (150,)
    assert np.bincount(y).tolist() == [50, 50, 50]
    assert classes == ["setosa", "versicolor", "virginica"] and len(features) == 4
    x2, y2, _, _ = data.load_iris()
    assert np.array_equal(x, x2) and np.array_equal(y, y2)
    assert y[:50].tolist() != [0] * 50  # shuffled, not in sklearn's sorted order
    x3, _, _, _ = data.load_iris(seed=7)
    assert not np.array_equal(x, x3)


@pytest.fixture
def global_numpy_generator():
    """Let a test seed NumPy's global generator, and put its state back afterwards."""
    state = np.random.get_state()
    yield
    np.random.set_state(state)


def test_iris_is_in_the_tutorials_order(global_numpy_generator):
    """The tutorial's own lines (002_keras_six_steps_iris.md:83-88), run as they stand."""
    from sklearn import datasets

    x_train = datasets.load_iris().data
    y_train = datasets.load_iris().target
    np.random.seed(1024)
    np.random.shuffle(x_train)
    np.random.seed(1024)
    np.random.shuffle(y_train)

    x, y, _, _ = data.load_iris()
    assert np.array_equal(x, x_train.astype("float32"))
    assert np.array_equal(y, y_train)
    # every flower keeps its label: setosa (class 0) has the short petals
    assert x[y == 0, 2].max() < x[y != 0, 2].min()


def test_iris_does_not_touch_numpys_global_generator(global_numpy_generator):
    np.random.seed(5)
    expected = np.random.random_sample()
    np.random.seed(5)
    data.load_iris()
    assert np.random.random_sample() == expected


def test_iris_is_in_chapter_02s_order(global_numpy_generator):
    """Chapter 02 shuffles inline (its lesson); its cell must give load_iris's order."""
    import json
    import re
    from pathlib import Path

    notebook = Path(__file__).resolve().parent.parent / "chapters" / "02_iris.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    shuffles = [s for s in sources if "np.random.shuffle(x)" in s]
    assert len(shuffles) == 1, "chapter 02 should shuffle the iris features in one cell"
    # the chapter's own imports of scikit-learn, under the names it uses
    imports = re.findall(
        r"^(?:from sklearn\S* import .*|import sklearn.*)$", "\n".join(sources), re.M
    )
    namespace = {"np": np, "print": lambda *a, **k: None}
    exec("\n".join(imports), namespace)
    exec(compile(shuffles[0], "02_iris.ipynb", "exec"), namespace)

    x, y, _, _ = data.load_iris()
    assert np.array_equal(namespace["x"], x), "chapter 02's features are in another order"
    assert np.array_equal(namespace["y"], y), "chapter 02's labels are in another order"
