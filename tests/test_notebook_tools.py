"""tools/notebooks.py: the normaliser and the student edition.

Unit tests of each transform on small synthetic notebooks, then the edition
of the real book (every chapter of the toc): no glue role and no Sphinx-only
syntax survives, every figure, check and setup cell is folded in Colab and in
JupyterLab, the exercise cells stay open, the Colab cell is pinned. The last
test builds a tiny book with the Sphinx extension that puts the edition
behind the download button.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from tools import notebooks as nbt
from tools.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
REPO = "https://github.com/nn-keras-book/nn-keras-book"
SITE = "https://nn-keras-book.github.io/nn-keras-book/"


# --- synthetic notebooks ---------------------------------------------------------------


def md(source: str, **metadata) -> dict:
    return {"cell_type": "markdown", "metadata": metadata, "source": source}


def code(source: str, tags=(), **metadata) -> dict:
    if tags:
        metadata["tags"] = list(tags)
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": metadata,
        "outputs": [],
        "source": source,
    }


FOLDED = {"cellView": "form", "jupyter": {"source_hidden": True}}
SETUP = (
    f"{nbt.SETUP_TITLE}\n"
    "from helpers.claims import claim\n"
    "from helpers.environment import setup_chapter\n"
    "from helpers.glue import glue\n"
    "\n"
    "setup_chapter(MODE)"
)


def notebook(*cells, preamble=True) -> dict:
    """A chapter in the house style: title, Setup, Colab, MODE and setup cells, then ``cells``."""
    head = []
    if preamble:
        head = [
            md("# A chapter\n\nWhat it shows."),
            md("## Setup"),
            code(nbt.colab_source(REPO), **copy.deepcopy(nbt.COLAB_METADATA)),
            code(nbt.MODE_SOURCE, **copy.deepcopy(nbt.MODE_METADATA)),
            code(SETUP, ["hide-input"], **copy.deepcopy(FOLDED)),
            code("import keras\nimport numpy as np"),
        ]
    nb = {
        "cells": [copy.deepcopy(c) for c in head + list(cells)],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for index, cell in enumerate(nb["cells"]):
        cell["id"] = str(index)
        cell["source"] = nbt.lines(cell["source"])
    return nb


def normal(nb: dict) -> nbt.Normalised:
    return nbt.normalise_notebook(nb, REPO)


# --- the templates ---------------------------------------------------------------------


@pytest.mark.parametrize("pinned", [False, True])
def test_colab_cell_installs_only_in_colab(pinned, monkeypatch):
    ref = "0123456789abcdef0123456789abcdef01234567" if pinned else nbt.SOURCE_REF
    source = nbt.colab_source(REPO, ref, pinned=pinned)
    assert f'"git+{REPO}@{ref}"' in source
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a[0]))
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(compile(source, "colab cell", "exec"), {})
    assert calls == []
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    exec(compile(source, "colab cell", "exec"), {})
    assert len(calls) == 1 and calls[0][-1] == f"git+{REPO}@{ref}" and "install" in calls[0]


def test_templates_are_ruff_formatted(tmp_path):
    ruff = Path(sys.executable).parent / "ruff"
    if not ruff.exists():
        pytest.skip("ruff is not installed")
    path = tmp_path / "template.py"
    path.write_text(nbt.colab_source(REPO) + "\n\n" + nbt.MODE_SOURCE + "\n")
    done = subprocess.run(
        [str(ruff), "format", "--diff", "--line-length", "76", str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout


def test_mode_cell_sets_a_mode():
    scope = {}
    exec(nbt.MODE_SOURCE, scope)
    assert scope["MODE"] == "auto"


# --- the normaliser --------------------------------------------------------------------


def test_a_normal_notebook_is_left_as_it_is():
    nb = notebook(md("## Lesson"), code("x = 1"))
    result = normal(nb)
    assert result.changes == [] and result.problems == []
    assert result.nb == nb


def test_the_colab_cell_is_written_from_the_template():
    nb = notebook()
    nb["cells"][2]["source"] = nbt.lines(nbt.colab_source("https://github.com/someone/fork"))
    nb["cells"][2]["metadata"] = {"tags": ["remove-cell"]}
    result = normal(nb)
    assert nbt.text(result.nb["cells"][2]) == nbt.colab_source(REPO, "main")
    assert result.nb["cells"][2]["metadata"] == nbt.COLAB_METADATA
    assert any("Colab cell differs from its template" in c for c in result.changes)


def test_missing_colab_and_mode_cells_are_inserted_first():
    nb = notebook()
    del nb["cells"][2:4]
    result = normal(nb)
    cells = nbt.code_cells(result.nb)
    assert nbt.is_colab_cell(cells[0]) and nbt.is_mode_cell(cells[1])
    assert nbt.text(cells[2]).startswith(nbt.SETUP_TITLE)
    assert len({c["id"] for c in result.nb["cells"]}) == len(result.nb["cells"])
    assert any("Colab cell is missing" in c for c in result.changes)
    assert any("MODE cell is missing" in c for c in result.changes)


def test_colab_and_mode_cells_move_to_the_front():
    nb = notebook()
    mode = nb["cells"].pop(3)
    nb["cells"].append(mode)
    result = normal(nb)
    assert nbt.is_mode_cell(nbt.code_cells(result.nb)[1])
    assert any("move to the first two code cells" in c for c in result.changes)


def test_folding_follows_the_tags():
    nb = notebook(
        code("# @title Check the claims above\nclaim(True, 'x')", ["remove-cell"]),
        code("# @title Draw figure: curves\nplot()", ["hide-input"], cellView="form"),
        code("x = 1", cellView="form", jupyter={"source_hidden": True, "outputs_hidden": True}),
    )
    result = normal(nb)
    check, figure, lesson = result.nb["cells"][-3:]
    for cell in (check, figure):
        assert cell["metadata"]["cellView"] == "form"
        assert cell["metadata"]["jupyter"]["source_hidden"] is True
    assert "cellView" not in lesson["metadata"]
    assert lesson["metadata"]["jupyter"] == {"outputs_hidden": True}
    assert result.problems == []
    assert len(result.changes) == 3


def test_a_folded_cell_without_a_title_cannot_be_fixed():
    nb = notebook(code("plot()", ["hide-input"]))
    result = normal(nb)
    assert len(result.problems) == 1
    assert "does not start with a '# @title ...' line" in result.problems[0]
    assert "'plot()'" in result.problems[0]


def test_exercise_cells_stay_open():
    your_turn = code("# Your turn\nanswer = None", ["remove-cell"], **FOLDED)
    your_turn["metadata"]["nnbook"] = {"role": "your-turn"}
    check = code("q1.check(answer)\n# q1.hint()", ["remove-cell"])
    check["metadata"]["nnbook"] = {"role": "exercise-check"}
    result = normal(notebook(your_turn, check))
    for cell in result.nb["cells"][-2:]:
        assert "cellView" not in cell["metadata"] and "jupyter" not in cell["metadata"]
    assert result.problems == []


def test_the_mode_cell_keeps_its_open_form():
    result = normal(notebook())
    mode = nbt.code_cells(result.nb)[1]
    assert mode["metadata"] == {"cellView": "form", "tags": ["hide-cell"]}


def test_outputs_counts_and_editor_state_are_stripped():
    cell = code("print(1)", execution={"iopub.status.busy": "x"}, ExecuteTime={}, collapsed=True)
    cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "1\n"}]
    cell["execution_count"] = 3
    nb = notebook(cell)
    nb["metadata"]["widgets"] = {"state": {}}
    nb["metadata"]["language_info"] = {"name": "python", "version": "3.11.9"}
    result = normal(nb)
    out = result.nb["cells"][-1]
    assert out["outputs"] == [] and out["execution_count"] is None and out["metadata"] == {}
    assert result.nb["metadata"]["language_info"] == {"name": "python"}
    assert "widgets" not in result.nb["metadata"]


def test_missing_and_duplicate_ids_are_made_unique():
    nb = notebook(code("x = 1"), code("y = 2"))
    nb["cells"][-1]["id"] = nb["cells"][-2]["id"]
    del nb["cells"][0]["id"]
    nb["nbformat_minor"] = 4
    result = normal(nb)
    ids = [c["id"] for c in result.nb["cells"]]
    assert len(set(ids)) == len(ids) and result.nb["nbformat_minor"] == 5


def test_preamble_problems_are_reported():
    nb = notebook()
    nb["cells"][4] = code("import os\nimport keras\nfrom helpers.glue import glue")
    nb["cells"][4]["id"] = "4"
    nb["cells"][1]["source"] = ["## Start"]
    problems = normal(nb).problems
    assert any("must hold '## Setup'" in p for p in problems)
    assert any("the third code cell must be the book-setup cell" in p for p in problems)


def test_log_settings_in_the_lessons_imports_are_reported():
    nb = notebook()
    nb["cells"][5]["source"] = nbt.lines('import os\n\nos.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"')
    assert any("belong to setup_chapter(MODE)" in p for p in normal(nb).problems)


def write_nb(path: Path, nb: dict, *, indent=1, sort_keys=True) -> Path:
    path.write_text(json.dumps(nb, indent=indent, sort_keys=sort_keys) + "\n", encoding="utf-8")
    return path


def test_check_lists_differences_and_writes_nothing(tmp_path):
    nb = notebook(code("# @title Check\nx = 1", ["remove-cell"]))
    path = write_nb(tmp_path / "a.ipynb", nb)
    before = path.read_bytes()
    differences, problems = nbt.normalise_file(path, REPO, check=True)
    assert path.read_bytes() == before
    assert len(differences) == 1 and "metadata.cellView" in differences[0]
    assert problems == []


def test_fix_writes_the_canonical_form_once(tmp_path):
    nb = notebook(code("# @title Check\nx = 1", ["remove-cell"]))
    path = write_nb(tmp_path / "a.ipynb", nb, indent=2, sort_keys=False)
    differences, _ = nbt.normalise_file(path, REPO, check=False)
    assert differences
    assert path.read_text(encoding="utf-8") == nbt.dumps(nbt.read(path))
    assert nbt.normalise_file(path, REPO, check=True) == ([], [])


def test_json_layout_alone_is_a_difference(tmp_path):
    path = write_nb(tmp_path / "a.ipynb", notebook(), indent=2)
    differences, _ = nbt.normalise_file(path, REPO, check=True)
    assert differences == ["JSON layout (indent, key order, line endings or final newline)"]


def test_crlf_is_a_difference(tmp_path):
    path = tmp_path / "a.ipynb"
    path.write_bytes(nbt.dumps(notebook()).replace("\n", "\r\n").encode())
    differences, _ = nbt.normalise_file(path, REPO, check=True)
    assert differences


def test_command_line_exit_codes(tmp_path, capsys):
    (tmp_path / "_config.yml").write_text(f"repository:\n  url: {REPO}\n")
    clean = write_nb(tmp_path / "clean.ipynb", notebook())
    assert nbt.main(["--root", str(tmp_path), "normalise", "--check", str(clean)]) == 0
    messy = write_nb(tmp_path / "messy.ipynb", notebook(code("plot()", ["hide-input"])))
    assert nbt.main(["--root", str(tmp_path), "normalise", "--check", str(messy)]) == 1
    out = capsys.readouterr().out
    assert "messy.ipynb: differs:" in out and "messy.ipynb: cannot fix:" in out
    # fix mode writes the folding but still fails on the missing title
    assert nbt.main(["--root", str(tmp_path), "normalise", str(messy)]) == 1
    assert nbt.read(messy)["cells"][-1]["metadata"]["cellView"] == "form"


def test_ruff_and_the_normaliser_agree_on_the_layout(tmp_path):
    """pre-commit runs both: ruff format must leave a normalised notebook as it is."""
    ruff = Path(sys.executable).parent / "ruff"
    if not ruff.exists():
        pytest.skip("ruff is not installed")
    path = tmp_path / "a.ipynb"
    nbt.write(normal(notebook(code("x = {'a': 1}"))).nb, path)
    subprocess.run([str(ruff), "format", "--quiet", str(path)], check=True)
    assert nbt.normalise_file(path, REPO, check=True) == ([], [])


# --- the edition: numbers --------------------------------------------------------------


@pytest.mark.parametrize(
    "value, spec",
    [
        (0.912345, ".2%"),
        (0.912345, ".1%"),
        (60000, ","),
        (1720330, ",.0f"),
        (0.5612, "+.2f"),
        (-0.5612, "+.2f"),
        (1.3733e-05, ".1e"),
        (0.8858000040054321, ""),
        (407050, ""),
        (3, ".0f"),
    ],
)
def test_glue_formats_as_myst_nb_does(value, spec):
    expected = format(float(value) if spec and spec[-1] in "eEfFgGn%" else value, spec)
    assert nbt.format_plain_text(repr(value), spec) == expected
    variables = pytest.importorskip("myst_nb.core.variables")
    assert nbt.format_plain_text(repr(value), spec) == variables.format_plain_text(
        repr(value), spec
    )


def test_glue_examples():
    assert nbt.format_plain_text("0.912345", ".2%") == "91.23%"
    assert nbt.format_plain_text("60000", ",") == "60,000"
    assert nbt.format_plain_text("0.56", "+.2f") == "+0.56"
    # a rounded zero has no sign, as on the site (_ext/nnbook_html.py,
    # tests/test_html_extension.py)
    assert nbt.format_plain_text("0.001", "+.2f") == "0.00"
    assert nbt.format_plain_text("-0.001", ".2f") == "0.00"


def test_figure_cells_name_their_number_and_translate_their_title():
    cell = code("# @title Draw figure: the curves\nplot()", ["hide-input"])
    cell["metadata"]["mystnb"] = {"figure": {"name": "fig-ch01-a", "caption": "C"}}
    targets = {"fig-ch01-a": nbt.Target("chapters/01_a", "fig-ch01-a", "C", (1, 2))}
    assert nbt.title(nbt.titled(cell, targets, "en")) == "Draw figure 1.2: the curves"
    assert nbt.title(nbt.titled(cell, targets, "zh_CN")) == "画图 1.2：the curves"
    check = code("# @title Check the claims above\nclaim(True, 'x')", ["remove-cell"])
    assert nbt.title(nbt.titled(check, {}, "zh_CN")) == "核对上文的论断"
    solution = code("# @title Solution to exercise 2\nx = 1", ["remove-cell"])
    assert nbt.title(nbt.titled(solution, {}, "zh_CN")) == "练习2的参考答案"
    assert nbt.text(nbt.titled(solution, {}, "zh_CN")).endswith("\nx = 1")


def test_values_from_the_record_and_from_a_build(tmp_path):
    record = tmp_path / "glued.json"
    record.write_text(json.dumps({"values": {"acc": {"notebook": "x", "value": 0.5}}}))
    assert nbt.values_from_record(record) == {"acc": "0.5"}
    folder = tmp_path / "_build" / nbt.EXECUTED / "chapters"
    folder.mkdir(parents=True)
    glue = {"acc": {"data": {"text/plain": "0.25"}, "metadata": {}, "output_type": "display_data"}}
    (folder / "01.glue.json").write_text(json.dumps(glue))
    assert nbt.values_from_build(tmp_path / "_build") == {"acc": "0.25"}
    (folder / "02.glue.json").write_text(json.dumps(glue))
    with pytest.raises(nbt.NotebookError, match="glued in"):
        nbt.values_from_build(tmp_path / "_build")


# --- the edition: Markdown -------------------------------------------------------------


def fake_book(tmp_path: Path | None = None) -> nbt.Book:
    root = tmp_path or ROOT
    return nbt.Book(
        root=root,
        repo_url=REPO,
        site_url=SITE,
        numfig_format="Fig. %s",
        pages={
            "intro": root / "intro.md",
            "chapters/01_a": root / "chapters/01_a.ipynb",
            "chapters/04_b": root / "chapters/04_b.ipynb",
            "chapters/glossary": root / "chapters/glossary.md",
        },
        numbers={"chapters/01_a": 1, "chapters/04_b": 4},
    )


def context(values=None, docname="chapters/01_a", tmp_path=None) -> nbt.Context:
    targets = {
        "keras-uses-logits": nbt.Target("chapters/01_a", "keras-uses-logits", "When Keras uses"),
        "fig-ch04-curves": nbt.Target("chapters/04_b", "fig-ch04-curves", "Curves.", (4, 2)),
        "beside-ch04": nbt.Target("chapters/04_b", "beside-ch04", "Beside the original"),
    }
    terms = {"logit": nbt.Target("chapters/glossary", "term-logit", "logit")}
    titles = {"chapters/04_b": "Linear or nonlinear", "intro": "The book"}
    return nbt.Context(
        fake_book(tmp_path),
        docname,
        values or {"acc": "0.912345", "n": "60000", "gap": "0.5612"},
        targets,
        titles,
        "c" * 40,
        terms,
    )


def jupyter(source: str, **kwargs) -> str:
    return nbt.markdown_for_jupyter(source, context(**kwargs))


def test_glue_roles_become_their_values():
    out = jupyter(
        "It scores {glue:text}`acc:.2%` on {glue:text}`n:,` images "
        "({glue:text}`gap:+.2f` points; raw {glue}`acc`; "
        "cross-page {glue:text}`chapters/04_b.ipynb::acc:.1%`)."
    )
    assert (
        out == "It scores 91.23% on 60,000 images (+0.56 points; raw 0.912345; cross-page 91.2%)."
    )


def test_a_missing_glue_value_names_the_key_and_the_cell():
    ctx = context()
    ctx.where = ", cell 7"
    with pytest.raises(
        nbt.NotebookError, match=r"chapters/01_a, cell 7: no glued value for 'nope'"
    ):
        nbt.markdown_for_jupyter("{glue:text}`nope:.2f`", ctx)


def test_labels_comments_and_block_breaks_go():
    out = jupyter("(beside-ch04)=\n## Beside the original\n% a comment\n+++\nText.")
    assert out == "## Beside the original\nText."


def test_refs_become_links_to_the_published_page():
    out = jupyter(
        "See {ref}`keras-uses-logits`, {ref}`the comparison <beside-ch04>`,\n"
        "{numref}`fig-ch04-curves`, {numref}`Figure %s <fig-ch04-curves>`,\n"
        "{doc}`04_b`, {doc}`the intro </intro>` and {term}`logit`."
    )
    page = SITE + "chapters/"
    assert out == (
        f"See [When Keras uses]({page}01_a.html#keras-uses-logits), "
        f"[the comparison]({page}04_b.html#beside-ch04),\n"
        f"[Fig. 4.2]({page}04_b.html#fig-ch04-curves), "
        f"[Figure 4.2]({page}04_b.html#fig-ch04-curves),\n"
        f"[Linear or nonlinear]({page}04_b.html), [the intro]({SITE}intro.html) and "
        f"[logit]({page}glossary.html#term-logit)."
    )


def test_links_to_chapters_and_labels_become_absolute():
    out = jupyter(
        "[chapter 4](04_b.ipynb), [its end](04_b.ipynb#beside-ch04), "
        "[logits](keras-uses-logits), [same](#keras-uses-logits), [a heading](#Setup), "
        "[the web](https://keras.io/)"
    )
    page = SITE + "chapters/"
    assert out == (
        f"[chapter 4]({page}04_b.html), [its end]({page}04_b.html#beside-ch04), "
        f"[logits]({page}01_a.html#keras-uses-logits), "
        f"[same]({page}01_a.html#keras-uses-logits), [a heading](#Setup), "
        "[the web](https://keras.io/)"
    )


def test_links_to_repository_files_point_at_the_commit(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "README.md").write_text("data")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "pic.png").write_bytes(b"png")
    out = jupyter("[the data](../data/README.md) ![a picture](pic.png)", tmp_path=tmp_path)
    assert out == (
        f"[the data]({REPO}/blob/{'c' * 40}/data/README.md) "
        f"![a picture](https://raw.githubusercontent.com/nn-keras-book/nn-keras-book/"
        f"{'c' * 40}/chapters/pic.png)"
    )


def test_brackets_in_inline_code_are_not_links():
    source = "Call `model.layers[0](x)` or ``a[1](b)``; see [chapter 4](04_b.ipynb)."
    assert jupyter(source) == (
        f"Call `model.layers[0](x)` or ``a[1](b)``; see [chapter 4]({SITE}chapters/04_b.html)."
    )


def test_a_link_to_nothing_fails():
    with pytest.raises(nbt.NotebookError, match="points at nothing"):
        jupyter("[gone](../nowhere.md)")


def test_unknown_roles_directives_and_labels_fail():
    for source, message in [
        ("{sub-ref}`today`", r"the role \{sub-ref\}"),
        ("```{figure} x.png\nA\n```", r"the directive \{figure\}"),
        ("{ref}`no-such-label`", "no label 'no-such-label'"),
        ("{numref}`beside-ch04`", "not a numbered figure"),
        ("{{ substitution }}", "substitution"),
        ("{glue:figure}`acc`", r"\{glue:figure\} has no form"),
    ]:
        with pytest.raises(nbt.NotebookError, match=message):
            jupyter(source)


def test_admonitions_become_blockquotes_and_dropdowns():
    out = jupyter(
        "```{note}\nOlder posts write `lr=`; it has\n{glue:text}`n:,` images.\n```\n\n"
        ":::{caution}\n- a list first\n:::\n\n"
        "````{important}\nRun this:\n\n```python\nx = 1  # {glue:text}`n:,` stays\n```\n````\n\n"
        ":::{admonition} Why it works\n:class: dropdown\nBecause {ref}`keras-uses-logits`.\n:::\n\n"
        "```{admonition} A title\nText.\n```"
    )
    assert out == (
        "> **Note.** Older posts write `lr=`; it has\n> 60,000 images.\n\n"
        "> **Caution.**\n>\n> - a list first\n\n"
        "> **Important.** Run this:\n>\n> ```python\n> x = 1  # {glue:text}`n:,` stays\n> ```\n\n"
        "<details>\n<summary>Why it works</summary>\n\n"
        f"Because [When Keras uses]({SITE}chapters/01_a.html#keras-uses-logits).\n\n"
        "</details>\n\n"
        "> **A title.** Text."
    )


def test_website_only_text_is_dropped():
    source = "Run it.\n\n:::{only} html\nOn the website, open Colab.\n:::\n\nThen read."
    assert jupyter(source) == "Run it.\n\nThen read."
    with pytest.raises(nbt.NotebookError, match="keeps no build-only text"):
        jupyter(":::{only} latex\nx\n:::")


def test_maths_stays_maths():
    out = jupyter("Inline {math}`\\sigma(z)` and $x$.\n\n```{math}\n:label: eq-one\ny = Wx\n```")
    assert out == "Inline $\\sigma(z)$ and $x$.\n\n$$\ny = Wx\n$$"


def test_code_fences_are_left_alone():
    source = "```python\nprint('{glue:text}`acc:.2%`')\n(label)=\n```"
    assert jupyter(source) == source


def test_details_and_html_pass_through():
    source = "<details><summary>Why</summary>\n\nBecause {glue:text}`acc:.1%`.\n\n</details>"
    assert jupyter(source) == "<details><summary>Why</summary>\n\nBecause 91.2%.\n\n</details>"


def test_sphinx_only_finds_what_jupyter_would_show_raw():
    assert nbt.sphinx_only("Plain $x$ and [a](https://x) and <details>.") == []
    found = nbt.sphinx_only(
        "(lbl)=\n{glue:text}`a`, {ref}`b`, {numref}`c`, {doc}`d`, {term}`e`\n"
        "```{note}\nx\n```\n:::{tip}\ny\n:::"
    )
    assert len(found) == 8


def test_make_id_is_docutils():
    nodes = pytest.importorskip("docutils.nodes")
    for name in ["fig-ch04-curves", "keras_uses_logits", "Beside the original", "2x-fast"]:
        assert nbt.make_id(name) == nodes.make_id(name)


def test_figures_are_numbered_per_chapter_as_sphinx_does(tmp_path):
    book = fake_book(tmp_path)
    (tmp_path / "chapters").mkdir()
    figure = {"figure": {"caption": "C.", "name": "fig-a"}}
    a = notebook(
        md("(sec-x)=\n## Section X"),
        code("plot()", ["hide-input"], mystnb=figure),
        code("plot()", ["hide-input"], mystnb={"figure": {"caption": "No name."}}),
        code("plot()", ["hide-input"], mystnb={"figure": {"caption": "D.", "name": "fig-b"}}),
    )
    b = notebook(code("plot()", mystnb={"figure": {"caption": "E.", "name": "fig-c"}}))
    nbt.write(a, tmp_path / "chapters/01_a.ipynb")
    nbt.write(b, tmp_path / "chapters/04_b.ipynb")
    (tmp_path / "intro.md").write_text("# The book\n\n(intro-label)=\nA paragraph.\n")
    (tmp_path / "chapters/glossary.md").write_text("# Glossary\n\n```{glossary}\nlogit\n  x\n```\n")
    targets, titles, terms = nbt.index_book(book)
    assert targets["fig-a"].figure == (1, 1) and targets["fig-b"].figure == (1, 2)
    assert targets["fig-c"].figure == (4, 1)
    assert targets["sec-x"] == nbt.Target("chapters/01_a", "sec-x", "Section X")
    assert targets["intro-label"].title == ""
    assert titles["chapters/01_a"] == "A chapter" and titles["intro"] == "The book"
    assert terms["logit"].anchor == "term-logit"


def test_chapter_numbers_run_on_across_numbered_parts():
    toc = {
        "parts": [
            {"numbered": True, "chapters": [{"file": "a"}, {"file": "b.ipynb"}]},
            {"numbered": True, "chapters": [{"file": "c"}]},
            {"chapters": [{"file": "d"}]},
        ]
    }
    assert nbt.chapter_numbers(toc) == {"a": 1, "b": 2, "c": 3}
    assert nbt.chapter_numbers(toc, multitoc=False) == {"a": 1, "b": 2, "c": 1}


def test_site_url_from_the_config():
    assert nbt.site_url_of({"repository": {"url": REPO}}) == SITE
    config = {"repository": {"url": REPO}, "html": {"baseurl": "https://book.example/x"}}
    assert nbt.site_url_of(config) == "https://book.example/x/"


# --- the edition: cells ----------------------------------------------------------------


def your_turn(source="answer = None"):
    cell = code(f"# Your turn\n{source}", ["remove-cell"])
    cell["metadata"]["nnbook"] = {"role": "your-turn"}
    return cell


def exercise_check():
    cell = code("q1.check(answer)\n# q1.hint()\n# q1.solution()", ["remove-cell"])
    cell["metadata"]["nnbook"] = {"role": "exercise-check"}
    return cell


def test_which_removed_cells_the_edition_keeps():
    cells = [
        code(nbt.colab_source(REPO), ["remove-cell"]),
        code("# @title Record the numbers\nglue('a', 1)", ["remove-cell"]),
        code("# @title Record the numbers\nlimit = 0.9", ["remove-cell"]),
        code("# @title Check the claims above\nclaim(acc > limit, 'x')", ["remove-cell"]),
        code("# @title Load the exercise checks\nfrom helpers.exercises.ch01 import q1"),
        your_turn(),
        exercise_check(),
        md("A removed note.", tags=["remove-cell"]),
        code("# @title Solution to exercise 1\nq1.check(1)", ["hide-input"]),
        code("for limit in range(3):\n    print(limit)"),
    ]
    cells[4]["metadata"]["tags"] = ["remove-cell"]
    keep = nbt.cells_to_keep(cells)
    assert keep == [True, False, True, True, True, True, True, False, True, True]


def test_a_later_loop_variable_is_not_a_dependency():
    cells = [
        code("# @title Record\nname = 'x'", ["remove-cell"]),
        code("for name in ['a']:\n    print(name)\n[k for k in name]"),
    ]
    assert nbt.cells_to_keep(cells) == [False, True]


def test_student_cells_are_folded_pinned_or_open():
    book = fake_book()
    commit = "d" * 40
    colab = nbt.student_code_cell(code(nbt.colab_source(REPO), ["remove-cell"]), book, commit)
    assert f'"git+{REPO}@{commit}"' in nbt.text(colab)
    assert colab["metadata"]["cellView"] == "form"
    assert colab["metadata"]["jupyter"]["source_hidden"] is True
    figure = nbt.student_code_cell(
        code("# @title Draw figure: x\nplot()", ["hide-input"]), book, commit
    )
    assert figure["metadata"]["cellView"] == "form"
    assert figure["metadata"]["jupyter"]["source_hidden"] is True
    turn = your_turn()
    turn["metadata"].update(copy.deepcopy(FOLDED))
    turn = nbt.student_code_cell(turn, book, commit)
    assert "cellView" not in turn["metadata"] and "jupyter" not in turn["metadata"]
    with pytest.raises(nbt.NotebookError, match="has no '# @title' line"):
        nbt.student_code_cell(code("x = 1", ["remove-cell"]), book, commit)


INFO = {
    "date": "2026-12-01",
    "mode": "full",
    "python": "3.11.9",
    "versions": {"tensorflow-cpu": "2.21.0", "keras": "3.14.0", "numpy": "2.2.0"},
}


def test_the_note_says_where_the_numbers_come_from():
    note = nbt.note_source(INFO, SITE + "chapters/01_a.html")
    assert "full mode, 1 December 2026" in note
    assert "Python 3.11.9, TensorFlow 2.21.0, Keras 3.14.0, NumPy 2.2.0" in note
    assert "differ a little" in note and f"({SITE}chapters/01_a.html)" in note


def test_an_unknown_language_is_named(tmp_path):
    with pytest.raises(nbt.NotebookError, match="no 'fr' edition: the book has en, zh_CN"):
        nbt.catalogue_of(tmp_path, "chapters/01_a", "fr")
    with pytest.raises(nbt.NotebookError, match="no zh_CN catalogue for chapters/01_a"):
        nbt.catalogue_of(tmp_path, "chapters/01_a", "zh_CN")


MESSAGES = {
    "Lesson": "课程",
    "It scores {glue:text}`acc:.2%` on the test images.": (
        "它在测试图像上得分 {glue:text}`acc:.2%`。"
    ),
    "A list item that runs over two lines.": "一个跨两行的列表项。",
    "Why": "为什么",
    "Model": "模型",
    "fit": "fit",
}


def test_translate_puts_each_message_in_its_block():
    source = (
        "## Lesson\n\nIt scores {glue:text}`acc:.2%`\non the test images.\n\n"
        "- A list item that runs\n  over two lines.\n\n"
        "> It scores {glue:text}`acc:.2%` on\n> the test images.\n\n"
        ":::{admonition} Why\nIt scores {glue:text}`acc:.2%` on the test images.\n:::\n\n"
        "| Model | fit |\n| --- | --- |\n\n"
        "Call `fit` on the Model."
    )
    out = nbt.translate(source, "zh_CN", MESSAGES)
    assert out == (
        "## 课程\n\n它在测试图像上得分 {glue:text}`acc:.2%`。\n\n"
        "- 一个跨两行的列表项。\n\n"
        "> 它在测试图像上得分 {glue:text}`acc:.2%`。\n\n"
        ":::{admonition} 为什么\n它在测试图像上得分 {glue:text}`acc:.2%`。\n:::\n\n"
        "| 模型 | fit |\n| --- | --- |\n\n"
        # a message inside a paragraph is not a block of its own: left alone
        "Call `fit` on the Model."
    )
    assert nbt.translate(source, "en", MESSAGES) == source


def test_the_chinese_note_and_labels():
    note = nbt.note_source(INFO, SITE + "zh_CN/chapters/01_a.html", "zh_CN")
    assert note.startswith("> **正文中的数字。**")
    assert "完整模式，2026 年 12 月 1 日" in note and "TensorFlow 2.21.0" in note
    assert f"({SITE}zh_CN/chapters/01_a.html)" in note
    quote = nbt.admonition_markdown("note", "", {}, "Text.", "zh_CN")
    assert quote == "> **备注：** Text."


def test_edition_of_a_synthetic_chapter():
    nb = notebook(
        md("(lesson)=\n## Lesson\n\nIt scores {glue:text}`acc:.2%`."),
        code("model.fit(x, y)"),
        code("# @title Record\nglue('acc', 0.9)", ["remove-cell"]),
        code("# @title Check the claims above\nclaim(True, 'it scores')", ["remove-cell"]),
        md("(only-a-label)="),
    )
    nb["cells"][7]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x"}]
    edition = nbt.edition_notebook(
        nb,
        "chapters/01_a",
        book=fake_book(),
        values={"acc": "0.912345"},
        info=INFO,
        commit="e" * 40,
        index=({}, {}, {}),
    )
    sources = [nbt.text(c) for c in edition["cells"]]
    assert sources[0].startswith("# A chapter")
    assert sources[1].startswith("> **The numbers in the text.**")
    assert "## Lesson\n\nIt scores 91.23%." in sources
    assert not any("Record" in s for s in sources)
    assert any(s.startswith("# @title Check the claims above") for s in sources)
    assert not any("only-a-label" in s for s in sources)
    assert all(c.get("outputs", []) == [] for c in edition["cells"])
    assert edition["metadata"]["colab"]["name"] == "01_a.ipynb"
    assert nb["cells"][7]["outputs"], "the source notebook is not touched"


# --- the edition of the real book ------------------------------------------------------


class _AnyValue(dict):
    """Recorded values, and a stand-in for keys glued since the last `make results`."""

    def __contains__(self, key):
        return True

    def __missing__(self, key):
        return "0.5"


@pytest.fixture(scope="module", params=nbt.LANGUAGES)
def real_edition(request, tmp_path_factory):
    """The edition of the real book, in each language (English and Chinese)."""
    lang = request.param
    out = tmp_path_factory.mktemp(f"edition-{lang}")
    book = nbt.load_book(ROOT)
    values = _AnyValue(nbt.values_from_record(ROOT / nbt.RECORD))
    commit = nbt.source_commit(ROOT)
    paths = nbt.write_edition(
        out, book=book, values=values, info=INFO, commit=commit, lang=lang, branch_files=False
    )
    return book, commit, out, {p.relative_to(out).with_suffix("").as_posix(): p for p in paths}


def test_the_edition_has_every_chapter_of_the_toc(real_edition):
    book, _, _, paths = real_edition
    assert list(paths) == book.notebooks and len(paths) >= 1


def test_the_branch_gets_a_readme_and_requirements(tmp_path):
    book = nbt.load_book(ROOT)
    values = _AnyValue(nbt.values_from_record(ROOT / nbt.RECORD))
    nbt.write_edition(tmp_path, book=book, values=values, info=INFO, commit="e" * 40, docnames=[])
    assert (tmp_path / "README.md").exists() and (tmp_path / "requirements.txt").exists()


#: prose a translation left in English: six or more English words in a row,
#: outside code, links' targets, maths and quotes of titles
ENGLISH_RUN = re.compile(r"(?:\b[A-Za-z][a-z']*\b[ ,;:]+){5}\b[A-Za-z][a-z']*\b")


def untranslated(markdown: str) -> list[str]:
    """English runs of words left in a translated Markdown cell."""
    text = re.sub(r"```.*?```|`[^`]*`|\]\([^)]*\)|\$\$.*?\$\$|\$[^$]*\$", " ", markdown, flags=re.S)
    text = re.sub(r"[“\"][^”\"]*[”\"]|<[^>]+>", " ", text)  # quoted titles, HTML tags
    return ENGLISH_RUN.findall(text)


@pytest.mark.parametrize("name", [Path(d).name for d in nbt.load_book(ROOT).notebooks])
def test_the_chinese_edition_is_chinese(tmp_path_factory, name):
    """Every Markdown cell of the Chinese edition is translated, and its exercises
    answer in Chinese (the set-up cell sets the helpers' language)."""
    book = nbt.load_book(ROOT)
    docname = next(d for d in book.notebooks if Path(d).name == name)
    values = _AnyValue(nbt.values_from_record(ROOT / nbt.RECORD))
    nb = nbt.edition_notebook(
        nbt.read(book.pages[docname]),
        docname,
        book=book,
        values=values,
        info=INFO,
        commit="e" * 40,
        lang="zh_CN",
    )
    left = {
        index: untranslated(nbt.text(cell))
        for index, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "markdown" and untranslated(nbt.text(cell))
    }
    assert left == {}, f"English left in the Chinese edition of {name}: {left}"
    setup = [c for c in nbt.code_cells(nb) if nbt.SETUP_LINES[0] in nbt.text(c)]
    assert setup and 'setup_chapter(MODE, language="zh_CN")' in nbt.text(setup[0])
    assert "zh_CN/" in nbt.text(nb["cells"][1]), "the note links the Chinese page"


def test_untranslated_finds_english_prose():
    assert untranslated("这是 `a long piece of code here now` 和 [链接](a/b/c/d/e/f).") == []
    assert untranslated("这里 the model learns a linear map of its inputs 了。")


@pytest.mark.parametrize("name", [Path(d).name for d in nbt.load_book(ROOT).notebooks])
def test_no_glue_role_or_sphinx_syntax_survives(real_edition, name):
    _, _, out, _ = real_edition
    nb = nbt.read(out / "chapters" / f"{name}.ipynb")
    left = {
        index: nbt.sphinx_only(nbt.text(cell))
        for index, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "markdown" and nbt.sphinx_only(nbt.text(cell))
    }
    assert left == {}
    prose = "\n".join(nbt.text(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "{glue" not in prose


def is_figure(cell) -> bool:
    figure = (cell["metadata"].get("mystnb") or {}).get("figure")
    hidden = {"hide-input", "hide-cell", "remove-cell"} & set(nbt.tags(cell))
    shown = nbt.title(cell) or ""
    return shown.startswith(("Draw figure", ZH_TITLES["Draw figure"])) or bool(figure and hidden)


#: the titles of the Chinese edition's folded cells (tools/i18n.py), by English start
ZH_TITLES = LANGUAGES["zh_CN"]["cell_titles"]


def is_setup(cell) -> bool:
    starts = ("Set up the book", "Load the exercise")
    starts += tuple(ZH_TITLES[k] for k in ZH_TITLES if k.startswith(starts))
    return nbt.is_colab_cell(cell) or (nbt.title(cell) or "").startswith(starts)


def is_check(cell) -> bool:
    return nbt.is_check(cell) or (nbt.title(cell) or "").startswith(
        ZH_TITLES["Check the claims above"]
    )


@pytest.mark.parametrize("name", [Path(d).name for d in nbt.load_book(ROOT).notebooks])
def test_figure_check_and_setup_cells_are_folded_exercises_open(real_edition, name):
    """In both languages (code cells, their titles and folding are the same)."""
    _, commit, out, _ = real_edition
    nb = nbt.read(out / "chapters" / f"{name}.ipynb")
    open_cells, folded_exercises = [], []
    for cell in nbt.code_cells(nb):
        meta = cell["metadata"]
        folded = meta.get("cellView") == "form" and (meta.get("jupyter") or {}).get("source_hidden")
        if nbt.role(cell) in nbt.OPEN_ROLES:
            if folded or nbt.text(cell).startswith(nbt.TITLE):
                folded_exercises.append(nbt.text(cell)[:60])
        elif is_figure(cell) or is_check(cell) or is_setup(cell):
            if not (folded and nbt.title(cell)):
                open_cells.append(nbt.text(cell)[:60])
    assert open_cells == [] and folded_exercises == []
    colab = nbt.code_cells(nb)[0]
    assert nbt.is_colab_cell(colab) and f"@{commit}" in nbt.text(colab)
    assert all(c.get("outputs", []) == [] for c in nb["cells"])


def test_a_missing_value_stops_the_edition_naming_every_key(tmp_path):
    book = nbt.load_book(ROOT)
    with pytest.raises(nbt.NotebookError, match=r"no glued value for \d+ key"):
        nbt.write_edition(tmp_path, book=book, values={}, info=INFO, commit="f" * 40)


def test_allow_missing_writes_a_placeholder(tmp_path, capsys):
    book = nbt.load_book(ROOT)
    paths = nbt.write_edition(
        tmp_path, book=book, values={}, info=INFO, commit="f" * 40, allow_missing=True
    )
    assert paths and "no recorded value for" in capsys.readouterr().err
    prose = "".join(nbt.text(c) for c in nbt.read(paths[0])["cells"])
    if nbt.cited_glue_keys(nbt.read(book.pages[book.notebooks[0]])):
        assert nbt.NOT_RECORDED in prose


def test_build_info_is_recorded_from_the_last_build(tmp_path, capsys):
    (tmp_path / "results").mkdir()
    shutil.copy(ROOT / nbt.RECORD, tmp_path / nbt.RECORD)
    (tmp_path / nbt.BUILD_INFO).write_text(json.dumps(INFO))
    build = tmp_path / "_build"
    build.mkdir()
    (build / nbt.BUILD_INFO_NAME).write_text(json.dumps({**INFO, "mode": "quick"}))
    code_ = nbt.main(["--root", str(tmp_path), "build-info", "--from-build", str(build)])
    assert code_ == 0 and json.loads((tmp_path / nbt.BUILD_INFO).read_text())["mode"] == "quick"
    assert "quick mode, 2026-12-01" in capsys.readouterr().out


# --- the download button: the Sphinx extension on a tiny book --------------------------

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
TINY_CONFIG = f"""
title: edition test
only_build_toc_files: true
execute:
  execute_notebooks: "off"
repository:
  url: {REPO}
  branch: {nbt.EDITION_BRANCH}
sphinx:
  local_extensions:
    nnbook_edition: {ROOT / "_ext"}
"""
TINY_TOC = """
format: jb-book
root: intro
parts:
  - caption: Chapters
    numbered: true
    chapters:
      - file: chapters/01_a
      - file: chapters/02_b
"""


def _glue_output(key, value):
    return {
        "output_type": "display_data",
        "data": {"application/papermill.record/text/plain": repr(value)},
        "metadata": {"scrapbook": {"name": key, "mime_prefix": "application/papermill.record/"}},
    }


def _png():
    # a 1x1 PNG
    return (
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9"
        "awAAAABJRU5ErkJggg=="
    )


@pytest.mark.skipif(not JUPYTER_BOOK.exists(), reason="jupyter-book is not installed")
def test_the_download_button_serves_the_edition(tmp_path):
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    (book / "_config.yml").write_text(TINY_CONFIG)
    (book / "_toc.yml").write_text(TINY_TOC)
    (book / "intro.md").write_text("# Intro\n\nHello.\n")
    image = {"output_type": "display_data", "data": {"image/png": _png(), "text/plain": "f"}}
    image["metadata"] = {}
    figure = {"figure": {"caption": "A figure.", "name": "fig-b"}, "image": {"alt": "x"}}
    a = notebook(
        md("## Lesson\n\nIt scores {glue:text}`acc:.2%`; see {numref}`fig-b`."),
        code("# @title Check the claims above\nglue('acc', 0.9)", ["remove-cell"]),
    )
    a["cells"][-1]["outputs"] = [_glue_output("acc", 0.912345)]
    b = notebook(
        md("(sec-b)=\n## B"),
        code("# @title Draw figure: one\nplot()", ["hide-input"], mystnb=figure, **FOLDED),
    )
    b["cells"][-1]["outputs"] = [image]
    (book / "chapters/01_a.ipynb").write_text(json.dumps(a))
    (book / "chapters/02_b.ipynb").write_text(json.dumps(b))
    git = ["git", "-C", str(book), "-c", "user.email=t@t", "-c", "user.name=t"]
    subprocess.run(["git", "init", "-q", str(book)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "tiny"], check=True)
    commit = nbt.source_commit(book)

    done = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(book), "-W", "--keep-going"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    served = nbt.read(book / "_build/html/_sources/chapters/01_a.ipynb")
    prose = "\n".join(nbt.text(c) for c in served["cells"] if c["cell_type"] == "markdown")
    assert "It scores 91.23%; see [Fig. 2.1]" in prose
    assert "{glue" not in prose and "{numref}" not in prose
    assert f"@{commit}" in nbt.text(nbt.code_cells(served)[0])
    info = json.loads((book / "_build" / nbt.BUILD_INFO_NAME).read_text())
    assert info["mode"] in ("full", "quick") and re.match(r"\d{4}-\d\d-\d\d$", info["date"])
