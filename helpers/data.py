"""Load the book's data sets: MNIST and Fashion-MNIST offline, iris from scikit-learn.

:func:`load_mnist` and :func:`load_fashion_mnist` return exactly what
``keras.datasets.mnist.load_data()`` and ``keras.datasets.fashion_mnist.load_data()``
return: ``(x_train, y_train), (x_test, y_test)`` with uint8 images of shape
(n, 28, 28) and uint8 labels. They read the copies in the repository's
``data/`` folder after checking their SHA-256, and fall back to Keras' own
download when a copy is absent (as in Colab). :func:`load_iris` gives the
iris flowers in the order of the original iris tutorial.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

DATA_DIR_ENV = "NNBOOK_DATA_DIR"

#: file name and SHA-256 of each offline data set (see data/README.md)
DATASETS = {
    "mnist": (
        "mnist.npz",
        "06af5dfe73b70e3bc1c36439982b18a8d76803db9b544f6fdf838a37fbb01b64",
    ),
    "fashion_mnist": (
        "fashion_mnist.npz",
        "756027fa43e38cfe69ff42f1c29864d42708baa121c11d623f05dd119b1704e5",
    ),
}
_SHAPES = {
    "x_train": (60000, 28, 28),
    "y_train": (60000,),
    "x_test": (10000, 28, 28),
    "y_test": (10000,),
}


class DataError(RuntimeError):
    """A data file is missing, corrupt or cannot be downloaded; the message says how to fix it."""


def data_dir() -> Path:
    """The folder holding the offline data.

    ``$NNBOOK_DATA_DIR`` when set, else the ``data/`` folder beside ``helpers/``
    in a clone of the repository.
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "data"


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_verified(name: str, path: Path, sha256: str):
    actual = sha256_of(path)
    if actual != sha256:
        raise DataError(
            f"{path} is corrupt: its SHA-256 is {actual}, expected {sha256}. "
            f"Restore it with `git checkout -- data/{path.name}` (or delete it to let "
            f"Keras download {name} when you are online)."
        )
    with np.load(path, allow_pickle=False) as archive:
        missing = sorted(set(_SHAPES) - set(archive.files))
        if missing:
            raise DataError(f"{path} lacks the arrays {missing}; restore it with git.")
        arrays = {key: archive[key] for key in _SHAPES}
    for key, shape in _SHAPES.items():
        if arrays[key].shape != shape or arrays[key].dtype != np.uint8:
            raise DataError(
                f"{path}: {key} has shape {arrays[key].shape} and dtype "
                f"{arrays[key].dtype}, expected {shape} uint8; restore it with git."
            )
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def _download(name: str, path: Path):
    import keras

    loader = getattr(keras.datasets, name)
    try:
        return loader.load_data()
    except Exception as error:  # no network, proxy, server down ...
        raise DataError(
            f"{path} is missing and Keras could not download {name} "
            f"({type(error).__name__}: {error}). Fix: restore the file with "
            f"`git checkout -- data/{path.name}` in a clone of the book's repository, "
            f"point ${DATA_DIR_ENV} at a folder holding {path.name}, or connect to "
            f"the internet so that keras.datasets.{name}.load_data() can download it."
        ) from None


def load_dataset(name: str):
    """Load ``"mnist"`` or ``"fashion_mnist"`` as ``(x_train, y_train), (x_test, y_test)``."""
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}: choose one of {sorted(DATASETS)}.")
    filename, sha256 = DATASETS[name]
    path = data_dir() / filename
    if path.exists():
        return _read_verified(name, path, sha256)
    return _download(name, path)


def load_mnist():
    """MNIST as ``keras.datasets.mnist.load_data()`` returns it."""
    return load_dataset("mnist")


def load_fashion_mnist():
    """Fashion-MNIST as ``keras.datasets.fashion_mnist.load_data()`` returns it.

    The offline copy is not byte-identical to the official release; see
    data/README.md.
    """
    return load_dataset("fashion_mnist")


def load_iris(seed: int = 1024):
    """Iris from scikit-learn, shuffled exactly as the original iris tutorial shuffles it.

    Returns ``(x, y, feature_names, class_names)`` with ``x`` of shape (150, 4)
    float32 and ``y`` of shape (150,) int64. The tutorial
    (``002_keras_six_steps_iris.md``, lines 83-88 and 347-353) seeds NumPy's
    global generator with 1024 and shuffles the features, then seeds it with
    1024 again and shuffles the labels: two shuffles that draw the same
    random numbers, so features and labels move by one permutation. This
    function makes the same two shuffles with a generator of its own
    (``np.random.RandomState(seed)``, the generator behind ``np.random.seed``),
    so it gives the tutorial's order without touching NumPy's global
    generator.
    """
    from sklearn.datasets import load_iris as sklearn_iris

    iris = sklearn_iris()
    x = iris.data.astype("float32")
    y = iris.target.astype("int64")
    np.random.RandomState(seed).shuffle(x)
    np.random.RandomState(seed).shuffle(y)
    return x, y, list(iris.feature_names), [str(name) for name in iris.target_names]
