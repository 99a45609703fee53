"""The translations never fall behind the English (tools/i18n.py, helpers/i18n.py).

- Every catalogue is complete: no entry missing, empty or fuzzy, so a changed
  English paragraph fails here until its translation is updated
  (CONTRIBUTING.md says how).
- The catalogues hold every message of today's English pages: Sphinx's
  gettext builder runs on the source (without running a notebook) and each of
  its messages must have a translation.
- Each translation keeps its source's glue roles, inline code, link targets
  and maths, unchanged and of the same number.
- Where an English message uses a term the glossary defines, its translation
  uses the glossary's Chinese for it (or ``locales/zh_CN/glossary_allowlist.yml``
  says why not).
- The helpers' catalogues hold exactly the templates of the code, each
  translated with the same fields.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import yaml

from helpers import i18n as helper_i18n
from tools import i18n

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = "zh_CN"
ALLOWLIST = ROOT / "locales" / LANGUAGE / "glossary_allowlist.yml"


def _entries(path: Path) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(path)) if not e.obsolete]


# --- the checks themselves ----------------------------------------------------------


def test_kept_parts_are_roles_code_links_and_maths():
    text = (
        "After {glue:text}`acc:.2%` see {numref}`fig-a`, `model.fit(x)`, "
        "[chapter 4](04_x.ipynb) and $x W + b$."
    )
    parts = i18n.kept_parts(text)
    assert parts["role"] == ["{glue:text}`acc:.2%`", "{numref}`fig-a`"]
    assert parts["inline code"] == ["`model.fit(x)`"]
    assert parts["link target"] == ["](04_x.ipynb)"]
    assert parts["maths"] == ["$x W + b$"]


def test_a_translation_that_loses_a_role_or_changes_code_is_caught():
    source = "It reaches {glue:text}`acc:.2%` with `Dense(64)` ([chapter 4](04_x.ipynb))."
    good = "它达到 {glue:text}`acc:.2%`，用的是 `Dense(64)`（[第 4 章](04_x.ipynb)）。"
    assert i18n.lost_parts(source, good) == []
    lost_role = "它达到很高的准确率，用的是 `Dense(64)`（[第 4 章](04_x.ipynb)）。"
    assert any(p.startswith("role: missing") for p in i18n.lost_parts(source, lost_role))
    changed_code = "它达到 {glue:text}`acc:.2%`，用的是 `Dense(32)`（[第 4 章](04_x.ipynb)）。"
    assert any(p.startswith("inline code") for p in i18n.lost_parts(source, changed_code))
    changed_link = "它达到 {glue:text}`acc:.2%`，用的是 `Dense(64)`（[第 4 章](04_y.ipynb)）。"
    assert any(p.startswith("link target") for p in i18n.lost_parts(source, changed_link))


def test_a_references_title_is_translated_and_its_label_kept():
    source = "See {ref}`when Keras uses the logits <keras-uses-logits>`."
    assert i18n.lost_parts(source, "见 {ref}`Keras 何时使用 logits <keras-uses-logits>`。") == []
    assert i18n.lost_parts(source, "见 {ref}`Keras 何时使用 logits <other-label>`。")


def test_bold_that_does_not_render_is_caught():
    source = "**Big steps on small batches.** Each step moves far."
    assert i18n.markup_problems(source, "**小批次上的大步长**。每一步都走得很远。") == []
    broken = i18n.markup_problems(source, "**小批次上的大步长。**每一步都走得很远。")
    assert "markup: strong 1 in the source, 0 in the translation" in broken


def test_catalogue_problems_name_missing_fuzzy_and_lost(tmp_path):
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Untranslated.", msgstr=""))
    po.append(polib.POEntry(msgid="Changed.", msgstr="改了。", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Use `fit`.", msgstr="用 fit。"))
    po.append(polib.POEntry(msgid="Fine.", msgstr="好。"))
    path = tmp_path / "page.po"
    po.save(str(path))
    found = {(p.msgid, p.what.split(":")[0]) for p in i18n.catalogue_problems(path)}
    assert found == {
        ("Untranslated.", "not translated"),
        ("Changed.", "fuzzy (the English changed)"),
        ("Use `fit`.", "inline code"),
        ("Use `fit`.", "markup"),
    }


def test_template_fields_must_survive(tmp_path):
    po = polib.POFile()
    po.append(polib.POEntry(msgid="{n} layers; asks {want}.", msgstr="{n} 层；要求 {wanted}。"))
    path = tmp_path / "helper.po"
    po.save(str(path))
    (problem,) = i18n.catalogue_problems(path, templates=True)
    assert "fields ['n', 'want'] translated as ['n', 'wanted']" in problem.what


# --- the book's catalogues ------------------------------------------------------------


def test_every_page_has_a_catalogue():
    from tools.toc import toc_entries

    pages = {re.sub(r"\.(ipynb|md)$", "", entry) for entry in toc_entries(ROOT / "_toc.yml")}
    have = {
        p.relative_to(ROOT / "locales" / LANGUAGE / "LC_MESSAGES").with_suffix("").as_posix()
        for p in i18n.book_catalogues(LANGUAGE)
    }
    assert pages <= have, (
        f"pages without a {LANGUAGE} catalogue: {sorted(pages - have)}: a new page needs its "
        f"translation (the {LANGUAGE} edition is never behind): run `make catalogues` "
        f"(after `make book`), which writes locales/{LANGUAGE}/LC_MESSAGES/<page>.po, then "
        "translate it (CONTRIBUTING.md, 'The Chinese edition')"
    )


def test_book_catalogues_are_complete_and_faithful():
    problems = [
        str(p) for path in i18n.book_catalogues(LANGUAGE) for p in i18n.catalogue_problems(path)
    ]
    assert not problems, (
        f"{len(problems)} catalogue problem(s); CONTRIBUTING.md says how to update "
        "the translations:\n" + "\n".join(problems[:40])
    )


@pytest.fixture(scope="module")
def english_messages(tmp_path_factory) -> dict[str, set[str]]:
    """Every message of today's English pages, by page (Sphinx's gettext builder).

    Read without the notebooks' runs: the Markdown's messages, not the
    figures' captions and alt texts, which come from the outputs.
    """
    out = tmp_path_factory.mktemp("gettext")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.i18n",
            "extract",
            "--without-runs",
            "--path-output",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    pot = out / "_build" / i18n.POT_FOLDER
    return {
        path.relative_to(pot).with_suffix("").as_posix(): {e.msgid for e in polib.pofile(str(path))}
        for path in pot.rglob("*.pot")
    }


def test_catalogues_hold_every_message_of_the_english_pages(english_messages):
    folder = ROOT / "locales" / LANGUAGE / "LC_MESSAGES"
    missing = []
    for page, messages in english_messages.items():
        path = folder / f"{page}.po"
        have = {e.msgid for e in _entries(path)} if path.exists() else set()
        missing += [f"{page}: {m[:100]!r}" for m in sorted(messages - have)]
    assert not missing, (
        f"{len(missing)} English message(s) the {LANGUAGE} catalogues do not hold: run "
        "`make catalogues` (`python -m tools.i18n extract` and `sphinx-intl update -p "
        f"_build/gettext -l {LANGUAGE} -d locales`), then translate (CONTRIBUTING.md):\n"
        + "\n".join(missing[:40])
    )


# --- glossary terms -------------------------------------------------------------------


def glossary() -> dict[str, set[str]]:
    """The glossary's terms and their Chinese (tools.i18n.glossary_terms)."""
    return i18n.glossary_terms()


