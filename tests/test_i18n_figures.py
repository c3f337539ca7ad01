"""The Chinese edition around each chart (issue 15): the chart panel's words, the citations, the
source line and every chart's alt text are Chinese when ``RUSTBELT_LANG=zh``, with the numbers of
the English; English output is what it was.

The charts are the chapters' own: every code cell of every chapter runs in this process (no
kernel; charts are not rendered) and every :class:`~rustbelt.charts.Figure` made is kept.
"""
from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from unit_numbers import unmatched

from rustbelt import charts, data, i18n
from rustbelt.book import sphinx_figures
from rustbelt.parameters import CHAPTERS
from rustbelt.web_figure import TABS, book_html

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def _summary(f: charts.Figure) -> dict:
    """What the page shows of a figure besides its chart: name, title, description, source line
    (computed in the run's language), sources and its Table's columns."""
    return {"name": f.name, "title": f.title, "description": f.description, "source_line": f.source_line,
            "sources": f.sources, "columns": list((f.data if getattr(f, "table", None) is None else f.table).columns)}


@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_every_chart_of_every_chapter_has_chinese_alt_text_with_the_english_numbers(chapter, chapter_figures):
    """In Chinese each chart's description (its alt text and the panel's description) is Chinese and
    prints every number the English one prints, formatted the same way; its title, as the panel and
    the citation show it, and its Table's column headers have their Chinese in rustbelt/locale/zh.yml."""
    english = chapter_figures(chapter, "en", _summary)
    chinese = chapter_figures(chapter, "zh", _summary)
    assert english and [f["name"] for f in english] == [f["name"] for f in chinese]
    problems = []
    for en, zh in zip(english, chinese):
        name = zh["name"]
        if not CJK.search(zh["description"]) or CJK.search(en["description"]):
            problems.append(f"{name}: description {zh['description']!r} (English: {en['description']!r})")
        zh_numbers = set(NUMBER.findall(zh["description"]))
        lacking = sorted(unmatched(set(NUMBER.findall(en["description"])), zh_numbers)[0])
        if lacking:
            problems.append(f"{name}: numbers of the English missing from the Chinese: {lacking}")
        if not CJK.search(i18n.t(zh["title"], "zh")):
            problems.append(f"{name}: no Chinese for the title {zh['title']!r}")
        headers = [c for c in zh["columns"] if not CJK.search(i18n.t(str(c), "zh"))]
        if headers:
            problems.append(f"{name}: Table columns without a Chinese header: {headers}")
        if not zh["source_line"].startswith("来源：") or not en["source_line"].startswith("Source: "):
            problems.append(f"{name}: source line {zh['source_line'][:40]!r}")
        for p in zh["sources"]:  # the titles of the sources stay as the catalog writes them
            assert all(i18n.t(s["title"], "zh") in zh["source_line"] for s in p.sources)
    assert not problems, "\n".join(problems)


def test_templates_keep_their_fields_and_formats():
    """A Chinese template prints the same values as its English key: same fields, same formats, but
    a number the Chinese counts in 万 or 亿 (a format ending in a conversion of UNIT_SCALES)."""
    field = re.compile(r"(?<!\{)\{([a-z_0-9]*(?::[^{}]*)?)\}")
    for english, chinese in i18n.catalogue("zh").items():
        if "{" not in english:
            continue
        en_fields, zh_fields = sorted(field.findall(english)), field.findall(chinese)
        assert sorted(f.partition(":")[0] for f in en_fields) == sorted(f.partition(":")[0] for f in zh_fields), english
        for f in zh_fields:
            if "@" in f:
                assert f.rpartition("@")[2] in i18n.UNIT_SCALES, (english, f)
            else:
                assert f in en_fields, (english, f)


