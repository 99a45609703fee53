"""Every transform of the book's notebooks, in one module: the normaliser and the student edition.

    python -m tools.notebooks normalise [--check] [NOTEBOOK ...]
    python -m tools.notebooks edition [--out DIR] [--lang en] [--from-build DIR]
    python -m tools.notebooks build-info [--from-build DIR]

**normalise** (pre-commit; ``--check`` in ``make lint``) keeps the chapters
in one shape, so that nobody writes it by hand:

- it writes the Colab cell (the first code cell: installs the helpers from
  ``_config.yml``'s ``repository.url`` at :data:`SOURCE_REF`) and the MODE
  cell (the second) from the templates below;
- it derives the folding from one marker: a code cell tagged ``remove-cell``,
  ``hide-cell`` or ``hide-input`` (except the exercise cells a student writes
  in and runs, :data:`OPEN_ROLES`) must start with a ``# @title`` line and
  gets ``"cellView": "form"`` (Colab shows only the title) and
  ``"jupyter": {"source_hidden": true}`` (JupyterLab folds it); other cells
  are not folded;
- it canonicalises the JSON: nbformat 4.5 with cell ids, 1-space indent,
  sorted keys, LF, a trailing newline, no outputs or execution counts;
- it checks the rest of the preamble it cannot write (the H1, ``## Setup``,
  the folded book-setup cell calling ``setup_chapter(MODE)``, a lesson
  imports cell without TensorFlow's log settings).

``--check`` writes nothing and exits 1 listing every difference.

**edition** (``make notebooks``) writes the student edition of every chapter
of the toc into ``_build/notebooks/chapters/`` (the GitHub workflow publishes
it on the ``notebooks`` branch, which the site's Colab button opens; the
book's Sphinx extension ``_ext/nnbook_edition.py`` puts the same edition
behind the site's download button). The chapters in ``chapters/`` stay the
only source. In the edition:

- every ``{glue}`` role is its value, formatted as myst-nb formats it, from
  ``results/glued.json`` (the last full build, with its date, mode and
  versions in ``results/build_info.json``) or from a build's own
  ``jupyter_execute`` folder (``--from-build _build``); a note under the
  title says where the numbers come from;
- what only Sphinx understands becomes what Jupyter and Colab render: labels
  go, ``{ref}``/``{numref}``/``{doc}``/``{term}`` roles and links to other
  pages become links to the published page ("Fig. 4.2" numbered as Sphinx
  numbers it), admonitions become a blockquote with a bold label (or
  ``<details>`` for a dropdown), maths becomes dollar maths; anything else
  Sphinx-only stops the tool, naming the cell;
- cells the site removes are dropped, except the checks, the exercise cells
  and the exercise loader (and any cell a kept cell needs); every kept
  figure, check and setup cell is folded in Colab and JupyterLab, the
  exercise cells stay open;
- the Colab cell installs the helpers at the commit the edition was made
  from (``git rev-parse HEAD``).

Each transform is a small function, a cell (or a Markdown source) in and out,
so that a translated edition can slot in (``--lang``: a later issue applies
gettext catalogues to the Markdown cells; only ``en`` exists now).

**build-info** (``make results``) records the date, mode and versions of the
last build (written by the Sphinx extension into ``_build/build_info.json``)
in ``results/build_info.json``, beside ``results/glued.json``.
"""

from __future__ import annotations

import argparse
import ast
import copy
import dataclasses
import datetime as _dt
import json
import os
import platform
import posixpath
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tools.toc import source_of, toc_entries, toc_notebooks

ROOT = Path(__file__).resolve().parent.parent

# --- settings -------------------------------------------------------------------------

#: The branch the book's source lives on: the source's Colab cell installs the helpers from it.
SOURCE_REF = "main"
#: The branch the GitHub workflow publishes the student edition to, at the source's paths.
#: ``_config.yml``'s ``repository.branch`` names it, so the site's Colab button opens it.
EDITION_BRANCH = "notebooks"
#: Where ``make notebooks`` writes the edition.
DEFAULT_OUT = Path("_build") / "notebooks"
#: The glued values of the last full build, and that build's date, mode and versions.
RECORD = Path("results") / "glued.json"
BUILD_INFO = Path("results") / "build_info.json"
#: What the Sphinx extension writes beside the build (``<_build>/build_info.json``).
BUILD_INFO_NAME = "build_info.json"
#: myst-nb's folder of executed notebooks and their ``.glue.json`` files, in a build folder.
EXECUTED = "jupyter_execute"
#: Languages of the edition. A translation applies its catalogue to the Markdown cells.
LANGUAGES = ("en", "zh_CN")
#: the book's page catalogues (tools/i18n.py): <language>/LC_MESSAGES/<docname>.po
LOCALES = Path("locales")
#: Packages whose versions the note of the edition names (either TensorFlow wheel).
NOTED_PACKAGES = ("tensorflow", "tensorflow-cpu", "keras", "numpy")
#: What the text shows for a glued value not recorded yet (``edition --allow-missing`` only).
NOT_RECORDED = "[not recorded yet]"
#: Sphinx's own default, used when _config.yml sets no ``numfig_format``.
NUMFIG_FORMAT = "Fig. %s"

FOLD_TAGS = ("remove-cell", "hide-cell", "hide-input")
#: Exercise cells a student writes in or runs: open, never folded (``metadata.nnbook.role``).
OPEN_ROLES = ("your-turn", "exercise-check")
TITLE = "# @title "
SETUP_TITLE = "# @title Set up the book: mode, versions and the book's own tools"
SETUP_LINES = ("from helpers.environment import setup_chapter", "setup_chapter(MODE)")
#: Lines the lesson's imports cell leaves to ``setup_chapter``.
SETUP_ONLY = re.compile(r"^\s*(import os\b|.*TF_CPP_MIN_LOG_LEVEL|.*tf\.get_logger\(\))", re.M)


class NotebookError(ValueError):
    """A notebook, or the book around it, that a transform cannot handle (the message says why)."""


# --- the book: configuration, table of contents, chapter numbers ------------------------


@dataclass(frozen=True)
class Book:
    """What the transforms need to know about the book."""

    root: Path
    repo_url: str
    site_url: str
    numfig_format: str
    #: every page of the toc in reading order: docname -> source file
    pages: dict[str, Path]
    #: docname -> chapter number, for the chapters of numbered parts
    numbers: dict[str, int]

    @property
    def notebooks(self) -> list[str]:
        return [name for name, path in self.pages.items() if path.suffix == ".ipynb"]

    def page_url(self, docname: str, anchor: str = "") -> str:
        return f"{self.site_url}{docname}.html" + (f"#{anchor}" if anchor else "")

    def file_url(self, path: str, commit: str, raw: bool = False) -> str:
        """A file of the repository at ``commit`` on GitHub (``raw`` for images)."""
        owner_name = re.sub(r"^https://github\.com/", "", self.repo_url)
        if raw:
            return f"https://raw.githubusercontent.com/{owner_name}/{commit}/{path}"
        return f"{self.repo_url}/blob/{commit}/{path}"


def read_config(root: Path = ROOT) -> dict:
    return yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8")) or {}


def repository_url(config: dict) -> str:
    url = str(config.get("repository", {}).get("url", "")).rstrip("/")
    url = re.sub(r"\.git$", "", url)
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url):
        raise NotebookError(f"_config.yml: repository.url {url!r} is not a GitHub repository URL")
    return url


def site_url_of(config: dict) -> str:
    """The published book: _config.yml's ``html.baseurl``, else the repository's GitHub Pages."""
    base = str((config.get("html") or {}).get("baseurl") or "").strip()
    if not base:
        owner, name = repository_url(config).split("/")[-2:]
        base = f"https://{owner.lower()}.github.io/{name}/"
    return base if base.endswith("/") else base + "/"


