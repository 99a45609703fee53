"""_ext/nnbook_html.py: blank outputs dropped, glued rounded zeros without a sign.

The two doctree transforms are tried on nodes made as myst-nb makes them,
then in a tiny Sphinx build of a notebook (its outputs stored, nothing runs)
in English and in Chinese, where a translated paragraph's glue roles paste
the numbers (_ext/nnbook_i18n.py).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

ROOT = Path(__file__).resolve().parent.parent

_spec = importlib.util.spec_from_file_location("nnbook_html", ROOT / "_ext" / "nnbook_html.py")
html = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(html)


def document() -> nodes.document:
    return new_document("page", get_default_settings(Parser))


def output(text: str, kind: str = "stream") -> nodes.literal_block:
    """A printed output (stream) or a plain-text result, as myst-nb renders one."""
    return nodes.literal_block(text, text, classes=["output", kind], language="none")


def cell_output(*children: nodes.Node) -> nodes.container:
    return nodes.container("", *children, nb_element="cell_code_output", classes=["cell_output"])


def cell(*children: nodes.Node) -> nodes.container:
    source = nodes.literal_block("x = 1", "x = 1", language="ipython3")
    code = nodes.container("", source, nb_element="cell_code_source", classes=["cell_input"])
    return nodes.container("", code, *children, nb_element="cell_code", classes=["cell"])


def glued(text: str) -> nodes.inline:
    """What {glue:text} pastes into a paragraph."""
    return nodes.inline(text, text, classes=["pasted-text"])


def test_blank_outputs_and_the_areas_they_leave_empty_go():
    doc = document()
    doc += cell(cell_output(output("\r        \n"), output("  \n", "text_plain")))
    doc += cell(cell_output(output("\n"), output("Epoch 1/3 done\n")))
    doc += cell(cell_output(output("", "stderr")))  # an error stays in view
    doc += nodes.paragraph(
        "", "", glued("12"), nodes.inline(" ", " ", classes=["output", "text_plain"])
    )
    html.DropBlankOutputs(doc).run()

    first, second, third = [
        c for c in doc.findall(nodes.container) if c["nb_element"] == "cell_code"
    ]
    assert [c["nb_element"] for c in first.children] == ["cell_code_source"]
    (area,) = second.children[1:]
    assert [b.astext() for b in area.findall(nodes.literal_block)] == ["Epoch 1/3 done\n"]
    assert len(list(third.findall(nodes.literal_block))) == 2  # the source and the stderr
    # a cell's blank source and a glued value in a paragraph are not outputs
    assert len(list(doc.findall(nodes.inline))) == 2


def test_a_cell_without_blank_outputs_is_left_alone():
    doc = document()
    doc += cell(cell_output(output("loss: 0.25\n"), output("'ok'", "text_plain")))
    before = doc.pformat()
    html.DropBlankOutputs(doc).run()
    assert doc.pformat() == before


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "+0.00 points, -0.00 points, +0.05, -1.00, x-0.00, 10.00",
            "0.00 points, 0.00 points, +0.05, -1.00, x-0.00, 10.00",
        ),
        ("-0.00%", "0.00%"),
        ("+0", "+0"),  # an exact count difference (format spec "+,")
        ("-0", "0"),
        ("+0.0%", "0.0%"),
        ("\u22120.00", "0.00"),
        ("-0.0000", "0.0000"),
        ("-0.005", "-0.005"),
        ("+0.5", "+0.5"),
        ("-0.", "0."),
        ("1.5-0.00", "1.5-0.00"),
    ],
)
def test_unsign_zeros(text, expected):
    assert html.unsign_zeros(text) == expected


def test_only_glued_numbers_lose_a_rounded_zeros_sign():
    doc = document()
    doc += nodes.paragraph(
        "",
        "The gap is ",
        glued("-0.00"),
        nodes.Text(" points, typed -0.00 here, then "),
        glued("+0.56"),
        nodes.Text(" and "),
        nodes.inline("-0.0", "-0.0", classes=["output", "text_plain"]),  # {glue}`key`
        nodes.Text("; "),
        nodes.literal("-0.00", "-0.00"),
    )
    doc += cell(cell_output(output("delta -0.00\n")))
    html.UnsignRoundedZeros(doc).run()
    assert doc[0].astext() == "The gap is 0.00 points, typed -0.00 here, then +0.56 and 0.0; -0.00"
    assert next(doc.findall(nodes.inline))["classes"] == ["pasted-text"]
    assert "delta -0.00" in doc[1].astext()


# --- a tiny book: the transforms on myst-nb's own nodes, in both languages ---

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "_ext")!r})
extensions = ["myst_nb", "nnbook_html", "nnbook_i18n"]
nb_execution_mode = "off"
locale_dirs = ["locales"]
gettext_compact = False
exclude_patterns = ["_build"]
"""
PROSE = "The gap is {glue:text}`gap:+.2f` points and {glue:text}`share:.1%` of it."
TRANSLATED = "差距为{glue:text}`gap:+.2f`个百分点，占{glue:text}`share:.1%`。"
PO = f"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "{PROSE}"
msgstr "{TRANSLATED}"
"""


def _glue_output(key: str, value: float) -> dict:
    return {
        "output_type": "display_data",
        "data": {"application/papermill.record/text/plain": repr(value)},
        "metadata": {"scrapbook": {"name": key, "mime_prefix": "application/papermill.record/"}},
    }


def _code(source: str, outputs: list[dict]) -> dict:
    return {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "outputs": outputs,
        "source": source,
    }


NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# Page"},
        _code("train()", [{"output_type": "stream", "name": "stdout", "text": "\r      \n"}]),
        _code(
            "evaluate()",
            [
                {"output_type": "stream", "name": "stdout", "text": "  \n"},
                {"output_type": "stream", "name": "stdout", "text": "loss -0.00\n"},
            ],
        ),
        _code(
            "' '",
            [
                {
                    "output_type": "execute_result",
                    "execution_count": 1,
                    "metadata": {},
                    "data": {"text/plain": "   "},
                }
            ],
        ),
        _code("glue()", [_glue_output("gap", -0.001), _glue_output("share", 0.25)]),
        {"cell_type": "markdown", "metadata": {}, "source": PROSE},
    ],
    "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        # what a run that displayed a widget stores (an explorer, its output removed)
        "widgets": {
            "application/vnd.jupyter.widget-state+json": {
                "state": {"f00d": {"model_name": "LayoutModel", "state": {}}},
                "version_major": 2,
                "version_minor": 0,
            }
        },
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    """language -> the tiny book's page as Sphinx wrote it."""
    pytest.importorskip("myst_nb")
    src = tmp_path_factory.mktemp("book")
    (src / "conf.py").write_text(CONF)
    (src / "index.ipynb").write_text(json.dumps(NOTEBOOK))
    messages = src / "locales" / "zh_CN" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "index.po").write_text(PO, encoding="utf-8")
    found = {}
    for language in ("en", "zh_CN"):
        out = src / "_build" / language
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-q",
                "-b",
                "html",
                "-D",
                f"language={language}",
                str(src),
                str(out),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=src,
        )
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        found[language] = (out / "index.html").read_text(encoding="utf-8")
    return found


def _article(page: str) -> str:
    return page[page.index('<div class="body"') if '<div class="body"' in page else 0 :]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_built_page_has_no_blank_output_and_no_signed_zero(pages, language):
    page = _article(pages[language])
    # the training's blank line and the blank result go with their output areas;
    # the glue cell has no output to show
    assert page.count('class="cell_output') == 1
    assert "loss -0.00" in page  # printed output is the run's own text
    assert "<pre><span></span>\n</pre>" not in page and not _blank_pre(page)
    assert '<span class="pasted-text">0.00</span>' in page
    assert '<span class="pasted-text">25.0%</span>' in page
    assert "-0.00</span>" not in page
    # no widget state, and so no widget JavaScript (drop_widget_state)
    assert "application/vnd.jupyter.widget" not in pages[language]
    assert "f00d" not in pages[language] and "jupyter-widgets" not in pages[language]
    if language == "zh_CN":
        assert "差距为" in page  # the translated paragraph, with its glued numbers


def _blank_pre(page: str) -> list[str]:
    import re

    return [
        p
        for p in re.findall(r"<pre>(.*?)</pre>", page, re.S)
        if not re.sub(r"<[^>]+>", "", p).strip()
    ]
