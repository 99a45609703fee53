"""Record the book's glued results, and compare each full-mode build with the record.

``results/glued.json`` holds every glued value of the last full-mode build
(key -> notebook and value): the numbers the published book shows.
``results/tolerances.yml`` says how far each key may move (first matching
pattern wins; timings are listed, never compared).

    python -m tools.results check     # make book: compare the build in _build/ with the record
    python -m tools.results update    # make results: record that build (then commit the file)

Both read the execution cache of the build (``_build/.jupyter_cache``) through
``tools/build_cache.py``, taking for each notebook of ``_toc.yml`` the cached
run of its current code, and refuse a cache whose runs are not full-mode runs
of the current helpers, data and packages (the inputs each run records).

    python -m tools.results same DIR1 DIR2   # two builds' values, compared exactly

compares the builds made with ``--path-output DIR1`` and ``DIR2`` (the
determinism check, ``tools/check_determinism.py``, builds twice and calls
it): every value must be identical, except the timings the tolerance table
marks, which are listed side by side.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from tools.build_cache import (
    CACHE,
    ROOT,
    BuildError,
    GlueError,
    build_values,
    cache_dir_of,
    current_runs,
)

RECORD = ROOT / "results" / "glued.json"
TOLERANCES = ROOT / "results" / "tolerances.yml"
#: How to record the values on purpose: printed wherever it is needed.
UPDATE_COMMAND = "make results"
ABOUT = (
    "Every glued value of the last full-mode build of the book: what the published "
    f"book shows. Written by `{UPDATE_COMMAND}`; `make book` compares each full build "
    "with it within results/tolerances.yml."
)


class ResultsError(RuntimeError):
    """The build or the record cannot be read or compared."""


@dataclass(frozen=True)
class Rule:
    """One line of the tolerance table."""

    pattern: str
    why: str
    abs: float = 0.0
    rel: float = 0.0
    timing: bool = False

    def allows(self, recorded, new) -> bool:
        """Whether ``new`` is within this rule of ``recorded``.

        Numbers pass within ``abs`` or within ``rel`` of the recorded value;
        whole numbers (counts, sizes, epochs) within ``abs`` only, so a count
        is exact unless its rule says otherwise. Anything else (text) must be
        equal.
        """
        numbers = (int, float)
        if isinstance(recorded, bool) or isinstance(new, bool):
            return recorded == new
        if not (isinstance(recorded, numbers) and isinstance(new, numbers)):
            return recorded == new
        if not (math.isfinite(recorded) and math.isfinite(new)):
            return recorded == new or (math.isnan(recorded) and math.isnan(new))
        diff = abs(new - recorded)
        if isinstance(recorded, int) and isinstance(new, int):
            return diff <= self.abs
        return diff <= self.abs or diff <= self.rel * abs(recorded)

    def describe(self, whole: bool = False) -> str:
        """The bounds and their reason; ``whole`` for whole numbers (abs only)."""
        if self.timing:
            return "timing"
        rel = self.rel and not whole
        bounds = [f"abs {self.abs:g}"] * bool(self.abs) + [f"rel {self.rel:g}"] * bool(rel)
        return f"{' or '.join(bounds) or 'exact'} ({self.pattern}: {self.why})"


def load_rules(path: Path = TOLERANCES) -> list[Rule]:
    """The tolerance table, in order; every rule needs a pattern and a reason."""
    try:
        rows = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ResultsError(f"no tolerance table at {path}") from exc
    rules = []
    for i, row in enumerate(rows or []):
        unknown = set(row) - {"pattern", "why", "abs", "rel", "timing"}
        if "pattern" not in row or not row.get("why") or unknown:
            raise ResultsError(
                f"{path}: rule {i + 1} needs a pattern and a why (and nothing else): {row}"
            )
        rules.append(
            Rule(
                pattern=str(row["pattern"]),
                why=str(row["why"]),
                abs=float(row.get("abs", 0)),
                rel=float(row.get("rel", 0)),
                timing=bool(row.get("timing", False)),
            )
        )
    return rules


def rule_for(key: str, rules: list[Rule]) -> Rule:
    """The first rule whose pattern matches ``key`` (exact comparison if none does)."""
    for rule in rules:
        if fnmatch.fnmatchcase(key, rule.pattern):
            return rule
    return Rule(pattern="(no rule)", why="no rule in the tolerance table matches")


# --------------------------------------------------------------------------- reading


def read_record(path: Path = RECORD) -> dict[str, dict]:
    """key -> {"notebook", "value"} of the recorded build."""
    if not Path(path).exists():
        raise ResultsError(
            f"no recorded results at {_shown(path)}: nothing to compare this build with.\n"
            f"  Record this build's values with `{UPDATE_COMMAND}` "
            f"(python -m tools.results update), check them, and commit {_shown(path)}."
        )
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data["values"]


def write_record(
    values: dict[str, dict], path: Path = RECORD, seconds: dict[str, float] | None = None
) -> None:
    """Write the record: the values, and each notebook's run time (for the build's order)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"about": ABOUT, "values": dict(sorted(values.items()))}
    if seconds:
        data["seconds"] = {stem: round(s, 1) for stem, s in sorted(seconds.items())}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def recorded_seconds(path: Path = RECORD) -> dict[str, float]:
    """Notebook stem -> seconds its run took in the recorded build ({} if none recorded).

    tools/build_book.py starts the longest notebooks first with it.
    """
    try:
        return json.loads(Path(path).read_text(encoding="utf-8")).get("seconds", {})
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


