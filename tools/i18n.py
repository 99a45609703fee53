"""The book in other languages: gettext catalogues, their checks and the translated site.

The English chapters are the only source. What a reader reads is translated
through gettext catalogues, the standard Sphinx route (sphinx-intl); MyST-NB
translates the notebooks' Markdown cells with them.

- ``locales/<language>/LC_MESSAGES/<page>.po``: the book's pages, one
  catalogue a page. ``python -m tools.i18n extract`` writes the templates
  (``_build/gettext/*.pot``) with Sphinx's gettext builder from the cached
  runs (so figure captions and alt texts are in them), and ``sphinx-intl
  update -p _build/gettext -l zh_CN -d locales`` merges them into the
  catalogues: a changed English paragraph comes back untranslated or fuzzy.
- ``helpers/locales/<language>/LC_MESSAGES/<module>.po``: what the helpers
  tell a student (the exercises' verdicts and hints, :func:`helpers.i18n.tr`).
  ``python -m tools.i18n helpers`` brings them up to date with the code.
- ``python -m tools.i18n check``: every catalogue complete (no entry missing,
  empty or fuzzy) and every translation keeps its source's glue roles, inline
  code, links and maths; ``tests/test_i18n.py`` runs the same checks.
- ``python -m tools.i18n build --language zh_CN``: the translated site into
  ``_build/html/zh_CN/``, rendered from the English build's executed
  notebooks (no notebook runs twice); ``make book`` runs it after the English
  build.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
#: the book's catalogues, as _config.yml's locale_dirs names them
LOCALES = ROOT / "locales"
#: the helpers' catalogues (package data of the helpers)
HELPER_LOCALES = ROOT / "helpers" / "locales"
#: the languages the book is translated into, with what their pages need
LANGUAGES = {
    "zh_CN": {
        "html_lang": "zh-CN",
        "name": "中文",
        "search": "zh",
        # raw HTML of the chapters, which gettext does not see (the "Why" of a
        # solution is a <details> block)
        "raw_html": {"<summary>Why</summary>": "<summary>为什么</summary>"},
        # Sphinx settings of the language's site: the book's title, and the
        # labels of the folded cells' toggles (myst-nb's, in English by default)
        "sphinx": {
            "html_title": "用Keras一步步学神经网络",
            "nb_code_prompt_show": "显示代码单元格",
            "nb_code_prompt_hide": "隐藏代码单元格",
        },
        # the titles of the student edition's folded cells, by their English start
        "cell_titles": {
            "Colab only: install the book's helpers": "仅在Colab中：安装本书的辅助模块",
            "Set up the book: mode, versions and the book's own tools": (
                "准备本书：模式、版本和本书自己的工具"
            ),
            "Check the claims above": "核对上文的论断",
            "Check the claim above": "核对上文的论断",
            "Load the exercise checks": "载入练习的检查",
            "Solution to exercise": "练习的参考答案",
            "Draw figure": "画图",
        },
    },
}


def translate_raw_html(text: str, language: str) -> str:
    """The chapters' raw HTML (a solution's "Why") in ``language``."""
    for english, translated in LANGUAGES.get(language, {}).get("raw_html", {}).items():
        text = text.replace(english, translated)
    return text


SOURCE_NAME = "English"
#: the gettext templates Sphinx writes
POT_FOLDER = "gettext"


# --- what a translation must keep -------------------------------------------------

#: MyST roles ({glue:text}`key:.1%`, {numref}`fig-...`, {doc}`...`), inline code,
#: links' targets, maths and substitutions, each as written
KEPT = {
    "role": re.compile(r"\{[\w:-]+\}`[^`]*`"),
    "inline code": re.compile(r"(?<![`}])(`+)(?!`)(.+?)(?<!`)\1(?!`)"),
    "link target": re.compile(r"\]\(([^)\s]+)\)|<(https?://[^>\s]+)>"),
    "maths": re.compile(r"(?<![\\$])\$(?!\s)[^$]+?(?<!\s)\$(?!\d)"),
    "substitution": re.compile(r"\{\{[^}]+\}\}"),
}


#: a role's explicit title: {ref}`the title <label>`
_EXPLICIT_TITLE = re.compile(r"^(\{[\w:-]+\}`)(.*?)\s*(<[^<>]+>)`$", re.S)


def _kept_role(role: str) -> str:
    """What of a role a translation keeps: all of it, but an explicit title is translated."""
    match = _EXPLICIT_TITLE.match(role)
    return f"{match[1]}{match[3]}`" if match else role


def kept_parts(text: str) -> dict[str, list[str]]:
    """The parts of a message a translation must keep unchanged, by kind, sorted.

    A role is kept whole, except the title of a reference that gives one
    ({ref}`the title <label>`): the title is prose, the label is kept.
    """
    found = {}
    rest = text
    for kind, pattern in KEPT.items():
        matches = [m.group(0) for m in pattern.finditer(rest)]
        if kind == "role":
            matches = [_kept_role(m) for m in matches]
        found[kind] = sorted(matches)
        # a role's backticks are not inline code
        if kind == "role":
            rest = pattern.sub(" ", rest)
    return found


def lost_parts(source: str, translation: str) -> list[str]:
    """What ``translation`` changed of what it must keep ([] if nothing)."""
    problems = []
    want, have = kept_parts(source), kept_parts(translation)
    for kind in KEPT:
        if want[kind] != have[kind]:
            missing = [p for p in want[kind] if p not in have[kind]]
            extra = [p for p in have[kind] if p not in want[kind]]
            detail = []
            if missing:
                detail.append(f"missing {missing}")
            if extra:
                detail.append(f"added {extra}")
            if not detail:
                detail.append(f"{len(want[kind])} in the source, {len(have[kind])} translated")
            problems.append(f"{kind}: " + "; ".join(detail))
    return problems


def markup(text: str) -> dict[str, int]:
    """How many bold, italic, code and link elements the text renders to (CommonMark).

    A translation must render the same: CommonMark does not close ``**`` after
    a Chinese full stop that a Chinese character follows ("**要点。**然后"),
    and the reader would see the asterisks.
    """
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").renderInline(text)
    counts = {
        tag: html.count(f"<{tag}>") + html.count(f"<{tag} ")
        for tag in ("strong", "em", "code", "a")
    }
    counts["stray **"] = len(re.findall(r"\*\*", re.sub(r"<code>.*?</code>", "", html)))
    return counts


def markup_problems(source: str, translation: str) -> list[str]:
    """Where ``translation`` renders other emphasis, code or links than ``source``."""
    want, have = markup(source), markup(translation)
    return [
        f"markup: {tag} {want[tag]} in the source, {have[tag]} in the translation"
        for tag in want
        if want[tag] != have[tag]
    ]


# --- the glossary's terms -----------------------------------------------------------

GLOSSARY = ROOT / "chapters" / "glossary.md"


def glossary_terms() -> dict[str, set[str]]:
    """English term -> the Chinese the glossary gives for it (bold, and any "also" form).

    A term whose entry says Chinese texts keep the English word accepts the
    word itself too; a term with no Chinese at all is left out.
    """
    text = GLOSSARY.read_text(encoding="utf-8")
    body = text.split(":::{glossary}", 1)[1].split(":::", 1)[0]
    terms: dict[str, set[str]] = {}
    heads: list[str] = []
    definition: list[str] = []

    def close():
        if heads and definition:
            words = " ".join(definition)
            chinese = set(re.findall(r"\*\*([^*]*[\u4e00-\u9fff][^*]*)\*\*", words))
            chinese |= set(re.findall(r"(?:[Aa]lso|sometimes) ([\u4e00-\u9fff]+)", words))
            if re.search(r"keep", words):
                chinese |= set(heads)
            if chinese:
                for head in heads:
                    terms[head] = chinese

    for line in body.splitlines():
        if not line.strip() or line.startswith(":"):
            continue
        if line.startswith((" ", "\t")):
            definition.append(line.strip())
        else:
            if definition:
                close()
                heads, definition = [], []
            heads.append(line.strip())
    close()
    return terms


def search_dictionary(folder: Path) -> Path:
    """A jieba dictionary of the glossary's Chinese terms, written into ``folder``.

    Sphinx's Chinese search splits the pages into words with jieba, but the
    search box looks a query up whole: without the book's terms in jieba's
    dictionary, "激活函数" is indexed as "激活" and "函数" and found nowhere.
    """
    words = sorted(
        {
            w.replace(" ", "")
            for forms in glossary_terms().values()
            for w in forms
            if re.search(r"[\u4e00-\u9fff]", w)
        }
    )
    path = Path(folder) / "search_dictionary.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{word} 100000\n" for word in words), encoding="utf-8")
    return path


# --- the helpers' templates --------------------------------------------------------

#: a template's named fields, as str.format reads them
FIELD = re.compile(r"(?<!\{)\{(\w+)(?:[!:][^{}]*)?\}(?!\})")


def fields_of(template: str) -> list[str]:
    """The named fields of a :func:`helpers.i18n.tr` template, sorted."""
    return sorted(FIELD.findall(template))


def helper_templates(path: Path) -> list[tuple[str, int]]:
    """Every ``tr("...")`` and ``N_("...")`` template in a helper module, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("tr", "N_")
            and node.args
        ):
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((first.value, node.lineno))
            elif isinstance(first, (ast.JoinedStr, ast.BinOp)) or node.func.id == "N_":
                raise ValueError(
                    f"{path}:{node.lineno}: {node.func.id}() needs one literal template "
                    "(the catalogue is read from the code), not an f-string or expression"
                )
            # tr(name): the translation of a template marked with N_ elsewhere
    return sorted(found, key=lambda item: item[1])


