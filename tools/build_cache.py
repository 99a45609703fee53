"""What "the build" is: the one reader of the book's execution cache.

A build of the book leaves every executed notebook in its jupyter-cache
(``<path-output>/_build/.jupyter_cache``). This module knows

- what a notebook's results depend on besides its code
  (:func:`inputs_fingerprint`: helpers, data, requirements, package versions,
  mode) and when a cached run no longer stands for them (:func:`why_rerun`);
- which cached run belongs to the build: the run of each toc notebook's
  current code (:func:`current_runs`), made with the current inputs;
- how to read glued values back (:func:`glue_from_notebook`), a key glued
  twice being an error, and the whole build's key -> value
  (:func:`build_values`).

``tools/build_book.py`` (which notebooks to run), ``_ext/nnbook_cache.py``
(evicting stale runs in any Sphinx build), ``tools/results.py`` (the record
and the comparisons, determinism included) and ``tools/bench.py`` all go
through it.

``helpers.glue.glue`` stores each number with myst-nb's ``glue(..., display=False)``,
which leaves a ``display_data`` output whose metadata is
``{"scrapbook": {"name": KEY, "mime_prefix": "application/papermill.record/"}}``
and whose data holds the value's ``text/plain`` under that prefix.

Usage::

    .venv/bin/python -m tools.build_cache _build/.jupyter_cache    # a build's values
    .venv/bin/python -m tools.build_cache out/*.ipynb --json       # executed notebooks
    .venv/bin/python -m tools.build_cache --cache-key               # the CI cache key
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib.metadata
import json
import platform
import sys
from pathlib import Path

# nbformat and tools.toc (yaml) are imported where they are used: the GitHub
# workflow computes the cache key (--cache-key) with a bare Python, before it
# installs anything.

ROOT = Path(__file__).resolve().parent.parent

#: Folders and files (globs, from the book's top folder) whose contents the
#: notebooks' results depend on besides their own code.
INPUT_FILES = ("helpers", "data", "requirements*.txt")
#: Installed packages whose version can change a result (either TensorFlow wheel).
INPUT_PACKAGES = (
    "tensorflow",
    "tensorflow-cpu",
    "keras",
    "numpy",
    "scikit-learn",
    "matplotlib",
    "ipywidgets",
)
#: Names skipped inside those folders: caches and build leftovers, not inputs.
_NOT_INPUTS = ("__pycache__", ".ipynb_checkpoints")


def cache_dir_of(path_output: str | Path = ROOT) -> Path:
    """The execution cache of a build made with ``--path-output path_output``."""
    return Path(path_output) / "_build" / ".jupyter_cache"


#: the execution cache of ``make book``'s own build
CACHE = cache_dir_of(ROOT)


def _input_files(root: Path, pattern: str) -> list[Path]:
    found = []
    for path in sorted(root.glob(pattern)):
        found += sorted(path.rglob("*")) if path.is_dir() else [path]
    return [
        p
        for p in found
        if p.is_file()
        and p.suffix != ".pyc"
        and not any(part in _NOT_INPUTS or part.endswith(".egg-info") for part in p.parts)
    ]


def _digest(root: Path, pattern: str) -> str:
    h = hashlib.sha256()
    for path in _input_files(root, pattern):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        h.update(b"\0")
    return h.hexdigest()[:16]


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def inputs_fingerprint(root: Path = ROOT, quick: bool | None = None) -> dict[str, str]:
    """What a notebook's results depend on besides its code: part -> digest or version.

    ``{"mode": "full", "helpers": "3f0c...", "data": ..., "requirements*.txt": ...,
    "python": "3.11.9", "packages": "keras 3.13.0, ..."}``. ``quick`` defaults to
    the mode the environment asks for (``helpers.modes.is_quick``).
    """
    if quick is None:
        from helpers.modes import is_quick

        quick = is_quick()
    fingerprint = {"mode": "quick" if quick else "full"}
    fingerprint.update({pattern: _digest(Path(root), pattern) for pattern in INPUT_FILES})
    fingerprint["python"] = platform.python_version()
    fingerprint["packages"] = ", ".join(f"{p} {_version(p)}" for p in INPUT_PACKAGES)
    return fingerprint


def why_rerun(recorded: dict | None, current: dict[str, str]) -> str | None:
    """Why a cached run no longer stands for the current inputs; None when it does."""
    if not recorded:
        return "the cached run has no record of its inputs (helpers, data, versions, mode)"
    changed = [part for part in current if recorded.get(part) != current[part]]
    if not changed:
        return None
    if changed == ["mode"]:
        return f"the cached run was in {recorded.get('mode')} mode, this build is {current['mode']}"
    return f"{', '.join(changed)} changed since the cached run"


def cache_key(root: Path = ROOT) -> str:
    """A key for CI's copy of the execution cache: the notebooks' code and every input file.

    The GitHub workflow saves the cache under this key (and restores older
    ones: stale runs are evicted by the build itself).
    """
    h = hashlib.sha256()
    for pattern in ("chapters/*.ipynb", *INPUT_FILES):
        h.update(pattern.encode() + b"=" + _digest(Path(root), pattern).encode() + b"\n")
    return "jupyter-cache-" + h.hexdigest()[:20]


def current_record(cache, path: Path):
    """The cache's run of the notebook at ``path`` as its code is now, or None."""
    import nbformat

    try:
        return cache.match_cache_notebook(nbformat.read(path, as_version=4))
    except KeyError:
        return None


