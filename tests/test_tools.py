"""Unit tests of the pure logic in tools/ (benchmark report, the build's cache, determinism)."""

import json
import subprocess

import nbformat
import pytest

from tools import bench, build_cache, check_determinism, results
from tools.build_cache import GlueError

PREFIX = "application/papermill.record/"


def glue_output(key, text, prefix=PREFIX):
    """The display_data output myst-nb's glue(key, value, display=False) leaves."""
    return nbformat.v4.new_output(
        "display_data",
        data={prefix + "text/plain": text},
        metadata={"scrapbook": {"name": key, "mime_prefix": prefix}},
    )


def executed_notebook(*cells_outputs):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("# Title"))
    for outputs in cells_outputs:
        cell = nbformat.v4.new_code_cell("glue(...)")
        cell.outputs = list(outputs)
        nb.cells.append(cell)
    return nb


# ----------------------------------------------------------------- build_cache


def test_glue_extraction_reads_numbers_and_ignores_other_outputs():
    nb = executed_notebook(
        [glue_output("mlp_acc", "0.9812"), nbformat.v4.new_output("stream", text="hello")],
        [glue_output("mlp_params", "407050"), glue_output("shown", "0.5", prefix="")],
    )
    assert build_cache.glue_from_notebook(nb) == {
        "mlp_acc": 0.9812,
        "mlp_params": 407050,
        "shown": 0.5,
    }
    assert type(build_cache.glue_from_notebook(nb)["mlp_params"]) is int


def test_glue_extraction_keeps_non_numbers_as_text():
    nb = executed_notebook([glue_output("name", "'relu'"), glue_output("arr", "array([1, 2])")])
    assert build_cache.glue_from_notebook(nb) == {"name": "'relu'", "arr": "array([1, 2])"}


def test_glue_key_glued_twice_is_an_error():
    nb = executed_notebook([glue_output("k", "1")], [glue_output("k", "2")])
    with pytest.raises(GlueError, match="glued twice"):
        build_cache.glue_from_notebook(nb, "ch.ipynb")


def test_glue_output_without_text_is_an_error():
    out = glue_output("k", "1")
    out["data"] = {PREFIX + "image/png": "..."}
    with pytest.raises(GlueError, match="without a text/plain"):
        build_cache.glue_from_notebook(executed_notebook([out]))


def test_glue_from_files_and_folders(tmp_path):
    nbformat.write(executed_notebook([glue_output("a_x", "1.5")]), tmp_path / "01_a.ipynb")
    sub = tmp_path / "more"
    sub.mkdir()
    nbformat.write(executed_notebook([glue_output("b_y", "2")]), sub / "02_b.ipynb")
    assert build_cache.glue_from_paths([tmp_path / "01_a.ipynb"]) == {"01_a": {"a_x": 1.5}}
    per_nb = build_cache.glue_from_paths([tmp_path])
    assert per_nb == {"01_a": {"a_x": 1.5}, "02_b": {"b_y": 2}}
    assert build_cache.flatten(per_nb) == {"a_x": 1.5, "b_y": 2}


def test_same_key_in_two_notebooks_is_an_error():
    with pytest.raises(GlueError, match="glued in both 01 and 02"):
        build_cache.flatten({"01": {"k": 1}, "02": {"k": 1}})


