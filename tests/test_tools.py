"""Unit tests of the pure logic in tools/ (benchmark report, glue extraction, determinism diff)."""

import json
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import bench  # noqa: E402
import check_determinism  # noqa: E402
import glued_values  # noqa: E402
from glued_values import GlueError  # noqa: E402

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


def test_glue_from_a_jupyter_cache(tmp_path):
    jupyter_cache = pytest.importorskip("jupyter_cache")
    from jupyter_cache.base import CacheBundleIn

    source = executed_notebook([])
    source.cells[1].outputs = []
    path = tmp_path / "03_c.ipynb"
    nbformat.write(source, path)
    cache = jupyter_cache.get_cache(str(tmp_path / "cache"))
    cache.add_nb_to_project(str(path))
    executed = executed_notebook([glue_output("c_z", "0.25")])
    cache.cache_notebook_bundle(CacheBundleIn(executed, str(path)), check_validity=False)
    assert glued_values.glue_from_cache(tmp_path / "cache") == {"03_c": {"c_z": 0.25}}
    assert glued_values.main([str(tmp_path / "cache"), "--json"]) == 0


# ----------------------------------------------------------------- determinism


def test_identical_glue_has_no_differences():
    glue = {"04": {"a": 0.5, "b": 3}}
    assert check_determinism.compare_glue(glue, json.loads(json.dumps(glue))) == []


def test_glue_differences_are_listed():
    first = {"04": {"a": 0.5, "b": 3, "c": 1.0}, "05": {"d": 1}}
    second = {"04": {"a": 0.5000001, "b": 3, "e": 2.0}, "06": {"f": 1}}
    assert check_determinism.compare_glue(first, second) == [
        "04: a: 0.5 != 0.5000001",
        "04: c = 1.0 in the first build, missing in the second",
        "04: e = 2.0 in the second build, missing in the first",
        "05: only in the first build",
        "06: only in the second build",
    ]


def test_int_and_float_of_same_value_differ():
    assert check_determinism.compare_glue({"n": {"k": 1}}, {"n": {"k": 1.0}}) == ["n: k: 1 != 1.0"]


def test_timing_keys_are_not_compared():
    first = {"05": {"width_relu256_seconds": 0.083, "width_acc": 0.97}}
    second = {"05": {"width_relu256_seconds": 0.079, "width_acc": 0.97}}
    ignore = check_determinism.TIMING_KEYS
    assert check_determinism.compare_glue(first, second, ignore=ignore) == []
    assert len(check_determinism.compare_glue(first, second)) == 1
    second["05"]["width_acc"] = 0.96
    assert check_determinism.compare_glue(first, second, ignore=ignore) == [
        "05: width_acc: 0.97 != 0.96"
    ]


def test_snapshot_sees_writes_outside_build(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "a.ipynb").write_text("{}")
    (tmp_path / "gone.txt").write_text("x")
    (tmp_path / "_build").mkdir()
    (tmp_path / ".venv-colab").mkdir()
    before = check_determinism.snapshot(tmp_path)
    assert set(before) == {"chapters/a.ipynb", "gone.txt"}
    (tmp_path / "_build" / "out.html").write_text("fine")
    (tmp_path / ".venv-colab" / "x.py").write_text("fine")
    (tmp_path / "chapters" / "figure.png").write_text("not fine")
    (tmp_path / "chapters" / "a.ipynb").write_text('{"changed": 1}')
    (tmp_path / "gone.txt").unlink()
    after = check_determinism.snapshot(tmp_path)
    assert check_determinism.diff_snapshots(before, after) == [
        "changed: chapters/a.ipynb",
        "created: chapters/figure.png",
        "deleted: gone.txt",
    ]


def test_determinism_refuses_to_write_outside_build():
    with pytest.raises(SystemExit):
        check_determinism.main(["--out", "/tmp/elsewhere"])


# ----------------------------------------------------------------- bench


@pytest.mark.parametrize(
    "seconds, text", [(4.25, "4.2 s"), (59.96, "60.0 s"), (75.3, "1 min 15.3 s"), (None, "n/a")]
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
            "book": {**way, "samples_per_s": 30000.0},
            "defaults": {**way, "samples_per_s": 20000.0},
            "numpy": {**way, "samples_per_s": 60000.0, "gflops": 98.0},
        }
    }
    text = bench.report(results)
    assert "book / defaults = 1.50x" in text and "MISSED by 25%" in text
    assert "0.50x" in text  # book / numpy limit
    assert "30,000" in text