def chapter_numbers(toc: dict, multitoc: bool = True) -> dict[str, int]:
    """docname -> chapter number, as Sphinx numbers the chapters of ``numbered`` parts.

    With ``use_multitoc_numbering`` (Jupyter Book's default) the numbers run
    on across parts; without it each numbered part starts again at 1.
    """
    numbers: dict[str, int] = {}
    count = 0
    for part in toc.get("parts") or [{"chapters": toc.get("chapters"), **toc.get("defaults", {})}]:
        if not multitoc:
            count = 0
        if not part.get("numbered"):
            continue
        for chapter in part.get("chapters") or []:
            if "file" in chapter:
                count += 1
                numbers[re.sub(r"\.(ipynb|md)$", "", str(chapter["file"]))] = count
    return numbers


def load_book(root: Path = ROOT, site_url: str | None = None) -> Book:
    root = Path(root)
    config = read_config(root)
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = {}
    for entry in toc_entries(root / "_toc.yml"):
        path = source_of(entry, root)
        if path is not None:
            pages[re.sub(r"\.(ipynb|md)$", "", entry)] = path
    sphinx_config = (config.get("sphinx") or {}).get("config") or {}
    numfig = (sphinx_config.get("numfig_format") or {}).get("figure", NUMFIG_FORMAT)
    multitoc = (config.get("html") or {}).get("use_multitoc_numbering", True)
    return Book(
        root=root,
        repo_url=repository_url(config),
        site_url=site_url or os.environ.get("NNBOOK_SITE_URL") or site_url_of(config),
        numfig_format=numfig,
        pages=pages,
        numbers=chapter_numbers(toc, multitoc),
    )


# --- reading and writing notebooks ---------------------------------------------------


def read(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise NotebookError(f"{path}: not a readable notebook ({exc})") from exc


def dumps(nb: dict) -> str:
    """A notebook's canonical text, as nbformat and ruff write it (1-space indent, sorted keys)."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write(nb: dict, path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(dumps(nb))


def text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def lines(source: str) -> list[str]:
    """A cell's source as nbformat stores it: lines, each but the last ending in a newline."""
    return source.splitlines(keepends=True)


def with_source(cell: dict, source: str) -> dict:
    cell = copy.deepcopy(cell)
    cell["source"] = lines(source)
    return cell


def tags(cell: dict) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def role(cell: dict) -> str | None:
    return (cell.get("metadata", {}).get("nnbook") or {}).get("role")


def title(cell: dict) -> str | None:
    """The cell's ``# @title`` (without the marker and any form options), or None."""
    first = text(cell).split("\n", 1)[0]
    if not first.startswith(TITLE):
        return None
    return re.sub(r"\s*\{.*\}\s*$", "", first[len(TITLE) :]).strip()


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c.get("cell_type") == "code"]


def describe(nb: dict, cell: dict) -> str:
    """'cell 7 (id "7", "# @title Check the claims above")': how messages name a cell."""
    index = nb["cells"].index(cell) if cell in nb["cells"] else "?"
    first = text(cell).split("\n", 1)[0].strip()
    first = first if len(first) <= 60 else first[:57] + "..."
    return f"cell {index} (id {cell.get('id', '?')!r}: {first!r})"


# --- the templates ---------------------------------------------------------------------

COLAB_TITLE = "# @title Colab only: install the book's helpers"
MODE_TITLE = '# @title Mode { display-mode: "form" }'


def colab_source(repo_url: str, ref: str = SOURCE_REF, pinned: bool = False) -> str:
    """The Colab cell: in Colab, pip-install the helpers from the repository at ``ref``."""
    why = (
        (
            "# In Colab, install the book's helpers as they were when this notebook\n"
            "# was made; elsewhere, do nothing.\n"
        )
        if pinned
        else (
            "# In Colab, install the book's helpers from the book's repository;\n"
            "# elsewhere, do nothing.\n"
        )
    )
    return (
        f"{COLAB_TITLE}\n{why}"
        "import sys\n"
        "\n"
        'if "google.colab" in sys.modules:\n'
        "    import subprocess\n"
        "\n"
        "    subprocess.run(\n"
        "        [\n"
        "            sys.executable,\n"
        '            "-m",\n'
        '            "pip",\n'
        '            "install",\n'
        '            "--quiet",\n'
        f'            "git+{repo_url}@{ref}",\n'
        "        ],\n"
        "        check=True,\n"
        "    )"
    )


COLAB_METADATA = {"cellView": "form", "jupyter": {"source_hidden": True}, "tags": ["remove-cell"]}

MODE_SOURCE = (
    f"{MODE_TITLE}\n"
    '# "full": the book\'s settings (minutes); "quick": seconds, on a little\n'
    '# data; "auto": the NNBOOK_QUICK environment variable decides (full if\n'
    "# it is unset).\n"
    'MODE = "auto"  # @param ["auto", "full", "quick"]'
)
#: A form whose field a student is meant to change: Colab shows the drop-down, JupyterLab the line.
MODE_METADATA = {"cellView": "form", "tags": ["hide-cell"]}


def is_colab_cell(cell: dict) -> bool:
    return cell.get("cell_type") == "code" and (
        text(cell).startswith(COLAB_TITLE) or '"google.colab" in sys.modules' in text(cell)
    )


def is_mode_cell(cell: dict) -> bool:
    return cell.get("cell_type") == "code" and bool(re.search(r"^MODE = ", text(cell), re.M))


def new_code_cell(source: str, metadata: dict, cell_id: str) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": cell_id,
        "metadata": copy.deepcopy(metadata),
        "outputs": [],
        "source": lines(source),
    }


# --- the normaliser --------------------------------------------------------------------


@dataclass
class Normalised:
    """A normalised notebook, what normalising changed, and what it cannot fix."""

    nb: dict
    changes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def folds(cell: dict) -> bool:
    """Whether the one marker says fold: a hiding tag, and not a cell a student writes in."""
    return (
        cell.get("cell_type") == "code"
        and bool(set(tags(cell)) & set(FOLD_TAGS))
        and role(cell) not in OPEN_ROLES
        and not is_mode_cell(cell)
    )


def fold(cell: dict) -> dict:
    """The cell folded in Colab (a form: only the title shows) and in JupyterLab."""
    cell = copy.deepcopy(cell)
    meta = cell.setdefault("metadata", {})
    meta["cellView"] = "form"
    meta.setdefault("jupyter", {})["source_hidden"] = True
    return cell


def unfold(cell: dict) -> dict:
    cell = copy.deepcopy(cell)
    meta = cell.setdefault("metadata", {})
    meta.pop("cellView", None)
    jupyter = meta.get("jupyter")
    if isinstance(jupyter, dict):
        jupyter.pop("source_hidden", None)
        if not jupyter:
            meta.pop("jupyter")
    return cell


def fold_as_marked(cell: dict) -> dict:
    """Folding derived from the marker (see :func:`folds`); the MODE cell keeps its template's."""
    if cell.get("cell_type") != "code" or is_mode_cell(cell):
        return cell
    return fold(cell) if folds(cell) else unfold(cell)


#: Cell metadata that editors write and the book never needs (as nbstripout drops it).
VOLATILE_CELL_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled")


def strip(cell: dict) -> dict:
    """No outputs, no execution count, no editor bookkeeping; the source as a list of lines."""
    cell = copy.deepcopy(cell)
    cell["source"] = lines(text(cell))
    cell.setdefault("metadata", {})
    for key in VOLATILE_CELL_METADATA:
        cell["metadata"].pop(key, None)
    if cell.get("cell_type") == "code":
        cell["outputs"] = []
        cell["execution_count"] = None
    else:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)
    return cell


