"""Keep the execution cache honest in every build of the book: a local Sphinx extension.

myst-nb's execution cache (``execute_notebooks: cache``) keys a notebook's run
on its code alone, but the results also depend on the book's helpers, its
data, the installed packages and the mode (see
:func:`tools.build_book.inputs_fingerprint`). So, in any build, a plain
``jupyter-book build .`` too:

- at ``builder-inited`` (before myst-nb reads a notebook), every cached run
  whose recorded inputs differ from the current ones, or that records none,
  is evicted, with the reason logged; Sphinx reads that notebook again
  (``env-get-outdated``) though its source did not change, and myst-nb runs it;
- at ``env-updated`` (after the notebooks ran), each run this build made
  records the inputs it ran with, so the next build can reuse it.

``tools/build_book.py`` runs the notebooks beforehand, one per core, and
records the same inputs; its runs then pass this check untouched.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.util import logging

# tools/ is the book's own package of build tools, beside this folder.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from tools.build_cache import inputs_fingerprint, why_rerun  # noqa: E402

LOGGER = logging.getLogger(__name__)


def _cache_path(app) -> Path:
    configured = getattr(app.env, "mystnb_config", None)
    path = getattr(configured, "execution_cache_path", "") if configured else ""
    return Path(path) if path else Path(app.outdir).parent / ".jupyter_cache"


def _notebooks(app) -> list[Path]:
    src = Path(app.srcdir)
    return sorted(
        p
        for p in src.rglob("*.ipynb")
        if not any(
            part.startswith((".", "_")) or part == ".ipynb_checkpoints"
            for part in p.relative_to(src).parts
        )
    )


def _record(cache, path: Path):
    import nbformat

    try:
        return cache.match_cache_notebook(nbformat.read(path, as_version=4))
    except KeyError:
        return None


def evict_stale_runs(app) -> None:
    """Remove every cached run whose recorded inputs are not the current ones."""
    if app.config.nb_execution_mode != "cache" or not app.config.nnbook_cache_evict:
        return
    cache_dir = _cache_path(app)
    if not cache_dir.is_dir():
        return
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir))
    current = inputs_fingerprint(Path(app.srcdir))
    for path in _notebooks(app):
        record = _record(cache, path)
        if record is None:
            continue
        reason = why_rerun((record.data or {}).get("inputs"), current)
        if reason:
            LOGGER.info(f"[nnbook_cache] running {path.name} again: {reason}")
            cache.remove_cache(record.pk)
            _evicted.add(app.env.path2doc(str(path)))


#: documents whose cached run was evicted: Sphinx must read them again even
#: though their own source did not change
_evicted: set[str] = set()


def read_evicted_again(app, env, added, changed, removed) -> list[str]:
    """Ask Sphinx to read the evicted notebooks again (so myst-nb runs them)."""
    return sorted(doc for doc in _evicted if doc and doc in env.found_docs)


def record_inputs(app, env) -> None:
    """Record the current inputs with each run this build made (myst-nb records none)."""
    if app.config.nb_execution_mode != "cache" or not app.config.nnbook_cache_evict:
        return
    cache_dir = _cache_path(app)
    if not cache_dir.is_dir():
        return
    from jupyter_cache import get_cache
    from jupyter_cache.cache.db import NbCacheRecord, session_context

    cache = get_cache(str(cache_dir))
    current = inputs_fingerprint(Path(app.srcdir))
    # builder-inited evicted every run without a record, so a run without
    # one now is a run of this build
    for path in _notebooks(app):
        record = _record(cache, path)
        if record is None or (record.data or {}).get("inputs"):
            continue
        with session_context(cache.db) as session:
            stored = session.query(NbCacheRecord).filter_by(pk=record.pk).one()
            stored.data = {**(stored.data or {}), "inputs": current}
            session.commit()


def setup(app):
    # after myst-nb's own builder-inited (priority 500), which sets the cache path
    # False only where a build reads cached runs for their text alone and must not
    # run anything (tools/i18n.py's extraction of the gettext templates)
    app.add_config_value("nnbook_cache_evict", True, "env")
    app.connect("builder-inited", evict_stale_runs, priority=600)
    app.connect("env-get-outdated", read_evicted_again)
    app.connect("env-updated", record_inputs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