#: what a term is not matched in: code, roles, link targets, maths
_NOT_PROSE = re.compile(r"\{[\w:-]+\}`[^`]*`|`[^`]*`|\]\([^)]*\)|\$[^$]*\$")


def glossary_violations(terms: dict[str, set[str]], msgid: str, msgstr: str) -> list[str]:
    """The glossary terms a translation renders otherwise than the glossary says."""
    prose = _NOT_PROSE.sub(" ", msgid)
    found = []
    for term in sorted(terms, key=len, reverse=True):
        pattern = re.compile(rf"\b{re.escape(term)}(?:s|es)?\b", re.I)
        if pattern.search(prose):
            prose = pattern.sub(" ", prose)
            # "logits" is also written "logit"
            forms = terms[term] | {f[:-1] for f in terms[term] if f.endswith("s") and len(f) > 3}
            # the edition writes no space between Latin letters and Chinese:
            # "ReLU神经元死亡" is the glossary's "ReLU 神经元死亡"
            flat = re.sub(r"\s+", "", msgstr.lower())
            if not any(re.sub(r"\s+", "", form.lower()) in flat for form in forms):
                found.append(term)
    return found


def allowlist() -> tuple[dict[str, str], list[dict]]:
    """(terms that may stay English as names -> why, single allowed messages)."""
    data = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8")) if ALLOWLIST.exists() else {}
    names = {item["term"]: item["why"] for item in (data or {}).get("names") or []}
    return names, list((data or {}).get("messages") or [])


