"""Benchmark the book on this machine: notebook run times, build times, training throughput.

Run it from the repository's top folder with the book's environment (``make bench``)::

    .venv/bin/python -m tools.bench                       # everything (the cold build dominates)
    .venv/bin/python -m tools.bench --only throughput     # one part: throughput, quick, build
    .venv/bin/python -m tools.bench --skip build          # all parts but one
    .venv/bin/python -m tools.bench --worker book --spe 469 --epochs 8   # one experiment, as JSON

Parts:

``build``
    The whole book in full mode from a cold cache (a fresh ``_build/bench/book/``,
    so your own ``_build/`` and its cache are untouched), built as ``make book``
    builds it (``tools/build_book.py``), then a warm rebuild with nothing
    changed. Each notebook's full-mode run time is read from the cold build's
    execution cache (its seconds on one core, beside another notebook).
``quick``
    Quick-mode nbval over every notebook in ``chapters/`` (one pytest run, as
    ``make test`` runs it); each notebook's quick-mode time is the sum of its
    cells' test times (kernel start included).
``throughput``
    Training samples per second of chapter 04's 784-512-10 MLP (RMSprop
    defaults, batch 128, categorical cross-entropy, one-hot labels, MNIST 60k)
    three ways: compiled as the book compiles it (``helpers.training.FAST_COMPILE``),
    compiled with Keras' defaults, and the float32 matrix-multiply limit of the
    same training step measured with NumPy. Each way runs in its own Python
    process, and the three ways take turns: ``--rounds`` rounds of ``--epochs``
    timed epochs each, so that a slow stretch of the machine falls on every way
    alike instead of on whichever ran then. (On a 2-core VM, TensorFlow's epoch
    times jump between levels up to 2x apart, the slow epochs using fewer
    cores, while NumPy's stay within a few percent.) In each process one
    warm-up epoch (it includes compilation) is dropped; samples/s is the
    samples of all the timed epochs over their total time.

The report is printed and written to ``_build/bench/report.txt`` (``--dir``). Run it
on a quiet machine: the targets below are for two CPU cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from tools.build_book import book_env, command
from tools.build_cache import current_runs
from tools.toc import toc_notebooks

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("build", "quick", "throughput")

#: The book's speed targets on a 2-core machine.
TARGETS = {
    "cold_build_s": 600.0,  # whole full-mode book from a cold cache
    "warm_build_s": 30.0,  # rebuild with nothing changed
    "quick_nbval_s": 180.0,  # quick-mode nbval over every notebook
    "book_over_defaults": 2.0,  # training throughput, book settings / Keras defaults
}

#: Chapter 04's MLP and its training set.
N_TRAIN, N_IN, N_HIDDEN, N_OUT, BATCH = 60_000, 784, 512, 10, 128


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
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


# --------------------------------------------------------------------------- helpers


def notebooks(root: Path = ROOT) -> list[Path]:
    """Every notebook of the book, in the toc's order (tools/toc.py is the one list)."""
    return toc_notebooks(root / "_toc.yml", root)


