"""The language the helpers speak to a student: English, or Chinese in the Chinese edition.

What the exercises tell a student (a check's verdict, a hint, where the
solution is) is written in the helpers as an English template passed to
:func:`tr`, with named fields for the run's values::

    wrong(tr("your model has {have} hidden layers; the exercise asks for {want}.",
             have=len(hidden), want=3))

:func:`tr` returns the template in the language set (:func:`set_language`;
the Chinese edition's set-up cell passes ``language="zh_CN"`` to
:func:`helpers.environment.setup_chapter`, and ``NNBOOK_LANGUAGE`` sets it
too), then fills in the fields. The translations are gettext catalogues
beside this module, ``helpers/locales/<language>/LC_MESSAGES/<module>.po``,
one per module that calls :func:`tr` (``helpers/exercises/ch03.py`` has
``exercises_ch03.po``), read with polib. Text kept in a data structure and
translated where it is shown is marked with :func:`N_`. ``python -m
tools.i18n helpers`` brings them up to date with the templates in the code, and
``tests/test_i18n.py`` fails when a template has no translation, or a
translation loses one of its template's fields.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

#: the language the book is written in
SOURCE_LANGUAGE = "en"
#: the languages the helpers have catalogues for, besides English
LANGUAGES = ("zh_CN",)
#: where the catalogues live: <language>/LC_MESSAGES/<module>.po
LOCALES = Path(__file__).resolve().parent / "locales"

_language = None


def language() -> str:
    """The language set: :func:`set_language`, else ``NNBOOK_LANGUAGE``, else English."""
    if _language is not None:
        return _language
    return _checked(os.environ.get("NNBOOK_LANGUAGE", "").strip() or SOURCE_LANGUAGE)


def set_language(code: str) -> None:
    """Speak ``code`` ("en" or "zh_CN") from now on."""
    global _language
    _language = _checked(code)


def _checked(code: str) -> str:
    code = code.replace("-", "_")
    if code == SOURCE_LANGUAGE or code in LANGUAGES:
        return code
    raise ValueError(
        f"unknown language {code!r}: the helpers speak {SOURCE_LANGUAGE!r} and "
        f"{', '.join(map(repr, LANGUAGES))}"
    )


def module_catalogue(module_file: str | Path, language_code: str) -> Path:
    """The catalogue of one module's templates: ``exercises/ch03.py`` -> ``exercises_ch03.po``."""
    relative = Path(module_file).resolve().relative_to(Path(__file__).resolve().parent)
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return LOCALES / language_code / "LC_MESSAGES" / ("_".join(parts) + ".po")


@functools.cache
def catalogue(language_code: str) -> dict[str, str]:
    """Every translated template of ``language_code``: English template -> translation."""
    import polib

    found: dict[str, str] = {}
    for path in sorted((LOCALES / language_code / "LC_MESSAGES").glob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags:
                found[entry.msgid] = entry.msgstr
    return found


def N_(template: str) -> str:
    """Mark a template for the catalogue without translating it yet (gettext's "noop").

    For text kept in a data structure and translated where it is shown, e.g.
    an exercise's hint: ``Exercise(..., hint=N_("Count the Dense layers."))``,
    then ``tr(self._hint)`` when the hint is printed.
    """
    return template


def tr(template: str, /, **fields) -> str:
    """``template`` in the language set, its ``{fields}`` filled in.

    English, or a template without a translation, gives the template itself.
    """
    code = language()
    text = template if code == SOURCE_LANGUAGE else catalogue(code).get(template, template)
    return text.format(**fields) if fields else text