# --------------------------------------------------------------------------- comparing


@dataclass
class Comparison:
    """What a build changed in the book's numbers, one printable line per key."""

    moved: list[str]  # past its tolerance: fails
    new: list[str]  # glued now, not recorded: fails
    vanished: list[str]  # recorded, not glued now: fails
    within: list[str]  # changed within its tolerance
    timings: list[str]  # listed, not compared
    compared: int = 0

    @property
    def ok(self) -> bool:
        return not (self.moved or self.new or self.vanished)


def _fmt(value) -> str:
    return f"{value:.6g}" if isinstance(value, float) else repr(value)


def compare(recorded: dict[str, dict], built: dict[str, dict], rules: list[Rule]) -> Comparison:
    """Compare a build's values with the recorded ones, key by key, under ``rules``."""
    result = Comparison([], [], [], [], [])
    for key in sorted(set(recorded) | set(built)):
        rule = rule_for(key, rules)
        old, new = recorded.get(key), built.get(key)
        notebook = (new or old)["notebook"]
        if rule.timing:
            shown = " -> ".join(_fmt(v["value"]) if v else "none" for v in (old, new))
            result.timings.append(f"{notebook}  {key}: {shown}")
        elif old is None:
            result.new.append(f"{notebook}  {key} = {_fmt(new['value'])}")
        elif new is None:
            result.vanished.append(f"{notebook}  {key} (was {_fmt(old['value'])})")
        else:
            result.compared += 1
            a, b = old["value"], new["value"]
            if a == b and type(a) is type(b):
                continue
            line = f"{notebook}  {key}: {_fmt(a)} -> {_fmt(b)}"
            if isinstance(a, (int, float)) and isinstance(b, (int, float)):
                line += f" (moved {b - a:+.4g})"
            if rule.allows(a, b):
                result.within.append(line)
            else:
                whole = isinstance(a, int) and isinstance(b, int)
                result.moved.append(f"{line}; allowed: {rule.describe(whole)}")
    return result


def report(result: Comparison, record: Path = RECORD) -> str:
    """The comparison as ``make book`` prints it."""
    lines = [
        f"[results] compared {result.compared} glued values of this full build with "
        f"{_shown(record)}"
    ]
    sections = [
        ("MOVED PAST TOLERANCE", result.moved),
        (f"NEW KEYS, glued by their notebook but not recorded in {_shown(record)}", result.new),
        (f"VANISHED KEYS, recorded in {_shown(record)} but glued by no notebook", result.vanished),
        ("changed within tolerance", result.within),
        ("timings, listed not compared (recorded -> this build)", result.timings),
    ]
    for title, items in sections:
        if items:
            lines.append(f"[results] {title} ({len(items)}):")
            lines += [f"    {item}" for item in items]
    if result.ok:
        lines.append("[results] OK: every value within its tolerance (results/tolerances.yml)")
    else:
        if result.new or result.vanished:
            lines.append(
                f"[results] {_shown(record)} is the record of which keys each chapter glues: "
                f"a new or renamed key, or a new chapter, is recorded by `{UPDATE_COMMAND}`; "
                "until then tests/test_notebooks.py fails on a key recorded but glued no more."
            )
        lines.append(
            f"[results] FAILED: this build changes the book's numbers. If the change is "
            f"meant, record it with `{UPDATE_COMMAND}` and commit {_shown(record)}; "
            "otherwise find what moved them."
        )
    return "\n".join(lines)


