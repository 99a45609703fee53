"""Tests of tools/build_book.py: which notebooks it runs, in what order, into which cache."""

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools import build_book, build_cache
from tools.toc import book_notebooks


def test_toc_notebooks_lists_every_chapter_notebook_in_reading_order(root):
    found = build_book.toc_notebooks(root / "_toc.yml")
    assert found == book_notebooks(root) and found  # the toc: the one list of the chapters
    # every notebook in chapters/ is run, and the toc lists them in the order of their names
    assert [p.name for p in found] == sorted(p.name for p in (root / "chapters").glob("*.ipynb"))
    assert all(p.suffix == ".ipynb" for p in found)  # intro.md and the .md pages are not run


def test_longest_notebooks_start_first():
    paths = [Path(f"chapters/{n}.ipynb") for n in ("01_six_steps", "new", "06_output_activations")]
    seconds = {"01_six_steps": 14.0, "06_output_activations": 259.2}
    ordered = [p.stem for p in build_book.longest_first(paths, seconds)]
    assert ordered == ["new", "06_output_activations", "01_six_steps"]


def test_the_order_comes_from_the_recorded_build(tmp_path):
    from tools.results import recorded_seconds, write_record

    record = tmp_path / "glued.json"
    assert recorded_seconds(record) == {}  # no record yet: every notebook counts as long
    write_record({"k": {"notebook": "a", "value": 1}}, record, {"a": 12.34, "b": 250.0})
    assert recorded_seconds(record) == {"a": 12.3, "b": 250.0}
    paths = [Path("a.ipynb"), Path("b.ipynb")]
    assert build_book.longest_first(paths, recorded_seconds(record)) == paths[::-1]


