"""helpers.originals: every quoted figure stands at its source, and beside() glues it.

The originals' texts are other people's posts, so the repository does not hold
them: ``results/originals_quotes.json`` holds, for each quote of
:data:`helpers.originals.REPORTED`, its file, line, the quoted text and a
digest of the whole line it stands on. The snapshot is checked against
``REPORTED`` always (on GitHub too, where the texts are absent), and against
the texts themselves where they lie beside the repository
(``../shared/originals``, or ``NNBOOK_ORIGINALS``). Rewrite it after adding a
quote with ``python -m tests.test_originals`` (it needs the texts).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from helpers import originals
from helpers.originals import REPORTED, beside, reported

ROOT = Path(__file__).resolve().parent.parent
#: The texts of the originals lie beside the repository (../shared/originals),
#: as in the maintainers' checkouts; NNBOOK_ORIGINALS points elsewhere.
ORIGINALS = Path(os.environ.get("NNBOOK_ORIGINALS", ROOT.parent / "shared" / "originals"))
SNAPSHOT = ROOT / "results" / "originals_quotes.json"


def line_digest(line: str) -> str:
    """The SHA-256 of one line of an original (without its line break)."""
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


def source_line(source: str) -> str:
    """The text of ``file.md:line`` in the originals' folder."""
    name, _, line = source.partition(":")
    lines = (ORIGINALS / name).read_text(encoding="utf-8").splitlines()
    assert 1 <= int(line) <= len(lines), f"{source} is past the end of {name}"
    return lines[int(line) - 1]


def snapshot_of_reported() -> dict:
    """The snapshot as it should be, read from the texts (needs ../shared/originals)."""
    quotes = {}
    for key, fig in sorted(REPORTED.items()):
        text = source_line(fig.source)
        assert fig.printed in text, f"{key}: {fig.printed!r} is not on {fig.source}"
        quotes[key] = {
            "source": fig.source,
            "printed": fig.printed,
            "line_sha256": line_digest(text),
        }
    return quotes


def load_snapshot() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))["quotes"]


def test_every_quote_has_its_snapshot():
    """REPORTED and the snapshot agree on every quote: file, line and printed text."""
    snapshot = load_snapshot()
    assert sorted(snapshot) == sorted(REPORTED), (
        "results/originals_quotes.json is out of date: run `python -m tests.test_originals`"
    )
    for key, fig in REPORTED.items():
        assert snapshot[key]["source"] == fig.source, key
        assert snapshot[key]["printed"] == fig.printed, key


@pytest.mark.skipif(not ORIGINALS.is_dir(), reason=f"the originals' texts are not at {ORIGINALS}")
@pytest.mark.parametrize("key", sorted(REPORTED))
def test_each_figure_is_printed_at_its_source(key):
    fig = REPORTED[key]
    text = source_line(fig.source)
    assert fig.printed in text, f"{key}: {fig.printed!r} is not on {fig.source}"
    assert load_snapshot()[key]["line_sha256"] == line_digest(text), (
        f"{key}: the line {fig.source} changed since the snapshot"
    )


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
    assert glued == {
        "orig001_relu_test_acc": 0.982,
        "orig001_relu_test_acc_diff_points": pytest.approx(-0.18),
        "orig001_relu_test_acc_diff": diff,
    }


def test_beside_rejects_a_result_that_is_not_a_number():
    with pytest.raises(TypeError):
        beside("orig001_relu_test_acc", "0.98")


if __name__ == "__main__":  # rewrite the snapshot from the texts
    SNAPSHOT.write_text(
        json.dumps(
            {
                "about": "Each quote of helpers.originals.REPORTED: its file and line in "
                "../shared/originals, the quoted text and the SHA-256 of the whole line. "
                "Rewritten by `python -m tests.test_originals`; tests/test_originals.py "
                "checks it against REPORTED always and against the texts where they exist.",
                "quotes": snapshot_of_reported(),
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {len(REPORTED)} quotes to {SNAPSHOT.relative_to(ROOT)}")
