"""The Chinese edition (中文版) in Sphinx: translated pages that keep their glued numbers,
a language switch and ``hreflang`` links on every page.

The English pages are the source. ``make book`` builds them into ``_build/html/`` and then
builds the same sources again with ``language = "zh_CN"`` into ``_build/html/zh/``
(:mod:`rustbelt.book.build`, ``--edition zh``): Sphinx replaces every paragraph, heading,
caption and list item whose English text has a Chinese ``msgstr`` in
``locales/zh_CN/LC_MESSAGES/<page>.po``, and keeps the English where there is none (so a
changed English paragraph falls back to English instead of showing a stale translation).

Two things Sphinx and myst-nb do not do by themselves, done here:

* **glued numbers in translated paragraphs.** Sphinx parses a ``msgstr`` as a small
  document of its own; myst-nb's ``{glue:text}`` role looks the key up in the notebook
  being rendered, which that small document does not have, and fails ("No key ... found
  in glue data for this document"). :class:`Parser` keeps each page's notebook renderer
  while the page is read and lends it to the translated paragraphs of the same page, so
  ``{glue:text}`key:.1f``` in a Chinese sentence prints the same value as in the English.
* **generated Markdown is the package's to translate.** The scorecard's and the chapters'
  verdict tables are Markdown the package writes (``{glue:md}``, from ``data/claims.yml`` with
  computed numbers in it). Their text is marked untranslatable, so it is neither in the
  catalogues (a translator would otherwise retype computed numbers) nor replaced from them: the
  package writes it in the run's language (:mod:`rustbelt.i18n`).
* **units a Chinese reader counts in.** English counts people in millions and money in
  billions; Chinese counts both in 万 (10⁴) and 亿 (10⁸). A translated paragraph prints a glued
  number in those units with ``{glue:million-to-wan}`key:fmt```, ``{glue:thousand-to-wan}``
  and ``{glue:billion-to-yi}`` (:class:`ScaledText`): the same glued value, multiplied only
  when it is formatted (1.24 million = 124 万人), never a number retyped.
* **the exercises' titles.** sphinx-exercise puts a title's words (``{exercise} <title>``) in a
  node without a source, which Sphinx neither extracts into the catalogues nor translates:
  :class:`ExerciseTitles` gives each the page's source before Sphinx translates the page, so a
  title is a message of its page's catalogue like a heading (the solution's title copies it).
* **the chrome.** The toc's captions, which sphinx-external-toc inserts after Sphinx has
  translated the root page, come from that page's catalogue (:class:`TocCaptions`); the
  footer's copyright line and the authors from the package's catalogue; the glossary's English
  term lines, which stay as the targets of every link to an entry, are marked ``lang="en"`` on
  the glossary's page and in the general index.
* **the other language's page.** Every page links to the same page in the other edition
  (a switch in the page's header, ``<link rel="alternate" hreflang>`` both ways).

The edition being built comes from ``rustbelt_lang`` (``en`` or ``zh``), set by
:mod:`rustbelt.book.build`; the chapters' language (charts, glued sentences) comes from the
``RUSTBELT_LANG`` environment variable the build gives the kernels (:mod:`rustbelt.i18n`).
"""
from __future__ import annotations

import ast
import html

from docutils import nodes
from myst_nb.core.variables import RetrievalError
from myst_nb.ext.glue.directives import PasteMarkdownDirective
from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.ext.glue.utils import glue_warning, retrieve_glue_data
from myst_nb.sphinx_ import Parser as NbParser
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from rustbelt.i18n import LANGS, SITE_PREFIX, UNIT_SCALES, scaled_format, t

#: each page's notebook renderer while the page is read (docname -> renderer); a process
#: reads one page at a time, so a plain dict per process is enough under parallel reads
_RENDERERS: dict[str, object] = {}

#: the labels of the switch, each in its own language
SWITCH_LABEL = {"en": "English", "zh": "中文"}
HREFLANG = {"en": "en", "zh": "zh-CN"}


