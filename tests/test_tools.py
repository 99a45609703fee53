"""Unit tests of the pure logic in tools/ (benchmark report, glue extraction, determinism diff)."""

import json
import re

import nbformat
import pytest

from tools import bench, check_determinism, glued_values
from tools.glued_values import GlueError

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


# ----------------------------------------------------------------- glued_values


def test_glue_extraction_reads_numbers_and_ignores_other_outputs():
    nb = executed_notebook(
        [glue_output("mlp_acc", "0.9812"), nbformat.v4.new_output("stream", text="hello")],
        [glue_output("mlp_params", "407050"), glue_output("shown", "0.5", prefix="")],
    )
    assert glued_values.glue_from_notebook(nb) == {
        "mlp_acc": 0.9812,
        "mlp_params": 407050,
        "shown": 0.5,
    }
    assert type(glued_values.glue_from_notebook(nb)["mlp_params"]) is int


def test_glue_extraction_keeps_non_numbers_as_text():
    nb = executed_notebook([glue_output("name", "'relu'"), glue_output("arr", "array([1, 2])")])
    assert glued_values.glue_from_notebook(nb) == {"name": "'relu'", "arr": "array([1, 2])"}


def test_glue_key_glued_twice_is_an_error():
    nb = executed_notebook([glue_output("k", "1")], [glue_output("k", "2")])
    with pytest.raises(GlueError, match="glued twice"):
        glued_values.glue_from_notebook(nb, "ch.ipynb")


def test_glue_output_without_text_is_an_error():
    out = glue_output("k", "1")
    out["data"] = {PREFIX + "image/png": "..."}
    with pytest.raises(GlueError, match="without a text/plain"):
        glued_values.glue_from_notebook(executed_notebook([out]))


def test_glue_from_files_and_folders(tmp_path):
    nbformat.write(executed_notebook([glue_output("a_x", "1.5")]), tmp_path / "01_a.ipynb")
    sub = tmp_path / "more"
    sub.mkdir()
    nbformat.write(executed_notebook([glue_output("b_y", "2")]), sub / "02_b.ipynb")
    assert glued_values.glue_from_paths([tmp_path / "01_a.ipynb"]) == {"01_a": {"a_x": 1.5}}
    per_nb = glued_values.glue_from_paths([tmp_path])
    assert per_nb == {"01_a": {"a_x": 1.5}, "02_b": {"b_y": 2}}
    assert glued_values.flatten(per_nb) == {"a_x": 1.5, "b_y": 2}


def test_same_key_in_two_notebooks_is_an_error():
    with pytest.raises(GlueError, match="glued in both 01 and 02"):
        glued_values.flatten({"01": {"k": 1}, "02": {"k": 1}})


