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
from rustbelt.i18n import t

from . import lab_view, notebook_i18n
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


def environment_check_source(wheel: str, lang: str = "en") -> str:
    """The first code cell of every downloaded notebook: stop at once, saying what to install,
    when the book's package (of this version) or one of the notebook's dependencies is missing.

    The Chinese edition's (``lang="zh"``) speaks Chinese and first sets ``RUSTBELT_LANG=zh``
    (unless the reader's environment sets it), so that the charts and glued sentences of the
    cells below are Chinese too (:mod:`rustbelt.i18n`)."""
    if lang not in ENV_CHECK_TEXT:
        raise ValueError(f"lang={lang!r}: allowed values are {sorted(ENV_CHECK_TEXT)}")
    version = wheel.split("-")[1]
    text = {key: value.format(version=version) for key, value in ENV_CHECK_TEXT[lang].items()}
    return f'''{text["header"]}
{text["lang"]}import importlib.metadata
import importlib.util

WHEEL = "{wheel}"
NEEDED = {NOTEBOOK_MODULES!r}
missing = [dist for module, dist in NEEDED.items() if importlib.util.find_spec(module) is None]
installed = None if "rustbelt" in missing else importlib.metadata.version("rustbelt")
if missing or installed != "{version}":
    problem = (f"{text["missing"]}{{', '.join(missing)}}" if missing else
               f"{text["wrong_version"]}")
    raise ModuleNotFoundError(
        f"{text["cannot_run"]}\\n"
        f"{text["step1"]}\\n"
        f"{text["step1b"]}\\n"
        f'{text["step2"]}\\n'
        f"{text["offline"]}"
        f'"rustbelt[notebook]"{text["offline_end"]}\\n'
        f"{text["restart"]}"
    )
print(f"{text["ok"]}")
if importlib.util.find_spec("jupyterlab_myst") is None:
    # {text["eval_comment"]}
    print("{text["lab1"]}"
          f'{text["lab2"]}')
'''


#: the environment check's words in each language ({version} is the package's; {{...}} stays an
#: f-string field of the generated cell)
ENV_CHECK_TEXT = {
    "en": {
        "header": "# Environment check: added to the downloadable notebook (not part of the chapter's source).\n"
                  "# This chapter needs the book's Python package, rustbelt {version}, with its notebook extras.",
        "lang": "",
        "missing": "missing: ",
        "wrong_version": "rustbelt {{installed}} is installed, but this notebook was written for {version}",
        "cannot_run": "This notebook cannot run here ({{problem}}). Install the book's package with its notebook extras:",
        "step1": "  1. download {{WHEEL}} from the chapter's web page (beside this notebook; in the offline",
        "step1b": "     edition it is in the wheels/ folder), into the folder you run pip in;",
        "step2": '  2. pip install "./{{WHEEL}}[notebook]"',
        "offline": "     (with no internet, from the offline edition: pip install --no-index --find-links wheelhouse ",
        "offline_end": ")",
        "restart": "then restart the kernel and run the notebook again.",
        "ok": "Environment OK: rustbelt {{installed}} with everything this notebook imports.",
        "eval_comment": "the text's numbers are {{eval}} expressions: JupyterLab with jupyterlab-myst shows them",
        "lab1": "To see the numbers in the text, open this notebook in JupyterLab with jupyterlab-myst ",
        "lab2": '(pip install "./{{WHEEL}}[notebook]" installs both); elsewhere they show as {{{{eval}}}} expressions.',
    },
    "zh": {
        "header": "# 环境检查：为可下载的笔记本而加（不属于本章的源文件）。\n"
                  "# 本章需要本书的 Python 包 rustbelt {version} 及其 notebook 附加依赖。",
        "lang": "import os\n\n"
                "# 本笔记本以中文运行：下面各单元格的图表和插入数字的句子都是中文（rustbelt.i18n）。\n"
                "# 要改用英文，把下一行的 \"zh\" 改为 \"en\"（或在启动 Jupyter 前设置环境变量 RUSTBELT_LANG=en），\n"
                "# 然后重启内核并重新运行全部单元格。\n"
                "os.environ.setdefault(\"RUSTBELT_LANG\", \"zh\")\n",
        "missing": "缺少：",
        "wrong_version": "已安装的是 rustbelt {{installed}}，但本笔记本是为 {version} 编写的",
        "cannot_run": "本笔记本无法在此运行（{{problem}}）。请安装本书的包及其 notebook 附加依赖：",
        "step1": "  1. 从本章网页（在本笔记本旁边；离线版在 wheels/ 文件夹中）下载 {{WHEEL}}，",
        "step1b": "     放到你运行 pip 的文件夹里；",
        "step2": '  2. pip install "./{{WHEEL}}[notebook]"',
        "offline": "     （没有网络时，用离线版：pip install --no-index --find-links wheelhouse ",
        "offline_end": "）",
        "restart": "然后重启内核，重新运行本笔记本。",
        "ok": "环境正常：rustbelt {{installed}} 以及本笔记本导入的所有包都已安装。",
        "eval_comment": "正文中的数字是 {{eval}} 表达式：装有 jupyterlab-myst 的 JupyterLab 会显示它们",
        "lab1": "要看到正文中的数字，请在装有 jupyterlab-myst 的 JupyterLab 中打开本笔记本",
        "lab2": '（pip install "./{{WHEEL}}[notebook]" 会同时安装两者）；在其他环境中它们显示为 {{{{eval}}}} 表达式。',
    },
}


def add_environment_check(nb, wheel: str, lang: str = "en") -> None:
    """Put the environment check (in ``lang``) first among the notebook's code cells."""
    import nbformat

    cell = nbformat.v4.new_code_cell(environment_check_source(wheel, lang))
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
    lang = app.config.rustbelt_lang  # the line's words in the edition's language (rustbelt.i18n)
    para = nodes.paragraph(classes=["rb-downloads"])
    para += nodes.Text(t("Downloads: ", lang))
    para += nodes.reference("", t("this chapter as a notebook (.ipynb)", lang),
                            refuri=f"{up}_notebooks/{posixpath.basename(docname)}.ipynb")
    para += nodes.Text(" · ")
    para += nodes.reference("", t("the book's Python package (.whl, with the data)", lang),
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
    lang = app.config.rustbelt_lang
    index = lab_view.book_index(str(ROOT))
    if lang != "en":  # cross-references as the translated pages show them
        index = notebook_i18n.translated_index(index, lang, str(app.config.numfig_format.get("figure", "")) or None)
    for docname in sorted(app.env.found_docs):
        src = Path(app.env.doc2path(docname))
        if _is_notebook(src):
            text = src.read_text(encoding="utf-8")
            if student(app):
                text = strip_hidden(text)
            nb = jupytext.reads(text, fmt="md:myst")
            nb.metadata.pop("jupytext", None)
            if lang != "en":
                # the prose from the page's catalogue, as Sphinx translated the page (the build
                # has no warning to give: the Chinese page keeps the same blocks in English)
                english = notebook_i18n.translate_notebook(nb, notebook_i18n.catalogue(docname, lang))
                if english:
                    logger.info(f"{docname}.ipynb: {len(english)} block(s) without a translation stay English")
            add_environment_check(nb, wheel_name(), lang)
            # the prose as JupyterLab shows it (make lab): glued numbers, citations, terms and
            # cross-references as jupyterlab-myst {eval} expressions, never a raw Sphinx role
            lab_view.notebook_to_lab(nb, index)
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