def canonical_metadata(metadata: dict) -> dict:
    """The notebook's own metadata: the Python 3 kernel, no widget state or signature."""
    metadata = copy.deepcopy(metadata)
    metadata.pop("widgets", None)
    metadata.pop("signature", None)
    metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    metadata["language_info"] = {"name": "python"}
    return metadata


def _fresh_id(taken: set[str]) -> str:
    number = len(taken)
    while str(number) in taken:
        number += 1
    return str(number)


def _cell_changes(nb: dict, before: dict, after: dict) -> list[str]:
    if before == after:
        return []
    what = []
    if before.get("source") != after.get("source"):
        what.append("source")
    for key in sorted(set(before.get("metadata", {})) | set(after.get("metadata", {}))):
        if before.get("metadata", {}).get(key) != after.get("metadata", {}).get(key):
            what.append(f"metadata.{key}")
    for key in ("outputs", "execution_count", "id"):
        if before.get(key) != after.get(key):
            what.append(key)
    return [f"{describe(nb, before)}: {', '.join(what) or 'layout'} not in the normal form"]


def preamble_problems(nb: dict) -> list[str]:
    """What the normaliser checks but cannot write: title, Setup heading, setup and imports."""
    problems = []
    cells = nb["cells"]
    if not cells or cells[0].get("cell_type") != "markdown" or not text(cells[0]).startswith("# "):
        problems.append("the first cell must be Markdown with the H1 title")
    code = code_cells(nb)
    if code:
        first = cells.index(code[0])
        setup_heading = [c for c in cells[:first] if c.get("cell_type") == "markdown"]
        if not setup_heading or not re.search(r"^## Setup\s*$", text(setup_heading[-1]), re.M):
            problems.append("the Markdown cell before the Colab cell must hold '## Setup'")
    if len(code) < 3:
        problems.append("the preamble needs the Colab cell, the MODE cell and the book-setup cell")
        return problems
    setup = code[2]
    source = text(setup)
    if not source.startswith(SETUP_TITLE) or any(line not in source for line in SETUP_LINES):
        problems.append(
            f"{describe(nb, setup)}: the third code cell must be the book-setup cell, starting "
            f"{SETUP_TITLE!r} and calling {' / '.join(SETUP_LINES)}"
        )
    elif "hide-input" not in tags(setup):
        problems.append(f"{describe(nb, setup)}: the book-setup cell must be tagged hide-input")
    for cell in code[3:5]:
        if SETUP_ONLY.search(text(cell)) and not title(cell):
            problems.append(
                f"{describe(nb, cell)}: TensorFlow's log settings and `import os` belong to "
                "setup_chapter(MODE), not to the lesson's imports"
            )
    return problems


def normalise_notebook(nb: dict, repo_url: str, ref: str = SOURCE_REF) -> Normalised:
    """The notebook in the normal form (a new dict), what changed and what cannot be fixed."""
    result = Normalised(nb=copy.deepcopy(nb))
    out = result.nb
    if out.get("nbformat") != 4:
        raise NotebookError(f"nbformat {out.get('nbformat')} is not 4")
    if out.get("nbformat_minor", 0) < 5:
        result.changes.append(f"nbformat_minor {out.get('nbformat_minor')} becomes 5 (cell ids)")
        out["nbformat_minor"] = 5
    metadata = canonical_metadata(out.get("metadata", {}))
    if metadata != out.get("metadata"):
        result.changes.append("notebook metadata: kernelspec, language_info or editor state")
        out["metadata"] = metadata

    taken: set[str] = set()
    cells = []
    for cell in out["cells"]:
        if cell.get("id") in (None, "") or cell["id"] in taken:
            cell = {**cell, "id": _fresh_id(taken | {c.get("id") for c in out["cells"]})}
        taken.add(cell["id"])
        cells.append(cell)
    out["cells"] = cells

    # The preamble: the Colab cell first, the MODE cell second, both from their templates.
    code = code_cells(out)
    colab = next((c for c in code if is_colab_cell(c)), None)
    mode = next((c for c in code if is_mode_cell(c)), None)
    for found, source, metadata, name in (
        (colab, colab_source(repo_url, ref), COLAB_METADATA, "Colab"),
        (mode, MODE_SOURCE, MODE_METADATA, "MODE"),
    ):
        if found is None:
            result.changes.append(f"the {name} cell is missing: it is inserted")
        else:
            wanted = {**found, "source": lines(source), "metadata": copy.deepcopy(metadata)}
            if text(found) != source or found.get("metadata") != metadata:
                result.changes.append(
                    f"{describe(out, found)}: the {name} cell differs from its template"
                )
            out["cells"][out["cells"].index(found)] = wanted
    code = code_cells(out)
    colab = next((c for c in code if is_colab_cell(c)), None) or new_code_cell(
        colab_source(repo_url, ref), COLAB_METADATA, _fresh_id({c["id"] for c in out["cells"]})
    )
    mode = next((c for c in code if is_mode_cell(c)), None) or new_code_cell(
        MODE_SOURCE, MODE_METADATA, _fresh_id({c["id"] for c in out["cells"]} | {colab["id"]})
    )
    rest = [c for c in out["cells"] if c is not colab and c is not mode]
    first_code = next((i for i, c in enumerate(rest) if c.get("cell_type") == "code"), len(rest))
    ordered = rest[:first_code] + [colab, mode] + rest[first_code:]
    inserted = len(ordered) != len(out["cells"])
    if not inserted and [c["id"] for c in ordered] != [c["id"] for c in out["cells"]]:
        result.changes.append("the Colab and MODE cells move to the first two code cells")
    out["cells"] = ordered

    # Folding from the marker, and no outputs.
    for index, cell in enumerate(out["cells"]):
        new = strip(fold_as_marked(cell))
        result.changes += _cell_changes(out, cell, new)
        out["cells"][index] = new
        if folds(new) and title(new) is None:
            result.problems.append(
                f"{describe(out, new)}: tagged {'/'.join(sorted(set(tags(new)) & set(FOLD_TAGS)))} "
                "but does not start with a '# @title ...' line (Colab would show a form without "
                "a title): write one"
            )
    result.problems += preamble_problems(out)
    return result


def normalise_file(path: Path, repo_url: str, check: bool) -> tuple[list[str], list[str]]:
    """Normalise one file (or only compare, with ``check``): (differences, unfixable problems)."""
    raw = Path(path).read_bytes()
    nb = read(path)
    result = normalise_notebook(nb, repo_url)
    differences = list(result.changes)
    canonical = dumps(result.nb)
    if raw.decode("utf-8", "replace") != canonical and not differences:
        differences.append("JSON layout (indent, key order, line endings or final newline)")
    if differences and not check:
        write(result.nb, path)
    return differences, result.problems


# --- the student edition: numbers ------------------------------------------------------


def format_plain_text(text_value: str, spec: str) -> str:
    """A glued value as ``{glue:text}`` shows it (myst_nb.core.variables.format_plain_text)."""
    try:
        value = ast.literal_eval(text_value)
    except (SyntaxError, ValueError):
        value = text_value
    if spec == "":
        return str(value)
    kind = spec[-1]
    if kind == "s":
        value = str(value)
    elif kind in "bcdoxX":
        value = int(value)
    elif kind in "eEfFgGn%":
        value = float(value)
    text = format(value, spec)
    # a rounded zero has no sign, on the site too (_ext/nnbook_html.py)
    stripped = text.lstrip("+-")
    if text[:1] in "+-" and stripped and not any(c in "123456789" for c in stripped):
        return stripped
    return text


def values_from_record(path: Path) -> dict[str, str]:
    """key -> the glued value's text (its repr, as glue stores it) from results/glued.json."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {key: repr(entry["value"]) for key, entry in data["values"].items()}


def values_from_build(build: Path) -> dict[str, str]:
    """key -> glued text from a build's ``jupyter_execute/**/*.glue.json`` (myst-nb writes them)."""
    return values_from_executed(Path(build) / EXECUTED)