def timed(cmd: list[str], env: dict[str, str], log: Path) -> tuple[float, int]:
    """Run ``cmd`` from the repository's top folder, output to ``log``; (seconds, exit code)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with open(log, "w") as out:
        rc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT).returncode
    return time.perf_counter() - start, rc


def quick_times_from_junit(path: Path, names: list[str]) -> dict[str, float]:
    """Sum the junit test-case times of each notebook (matched by file stem) in ``names``."""
    totals = dict.fromkeys(names, 0.0)
    for case in ET.parse(path).getroot().iter("testcase"):
        where = f"{case.get('file', '')} {case.get('classname', '')} {case.get('name', '')}"
        for name in names:
            if re.search(rf"(^|[./ ]){re.escape(name)}\.ipynb", where):
                totals[name] += float(case.get("time", 0.0))
                break
    return totals


def execution_seconds_from_cache(
    cache_dir: Path, toc: Path = ROOT / "_toc.yml", root: Path = ROOT
) -> dict[str, float]:
    """Notebook stem -> seconds its run took, for the build in a jupyter-cache folder."""
    return {
        stem: float(data["execution_seconds"])
        for stem, (data, _) in current_runs(cache_dir, toc, root, quick=None).items()
        if "execution_seconds" in data
    }


# --------------------------------------------------------------------------- parts


def run_build(bench_dir: Path, toc: str | None = None) -> dict:
    """Cold full-mode build into a fresh ``bench_dir/book``, then a warm rebuild."""
    out_dir = bench_dir / "book"
    shutil.rmtree(out_dir, ignore_errors=True)
    cmd = command(out_dir, toc)  # the very build `make book` runs
    env = book_env(quick=False)
    logs = [bench_dir / "build-cold.log", bench_dir / "build-warm.log"]
    cold, cold_rc = timed(cmd, env, logs[0])
    warm, warm_rc = timed(cmd, env, logs[1])
    per_nb = execution_seconds_from_cache(out_dir / "_build" / ".jupyter_cache")
    return {
        "cold_s": cold,
        "cold_rc": cold_rc,
        "warm_s": warm,
        "warm_rc": warm_rc,
        "full_nb_s": per_nb,
        "logs": [str(log) for log in logs],
    }


def run_quick(out_dir: Path) -> dict:
    """Quick-mode nbval over every notebook, as ``make test`` runs it."""
    names = [p.stem for p in notebooks()]
    junit = out_dir / "nbval-quick.xml"
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "chapters",
        "--nbval-lax",
        "--nbval-current-env",
        "-p",
        "no:cacheprovider",
        "-q",
        f"--junitxml={junit}",
    ]
    seconds, rc = timed(cmd, book_env(quick=True), out_dir / "nbval-quick.log")
    per_nb = quick_times_from_junit(junit, names) if junit.exists() else {}
    return {
        "total_s": seconds,
        "rc": rc,
        "quick_nb_s": per_nb,
        "log": str(out_dir / "nbval-quick.log"),
    }


def worker(way: str, args) -> dict:
    """Run one throughput measurement in this process (called through a subprocess)."""
    if way == "numpy":
        return numpy_limit(args.epochs)
    return keras_throughput(way, args)


def mlp_flops_per_sample() -> int:
    """Multiply-adds x 2 of one training step's matrix products, per sample.

    Forward: x @ W1 and h @ W2; backward: dW2 = h.T @ d2, dh = d2 @ W2.T and
    dW1 = x.T @ d1 (no gradient is needed for the input itself).
    """
    macs = N_IN * N_HIDDEN + N_HIDDEN * N_OUT  # forward
    macs += N_HIDDEN * N_OUT * 2 + N_IN * N_HIDDEN  # backward: dW2, dh, dW1
    return 2 * macs


def numpy_limit(repeats: int) -> dict:
    """Samples/s of the training step's float32 matrix products alone, at batch 128, in NumPy.

    An upper bound for any framework on this machine: it leaves out the
    activations, the loss, the optimizer update and all framework overhead.
    """
    import numpy as np

    rng = np.random.default_rng(0)
    f32 = np.float32
    x = rng.random((BATCH, N_IN), dtype=f32)
    w1 = rng.random((N_IN, N_HIDDEN), dtype=f32)
    w2 = rng.random((N_HIDDEN, N_OUT), dtype=f32)
    h = np.empty((BATCH, N_HIDDEN), f32)
    z = np.empty((BATCH, N_OUT), f32)
    d2 = rng.random((BATCH, N_OUT), dtype=f32)
    dh = np.empty((BATCH, N_HIDDEN), f32)
    dw2 = np.empty((N_HIDDEN, N_OUT), f32)
    dw1 = np.empty((N_IN, N_HIDDEN), f32)
    steps = N_TRAIN // BATCH

    def epoch():
        for _ in range(steps):
            np.matmul(x, w1, out=h)
            np.matmul(h, w2, out=z)
            np.matmul(h.T, d2, out=dw2)
            np.matmul(d2, w2.T, out=dh)
            np.matmul(x.T, dh, out=dw1)

    epoch()  # warm-up
    times = []
    for _ in range(max(repeats, 3)):
        start = time.perf_counter()
        epoch()
        times.append(time.perf_counter() - start)
    mean = statistics.fmean(times)
    blas = ""
    try:
        from threadpoolctl import threadpool_info

        blas = ", ".join(
            f"{i.get('internal_api')} {i.get('version')} ({i.get('num_threads')} threads)"
            for i in threadpool_info()
        )
    except ImportError:
        pass
    samples = steps * BATCH
    return {
        "way": "numpy",
        "samples_per_s": samples / mean,
        "best_samples_per_s": samples / min(times),
        "epoch_s": [round(t, 4) for t in times],
        "samples_per_epoch": samples,
        "timed_s": times,
        "gflops": mlp_flops_per_sample() * samples / mean / 1e9,
        "detail": f"NumPy {np.__version__}, BLAS: {blas or 'unknown'}",
    }


def keras_throughput(way: str, args) -> dict:
    """Samples/s of chapter 04's MLP trained with ``fit`` one way: 'book' or 'defaults'.

    ``args.spe``/``args.jit`` override the book's settings for experiments;
    ``args.intra``/``args.inter`` set TensorFlow's thread pools.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import tensorflow as tf

    if args.intra is not None:
        tf.config.threading.set_intra_op_parallelism_threads(args.intra)
    if args.inter is not None:
        tf.config.threading.set_inter_op_parallelism_threads(args.inter)

    from helpers.data import load_mnist
    from helpers.training import FAST_COMPILE, EpochTimer

    (x, y), _ = load_mnist()
    x = x.reshape(-1, N_IN).astype("float32") / 255
    y = keras.utils.to_categorical(y, N_OUT)
    if way == "book":
        compile_kwargs = dict(FAST_COMPILE)
    elif way == "defaults":
        compile_kwargs = {}
    else:
        raise ValueError(f"unknown throughput way {way!r}: use book, defaults or numpy.")
    if args.spe is not None:
        compile_kwargs["steps_per_execution"] = args.spe
    if args.jit is not None:
        compile_kwargs["jit_compile"] = args.jit == "on"

    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((N_IN,)),
            keras.layers.Dense(N_HIDDEN, activation="relu"),
            keras.layers.Dense(N_OUT, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.RMSprop(),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
        **compile_kwargs,
    )
    timer = EpochTimer()
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    model.fit(x, y, batch_size=BATCH, epochs=1 + args.epochs, verbose=0, callbacks=[timer])
    cpu_per_wall = (time.process_time() - cpu0) / (time.perf_counter() - wall0)
    timed_epochs = timer.seconds[1:]
    return {
        "way": way,
        "samples_per_s": len(x) * len(timed_epochs) / sum(timed_epochs),
        "best_samples_per_s": len(x) / min(timed_epochs),
        "epoch_s": [round(t, 4) for t in timer.seconds],
        "samples_per_epoch": len(x),
        "timed_s": timed_epochs,
        "cpu_per_wall": cpu_per_wall,
        "detail": (
            f"steps_per_execution={model.steps_per_execution}, "
            f"jit_compile={model.jit_compile}, TF {tf.__version__}, Keras {keras.__version__}, "
            f"intra/inter threads={tf.config.threading.get_intra_op_parallelism_threads()}/"
            f"{tf.config.threading.get_inter_op_parallelism_threads()} (0 = TF chooses), "
            f"oneDNN={os.environ.get('TF_ENABLE_ONEDNN_OPTS', 'default')}"
        ),
    }


