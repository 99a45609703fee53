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
renders; then it renders each translation of the book (``tools/i18n.py``,
into ``_build/html/<language>/``) from the same cached runs. A warm rebuild
runs nothing here.

The cache entries are the ones myst-nb itself writes (the executed notebook and
its ``execution_seconds``), so ``jupyter-book build`` alone, the bench and the
determinism check read them as before. Where the system cannot pin a process
to a core (not Linux), the notebooks run one at a time.

The execution cache keys on a notebook's code alone, but its results also
depend on the book's helpers, its data, the installed packages and the mode.
So each entry this script writes also records
:func:`tools.build_cache.inputs_fingerprint` (a digest of ``helpers/``,
``data/`` and ``requirements*.txt``, the versions of Python, TensorFlow,
Keras and the other packages the notebooks use, and the mode), and a cached
notebook whose recorded inputs differ from the current ones is run again,
with the reason printed. Every notebook imports the helpers, so a change to
any of these inputs re-runs every notebook. ``_ext/nnbook_cache.py`` makes
the same check inside any Sphinx build, ``jupyter-book build .`` alone too.

    python -m tools.build_book                      # as make book: into _build/
    python -m tools.build_book --path-output DIR    # into DIR/_build/ (bench, determinism)
    python -m tools.build_book --toc TOC.yml        # only the pages of another toc
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

from tools.build_cache import cache_dir_of, current_record, inputs_fingerprint, why_rerun
from tools.toc import toc_notebooks

ROOT = Path(__file__).resolve().parent.parent


def book_env(quick: bool) -> dict[str, str]:
    """The one build environment: this venv first on PATH, the mode set, claims strict.

    :func:`main` applies it to itself (so ``make book``, the bench and the
    determinism check build alike); the bench runs nbval with it too.
    """
    env = dict(os.environ)
    env["NNBOOK_QUICK"] = "1" if quick else "0"
    # a claim of the text that the run does not bear out stops the build
    env["NNBOOK_STRICT"] = "1"
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # model.summary() draws with rich; without colours its plain text (which
    # the pages show, see _config.yml) keeps only bold, readable on any theme.
    env["NO_COLOR"] = "1"
    return env


def command(path_output: str | Path, toc: str | None = None, quick: bool = False) -> list[str]:
    """This script's command line as ``make book`` runs it, into ``path_output``.

    bench.py and check_determinism.py run it (from the repository's top folder,
    where ``tools`` is a package), so that they time and check the very build
    the book gets.
    """
    cmd = [sys.executable, "-m", "tools.build_book", "--path-output", str(path_output)]
    return cmd + (["--toc", str(toc)] if toc else []) + (["--quick"] if quick else [])


def longest_first(paths: list[Path], seconds: dict[str, float] | None = None) -> list[Path]:
    """Order notebooks by the seconds their last recorded run took, longest first.

    ``seconds`` defaults to the record of the last full build
    (``results/glued.json``, written by ``make results``); a notebook without
    a recorded time (a new chapter) starts first.
    """
    if seconds is None:
        from tools.results import recorded_seconds

        seconds = recorded_seconds()
    return sorted(paths, key=lambda p: -seconds.get(p.stem, float("inf")))


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


def prefill_cache(
    cache_dir: Path, notebooks: list[Path], timeout: int, workers: int, root: Path = ROOT
) -> int:
    """Run the notebooks the cache lacks or holds for other inputs, ``workers`` at a time.

    0 if all succeed. ``root`` is the book's top folder, whose inputs
    (:func:`inputs_fingerprint`) each run records.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(cache_dir))
    inputs = inputs_fingerprint(root)
    todo, reasons = [], {}
    for path in notebooks:
        record = current_record(cache, path)
        reason = None if record is None else why_rerun((record.data or {}).get("inputs"), inputs)
        if record is None or reason:
            todo.append(path)
        if reason:
            reasons.setdefault(reason, []).append(_shown(path))
    print(f"[build_book] {len(notebooks) - len(todo)} notebooks cached, {len(todo)} to run")
    for reason, names in reasons.items():
        print(f"[build_book] re-running {len(names)} cached notebook(s): {reason}: {names}")
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
                    data={"execution_seconds": done["seconds"], "inputs": inputs},
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path-output", default=".", help="as jupyter-book's --path-output")
    parser.add_argument("--toc", help="build with this table of contents instead of _toc.yml")
    parser.add_argument(
        "--workers", type=int, default=len(cores()) or 1, help="notebooks at a time (cores)"
    )
    parser.add_argument(
        "--english-only", action="store_true", help="render no translation (tools/i18n.py)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="quick mode (a smoke test; the book is full mode)"
    )
    args = parser.parse_args(argv)
    # the one build environment, which the notebooks' kernels and Sphinx inherit
    os.environ.update(book_env(quick=args.quick))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    execute_cfg = config.get("execute", {})
    if execute_cfg.get("execute_notebooks") == "cache":
        toc = Path(args.toc).resolve() if args.toc else ROOT / "_toc.yml"
        cache_dir = cache_dir_of(Path(args.path_output).resolve())
        timeout = int(execute_cfg.get("timeout", 900))
        if prefill_cache(cache_dir, toc_notebooks(toc, ROOT), timeout, args.workers):
            return 1
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT)]
    cmd += ["--path-output", args.path_output, "-W", "--keep-going", "-n"]
    cmd += ["--toc", args.toc] if args.toc else []
    code = subprocess.run(cmd).returncode
    if code or args.english_only:
        return code
    # each translation, rendered from the runs the English build cached (tools/i18n.py)
    from tools.i18n import LANGUAGES

    for language in LANGUAGES:
        start = time.perf_counter()
        cmd = [sys.executable, "-m", "tools.i18n", "build", "--language", language]
        cmd += ["--path-output", args.path_output] + (["--toc", args.toc] if args.toc else [])
        code = subprocess.run(cmd, cwd=ROOT).returncode
        print(f"[build_book] the {language} site in {time.perf_counter() - start:.0f} s")
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
