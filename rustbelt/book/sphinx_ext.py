"""Sphinx extension: publish each chapter as a downloadable notebook, and its datasets as CSV.

Chapters are MyST Markdown notebooks; readers who want Jupyter need an
``.ipynb``. At the end of an HTML build, every page whose source is a jupytext
notebook is converted (without outputs) into ``_notebooks/<page>.ipynb`` in the
output, and each such page gets a line linking to it, and to the CSV of every
dataset the page loads (``data.load("name")`` in its code), copied to ``_data/``, and to
the book's package as a wheel (``_wheels/``, built by ``make wheel``), which holds the
datasets too. Each downloaded notebook starts with an environment check (added here, not
in the chapter's source) that names exactly what to install when something is missing.
"""
from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.util import logging

from rustbelt import DATA_DIR, ROOT

from .editions import EDITIONS, edition, strip_hidden

logger = logging.getLogger(__name__)
WHEEL_DIR = ROOT / "_build" / "wheel"
#: the modules a chapter notebook imports, with the distribution that provides each
NOTEBOOK_MODULES = {"rustbelt": "rustbelt", "myst_nb": "myst-nb", "pandas": "pandas", "numpy": "numpy",
                    "pandera": "pandera", "yaml": "PyYAML", "altair": "altair", "vl_convert": "vl-convert-python",
                    "ipywidgets": "ipywidgets", "pydantic": "pydantic"}
ENV_CHECK_TAG = "rustbelt-environment-check"


def wheel_name() -> str:
    """The file name of the book's wheel (``make wheel``), from the package's version."""
    from importlib.metadata import version

    return f"rustbelt-{version('rustbelt')}-py3-none-any.whl"


def environment_check_source(wheel: str) -> str:
    """The first code cell of every downloaded notebook: stop at once, saying what to install,
    when the book's package (of this version) or one of the notebook's dependencies is missing."""
    version = wheel.split("-")[1]
    return f'''# Environment check: added to the downloadable notebook (not part of the chapter's source).
# This chapter needs the book's Python package, rustbelt {version}, with its notebook extras.
import importlib.metadata
import importlib.util

WHEEL = "{wheel}"
NEEDED = {NOTEBOOK_MODULES!r}
missing = [dist for module, dist in NEEDED.items() if importlib.util.find_spec(module) is None]
installed = None if "rustbelt" in missing else importlib.metadata.version("rustbelt")
if missing or installed != "{version}":
    problem = (f"missing: {{', '.join(missing)}}" if missing else
               f"rustbelt {{installed}} is installed, but this notebook was written for {version}")
    raise ModuleNotFoundError(
        f"This notebook cannot run here ({{problem}}). Install the book's package with its notebook extras:\\n"
        f"  1. download {{WHEEL}} from the chapter's web page (beside this notebook; in the offline\\n"
        f"     edition it is in the wheels/ folder), into the folder you run pip in;\\n"
        f'  2. pip install "./{{WHEEL}}[notebook]"\\n'
        f"     (with no internet, from the offline edition: pip install --no-index --find-links wheelhouse "
        f'"rustbelt[notebook]")\\n'
        f"then restart the kernel and run the notebook again."
    )
print(f"Environment OK: rustbelt {{installed}} with everything this notebook imports.")
'''


def add_environment_check(nb, wheel: str) -> None:
    """Put the environment check first among the notebook's code cells."""
    import nbformat

    cell = nbformat.v4.new_code_cell(environment_check_source(wheel))
    cell.metadata["tags"] = [ENV_CHECK_TAG]
    first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    nb.cells.insert(first_code, cell)


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
    m = re.search(r"^rustbelt_datasets:\s*\[(.*?)\]", text, re.M | re.S)  # a long list wraps
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
    para += nodes.Text(" · ")
    para += nodes.reference("", "the book's Python package (.whl, with the data)",
                            refuri=f"{up}_wheels/{wheel_name()}")
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
            add_environment_check(nb, wheel_name())
            jupytext.write(nb, nb_dir / f"{posixpath.basename(docname)}.ipynb", fmt="ipynb")
    data_dir = out / "_data"
    data_dir.mkdir(exist_ok=True)
    for csv in Path(DATA_DIR).glob("*.csv"):
        shutil.copy2(csv, data_dir / csv.name)
    shutil.copy2(Path(DATA_DIR) / "catalog.yml", data_dir / "catalog.yml")
    wheel = WHEEL_DIR / wheel_name()
    if wheel.exists():
        (out / "_wheels").mkdir(exist_ok=True)
        shutil.copy2(wheel, out / "_wheels" / wheel.name)
    else:
        logger.warning(f"{wheel.relative_to(ROOT)} is missing: the chapter pages link to it; run `make wheel` "
                       "(make book does)")


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
    app.connect("html-page-context", bibliography_as_list)
    app.connect("doctree-resolved", add_download_links)
    app.connect("build-finished", write_notebooks)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