class _KeepRenderer(dict):
    """A document's attributes that remember the notebook renderer myst-nb pops at the end."""

    def __init__(self, attributes: dict, docname: str):
        super().__init__(attributes)
        self.docname = docname

    def pop(self, key, *default):
        if key == "nb_renderer" and key in self:
            _RENDERERS[self.docname] = self[key]
        return super().pop(key, *default)


class Parser(NbParser):
    """myst-nb's parser, with the page's glued values available to its translated paragraphs."""

    def parse(self, inputstring: str, document) -> None:
        env = getattr(document.settings, "env", None) or self.env
        if document.current_source.endswith("<translated>"):
            renderer = _RENDERERS.get(env.docname)
            if renderer is not None:
                document.attributes["nb_renderer"] = renderer
            try:
                super().parse(inputstring, document)
            finally:
                document.attributes.pop("nb_renderer", None)
            return
        if env.config.rustbelt_lang != "en":
            document.attributes = _KeepRenderer(document.attributes, env.docname)
        super().parse(inputstring, document)


class GeneratedMarkdown(PasteMarkdownDirective):
    """``{glue:md}``, its text left out of the catalogues (see the module's docstring)."""

    def run(self):
        result = super().run()
        for node in result:
            for element in node.findall(nodes.TextElement):
                element["translatable"] = False
        return result


#: the glue roles that print a value in other units: role name -> factor
SCALED_ROLES = UNIT_SCALES


class ScaledText(PasteTextRole):
    """``{glue:text}`` for a value multiplied by its conversion's factor (i18n.scaled_format) when it is formatted. The span keeps
    the glued value and the factor (``data-value``, ``data-scale``) so a test can check the
    printed number against the English one."""

    def __init__(self, conversion: str):
        super().__init__()
        self.conversion, self.factor = conversion, UNIT_SCALES[conversion]

    def run(self):
        key, _, fmt_spec = self.text.rpartition(":")
        if not key:
            key, fmt_spec = fmt_spec, ""
        try:
            result = retrieve_glue_data(self.document, key)
            value = float(ast.literal_eval(result.data["text/plain"]))
            text = scaled_format(value, f"{fmt_spec}@{self.conversion}")
        except (RetrievalError, KeyError, ValueError, SyntaxError, TypeError) as exc:
            return [], [glue_warning(f"{key!r} cannot be printed scaled by {self.factor}: {exc}", self.document, self.line)]
        # raw HTML: docutils' writer drops data attributes of an inline node
        node = nodes.raw(text, f'<span class="pasted-text rb-scaled" data-value="{value!r}" '
                               f'data-scale="{self.factor!r}">{html.escape(text)}</span>', format="html")
        self.set_source_info(node)
        return [node], []
class ExerciseTitles(SphinxTransform):
    """An exercise's title (the ``{exercise}`` directive's argument) as a message of the page's
    catalogue: the subtitle node sphinx-exercise makes gets the source, line and raw text Sphinx
    needs to extract and translate it (before :class:`sphinx.transforms.i18n.Locale`, priority 20)."""

    default_priority = 10

    def apply(self, **kwargs) -> None:
        from sphinx_exercise.nodes import exercise_subtitle

        for node in self.document.findall(exercise_subtitle):
            if node.source:
                continue
            holder = node.parent.parent if node.parent is not None else None
            node.source = self.document["source"]
            node.line = (holder.line if holder is not None else None) or 1
            node.rawsource = node.astext()