def _notebook(path: Path, code: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


@pytest.mark.skipif(not build_book.cores(), reason="needs a system that can pin processes")
def test_prefill_runs_what_the_cache_lacks_then_nothing(tmp_path, capsys):
    from jupyter_cache import get_cache

    books = [_notebook(tmp_path / f"nb{i}.ipynb", f"print({i} * 7)") for i in range(2)]
    cache_dir = tmp_path / "cache"
    # root: the inputs of this throwaway book (not the repository's helpers)
    assert build_book.prefill_cache(cache_dir, books, 120, workers=2, root=tmp_path) == 0
    out = capsys.readouterr().out
    assert "0 notebooks cached, 2 to run" in out and out.count("executed ") == 2
    cache = get_cache(str(cache_dir))
    for i, path in enumerate(books):  # the cache serves them as myst-nb asks for them
        record = cache.match_cache_notebook(nbformat.read(path, as_version=4))
        assert record.data["execution_seconds"] > 0
        _, merged = cache.merge_match_into_notebook(nbformat.read(path, as_version=4))
        assert merged.cells[0].outputs[0]["text"] == f"{i * 7}\n"
    assert build_book.prefill_cache(cache_dir, books, 120, workers=2, root=tmp_path) == 0
    assert "2 notebooks cached, 0 to run" in capsys.readouterr().out


def test_prefill_reports_a_failing_notebook(tmp_path, capsys):
    bad = _notebook(tmp_path / "bad.ipynb", "raise ValueError('wrong shape')")
    cache = tmp_path / "cache"
    assert build_book.prefill_cache(cache, [bad], 120, workers=1, root=tmp_path) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and "wrong shape" in out


def test_command_is_this_script_with_its_output_folder(tmp_path):
    cmd = build_book.command(tmp_path / "out", toc="other_toc.yml")
    assert cmd[:3] == [sys.executable, "-m", "tools.build_book"]
    assert cmd[3:] == ["--path-output", str(tmp_path / "out"), "--toc", "other_toc.yml"]
    assert build_book.command("out", quick=True)[-1] == "--quick"
    assert build_book.book_env(quick=True)["NNBOOK_QUICK"] == "1"
    assert build_book.book_env(quick=False)["NNBOOK_QUICK"] == "0"


def test_the_build_sets_its_own_environment(tmp_path, monkeypatch):
    """make book, the bench and the determinism check get one environment: main() sets it."""
    seen = {}

    def jupyter_book(cmd, **kwargs):
        seen.update({k: os.environ.get(k) for k in ("NNBOOK_QUICK", "NNBOOK_STRICT", "NO_COLOR")})
        seen["path"] = os.environ["PATH"].split(os.pathsep)[0]
        return subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(os, "environ", dict(os.environ))  # main() sets the process's own
    os.environ["NNBOOK_QUICK"] = "1"  # a shell's leftover must not make a quick book
    monkeypatch.setattr(build_book, "prefill_cache", lambda *args: 0)
    monkeypatch.setattr(build_book.subprocess, "run", jupyter_book)
    assert build_book.main(["--path-output", str(tmp_path), "--english-only"]) == 0
    assert seen == {
        "NNBOOK_QUICK": "0",
        "NNBOOK_STRICT": "1",
        "NO_COLOR": "1",
        "path": str(Path(sys.executable).parent),
    }
    assert build_book.main(["--path-output", str(tmp_path), "--english-only", "--quick"]) == 0
    assert seen["NNBOOK_QUICK"] == "1"


@pytest.mark.skipif(not build_book.cores(), reason="needs a system that can pin processes")
def test_a_changed_helper_re_runs_the_cached_notebooks(tmp_path, capsys):
    """The cache keys on code only; the inputs recorded with each run catch the rest."""
    (tmp_path / "helpers").mkdir()
    helper = tmp_path / "helpers" / "training.py"
    helper.write_text("EPOCHS = 5\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "table.csv").write_text("1,2\n")
    (tmp_path / "requirements.txt").write_text("keras>=3.13\n")
    (tmp_path / "chapters").mkdir()
    _notebook(tmp_path / "chapters" / "01_a.ipynb", "print(6 * 7)")
    _notebook(tmp_path / "chapters" / "02_b.ipynb", "print(6 * 9)")
    toc = tmp_path / "_toc.yml"
    toc.write_text(
        "format: jb-book\nroot: intro\nparts:\n  - chapters:\n"
        "      - file: chapters/01_a\n        sections:\n          - file: chapters/02_b\n"
    )
    (tmp_path / "intro.md").write_text("# Intro\n")
    books = build_book.toc_notebooks(toc, tmp_path)
    assert [p.name for p in books] == ["01_a.ipynb", "02_b.ipynb"]  # sections too
    cache_dir = tmp_path / "_build" / ".jupyter_cache"

    def prefill() -> str:
        assert build_book.prefill_cache(cache_dir, books, 120, workers=2, root=tmp_path) == 0
        return capsys.readouterr().out

    assert "0 notebooks cached, 2 to run" in prefill()
    assert "2 notebooks cached, 0 to run" in prefill()

    helper.write_text("EPOCHS = 6\n")  # a helper changes: both notebooks run again
    out = prefill()
    assert "0 notebooks cached, 2 to run" in out and out.count("executed ") == 2
    assert "re-running 2 cached notebook(s): helpers changed since the cached run" in out
    assert "2 notebooks cached, 0 to run" in prefill()

    (tmp_path / "data" / "table.csv").write_text("1,3\n")
    (tmp_path / "requirements.txt").write_text("keras>=3.14\n")
    assert "data, requirements*.txt changed" in prefill()


def test_inputs_fingerprint_follows_helpers_data_requirements_and_mode(tmp_path):
    (tmp_path / "helpers" / "__pycache__").mkdir(parents=True)
    (tmp_path / "helpers" / "modes.py").write_text("x = 1\n")
    first = build_cache.inputs_fingerprint(tmp_path, quick=False)
    (tmp_path / "helpers" / "__pycache__" / "modes.cpython-311.pyc").write_bytes(b"\0")
    assert build_cache.inputs_fingerprint(tmp_path, quick=False) == first  # caches ignored
    assert build_cache.why_rerun(first, first) is None
    quick = build_cache.inputs_fingerprint(tmp_path, quick=True)
    assert build_cache.why_rerun(first, quick) == (
        "the cached run was in full mode, this build is quick"
    )
    assert "no record of its inputs" in build_cache.why_rerun(None, first)
    (tmp_path / "requirements-dev.txt").write_text("pytest\n")
    changed = build_cache.inputs_fingerprint(tmp_path, quick=False)
    assert build_cache.why_rerun(first, changed) == "requirements*.txt changed since the cached run"
    assert "keras" in first["packages"] and first["python"]