def helper_modules() -> list[Path]:
    """The helper modules whose messages are translated (those that call tr)."""
    return sorted(
        path
        for path in (ROOT / "helpers").rglob("*.py")
        if path.name != "i18n.py" and re.search(r"\b(tr|N_)\(", path.read_text(encoding="utf-8"))
    )


def update_helper_catalogues(languages: Iterable[str] = LANGUAGES) -> list[Path]:
    """Merge the templates in the code into each helper catalogue (new ones empty).

    Templates no longer in the code are dropped; changed ones come back
    untranslated. Returns the catalogues written.
    """
    import polib

    from helpers.i18n import module_catalogue

    written = []
    for language in languages:
        for module in helper_modules():
            path = module_catalogue(module, language)
            old = polib.pofile(str(path)) if path.exists() else polib.POFile()
            translated = {e.msgid: e for e in old if not e.obsolete}
            new = polib.POFile(wrapwidth=0)
            new.metadata = {
                "Project-Id-Version": "nn-keras-book helpers",
                "Language": language,
                "MIME-Version": "1.0",
                "Content-Type": "text/plain; charset=UTF-8",
                "Content-Transfer-Encoding": "8bit",
            }
            seen = set()
            for template, line in helper_templates(module):
                if template in seen:
                    continue
                seen.add(template)
                before = translated.get(template)
                entry = polib.POEntry(
                    msgid=template,
                    msgstr=before.msgstr if before else "",
                    occurrences=[(module.relative_to(ROOT).as_posix(), str(line))],
                    flags=list(before.flags) if before else [],
                )
                if fields_of(template):
                    entry.flags = sorted({*entry.flags, "python-brace-format"})
                new.append(entry)
            path.parent.mkdir(parents=True, exist_ok=True)
            new.save(str(path))
            written.append(path)
    return written