def values_from_executed(folder: Path) -> dict[str, str]:
    """key -> glued text from the ``.glue.json`` files of a folder of executed notebooks."""
    folder = Path(folder)
    values: dict[str, str] = {}
    owner: dict[str, Path] = {}
    files = sorted(folder.rglob("*.glue.json"))
    if not files:
        raise NotebookError(f"{folder} holds no .glue.json files: build the book first")
    for path in files:
        for key, output in json.loads(path.read_text(encoding="utf-8")).items():
            data = output.get("data", {})
            plain = data.get("text/plain")
            if plain is None:
                continue
            if key in values:
                raise NotebookError(f"glue key {key!r} is glued in {owner[key]} and {path}")
            values[key] = "".join(plain) if isinstance(plain, list) else plain
            owner[key] = path
    return values


# --- the student edition: Markdown -----------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Where a label points on the published site, and the text a reference to it shows."""

    docname: str
    anchor: str
    title: str
    figure: tuple[int, ...] | None = None


def make_id(name: str) -> str:
    """The HTML id docutils gives a label or figure name (``docutils.nodes.make_id``, ASCII)."""
    ident = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode("ascii")
    ident = re.sub(r"[^a-z0-9]+", "-", " ".join(ident.split()))
    return re.sub(r"^[-0-9]+|-+$", "", ident)


FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<argument>.*)$")
LABEL = re.compile(r"^\s*\((?P<label>[^()\s]+)\)=\s*$")
HEADING = re.compile(r"^\s{0,3}(?P<level>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
ROLE = re.compile(r"\{(?P<name>[A-Za-z][\w:+.-]*)\}`(?P<content>[^`]+)`")
LINK = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]]*)\]\((?P<target>[^()\s]+)\)")
#: an inline code span (CommonMark: a run of backticks, closed by a run as long)
CODE_SPAN = re.compile(r"((`+)[^`].*?\2)(?!`)", re.S)
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
SUBSTITUTION = re.compile(r"\{\{\s*[\w.-]+\s*\}\}")
#: What would show as raw text in Jupyter and Colab if it reached the edition.
SPHINX_ONLY = re.compile(
    r"\{glue|\{(?:ref|numref|doc|term|eq|math|abbr|sub-ref)\}`|^\s*\([^()\s]+\)=\s*$"
    r"|^\s*(?:`{3,}|:{3,})\s*\{",
    re.M,
)


def split_blocks(source: str):
    """The Markdown as blocks: ("text", lines), ("code", lines) or ("directive", fields).

    Fences follow CommonMark: a fence closes on a line of the same character,
    at least as long, and nothing else. Backtick and colon fences whose info
    string is ``{name}`` are MyST directives; the body of a directive is
    Markdown again (the caller transforms it recursively); a code fence's
    body is left alone.
    """
    all_lines = source.split("\n")
    blocks: list[tuple[str, object]] = []
    buffer: list[str] = []
    i = 0
    while i < len(all_lines):
        match = FENCE.match(all_lines[i])
        if not match or (match["fence"][0] == "`" and "`" in match["info"]):
            buffer.append(all_lines[i])
            i += 1
            continue
        fence, info = match["fence"], match["info"].strip()
        close = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        end = i + 1
        while end < len(all_lines) and not close.match(all_lines[end]):
            end += 1
        body = all_lines[i + 1 : end]
        directive = DIRECTIVE.match(info)
        if directive is None and fence[0] == ":" and re.match(r"^[A-Za-z]", info):
            directive = DIRECTIVE.match("{" + info.split()[0] + "} " + " ".join(info.split()[1:]))
        if buffer:
            blocks.append(("text", buffer))
            buffer = []
        if directive:
            options, content = _directive_body(body)
            blocks.append(
                (
                    "directive",
                    {
                        "name": directive["name"],
                        "argument": directive["argument"].strip(),
                        "options": options,
                        "body": "\n".join(content),
                        "indent": match["indent"],
                    },
                )
            )
        else:
            blocks.append(("code", all_lines[i : end + 1]))
        i = end + 1
    if buffer:
        blocks.append(("text", buffer))
    return blocks


def _directive_body(body: list[str]) -> tuple[dict[str, str], list[str]]:
    """A directive's ``:key: value`` options (or a ``---`` YAML block) and its content."""
    options: dict[str, str] = {}
    rest = list(body)
    if rest and rest[0].strip() == "---":
        end = next((k for k in range(1, len(rest)) if rest[k].strip() == "---"), None)
        if end is not None:
            options = {k: str(v) for k, v in (yaml.safe_load("\n".join(rest[1:end])) or {}).items()}
            rest = rest[end + 1 :]
    while rest and (option := re.match(r"^\s*:([\w-]+):\s*(.*)$", rest[0])):
        options[option[1]] = option[2].strip()
        rest = rest[1:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    while rest and not rest[-1].strip():
        rest = rest[:-1]
    return options, rest


#: Admonitions and the bold label a student edition gives them.
ADMONITIONS = {
    "note": "Note",
    "caution": "Caution",
    "important": "Important",
    "tip": "Tip",
    "hint": "Hint",
    "warning": "Warning",
    "attention": "Attention",
    "danger": "Danger",
    "error": "Error",
    "seealso": "See also",
    "admonition": None,  # the title is the directive's argument
    "dropdown": None,  # sphinx-design's dropdown: always a <details>
}
_STARTS_BLOCK = re.compile(r"^\s*([-*+]\s|\d+[.)]\s|#|`{3}|~{3}|\||>|<|\$\$)")


#: the labels in Chinese, as Sphinx's own zh_CN catalogue writes them on the site
ADMONITIONS_ZH_CN = {
    "note": "备注",
    "caution": "小心",
    "important": "重要",
    "tip": "小技巧",
    "hint": "提示",
    "warning": "警告",
    "attention": "注意",
    "danger": "危险",
    "error": "错误",
    "seealso": "参见",
}


def admonition_markdown(
    name: str, argument: str, options: dict, body: str, lang: str = "en"
) -> str:
    """An admonition as Jupyter renders it: a blockquote with a bold label, or <details>."""
    labels = ADMONITIONS_ZH_CN if lang == "zh_CN" else ADMONITIONS
    label = labels.get(name) or argument.strip() or name.capitalize()
    dropdown = name == "dropdown" or "dropdown" in options.get("class", "").split()
    if dropdown:
        return f"<details>\n<summary>{label}</summary>\n\n{body}\n\n</details>"
    if lang == "zh_CN":
        label = label if label[-1:] in "。：？！:?!" else label + "："
    else:
        label = label if label[-1:] in ".:?!" else label + "."
    body_lines = body.split("\n") if body else []
    if body_lines and not _STARTS_BLOCK.match(body_lines[0]):
        body_lines[0] = f"**{label}** {body_lines[0].lstrip()}"
    else:
        body_lines = [f"**{label}**", ""] + body_lines
    return "\n".join(f"> {line}".rstrip() for line in body_lines)


@dataclass
class Context:
    """What the Markdown transforms of one page need: the book, its labels and values."""

    book: Book
    docname: str
    values: dict[str, str]
    targets: dict[str, Target]
    titles: dict[str, str]
    commit: str
    terms: dict[str, Target] = field(default_factory=dict)
    where: str = ""
    #: what a glue role without a recorded value shows (None: such a role is an error)
    placeholder: str | None = None
    #: the edition's language, and the translated titles of headings and figures
    lang: str = "en"
    translated: dict[str, str] = field(default_factory=dict)

    def title_of(self, english: str) -> str:
        """A heading's or caption's title in the edition's language."""
        return self.translated.get(" ".join(english.split()), english)

    def fail(self, message: str) -> NotebookError:
        return NotebookError(f"{self.docname}{self.where}: {message}")


def cited_glue_keys(nb: dict) -> list[str]:
    """The glue keys a notebook's Markdown cites, in order."""
    keys = []
    for cell in nb["cells"]:
        if cell.get("cell_type") != "markdown":
            continue
        for match in ROLE.finditer(text(cell)):
            if match["name"] == "glue" or match["name"].startswith("glue:"):
                reference = match["content"].strip().rpartition("::")[2]
                key = reference.partition(":")[0] if match["name"] == "glue:text" else reference
                keys.append(key)
    return keys


def glue_text(name: str, content: str, ctx: Context) -> str:
    """A glue role's value: ``{glue:text}`key:.2%``` -> '91.23%'."""
    reference = content.strip().rpartition("::")[2]
    key, _, spec = reference.partition(":") if name == "glue:text" else (reference, "", "")
    if key not in ctx.values:
        if ctx.placeholder is not None:
            return ctx.placeholder
        raise ctx.fail(f"no glued value for {key!r} ({{{name}}}`{content}`)")
    if name in ("glue", "glue:", "glue:any", "glue:md", "glue:text"):
        try:
            return format_plain_text(ctx.values[key], spec)
        except (TypeError, ValueError) as exc:
            raise ctx.fail(f"{{{name}}}`{content}`: {exc}") from exc
    raise ctx.fail(f"{{{name}}} has no form in a notebook; use {{glue:text}}")


def _explicit(content: str) -> tuple[str | None, str]:
    match = EXPLICIT.match(content.strip())
    if match:
        return " ".join(match["text"].split()), match["target"].strip()
    return None, content.strip()


def _link(label: str, url: str) -> str:
    return f"[{label}]({url})"


def _resolve_doc(path: str, ctx: Context) -> str:
    path = re.sub(r"\.(ipynb|md)$", "", path.strip())
    if path.startswith("/"):
        return path.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(ctx.docname), path))


