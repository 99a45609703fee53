"""Checks of the notebooks as files: format, setup cell, glue keys, hidden asserts.

nbval runs them; these tests check what running cannot see.
"""

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

from tools.notebooks import normalise_file, repository_url
from tools.toc import book_notebooks, source_of, toc_entries

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
#: every glued value of the last full build, by key (results/README.md): the one
#: record of which keys each chapter glues
RECORD = ROOT / "results" / "glued.json"


def toc_files():
    return toc_entries(ROOT / "_toc.yml")


#: the chapters, as _toc.yml lists them (tools/toc.py: the one list of the notebooks)
NOTEBOOKS = book_notebooks(ROOT)
PAGES = [page for page in (source_of(stem, ROOT) for stem in toc_files()) if page is not None]


def test_every_toc_entry_has_a_page():
    missing = [stem for stem in toc_files() if source_of(stem, ROOT) is None]
    assert not missing, f"_toc.yml lists pages that do not exist: {missing}"


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def text(cell):
    return "".join(cell["source"])


GLUE_CALL = re.compile(r"""\bglue\(\s*["']([a-z0-9_]+)["']""")
GLUE_REF = re.compile(r"\{glue(?::\w+)?\}`([^`]+)`")


#: helpers.originals.beside("key", ...) glues "key" and "key_diff"
BESIDE_CALL = re.compile(r"""\bbeside\(\s*["']([a-z0-9_]+)["']""")


def glued_keys(path):
    keys = []
    for cell in code_cells(load(path)):
        keys += GLUE_CALL.findall(text(cell))
        for key in BESIDE_CALL.findall(text(cell)):
            keys += [key, f"{key}_diff", f"{key}_diff_points"]
    return keys