class GlueError(ValueError):
    """A notebook's glue outputs cannot be read (duplicate key, bad file)."""


def parse_value(text: str):
    """The Python value of a glued ``text/plain`` repr: ``'0.9123'`` -> 0.9123.

    Numbers (the book only glues plain ints and floats) come back as numbers;
    anything else is returned as its text, unchanged.
    """
    try:
        value = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return text
    return value


def _text_plain(data: dict):
    for mime, payload in data.items():
        if mime.endswith("text/plain"):
            return "".join(payload) if isinstance(payload, list) else payload
    return None


def glue_from_notebook(nb: dict, source: str = "notebook") -> dict:
    """Every glued key -> value in one executed notebook (a dict or NotebookNode).

    Raises GlueError when a key is glued twice in the notebook, or when a glue
    output has no ``text/plain`` representation.
    """
    if not isinstance(nb, dict) or "cells" not in nb:
        raise GlueError(f"{source} is not a Jupyter notebook (no 'cells').")
    values: dict = {}
    for index, cell in enumerate(nb["cells"]):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            scrap = (output.get("metadata") or {}).get("scrapbook")
            if not scrap:
                continue
            key = scrap.get("name")
            text = _text_plain(output.get("data") or {})
            if text is None:
                raise GlueError(f"{source}: cell {index} glues {key!r} without a text/plain value.")
            if key in values:
                raise GlueError(f"{source}: glue key {key!r} is glued twice (cell {index}).")
            values[key] = parse_value(text)
    return values