def role_markdown(name: str, content: str, ctx: Context) -> str:
    """One MyST role as plain Markdown (a value, a link, dollar maths), or an error."""
    if name == "glue" or name.startswith("glue:"):
        return glue_text(name, content, ctx)
    if name == "math":
        return f"${content}$"
    if name in ("ref", "numref"):
        explicit, label = _explicit(content)
        target = ctx.targets.get(label)
        if target is None:
            raise ctx.fail(f"{{{name}}}`{content}`: no label {label!r} in the book")
        if name == "ref":
            shown = explicit or ctx.title_of(target.title)
            if not shown:
                raise ctx.fail(f"{{ref}}`{content}` points at a label without a title")
            return _link(shown, ctx.book.page_url(target.docname, target.anchor))
        if target.figure is None:
            raise ctx.fail(f"{{numref}}`{content}`: {label!r} is not a numbered figure")
        number = ".".join(map(str, target.figure))
        template = explicit or ctx.book.numfig_format
        shown = template.replace("%s", number).replace("{number}", number)
        shown = shown.replace("{name}", ctx.title_of(target.title))
        return _link(shown, ctx.book.page_url(target.docname, target.anchor))
    if name == "doc":
        explicit, path = _explicit(content)
        docname = _resolve_doc(path, ctx)
        if docname not in ctx.book.pages:
            raise ctx.fail(f"{{doc}}`{content}`: no page {docname!r} in the toc")
        return _link(
            explicit or ctx.title_of(ctx.titles.get(docname, docname)), ctx.book.page_url(docname)
        )
    if name == "term":
        explicit, term = _explicit(content)
        target = ctx.terms.get(term.lower())
        if target is None:
            raise ctx.fail(f"{{term}}`{content}`: no glossary entry {term!r}")
        return _link(explicit or term, ctx.book.page_url(target.docname, target.anchor))
    raise ctx.fail(f"the role {{{name}}} has no form in a notebook")


def link_markdown(match: re.Match, ctx: Context) -> str:
    """A Markdown link or image whose target only the book's build resolves, made absolute."""
    bang, label, target = match["bang"], match["text"], match["target"]
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
        return match[0]  # https:, mailto:, ...
    path, _, fragment = target.partition("#")
    if not path:
        found = ctx.targets.get(fragment)
        if found is None:
            return match[0]  # a heading of this notebook: Jupyter resolves it
        return f"{bang}[{label}]({ctx.book.page_url(found.docname, found.anchor)})"
    if "/" not in path and "." not in path and path in ctx.targets:
        found = ctx.targets[path]
        return f"{bang}[{label}]({ctx.book.page_url(found.docname, found.anchor)})"
    docname = _resolve_doc(path, ctx)
    if not bang and docname in ctx.book.pages:
        anchor = fragment
        if fragment in ctx.targets:
            anchor = ctx.targets[fragment].anchor
        return f"[{label}]({ctx.book.page_url(docname, anchor)})"
    repo_path = posixpath.normpath(posixpath.join(posixpath.dirname(ctx.docname), path))
    if repo_path.startswith("../") or not (ctx.book.root / repo_path).exists():
        raise ctx.fail(f"the link {match[0]!r} points at nothing in the book or its repository")
    url = ctx.book.file_url(repo_path, ctx.commit, raw=bool(bang))
    return f"{bang}[{label}]({url}{'#' + fragment if fragment else ''})"


def inline_markdown(source: str, ctx: Context) -> str:
    """Roles, links, labels and comments of prose (no fences) as Jupyter renders them."""
    if SUBSTITUTION.search(source):
        raise ctx.fail(f"a MyST substitution {SUBSTITUTION.search(source)[0]!r} has no form here")
    kept = [
        line
        for line in source.split("\n")
        if not LABEL.match(line) and not line.startswith("%") and line.strip() != "+++"
    ]
    source = "\n".join(kept)
    source = ROLE.sub(lambda m: role_markdown(m["name"], m["content"], ctx), source)
    # links outside inline code only: `model.layers[0](x)` is code, not a link
    out = []
    for index, piece in enumerate(CODE_SPAN.split(source)):  # text, span, its backticks, ...
        if index % 3 == 0:
            out.append(LINK.sub(lambda m: link_markdown(m, ctx), piece))
        elif index % 3 == 1:
            out.append(piece)
    return "".join(out)


def directive_markdown(fields: dict, ctx: Context) -> str:
    name, argument, options = fields["name"], fields["argument"], fields["options"]
    if name == "only":
        # {only} html: a sentence for the website's readers (the explorers need
        # a running notebook), which a student running the notebook does not need
        if argument.strip() != "html":
            raise ctx.fail(f"{{only}} {argument}: the edition keeps no build-only text")
        return ""
    if name in ADMONITIONS:
        body = markdown_for_jupyter(fields["body"], ctx)
        out = admonition_markdown(name, inline_markdown(argument, ctx), options, body, ctx.lang)
    elif name == "math":
        out = f"$$\n{fields['body'].strip()}\n$$"
    elif name in ("code-block", "code", "sourcecode"):
        out = f"```{argument}\n{fields['body']}\n```"
    else:
        raise ctx.fail(f"the directive {{{name}}} has no form in a notebook")
    indent = fields["indent"]
    return "\n".join(indent + line if line else line for line in out.split("\n"))


def markdown_for_jupyter(source: str, ctx: Context) -> str:
    """A Markdown cell's source with everything only Sphinx understands turned into Markdown."""
    parts = []
    for kind, content in split_blocks(source):
        if kind == "text":
            parts.append(inline_markdown("\n".join(content), ctx))
        elif kind == "code":
            parts.append("\n".join(content))
        else:
            parts.append(directive_markdown(content, ctx))
    out = "\n".join(parts)
    return re.sub(r"\n{3,}", "\n\n", out).strip("\n")


