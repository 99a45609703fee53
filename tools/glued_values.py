"""Extract every glued key -> value from executed notebooks.

``helpers.glue.glue`` stores each number with myst-nb's ``glue(..., display=False)``,
which leaves a ``display_data`` output whose metadata is
``{"scrapbook": {"name": KEY, "mime_prefix": "application/papermill.record/"}}``
and whose data holds the value's ``text/plain`` under that prefix. This module
reads those outputs back:

- from executed ``.ipynb`` files (e.g. written by ``jupyter nbconvert --execute``), or
- from a jupyter-cache folder (``_build/.jupyter_cache``, where the book build keeps
  the executed notebooks with all their outputs; the copies in
  ``_build/jupyter_execute`` have the hidden glue outputs removed).

Usage::

    .venv/bin/python -m tools.glued_values _build/.jupyter_cache    # a build's cache
    .venv/bin/python -m tools.glued_values out/*.ipynb --json       # executed notebooks
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from pathlib import Path


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


def cached_notebooks(cache_dir: Path) -> dict[str, tuple[dict, dict]]:
    """Notebook stem -> (record data, executed notebook) of a jupyter-cache folder.

    For each source notebook the most recent execution is taken (the highest
    record id), whether or not the source has changed since: a build's cache
    is read as that build left it.
    """
    from jupyter_cache import get_cache

    cache_dir = Path(cache_dir)
    if not (cache_dir / "global.db").exists():
        raise GlueError(f"{cache_dir} is not a jupyter-cache folder (no global.db).")
    cache = get_cache(str(cache_dir))
    latest = {}
    for record in cache.list_cache_records():
        stem = Path(record.uri).stem
        if stem not in latest or record.pk > latest[stem].pk:
            latest[stem] = record
    return {
        stem: (dict(record.data or {}), cache.get_cache_bundle(record.pk).nb)
        for stem, record in sorted(latest.items())
    }


def glue_from_cache(cache_dir: Path) -> dict[str, dict]:
    """Notebook stem -> its glued values, for every notebook executed into a jupyter-cache."""
    return {
        stem: glue_from_notebook(nb, stem) for stem, (_, nb) in cached_notebooks(cache_dir).items()
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
    parser.add_argument("paths", nargs="+", help=".ipynb files, folders, or a jupyter-cache folder")
    parser.add_argument("--json", action="store_true", help="print JSON (notebook -> key -> value)")
    args = parser.parse_args(argv)
    try:
        per_nb = glue_from_paths(args.paths)
        flatten(per_nb)
    except GlueError as exc:
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
