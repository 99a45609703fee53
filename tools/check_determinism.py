"""Check that two builds in a row glue identical values, and write nothing outside _build/.

Usage (from the repository's top folder, with the book's environment)::

    .venv/bin/python -m tools.check_determinism            # two cold full builds (~2x a cold build)
    .venv/bin/python -m tools.check_determinism --against _build/bench/book
                                  # one cold build, compared with an earlier build's output folder
    .venv/bin/python -m tools.check_determinism --quick    # the same in quick mode (a smoke test)

Each build is ``make book``'s ``python -m tools.build_book --path-output _build/determinism/runN``
(the notebooks one per core, then ``jupyter-book build -W --keep-going -n``) from an
empty folder, so every notebook is executed afresh. The glued values of
every notebook are read from each build's execution cache (see
``tools/glued_values.py``) and compared exactly. Wall-clock measurements
(keys ending in ``_seconds`` or ``_ms``, see :data:`TIMING_KEYS`) cannot repeat:
they are listed side by side, not compared. Any other difference, a key present
in one build only, a failed build, or a book with no glued values at all exits
non-zero.

Before and after the builds it snapshots the repository (every file's size and
modification time) outside ``_build/``, ``.git/``, the virtual environments
``.venv*`` and the caches other tools keep (``__pycache__``, ``.ruff_cache``,
``.pytest_cache``): a build that creates, changes or deletes anything there
fails the check. Someone editing files during the run shows up too, so run it
on a quiet repository.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tools.build_book import book_env, command
from tools.glued_values import GlueError, glue_from_cache

ROOT = Path(__file__).resolve().parent.parent
#: Glue keys of wall-clock measurements, which no two runs share: reported, not compared.
TIMING_KEYS = r"(_seconds|_ms)$"
#: Top-level folders that builds may write to or that are not the project's files.
TOP_EXCLUDED = ("_build", ".git")
#: Folders at any depth that hold other tools' caches.
CACHE_DIRS = ("__pycache__", ".ruff_cache", ".pytest_cache")


def _watched(name: str, top: bool) -> bool:
    if name in CACHE_DIRS:
        return False
    return not top or (name not in TOP_EXCLUDED and not name.startswith(".venv"))


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Relative path -> (size, mtime_ns) of every watched file under ``root``."""
    result = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        dirnames[:] = [d for d in dirnames if _watched(d, top=rel_dir == Path("."))]
        for name in filenames:
            try:
                st = (Path(dirpath) / name).stat()
            except FileNotFoundError:  # deleted while we walked
                continue
            result[(rel_dir / name).as_posix()] = (st.st_size, st.st_mtime_ns)
    return result


def diff_snapshots(before: dict, after: dict) -> list[str]:
    """Lines ``created: x``, ``changed: y``, ``deleted: z`` between two snapshots, sorted."""
    lines = []
    for path in sorted(set(before) | set(after)):
        if path not in before:
            lines.append(f"created: {path}")
        elif path not in after:
            lines.append(f"deleted: {path}")
        elif before[path] != after[path]:
            lines.append(f"changed: {path}")
    return lines


def split_glue(glue: dict[str, dict], ignore: str) -> tuple[dict[str, dict], dict[str, dict]]:
    """(compared, ignored): the glue split by whether a key matches the regex ``ignore``."""
    compared = {
        stem: {k: v for k, v in g.items() if not re.search(ignore, k)} for stem, g in glue.items()
    }
    ignored = {
        stem: {k: v for k, v in g.items() if re.search(ignore, k)} for stem, g in glue.items()
    }
    return compared, ignored


def compare_glue(first: dict[str, dict], second: dict[str, dict]) -> list[str]:
    """Differences between two builds' glue (notebook -> key -> value); [] when identical.

    Values are compared exactly (``0.1 + 0.2`` and ``0.3`` differ, and so do
    ``1`` and ``1.0``); a notebook or key present in one build only is a
    difference too.
    """
    lines = []
    for stem in sorted(set(first) | set(second)):
        if stem not in second:
            lines.append(f"{stem}: only in the first build")
        elif stem not in first:
            lines.append(f"{stem}: only in the second build")
        else:
            a, b = first[stem], second[stem]
            for key in sorted(set(a) | set(b)):
                if key not in b:
                    lines.append(f"{stem}: {key} = {a[key]!r} in the first build only")
                elif key not in a:
                    lines.append(f"{stem}: {key} = {b[key]!r} in the second build only")
                elif type(a[key]) is not type(b[key]) or a[key] != b[key]:
                    lines.append(f"{stem}: {key}: {a[key]!r} != {b[key]!r}")
    return lines


