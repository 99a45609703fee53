"""Report the software a notebook runs on (every chapter's setup section)."""

from __future__ import annotations

import platform


def versions() -> dict[str, str]:
    """Return the versions of Python, TensorFlow, Keras, NumPy and matplotlib."""
    import keras
    import matplotlib
    import numpy
    import tensorflow

    return {
        "Python": platform.python_version(),
        "TensorFlow": tensorflow.__version__,
        "Keras": keras.__version__,
        "NumPy": numpy.__version__,
        "matplotlib": matplotlib.__version__,
    }


def print_versions() -> None:
    """Print one line with the versions from :func:`versions`."""
    print(", ".join(f"{name} {version}" for name, version in versions().items()))