# --- checking catalogues -------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a catalogue entry."""

    catalogue: str
    msgid: str
    what: str

    def __str__(self) -> str:
        shown = self.msgid if len(self.msgid) < 90 else self.msgid[:87] + "..."
        return f"{self.catalogue}: {self.what}: {shown!r}"


def catalogue_problems(path: Path, *, templates: bool = False) -> list[Problem]:
    """Entries of a .po file that are missing a translation, fuzzy, or lose what they must keep.

    ``templates``: the catalogue holds :func:`helpers.i18n.tr` templates, whose
    named fields must also survive.
    """
    import polib

    name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    problems = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        if not entry.msgstr.strip():
            problems.append(Problem(name, entry.msgid, "not translated"))
            continue
        if "fuzzy" in entry.flags:
            problems.append(Problem(name, entry.msgid, "fuzzy (the English changed)"))
        if templates:
            # plain text printed to a student, not Markdown: "`{loss}`" is no
            # MyST role and "__init__" no bold; code spans and fields must stay
            lost = [p for p in lost_parts(entry.msgid, entry.msgstr) if p.startswith("inline")]
        else:
            lost = lost_parts(entry.msgid, entry.msgstr) + markup_problems(
                entry.msgid, entry.msgstr
            )
        for problem in lost:
            problems.append(Problem(name, entry.msgid, problem))
        if templates and fields_of(entry.msgid) != fields_of(entry.msgstr):
            problems.append(
                Problem(
                    name,
                    entry.msgid,
                    f"fields {fields_of(entry.msgid)} translated as {fields_of(entry.msgstr)}",
                )
            )
    return problems


