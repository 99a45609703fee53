"""The book in two languages: a local Sphinx extension (see _config.yml and tools/i18n.py).

The English site is ``_build/html/``; each translation is rendered from the
same executed notebooks into ``_build/html/<language>/`` (``python -m
tools.i18n build``, which ``make book`` runs). This extension gives every page
of either a link to the same page in the other language (in the header bar,
beside the page's buttons) and, on a translated page:

- ``<html lang="zh-CN">`` (the theme writes Sphinx's ``zh_CN``, which is not
  a language tag);
- figures numbered in the language ("图 4.2"); the toc's part captions and the
  figures' alt texts translated (both are put in after Sphinx's own translation);
- the chapters' raw HTML in the language (a solution's "Why");
- the Colab and Binder buttons opening the translated student
  edition (``<language>/chapters/...`` of the edition branch), as the
  download button serves it (``_ext/nnbook_edition.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from tools.i18n import LANGUAGES, SOURCE_NAME, translate_raw_html  # noqa: E402

TEMPLATES = Path(__file__).resolve().parent / "nnbook_templates"
#: how a translated page numbers figures, tables, listings and sections
NUMFIG_FORMATS = {
    "zh_CN": {"figure": "图 %s", "table": "表 %s", "code-block": "代码 %s", "section": "第 %s 节"},
}


def _language(app) -> str | None:
    """The page's language if it is a translation, else None."""
    language = app.config.language or "en"
    return language if language in LANGUAGES else None


def configure(app, config) -> None:
    """Templates, the header bar's switch and (for a translation) figure numbers."""
    config.templates_path.append(str(TEMPLATES))
    options = config.html_theme_options
    header = list(options.get("article_header_end") or ["article-header-buttons.html"])
    if "nnbook-language.html" not in header:
        options["article_header_end"] = ["nnbook-language.html", *header]
    language = config.language or "en"
    if language in NUMFIG_FORMATS:
        config.numfig_format = {**(config.numfig_format or {}), **NUMFIG_FORMATS[language]}


def _up(pagename: str) -> str:
    """The relative path from a page to the top of its site."""
    return "../" * pagename.count("/")


def other_languages(app, pagename: str) -> list[dict]:
    """The same page in the other language(s): name, lang and relative URL."""
    language = _language(app)
    if language is None:  # an English page: link each translation
        return [
            {
                "name": words["name"],
                "lang": words["html_lang"],
                "url": f"{_up(pagename)}{code}/{pagename}.html",
            }
            for code, words in LANGUAGES.items()
        ]
    return [
        {
            "name": SOURCE_NAME,
            # on a phone the header bar has no room for "English" beside five buttons
            "short": "EN",
            "lang": "en",
            "url": f"../{_up(pagename)}{pagename}.html",
        }
    ]


def _launch_in_language(buttons: list, pagename: str, language: str) -> None:
    """Point the launch buttons (absolute URLs) at the translated edition's notebook."""
    for button in buttons:
        if isinstance(button, dict):
            url = button.get("url")
            if isinstance(url, str) and url.startswith("http") and f"{pagename}." in url:
                # Colab: .../blob/<branch>/<page>.ipynb; Binder: ?urlpath=tree/<page>.ipynb
                button["url"] = url.replace(f"/{pagename}.", f"/{language}/{pagename}.", 1)
            _launch_in_language(button.get("buttons") or [], pagename, language)


def language_context(app, pagename, templatename, context, doctree) -> None:
    """The switch's links and the page's language tag (before pydata-sphinx-theme drops
    header templates that render empty, at its html-page-context)."""
    context["nnbook_other_languages"] = other_languages(app, pagename)
    language = _language(app)
    if language is not None:
        context["language"] = LANGUAGES[language]["html_lang"]


def translated_page(app, pagename, templatename, context, doctree) -> None:
    """A translated page's raw HTML and launch buttons (after the theme made the buttons)."""
    language = _language(app)
    if language is None:
        return
    if isinstance(context.get("body"), str):
        context["body"] = translate_raw_html(context["body"], language)
    _launch_in_language(context.get("header_buttons") or [], pagename, language)


#: docname -> the notebook renderer myst-nb made for it (see _glue_in_translations)
_renderers: dict = {}
#: the renderer of the document Sphinx is translating now
_translating: dict = {}


