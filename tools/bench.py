"""Benchmark the book on this machine: notebook run times, build times, training throughput.

Run it from the repository's top folder with the book's environment (``make bench``)::

    .venv/bin/python -m tools.bench                       # everything (the cold build dominates)
    .venv/bin/python -m tools.bench --only throughput     # one part: throughput, quick, build
    .venv/bin/python -m tools.bench --skip build          # all parts but one
    .venv/bin/python -m tools.bench --only throughput --epochs 1 --rounds 1   # a short look

Each part is timed by the tool made for it, and this module puts their results
against the book's targets in one report:

``build`` and ``quick`` (:mod:`tools.bench_commands`, hyperfine)
    A cold full-mode build of the whole book into ``_build/bench/book/`` and
    warm rebuilds with nothing changed, each notebook's full-mode run time from
    that build's execution cache; ``make test`` (lint, unit tests and every
    notebook under nbval in quick mode), each notebook's time from its cells'
    test times.
``throughput`` (:mod:`tools.bench_throughput`, pyperf)
    Training samples per second of chapter 04's 784-512-10 MLP compiled as the
    book compiles it, with Keras' defaults, and the NumPy matrix-multiply limit
    of the same step; the three ways take turns for ``--rounds`` rounds of
    ``--epochs`` timed epochs each, after a warm-up epoch per process.

The report is printed and written to ``_build/bench/report.txt`` (``--dir``), with
the figures in ``results.json`` and hyperfine's and pyperf's own files beside them.
Run it on a quiet machine: the targets below are for two CPU cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

from tabulate import tabulate

from tools.bench_commands import (  # noqa: F401  (tests/test_tools.py calls bench.execution_seconds_from_cache)
    execution_seconds_from_cache,
    notebooks,
    run_build,
    run_quick,
)
from tools.bench_throughput import mlp_flops_per_sample, run_throughput

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("build", "quick", "throughput")

#: The book's speed targets on a 2-core machine.
TARGETS = {
    "cold_build_s": 600.0,  # whole full-mode book from a cold cache
    "warm_build_s": 30.0,  # rebuild with nothing changed
    "make_test_s": 300.0,  # make test: lint, unit tests, every notebook in quick mode
    "book_over_defaults": 2.0,  # training throughput, book settings / Keras defaults
}


# --------------------------------------------------------------------------- formatting


def format_seconds(seconds: float | None) -> str:
    """``75.3`` -> ``'1 min 15.3 s'``, ``4.25`` -> ``'4.2 s'``; None -> ``'n/a'``."""
    if seconds is None:
        return "n/a"
    if seconds < 0:
        raise ValueError(f"format_seconds() got a negative duration: {seconds}")
    tenths = round(seconds * 10)  # round first: 119.96 s is 2 min 00.0 s, not 1 min 60.0 s
    if tenths < 600:
        return f"{tenths / 10:.1f} s"
    minutes, rest = divmod(tenths, 600)
    return f"{minutes} min {rest / 10:04.1f} s"


def format_ratio(numerator: float, denominator: float) -> str:
    """``format_ratio(3, 2)`` -> ``'1.50x'``; ``'n/a'`` when the denominator is not positive."""
    if denominator is None or numerator is None or denominator <= 0:
        return "n/a"
    return f"{numerator / denominator:.2f}x"


def verdict(value: float | None, target: float, *, higher_is_better: bool = False) -> str:
    """``'MET'`` or ``'MISSED by N%'`` for a measured value against its target."""
    if value is None:
        return "not measured"
    ok = value >= target if higher_is_better else value <= target
    if ok:
        return "MET"
    miss = (target - value) / target if higher_is_better else (value - target) / target
    return f"MISSED by {miss:.0%}"


def run_verdict(seconds: float, target: float, exit_code: int) -> str:
    """:func:`verdict` of a command's time, or ``'FAILED (exit N)'`` when it did not succeed."""
    return verdict(seconds, target) if exit_code == 0 else f"FAILED (exit {exit_code})"


def table(rows: list[list[str]], header: list[str]) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    align = ("left",) + ("right",) * (len(header) - 1)
    return tabulate(rows, header, tablefmt="simple", colalign=align, disable_numparse=True)


# --------------------------------------------------------------------------- report


def machine_line() -> str:
    cores = os.cpu_count()
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpu = model or platform.processor()
    return f"{platform.node()}: {cores} usable cores ({cpu}), Python {platform.python_version()}"


def warm_runs_note(times: list[float]) -> str:
    """``'; mean of 3 runs, 20.0 s to 24.0 s'`` for several warm rebuilds, ``''`` for one."""
    if len(times) < 2:
        return ""
    return (
        f"; mean of {len(times)} runs, {format_seconds(min(times))} to {format_seconds(max(times))}"
    )


