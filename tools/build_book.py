"""Build the book: run the notebooks one per CPU core into the cache, then jupyter-book.

``make book`` runs this script. jupyter-book (myst-nb with ``execute_notebooks:
cache``) runs the notebooks one after the other, and the book's small Keras
models (batch sizes of 32 to 200) keep only part of a second core busy:
chapter 06's training takes 3.75 s an epoch on both cores of this machine and
4.48 s on one, so two notebooks side by side, each on a core of its own, do
about 1.4 times the work of one notebook on both. So this script first runs
every notebook that is not in the execution cache yet, in one worker process
per core, each worker pinned to its core (its kernels inherit the pinning and
TensorFlow then runs one thread), longest notebook first; then it runs
``jupyter-book build``, which finds every notebook in the cache and only
renders. A warm rebuild runs nothing here.

The cache entries are the ones myst-nb itself writes (the executed notebook and
its ``execution_seconds``), so ``jupyter-book build`` alone, the bench and the
determinism check read them as before. Where the system cannot pin a process
to a core (not Linux), the notebooks run one at a time.

    python tools/build_book.py                      # as make book: into _build/
    python tools/build_book.py --path-output DIR    # into DIR/_build/ (bench, determinism)
    python tools/build_book.py --toc TOC.yml        # only the pages of another toc
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent

#: Full-mode seconds of each notebook on one core beside another notebook
#: (``make bench``, 2026-11-25); only their order matters: the longest start
#: first, so that no core idles at the end. A notebook missing here counts as long.
EXPECTED_SECONDS = {
    "01_six_steps": 16,
    "02_iris": 45,
    "03_sigmoid_or_softmax": 19,
    "04_linear_or_nonlinear": 260,
    "05_width_activation_initializer": 121,
    "06_output_activations": 342,
    "07_relu_or_sigmoid": 98,
}


def book_env(quick: bool) -> dict[str, str]:
    """The environment ``make book`` and ``make test`` give: this venv first on PATH, the mode set.

    bench.py and check_determinism.py build with it too.
    """
    env = dict(os.environ)
    env["NNBOOK_QUICK"] = "1" if quick else "0"
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    return env


def command(path_output: str | Path, toc: str | None = None) -> list[str]:
    """This script's command line as ``make book`` runs it, into ``path_output``.

    bench.py and check_determinism.py run it, so that they time and check the
    very build the book gets.
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), "--path-output", str(path_output)]
    return cmd + (["--toc", str(toc)] if toc else [])


def toc_notebooks(toc: Path) -> list[Path]:
    """The ``.ipynb`` pages of a jupyter-book ``_toc.yml``, in reading order."""
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    entries = [data["root"]]
    for part in data.get("parts", []):
        for chapter in part.get("chapters", []):
            entries.append(chapter["file"])
            entries += [section["file"] for section in chapter.get("sections", [])]
    found = []
    for entry in entries:
        path = ROOT / entry
        path = path if path.suffix else path.with_suffix(".ipynb")
        if path.suffix == ".ipynb" and path.exists():
            found.append(path)
    return found


def longest_first(paths: list[Path]) -> list[Path]:
    """Order notebooks by :data:`EXPECTED_SECONDS`, longest (or unknown) first."""
    return sorted(paths, key=lambda p: -EXPECTED_SECONDS.get(p.stem, float("inf")))


def cores() -> list[int]:
    """The CPU cores this process may run on ([] where it cannot pin processes)."""
    if not hasattr(os, "sched_getaffinity") or not hasattr(os, "sched_setaffinity"):
        return []
    return sorted(os.sched_getaffinity(0))


def _pin_to_a_core(free_cores) -> None:
    """Worker initializer: take one core of the shared queue and stay on it."""
    os.sched_setaffinity(0, {free_cores.get()})


def execute(path: str, timeout: int) -> dict:
    """Run one notebook in a fresh kernel (in a worker); its result as plain data."""
    from jupyter_cache.executors.utils import single_nb_execution

    nb = nbformat.read(path, as_version=4)
    result = single_nb_execution(
        nb, cwd=str(Path(path).parent), timeout=timeout, allow_errors=False
    )
    return {
        "path": path,
        "notebook": nbformat.writes(result.nb),
        "seconds": result.time,
        "error": result.exc_string,
        "core": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
    }


def prefill_cache(cache_dir: Path, notebooks: list[Path], timeout: int, workers: int) -> int:
    """Run the notebooks the cache lacks, ``workers`` at a time; 0 if all succeed."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(cache_dir))
    todo = [p for p in notebooks if _cached(cache, p) is None]
    print(f"[build_book] {len(notebooks) - len(todo)} notebooks cached, {len(todo)} to run")
    if not todo:
        return 0
    available = cores()
    workers = max(1, min(workers, len(todo), len(available) or 1))
    pool_args = {"max_workers": workers, "mp_context": mp.get_context("spawn")}
    if available:
        free_cores = pool_args["mp_context"].Queue()
        for core in available[:workers]:
            free_cores.put(core)
        pool_args.update(initializer=_pin_to_a_core, initargs=(free_cores,))
    failed = []
    start = time.perf_counter()
    with ProcessPoolExecutor(**pool_args) as pool:
        futures = [pool.submit(execute, str(p), timeout) for p in longest_first(todo)]
        for future in as_completed(futures):
            done = future.result()
            name = _shown(Path(done["path"]))
            if done["error"]:
                failed.append(name)
                print(f"[build_book] FAILED {name}:\n{done['error'][-3000:]}", flush=True)
                continue
            cache.cache_notebook_bundle(
                CacheBundleIn(
                    nbformat.reads(done["notebook"], as_version=4),
                    done["path"],
                    data={"execution_seconds": done["seconds"]},
                ),
                check_validity=False,
                overwrite=True,
            )
            print(
                f"[build_book] executed {name} in {done['seconds']:.1f} s on core "
                f"{done['core']} (at {time.perf_counter() - start:.0f} s)",
                flush=True,
            )
    if failed:
        print(f"[build_book] {len(failed)} notebook(s) failed: {failed}")
        return 1
    return 0


def _shown(path: Path) -> str:
    """A notebook's path as printed: relative to the repository where it can be."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _cached(cache, path: Path):
    try:
        return cache.match_cache_notebook(nbformat.read(path, as_version=4))
    except KeyError:
        return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path-output", default=".", help="as jupyter-book's --path-output")
    parser.add_argument("--toc", help="build with this table of contents instead of _toc.yml")
    parser.add_argument(
        "--workers", type=int, default=len(cores()) or 1, help="notebooks at a time (cores)"
    )
    args = parser.parse_args(argv)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    execute_cfg = config.get("execute", {})
    if execute_cfg.get("execute_notebooks") == "cache":
        toc = Path(args.toc).resolve() if args.toc else ROOT / "_toc.yml"
        cache_dir = Path(args.path_output).resolve() / "_build" / ".jupyter_cache"
        timeout = int(execute_cfg.get("timeout", 900))
        if prefill_cache(cache_dir, toc_notebooks(toc), timeout, args.workers):
            return 1
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT)]
    cmd += ["--path-output", args.path_output, "-W", "--keep-going", "-n"]
    cmd += ["--toc", args.toc] if args.toc else []
    return subprocess.run(cmd).returncode


if __name__ == "__main__":
    sys.exit(main())