class ExerciseTitlesInSolutions(SphinxTransform):
    """The solutions' titles repeat their exercise's title from a copy sphinx-exercise keeps in
    its registry, made when the directive ran, before the page was translated: in a translated
    edition the copy is made again once Sphinx has translated the page (priority 20), before
    anything else changes it (smart quotes, priority 750, as before)."""

    default_priority = 21

    def apply(self, **kwargs) -> None:
        from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node

        registry = getattr(self.env, "sphinx_exercise_registry", None)
        if self.config.rustbelt_lang == "en" or not registry:
            return
        for node in self.document.findall(lambda n: isinstance(n, (exercise_node, exercise_enumerable_node))):
            entry = registry.get(node.get("label"))
            if entry is not None and entry.get("docname") == self.env.docname:
                entry["node"] = node.deepcopy()


class ExerciseTitleMessages(SphinxPostTransform):
    """For the message templates (the gettext builder): sphinx-exercise's post-transform folds an
    exercise's title into a new title node Sphinx does not extract; a copy of the title's words
    is kept beside it so the template holds it as a message of the page."""

    default_priority = 19  # before sphinx-exercise's ResolveTitlesInExercises (20)
    builders = ("gettext",)

    def run(self, **kwargs) -> None:
        from sphinx_exercise.nodes import exercise_subtitle

        for node in list(self.document.findall(exercise_subtitle)):
            if not node.source or node.parent is None or node.parent.parent is None:
                continue
            message = nodes.paragraph(node.rawsource, "", *[c.deepcopy() for c in node.children])
            message.source, message.line = node.source, node.line
            if hasattr(node, "uid"):  # the templates keep only nodes Sphinx versioned while reading
                message.uid = node.uid
            node.parent.parent.append(message)


class TocCaptions(SphinxTransform):
    """The captions of the book's table of contents in the edition's language. sphinx-external-toc
    inserts the toctrees of ``_toc.yml`` (priority 100) after Sphinx has translated the page
    (priority 20), so their captions, which the templates hold as messages of the root page,
    are translated here from the same catalogue."""

    default_priority = 101

    def apply(self, **kwargs) -> None:
        from os import path

        from sphinx.locale import init as init_locale
        from sphinx.util.i18n import docname_to_domain

        if self.config.rustbelt_lang == "en":
            return
        toctrees = [n for n in self.document.findall(addnodes.toctree) if n.get("caption")]
        if not toctrees:
            return
        dirs = [path.join(self.env.srcdir, d) for d in self.config.locale_dirs]
        catalog, has_catalog = init_locale(dirs, self.config.language,
                                           docname_to_domain(self.env.docname, self.config.gettext_compact))
        if not has_catalog:
            return
        for node in toctrees:
            caption = catalog.gettext(node["caption"])
            if caption:
                node["caption"] = node["rawcaption"] = caption


#: the page of the glossary, whose English term lines stay as they are in the Chinese edition
GLOSSARY_PAGE = "appendices/glossary"


def glossary_english_terms(srcdir) -> set[str]:
    """The glossary's English terms: the first line of each entry (the others are its characters
    and pinyin). The Chinese edition keeps them, as the targets of every link to an entry."""
    import re
    from pathlib import Path

    path = Path(srcdir) / f"{GLOSSARY_PAGE}.md"
    if not path.exists():
        return set()
    text = path.read_text(encoding="utf-8")
    if "```{glossary}" not in text:
        return set()
    body = text.split("```{glossary}", 1)[1].split("\n```", 1)[0]
    terms, first = set(), True
    for line in body.split("\n"):
        if not line.strip():
            first = True
        elif line.startswith((" ", ":")):
            first = False
        elif first:
            if not re.search(r"[\u4e00-\u9fff]", line):
                terms.add(line.strip())
            first = False
    return terms


def mark_english_glossary_terms(app, doctree, docname) -> None:
    """In the Chinese edition the glossary's English term lines stay English (they are what the
    links point at): each is marked ``lang="en"`` (docutils writes a ``language-en`` class as that
    attribute), a known English term on a Chinese page."""
    if app.config.rustbelt_lang == "en":
        return
    english = glossary_english_terms(app.srcdir)
    for glossary in doctree.findall(addnodes.glossary):
        for term in glossary.findall(nodes.term):
            if term.astext() in english and "language-en" not in term["classes"]:
                term["classes"].append("language-en")


