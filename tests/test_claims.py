"""helpers.claims: a claim the run does not bear out stops the build, not a class."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from helpers.claims import ClaimError, claim, why_runs_differ


@pytest.fixture
def student(monkeypatch):
    """A student's run: no NNBOOK_STRICT, full mode."""
    monkeypatch.delenv("NNBOOK_STRICT", raising=False)
    monkeypatch.setenv("NNBOOK_QUICK", "0")


@pytest.fixture
def build(monkeypatch):
    """The book's build: NNBOOK_STRICT=1, full mode."""
    monkeypatch.setenv("NNBOOK_STRICT", "1")
    monkeypatch.setenv("NNBOOK_QUICK", "0")


def test_a_claim_that_holds_is_silent_everywhere(student, capsys):
    assert claim(0.97 > 0.9, "the net passes 90%") is True
    assert capsys.readouterr().out == ""


def test_in_the_build_a_failed_claim_stops_the_run(build):
    with pytest.raises(
        ClaimError, match=r"The text claims: ReLU beats sigmoid\. This run gave 0\.8712"
    ):
        claim(False, "ReLU beats sigmoid", got=0.87123)


def test_in_a_students_run_a_failed_claim_prints_a_note_and_goes_on(student, capsys):
    assert claim(False, "ReLU beats sigmoid", got=0.87123) is False
    out = capsys.readouterr().out
    assert "the text says ReLU beats sigmoid" in out
    assert "gave 0.8712" in out
    assert "GPU" in out and "download" in out
    assert "the notebook goes on" in out
    assert max(len(line) for line in out.splitlines()) <= 76


def test_quick_mode_is_named_as_a_reason_in_quick_mode(student, monkeypatch):
    monkeypatch.setenv("NNBOOK_QUICK", "1")
    assert any("quick mode" in reason for reason in why_runs_differ())
    monkeypatch.setenv("NNBOOK_QUICK", "0")
    assert not any("quick mode" in reason for reason in why_runs_differ())


def test_full_only_claims_are_not_checked_in_quick_mode(build, monkeypatch):
    monkeypatch.setenv("NNBOOK_QUICK", "1")
    assert claim(False, "holds only at full scale", full_only=True) is True
    monkeypatch.setenv("NNBOOK_QUICK", "0")
    with pytest.raises(ClaimError):
        claim(False, "holds only at full scale", full_only=True)


def test_a_claim_needs_its_words(build):
    with pytest.raises(TypeError, match="claim's words"):
        claim(True, "")


def test_counts_are_shown_with_separators(build):
    with pytest.raises(ClaimError, match="1,720,330"):
        claim(False, "the net has 407,050 parameters", got=1720330)


def _notebook_with_a_failed_claim():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from helpers.claims import claim\nclaim(1 > 2, 'one beats two')"
        ),
        nbformat.v4.new_code_cell("print('the next cell ran')"),
    ]
    return nb


def test_run_all_goes_on_in_a_students_kernel(student):
    nb = _notebook_with_a_failed_claim()
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    assert "the text says one beats two" in nb.cells[0].outputs[0]["text"]
    assert nb.cells[1].outputs[0]["text"] == "the next cell ran\n"


def test_run_all_stops_in_the_builds_kernel(build):
    nb = _notebook_with_a_failed_claim()
    with pytest.raises(CellExecutionError, match="one beats two"):
        NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    assert not nb.cells[1].get("outputs")