def sphinx_only(source: str) -> list[str]:
    """What Jupyter would show raw: glue roles, labels, Sphinx roles, directive fences."""
    found = []
    for kind, content in split_blocks(source):
        if kind == "directive":
            found.append(f"{{{content['name']}}} directive")
        elif kind == "text":
            found += [m.group(0).strip() for m in SPHINX_ONLY.finditer("\n".join(content))]
    return found


# --- the student edition: the book's labels and figures --------------------------------


def _markdown_sources(path: Path) -> list[tuple[str, dict | None]]:
    """(source, code cell or None) in order: a .md page is one Markdown source."""
    if path.suffix == ".md":
        return [(path.read_text(encoding="utf-8"), None)]
    return [(text(c), None if c.get("cell_type") == "markdown" else c) for c in read(path)["cells"]]


def index_book(book: Book) -> tuple[dict[str, Target], dict[str, str], dict[str, Target]]:
    """Every label and figure of the book (label -> Target), the page titles, the glossary terms.

    Figures are numbered as Sphinx numbers them: chapter number, then the
    count of captioned, named figures within the chapter, in cell order.
    """
    targets: dict[str, Target] = {}
    titles: dict[str, str] = {}
    terms: dict[str, Target] = {}
    for docname, path in book.pages.items():
        count = 0
        pending: list[str] = []
        for source, code in _markdown_sources(path):
            if code is not None:
                figure = (code.get("metadata", {}).get("mystnb") or {}).get("figure") or {}
                if figure.get("caption") and figure.get("name"):
                    count += 1
                    number = (book.numbers[docname], count) if docname in book.numbers else None
                    targets[figure["name"]] = Target(
                        docname, make_id(figure["name"]), figure["caption"], number
                    )
                continue
            for kind, content in split_blocks(source):
                if kind == "directive" and content["name"] == "glossary":
                    for line in content["body"].split("\n"):
                        if line.strip() and not line.startswith((" ", "\t")):
                            terms[line.strip().lower()] = Target(
                                docname, "term-" + make_id(line.strip()), line.strip()
                            )
                if kind != "text":
                    continue
                for line in content:
                    if label := LABEL.match(line):
                        pending.append(label["label"])
                    elif heading := HEADING.match(line):
                        if heading["level"] == "#" and docname not in titles:
                            titles[docname] = heading["text"]
                        for name in pending:
                            targets[name] = Target(docname, make_id(name), heading["text"])
                        pending = []
                    elif line.strip():
                        for name in pending:
                            targets[name] = Target(docname, make_id(name), "")
                        pending = []
    return targets, titles, terms


# --- the student edition: cells --------------------------------------------------------


def is_check(cell: dict) -> bool:
    return (title(cell) or "").startswith("Check")


def is_exercise_loader(cell: dict) -> bool:
    return (title(cell) or "").startswith("Load the exercise")


def kept_by_the_edition(cell: dict) -> bool:
    """Whether a student's notebook keeps the cell (before any dependency is considered).

    The site removes ``remove-cell`` cells; so does the edition, except the
    Colab cell, the checks, the exercise loader and the exercise cells.
    """
    if "remove-cell" not in tags(cell):
        return True
    return cell.get("cell_type") == "code" and (
        is_colab_cell(cell)
        or is_check(cell)
        or is_exercise_loader(cell)
        or role(cell) in OPEN_ROLES
    )


def _names(source: str) -> tuple[set[str], set[str]]:
    """(names a cell binds, names it reads from before it); empty if it is not plain Python.

    Loop and comprehension variables and parameters are the cell's own: they
    count as bound, not as read.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set(), set()
    bound, read_, own = set(), set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, (ast.Store, ast.Del)) else read_).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.arg):
            own.add(node.arg)
        if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            own |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
    return bound | own, read_ - own


def cells_to_keep(cells: list[dict]) -> list[bool]:
    """Which cells the edition keeps: :func:`kept_by_the_edition`, plus every removed code
    cell that binds a name a later kept cell reads (dropping it would break "Run all")."""
    keep = [kept_by_the_edition(c) for c in cells]
    names = [_names(text(c)) if c.get("cell_type") == "code" else (set(), set()) for c in cells]
    read_later: set[str] = set()
    for index in reversed(range(len(cells))):
        bound, reads = names[index]
        if not keep[index] and cells[index].get("cell_type") == "code":
            keep[index] = bool(bound & read_later)
        if keep[index]:
            read_later |= reads
    return keep


def student_code_cell(cell: dict, book: Book, commit: str, lang: str = "en") -> dict:
    """A code cell of the edition: pinned if it is the Colab cell, folded as marked, no outputs.

    In a translated edition the set-up cell sets the helpers' language, so
    that the exercises' checks and hints answer in it.
    """
    if lang != "en" and SETUP_LINES[1] in text(cell):
        cell = with_source(
            cell, text(cell).replace(SETUP_LINES[1], f'setup_chapter(MODE, language="{lang}")')
        )
    if is_colab_cell(cell):
        return strip(
            {**cell, "source": lines(colab_source(book.repo_url, commit, pinned=True))}
            | {"metadata": copy.deepcopy(COLAB_METADATA)}
        )
    if role(cell) in OPEN_ROLES:
        return strip(unfold(cell))
    if is_mode_cell(cell):
        return strip(cell)
    if "remove-cell" in tags(cell) and title(cell) is None:
        raise NotebookError(
            f"a removed cell the edition keeps has no '# @title' line: {text(cell)[:80]!r}"
        )
    return strip(fold_as_marked(cell))


def catalogue_of(root: Path, docname: str, lang: str) -> dict[str, str]:
    """A page's translations in ``lang`` (msgid -> msgstr; none for English).

    Only finished entries count: an empty or fuzzy one leaves its English,
    and ``tests/test_i18n.py`` fails the build of such a catalogue anyway.
    """
    if lang == "en":
        return {}
    if lang not in LANGUAGES:
        raise NotebookError(f"no {lang!r} edition: the book has {', '.join(LANGUAGES)}")
    path = Path(root) / LOCALES / lang / "LC_MESSAGES" / f"{docname}.po"
    if not path.exists():
        raise NotebookError(
            f"no {lang} catalogue for {docname} ({path}): write it with "
            "`make catalogues`, then translate it (CONTRIBUTING.md)"
        )
    import polib

    return {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(path))
        if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
    }


#: where a message of a Markdown cell may be broken across lines: a space, or a
#: line break followed by the indentation or quote marks of the block it is in
_MESSAGE_SPACE = r"(?:[ \t]+|[ \t]*\n[ \t>]*)"
#: what may stand between a line's start and a message: quote marks, a list
#: marker, a heading's hashes; or a table's pipe; or a directive's name (its title)
_BEFORE_MESSAGE = re.compile(
    r"[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?(?:#{1,6}[ \t]+)?|.*\|[ \t]*|.*\{[\w:.-]+\}[ \t]*"
)


def titled(cell: dict, targets: dict, lang: str) -> dict:
    """A folded cell's title as the edition shows it: a figure's cell names its number
    ("Draw figure 4.2: ..."), and a translated edition translates the book's titles."""
    shown = title(cell)
    if shown is None:
        return cell
    figure = (cell.get("metadata", {}).get("mystnb") or {}).get("figure") or {}
    target = targets.get(figure.get("name", ""))
    new = shown
    if target is not None and target.figure and new.startswith("Draw figure:"):
        new = f"Draw figure {'.'.join(map(str, target.figure))}:" + new[len("Draw figure:") :]
    if lang != "en":
        from tools.i18n import LANGUAGES

        for english, translated in LANGUAGES[lang]["cell_titles"].items():
            if new.startswith(english):
                rest = new[len(english) :]
                if english == "Solution to exercise":
                    new = translated.replace("练习", f"练习{rest.strip()}", 1)
                else:
                    head, colon, tail = rest.partition(":")
                    new = translated + head + ("：" + tail.strip() if colon else "")
                break
    if new == shown:
        return cell
    first, _, rest = text(cell).partition("\n")
    options = re.search(r"\s*\{.*\}\s*$", first)
    return with_source(
        cell, f"{TITLE}{new}{options.group(0) if options else ''}" + ("\n" + rest if rest else "")
    )


