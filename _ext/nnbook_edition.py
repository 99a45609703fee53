"""The student edition behind the site's download button: a local Sphinx extension.

A chapter's download button serves ``_sources/chapters/NN.ipynb``, which
Sphinx copies from the build source: glue roles, labels and admonitions that
Jupyter and Colab show as raw text, the book's plumbing open. At
``build-finished`` (HTML builds) this extension writes over each of those
files the student edition of the chapter (``tools/notebooks.py``, the one
module for notebook transforms), with the numbers this very build glued
(myst-nb's ``jupyter_execute/<page>.glue.json``), so the download says what
the page says. It also writes the build's date, mode and versions into
``<build folder>/build_info.json``, which ``make results`` records in
``results/build_info.json`` and ``python -m tools.notebooks edition
--from-build _build`` reads (the GitHub workflow publishes that edition on
the ``notebooks`` branch, which the Colab button opens: ``_config.yml``'s
``repository.branch``).

The edition numbers figures itself ("Fig. 4.2" for a ``{numref}``) and
points labels at their pages; each build compares those with Sphinx's own
numbers and anchors and warns on any difference (with ``-W``, as ``make
book`` builds, a warning fails the build), as it warns on any chapter the
edition cannot be written for.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

from sphinx.util import logging

# tools/ is the book's own package of build tools, beside this folder.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from tools import notebooks  # noqa: E402

LOGGER = logging.getLogger(__name__)


def _warn(message: str) -> None:
    LOGGER.warning(message, type="nnbook", subtype="edition")


def _executed_folder(app) -> Path:
    configured = getattr(getattr(app.env, "mystnb_config", None), "output_folder", "")
    return Path(configured) if configured else Path(app.outdir).parent / notebooks.EXECUTED


def _is_quick() -> bool:
    try:
        from helpers.modes import is_quick
    except ImportError:  # a book without the helpers
        return os.environ.get("NNBOOK_QUICK", "").strip().lower() in {"1", "true", "yes", "on"}
    return is_quick()


def run_date(app, docnames: list[str]) -> dt.datetime:
    """When the notebooks ran: the latest execution myst-nb recorded (now if none ran)."""
    try:
        from myst_nb.sphinx_ import NbMetadataCollector
    except ImportError:
        return dt.datetime.now(dt.timezone.utc)
    times = []
    for docname in docnames:
        data = NbMetadataCollector.get_exec_data(app.env, docname) or {}
        if data.get("mtime"):
            times.append(float(data["mtime"]))
    if not times:
        return dt.datetime.now(dt.timezone.utc)
    return dt.datetime.fromtimestamp(max(times), dt.timezone.utc)


def sphinx_differences(app, targets: dict) -> list[str]:
    """Where the edition's figure numbers or anchors are not Sphinx's."""
    differences = []
    labels = app.env.domaindata.get("std", {}).get("labels", {})
    fignumbers = getattr(app.env, "toc_fignumbers", {})
    for name, target in targets.items():
        if target.figure is not None:
            sphinx = fignumbers.get(target.docname, {}).get("figure", {}).get(target.anchor)
            if tuple(sphinx or ()) != target.figure:
                shown = ".".join(map(str, sphinx)) if sphinx else "no number"
                differences.append(
                    f"figure {name!r}: the student edition numbers it "
                    f"{'.'.join(map(str, target.figure))}, the site {shown}"
                )
        found = labels.get(name.lower())
        if found and (found[0], found[1]) != (target.docname, target.anchor):
            differences.append(
                f"label {name!r}: the student edition links {target.docname}#{target.anchor}, "
                f"the site {found[0]}#{found[1]}"
            )
    return differences


def write_edition(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    srcdir = Path(app.srcdir)
    try:
        book = notebooks.load_book(srcdir)
    except (notebooks.NotebookError, OSError) as exc:
        _warn(f"no student edition: {exc}")
        return
    docnames = [d for d in book.notebooks if d in app.env.found_docs]
    if not docnames:
        return
    info = notebooks.build_info(run_date(app, docnames), _is_quick())
    lang = app.config.language or "en"
    lang = lang if lang in notebooks.LANGUAGES else "en"
    if lang == "en":  # a translation renders the same runs: one record, the English build's
        build_folder = Path(app.outdir).parent
        (build_folder / notebooks.BUILD_INFO_NAME).write_text(
            json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    try:
        values = notebooks.values_from_executed(_executed_folder(app))
    except notebooks.NotebookError:
        values = {}
    record = srcdir / notebooks.RECORD
    if record.exists():  # keys this build did not glue (none, in a full build)
        values = {**notebooks.values_from_record(record), **values}
    try:
        commit = notebooks.source_commit(srcdir)
        index = notebooks.index_book(book)
    except notebooks.NotebookError as exc:
        _warn(f"no student edition: {exc}")
        return
    for difference in sphinx_differences(app, index[0]):
        _warn(difference)
    sources = Path(app.outdir) / "_sources"
    for docname in docnames:
        try:
            edition = notebooks.edition_notebook(
                notebooks.read(book.pages[docname]),
                docname,
                book=book,
                values=values,
                info=info,
                commit=commit,
                index=index,
                lang=lang,
            )
        except notebooks.NotebookError as exc:
            _warn(f"no student edition of {docname}: {exc}")
            continue
        for path in (sources / f"{docname}.ipynb", sources / f"{docname}.ipynb.txt"):
            if path.exists() or path.suffix == ".ipynb":
                notebooks.write(edition, path)
    LOGGER.info(f"student edition of {len(docnames)} notebooks behind the download buttons")


def setup(app):
    app.connect("build-finished", write_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