def test_glossary_is_read_with_its_chinese():
    terms = glossary()
    assert terms["activation function"] == {"激活函数"}
    assert "全连接层" in terms["dense layer"] and "密集层" in terms["dense layer"]
    assert {"轮次", "epoch", "训练轮数"} <= terms["epoch"]


def test_glossary_violations_find_a_term_translated_otherwise():
    terms = {"activation function": {"激活函数"}, "batch size": {"批大小"}, "batch": {"批次"}}
    assert glossary_violations(terms, "Each activation function", "每个激活函数") == []
    assert glossary_violations(terms, "Each activation function", "每个激励函数") == [
        "activation function"
    ]
    # the longer term is matched first; `batch` in code is no term
    assert glossary_violations(terms, "The batch size of `batch`", "批大小") == []


def test_translations_use_the_glossary_terms():
    terms = glossary()
    names, messages = allowlist()
    for name in names:
        terms[name] = terms.get(name, set()) | {name, name.split()[0]}
    allowed = {(a["term"], a["msgid_starts"]) for a in messages}
    problems = []
    for path in i18n.book_catalogues(LANGUAGE):
        if path.stem == "glossary":
            continue  # the glossary's own entries define the terms
        for entry in _entries(path):
            if not entry.msgstr:
                continue
            for term in glossary_violations(terms, entry.msgid, entry.msgstr):
                if not any(term == t and entry.msgid.startswith(s) for t, s in allowed):
                    problems.append(
                        f"{path.stem}: {term!r} -> {sorted(terms[term])}: {entry.msgid[:70]!r}"
                    )
    assert not problems, (
        f"{len(problems)} translation(s) that do not use the glossary's term (fix them, or "
        f"list them with the reason in {ALLOWLIST.relative_to(ROOT)}):\n" + "\n".join(problems[:60])
    )


def test_the_allowlist_names_real_entries_with_reasons():
    names, entries = allowlist()
    terms = glossary()
    for name, why in names.items():
        assert name in terms and why, f"{name}: not a glossary term with Chinese, or no reason"
    messages = [e.msgid for p in i18n.book_catalogues(LANGUAGE) for e in _entries(p)]
    for allowed in entries:
        assert allowed.get("why"), f"no reason given for {allowed}"
        assert any(m.startswith(allowed["msgid_starts"]) for m in messages), (
            f"the allowlist names a message no catalogue has: {allowed['msgid_starts']!r}"
        )


# --- the helpers' catalogues -----------------------------------------------------------


def test_helper_catalogues_hold_exactly_the_templates_of_the_code():
    modules = i18n.helper_modules()
    assert modules, "no helper module calls tr()"
    for module in modules:
        path = helper_i18n.module_catalogue(module, LANGUAGE)
        assert path.exists(), f"{path} missing: run `python -m tools.i18n helpers`"
        in_code = {template for template, _ in i18n.helper_templates(module)}
        in_catalogue = {e.msgid for e in _entries(path)}
        assert in_code == in_catalogue, (
            f"{path.name} is not up to date with {module.name} (run `python -m tools.i18n "
            f"helpers`): missing {sorted(in_code - in_catalogue)[:5]}, "
            f"stale {sorted(in_catalogue - in_code)[:5]}"
        )


def test_helper_catalogues_are_complete_with_their_fields():
    problems = [
        str(p)
        for path in i18n.helper_catalogues(LANGUAGE)
        for p in i18n.catalogue_problems(path, templates=True)
    ]
    assert not problems, "\n".join(problems[:40])


def test_tr_speaks_the_language_set(monkeypatch):
    template = "Correct. {why}"
    assert helper_i18n.tr(template, why="x") == "Correct. x"
    try:
        helper_i18n.set_language(LANGUAGE)
        translated = helper_i18n.tr(template, why="x")
        assert translated != "Correct. x" and translated.endswith("x")
        assert re.search(r"[\u4e00-\u9fff]", translated)
    finally:
        helper_i18n.set_language("en")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        helper_i18n.set_language("fr")