def test_every_notebook_is_in_the_toc():
    on_disk = set((ROOT / "chapters").glob("*.ipynb"))
    assert on_disk <= set(NOTEBOOKS), f"not in _toc.yml: {sorted(on_disk - set(NOTEBOOKS))}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_clean(path):
    raw = path.read_bytes()
    assert b"\r\n" not in raw, "notebooks use LF line endings"
    nb = load(path)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in code_cells(nb):
        assert cell["outputs"] == [] and cell["execution_count"] is None, "strip outputs"
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown" and text(first).startswith("# "), "H1 title first"
    for cell in code_cells(nb):
        assert "sys.path" not in text(cell), "no sys.path hacks: the helpers are installed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_in_its_normal_form(path):
    """The preamble, the folding and the JSON, as tools/notebooks.py writes them.

    The Colab cell (first code cell, installing the helpers from _config.yml's
    repository at `main`) and the MODE cell (second) match their templates;
    the book-setup cell (third) calls setup_chapter(MODE); every cell tagged
    remove-cell, hide-cell or hide-input starts with a '# @title' line and is
    folded in Colab and JupyterLab (the exercise cells a student writes in
    stay open); no outputs; canonical JSON. `make lint` runs the same check.
    """
    differences, problems = normalise_file(path, repository_url(CONFIG), check=True)
    assert differences + problems == [], (
        "run `python -m tools.notebooks normalise` (it writes what it can and names the rest):\n"
        + "\n".join(differences + problems)
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_assert_cells_are_hidden_in_the_book(path):
    for cell in code_cells(load(path)):
        if re.search(r"^\s*assert\b", text(cell), re.M):
            tags = cell.get("metadata", {}).get("tags", [])
            assert {"remove-cell", "hide-cell"} & set(tags), (
                f"{path.name}: a cell checking a claim must be tagged remove-cell or "
                f"hide-cell:\n{text(cell)[:200]}"
            )


def builders_that_seed(nb) -> set[str]:
    """The notebook's ``build_<what>`` functions that seed inside, so that every call starts
    from the same draw (chapter 04's ``build_mnist_mlp``): calling one is seeded."""
    names = set()
    for cell in code_cells(nb):
        try:
            tree = ast.parse(text(cell))
        except SyntaxError:  # a cell with IPython magics: no builder defined there
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("build_"):
                calls = {
                    getattr(n.func, "attr", getattr(n.func, "id", None))
                    for n in ast.walk(node)
                    if isinstance(n, ast.Call)
                }
                if "set_random_seed" in calls:
                    names.add(node.name)
    return names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_model_is_seeded(path):
    nb = load(path)
    seeded_builders = builders_that_seed(nb)
    for cell in code_cells(nb):
        source = text(cell)
        # keras.Model(model.inputs, ...) re-wires existing layers: no new weights to seed
        builds = re.search(
            r"keras\.Sequential\(|keras\.Model\((?!\s*\w+\.inputs?\b)|= *\w+Model\(",
            source,
        ) or any(name not in seeded_builders for name in re.findall(r"\b(build_\w*)\(", source))
        if builds and "set_random_seed(" not in source:
            pytest.fail(f"{path.name}: seed before building a model:\n{source[:300]}")


def test_glue_keys_are_unique_across_the_book():
    seen = {}
    for path in NOTEBOOKS:
        for key in glued_keys(path):
            assert key not in seen or seen[key] == path.name, (
                f"glue key {key!r} is set in {seen.get(key)} and {path.name}"
            )
            seen[key] = path.name


def recorded_keys() -> dict[str, set[str]]:
    """Notebook stem -> the keys results/glued.json records for it (the last full build)."""
    keys: dict[str, set[str]] = {}
    for key, entry in json.loads(RECORD.read_text(encoding="utf-8"))["values"].items():
        keys.setdefault(entry["notebook"], set()).add(key)
    return keys


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_recorded_glue_keys_are_still_glued(path):
    """The keys the last full build glued (results/glued.json) are the keys the book shows:
    each must still be glued by its notebook's code. A key glued but not yet recorded is
    `make book`'s to report (tools/results.py: NEW KEYS), after a full run."""
    missing = recorded_keys().get(path.stem, set()) - set(glued_keys(path))
    assert not missing, (
        f"{path.name} no longer glues {sorted(missing)}, which results/glued.json records for "
        "it: glue them again, or (a key renamed or dropped on purpose) fix every page citing "
        "them and record the next full build with `make results`"
    )


def test_the_record_names_only_chapters_of_the_book():
    chapters = {path.stem for path in NOTEBOOKS}
    strays = set(recorded_keys()) - chapters
    assert not strays, (
        f"results/glued.json records values of {sorted(strays)}, which _toc.yml does not list "
        "(a chapter renamed or removed): record a full build with `make results`"
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_glue_reference_has_a_glued_value(page):
    if page.suffix == ".ipynb":
        prose = "".join(text(c) for c in load(page)["cells"] if c["cell_type"] == "markdown")
    else:
        prose = page.read_text(encoding="utf-8")
    for ref in GLUE_REF.findall(prose):
        doc, _, key = ref.rpartition("::")
        key = key.split(":")[0]
        target = (page.parent / doc).resolve() if doc else page
        assert target.exists(), f"{page.name}: glue reference to missing page {doc}"
        assert key in glued_keys(target), f"{page.name}: {key!r} is not glued in {target.name}"


#: characters a code block shows on the rendered page before it scrolls sideways
#: (1280-pixel window, both sidebars open; see CONTRIBUTING.md). Notebook code
#: cells are held to it by ruff (chapters/ruff.toml); this checks the code that
#: ruff does not see: fenced blocks in Markdown cells and in the .md pages.
CODE_WIDTH = 76
FENCED = re.compile(r"^(\s*)(`{3,}|~{3,})[^\n]*\n(.*?)^\1\2\s*$", re.S | re.M)


def markdown_sources(page):
    if page.suffix == ".md":
        return [page.read_text(encoding="utf-8")]
    return [text(c) for c in load(page)["cells"] if c["cell_type"] == "markdown"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_fenced_code_fits_the_page(page):
    long_lines = [
        line
        for source in markdown_sources(page)
        for block in FENCED.finditer(source)
        for line in block.group(3).splitlines()
        if len(line) > CODE_WIDTH and not line.lstrip().startswith(("|", ":::"))
    ]
    assert not long_lines, f"lines over {CODE_WIDTH} characters: {long_lines}"


def test_fenced_code_check_finds_long_lines():
    source = "text\n```python\nshort = 1\n" + "x" * 77 + "\n```\n"
    lines = [line for m in FENCED.finditer(source) for line in m.group(3).splitlines()]
    assert lines == ["short = 1", "x" * 77]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_explorers_are_left_to_a_live_notebook(path):
    """An explorer's widget would do nothing on the static site: its output is removed there,
    and the Markdown just before it sends the reader to Colab."""
    cells = load(path)["cells"]
    for i, cell in enumerate(cells):
        source = text(cell)
        if cell["cell_type"] != "code" or not re.search(r"\b\w+_explorer\(", source):
            continue
        if source.lstrip().startswith(("def ", "from ", "import ")):
            continue
        assert "remove-output" in cell.get("metadata", {}).get("tags", []), source[:80]
        before = [text(c) for c in cells[max(0, i - 3) : i] if c["cell_type"] == "markdown"]
        assert any("Colab" in md for md in before), f"{path.name}: no Colab note before {source}"