def book_catalogues(language: str) -> list[Path]:
    """The book's page catalogues of ``language``."""
    return sorted((LOCALES / language / "LC_MESSAGES").rglob("*.po"))


def helper_catalogues(language: str) -> list[Path]:
    """The helpers' catalogues of ``language``."""
    return sorted((HELPER_LOCALES / language / "LC_MESSAGES").glob("*.po"))


def all_problems(language: str) -> list[Problem]:
    """Every problem of every catalogue of ``language`` (the book's and the helpers')."""
    problems = []
    for path in book_catalogues(language):
        problems += catalogue_problems(path)
    for path in helper_catalogues(language):
        problems += catalogue_problems(path, templates=True)
    return problems


# --- Sphinx: the templates and the translated site ---------------------------------


def _book_overrides(path_output: Path, toc: str | None) -> dict:
    """What jupyter-book's command line passes Sphinx for a build of the whole book."""
    from tools.build_cache import cache_dir_of

    return {
        "external_toc_path": str(Path(toc).resolve() if toc else ROOT / "_toc.yml"),
        "latex_individualpages": False,
        # the English build's cached runs: no notebook runs again
        "nb_execution_cache_path": str(cache_dir_of(path_output.resolve())),
    }


def _sphinx(
    path_output: Path,
    outdir: Path,
    doctrees: Path,
    builder: str,
    overrides: dict,
    toc: str | None,
    strict: bool,
) -> int:
    from jupyter_book.sphinx import build_sphinx

    result = build_sphinx(
        ROOT,
        outdir,
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides={**_book_overrides(path_output, toc), **overrides},
        doctreedir=doctrees,
        builder=builder,
        warningiserror=strict,
        keep_going=strict,
    )
    if isinstance(result, Exception):
        print(f"[i18n] the {builder} build failed: {result}", file=sys.stderr)
        return 1
    return int(result or 0)


def site_folder(path_output: Path, language: str) -> Path:
    """Where the site of ``language`` is published: in the English site, ``html/<language>/``."""
    return path_output / "_build" / "html" / language


def build_folder(path_output: Path, language: str) -> Path:
    """Where Sphinx builds the site of ``language``: ``_build/<language>/``, with its own
    doctrees and executed notebooks (myst-nb writes those beside the output folder)."""
    return path_output / "_build" / language


def build_language(
    language: str, path_output: Path = ROOT, toc: str | None = None, cache: Path | None = None
) -> int:
    """Render the site in ``language`` from the English build's cached runs (0 on success).

    ``cache``: read the runs from another build's execution cache, current or
    not, and run nothing (a preview of the translation while the English
    build is elsewhere; ``make book`` never passes it).
    """
    if language not in LANGUAGES:
        raise SystemExit(f"unknown language {language!r}; the book has {sorted(LANGUAGES)}")
    build = build_folder(path_output, language)
    code = _sphinx(
        path_output,
        build / "html",
        build / ".doctrees",
        "html",
        {
            "language": language,
            # Sphinx's search for the language (zh: words split with jieba);
            # jupyter-book's defaults name English otherwise
            "html_search_language": LANGUAGES[language]["search"],
            "html_search_options": {"dict": str(search_dictionary(build))},
            # myst-nb's toggles of folded cells
            **LANGUAGES[language].get("sphinx", {}),
            "nitpicky": True,
            **(
                {"nb_execution_cache_path": str(Path(cache).resolve()), "nnbook_cache_evict": False}
                if cache
                else {}
            ),
        },
        toc,
        strict=True,
    )
    if code == 0:  # published inside the English site, replacing the last one
        import shutil

        target = site_folder(path_output, language)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(build / "html", target)
    return code