def side_by_side(first: dict[str, dict], second: dict[str, dict]) -> list[str]:
    """``stem: key: first / second`` for every key in either build ('missing' where absent)."""
    return [
        f"{stem}: {key}: {first.get(stem, {}).get(key, 'missing')!r} / "
        f"{second.get(stem, {}).get(key, 'missing')!r}"
        for stem in sorted(set(first) | set(second))
        for key in sorted(set(first.get(stem, {})) | set(second.get(stem, {})))
    ]


def build(out: Path, quick: bool, toc: str | None = None) -> tuple[int, float]:
    """One cold ``make book`` build into ``out`` (emptied first); (exit code, seconds)."""
    shutil.rmtree(out, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with open(out.parent / f"{out.name}.log", "w") as log:
        rc = subprocess.run(
            command(out, toc), cwd=ROOT, env=book_env(quick), stdout=log, stderr=subprocess.STDOUT
        ).returncode
    return rc, time.perf_counter() - start


def cache_of(build_dir: Path) -> Path:
    """The execution cache of a build folder (``X`` built with --path-output X, or ``.``)."""
    return Path(build_dir) / "_build" / ".jupyter_cache"


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
    parser.add_argument(
        "--ignore-keys",
        default=TIMING_KEYS,
        help=f"regex of glue keys listed but not compared (default: timings {TIMING_KEYS!r})",
    )
    args = parser.parse_args(argv)
    out = (ROOT / args.out).resolve()
    if out.is_relative_to(ROOT) and not out.is_relative_to(ROOT / "_build"):
        parser.error(f"--out must be inside {ROOT / '_build'} or outside the repository")

    mode = "quick" if args.quick else "full"
    before = snapshot(ROOT)
    problems: list[str] = []
    runs = ["run2"] if args.against else ["run1", "run2"]
    for run in runs:
        print(f"[determinism] {mode}-mode cold build into {out / run} ...", file=sys.stderr)
        rc, seconds = build(out / run, args.quick, args.toc)
        print(f"[determinism]   exit {rc} after {seconds:.0f} s", file=sys.stderr, flush=True)
        if rc != 0:
            problems.append(f"build {run} failed (exit {rc}); see {out / (run + '.log')}")
    changed = diff_snapshots(before, snapshot(ROOT))
    first_dir = Path(args.against).resolve() if args.against else out / "run1"

    glue = []
    for build_dir in (first_dir, out / "run2"):
        try:
            glue.append(glue_from_cache(cache_of(build_dir)))
        except GlueError as exc:
            problems.append(str(exc))
            glue.append({})
    (first, first_ignored), (second, second_ignored) = (
        split_glue(g, args.ignore_keys) for g in glue
    )
    n_keys = [sum(map(len, g.values())) for g in (first, second)]
    if max(n_keys) == 0:
        problems.append("no glued values found: nothing was compared")
    diff = compare_glue(first, second)
    ignored = side_by_side(first_ignored, second_ignored)

    print(f"Determinism check ({mode} mode): {first_dir} vs {out / 'run2'}")
    print(
        f"  compared {n_keys[0]} glued values of the first build with {n_keys[1]} of the "
        f"second, over {len(set(glue[0]) | set(glue[1]))} notebooks"
    )
    if ignored:
        print(f"  timings, not compared ({len(ignored)} keys matching {args.ignore_keys!r}):")
        print("\n".join(f"    {line}   (first / second)" for line in ignored))
    if diff:
        print(f"  MISMATCH: {len(diff)} differences")
        print("\n".join(f"    {line}" for line in diff))
    elif max(n_keys):
        print("  identical: every compared glued value matches exactly")
    if changed:
        print(f"  WRITES OUTSIDE _build/: {len(changed)} files")
        print("\n".join(f"    {line}" for line in changed))
    else:
        print("  nothing was written outside _build/ (caches of other tools not watched)")
    for problem in problems:
        print(f"  PROBLEM: {problem}")
    ok = not diff and not changed and not problems
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
