"""Training throughput of chapter 04's MLP, measured with pyperf.

Chapter 04's 784-512-10 MLP (RMSprop defaults, batch 128, categorical
cross-entropy, one-hot labels, MNIST 60k) is timed three ways:

``book``
    compiled as the book compiles it (``helpers.training.compile_settings()``);
``defaults``
    compiled with Keras' defaults;
``numpy``
    the float32 matrix products of the same training step in NumPy: an upper
    bound for any framework on this machine (no activations, loss, optimizer
    update or framework overhead).

This module is a pyperf script: one value is one epoch (``--loops 1``), and the
first epoch of each process is a warm-up (it includes compilation) that pyperf
drops. ``make bench`` (:func:`run_throughput`) runs each way in its own process,
the three ways taking turns for several rounds, each round appended to the
way's pyperf file (``_build/bench/throughput/<way>.json``), so that a slow
stretch of the machine falls on every way alike instead of on whichever ran
then. (On a 2-core VM, TensorFlow's epoch times jump between levels up to 2x
apart, the slow epochs using fewer cores, while NumPy's stay within a few
percent.) One way alone, for experiments (pyperf's options apply)::

    .venv/bin/python -m tools.bench_throughput book --spe 469 --values 8
    .venv/bin/python -m tools.bench_throughput defaults -n 4 -o defaults.json
    .venv/bin/python -m pyperf stats _build/bench/throughput/book.json

Workers see the whole environment (``--copy-env`` is always on), so variables
such as ``TF_ENABLE_ONEDNN_OPTS`` reach TensorFlow, and each run records its CPU
time over wall time (the ``cpu_per_wall`` hook).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyperf

from tools.build_book import book_env

ROOT = Path(__file__).resolve().parent.parent
WAYS = ("book", "defaults", "numpy")

#: Chapter 04's MLP and its training set.
N_TRAIN, N_IN, N_HIDDEN, N_OUT, BATCH = 60_000, 784, 512, 10, 128


def mlp_flops_per_sample() -> int:
    """Multiply-adds x 2 of one training step's matrix products, per sample.

    Forward: x @ W1 and h @ W2; backward: dW2 = h.T @ d2, dh = d2 @ W2.T and
    dW1 = x.T @ d1 (no gradient is needed for the input itself).
    """
    macs = N_IN * N_HIDDEN + N_HIDDEN * N_OUT  # forward
    macs += N_HIDDEN * N_OUT * 2 + N_IN * N_HIDDEN  # backward: dW2, dh, dW1
    return 2 * macs


# --------------------------------------------------------------------------- the ways
# Each returns (time_func, metadata): pyperf calls time_func(loops), which
# trains ``loops`` epochs and returns their seconds.


def numpy_way(args) -> tuple:
    """The training step's float32 matrix products alone, at batch 128, in NumPy."""
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

    def time_func(loops: int) -> float:
        start = time.perf_counter()
        for _ in range(loops * steps):
            np.matmul(x, w1, out=h)
            np.matmul(h, w2, out=z)
            np.matmul(h.T, d2, out=dw2)
            np.matmul(d2, w2.T, out=dh)
            np.matmul(x.T, dh, out=dw1)
        return time.perf_counter() - start

    blas = ""
    try:
        from threadpoolctl import threadpool_info

        blas = ", ".join(
            f"{i.get('internal_api')} {i.get('version')} ({i.get('num_threads')} threads)"
            for i in threadpool_info()
        )
    except ImportError:
        pass
    detail = f"NumPy {np.__version__}, BLAS: {blas or 'unknown'}"
    return time_func, {"samples_per_epoch": steps * BATCH, "detail": detail}