def extract(
    path_output: Path = ROOT,
    toc: str | None = None,
    cache: Path | None = None,
    without_runs: bool = False,
) -> int:
    """Write the book's gettext templates into ``_build/gettext`` (0 on success).

    The figures' captions and alt texts are in the notebooks' outputs, so the
    templates are read from cached runs: those of ``path_output``'s build, or
    ``cache`` (another build's execution cache). A run need not be current
    for its text, and nothing runs. Without a run of every notebook this
    fails (``sphinx-intl update`` would drop the captions' translations),
    unless ``without_runs``: then the templates hold the Markdown alone
    (tests/test_i18n.py compares those with the catalogues). Messages that
    only a run writes (a table a cell prints as Markdown, an image's file
    name) are left out: they are output, which the translated pages keep as
    it is.
    """
    from tools.build_cache import cache_dir_of

    build = path_output / "_build"
    pot = build / POT_FOLDER
    cache = Path(cache) if cache else cache_dir_of(path_output.resolve())
    overrides = {"nb_execution_cache_path": str(cache), "nnbook_cache_evict": False}
    # myst-nb gives the gettext builder no images: with this it gives their
    # alt texts (_ext/nnbook_i18n.py translates them on the translated pages)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    mime = (config.get("sphinx", {}).get("config", {}) or {}).get("nb_mime_priority_overrides", [])
    overrides["nb_mime_priority_overrides"] = [*mime, ["gettext", "image/png", 5]]
    overrides["nb_execution_mode"] = "off" if without_runs else "cache"
    if not without_runs and not _all_cached(cache, toc):
        print(
            f"[i18n] not every notebook has a run in {cache}: build the book first "
            "(make book), or name another build's cache with --cache",
            file=sys.stderr,
        )
        return 1
    code = _sphinx(path_output, pot, build / ".doctrees-gettext", "gettext", overrides, toc, False)
    if code:
        return code
    for path in pot.rglob("*.pot"):
        prune_template(path)
    return 0


def _all_cached(cache: Path, toc: str | None) -> bool:
    """Whether every notebook of the book has a run (current or not) in ``cache``."""
    if not cache.is_dir():
        return False
    import nbformat
    from jupyter_cache import get_cache

    from tools.toc import toc_notebooks

    store = get_cache(str(cache))
    for path in toc_notebooks(Path(toc) if toc else ROOT / "_toc.yml", ROOT):
        try:
            store.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            return False
    return True


def is_output_message(msgid: str) -> bool:
    """A message no translator should see: an image's URI, or a number or a cell of numbers."""
    if msgid.startswith(".. image::"):
        return True
    return not re.search(r"[A-Za-z]{2}", msgid)


def prune_template(path: Path) -> None:
    """Drop the run's own messages (:func:`is_output_message`) from a .pot file."""
    import polib

    pot = polib.pofile(str(path), wrapwidth=0)
    for entry in [e for e in pot if is_output_message(e.msgid)]:
        pot.remove(entry)
    if path.name == "sphinx.pot" or not len(pot):
        path.unlink()  # the theme's template strings: the theme brings its own
        return
    pot.save(str(path))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="the translated site into _build/html/<language>/")
    b.add_argument("--language", default="zh_CN", choices=sorted(LANGUAGES))
    b.add_argument("--path-output", default=".")
    b.add_argument("--toc")
    b.add_argument("--cache", help="preview: another build's execution cache, run nothing")
    e = sub.add_parser("extract", help="the gettext templates into _build/gettext")
    e.add_argument("--path-output", default=".")
    e.add_argument("--toc")
    e.add_argument("--cache", help="another build's execution cache to read the runs from")
    e.add_argument(
        "--without-runs", action="store_true", help="the Markdown alone (no captions, alt texts)"
    )
    sub.add_parser("helpers", help="the helpers' catalogues up to date with the code")
    c = sub.add_parser("check", help="every catalogue complete and faithful")
    c.add_argument("--language", default="zh_CN", choices=sorted(LANGUAGES))
    args = parser.parse_args(argv)
    if args.command == "build":
        return build_language(args.language, Path(args.path_output), args.toc, args.cache)
    if args.command == "extract":
        return extract(Path(args.path_output), args.toc, args.cache, args.without_runs)
    if args.command == "helpers":
        for path in update_helper_catalogues():
            print(f"[i18n] {path.relative_to(ROOT)}")
        return 0
    problems = all_problems(args.language)
    for problem in problems:
        print(problem)
    print(f"[i18n] {args.language}: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