def report(results: dict) -> str:
    """The plain-text report for whatever parts ``results`` holds."""
    out = [
        "Benchmark of the book (tools/bench.py)",
        f"Machine: {machine_line()}",
        f"Date: {time.strftime('%Y-%m-%d %H:%M:%S')}",
        "",
    ]
    build, quick = results.get("build"), results.get("quick")
    if build or quick:
        full_nb = (build or {}).get("full_nb_s", {})
        quick_nb = (quick or {}).get("quick_nb_s", {})
        names = sorted(set(full_nb) | set(quick_nb) | {p.stem for p in notebooks()})
        rows = [[n, format_seconds(full_nb.get(n)), format_seconds(quick_nb.get(n))] for n in names]
        out += [
            "Notebook run times",
            "  full mode: execution time recorded by the cold build (tools/build_book.py runs",
            "    the notebooks one per core, so each ran on one core beside another notebook);",
            "  quick mode: sum of the notebook's nbval cell times (NNBOOK_QUICK=1).",
            "",
            table(rows, ["notebook", "full mode", "quick mode"]),
            "",
        ]
    if build:
        out += [
            "Book build (make book: tools/build_book.py, full mode, into a fresh folder)",
            f"  cold cache   {format_seconds(build['cold_s']):>14}   target < "
            f"{format_seconds(TARGETS['cold_build_s'])}: "
            f"{run_verdict(build['cold_s'], TARGETS['cold_build_s'], build['cold_rc'])}",
            f"  warm rebuild {format_seconds(build['warm_s']):>14}   target < "
            f"{format_seconds(TARGETS['warm_build_s'])}: "
            f"{run_verdict(build['warm_s'], TARGETS['warm_build_s'], build['warm_rc'])}"
            + warm_runs_note(build.get("warm_times", [])),
            f"  of the cold build, the notebooks' own run times add up to "
            f"{format_seconds(sum(build['full_nb_s'].values()))} (run two at a time); "
            f"logs: {', '.join(build['logs'])}",
            "",
        ]
    if quick:
        out += [
            "make test (lint, unit tests, every notebook under nbval in quick mode)",
            f"  total: {format_seconds(quick['total_s'])}   target < "
            f"{format_seconds(TARGETS['make_test_s'])}: "
            f"{run_verdict(quick['total_s'], TARGETS['make_test_s'], quick['rc'])}"
            + ("" if quick["rc"] == 0 else f", see {quick['log']}"),
            "",
        ]
    tp = results.get("throughput")
    if tp:
        book, dflt, npl = tp["book"], tp["defaults"], tp["numpy"]
        ways = [
            ("book (helpers.training.compile_settings())", book),
            ("Keras defaults (compile() without options)", dflt),
            ("NumPy float32 matmul limit (same shapes)", npl),
        ]
        rows = [
            [
                name,
                f"{w['samples_per_s']:,.0f}",
                format_ratio(w["samples_per_s"], dflt["samples_per_s"]),
                format_ratio(w["samples_per_s"], npl["samples_per_s"]),
                f"{w['best_samples_per_s']:,.0f}",
                format_ratio(w["best_samples_per_s"], dflt["best_samples_per_s"]),
            ]
            for name, w in ways
        ]
        ratio = book["samples_per_s"] / dflt["samples_per_s"]
        rounds = book.get("rounds", 1)
        out += [
            "Training throughput of chapter 04's 784-512-10 MLP "
            "(RMSprop, batch 128, MNIST 60k; the ways take turns, "
            f"{rounds} round{'s' if rounds != 1 else ''}; timed epochs after a warm-up epoch)",
            "",
            table(
                rows,
                ["way", "samples/s", "vs defaults", "vs NumPy", "best epoch", "vs defaults"],
            ),
            "  samples/s over all timed epochs; 'best epoch': the fastest one alone (less noise).",
            "",
            f"  book / defaults = {ratio:.2f}x   target >= "
            f"{TARGETS['book_over_defaults']:.0f}x: "
            f"{verdict(ratio, TARGETS['book_over_defaults'], higher_is_better=True)}",
            f"  book       : {book['detail']}; CPU time / wall time {book['cpu_per_wall']:.2f}",
            f"  defaults   : {dflt['detail']}; CPU time / wall time {dflt['cpu_per_wall']:.2f}",
            f"  NumPy limit: {npl['detail']}; {npl['gflops']:.1f} GFLOP/s on "
            f"{mlp_flops_per_sample() / 1e6:.2f} MFLOP per sample (forward + backward matmuls)",
            f"  timed epoch seconds: book {book['epoch_s']}, defaults {dflt['epoch_s']}, "
            f"numpy {npl['epoch_s']}",
            "  pyperf's files: throughput/<way>.json beside this report (python -m pyperf "
            "stats FILE; compare_to OLD NEW: one way's file from two benches)",
            "",
        ]
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=PARTS, help="run only these parts")
    parser.add_argument("--skip", nargs="+", choices=PARTS, default=[], help="skip these parts")
    parser.add_argument("--toc", help="build with this table of contents instead of _toc.yml")
    parser.add_argument(
        "--epochs", type=int, default=2, help="timed epochs per throughput way and round"
    )
    parser.add_argument(
        "--rounds", type=int, default=4, help="throughput rounds (the ways take turns)"
    )
    parser.add_argument(
        "--warm-runs", type=int, default=3, help="warm rebuilds to time (their mean is reported)"
    )
    parser.add_argument(
        "--dir",
        default="_build/bench",
        help="folder for the builds, logs, report.txt and results.json (default: _build/bench)",
    )
    parser.epilog = "One throughput way alone: python -m tools.bench_throughput --help"
    args = parser.parse_args(argv)

    parts = list(args.only or PARTS)
    parts = [p for p in parts if p not in args.skip]
    bench_dir = ROOT / args.dir
    bench_dir.mkdir(parents=True, exist_ok=True)
    results: dict = {}
    for part in parts:
        print(f"[bench] {part} ...", file=sys.stderr, flush=True)
        if part == "build":
            results["build"] = run_build(bench_dir, args.toc, args.warm_runs)
        elif part == "quick":
            results["quick"] = run_quick(bench_dir)
        elif part == "throughput":
            results["throughput"] = run_throughput(
                args.epochs, args.rounds, bench_dir / "throughput"
            )
    text = report(results)
    print(text)
    (bench_dir / "report.txt").write_text(text + "\n")
    (bench_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"[bench] report written to {bench_dir / 'report.txt'}", file=sys.stderr)
    failed = any(r.get(k, 0) for r in results.values() for k in ("rc", "cold_rc", "warm_rc"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
