"""Small fixes to the book's HTML pages: a local Sphinx extension (see _config.yml).

- Each page gets one copy of each <script>. Under Sphinx 7.4, sphinx-thebe's
  inline configuration script (``const THEBE_JS_URL = ...``) is registered twice,
  once with the file name None and once with "", and declaring the constants
  twice is a JavaScript error in every reader's console.
- Outputs that hold only white space are dropped: a live progress line
  (helpers.callbacks.LiveProgress) ends blank, and the notebook keeps that
  blank output; on the page it would be an empty grey box.
- nnbook.css (beside this file, in nnbook_static/): code in a table cell stays
  whole (the table scrolls in its own box), long inline code in running text
  breaks so that pages fit a phone, and code in boxes keeps its 76 columns.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "nnbook_static"


def add_static_path(app) -> None:
    app.config.html_static_path.append(str(STATIC))


def drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    """Keep the first of scripts with the same file (None and "" alike) and attributes.

    The list is the builder's own and Sphinx restores it after each page, so
    editing it in place only affects this page.
    """
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen = set()
    unique = []
    for script in scripts:
        filename = getattr(script, "filename", script) or ""
        attributes = tuple(sorted(getattr(script, "attributes", {}).items()))
        if (filename, attributes) not in seen:
            seen.add((filename, attributes))
            unique.append(script)
    scripts[:] = unique


#: a plain-text output whose text is only white space, as myst-nb renders it
EMPTY_OUTPUT = re.compile(
    r'<div class="output (?:text_plain|stream)[^"]*"><div class="highlight"><pre>'
    r"(?:<span></span>)?\s*</pre></div>\s*</div>\s*"
)
#: a cell's output area left with nothing in it
EMPTY_CELL_OUTPUT = re.compile(r'<div class="cell_output docutils container">\s*</div>\s*')


#: a number that rounds to zero but keeps its sign ("-0.00", "+0.00"): the book
#: writes a rounded zero without a sign (helpers.formatting), and so must the
#: glue roles, which myst-nb formats with Python's format()
NEGATIVE_ZERO = re.compile(r"(?<![\w.\-+])[-+](0\.0+)(?![\d])")


def drop_negative_zeros(app, pagename, templatename, context, doctree) -> None:
    """Write '-0.00' or '+0.00' (a tiny number rounded) as '0.00' on the page."""
    body = context.get("body")
    if isinstance(body, str) and ("-0.0" in body or "+0.0" in body):
        context["body"] = NEGATIVE_ZERO.sub(r"\1", body)


def drop_blank_outputs(app, pagename, templatename, context, doctree) -> None:
    """Remove white-space-only outputs (and output areas left empty) from the page."""
    body = context.get("body")
    if isinstance(body, str) and "cell_output" in body:
        context["body"] = EMPTY_CELL_OUTPUT.sub("", EMPTY_OUTPUT.sub("", body))


def setup(app):
    # The kernels that execute the notebooks inherit this: in any build of the
    # book, `jupyter-book build .` too, a claim its run does not bear out stops
    # the build (helpers.claims); a student's run only prints a note.
    os.environ.setdefault("NNBOOK_STRICT", "1")
    app.connect("builder-inited", add_static_path)
    app.add_css_file("nnbook.css")
    # After myst-nb has added the page's widget scripts (default priority 500).
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    app.connect("html-page-context", drop_blank_outputs)
    app.connect("html-page-context", drop_negative_zeros)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
