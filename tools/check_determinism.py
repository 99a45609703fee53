"""Check that two builds in a row glue identical values, and write nothing outside _build/.

Usage (from the repository's top folder, with the book's environment)::

    .venv/bin/python -m tools.check_determinism            # two cold full builds (~2x a cold build)
    .venv/bin/python -m tools.check_determinism --against _build/bench/book
                                  # one cold build, compared with an earlier build's output folder
    .venv/bin/python -m tools.check_determinism --quick    # the same in quick mode (a smoke test)

Each build is ``make book``'s ``python -m tools.build_book --path-output _build/determinism/runN``
(the notebooks one per core, then ``jupyter-book build -W --keep-going -n``) from an
empty folder, so every notebook is executed afresh. The two builds' values are
then compared exactly by the results tool (``python -m tools.results same``):
wall-clock timings, which the tolerance table (``results/tolerances.yml``)
marks, are listed side by side; any other difference, a key present in one
build only, a failed build, or a book with no glued values at all exits
non-zero.

Before and after the builds it asks git for the state of the work tree
(``git status``, ignored files included, and a digest of ``git diff``):
a build that creates, changes or deletes anything outside ``_build/`` and the
virtual environments fails the check. Someone editing files during the run
shows up too, so run it on a quiet repository.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tools.build_book import command
from tools.build_cache import ROOT
from tools.results import TOLERANCES, load_rules, same

#: Paths (from the top folder) that builds and tools may write to: not watched.
NOT_WATCHED = ("_build/", ".venv", "__pycache__/", ".ruff_cache/", ".pytest_cache/")


def work_tree_state(root: Path = ROOT) -> set[str]:
    """What git sees of the work tree: ``git status`` (ignored files too), a digest of the diff."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=True
        ).stdout

    lines = git("status", "--porcelain=v1", "--ignored", "--untracked-files=all").splitlines()
    watched = {line for line in lines if not any(part in line[3:] for part in NOT_WATCHED)}
    diff = hashlib.sha256(git("diff", "--binary").encode()).hexdigest()[:12]
    return watched | {f"diff of tracked files {diff}"}


def changes(before: set[str], after: set[str]) -> list[str]:
    """What changed between two :func:`work_tree_state` readings."""
    return [f"now: {line}" for line in sorted(after - before)] + [
        f"before: {line}" for line in sorted(before - after)
    ]


def build(out: Path, quick: bool, toc: str | None = None) -> tuple[int, float]:
    """One cold ``make book`` build into ``out`` (emptied first); (exit code, seconds)."""
    shutil.rmtree(out, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with open(out.parent / f"{out.name}.log", "w") as log:
        rc = subprocess.run(
            command(out, toc, quick), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        ).returncode
    return rc, time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        default="_build/determinism",
        help="folder for the builds: inside _build/ or outside the repository",
    )
    parser.add_argument(
        "--against",
        help="compare one new build with this earlier build folder (its --path-output, "
        "or . for the main _build) instead of making two",
    )
    parser.add_argument("--quick", action="store_true", help="build in quick mode (smoke test)")
    parser.add_argument("--toc", help="build with this table of contents instead of _toc.yml")
    args = parser.parse_args(argv)
    out = (ROOT / args.out).resolve()
    if out.is_relative_to(ROOT) and not out.is_relative_to(ROOT / "_build"):
        parser.error(f"--out must be inside {ROOT / '_build'} or outside the repository")

    mode = "quick" if args.quick else "full"
    before = work_tree_state()
    problems: list[str] = []
    runs = ["run2"] if args.against else ["run1", "run2"]
    for run in runs:
        print(f"[determinism] {mode}-mode cold build into {out / run} ...", file=sys.stderr)
        rc, seconds = build(out / run, args.quick, args.toc)
        print(f"[determinism]   exit {rc} after {seconds:.0f} s", file=sys.stderr, flush=True)
        if rc != 0:
            problems.append(f"build {run} failed (exit {rc}); see {out / (run + '.log')}")
    changed = changes(before, work_tree_state())
    first_dir = Path(args.against).resolve() if args.against else out / "run1"

    print(f"Determinism check ({mode} mode): {first_dir} vs {out / 'run2'}")
    report = ""
    try:
        report = same(first_dir, out / "run2", load_rules(TOLERANCES), quick=args.quick)
        print(report)
    except Exception as exc:  # noqa: BLE001 - reported as a problem of the check
        problems.append(str(exc))
    if changed:
        print(f"  WRITES OUTSIDE _build/: {len(changed)}")
        print("\n".join(f"    {line}" for line in changed))
    else:
        print("  nothing was written outside _build/ (caches of other tools not watched)")
    for problem in problems:
        print(f"  PROBLEM: {problem}")
    ok = report.endswith("OK: identical") and not changed and not problems
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