def run_worker_subprocess(way: str, epochs: int, extra: list[str] | None = None) -> dict:
    """Run one throughput way in a fresh Python process and return its JSON result."""
    cmd = [sys.executable, "-m", "tools.bench", "--worker", way, "--epochs", str(epochs)]
    cmd += extra or []
    proc = subprocess.run(cmd, cwd=ROOT, env=book_env(quick=False), capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"throughput worker {way!r} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


WAYS = ("book", "defaults", "numpy")


def combine_rounds(runs: list[dict]) -> dict:
    """One way's result over several rounds: its timed epochs pooled.

    samples/s is the samples of all the timed epochs over their total time;
    'best' is the fastest epoch alone.
    """
    samples = runs[0]["samples_per_epoch"]
    timed = [t for run in runs for t in run["timed_s"]]
    combined = {
        **runs[0],
        "rounds": len(runs),
        "timed_s": timed,
        "epoch_s": [round(t, 4) for t in timed],
        "samples_per_s": samples * len(timed) / sum(timed),
        "best_samples_per_s": samples / min(timed),
    }
    if "cpu_per_wall" in runs[0]:
        combined["cpu_per_wall"] = statistics.fmean(run["cpu_per_wall"] for run in runs)
    if "gflops" in runs[0]:
        combined["gflops"] = mlp_flops_per_sample() * combined["samples_per_s"] / 1e9
    return combined


def run_throughput(epochs: int, rounds: int) -> dict:
    """Each way in turn, ``rounds`` times, ``epochs`` timed epochs each; rounds pooled."""
    runs: dict[str, list[dict]] = {way: [] for way in WAYS}
    for _ in range(rounds):
        for way in WAYS:
            runs[way].append(run_worker_subprocess(way, epochs))
    return {way: combine_rounds(runs[way]) for way in WAYS}


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
            f"{run_verdict(build['warm_s'], TARGETS['warm_build_s'], build['warm_rc'])}",
            f"  of the cold build, the notebooks' own run times add up to "
            f"{format_seconds(sum(build['full_nb_s'].values()))} (run two at a time); "
            f"logs: {', '.join(build['logs'])}",
            "",
        ]
    if quick:
        out += [
            "Quick-mode nbval over every notebook (pytest chapters --nbval-lax, NNBOOK_QUICK=1)",
            f"  total: {format_seconds(quick['total_s'])}   target < "
            f"{format_seconds(TARGETS['quick_nbval_s'])}: "
            f"{run_verdict(quick['total_s'], TARGETS['quick_nbval_s'], quick['rc'])}"
            + ("" if quick["rc"] == 0 else f", see {quick['log']}"),
            "",
        ]
    tp = results.get("throughput")
    if tp:
        book, dflt, npl = tp["book"], tp["defaults"], tp["numpy"]
        ways = [
            ("book (helpers.training.FAST_COMPILE)", book),
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
        out += [
            "Training throughput of chapter 04's 784-512-10 MLP "
            "(RMSprop, batch 128, MNIST 60k; the ways take turns, "
            f"{book.get('rounds', 1)} rounds; timed epochs after a warm-up epoch)",
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
        "--dir",
        default="_build/bench",
        help="folder for the builds, logs, report.txt and results.json (default: _build/bench)",
    )
    experiment = parser.add_argument_group(
        "experiments", "measure one throughput way in this process and print it as JSON"
    )
    experiment.add_argument("--worker", choices=("book", "defaults", "numpy"))
    experiment.add_argument("--spe", type=int, help="steps_per_execution instead of the way's")
    experiment.add_argument("--jit", choices=("on", "off"), help="jit_compile instead of the way's")
    experiment.add_argument("--intra", type=int, help="TensorFlow intra-op threads")
    experiment.add_argument("--inter", type=int, help="TensorFlow inter-op threads")
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(worker(args.worker, args)))
        return 0

    parts = list(args.only or PARTS)
    parts = [p for p in parts if p not in args.skip]
    bench_dir = ROOT / args.dir
    bench_dir.mkdir(parents=True, exist_ok=True)
    results: dict = {}
    for part in parts:
        print(f"[bench] {part} ...", file=sys.stderr, flush=True)
        if part == "build":
            results["build"] = run_build(bench_dir, args.toc)
        elif part == "quick":
            results["quick"] = run_quick(bench_dir)
        elif part == "throughput":
            results["throughput"] = run_throughput(args.epochs, args.rounds)
    text = report(results)
    print(text)
    (bench_dir / "report.txt").write_text(text + "\n")
    (bench_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"[bench] report written to {bench_dir / 'report.txt'}", file=sys.stderr)
    failed = any(r.get(k, 0) for r in results.values() for k in ("rc", "cold_rc", "warm_rc"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
