"""Time the book's whole commands with hyperfine: the book build and quick-mode nbval.

``build``
    The whole book in full mode from a cold cache (hyperfine's ``--prepare``
    empties ``_build/bench/book/``, so your own ``_build/`` and its cache are
    untouched), built as ``make book`` builds it (``tools/build_book.py``), then
    a warm rebuild with nothing changed (``--warm-runs`` times; hyperfine gives
    their mean and spread). Each notebook's full-mode run time is read from the
    cold build's execution cache (its seconds on one core, beside another
    notebook).
``quick``
    Quick-mode nbval over every notebook in ``chapters/`` (one pytest run); each
    notebook's quick-mode time is the sum of its cells' test times (kernel start
    included).

Each command's output goes to a log beside hyperfine's JSON in ``_build/bench/``;
a command that fails is timed all the same and its exit code reported.
hyperfine is a Debian package (``apt-get install hyperfine``); ``make bench``
installs it when it is missing.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tools.build_book import book_env, command
from tools.build_cache import BuildError, current_runs
from tools.toc import toc_notebooks

ROOT = Path(__file__).resolve().parent.parent

HYPERFINE_MISSING = (
    "hyperfine is not installed: `make bench` installs it, or install it yourself "
    "(Debian/Ubuntu: sudo apt-get install hyperfine; macOS: brew install hyperfine; "
    "anywhere with Rust: cargo install hyperfine)."
)


def notebooks(root: Path = ROOT) -> list[Path]:
    """Every notebook of the book, in the toc's order (tools/toc.py is the one list)."""
    return toc_notebooks(root / "_toc.yml", root)


def timing_from_hyperfine(export: dict) -> dict:
    """The one command of a hyperfine ``--export-json`` file: mean seconds, runs, exit code.

    ``rc`` is the first non-zero exit code of its runs, 0 when all succeeded.
    """
    (result,) = export["results"]
    codes = result.get("exit_codes") or [0]
    return {
        "seconds": result["mean"],
        "times": result["times"],
        "rc": next((code for code in codes if code), 0),
    }


def hyperfine(
    name: str,
    cmd: list[str],
    *,
    env: dict[str, str],
    log: Path,
    runs: int = 1,
    prepare: list[str] | None = None,
) -> dict:
    """Time ``cmd`` (run from the repository's top folder) ``runs`` times with hyperfine.

    The command's output goes to ``log`` (the last run's), hyperfine's JSON
    beside it; ``prepare`` runs before each run, untimed. Returns
    :func:`timing_from_hyperfine` of it.
    """
    if shutil.which("hyperfine") is None:
        raise SystemExit(HYPERFINE_MISSING)
    log.parent.mkdir(parents=True, exist_ok=True)
    export = log.with_suffix(".json")
    hf = ["hyperfine", "--runs", str(runs), "--ignore-failure", "--style", "basic"]
    hf += ["--command-name", name, "--export-json", str(export)]
    if prepare:
        hf += ["--prepare", shlex.join(prepare)]
    hf.append(f"{shlex.join(cmd)} > {shlex.quote(str(log))} 2>&1")
    # hyperfine's summary goes with the bench's progress lines, to stderr
    subprocess.run(hf, cwd=ROOT, env=env, stdout=sys.stderr, check=True)
    return timing_from_hyperfine(json.loads(export.read_text()))


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


def run_build(bench_dir: Path, toc: str | None = None, warm_runs: int = 1) -> dict:
    """Cold full-mode build into a fresh ``bench_dir/book``, then ``warm_runs`` warm rebuilds."""
    out_dir = bench_dir / "book"
    cmd = command(out_dir, toc)  # the very build `make book` runs
    env = book_env(quick=False)
    logs = [bench_dir / "build-cold.log", bench_dir / "build-warm.log"]
    cold = hyperfine("cold build", cmd, env=env, log=logs[0], prepare=["rm", "-rf", str(out_dir)])
    warm = hyperfine("warm rebuild", cmd, env=env, log=logs[1], runs=warm_runs)
    try:
        cache = out_dir / "_build" / ".jupyter_cache"
        full_nb_s = execution_seconds_from_cache(cache, Path(toc or ROOT / "_toc.yml"))
    except BuildError:  # a build that failed before running any notebook
        full_nb_s = {}
    return {
        "cold_s": cold["seconds"],
        "cold_rc": cold["rc"],
        "warm_s": warm["seconds"],
        "warm_times": warm["times"],
        "warm_rc": warm["rc"],
        "full_nb_s": full_nb_s,
        "logs": [str(log) for log in logs],
    }


def run_quick(out_dir: Path) -> dict:
    """``make test`` (the Makefile owns the test command), each notebook's time from its junit."""
    names = [p.stem for p in notebooks()]
    junit = out_dir / "nbval-quick.xml"
    log = out_dir / "nbval-quick.log"
    junit.unlink(missing_ok=True)
    env = dict(os.environ)
    env["PYTEST_ADDOPTS"] = f"{env.get('PYTEST_ADDOPTS', '')} --junitxml={junit}".strip()
    quick = hyperfine("make test", ["make", "test"], env=env, log=log)
    return {
        "total_s": quick["seconds"],
        "rc": quick["rc"],
        "quick_nb_s": quick_times_from_junit(junit, names) if junit.exists() else {},
        "log": str(log),
    }