def test_tf_and_join_are_unchanged_english():
    assert i18n.tf("{a:.1f} of {b}", "en", a=1.25, b="x") == "1.2 of x"
    assert i18n.join(["Liaoning", "Jilin"], language="en") == "Liaoning, Jilin"
    assert i18n.join(["Liaoning", "Jilin"], language="zh") == "辽宁、吉林"
    assert i18n.join(["a", "b"], "; ", language="zh", translate=False) == "a；b"
    assert i18n.name("the Northeast", "zh") == "东北"
    assert i18n.name("Liaoning + Jilin", "zh") == "辽宁 + 吉林"
    assert i18n.name("Liaoning + Jilin", "en") == "Liaoning + Jilin"


def test_source_line_fixed_words_follow_the_language(monkeypatch):
    prov = data.provenance("census_population")
    monkeypatch.setenv(i18n.ENV_VAR, "en")
    en = prov.source_line()
    assert en.startswith("Source: ") and f"Unit: {prov.unit}. Vintage: {prov.vintage}." in en
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    zh = prov.source_line()
    assert zh.startswith("来源：") and "单位：" in zh and "数据版本：" in zh and "Source" not in zh
    assert all(s["title"] in zh for s in prov.sources)


def test_every_unit_and_vintage_of_the_catalog_has_chinese():
    """The source line prints a dataset's unit and vintage: each has its Chinese in zh.yml (a new
    dataset fails here until its unit and vintage are translated)."""
    from rustbelt.outlook_charts import MODEL

    table = i18n.catalogue("zh")
    provs = [data.provenance(n) for n in data.names()] + [MODEL]
    lacking = sorted({v for p in provs for v in (p.unit, p.vintage) if not CJK.search(table.get(v, ""))})
    assert not lacking, f"units or vintages without Chinese in rustbelt/locale/zh.yml: {lacking}"


# --- the chart panel --------------------------------------------------------------------------

#: the panel's English words, each of which the Chinese panel must not show
PANEL_WORDS = [label for _, label in TABS] + [
    "Copy link to this view", "PNG image of the chart as shown", "SVG image of the chart as shown",
    "Data behind the chart", "Data, catalog metadata, README and citation", "the CSV under Download",
    "The CSV holds the whole grid", ": chart, table, downloads, citation"]


def _panel(monkeypatch, lang: str, rows: int, grid: bool) -> tuple[charts.Figure, str]:
    monkeypatch.setenv(i18n.ENV_VAR, lang)
    frame = pd.DataFrame({"year": range(rows), "per_1000": [10.0 + i / 100 for i in range(rows)]})
    fig = charts.figure(alt.Chart(frame).mark_line().encode(x="year:Q", y="per_1000:Q"), name="fig-test-births",
                        title="Fewer births", subtitle="Birth rate, births per 1,000 people",
                        description=i18n.t("Line chart of birth rates"), data=frame,
                        sources=[data.load("demography")], grid=frame if grid else None)
    return fig, book_html(fig)


