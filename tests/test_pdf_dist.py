"""`make pdf`: the whole book, charts, maths and Chinese included; `make dist`: one archive with the
site, the PDF, the notebooks and the data, whose pages render from disk with no network."""
from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, chapter_sources, pdf_text, toc_files

from rustbelt import data
from rustbelt.book import browser as chromium


def _title(source: Path) -> str:
    return re.search(r"^# (.+)$", source.read_text(encoding="utf-8"), re.M).group(1).strip()


def _normal(text: str) -> str:
    """pdftotext gives typographic quotes (Sphinx's smartquotes) and line breaks anywhere."""
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"'))


def test_pdf_holds_every_chapter_title_and_chinese_glossary_terms(pdf_full):
    assert pdf_full.read_bytes()[:5] == b"%PDF-"
    text = _normal(pdf_text(pdf_full))
    for source in toc_files():
        assert _normal(_title(source)) in text, f"{source.relative_to(ROOT)}: title missing from the PDF"
    for term in ("下岗", "再就业", "去产能", "东北振兴", "僵尸企业"):
        assert term in text, term
    assert "xiàgǎng" in text


def test_pdf_has_charts_as_vector_graphics_maths_and_notes_for_interactive_parts(pdf_full, book_html):
    text = _normal(pdf_text(pdf_full))
    # every chart of every chapter is drawn: its title exists only inside the SVG that
    # Vega renders from the spec (or the build drew from it), so finding it in the PDF's text means it was drawn
    for page in sorted((book_html / "chapters").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        for spec in re.findall(r'<script type="application/json" id="chart-[^"]+-spec">(.*?)</script>', html, re.S):
            title = json.loads(spec)["title"]["text"]
            assert _normal(title) in text, f"chart {title!r} missing from the PDF"
    info = subprocess.run(["pdfinfo", str(pdf_full)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 20
    # maths typeset by MathJax: its output is text (no raw TeX left)
    assert "\\frac" not in text and "\\sum" not in text
    # interactive-only parts are replaced by a note
    assert "On the web this chart has controls" in text
    assert "Live explorer (not printed)" in text
    assert "Show code cell source" not in text


def test_the_chinese_pdf_is_the_chinese_edition_with_its_charts(pdf_full, zh_html):
    """`make pdf` prints the Chinese edition too: every page's Chinese title, every chart's
    Chinese title (drawn from its spec), the English numbers."""
    from rustbelt.book.pdf import pdf_path
    from rustbelt.i18n import page_text

    pdf = pdf_path("full", "zh")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = re.sub(r"\s+", "", pdf_text(pdf))  # pdftotext breaks Chinese lines anywhere
    for source in toc_files():
        page = source.relative_to(ROOT).with_suffix("").as_posix()
        title = page_text(page, _title(source), "zh")
        assert re.search(r"[\u4e00-\u9fff]", title), f"{page}: the title has no Chinese"
        assert re.sub(r"\s+", "", title) in text, f"{page}: {title!r} missing from the Chinese PDF"
    charts = 0
    for page in sorted((zh_html / "chapters").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        for spec in re.findall(r'<script type="application/json" id="chart-[^"]+-spec">(.*?)</script>', html, re.S):
            title = json.loads(spec)["title"]["text"]
            assert re.sub(r"\s+", "", title) in text, f"chart {title!r} missing from the Chinese PDF"
            charts += 1
    assert charts >= 20


def test_full_pdf_shows_the_solutions_and_the_student_pdf_does_not(pdf_full, pdf_student):
    full, student = _normal(pdf_text(pdf_full)), _normal(pdf_text(pdf_student))
    assert "Solution to Exercise 1" in full
    assert "Exercise 1" in student and "Solution to" not in student


# ---------------------------------------------------------------------------
# The offline archive
# ---------------------------------------------------------------------------

def test_archive_holds_site_pdf_notebooks_and_data(dist_full):
    with zipfile.ZipFile(dist_full) as z:
        names = set(z.namelist())
        root = "chinas-rustbelt/"
        assert all(n.startswith(root) for n in names)
        for source in toc_files():
            assert f"{root}site/{source.relative_to(ROOT).with_suffix('.html').as_posix()}" in names
        assert f"{root}site/searchindex.js" in names and f"{root}index.html" in names
        assert z.read(f"{root}chinas-rustbelt.pdf")[:5] == b"%PDF-"
        # one zip, both languages: the Chinese site (same paths under site/zh/) and its PDF
        for source in toc_files():
            assert f"{root}site/zh/{source.relative_to(ROOT).with_suffix('.html').as_posix()}" in names
        assert z.read(f"{root}chinas-rustbelt-zh.pdf")[:5] == b"%PDF-"
        landing = z.read(f"{root}index.html").decode()
        assert 'href="site/zh/intro.html"' in landing and 'href="chinas-rustbelt-zh.pdf"' in landing
        for source in chapter_sources():
            nb = z.read(f"{root}notebooks/{source.stem}.ipynb")
            assert b'"parameters"' in nb
        for name in data.names():
            assert z.read(f"{root}data/{name}.csv") == (ROOT / "data" / f"{name}.csv").read_bytes()
        assert f"{root}data/catalog.yml" in names
        assert f"{root}source/rustbelt/scenarios.py" in names
        readme = z.read(f"{root}README.txt").decode()
        assert "no internet" in readme and "http.server" in readme


@pytest.fixture(scope="module")
def unpacked(dist_full, tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("usb-stick")
    with zipfile.ZipFile(dist_full) as z:
        z.extractall(where)
    return where / "chinas-rustbelt"


def test_archive_pages_render_from_disk_with_no_network(unpacked, browser):
    """Open every page of the unpacked archive from file:// in headless Chromium, offline, with
    every request outside the unpacked folder refused: every chart renders, no error, no failed load."""
    prefix = unpacked.as_uri() + "/"
    pages = sorted(p for p in (unpacked / "site").rglob("*.html") if not any(part.startswith("_") for part in p.relative_to(unpacked / "site").parts))
    pages = [unpacked / "index.html"] + pages
    problems: dict[str, list[str]] = {}
    rendered = 0
    context = browser.new_context(offline=True)
    try:
        page = context.new_page()
        seen: list[str] = []

        chromium.keep_inside(page, (prefix,), lambda url: seen.append(f"blocked {url}"))
        page.on("pageerror", lambda e: seen.append(f"page error: {e}"))
        page.on("console", lambda m: seen.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("requestfailed", lambda r: seen.append(f"failed: {r.url} ({r.failure})"))
        for path in pages:
            seen.clear()
            chromium.open_settled(page, path.as_uri())
            charts = chromium.chart_states(page)
            for cid, ok, error, svgs in charts:
                if not ok or error or svgs != 1:
                    seen.append(f"chart {cid} did not render ({error})")
            rendered += sum(1 for c in charts if c[1])
            if page.locator(".math").count():
                page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30000)
                page.evaluate("() => MathJax.startup.promise")
                if page.locator(".math mjx-container").count() == 0:
                    seen.append("maths not typeset")
            if seen:
                problems[str(path.relative_to(unpacked))] = list(seen)
    finally:
        context.close()
    assert not problems, problems
    chapters_charts = sum(len(re.findall(r'class="rb-vega"', (unpacked / "site" / "chapters" / f"{s.stem}.html").read_text()))
                          for s in chapter_sources())
    assert rendered >= chapters_charts > 0
