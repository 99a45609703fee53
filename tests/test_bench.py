"""Unit tests of the benchmark's own logic: formatting, verdicts, the report, pooling rounds.

The timings themselves come from hyperfine (whole commands) and pyperf
(throughput); these tests feed the bench small, made-up results of both.
"""

import json
import shutil

import pyperf
import pytest

from tools import bench, bench_commands, bench_throughput


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


def test_table_aligns_first_column_left_and_the_others_right():
    lines = bench.table([["a", "1"], ["bbb", "22"], ["cc", "1,000"]], ["name", "n"]).splitlines()
    assert [line.split() for line in lines] == [
        ["name", "n"],
        ["-" * len(lines[1].split()[0]), "-" * len(lines[1].split()[1])],
        ["a", "1"],
        ["bbb", "22"],
        ["cc", "1,000"],  # cells are text: "1,000" is not read as a number
    ]
    assert lines[2].startswith("a ") and lines[3].startswith("bbb ")  # left
    assert len({len(line) for line in lines}) == 1  # right: every line ends at the last column


def test_flops_per_sample_of_the_chapter_04_mlp():
    # forward 784*512 + 512*10, backward dW2 and dh (512*10 each) and dW1 (784*512)
    assert bench_throughput.mlp_flops_per_sample() == 2 * (2 * 784 * 512 + 3 * 512 * 10)


def test_quick_times_from_junit(tmp_path):
    xml = tmp_path / "junit.xml"
    xml.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="chapters.04_linear.ipynb" name="Cell 0" time="1.5"/>'
        '<testcase classname="chapters.04_linear.ipynb" name="Cell 1" time="2.0"/>'
        '<testcase classname="chapters.05_width.ipynb" name="Cell 0" time="0.25"/>'
        "</testsuite></testsuites>"
    )
    times = bench_commands.quick_times_from_junit(xml, ["04_linear", "05_width", "06_out"])
    assert times == {"04_linear": 3.5, "05_width": 0.25, "06_out": 0.0}


# ----------------------------------------------------------------- whole commands (hyperfine)


def hyperfine_export(times, exit_codes):
    """A hyperfine --export-json document of one command."""
    mean = sum(times) / len(times)
    result = {"command": "c", "mean": mean, "times": times, "exit_codes": exit_codes}
    return {"results": [result]}


def test_timing_from_hyperfine_reports_the_mean_and_the_first_failure():
    ok = bench_commands.timing_from_hyperfine(hyperfine_export([2.0, 4.0], [0, 0]))
    assert ok == {"seconds": 3.0, "times": [2.0, 4.0], "rc": 0}
    failed = bench_commands.timing_from_hyperfine(hyperfine_export([1.0, 1.0, 1.0], [0, 2, 1]))
    assert failed["rc"] == 2


@pytest.mark.skipif(shutil.which("hyperfine") is None, reason="hyperfine is not installed")
def test_hyperfine_times_a_failing_command_and_keeps_its_output(tmp_path):
    marker = tmp_path / "prepared"
    cmd = [
        "sh",
        "-c",
        'test -f "$1" && rm "$1" && echo "out $2" && echo err >&2 && sleep 0.2 && exit 3',
    ]
    timing = bench_commands.hyperfine(
        "demo",
        [*cmd, "sh", str(marker), "it's"],  # quoting survives the shell
        env={"PATH": "/usr/bin:/bin"},
        log=tmp_path / "demo.log",
        runs=2,
        prepare=["touch", str(marker)],  # before each run
    )
    assert timing["rc"] == 3 and len(timing["times"]) == 2 and timing["seconds"] > 0.1
    assert (tmp_path / "demo.log").read_text() == "out it's\nerr\n"
    assert json.loads((tmp_path / "demo.json").read_text())["results"][0]["command"] == "demo"


# ----------------------------------------------------------------- throughput (pyperf)