def _reader_text(page: str) -> str:
    """What a reader sees or hears of the panel, without the chart's image, its spec and the data."""
    page = re.sub(r"<script\b.*?</script>|<svg\b.*?</svg>|<thead>.*?</tbody>|<style>.*?</style>", " ", page, flags=re.S)
    labels = " ".join(re.findall(r'aria-label="([^"]*)"', page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + labels)


def test_the_chinese_panel_shows_no_english_interface_words(monkeypatch):
    fig, page = _panel(monkeypatch, "zh", rows=450, grid=True)
    text = _reader_text(page)
    shown = [w for w in PANEL_WORDS if w in text]
    assert not shown, f"English words in the Chinese panel: {shown}"
    for _, label in TABS:
        assert f">{i18n.t(label, 'zh')}</button>" in page
    assert "出生人口减少" in text  # the figure's title, translated (tab list and table caption)
    assert re.search(r"前 400 行", text) and "450" in text  # the table's note keeps its numbers
    assert "来源：" in text
    assert '<th scope="col">年份</th>' in page and 'data-columns="[&quot;year&quot;, &quot;per_1000&quot;]"' in page


def test_the_english_panel_keeps_its_words(monkeypatch):
    fig, page = _panel(monkeypatch, "en", rows=450, grid=True)
    text = _reader_text(page)
    assert all(w in text for w in PANEL_WORDS)
    assert 'aria-label="Fewer births: chart, table, downloads, citation"' in page
    assert "<p>The CSV holds the whole grid the chart's controls choose from; the Table shows the current view.</p>" in page
    assert '<p class="rb-table-note">The first 400 of 450 rows; the CSV under Download has them all.</p>' in page
    assert not CJK.search(text) and '<th scope="col">year</th><th scope="col">per_1000</th>' in page


# --- citations and the zip ----------------------------------------------------------------------

META = {"title": "China's Rustbelt", "authors": ["A. Author", "B. Author"], "licence": "MIT", "url": "", "version": "1",
        "message": ""}
DATE = dt.date(2026, 12, 6)


def test_citations_in_chinese_keep_the_book_date_commit_and_numbers():
    plain, bib = sphinx_figures.figure_citation(META, DATE, "abc1234", name="fig-ten-births", title="出生人口减少",
                                                chapter="十年之后", number="4.7", lang="zh")
    assert CJK.search(plain) and "图 4.7" in plain and "2026-12-06" in plain and "abc1234" in plain
    assert "China's Rustbelt" in plain and "Figure" not in plain and "Built" not in plain
    assert "Built" not in bib and "chapter ``" not in bib and "2026-12-06" in bib
    en_plain, en_bib = sphinx_figures.figure_citation(META, DATE, "abc1234", name="fig-ten-births", title="Fewer births",
                                                      chapter="Ten years on", number="4.7")
    assert en_plain == ("A. Author; B. Author (2026). “Fewer births”. Figure 4.7 in the chapter “Ten years on” of "
                        "China's Rustbelt. Built 2026-12-06 from commit abc1234.")
    assert "  howpublished = {Figure 4.7, chapter ``Ten years on'', in \\emph{China's Rustbelt}},\n" in en_bib
    book_plain, _ = sphinx_figures.book_citation(META, DATE, "abc1234", "zh")
    assert CJK.search(book_plain) and "executable" not in book_plain


def test_the_zip_readme_is_chinese_in_the_chinese_edition(monkeypatch):
    meta = {"title": "出生人口减少", "description": "折线图", "source_line": "来源：x", "datasets": []}
    cite = ("plain", "bib")
    readme = zipfile.ZipFile(io.BytesIO(sphinx_figures.figure_zip("fig-x", "a\n1\n", meta, cite, DATE, "abc", "zh"))
                             ).read("README.txt").decode()
    assert readme.startswith("出生人口减少\n" + "=" * 12 + "\n") and "文件" in readme and "Files" not in readme
    en = zipfile.ZipFile(io.BytesIO(sphinx_figures.figure_zip("fig-x", "a\n1\n", {**meta, "title": "Fewer births"},
                                                              cite, DATE, "abc"))).read("README.txt").decode()
    assert en.startswith("Fewer births\n============\n") and "Files\n-----\nfig-x.csv       the data behind the chart" in en


def test_rustbelt_js_words_follow_the_page_language():
    """rustbelt.js writes its status words in the page's language (<html lang="zh-CN">)."""
    js = (ROOT / "_assets" / "rustbelt.js").read_text(encoding="utf-8")
    en = dict(re.findall(r'(\w+): "([^"]*)"', re.search(r"en: \{([^}]*)\}", js).group(1)))
    zh = dict(re.findall(r'(\w+): "([^"]*)"', re.search(r"zh: \{([^}]*)\}", js).group(1)))
    assert en.keys() == zh.keys() and all(CJK.search(v) for v in zh.values())
    assert en["linkCopied"] == "Link copied." and en["copyThisLink"] == "Copy this link: "
    # no English the reader would see is written directly any more
    assert not re.search(r'textContent = [^;]*"[A-Z][a-z]+ ', js)
    for key in en:
        assert f'word("{key}")' in js


# --- Chinese titles wrap (no spaces to break at) -------------------------------------------------

def _wrap_at_spaces(text: str, chars: int) -> list[str]:
    """Greedy wrapping at spaces: how the book wraps an English title."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > chars:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def test_static_titles_wrap_chinese_between_characters_and_english_at_spaces():
    from rustbelt.web_figure import _wrap

    zh = "一般公共预算收入（或税收收入）占一般公共预算支出的比例；其余主要是中央转移支付"
    lines = _wrap(zh, 30)
    assert isinstance(lines, list) and "".join(lines) == zh
    assert all(len(line) * 1.8 <= 30 for line in lines) and not any(line[0] in "，。；：、）" for line in lines)
    en = "Share re-employed 3 years after the first layoffs, over the rate's whole range; vertical line: the chosen rate"
    assert _wrap(en, 48) == _wrap_at_spaces(en, 48)  # English wraps as it always has
    assert _wrap("短标题", 30) == "短标题" and _wrap("Short title", 30) == "Short title"


JS_HARNESS = r"""
const fs = require("fs"), vm = require("vm");
const fns = {};
const wide = /[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]/;
const ctx = {
  window: {}, addEventListener() {}, console, requestAnimationFrame: () => 0, setTimeout: () => 0, performance: { mark() {} },
  location: { protocol: "http:", hash: "", href: "http://x/" },
  vega: { expressionFunction: (name, f) => { fns[name] = f; } },
  document: {
    readyState: "loading", addEventListener() {}, documentElement: { lang: "zh-CN" },
    createElement: () => ({ getContext: () => ({ font: "", measureText: (t) => ({
      width: [...t].reduce((a, c) => a + (wide.test(c) ? 12 : 6.72), 0) }) }) }),
  },
};
ctx.window = ctx;
vm.runInNewContext(fs.readFileSync(process.argv[2], "utf8"), ctx);
const out = JSON.parse(process.argv[3]).map(([text, width]) => fns.rbWrapLines(text, width, "12px sans-serif"));
process.stdout.write(JSON.stringify(out));
"""


def test_rustbelt_js_wraps_chinese_titles_between_characters(tmp_path):
    import json
    import shutil
    import subprocess

    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    zh = "一般公共预算收入（或税收收入）占一般公共预算支出的比例；其余主要是中央转移支付"
    en = "Share re-employed 3 years after the first layoffs, over the rate's whole range"
    script = tmp_path / "harness.js"
    script.write_text(JS_HARNESS, encoding="utf-8")
    run = subprocess.run([node, str(script), str(ROOT / "_assets" / "rustbelt.js"),
                          json.dumps([[zh, 200], [en, 200], ["短标题", 200]])],
                         capture_output=True, text=True, timeout=60, check=True)
    zh_lines, en_lines, short = json.loads(run.stdout)
    assert isinstance(zh_lines, list) and len(zh_lines) > 1 and "".join(zh_lines) == zh and all(len(line) * 12 <= 200 for line in zh_lines)
    assert not any(line[0] in "，。；：、）" for line in zh_lines)
    words = en.split()  # English: greedy at spaces, as before
    assert isinstance(en_lines, list) and " ".join(en_lines).split() == words
    assert all(len(line) * 6.72 <= 200 for line in en_lines)
    assert short == "短标题"


def test_the_cite_label_finds_the_title_in_either_language():
    for title, suffix in (("Fewer births", ": chart, table, downloads, citation"), ("出生人口减少", "——图表、表格、下载与引用")):
        body = (f'<div class="rb-figure" id="chart-x-figure" data-name="fig-x"><div class="rb-tablist" role="tablist" '
                f'aria-label="{title}{suffix}"></div></div>')
        assert sphinx_figures.fill_title(body, "chart-x") == title
    assert i18n.t(": chart, table, downloads, citation", "zh") == "——图表、表格、下载与引用"