def test_corrupt_and_wrong_inputs_give_clear_errors(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    with pytest.raises(GlueError, match="not a readable notebook"):
        build_cache.glue_from_paths([bad])
    with pytest.raises(GlueError, match="not a Jupyter notebook"):
        build_cache.glue_from_notebook({"nbformat": 4})
    with pytest.raises(GlueError, match="give .ipynb files"):
        build_cache.glue_from_paths([tmp_path / "notes.txt"])
    with pytest.raises(GlueError, match="not a jupyter-cache folder"):
        build_cache.glue_from_cache(tmp_path)


def cache_with(tmp_path, runs):
    """A jupyter-cache folder in which each (stem, glue outputs, seconds) of ``runs`` was executed.

    Runs of the same stem in order are re-executions after an edit (the source changes).
    """
    import jupyter_cache
    from jupyter_cache.base import CacheBundleIn

    cache = jupyter_cache.get_cache(str(tmp_path / "cache"))
    for n, (stem, outputs, seconds) in enumerate(runs):
        executed = executed_notebook(outputs)
        executed.cells[1].source = f"glue(...)  # edit {n}"
        path = tmp_path / f"{stem}.ipynb"
        nbformat.write(executed, path)
        cache.add_nb_to_project(str(path))
        bundle = CacheBundleIn(executed, str(path), data={"execution_seconds": seconds})
        cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
    return tmp_path / "cache"


def test_the_build_is_each_toc_notebooks_run_of_its_current_code(tmp_path, capsys):
    cache = cache_with(
        tmp_path,
        [
            ("03_c", [glue_output("c_z", "0.25")], 1.5),
            ("04_d", [glue_output("d_old", "1")], 2.0),
            ("04_d", [glue_output("d_new", "2")], 3.0),
        ],
    )
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: 03_c\nchapters:\n  - file: 04_d\n")
    runs = build_cache.current_runs(cache, toc, tmp_path, quick=None)
    assert {stem: build_cache.glue_from_notebook(nb) for stem, (_, nb) in runs.items()} == {
        "03_c": {"c_z": 0.25},
        "04_d": {"d_new": 2},
    }
    assert bench.execution_seconds_from_cache(cache, toc, tmp_path) == {"03_c": 1.5, "04_d": 3.0}
    # runs that record no inputs are not a full-mode build of the current book
    with pytest.raises(build_cache.BuildError, match="03_c: not a full-mode run"):
        build_cache.build_values(cache, toc, tmp_path, quick=False)
    # a notebook edited since the build has no run of its current code
    (tmp_path / "03_c.ipynb").write_text(
        (tmp_path / "03_c.ipynb").read_text().replace("edit 0", "edit 9")
    )
    with pytest.raises(build_cache.BuildError, match="03_c: not in the cache"):
        build_cache.current_runs(cache, toc, tmp_path, quick=None)


def test_main_prints_values_of_notebook_files(tmp_path, capsys):
    nbformat.write(executed_notebook([glue_output("a_x", "1.5")]), tmp_path / "01_a.ipynb")
    assert build_cache.main([str(tmp_path / "01_a.ipynb"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"01_a": {"a_x": 1.5}}


def test_cache_key_follows_the_notebooks_and_the_inputs(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "helpers").mkdir()
    (tmp_path / "chapters" / "01.ipynb").write_text("{}")
    (tmp_path / "helpers" / "a.py").write_text("x = 1")
    first = build_cache.cache_key(tmp_path)
    assert first.startswith("jupyter-cache-") and first == build_cache.cache_key(tmp_path)
    (tmp_path / "helpers" / "a.py").write_text("x = 2")
    second = build_cache.cache_key(tmp_path)
    (tmp_path / "chapters" / "01.ipynb").write_text('{"cells": []}')
    assert len({first, second, build_cache.cache_key(tmp_path)}) == 3


def test_the_workflow_takes_its_cache_key_from_build_cache():
    """One owner of what invalidates a run: the workflow asks tools/build_cache.py,
    which a bare Python (before any install) can run."""
    import sys

    workflow = (build_cache.ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8")
    assert "python3 -m tools.build_cache --cache-key" in workflow
    assert "key: ${{ steps.cache-key.outputs.key }}" in workflow
    assert "hashFiles('chapters" not in workflow
    done = subprocess.run(
        [sys.executable, "-S", "-m", "tools.build_cache", "--cache-key"],
        cwd=build_cache.ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(build_cache.ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == build_cache.cache_key(build_cache.ROOT)


# ----------------------------------------------------------------- determinism


def test_main_reports_errors_without_a_traceback(tmp_path, capsys):
    (tmp_path / "bad.ipynb").write_text("{not json")
    assert build_cache.main([str(tmp_path / "bad.ipynb")]) == 2
    assert "not a readable notebook" in capsys.readouterr().err


def _values(**values):
    return {key: {"notebook": "05", "value": value} for key, value in values.items()}


def test_two_builds_are_compared_exactly_and_timings_only_listed(root):
    rules = results.load_rules(root / "results" / "tolerances.yml")
    first = _values(width_acc=0.97, width_relu256_seconds=0.083, f_cost_ms=9.5)
    same = results.compare_exactly(
        first, _values(width_acc=0.97, width_relu256_seconds=0.079, f_cost_ms=9.1), rules
    )
    assert same.ok and same.compared == 1 and len(same.timings) == 2
    # a difference that the book's tolerance table allows is still a difference here
    differs = results.compare_exactly(
        first, _values(width_acc=0.9701, width_relu256_seconds=0.08, f_cost_ms=9.0), rules
    )
    assert not differs.ok and differs.moved[0].startswith("05  width_acc: 0.97 -> 0.9701")
    # 1 and 1.0 differ; a key in one build only is a difference too
    assert not results.compare_exactly(_values(n=1), _values(n=1.0), rules).ok
    assert results.compare_exactly(_values(n=1), _values(m=1), rules).new == ["05  m = 1"]


def test_work_tree_state_sees_writes_outside_build(tmp_path):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / ".gitignore").write_text("_build/\n.venv-colab/\n__pycache__/\nsecret.log\n")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "a.ipynb").write_text("{}")
    git("add", "-A")
    git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "x")
    for folder in ("_build", ".venv-colab", "helpers/__pycache__"):
        (tmp_path / folder).mkdir(parents=True)
    before = check_determinism.work_tree_state(tmp_path)
    (tmp_path / "_build" / "out.html").write_text("fine")
    (tmp_path / ".venv-colab" / "x.py").write_text("fine")
    (tmp_path / "helpers" / "__pycache__" / "x.pyc").write_text("fine")
    assert check_determinism.changes(before, check_determinism.work_tree_state(tmp_path)) == []
    (tmp_path / "chapters" / "figure.png").write_text("not fine")
    (tmp_path / "secret.log").write_text("ignored by git, still not fine")
    (tmp_path / "chapters" / "a.ipynb").write_text('{"changed": 1}')
    found = check_determinism.changes(before, check_determinism.work_tree_state(tmp_path))
    assert "now: ?? chapters/figure.png" in found
    assert "now: !! secret.log" in found
    assert "now:  M chapters/a.ipynb" in found


def test_determinism_refuses_to_build_into_the_repository_outside_build(capsys):
    with pytest.raises(SystemExit):
        check_determinism.main(["--out", "chapters/determinism"])
    assert "--out must be inside" in capsys.readouterr().err
