"""Set a chapter up and report the software it runs on (every chapter's setup section)."""

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
    """Print the versions from :func:`versions`, wrapped to the page's 76 columns."""
    lines, line = [], ""
    for item in (f"{name} {version}" for name, version in versions().items()):
        if line and len(line) + len(item) + 2 > 76:
            lines.append(line + ",")
            line = item
        else:
            line = f"{line}, {item}" if line else item
    print("\n".join([*lines, line]))


def setup_chapter(mode: str = "auto", language: str | None = None) -> None:
    """Set a chapter up: quiet TensorFlow's log, the book's figures, the mode, versions, banner.

    Every chapter's folded set-up cell calls this with its ``MODE`` field
    before the lesson's own imports, so that TensorFlow's start-up log is
    quiet when the lesson imports Keras, and before any figure, which then
    has the book's style (:func:`helpers.plotting.use_book_style`) and, in a
    notebook, is shown as a PNG that records its text size and legends for
    the site's tests (:mod:`helpers._figure_png`). The Chinese edition passes
    ``language="zh_CN"``: the exercises' checks and hints then answer in
    Chinese (:mod:`helpers.i18n`).
    """
    import os

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from helpers._figure_png import show_figures_as_recorded_pngs
    from helpers.modes import set_mode, show_banner
    from helpers.plotting import use_book_style

    show_figures_as_recorded_pngs()  # loads the backend, which sets rcParams
    use_book_style()  # then the book's style on top

    if language is not None:
        from helpers.i18n import set_language

        set_language(language)

    set_mode(mode)
    print_versions()
    show_banner()
