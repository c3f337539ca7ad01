"""The chapters as JupyterLab shows them (make lab): every book-only role becomes an expression
jupyterlab-myst renders, the static ones read as on the web, glued numbers are formatted as
myst-nb formats them, and a save through the contents manager gives back the file unchanged."""
from __future__ import annotations

import asyncio
import html as htmllib
import re
import shutil
from pathlib import Path

import jupytext
import pytest

from rustbelt import lab
from rustbelt.book import lab_view
from rustbelt.book.notebook_files import chapters

ROOT = Path(__file__).resolve().parents[1]
BOOK_ONLY = re.compile(r"\{(glue|cite|term|numref|ref|doc)[:a-z]*\}")


@pytest.fixture(scope="module")
def index():
    return lab_view.book_index(str(ROOT))


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.stem)
def test_lab_sees_no_book_only_role_and_a_save_gives_the_text_back(path, index):
    for cell in jupytext.read(path).cells:
        if cell.cell_type != "markdown":
            continue
        shown, results = lab_view.to_lab(cell.source, index)
        assert not BOOK_ONLY.search(re.sub(r'glue_block\("[^"]*", "[^"]*"', "", shown)), shown[:300]
        assert lab_view.from_lab(shown) == cell.source
        for r in results:  # every static expression is a literal that evaluates to its stored text
            assert repr(eval(r["expression"])) == r["result"]["data"]["text/plain"]


def test_static_roles_read_as_on_the_web(index):
    assert index.text("cite:p", "steinbock2016") == "[Steinbock, 2016]"
    assert index.text("term", "state-owned enterprises <state-owned enterprise>") == "state-owned enterprises"
    assert index.text("numref", "fig-gdp-share") == "Fig. 1.1"
    assert index.text("ref", "appendix-methods") == "Methods"


def _page_text(page: Path) -> str:
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", "", body))).replace("\u2019", "'")  # Sphinx's smart quotes


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.stem)
def test_every_static_text_is_what_the_built_page_shows(path, index, book_html):
    page = _page_text(book_html / "chapters" / f"{path.stem}.html")
    missing = set()
    for cell in jupytext.read(path).cells:
        if cell.cell_type == "markdown":
            for role, content in lab_view.ROLE.findall(cell.source):
                if role in lab_view.STATIC_ROLES:
                    text = re.sub(r"\s+", " ", index.text(role, content))
                    if text not in page:
                        missing.add((role, content, text))
    assert not missing


def test_glue_text_formats_as_myst_nb_does():
    from IPython.core.formatters import format_display_data
    from myst_nb.core.variables import format_plain_text

    for key, value, spec in [("a", 3.14159, ".2f"), ("b", "Liaoning", ""), ("c", 0.1234, ".1%"), ("d", 12, "d"),
                             ("e", -2.5, "+.1f"), ("f", "the sum of the 31 provinces' GDP", "")]:
        bundle, _ = format_display_data(value)
        prefix = "application/papermill.record/"
        lab._record({"content": {"data": {prefix + k: v for k, v in bundle.items()},
                                 "metadata": {"scrapbook": {"name": key, "mime_prefix": prefix}}}})
        content = f"{key}:{spec}" if spec else key
        assert lab.glue_text(content) == format_plain_text(bundle["text/plain"], spec or "s")
    with pytest.raises(KeyError, match="Run All"):
        lab.glue_text("never_glued:.2f")


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.stem)
def test_open_run_and_save_through_make_lab_s_contents_manager_changes_nothing(path, tmp_path):
    """The contents manager `make lab` starts: open (the Lab view), let jupyterlab-myst store its
    expression results as a run does, save (what autosave does): the file is byte-identical."""
    from rustbelt.book.lab_server import ContentsManager

    for name in ("jupytext.toml", "_toc.yml", "references.bib"):
        shutil.copy2(ROOT / name, tmp_path / name)
    (tmp_path / "chapters").mkdir()
    rel = f"chapters/{path.name}"
    shutil.copy2(path, tmp_path / rel)
    before = path.read_text(encoding="utf-8")

    async def lab_session():
        cm = ContentsManager(root_dir=str(tmp_path))
        model = await cm.get(rel)
        nb = model["content"]
        shown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert "{eval}`" in shown and "{glue:text}" not in shown
        for cell in nb.cells:
            if cell.cell_type == "markdown" and "{eval}" in cell.source:
                cell.metadata["user_expressions"] = [{"expression": "x", "result": {"status": "ok", "data": {}}}]
        await cm.save(model, rel)

    # in a thread of its own: a Playwright session of another test in this worker may keep an
    # asyncio loop running in this thread
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, lab_session()).result()
    assert (tmp_path / rel).read_text(encoding="utf-8") == before


def test_a_number_in_wan_or_yi_goes_to_lab_and_back_and_is_scaled_in_the_kernel():
    from IPython.core.formatters import format_display_data

    source = "共 {glue:million-to-wan}`jobs_m:,.0f` 万人，{glue:billion-to-yi}`fund_bn:,.0f` 亿元。"
    lab_source, results = lab_view.to_lab(source, lab_view.BookIndex(ROOT))
    assert "{glue:" not in lab_source and results == []
    assert lab_view.from_lab(lab_source) == source
    prefix = "application/papermill.record/"
    for key, value in (("jobs_m", 1.2412), ("fund_bn", 100.0)):
        bundle, _ = format_display_data(value)
        lab._record({"content": {"data": {prefix + k: v for k, v in bundle.items()},
                                 "metadata": {"scrapbook": {"name": key, "mime_prefix": prefix}}}})
    assert lab.glue_text("jobs_m:,.0f", role="glue:million-to-wan") == "124"
    assert lab.glue_text("fund_bn:,.0f", role="glue:billion-to-yi") == "1,000"
