"""Sphinx extension: the book's own markup and page fixes.

``{chapter}`` (a link once the chapter exists), ``{claims-list}`` (the scorecard's claims),
the bibliography as an accessible list, and the ``without_script``, ``without_preload`` and
``with_theme_resolved`` template filters.
"""
from __future__ import annotations

import re

from docutils import nodes
from docutils.parsers.rst import Directive


def bibliography_as_list(app, pagename, templatename, context, doctree):
    """Make the bibliography a list that assistive technology can read.

    Docutils writes the citations as ``<div role="list">`` holding ``<div
    role="doc-biblioentry">`` items. DPUB-ARIA 1.1 deprecated ``doc-biblioentry``, so
    axe-core (and browsers) no longer count the entries as list items: the list then
    "contains" their links, a critical ``aria-required-children`` violation. The entries
    become plain list items.
    """
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


CHAPTER_ROLE_RE = re.compile(r"^(?P<title>.*?)\s*<(?P<name>[a-z0-9_]+)>$")


def chapter_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{chapter}`Title <name>``: a link to ``chapters/<name>`` once that chapter is in
    the book, plain text marked "in preparation" until then.

    Pages written ahead of a chapter (the teaching guide) stay valid under the strict
    build, and start linking as soon as the chapter lands.
    """
    from sphinx.addnodes import pending_xref

    m = CHAPTER_ROLE_RE.match(text.strip())
    if not m:
        msg = inliner.reporter.error(f"chapter role needs 'Title <chapter_name>', got {text!r}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    env = inliner.document.settings.env
    docname = f"chapters/{m['name']}"
    if docname in env.found_docs:
        node = pending_xref(rawtext, refdomain="std", reftype="doc", reftarget="/" + docname,
                            refexplicit=True, refwarn=True, refdoc=env.docname)
        node += nodes.inline(rawtext, m["title"], classes=["xref", "std", "std-doc"])
        return [node], []
    return [nodes.emphasis(rawtext, f"{m['title']} (chapter in preparation)", classes=["rb-chapter-pending"])], []


class ClaimsListDirective(Directive):
    """``{claims-list}`` (optionally with claim ids): the article's claims in the book's words,
    from the scorecard (``data/claims.yml``), each linking to the section that judges it.

    For pages that are not notebooks (the introduction); chapters glue their verdict tables.
    """

    optional_arguments = 15
    has_content = False

    def run(self):
        from docutils.statemachine import StringList

        from rustbelt import claims

        env = self.state.document.settings.env
        env.note_dependency(str(claims.CLAIMS_FILE))
        ids = self.arguments or list(claims.CLAIM_IDS)
        container = nodes.container(classes=["rb-claims-list"])
        text = claims.claims_list(ids)
        self.state.nested_parse(StringList(text.splitlines(), source="data/claims.yml"), self.content_offset, container)
        # the package writes the list in the build's language (rustbelt.claims): not a message of
        # the page's catalogue, as the glued verdict tables are not (sphinx_i18n.GeneratedMarkdown)
        for element in container.findall(nodes.TextElement):
            element["translatable"] = False
        return [container]


def without_script(html: str, name: str) -> str:
    """Jinja filter for templates: ``html`` less every ``<script>`` whose ``src`` names ``name``."""
    pattern = re.compile(r'<script\b[^>]*\bsrc="[^"]*' + re.escape(name) + r'[^"]*"[^>]*>\s*</script>\s*')
    return pattern.sub("", html)


def without_preload(html: str, name: str) -> str:
    """Jinja filter for templates: ``html`` less every ``<link rel="preload">`` of a file named ``name``."""
    pattern = re.compile(r'<link\b[^>]*\brel="preload"[^>]*\bhref="[^"]*' + re.escape(name) + r'[^"]*"[^>]*/?>\s*')
    return pattern.sub("", html)


#: the theme's first script in <head> sets <html data-theme> from what the reader chose before, or
#: to the default mode, "auto", which no stylesheet rule matches
THEME_MODE_SCRIPT = re.compile(r'<script\b[^>]*>[^<]*dataset\.theme\s*=\s*localStorage\.getItem\("theme"\)[^<]*</script>')
#: "auto" resolved to the reader's colour scheme at once, as the theme's script would do only at
#: DOMContentLoaded: the page is painted in its final colours from the first frame (no light flash
#: for a reader who prefers dark), and the whole page is not styled a second time when that script
#: runs, a cost that on a slow phone delays every chart (issue 14)
RESOLVE_THEME = ('<script>(function (h) { if (h.dataset.theme !== "light" && h.dataset.theme !== "dark") '
                 'h.dataset.theme = window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches '
                 '? "dark" : "light"; })(document.documentElement);</script>')


def with_theme_resolved(html: str) -> str:
    """Jinja filter for templates: ``html`` with ``RESOLVE_THEME`` right after the theme's mode script."""
    found = THEME_MODE_SCRIPT.search(html)
    if found is None:
        raise ValueError("with_theme_resolved: the theme's mode script (dataset.theme = localStorage...) is "
                         "not in this block; the theme changed how it sets <html data-theme>")
    return html[:found.end()] + "\n  " + RESOLVE_THEME + html[found.end():]


def add_template_filters(app):
    # Sphinx's documented way to give templates a filter: the builder's template environment
    if app.builder.format == "html" and hasattr(app.builder, "templates"):
        app.builder.templates.environment.filters["without_script"] = without_script
        app.builder.templates.environment.filters["without_preload"] = without_preload
        app.builder.templates.environment.filters["with_theme_resolved"] = with_theme_resolved


def setup(app):
    app.connect("builder-inited", add_template_filters)
    app.add_role("chapter", chapter_role)
    app.add_directive("claims-list", ClaimsListDirective)
    app.connect("html-page-context", bibliography_as_list)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