def pyperf_run(way, timed_s, cpu_per_wall=1.0, samples=600):
    """One process's run as pyperf stores it: a warm-up epoch and the timed ones."""
    metadata = {
        "name": way,
        "unit": "second",
        "loops": 1,
        "samples_per_epoch": samples,
        "detail": f"{way} detail",
        "cpu_per_wall": cpu_per_wall,
    }
    return pyperf.Run(timed_s, warmups=[(1, 9.0)], metadata=metadata, collect_metadata=False)


def test_throughput_rounds_pool_their_timed_epochs():
    rounds = [pyperf_run("book", [1.0, 2.0], 1.5), pyperf_run("book", [3.0], 0.9)]
    way = bench_throughput.way_result(pyperf.Benchmark(rounds))
    assert way["rounds"] == 2 and way["timed_s"] == [1.0, 2.0, 3.0]  # warm-ups left out
    assert way["samples_per_s"] == pytest.approx(600 * 3 / 6.0)  # all samples over all time
    assert way["best_samples_per_s"] == 600.0
    assert way["cpu_per_wall"] == pytest.approx(1.2)
    assert way["detail"] == "book detail" and "gflops" not in way
    numpy_way = bench_throughput.way_result(pyperf.Benchmark([pyperf_run("numpy", [1.5])]))
    assert numpy_way["gflops"] == pytest.approx(bench_throughput.mlp_flops_per_sample() * 400 / 1e9)


def test_throughput_ways_take_turns(monkeypatch, tmp_path):
    calls = []

    def fake_run_way(way, values, append_to):
        calls.append((way, values))
        pyperf.add_runs(str(append_to), pyperf.Benchmark([pyperf_run(way, [1.0] * values)]))

    monkeypatch.setattr(bench_throughput, "run_way", fake_run_way)
    (tmp_path / "book.json").write_text("left by an earlier bench")  # started afresh
    result = bench_throughput.run_throughput(epochs=2, rounds=3, out_dir=tmp_path)
    # NumPy's short epochs: at least 3 per round
    assert calls == [
        (way, n) for _ in range(3) for way, n in [("book", 2), ("defaults", 2), ("numpy", 3)]
    ]
    assert result["book"]["timed_s"] == [1.0] * 6 and result["book"]["rounds"] == 3
    assert result["numpy"]["timed_s"] == [1.0] * 9
    assert result == bench_throughput.load_results(tmp_path)


def test_the_throughput_options_reach_pyperfs_workers():
    class Args:
        way, spe, jit, intra, inter = "book", 469, "off", None, 2

    cmd = ["python", "-m", "tools.bench_throughput", "--worker"]
    bench_throughput._forward(cmd, Args)
    assert cmd[4:] == ["book", "--spe", "469", "--jit", "off", "--inter", "2"]


def test_cpu_per_wall_hook_pools_cpu_and_wall_time_over_the_epochs(monkeypatch):
    class Clock:  # two epochs: 3 s of CPU in 2 s, then 2 s of CPU in 2 s
        process_time = iter([0.0, 3.0, 10.0, 12.0]).__next__
        perf_counter = iter([0.0, 2.0, 5.0, 7.0]).__next__

    monkeypatch.setattr(bench_throughput, "time", Clock)
    hook = bench_throughput.CpuPerWall.load()()
    for _ in range(2):
        with hook:
            pass
    metadata = {}
    hook.teardown(metadata)
    assert metadata == {"cpu_per_wall": 5.0 / 4.0}


# ----------------------------------------------------------------- report


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
            "warm_times": [40.0, 45.0, 50.0],
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
    assert (
        "warm rebuild 45.0 s target < 30.0 s: MISSED by 50%; mean of 3 runs, 40.0 s to 50.0 s"
        in text
    )
    assert "target < 5 min 00.0 s: FAILED (exit 1), see q.log" in text
    assert "the notebooks' own run times add up to 2 min 30.5 s" in text
    assert "Training throughput" not in text