def _glue_in_translations(app) -> None:
    """Let glue roles in a translated paragraph read their document's glued values.

    Sphinx parses each translated message as a small document of its own
    (sphinx.transforms.i18n.Locale, after the page is parsed), and myst-nb's
    glue roles read the values from the notebook renderer that myst-nb keeps
    on the page's document only while it parses the page. This keeps the
    renderer myst-nb makes for each page and lends it to the small documents
    of that page's translation, so both languages show the same run's numbers.
    """
    from myst_nb import sphinx_ as mystnb_sphinx
    from myst_nb.ext.glue import directives, roles, utils
    from sphinx.transforms import i18n as sphinx_i18n

    if getattr(sphinx_i18n.Locale, "_nnbook_glue", False):
        return
    original_load = mystnb_sphinx.load_renderer
    original_retrieve = utils.retrieve_glue_data
    original_apply = sphinx_i18n.Locale.apply

    def load_renderer(name):
        renderer_class = original_load(name)

        def make(mdit_renderer, logger):
            renderer = renderer_class(mdit_renderer, logger)
            if app.env is not None:  # the page being read
                _renderers[app.env.docname] = renderer
            return renderer

        return make

    def retrieve(document, key):
        renderer = _translating.get("renderer")
        if "nb_renderer" in document or renderer is None:
            return original_retrieve(document, key)
        # lent for this lookup only: the doctree is pickled, the renderer cannot be
        document["nb_renderer"] = renderer
        try:
            return original_retrieve(document, key)
        finally:
            del document["nb_renderer"]

    def apply(self, **kwargs):
        _translating["renderer"] = _renderers.get(self.env.docname)
        try:
            return original_apply(self, **kwargs)
        finally:
            _translating.pop("renderer", None)

    mystnb_sphinx.load_renderer = load_renderer
    for module in (utils, roles, directives):
        module.retrieve_glue_data = retrieve
    sphinx_i18n.Locale.apply = apply
    sphinx_i18n.Locale._nnbook_glue = True


def translate_toctree_captions(app, doctree) -> None:
    """The toc's part captions in the page's language.

    sphinx-external-toc inserts the toctrees from _toc.yml after Sphinx has
    translated the page, so their captions (which the gettext templates do
    hold) are put in here, before the sidebar is collected from them.
    """
    from sphinx import addnodes

    catalog = _catalog(app, app.env.docname)
    if catalog is None:
        return
    for toctree in doctree.findall(addnodes.toctree):
        if toctree.get("caption"):
            toctree["caption"] = catalog.gettext(toctree["caption"])


def _catalog(app, docname: str):
    """The page's translations (a gettext catalog), or None on an English page."""
    language = _language(app)
    if language is None:
        return None
    import os

    from sphinx.locale import init as init_locale
    from sphinx.util.i18n import docname_to_domain

    domain = docname_to_domain(docname, app.config.gettext_compact)
    dirs = [os.path.join(app.srcdir, folder) for folder in app.config.locale_dirs]
    catalog, found = init_locale(dirs, app.config.language, domain)
    return catalog if found else None


def _translate_image_alts(app):
    from docutils import nodes
    from sphinx.transforms.post_transforms import SphinxPostTransform

    class TranslateImageAlts(SphinxPostTransform):
        """A figure's alt text in the page's language.

        myst-nb turns a cell's output into an image only when the page is
        written (after Sphinx has translated it), so the alt text, which the
        gettext templates hold, is put in here.
        """

        default_priority = 900  # after myst-nb's SelectMimeType (4)

        def run(self, **kwargs) -> None:
            catalog = _catalog(self.app, self.env.docname)
            if catalog is None:
                return
            for image in self.document.findall(nodes.image):
                if image.get("alt"):
                    image["alt"] = catalog.gettext(image["alt"])

    app.add_post_transform(TranslateImageAlts)


def setup(app):
    _glue_in_translations(app)
    _translate_image_alts(app)
    # before Sphinx's collectors (priority 500) read the toctrees for the sidebar
    app.connect("doctree-read", translate_toctree_captions, priority=100)
    app.connect("config-inited", configure)
    app.connect("html-page-context", language_context, priority=100)
    # after sphinx-book-theme has added its header buttons (priority 501)
    app.connect("html-page-context", translated_page, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