def read_notebook(path: Path) -> dict:
    """Read an ``.ipynb`` file as a plain dict, with a clear error for a corrupt file."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise GlueError(f"{path} is not a readable notebook: {exc}") from exc


class BuildError(RuntimeError):
    """The cache does not hold the build asked for (a notebook not run, or run for other inputs)."""


def current_runs(
    cache_dir: Path,
    toc: Path = ROOT / "_toc.yml",
    root: Path = ROOT,
    quick: bool | None = False,
) -> dict[str, tuple[dict, dict]]:
    """Notebook stem -> (record data, executed notebook) of the build in ``cache_dir``.

    The build is the run of each notebook of ``toc`` as its code is now, made
    with the current inputs in the mode asked for (``quick=None``: any mode);
    BuildError names each notebook that has no such run, and why.
    """
    from jupyter_cache import get_cache

    cache_dir = Path(cache_dir)
    if not (cache_dir / "global.db").exists():
        raise BuildError(f"no build to read: {cache_dir} is missing; run `make book` first")
    cache = get_cache(str(cache_dir))
    runs, problems = {}, []
    inputs = None if quick is None else inputs_fingerprint(root, quick=quick)
    from tools.toc import toc_notebooks

    for path in toc_notebooks(toc, root):
        record = current_record(cache, path)
        if record is None:
            problems.append(f"{path.stem}: not in the cache (its code changed since the build?)")
            continue
        data = dict(record.data or {})
        why = None if inputs is None else why_rerun(data.get("inputs"), inputs)
        if why:
            mode = "quick" if quick else "full"
            problems.append(f"{path.stem}: not a {mode}-mode run of the current inputs: {why}")
            continue
        runs[path.stem] = (data, cache.get_cache_bundle(record.pk).nb)
    if problems:
        raise BuildError(
            f"{cache_dir} does not hold a build of the current book; run `make book`:\n"
            + "\n".join(f"  {p}" for p in problems)
        )
    return runs


def build_values(
    cache_dir: Path = CACHE,
    toc: Path = ROOT / "_toc.yml",
    root: Path = ROOT,
    quick: bool | None = False,
) -> dict[str, dict]:
    """key -> {"notebook", "value"} of the build in ``cache_dir`` (see :func:`current_runs`)."""
    values = {}
    for stem, (_, nb) in current_runs(cache_dir, toc, root, quick).items():
        for key, value in glue_from_notebook(nb, stem).items():
            if key in values:
                raise GlueError(
                    f"glue key {key!r} is glued in both {values[key]['notebook']} and {stem}"
                )
            values[key] = {"notebook": stem, "value": value}
    if not values:
        raise BuildError(f"no glued values in the build in {cache_dir}")
    return dict(sorted(values.items()))


def glue_from_cache(cache_dir: Path, quick: bool | None = None) -> dict[str, dict]:
    """Notebook stem -> its glued values, for the build in a jupyter-cache folder."""
    if not (Path(cache_dir) / "global.db").exists():
        raise GlueError(f"{cache_dir} is not a jupyter-cache folder (no global.db).")
    return {
        stem: glue_from_notebook(nb, stem)
        for stem, (_, nb) in current_runs(cache_dir, quick=quick).items()
    }


def glue_from_paths(paths: list[Path]) -> dict[str, dict]:
    """Notebook stem -> glued values, from notebook files and/or jupyter-cache folders."""
    result: dict[str, dict] = {}
    for path in map(Path, paths):
        if path.is_dir() and (path / "global.db").exists():
            found = glue_from_cache(path)
        elif path.is_dir():
            found = {
                p.stem: glue_from_notebook(read_notebook(p), str(p))
                for p in sorted(path.rglob("*.ipynb"))
            }
        elif path.suffix == ".ipynb":
            found = {path.stem: glue_from_notebook(read_notebook(path), str(path))}
        else:
            raise GlueError(
                f"{path}: give .ipynb files, folders of them or a jupyter-cache folder."
            )
        for stem, values in found.items():
            if stem in result:
                raise GlueError(f"notebook {stem!r} found twice in {paths}.")
            result[stem] = values
    return result


def flatten(per_notebook: dict[str, dict]) -> dict:
    """Merge per-notebook glue into one key -> value; a key in two notebooks is an error."""
    merged, owner = {}, {}
    for stem in sorted(per_notebook):
        for key, value in per_notebook[stem].items():
            if key in merged:
                raise GlueError(f"glue key {key!r} is glued in both {owner[key]} and {stem}.")
            merged[key], owner[key] = value, stem
    return merged


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Print every glued key and value.")
    parser.add_argument("paths", nargs="*", help=".ipynb files, folders, or a jupyter-cache folder")
    parser.add_argument("--json", action="store_true", help="print JSON (notebook -> key -> value)")
    parser.add_argument(
        "--cache-key", action="store_true", help="print the key of CI's execution cache"
    )
    args = parser.parse_args(argv)
    if args.cache_key:
        print(cache_key())
        return 0
    if not args.paths:
        parser.error("give .ipynb files, folders of them or a jupyter-cache folder")
    try:
        per_nb = glue_from_paths(args.paths)
        flatten(per_nb)
    except (GlueError, BuildError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(per_nb, indent=2, sort_keys=True))
    else:
        for stem in sorted(per_nb):
            for key in sorted(per_nb[stem]):
                print(f"{stem}\t{key}\t{per_nb[stem][key]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
