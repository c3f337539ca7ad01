"""Sphinx extension: publish each chapter as a downloadable notebook, and its datasets as CSV.

Chapters are MyST Markdown notebooks; readers who want Jupyter need an
``.ipynb``. At the end of an HTML build, every page whose source is a jupytext
notebook is converted (without outputs) into ``_notebooks/<page>.ipynb`` in the
output, and each such page gets a line linking to it, and to the CSV of every
dataset the page loads (``data.load("name")`` in its code), copied to ``_data/``.
"""
from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.builders.singlehtml import SingleFileHTMLBuilder

from rustbelt import DATA_DIR

from .editions import EDITIONS, edition, strip_hidden

LOAD_RE = re.compile(r"""(?:data\.load|load)\(\s*["']([a-z0-9_]+)["']""")


def _is_notebook(path: Path) -> bool:
    if path.suffix != ".md" or not path.exists():
        return False
    head = path.read_text(encoding="utf-8")[:600]
    return "jupytext:" in head and "kernelspec:" in head


def _datasets(app, text: str) -> list[str]:
    from rustbelt.data import names

    known = set(names())
    found = [n for n in LOAD_RE.findall(text) if n in known]
    # datasets loaded indirectly through the package are declared in the page's front matter
    m = re.search(r"^rustbelt_datasets:\s*\[(.*?)\]", text, re.M)
    if m:
        found += [n.strip().strip("'\"") for n in m.group(1).split(",") if n.strip()]
    return sorted(dict.fromkeys(n for n in found if n in known))


def add_download_links(app, doctree, docname):
    if app.builder.format != "html":
        return
    src = Path(app.env.doc2path(docname))
    if not _is_notebook(src):
        return
    text = src.read_text(encoding="utf-8")
    depth = docname.count("/")
    up = "../" * depth
    para = nodes.paragraph(classes=["rb-downloads"])
    para += nodes.Text("Downloads: ")
    para += nodes.reference("", "this chapter as a notebook (.ipynb)",
                            refuri=f"{up}_notebooks/{posixpath.basename(docname)}.ipynb")
    for name in _datasets(app, text):
        para += nodes.Text(" · ")
        para += nodes.reference("", f"{name}.csv", refuri=f"{up}_data/{name}.csv")
    sections = list(doctree.findall(nodes.section))
    target = sections[0] if sections else doctree
    # after the title
    index = 1 if sections and isinstance(target[0], nodes.title) else 0
    target.insert(index, para)


def student(app) -> bool:
    return app.config.rustbelt_edition == "student"


def check_edition(app, config):
    if config.rustbelt_edition not in EDITIONS:
        raise ValueError(f"rustbelt_edition={config.rustbelt_edition!r}: allowed values are {list(EDITIONS)}")
    if config.rustbelt_edition == "student":
        config.html_title = f"{config.html_title or config.project} (student edition)"


def strip_solutions(app, docname, source):
    """Student edition: take solutions out of the source before Sphinx or myst-nb parse it,
    so no page, doctree, executed notebook or search index ever sees them."""
    if student(app):
        source[0] = strip_hidden(source[0])


def strip_page_sources(app, exception):
    """Student edition: the "show source" copies (``_sources/``) are taken from the files
    on disk, not from the parsed text; strip them too."""
    if exception is not None or app.builder.format != "html" or not student(app):
        return
    for path in (Path(app.outdir) / "_sources").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            stripped = strip_hidden(text)
            if stripped != text:
                path.write_text(stripped, encoding="utf-8")


def write_notebooks(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    import jupytext

    out = Path(app.outdir)
    nb_dir = out / "_notebooks"
    nb_dir.mkdir(exist_ok=True)
    for docname in app.env.found_docs:
        src = Path(app.env.doc2path(docname))
        if _is_notebook(src):
            text = src.read_text(encoding="utf-8")
            if student(app):
                text = strip_hidden(text)
            nb = jupytext.reads(text, fmt="md:myst")
            nb.metadata.pop("jupytext", None)
            jupytext.write(nb, nb_dir / f"{posixpath.basename(docname)}.ipynb", fmt="ipynb")
    data_dir = out / "_data"
    data_dir.mkdir(exist_ok=True)
    for csv in Path(DATA_DIR).glob("*.csv"):
        shutil.copy2(csv, data_dir / csv.name)
    shutil.copy2(Path(DATA_DIR) / "catalog.yml", data_dir / "catalog.yml")
    shutil.copy2(Path(DATA_DIR) / "claims.yml", data_dir / "claims.yml")  # the scorecard


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
        return [container]


class PrintHTMLBuilder(SingleFileHTMLBuilder):
    """The whole book on one page, for printing to PDF (``make pdf``).

    A single-page build under a name of its own: Sphinx gives a builder the node handlers
    registered for its name, or for its format when no extension registered any for the
    name. sphinx-exercise registers ``singlehtml`` handlers, which would hide every other
    extension's ``html`` ones (myst-nb's hidden code cells) from the stock ``singlehtml``
    builder; under this name every extension's HTML handlers apply.
    """

    name = "printhtml"


def print_builder_settings(app, config):
    """myst-nb picks outputs by builder name: print the same outputs as the single-page HTML."""
    from myst_nb.core.render import base_render_priority

    config.nb_mime_priority_overrides = [
        *config.nb_mime_priority_overrides,
        *((PrintHTMLBuilder.name, mime, rank) for mime, rank in base_render_priority()["singlehtml"].items()),
    ]


def print_builder_assets(app):
    # one page holds every chapter: load MathJax whether or not Sphinx saw maths on "the" page
    if app.builder.name == PrintHTMLBuilder.name:
        app.set_html_assets_policy("always")


def without_script(html: str, name: str) -> str:
    """Jinja filter for templates: ``html`` less every ``<script>`` whose ``src`` names ``name``."""
    pattern = re.compile(r'<script\b[^>]*\bsrc="[^"]*' + re.escape(name) + r'[^"]*"[^>]*>\s*</script>\s*')
    return pattern.sub("", html)


def add_template_filters(app):
    # Sphinx's documented way to give templates a filter: the builder's template environment
    if app.builder.format == "html" and hasattr(app.builder, "templates"):
        app.builder.templates.environment.filters["without_script"] = without_script


def setup(app):
    app.connect("builder-inited", add_template_filters)
    app.add_builder(PrintHTMLBuilder)
    app.connect("config-inited", print_builder_settings)
    app.connect("builder-inited", print_builder_assets)
    app.add_config_value("rustbelt_edition", edition(), "env", [str])
    app.connect("config-inited", check_edition)
    app.connect("source-read", strip_solutions)
    app.connect("build-finished", strip_page_sources)
    app.add_role("chapter", chapter_role)
    app.add_directive("claims-list", ClaimsListDirective)
    app.connect("html-page-context", bibliography_as_list)
    app.connect("doctree-resolved", add_download_links)
    app.connect("build-finished", write_notebooks)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
