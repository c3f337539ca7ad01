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
from sphinx.util import logging

from rustbelt import DATA_DIR, ROOT

from . import lab_view
from .editions import strip_hidden
from .sphinx_editions import student

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
if importlib.util.find_spec("jupyterlab_myst") is None:
    # the text's numbers are {{eval}} expressions: JupyterLab with jupyterlab-myst shows them
    print("To see the numbers in the text, open this notebook in JupyterLab with jupyterlab-myst "
          f'(pip install "./{{WHEEL}}[notebook]" installs both); elsewhere they show as {{{{eval}}}} expressions.')
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
            # the prose as JupyterLab shows it (make lab): glued numbers, citations, terms and
            # cross-references as jupyterlab-myst {eval} expressions, never a raw Sphinx role
            lab_view.notebook_to_lab(nb, lab_view.book_index(str(ROOT)))
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
    shutil.copy2(Path(DATA_DIR) / "claims.yml", data_dir / "claims.yml")  # the scorecard



def setup(app):
    app.setup_extension("rustbelt.book.sphinx_editions")
    app.connect("doctree-resolved", add_download_links)
    app.connect("build-finished", write_notebooks)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