def translate(source: str, lang: str, messages: dict[str, str] | None = None) -> str:
    """A Markdown cell in ``lang``: each message of the page's catalogue put in its place.

    Sphinx's messages are the cell's blocks (a paragraph, a heading, a list
    item, a table cell, an admonition's title) with their line breaks made
    spaces; each is replaced where it stands as a whole block, longest first.
    English is the source and is returned as it is.
    """
    if lang == "en" or not messages:
        return source
    for msgid, msgstr in sorted(messages.items(), key=lambda item: -len(item[0])):
        first = msgid.split(" ", 1)[0]
        if first not in source:
            continue
        pattern = re.compile(_MESSAGE_SPACE.join(re.escape(word) for word in msgid.split(" ")))
        pieces, position = [], 0
        for match in pattern.finditer(source):
            line_start = source.rfind("\n", 0, match.start()) + 1
            line_end = source.find("\n", match.end())
            after = source[match.end() : len(source) if line_end < 0 else line_end]
            whole = _BEFORE_MESSAGE.fullmatch(source[line_start : match.start()]) and (
                not after.strip() or after.lstrip().startswith("|")
            )
            if whole and match.start() >= position:
                pieces += [source[position : match.start()], msgstr]
                position = match.end()
        if pieces:
            source = "".join(pieces) + source[position:]
    return source


def translated_titles(book: Book, lang: str) -> dict[str, str]:
    """Every page's translations in ``lang``, for the titles references show."""
    found: dict[str, str] = {}
    for docname in book.pages:
        try:
            found.update(catalogue_of(book.root, docname, lang))
        except NotebookError:
            continue
    return found


def book_in(book: Book, lang: str) -> Book:
    """The book as the edition in ``lang`` links it: its pages, and how it numbers figures."""
    if lang == "en":
        return book
    return dataclasses.replace(
        book, site_url=f"{book.site_url}{lang}/", numfig_format=EDITION_WORDS[lang]["numfig"]
    )


# --- the student edition: notes, notebooks, the whole book -----------------------------


def _date(info: dict) -> str:
    day = _dt.date.fromisoformat(str(info["date"])[:10])
    return f"{day.day} {day:%B %Y}"


def versions_text(info: dict) -> str:
    versions = info.get("versions") or {}
    shown = [f"Python {info['python']}"] if info.get("python") else []
    names = {"tensorflow": "TensorFlow", "tensorflow-cpu": "TensorFlow", "keras": "Keras"}
    names["numpy"] = "NumPy"
    seen = set()
    for package in NOTED_PACKAGES:
        if versions.get(package) not in (None, "-") and names[package] not in seen:
            shown.append(f"{names[package]} {versions[package]}")
            seen.add(names[package])
    return ", ".join(shown)


#: what the edition writes itself, in the languages other than English
EDITION_WORDS = {
    "zh_CN": {
        "numfig": "图 %s",
        "mode": {"full": "完整模式", "quick": "快速模式"},
        "note": (
            "> **正文中的数字。** 它们来自本书自己的一次运行（{mode}，{date}；{versions}），"
            "与[网页版]({page_url})相同。你运行这个笔记本时，得到的数字会略有不同："
            "换一台计算机、使用 GPU 或其他版本，数字相加的顺序就会不同；快速模式只用一部分"
            "数据训练；Colab 用 Keras 下载数据集，而不用本书自带的副本。如果你的运行结果"
            "与正文某句话不符，其下方折叠的检查单元会打印一条说明，笔记本继续运行。"
        ),
    },
}


def note_source(info: dict, page_url: str, lang: str = "en") -> str:
    """The note under the title: where the numbers in the text come from."""
    if lang in EDITION_WORDS:
        words = EDITION_WORDS[lang]
        day = _dt.date.fromisoformat(str(info["date"])[:10])
        return words["note"].format(
            mode=words["mode"].get(info["mode"], info["mode"]),
            date=f"{day.year} 年 {day.month} 月 {day.day} 日",
            versions=versions_text(info),
            page_url=page_url,
        )
    return (
        "> **The numbers in the text.** They come from the book's own run "
        f"({info['mode']} mode, {_date(info)}; {versions_text(info)}), as on "
        f"[the published page]({page_url}). When you run this notebook your numbers "
        "will differ a little: another computer, a GPU or other versions add numbers up "
        "in another order, quick mode trains on less data, and Colab downloads the data "
        "sets with Keras instead of using the book's copy. When your run does not bear out "
        "a sentence of the text, the folded check under it prints a note and the notebook "
        "goes on."
    )


def note_cell(info: dict, page_url: str, lang: str = "en") -> dict:
    return {
        "cell_type": "markdown",
        "id": "edition-note",
        "metadata": {},
        "source": lines(note_source(info, page_url, lang)),
    }


def edition_notebook(
    nb: dict,
    docname: str,
    *,
    book: Book,
    values: dict[str, str],
    info: dict,
    commit: str,
    index: tuple | None = None,
    lang: str = "en",
    placeholder: str | None = None,
) -> dict:
    """The student edition of one chapter notebook (a new dict; the source is not touched).

    ``placeholder`` stands for glued values that are not recorded (the Colab
    lane runs the code and need not wait for ``make results``); by default a
    missing value is an error.
    """
    targets, titles, terms = index if index is not None else index_book(book)
    messages = catalogue_of(book.root, docname, lang)
    book = book_in(book, lang)
    ctx = Context(book, docname, values, targets, titles, commit, terms)
    ctx.placeholder = placeholder
    ctx.lang = lang
    ctx.translated = translated_titles(book, lang) if lang != "en" else {}
    out = copy.deepcopy(nb)
    out["metadata"] = canonical_metadata(out.get("metadata", {}))
    out["metadata"]["colab"] = {"name": Path(docname).name + ".ipynb", "provenance": []}
    cells = []
    for cell, keep in zip(out["cells"], cells_to_keep(out["cells"]), strict=True):
        if not keep:
            continue
        ctx.where = f", {describe(out, cell)}"
        if cell.get("cell_type") == "markdown":
            source = markdown_for_jupyter(translate(text(cell), lang, messages), ctx)
            if lang != "en":
                from tools.i18n import translate_raw_html

                source = translate_raw_html(source, lang)
            if source.strip():
                cells.append(strip(with_source(cell, source)))
        elif cell.get("cell_type") == "code":
            try:
                cells.append(titled(student_code_cell(cell, book, commit, lang), targets, lang))
            except NotebookError as exc:
                raise ctx.fail(str(exc)) from None
        else:
            cells.append(strip(cell))
    if cells and cells[0].get("cell_type") == "markdown":
        cells.insert(1, note_cell(info, book.page_url(docname), lang))
    out["cells"] = cells
    return out


def source_commit(root: Path = ROOT) -> str:
    """The commit the edition is made from: ``git rev-parse HEAD`` (or $GITHUB_SHA)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
        commit = done.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = os.environ.get("GITHUB_SHA", "")
    if not re.fullmatch(r"[0-9a-f]{40}", commit):
        raise NotebookError("cannot tell the source's commit (git rev-parse HEAD failed)")
    return commit


def uncommitted(root: Path = ROOT) -> list[str]:
    """Files under chapters/ and helpers/ that differ from HEAD (the pin would not hold them)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "chapters", "helpers"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return []
    return [line[3:] for line in done.stdout.splitlines() if line.strip()]


