"""helpers.originals: every quoted figure stands at its source, and beside() glues it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import originals
from helpers.originals import REPORTED, beside, reported

ROOT = Path(__file__).resolve().parent.parent
#: The texts of the originals lie beside the repository (../shared/originals),
#: as in the maintainers' checkouts and in CI; NNBOOK_ORIGINALS points elsewhere.
ORIGINALS = Path(os.environ.get("NNBOOK_ORIGINALS", ROOT.parent / "shared" / "originals"))


def originals_dir() -> Path:
    """The originals' folder; CI must have it, a reader's clone may not."""
    if not ORIGINALS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the originals' texts at {ORIGINALS} (or set NNBOOK_ORIGINALS)")
        pytest.skip(f"the originals' texts are not at {ORIGINALS} (set NNBOOK_ORIGINALS)")
    return ORIGINALS


@pytest.mark.parametrize("key", sorted(REPORTED))
def test_each_figure_is_printed_at_its_source(key):
    fig = REPORTED[key]
    name, _, line = fig.source.partition(":")
    lines = (originals_dir() / name).read_text(encoding="utf-8").splitlines()
    assert 1 <= int(line) <= len(lines), f"{key}: {fig.source} is past the end of {name}"
    assert fig.printed in lines[int(line) - 1], f"{key}: {fig.printed!r} is not on {fig.source}"


@pytest.mark.parametrize("key", sorted(REPORTED))
def test_each_value_is_its_printed_text(key):
    fig = REPORTED[key]
    assert fig.value == float(fig.printed.replace(",", "")), key
    assert key.startswith("orig") and fig.what


def test_reported_names_the_keys_when_one_is_unknown():
    with pytest.raises(KeyError, match="no reported figure 'orig001_nope'.*orig001_relu_test_acc"):
        reported("orig001_nope")


def test_beside_glues_the_quote_and_the_difference(monkeypatch):
    glued = {}
    monkeypatch.setattr(originals, "glue", lambda k, v: glued.setdefault(k, v))
    diff = beside("orig001_relu_test_acc", 0.9802)
    assert diff == pytest.approx(0.9802 - 0.982)
    assert glued == {"orig001_relu_test_acc": 0.982, "orig001_relu_test_acc_diff": diff}


def test_beside_rejects_a_result_that_is_not_a_number():
    with pytest.raises(TypeError):
        beside("orig001_relu_test_acc", "0.98")