def compare_exactly(first: dict[str, dict], second: dict[str, dict], rules: list[Rule]):
    """Compare two builds' values with no tolerance: any change at all is a difference.

    Timings (the tolerance table's ``timing: true`` rules) stay listed, not
    compared; ``1`` and ``1.0`` differ.
    """
    exact = [Rule(r.pattern, r.why, timing=r.timing) for r in rules]
    result = compare(first, second, exact)
    result.moved = sorted(result.moved + result.within)
    result.within = []
    return result


def same(first_dir: Path, second_dir: Path, rules: list[Rule], quick: bool = False) -> str:
    """Compare the values of the builds made with ``--path-output first_dir`` and ``second_dir``.

    Every value must be identical (``1`` and ``1.0`` differ); timings are
    listed side by side. Returns the report; its last line is OK or FAILED.
    """
    first = build_values(cache_dir_of(first_dir), quick=quick)
    second = build_values(cache_dir_of(second_dir), quick=quick)
    result = compare_exactly(first, second, rules)
    lines = [
        f"[results] compared {result.compared} glued values of {_shown(first_dir)} and "
        f"{_shown(second_dir)} exactly"
    ]
    sections = [
        ("DIFFERENT (first -> second)", result.moved),
        ("ONLY IN THE SECOND BUILD", result.new),
        ("ONLY IN THE FIRST BUILD", result.vanished),
        ("timings, listed not compared (first -> second)", result.timings),
    ]
    for title, items in sections:
        if items:
            lines.append(f"[results] {title} ({len(items)}):")
            lines += [f"    {item.split('; allowed:')[0]}" for item in items]
    if not result.compared:
        lines.append("[results] FAILED: no values to compare")
    else:
        lines.append(
            "[results] OK: identical" if result.ok else "[results] FAILED: the builds differ"
        )
    return "\n".join(lines)


def _shown(path: Path) -> str:
    path = Path(path)
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["check", "update", "same"])
    parser.add_argument("builds", nargs="*", help="same: the two builds' --path-output folders")
    parser.add_argument("--quick", action="store_true", help="same: the builds are quick-mode")
    parser.add_argument("--cache", default=str(CACHE), help="the build's execution cache")
    parser.add_argument("--record", default=str(RECORD), help="the recorded results")
    parser.add_argument("--tolerances", default=str(TOLERANCES), help="the tolerance table")
    parser.add_argument(
        "--toc", default=str(ROOT / "_toc.yml"), help="the book's toc (in its top folder)"
    )
    args = parser.parse_args(argv)
    record = Path(args.record)
    toc = Path(args.toc).resolve()
    if args.action == "same":
        if len(args.builds) != 2:
            parser.error("same needs the two builds' folders")
        try:
            text = same(*map(Path, args.builds), load_rules(Path(args.tolerances)), args.quick)
        except (ResultsError, GlueError, BuildError) as exc:
            print(f"[results] {exc}", file=sys.stderr)
            return 1
        print(text)
        return 0 if text.endswith("OK: identical") else 1
    try:
        built = build_values(Path(args.cache), toc, toc.parent)
        if args.action == "update":
            old = read_record(record) if record.exists() else {}
            runs = current_runs(Path(args.cache), toc, toc.parent, quick=False)
            seconds = {
                stem: float(data["execution_seconds"])
                for stem, (data, _) in runs.items()
                if "execution_seconds" in data
            }
            write_record(built, record, seconds)
            changed = sum(old.get(k, {}).get("value") != v["value"] for k, v in built.items())
            print(
                f"[results] recorded {len(built)} glued values in {_shown(record)} "
                f"({changed} new or changed, {len(set(old) - set(built))} removed); "
                "commit it with the change that moved them"
            )
            return 0
        result = compare(read_record(record), built, load_rules(Path(args.tolerances)))
    except (ResultsError, GlueError, BuildError) as exc:
        print(f"[results] {exc}", file=sys.stderr)
        return 1
    print(report(result, record))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
