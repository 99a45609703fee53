"""Check that two full builds in a row glue identical values, and write nothing outside _build/.

Usage (from the repository's top folder, with the book's environment)::

    .venv/bin/python tools/check_determinism.py            # two cold full builds (~2x a cold build)
    .venv/bin/python tools/check_determinism.py --against _build/bench
                                  # one cold build, compared with an earlier build's output folder
    .venv/bin/python tools/check_determinism.py --quick    # the same in quick mode (a smoke test)

Each build is ``jupyter-book build . --path-output _build/determinism/runN -W --keep-going -n``
from an empty folder, so every notebook is executed afresh. The glued values of
every notebook are read from each build's execution cache (see
``tools/glued_values.py``) and compared exactly; any difference, a key present
in one build only, a failed build, or a book with no glued values at all exits
non-zero with a diff.

Before and after the builds it also snapshots the repository (every file's
size and modification time, outside ``_build/``, ``.git/`` and ``.venv*``) and
``git status --porcelain``: a build that creates, changes or deletes anything
there fails the check. (Someone editing files during the run also shows up.)
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from glued_values import GlueError, glue_from_cache  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
#: Glue keys of wall-clock measurements, which no two runs share: reported, not compared.
TIMING_KEYS = r"(_seconds|_secs|_speedup|_per_second)$"
#: Top-level folders a build may write to or that are not the project's files.
EXCLUDED = ("_build", ".git", ".venv", ".venv-")


def snapshot(root: Path, excluded=EXCLUDED) -> dict[str, tuple[int, int]]:
    """Relative path -> (size, mtime_ns) of every file under ``root`` but the excluded folders."""
    result = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        if rel_dir == Path("."):
            dirnames[:] = [
                d
                for d in dirnames
                if not any(d == e or d.startswith(e) and e.endswith("-") for e in excluded)
            ]
        for name in filenames:
            path = Path(dirpath) / name
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            result[str(rel_dir / name) if rel_dir != Path(".") else name] = (
                st.st_size,
                st.st_mtime_ns,
            )
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


def git_status(root: Path) -> str:
    """``git status --porcelain`` of ``root`` ('' outside a git repository)."""
    proc = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    return proc.stdout if proc.returncode == 0 else ""


def compare_glue(first: dict[str, dict], second: dict[str, dict], ignore: str = "") -> list[str]:
    """Differences between two builds' glue (notebook -> key -> value); [] when identical.

    Values are compared exactly (``0.1 + 0.2`` and ``0.3`` differ); a notebook or
    key present in one build only is a difference too. Keys matching the regular
    expression ``ignore`` (e.g. :data:`TIMING_KEYS`) are left out.
    """
    if ignore:
        first, second = (
            {
                stem: {k: v for k, v in g.items() if not re.search(ignore, k)}
                for stem, g in b.items()
            }
            for b in (first, second)
        )
    lines = []
    for stem in sorted(set(first) | set(second)):
        if stem not in second:
            lines.append(f"{stem}: only in the first build")
            continue
        if stem not in first:
            lines.append(f"{stem}: only in the second build")
            continue
        a, b = first[stem], second[stem]
        for key in sorted(set(a) | set(b)):
            if key not in b:
                lines.append(
                    f"{stem}: {key} = {a[key]!r} in the first build, missing in the second"
                )
            elif key not in a:
                lines.append(
                    f"{stem}: {key} = {b[key]!r} in the second build, missing in the first"
                )
            elif type(a[key]) is not type(b[key]) or a[key] != b[key]:
                lines.append(f"{stem}: {key}: {a[key]!r} != {b[key]!r}")
    return lines


def build(out: Path, quick: bool, toc: str | None = None) -> tuple[int, float]:
    """One cold ``jupyter-book build`` into ``out`` (emptied first); (exit code, seconds)."""
    shutil.rmtree(out, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["NNBOOK_QUICK"] = "1" if quick else "0"
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    cmd = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        ".",
        "--path-output",
        str(out),
    ]
    cmd += ["-W", "--keep-going", "-n"] + (["--toc", toc] if toc else [])
    start = time.perf_counter()
    with open(out.parent / f"{out.name}.log", "w") as log:
        rc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT).returncode
    return rc, time.perf_counter() - start


def cache_of(build_dir: Path) -> Path:
    """The execution cache of a build folder (``X`` built with --path-output X, or ``.``)."""
    return Path(build_dir) / "_build" / ".jupyter_cache"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="_build/determinism", help="folder for the builds")
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
        help=f"regex of glue keys not compared (default: wall-clock timings {TIMING_KEYS!r})",
    )
    args = parser.parse_args(argv)
    out = (ROOT / args.out).resolve()
    if not out.is_relative_to(ROOT / "_build"):
        parser.error(f"--out must be inside {ROOT / '_build'}: the check must not write elsewhere")

    mode = "quick" if args.quick else "full"
    before, status_before = snapshot(ROOT), git_status(ROOT)
    problems: list[str] = []
    runs = [] if args.against else ["run1"]
    runs.append("run2")
    for run in runs:
        print(
            f"[determinism] {mode}-mode cold build into {out / run} ...",
            file=sys.stderr,
            flush=True,
        )
        rc, seconds = build(out / run, args.quick, args.toc)
        print(f"[determinism]   exit {rc} after {seconds:.0f} s", file=sys.stderr, flush=True)
        if rc != 0:
            problems.append(f"build {run} failed (exit {rc}); see {out / (run + '.log')}")
    first_dir = Path(args.against).resolve() if args.against else out / "run1"

    glue = []
    for build_dir in (first_dir, out / "run2"):
        try:
            glue.append(glue_from_cache(cache_of(build_dir)))
        except GlueError as exc:
            problems.append(str(exc))
            glue.append({})
    n_keys = [sum(len(v) for v in g.values()) for g in glue]
    diff = compare_glue(*glue, ignore=args.ignore_keys)
    ignored = sorted(
        f"{stem}: {key}: {value!r} / {glue[1].get(stem, {}).get(key, 'missing')!r}"
        for stem, values in glue[0].items()
        for key, value in values.items()
        if args.ignore_keys and re.search(args.ignore_keys, key)
    )
    if max(n_keys) == 0:
        problems.append("no glued values found: nothing was compared")

    changed = diff_snapshots(before, snapshot(ROOT))
    status_after = git_status(ROOT)

    print(f"Determinism check ({mode} mode): {first_dir} vs {out / 'run2'}")
    print(
        f"  glued values: {n_keys[0]} in the first build, {n_keys[1]} in the second, "
        f"over {len(set(glue[0]) | set(glue[1]))} notebooks"
    )
    if ignored:
        print(
            f"  not compared ({len(ignored)} keys matching {args.ignore_keys!r}, first / second):"
        )
        print("\n".join(f"    {line}" for line in ignored))
    if diff:
        print(f"  MISMATCH: {len(diff)} differences")
        print("\n".join(f"    {line}" for line in diff))
    else:
        print("  identical: every glued value matches exactly")
    if changed:
        print(f"  WRITES OUTSIDE _build/: {len(changed)} files")
        print("\n".join(f"    {line}" for line in changed))
    else:
        print("  nothing was written outside _build/")
    if status_after != status_before:
        print("  git status --porcelain changed during the builds:")
        print("    before: " + (status_before.strip().replace("\n", "\n            ") or "(clean)"))
        print("    after:  " + (status_after.strip().replace("\n", "\n            ") or "(clean)"))
    else:
        state = "clean" if not status_after else "not clean before either"
        print(f"  git status --porcelain unchanged ({state})")
    for problem in problems:
        print(f"  PROBLEM: {problem}")
    ok = not diff and not changed and status_after == status_before and not problems
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