def mark_english_index_entries(app, pagename, context) -> None:
    """The general index of the Chinese edition lists the glossary's English terms among its
    entries: each is marked ``lang="en"`` as on the glossary's page."""
    from markupsafe import Markup, escape

    english = glossary_english_terms(app.srcdir)
    marked = []
    for letter, entries in context.get("genindexentries") or []:
        out = []
        for name, rest in entries:
            if isinstance(name, str) and name in english:
                name = Markup('<span lang="en">{}</span>').format(escape(name))
            out.append((name, rest))
        marked.append((letter, out))
    if marked:
        context["genindexentries"] = marked


def _relative_root(pagename: str) -> str:
    return "../" * pagename.count("/")


def other_language_url(pagename: str, lang: str) -> tuple[str, str]:
    """(language, relative URL) of ``pagename`` in the other edition, from a page of ``lang``.

    The English site is the root of ``_build/html``; the Chinese one is ``zh/`` inside it."""
    root = _relative_root(pagename)
    if lang == "en":
        return "zh", f"{root}{SITE_PREFIX['zh']}{pagename}.html"
    return "en", f"{root}../{pagename}.html"


def add_language_links(app, pagename, templatename, context, doctree) -> None:
    lang = app.config.rustbelt_lang
    if app.builder.format != "html" or app.builder.name != "html":
        return
    other, url = other_language_url(pagename, lang)
    here = f"{pagename.rsplit('/', 1)[-1]}.html"
    links = (f'<link rel="alternate" hreflang="{HREFLANG[lang]}" href="{html.escape(here)}">\n'
             f'<link rel="alternate" hreflang="{HREFLANG[other]}" href="{html.escape(url)}">\n')
    context["metatags"] = context.get("metatags", "") + links
    context["rustbelt_lang_switch"] = {"href": url, "label": SWITCH_LABEL[other], "hreflang": HREFLANG[other],
                                       "title": t("Read this page in English" if other == "en" else "Read this page in Chinese", lang)}
    # the page's language as BCP 47 (the theme prints Sphinx's "zh_CN" as it is)
    context["language"] = HREFLANG[lang]
    if lang != "en":  # the theme's own strings come from its catalogues; this one is the book's
        context["theme_search_bar_text"] = t(app.config.html_theme_options.get("search_bar_text", ""), lang)
        # the footer: the theme writes "© Copyright {copyright}." in English (its catalogue has no
        # Chinese for that sentence), so the Chinese edition gives the whole line in its own words
        # in the footer's last item, and the authors' name in Chinese
        if context.get("copyright"):
            context["show_copyright"] = False
            context["theme_extra_footer"] = (
                f'<p class="copyright">© {html.escape(t(app.config.copyright, lang))}</p>')
        if context.get("author"):
            context["author"] = t(context["author"], lang)
        if pagename == "genindex":
            mark_english_index_entries(app, pagename, context)


def check_lang(app, config) -> None:
    if config.rustbelt_lang not in LANGS:
        raise ValueError(f"rustbelt_lang = {config.rustbelt_lang!r} is not allowed: expected one of {list(LANGS)}")


def setup(app):
    app.add_config_value("rustbelt_lang", "en", "env", [str])
    app.connect("config-inited", check_lang)
    app.add_source_parser(Parser, override=True)
    app.add_transform(ExerciseTitles)
    app.add_transform(ExerciseTitlesInSolutions)
    app.add_transform(TocCaptions)
    app.add_post_transform(ExerciseTitleMessages)
    app.add_directive_to_domain("glue", "md", GeneratedMarkdown, override=True)
    for name in SCALED_ROLES:
        app.add_role_to_domain("glue", name, ScaledText(name))
    app.connect("html-page-context", add_language_links)
    app.connect("doctree-resolved", mark_english_glossary_terms)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