def keras_way(args) -> tuple:
    """Chapter 04's MLP trained with ``fit``, compiled the book's way or with Keras' defaults.

    ``args.spe``/``args.jit`` override the way's settings for experiments;
    ``args.intra``/``args.inter`` set TensorFlow's thread pools. A value is the
    epoch's own time (``EpochTimer``), without ``fit``'s set-up.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import tensorflow as tf

    if args.intra is not None:
        tf.config.threading.set_intra_op_parallelism_threads(args.intra)
    if args.inter is not None:
        tf.config.threading.set_inter_op_parallelism_threads(args.inter)

    from helpers.callbacks import EpochTimer
    from helpers.data import load_mnist
    from helpers.training import compile_settings

    (x, y), _ = load_mnist()
    x = x.reshape(-1, N_IN).astype("float32") / 255
    y = keras.utils.to_categorical(y, N_OUT)
    compile_kwargs = compile_settings() if args.way == "book" else {}
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

    def time_func(loops: int) -> float:
        timer = EpochTimer()
        model.fit(x, y, batch_size=BATCH, epochs=loops, verbose=0, callbacks=[timer])
        return sum(timer.seconds)

    threads = tf.config.threading
    detail = (
        f"steps_per_execution={model.steps_per_execution}, "
        f"jit_compile={model.jit_compile}, TF {tf.__version__}, Keras {keras.__version__}, "
        f"intra/inter threads={threads.get_intra_op_parallelism_threads()}/"
        f"{threads.get_inter_op_parallelism_threads()} (0 = TF chooses), "
        f"oneDNN={os.environ.get('TF_ENABLE_ONEDNN_OPTS', 'default')}"
    )
    return time_func, {"samples_per_epoch": len(x), "detail": detail}


class CpuPerWall:
    """pyperf hook: the process's CPU time over wall time during the timed epochs.

    Above 1 the epochs used more than one core. pyperf makes one per series of
    values, so the warm-up's figure is replaced by the timed epochs'.
    """

    name = "cpu_per_wall"

    @staticmethod
    def load():
        return CpuPerWall

    def __init__(self):
        self.cpu = self.wall = 0.0

    def __enter__(self):
        self._cpu, self._wall = time.process_time(), time.perf_counter()

    def __exit__(self, *exc):
        self.cpu += time.process_time() - self._cpu
        self.wall += time.perf_counter() - self._wall

    def teardown(self, metadata: dict) -> None:
        metadata[self.name] = self.cpu / self.wall if self.wall else 0.0


def _forward(cmd: list[str], args) -> None:
    """Pass this script's own options on to pyperf's worker processes."""
    cmd.append(args.way)
    for option in ("spe", "jit", "intra", "inter"):
        if getattr(args, option) is not None:
            cmd += [f"--{option}", str(getattr(args, option))]


def main() -> None:
    runner = pyperf.Runner(
        values=2,
        processes=1,
        loops=1,
        warmups=1,
        program_args=("-m", "tools.bench_throughput"),
        add_cmdline_args=_forward,
        hooks=[CpuPerWall],
    )
    parser = runner.argparser
    parser.description = __doc__.split("\n\n")[0]
    parser.add_argument("way", choices=WAYS)
    parser.add_argument("--spe", type=int, help="steps_per_execution instead of the way's")
    parser.add_argument("--jit", choices=("on", "off"), help="jit_compile instead of the way's")
    parser.add_argument("--intra", type=int, help="TensorFlow intra-op threads")
    parser.add_argument("--inter", type=int, help="TensorFlow inter-op threads")
    args = runner.parse_args()
    args.copy_env = True  # the workers run with this environment (the book's, TF_* variables)
    if CpuPerWall.name not in (args.hook or []):
        args.hook = [*(args.hook or []), CpuPerWall.name]

    if args.worker or getattr(args, "in_process", False):
        time_func, metadata = (numpy_way if args.way == "numpy" else keras_way)(args)
    else:  # the manager only spawns the workers and gathers their runs

        def time_func(loops):
            raise AssertionError("pyperf's manager does not time anything itself")

        metadata = None
    runner.bench_time_func(args.way, time_func, metadata=metadata)


# --------------------------------------------------------------------------- make bench


def run_way(way: str, values: int, append_to: Path) -> None:
    """One process of one way: a warm-up epoch, ``values`` timed ones, appended to a file."""
    cmd = [sys.executable, "-m", "tools.bench_throughput", way, "--quiet"]
    cmd += ["--values", str(values), "--append", str(append_to)]
    proc = subprocess.run(cmd, cwd=ROOT, env=book_env(quick=False), capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"throughput way {way!r} failed:\n{(proc.stdout + proc.stderr)[-3000:]}")


def way_result(bench: pyperf.Benchmark) -> dict:
    """One way's figures over all its runs (rounds): its timed epochs pooled.

    samples/s is the samples of all the timed epochs over their total time;
    'best' is the fastest epoch alone.
    """
    runs = bench.get_runs()
    timed = list(bench.get_values())
    metadata = bench.get_metadata()
    samples = metadata["samples_per_epoch"]
    result = {
        "way": bench.get_name(),
        "rounds": len(runs),
        "timed_s": timed,
        "epoch_s": [round(t, 4) for t in timed],
        "samples_per_epoch": samples,
        "samples_per_s": samples / bench.mean(),
        "best_samples_per_s": samples / min(timed),
        "detail": metadata["detail"],
        "cpu_per_wall": statistics.fmean(run.get_metadata()[CpuPerWall.name] for run in runs),
    }
    if bench.get_name() == "numpy":
        result["gflops"] = mlp_flops_per_sample() * result["samples_per_s"] / 1e9
    return result


def run_throughput(epochs: int, rounds: int, out_dir: Path) -> dict:
    """Each way in turn, ``rounds`` times, ``epochs`` timed epochs each; rounds pooled.

    NumPy's epochs are short and steady: it times at least 3 per round.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {way: out_dir / f"{way}.json" for way in WAYS}
    for path in files.values():
        path.unlink(missing_ok=True)
    for _ in range(rounds):
        for way in WAYS:
            run_way(way, max(epochs, 3) if way == "numpy" else epochs, files[way])
    return load_results(out_dir)


def load_results(out_dir: Path) -> dict:
    """:func:`run_throughput`'s result again from the pyperf files it left in ``out_dir``."""
    return {way: way_result(pyperf.Benchmark.load(str(out_dir / f"{way}.json"))) for way in WAYS}


if __name__ == "__main__":
    main()
