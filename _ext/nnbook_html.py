"""Small fixes to the book's HTML pages: a local Sphinx extension (see _config.yml).

- Each page gets one copy of each <script>. Under Sphinx 7.4, sphinx-thebe's
  inline configuration script (``const THEBE_JS_URL = ...``) is registered twice,
  once with the file name None and once with "", and declaring the constants
  twice is a JavaScript error in every reader's console.
- Outputs that hold only white space are dropped (:class:`DropBlankOutputs`):
  a live progress line (helpers.callbacks.LiveProgress) ends blank, and the
  notebook keeps that blank output; on the page it would be an empty grey box.
- A glued number rounded to zero has no sign (:class:`UnsignRoundedZeros`):
  "{glue:text}`gap:+.2f`" of -0.001 reads "0.00", not "-0.00".
- No page carries widget state (:func:`drop_widget_state`): the explorers'
  outputs are removed from the pages (they need a kernel), but the run that
  built a page stores its widgets' state, which myst-nb would embed as 66 KB
  of JSON that nothing on the page reads.
- nnbook.css (beside this file, in nnbook_static/): code in a table cell stays
  whole (the table scrolls in its own box), long inline code in running text
  breaks so that pages fit a phone, and code in boxes keeps its 76 columns.

The two fixes of the text work on the page's doctree, after myst-nb has put
each output and glued value in place and before the HTML is written, in
either language: a translated paragraph's glue roles make the same nodes
(_ext/nnbook_i18n.py).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

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


#: the classes myst-nb gives a printed output (stream) and a plain-text result
#: (text_plain), each a literal_block (myst_nb.core.render)
TEXT_OUTPUTS = {"stream", "text_plain"}


def is_blank_output(node: nodes.Node) -> bool:
    """A printed or plain-text cell output whose text is only white space."""
    if not isinstance(node, nodes.literal_block):
        return False
    classes = set(node.get("classes", ()))
    return "output" in classes and bool(classes & TEXT_OUTPUTS) and not node.astext().strip()


def is_cell_output(node: nodes.Node) -> bool:
    """A code cell's output area (myst-nb's container of class cell_output)."""
    return isinstance(node, nodes.container) and (
        node.get("nb_element") == "cell_code_output" or "cell_output" in node.get("classes", ())
    )


class DropBlankOutputs(SphinxPostTransform):
    """Remove white-space-only outputs, and the output areas they leave empty."""

    # after myst-nb's SelectMimeType (4) has put the chosen output of each
    # result in place, before its HideInputCells (199) wraps outputs in toggles
    default_priority = 100
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for block in list(self.document.findall(is_blank_output)):
            block.parent.remove(block)
        for area in list(self.document.findall(is_cell_output)):
            if not area.children:
                area.parent.remove(area)


#: the sign of a number rounded to zero: "-0.00", "+0.00", "-0.0%", "-0" (the
#: book writes a rounded zero without a sign, helpers.formatting, and so must
#: the glue roles, which myst-nb formats with Python's format()). "+0" stays:
#: only an exact count difference (format spec "+,") writes it.
SIGNED_ZERO = re.compile(
    r"(?<![\w.\-+\u2212])(?:[-+\u2212](?=0\.0+(?!\d))|[-\u2212](?=0(?!\.?\d)))"
)


def unsign_zeros(text: str) -> str:
    """``text`` with each signed rounded zero written without its sign."""
    return SIGNED_ZERO.sub("", text)


def is_glued_text(node: nodes.Node) -> bool:
    """The text a glue role pastes into prose: ``{glue:text}`` (and a pending
    ``{glue:text}`doc::key``` once resolved) makes an inline of class
    pasted-text, ``{glue}`` of a plain-text value an inline of classes
    output and text_plain (myst_nb.ext.glue, myst_nb.core.render)."""
    if not isinstance(node, nodes.inline):
        return False
    classes = set(node.get("classes", ()))
    return "pasted-text" in classes or {"output", "text_plain"} <= classes


class UnsignRoundedZeros(SphinxPostTransform):
    """Write a glued number rounded to zero without a sign: "-0.00" as "0.00"."""

    # after myst-nb has pasted the glue references to other pages (5)
    default_priority = 100
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for glued in self.document.findall(is_glued_text):
            for text in list(glued.findall(nodes.Text)):
                unsigned = unsign_zeros(text.astext())
                if unsigned != text.astext():
                    text.parent.replace(text, nodes.Text(unsigned))


def drop_widget_state(app, doctree) -> None:
    """Forget the widget state (and widget scripts) myst-nb noted for the page just read.

    myst-nb notes them while it reads a notebook (``NbMetadataCollector``) and
    adds them to the page at ``html-page-context``; with the explorers' outputs
    removed there is no widget to restore.
    """
    metadata = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {})
    scripts = metadata.get("js_files", {})
    for key in [k for k in scripts if k == "ipywidgets_state" or k.startswith("ipywidgets_")]:
        del scripts[key]


def setup(app):
    # The kernels that execute the notebooks inherit this: in any build of the
    # book, `jupyter-book build .` too, a claim its run does not bear out stops
    # the build (helpers.claims); a student's run only prints a note.
    os.environ.setdefault("NNBOOK_STRICT", "1")
    app.connect("builder-inited", add_static_path)
    app.add_css_file("nnbook.css")
    # After myst-nb has added the page's widget scripts (default priority 500).
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    app.add_post_transform(DropBlankOutputs)
    app.add_post_transform(UnsignRoundedZeros)
    app.connect("doctree-read", drop_widget_state)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