def test_corrupt_and_wrong_inputs_give_clear_errors(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    with pytest.raises(GlueError, match="not a readable notebook"):
        glued_values.glue_from_paths([bad])
    with pytest.raises(GlueError, match="not a Jupyter notebook"):
        glued_values.glue_from_notebook({"nbformat": 4})
    with pytest.raises(GlueError, match="give .ipynb files"):
        glued_values.glue_from_paths([tmp_path / "notes.txt"])
    with pytest.raises(GlueError, match="not a jupyter-cache folder"):
        glued_values.glue_from_cache(tmp_path)


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


def test_glue_from_a_jupyter_cache_takes_each_notebooks_latest_run(tmp_path, capsys):
    cache = cache_with(
        tmp_path,
        [
            ("03_c", [glue_output("c_z", "0.25")], 1.5),
            ("04_d", [glue_output("d_old", "1")], 2.0),
            ("04_d", [glue_output("d_new", "2")], 3.0),
        ],
    )
    assert glued_values.glue_from_cache(cache) == {"03_c": {"c_z": 0.25}, "04_d": {"d_new": 2}}
    assert glued_values.main([str(cache), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"03_c": {"c_z": 0.25}, "04_d": {"d_new": 2}}
    assert bench.execution_seconds_from_cache(cache) == {"03_c": 1.5, "04_d": 3.0}


# ----------------------------------------------------------------- determinism


def test_main_reports_errors_without_a_traceback(tmp_path, capsys):
    (tmp_path / "bad.ipynb").write_text("{not json")
    assert glued_values.main([str(tmp_path / "bad.ipynb")]) == 2
    assert "not a readable notebook" in capsys.readouterr().err


def test_identical_glue_has_no_differences():
    glue = {"04": {"a": 0.5, "b": 3}}
    assert check_determinism.compare_glue(glue, json.loads(json.dumps(glue))) == []


def test_glue_differences_are_listed():
    first = {"04": {"a": 0.5, "b": 3, "c": 1.0}, "05": {"d": 1}}
    second = {"04": {"a": 0.5000001, "b": 3, "e": 2.0}, "06": {"f": 1}}
    assert check_determinism.compare_glue(first, second) == [
        "04: a: 0.5 != 0.5000001",
        "04: c = 1.0 in the first build only",
        "04: e = 2.0 in the second build only",
        "05: only in the first build",
        "06: only in the second build",
    ]


def test_int_and_float_of_same_value_differ():
    assert check_determinism.compare_glue({"n": {"k": 1}}, {"n": {"k": 1.0}}) == ["n: k: 1 != 1.0"]


def test_timing_keys_are_listed_apart_not_compared():
    first = {"05": {"width_relu256_seconds": 0.083, "width_acc": 0.97}, "07": {"f_cost_ms": 9.5}}
    second = {"05": {"width_relu256_seconds": 0.079, "width_acc": 0.97}, "07": {"f_cost_ms": 9.1}}
    (a, a_timing), (b, b_timing) = (
        check_determinism.split_glue(g, check_determinism.TIMING_KEYS) for g in (first, second)
    )
    assert a == {"05": {"width_acc": 0.97}, "07": {}}
    assert check_determinism.compare_glue(a, b) == []
    assert check_determinism.side_by_side(a_timing, b_timing) == [
        "05: width_relu256_seconds: 0.083 / 0.079",
        "07: f_cost_ms: 9.5 / 9.1",
    ]
    assert len(check_determinism.compare_glue(first, second)) == 2
    second["05"]["width_acc"] = 0.96
    b, _ = check_determinism.split_glue(second, check_determinism.TIMING_KEYS)
    assert check_determinism.compare_glue(a, b) == ["05: width_acc: 0.97 != 0.96"]


@pytest.mark.parametrize(
    "key, timing",
    [
        ("width_relu1000_seconds", True),
        ("fashion_sigmoid_cost_ms", True),
        ("fashion_gap_in_stds", False),
        ("steps_sgd_default_lr", False),
        ("iris_steps_per_epoch", False),
        ("seconds_of_nothing_acc", False),
    ],
)
def test_timing_key_pattern(key, timing):
    assert bool(re.search(check_determinism.TIMING_KEYS, key)) is timing


def test_side_by_side_marks_keys_missing_from_one_build():
    assert check_determinism.side_by_side({"05": {"a_ms": 1.0}}, {}) == [
        "05: a_ms: 1.0 / 'missing'"
    ]


def test_snapshot_sees_writes_outside_build(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "a.ipynb").write_text("{}")
    (tmp_path / "gone.txt").write_text("x")
    for folder in ("_build", ".venv-colab", "helpers/__pycache__"):
        (tmp_path / folder).mkdir(parents=True)
    before = check_determinism.snapshot(tmp_path)
    assert set(before) == {"chapters/a.ipynb", "gone.txt"}
    (tmp_path / "_build" / "out.html").write_text("fine")
    (tmp_path / ".venv-colab" / "x.py").write_text("fine")
    (tmp_path / "helpers" / "__pycache__" / "x.pyc").write_text("fine")
    (tmp_path / "chapters" / "figure.png").write_text("not fine")
    (tmp_path / "chapters" / "_build").mkdir()  # only the top-level _build/ is the build's
    (tmp_path / "chapters" / "_build" / "x.html").write_text("not fine")
    (tmp_path / "chapters" / "a.ipynb").write_text('{"changed": 1}')
    (tmp_path / "gone.txt").unlink()
    after = check_determinism.snapshot(tmp_path)
    assert check_determinism.diff_snapshots(before, after) == [
        "created: chapters/_build/x.html",
        "changed: chapters/a.ipynb",
        "created: chapters/figure.png",
        "deleted: gone.txt",
    ]


def test_determinism_refuses_to_build_into_the_repository_outside_build(capsys):
    with pytest.raises(SystemExit):
        check_determinism.main(["--out", "chapters/determinism"])
    assert "--out must be inside" in capsys.readouterr().err


# ----------------------------------------------------------------- bench


@pytest.mark.parametrize(
    "seconds, text",
    [
        (4.25, "4.2 s"),
        (59.94, "59.9 s"),
        (59.96, "1 min 00.0 s"),
        (75.3, "1 min 15.3 s"),
        (119.96, "2 min 00.0 s"),
        (None, "n/a"),
    ],
)
def test_format_seconds(seconds, text):
    assert bench.format_seconds(seconds) == text


def test_format_seconds_rejects_negative():
    with pytest.raises(ValueError, match="negative"):
        bench.format_seconds(-1)


def test_format_ratio():
    assert bench.format_ratio(3, 2) == "1.50x"
    assert bench.format_ratio(1, 0) == "n/a"


def test_verdict():
    assert bench.verdict(590, 600) == "MET"
    assert bench.verdict(660, 600) == "MISSED by 10%"
    assert bench.verdict(1.5, 2.0, higher_is_better=True) == "MISSED by 25%"
    assert bench.verdict(2.1, 2.0, higher_is_better=True) == "MET"
    assert bench.verdict(None, 2.0) == "not measured"
    assert bench.run_verdict(590, 600, 0) == "MET"
    assert bench.run_verdict(59, 600, 2) == "FAILED (exit 2)"


def test_table_aligns_columns():
    text = bench.table([["a", "1"], ["bbb", "22"]], ["name", "n"])
    assert text.splitlines() == ["name   n", "----  --", "a      1", "bbb   22"]


def test_flops_per_sample_of_the_chapter_04_mlp():
    # forward 784*512 + 512*10, backward dW2 and dh (512*10 each) and dW1 (784*512)
    assert bench.mlp_flops_per_sample() == 2 * (2 * 784 * 512 + 3 * 512 * 10)


def test_quick_times_from_junit(tmp_path):
    xml = tmp_path / "junit.xml"
    xml.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="chapters.04_linear.ipynb" name="Cell 0" time="1.5"/>'
        '<testcase classname="chapters.04_linear.ipynb" name="Cell 1" time="2.0"/>'
        '<testcase classname="chapters.05_width.ipynb" name="Cell 0" time="0.25"/>'
        "</testsuite></testsuites>"
    )
    times = bench.quick_times_from_junit(xml, ["04_linear", "05_width", "06_out"])
    assert times == {"04_linear": 3.5, "05_width": 0.25, "06_out": 0.0}


def test_report_of_throughput_shows_ratios_and_verdict():
    way = {"epoch_s": [1.0], "cpu_per_wall": 1.0, "detail": "d"}
    results = {
        "throughput": {
            "book": {**way, "samples_per_s": 30000.0, "best_samples_per_s": 45000.0},
            "defaults": {**way, "samples_per_s": 20000.0, "best_samples_per_s": 20000.0},
            "numpy": {**way, "samples_per_s": 60000.0, "best_samples_per_s": 6e4, "gflops": 98.0},
        }
    }
    text = bench.report(results)
    assert "book / defaults = 1.50x" in text and "MISSED by 25%" in text
    assert "0.50x" in text  # book / numpy limit
    book_row = next(line for line in text.splitlines() if line.startswith("book ("))
    assert book_row.split()[-5:] == ["30,000", "1.50x", "0.50x", "45,000", "2.25x"]


def test_report_of_builds_and_quick_mode_lists_each_notebook_and_verdicts():
    results = {
        "build": {
            "cold_s": 540.0,
            "cold_rc": 0,
            "warm_s": 45.0,
            "warm_rc": 0,
            "full_nb_s": {"01_six_steps": 30.0, "04_linear_or_nonlinear": 120.5},
            "logs": ["cold.log", "warm.log"],
        },
        "quick": {
            "total_s": 200.0,
            "rc": 1,
            "quick_nb_s": {"01_six_steps": 12.0},
            "log": "q.log",
        },
    }
    lines = bench.report(results).splitlines()
    assert any(ln.split() == ["01_six_steps", "30.0", "s", "12.0", "s"] for ln in lines)
    assert any(
        ln.split() == ["04_linear_or_nonlinear", "2", "min", "00.5", "s", "n/a"] for ln in lines
    )
    text = "\n".join(" ".join(line.split()) for line in lines)  # spacing aside
    assert "cold cache 9 min 00.0 s target < 10 min 00.0 s: MET" in text
    assert "warm rebuild 45.0 s target < 30.0 s: MISSED by 50%" in text
    assert "target < 3 min 00.0 s: FAILED (exit 1), see q.log" in text
    assert "the notebooks' own run times add up to 2 min 30.5 s" in text
    assert "Training throughput" not in text


def test_throughput_rounds_pool_their_timed_epochs():
    rounds = [
        {"samples_per_epoch": 600, "timed_s": [1.0, 2.0], "cpu_per_wall": 1.5, "detail": "d"},
        {"samples_per_epoch": 600, "timed_s": [3.0], "cpu_per_wall": 0.9, "detail": "d"},
    ]
    way = bench.combine_rounds(rounds)
    assert way["rounds"] == 2 and way["timed_s"] == [1.0, 2.0, 3.0]
    assert way["samples_per_s"] == 600 * 3 / 6.0  # all samples over all time
    assert way["best_samples_per_s"] == 600.0
    assert abs(way["cpu_per_wall"] - 1.2) < 1e-12
    numpy_way = bench.combine_rounds([{**rounds[0], "gflops": 0.0}])
    assert numpy_way["gflops"] == bench.mlp_flops_per_sample() * 400 / 1e9


def test_throughput_ways_take_turns(monkeypatch):
    calls = []

    def fake_worker(way, epochs):
        calls.append((way, epochs))
        return {"samples_per_epoch": 100, "timed_s": [1.0] * epochs, "cpu_per_wall": 1.0}

    monkeypatch.setattr(bench, "run_worker_subprocess", fake_worker)
    result = bench.run_throughput(epochs=2, rounds=3)
    assert calls == [(way, 2) for _ in range(3) for way in ("book", "defaults", "numpy")]
    assert result["book"]["timed_s"] == [1.0] * 6 and result["numpy"]["rounds"] == 3