BRANCH_README = """\
# The student edition of "{title}"

This branch is generated: do not edit it. The GitHub workflow writes it from
the book's source (`{source_ref}` branch, commit {commit}) with
`python -m tools.notebooks edition` on every push to `{source_ref}`.

Each notebook in `chapters/` is a chapter as a student opens it in Colab or
Jupyter: the numbers written into the text ({mode} mode, {date}), the
book's plumbing folded away, the exercises open, and the book's helpers
installed at commit {commit} when it runs in Colab. The book itself is at
{site_url}.
"""


def binder_requirements(root: Path, book: Book, commit: str) -> str:
    """requirements.txt of the edition branch (Binder's launch button): the helpers pinned."""
    lines_ = []
    for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.strip().startswith(("-e .", "jupyter-book", "nbval")):
            continue
        lines_.append(line)
    lines_.append(f"nn-keras-book-helpers @ git+{book.repo_url}@{commit}")
    return "\n".join(lines_) + "\n"


def write_edition(
    out: Path,
    *,
    book: Book,
    values: dict[str, str],
    info: dict,
    commit: str,
    lang: str = "en",
    branch_files: bool = True,
    docnames: list[str] | None = None,
    allow_missing: bool = False,
) -> list[Path]:
    """Write the edition of every chapter (or of ``docnames``) under ``out`` at its source path.

    Every glue key the text cites needs a value; with ``allow_missing`` the
    keys without one are listed on stderr and shown as :data:`NOT_RECORDED`.
    """
    index = index_book(book)
    docnames = docnames if docnames is not None else book.notebooks
    missing = {
        key: docname
        for docname in docnames
        for key in cited_glue_keys(read(book.pages[docname]))
        if key not in values
    }
    if missing and allow_missing:
        print(
            f"warning: no recorded value for {', '.join(sorted(missing))}: "
            f"the text shows {NOT_RECORDED!r}",
            file=sys.stderr,
        )
    elif missing:
        raise NotebookError(
            f"no glued value for {len(missing)} key(s) the text cites: "
            + ", ".join(f"{key} ({Path(doc).name})" for key, doc in sorted(missing.items()))
            + ". Build the book and record its values (make book; make results)."
        )
    written = []
    for docname in docnames:
        nb = read(book.pages[docname])
        edition = edition_notebook(
            nb,
            docname,
            book=book,
            values=values,
            info=info,
            commit=commit,
            index=index,
            lang=lang,
            placeholder=NOT_RECORDED if allow_missing else None,
        )
        path = Path(out) / f"{docname}.ipynb"
        write(edition, path)
        written.append(path)
    if branch_files:
        title_ = read_config(book.root).get("title", "the book")
        readme = BRANCH_README.format(
            title=title_,
            source_ref=SOURCE_REF,
            commit=commit,
            mode=info["mode"],
            date=_date(info),
            site_url=book.site_url,
        )
        (Path(out) / "README.md").write_text(readme, encoding="utf-8")
        requirements = binder_requirements(book.root, book, commit)
        (Path(out) / "requirements.txt").write_text(requirements, encoding="utf-8")
    return written


# --- build info ------------------------------------------------------------------------


def package_versions() -> dict[str, str]:
    import importlib.metadata

    found = {}
    for package in NOTED_PACKAGES:
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            continue
    return found


def build_info(date: _dt.date | _dt.datetime, quick: bool) -> dict:
    """The date, mode and versions of a build (run in the environment that executed it)."""
    return {
        "about": "The book's last run: the date, mode and versions of the numbers in "
        "results/glued.json and of the student edition's note (python -m tools.notebooks).",
        "date": date.strftime("%Y-%m-%d"),
        "mode": "quick" if quick else "full",
        "python": platform.python_version(),
        "versions": package_versions(),
    }


def read_info(path: Path) -> dict:
    try:
        info = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise NotebookError(f"{path}: no build information ({exc})") from exc
    missing = {"date", "mode", "python", "versions"} - set(info)
    if missing:
        raise NotebookError(f"{path}: no {', '.join(sorted(missing))}")
    return info


# --- command line ----------------------------------------------------------------------


def _normalise_main(args) -> int:
    book_root = Path(args.root)
    repo_url = repository_url(read_config(book_root))
    paths = [Path(p) for p in args.notebooks] or toc_notebooks(book_root / "_toc.yml", book_root)
    status = 0
    for path in paths:
        try:
            differences, problems = normalise_file(path, repo_url, check=args.check)
        except NotebookError as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            status = 1
            continue
        for difference in differences:
            verb = "differs" if args.check else "normalised"
            print(f"{path}: {verb}: {difference}")
        for problem in problems:
            print(f"{path}: cannot fix: {problem}")
        if problems or (differences and args.check):
            status = 1
    if status and args.check:
        print(
            "run `python -m tools.notebooks normalise` to write the normal form; "
            "'cannot fix' lines need your hand",
            file=sys.stderr,
        )
    return status


def _edition_main(args) -> int:
    book = load_book(Path(args.root), args.site_url)
    if args.from_build:
        values = values_from_build(Path(args.from_build))
        info = read_info(Path(args.from_build) / BUILD_INFO_NAME)
    else:
        values = values_from_record(book.root / RECORD)
        info = read_info(book.root / BUILD_INFO)
    commit = source_commit(book.root)
    dirty = uncommitted(book.root)
    if dirty:
        print(
            f"warning: {', '.join(dirty)} differ from commit {commit[:12]}, which the "
            "edition's Colab cell installs",
            file=sys.stderr,
        )
    for lang in LANGUAGES if args.lang == "all" else [args.lang]:
        out = edition_folder(Path(args.out), lang)
        written = write_edition(
            out,
            book=book,
            values=values,
            info=info,
            commit=commit,
            lang=lang,
            branch_files=lang == "en",
            allow_missing=args.allow_missing,
        )
        print(f"student edition ({lang}) of {len(written)} chapters in {out}")
    return 0


def edition_folder(out: Path, lang: str) -> Path:
    """Where the edition in ``lang`` goes: ``out`` for English, ``out/<lang>`` for the others
    (the branch the GitHub workflow publishes has the same layout)."""
    return out if lang == "en" else out / lang


def _build_info_main(args) -> int:
    source = Path(args.from_build) / BUILD_INFO_NAME
    info = read_info(source)
    target = Path(args.root) / BUILD_INFO
    target.write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{target}: {info['mode']} mode, {info['date']}, {versions_text(info)}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.notebooks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--root", default=str(ROOT), help="the book's top folder")
    commands = parser.add_subparsers(dest="command", required=True)
    normalise = commands.add_parser(
        "normalise", help="write (or --check) the notebooks' normal form"
    )
    normalise.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 on any difference"
    )
    normalise.add_argument("notebooks", nargs="*", help="default: every notebook of _toc.yml")
    edition = commands.add_parser("edition", help="write the student edition of every chapter")
    edition.add_argument("--out", default=str(DEFAULT_OUT), help=f"default: {DEFAULT_OUT}")
    edition.add_argument(
        "--lang", default="all", choices=[*LANGUAGES, "all"], help="default: every language"
    )
    edition.add_argument(
        "--from-build",
        metavar="DIR",
        help="take the values from this build folder (e.g. _build) instead of results/",
    )
    edition.add_argument("--site-url", help="the published book (default: from _config.yml)")
    edition.add_argument(
        "--allow-missing",
        action="store_true",
        help=f"write {NOT_RECORDED!r} for glued values not recorded yet (the Colab lane)",
    )
    info = commands.add_parser(
        "build-info", help=f"record the last build's date/mode/versions in {BUILD_INFO}"
    )
    info.add_argument("--from-build", default="_build", metavar="DIR")
    args = parser.parse_args(argv)
    try:
        return {
            "normalise": _normalise_main,
            "edition": _edition_main,
            "build-info": _build_info_main,
        }[args.command](args)
    except NotebookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
