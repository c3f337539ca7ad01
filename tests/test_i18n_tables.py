"""The tables the chapters print, the charts' Table tabs, the exercises' titles and every page's
chrome in the Chinese edition (issue 15).

A table's words come from the package (its labels, headings and notes) or from a data file (a
label of a CSV, translated when it is shown, never in the file). In a Chinese run each has a
Chinese entry in the package's catalogue (``rustbelt/locale/zh/tables.yml`` and the others it is
merged with): completeness is checked here on the tables as the chapters print them. In an
English run the tables are exactly what they were. The exercises' titles are messages of their
page's catalogue (``locales/zh_CN``), translated by Sphinx (:mod:`rustbelt.book.sphinx_i18n`).
"""
from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import polib
import pytest
import yaml

from rustbelt import charts, i18n, outlook, record, tenyears
from rustbelt.book import i18n_report, sphinx_i18n
from rustbelt.chapters import feasibility as ch3
from rustbelt.parameters import validate

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
#: five Latin words in a row: what the report of English left on the Chinese pages flags
ENGLISH_RUN = i18n_report.ENGLISH_RUN
#: a cell that is a number as the tables write it (1.25, 0.067, 2,187, -0.2)
NUMBER = re.compile(r"^[-+−]?[\d,]*\.?\d+(e[-+]?\d+)?%?$")
#: parameter sets of Chapter 3 whose notes on the ranges differ (the Northeast's share raised at
#: its low end to what Longmay alone announced, and above the chosen share)
FEASIBILITY_SETS = [{}, {"n_draws": 500, "reemployment_rate": 0.25, "scenario": "old_policies"},
                    {"northeast_share": 0.113}, {"cut_share": 0.1, "northeast_share": 0.113}]


def zh_words(value: str) -> bool:
    """A cell a Chinese reader can read: Chinese, a number, or a name the code gives (an
    identifier such as ``fund_multiplier``, shown as the code spells it)."""
    value = str(value).strip()
    return bool(CJK.search(value) or NUMBER.match(value) or re.fullmatch(r"[a-z_]+(（参数）)?", value) or not value)


def english_cells(frame: pd.DataFrame, keep=()) -> list[str]:
    """The headings and cells of ``frame`` a Chinese reader would read in English (columns in
    ``keep`` hold sources' titles, which stay as written)."""
    out = [str(c) for c in frame.columns if not zh_words(c)]
    for column in frame.columns:
        if column in keep:
            continue
        out += [str(v) for v in frame[column] if isinstance(v, str) and not zh_words(v)]
    return out


# --- Chapter 3: the assumptions, uncertainty and robustness tables -------------------------------

def test_assumptions_table_in_chinese_has_every_meaning_translated():
    english = ch3.assumptions_table("en")
    chinese = ch3.assumptions_table("zh")
    assert len(chinese) == len(english) == len(outlook.DEFAULT_ASSUMPTIONS.describe())
    assert not english_cells(chinese)
    # the names (the code's) and the values are the same in both
    assert list(chinese.iloc[:-1, 0]) == list(english.iloc[:-1, 0])
    assert list(chinese.iloc[:-1, 1]) == list(english.iloc[:-1, 1])
    # the numbers a meaning carries are the English meaning's
    for en, zh in zip(english["meaning"], chinese.iloc[:, 2]):
        assert re.findall(r"\d+(?:\.\d+)?", en) == re.findall(r"\d+(?:\.\d+)?", zh), (en, zh)


def test_assumptions_table_in_english_is_unchanged():
    table = ch3.assumptions_table("en")
    assert list(table.columns) == ["assumption", "value", "meaning"]
    assert table.values.tolist() == [list(r) for r in outlook.DEFAULT_ASSUMPTIONS.describe()]
    assert outlook.DEFAULT_ASSUMPTIONS.describe() == outlook.DEFAULT_ASSUMPTIONS.describe("en")
    # every English meaning is a key of the catalogue (or a template of one): none is stale
    table_zh = i18n.catalogue("zh")
    lo, hi = outlook.OPENINGS_SHARE_RANGE
    for name, _, meaning in outlook.DEFAULT_ASSUMPTIONS.describe("en"):
        template = meaning.replace(f"range {lo:g}–{hi:g}", "range {lo:g}–{hi:g}")
        assert meaning in table_zh or template in table_zh, name


@pytest.mark.parametrize("changes", FEASIBILITY_SETS, ids=str)
def test_uncertainty_table_in_chinese_has_every_label_and_note_translated(changes):
    params = validate("feasibility", **changes)
    english = outlook.uncertainty_table(params)
    chinese = ch3.uncertainty_table(params, "zh")
    assert not english_cells(chinese), english_cells(chinese)
    assert ch3.uncertainty_table(params, "en").equals(english)
    # the numbers of the ranges are the English table's
    assert chinese.iloc[:, 1:4].values.tolist() == english[["low", "chosen", "high"]].values.tolist()
    for en, zh in zip(english["range and position"], chinese.iloc[:, 5]):
        assert sorted(re.findall(r"\d+(?:\.\d+)?", en)) == sorted(re.findall(r"\d+(?:\.\d+)?", zh)), (en, zh)


def test_robustness_table_in_chinese_and_english():
    params = validate("feasibility", n_draws=200)
    rows = outlook.robustness(params)
    english = ch3.robustness_table(rows, "en")
    chinese = ch3.robustness_table(rows, "zh")
    assert list(english.columns) == ["input", "% holding at the low end", "% at the chosen value", "% at the high end"]
    assert english["input"].tolist() == outlook.robustness_summary(rows)["input"].tolist()
    assert not english_cells(chinese), english_cells(chinese)
    assert chinese.iloc[:, 1:].values.tolist() == english.iloc[:, 1:].values.tolist()


def test_scenarios_section_glues_the_table_in_the_runs_language(monkeypatch):
    params = validate("feasibility")
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    chinese = ch3.scenarios_section(params)["assumptions_table"].data
    monkeypatch.setenv(i18n.ENV_VAR, "en")
    english = ch3.scenarios_section(params)["assumptions_table"].data
    assert "含义" in chinese and "meaning" not in chinese
    assert "<th>meaning</th>" in english and not CJK.search(english)


def page_text(styler) -> str:
    return re.sub(r"<[^>]+>", " ", styler.to_html())


def test_neighbour_trade_table_in_chinese_keeps_the_sources_as_english():
    english = ch3.neighbour_trade_table("en")
    chinese = ch3.neighbour_trade_table("zh")
    raw = record.neighbour_trade_table()
    assert english.data.equals(raw)
    shown = chinese.data
    assert not english_cells(shown, keep=[i18n.t("source", "zh")])
    # in 亿元: the same figures times ten
    assert shown["亿元"].tolist() == pytest.approx((raw["RMB billion"] * 10).tolist(), rel=1e-12)
    assert "十亿元" not in shown.columns and "亿元" in page_text(chinese)
    page = chinese.to_html()
    for title in raw["source"].unique():
        assert f'<span lang="en">{html.escape(title)}</span>' in page


# --- Chapter 4: the provinces' capacity cuts ------------------------------------------------------

def test_every_capacity_cut_label_has_chinese():
    table = i18n.catalogue("zh")
    assert [label for label in tenyears.CUT_LABELS.values() if label not in table] == []


@pytest.mark.parametrize("provinces", [tenyears.PROVINCES, ["Heilongjiang"], ["Liaoning", "Jilin"]], ids=str)
def test_cuts_table_html_in_chinese_and_english(provinces):
    cuts = tenyears.cuts_table(provinces).rename(columns={"mt": "Mt/yr"})
    before = ('<div class="rb-table-wrap">' + cuts.to_html(index=False, border=0, classes="table",
                                                             float_format="{:.2f}".format) + "</div>")
    assert tenyears.cuts_table_html(provinces, "en") == before
    chinese = tenyears.cuts_table_html(provinces, "zh")
    cells = [html.unescape(c) for c in re.findall(r"<t[dh]>(.*?)</t[dh]>", chinese, re.S)]
    english = [c for c in cells if not c.startswith('<span lang="en">') and not zh_words(c)]
    assert english == []
    assert chinese.count('<span lang="en">') == len(cuts)
    # in 万吨/年: the same figures times a hundred
    assert "万吨/年" in cells and "百万吨/年" not in cells
    rows = [re.findall(r"<t[dh]>(.*?)</t[dh]>", r, re.S) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", chinese, re.S)]
    column = rows[0].index("万吨/年")
    shown = [float(r[column].replace(",", "")) for r in rows[1:]]
    assert shown == pytest.approx([round(v * 100) for v in cuts["Mt/yr"]], abs=0.5)


# --- the charts' Table tabs -------------------------------------------------------------------------

def _figure(frame: pd.DataFrame):
    return charts.Figure(chart=None, name="fig-test", title="Test", description="d", sources=[], data=frame)


def test_table_tab_shows_labels_in_chinese_and_sources_as_written(monkeypatch):
    from rustbelt import web_figure

    frame = pd.DataFrame({"region": ["China", "Heilongjiang"], "measure": ["growth_pct", "index_start"],
                          "value": [6.9, 101.5], "source": ["Xinhua via China.org.cn", "NBS"]})
    monkeypatch.setenv(i18n.ENV_VAR, "en")
    english = web_figure.table_html(_figure(frame), "t")
    assert "<td>China</td><td>growth_pct</td><td>6.9</td><td>Xinhua via China.org.cn</td>" in english
    assert "lang=" not in english
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    chinese = web_figure.table_html(_figure(frame), "t")
    zh = i18n.catalogue("zh")
    assert f"<td>{zh['China']}</td><td>{zh['growth_pct']}</td><td>6.9</td>" in chinese
    assert f"<td>{zh['index_start']}</td>" in chinese
    assert '<td lang="en">Xinhua via China.org.cn</td>' in chinese
    # the CSV and the data-columns keep the data's own values
    assert 'data-columns="[&quot;region&quot;, &quot;measure&quot;, &quot;value&quot;, &quot;source&quot;]"' in chinese


def _chapter_figures(chapter: str, monkeypatch) -> list:
    """Every Figure a chapter's code cells make in a Chinese run (the cells run in this process;
    no notebook, no glue store)."""
    import myst_nb

    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    monkeypatch.setenv("RUSTBELT_CHART_OUTPUT", "svg")
    made = []
    init = charts.Figure.__init__

    def record_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(charts.Figure, "__init__", record_init)
    monkeypatch.setattr(myst_nb, "glue", lambda *a, **k: None)
    source = (ROOT / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")
    namespace = {"__name__": "__main__"}
    for cell in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", source, re.S):
        cell = re.sub(r"^---\n.*?\n---\n", "", cell, flags=re.S)
        code = "\n".join(line for line in cell.splitlines() if not line.startswith((":tags", "%")))
        if "import reemployment_explorer" in code or "import ten_years_explorer" in code:
            continue  # the live widgets need a kernel
        exec(compile(code, f"{chapter}.md", "exec"), namespace)
    return made


@pytest.mark.parametrize("chapter", ["challenges", "transitional_pain", "feasibility", "ten_years_on"])
def test_every_label_a_charts_table_tab_shows_has_chinese(chapter, monkeypatch):
    """The label values of the data behind every chart of the chapter (what its Table tab shows,
    apart from the sources' titles) have a Chinese entry, or are Chinese already."""
    from rustbelt import web_figure

    figures = _chapter_figures(chapter, monkeypatch)
    assert figures
    table = i18n.catalogue("zh")
    lacking = set()
    for fig in figures:
        frame = fig.table if fig.table is not None else fig.data
        for column in frame.columns:
            if str(column) in web_figure.SOURCE_COLUMNS:
                continue
            if str(column) not in table and not CJK.search(str(column)):
                lacking.add(f"{fig.name}: column {column}")
            for value in frame[column].head(web_figure.TABLE_MAX_ROWS):
                if isinstance(value, str) and re.search("[A-Za-z]{2,}", value) and not CJK.search(value) \
                        and value not in table:
                    lacking.add(f"{fig.name}: {value}")
    assert not lacking, sorted(lacking)


# --- Chapter 4's glued sentence ---------------------------------------------------------------------

@pytest.mark.parametrize("budget, share", [("Liaoning", "Liaoning"), ("Liaoning", "Heilongjiang")])
def test_ratio_reason_is_chinese_in_a_chinese_run(budget, share, monkeypatch):
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    chinese = tenyears.ratio_reason_text(budget, share)
    assert CJK.search(chinese) and not ENGLISH_RUN.search(chinese)
    assert i18n.t(budget, "zh") in chinese and i18n.t(share, "zh") in chinese
    monkeypatch.setenv(i18n.ENV_VAR, "en")
    assert tenyears.ratio_reason_text(budget, share) == tenyears.ratio_reason_text(budget, share, lang="en")
    assert tenyears.ratio_reason_text("Liaoning", "Liaoning", lang="en") == (
        "Liaoning has the largest budget and also the highest share, so the regional ratio is pulled towards it.")


# --- the exercises' titles ----------------------------------------------------------------------------

EXERCISE = re.compile(r"^```\{exercise\}\s+(.+?)\s*$", re.M)


def exercise_titles() -> dict[str, list[str]]:
    """Chapter page -> the titles of its exercises, as the sources write them."""
    out = {}
    for path in sorted((ROOT / "chapters").glob("*.md")):
        titles = EXERCISE.findall(path.read_text(encoding="utf-8"))
        if titles:
            out[f"chapters/{path.stem}"] = titles
    return out


def test_every_exercise_title_has_chinese_in_its_pages_catalogue():
    titles = exercise_titles()
    assert sum(len(v) for v in titles.values()) >= 13
    problems = []
    for page, page_titles in titles.items():
        po = {e.msgid: e for e in polib.pofile(str(i18n_report.CATALOGUES / f"{page}.po")) if not e.obsolete}
        for title in page_titles:
            entry = po.get(title)
            if entry is None or not CJK.search(entry.msgstr) or "fuzzy" in entry.flags:
                problems.append(f"{page}: {title!r}")
    assert not problems


def _sphinx(project: Path, builder: str, out: str, *overrides: str) -> None:
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", builder, *overrides, str(project), str(project / out)],
                   check=True, capture_output=True, cwd=project)


@pytest.fixture(scope="module")
def small_book(tmp_path_factory) -> Path:
    """A two-page book with an exercise, its solution, a toctree caption and a glossary entry,
    its Chinese catalogue written the way the book's are."""
    project = tmp_path_factory.mktemp("small_book")
    (project / "conf.py").write_text(
        'extensions = ["myst_nb", "sphinx_exercise", "rustbelt.book.sphinx_i18n"]\n'
        'locale_dirs = ["locales"]\ngettext_compact = False\ngettext_auto_build = True\nnumfig = True\n'
        'copyright = "2026. Text CC BY 4.0; code MIT; data: see the data appendix"\n', encoding="utf-8")
    (project / "index.md").write_text(
        "# Page\n\n```{toctree}\n:caption: Teaching with the book\nappendices/glossary\n```\n\n"
        "```{exercise} What would the article's figure take?\n:label: ex-one\n\nDo it.\n```\n\n"
        "```{solution} ex-one\nDone.\n```\n", encoding="utf-8")
    (project / "appendices").mkdir()
    (project / "appendices" / "glossary.md").write_text(
        "# Glossary\n\n```{glossary}\nspecial award and subsidy fund\n专项奖补资金\nzhuānxiàng jiǎngbǔ zījīn\n"
        "  The fund.\n```\n", encoding="utf-8")
    messages = project / "locales" / "zh_CN" / "LC_MESSAGES"
    (messages / "appendices").mkdir(parents=True)
    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    (messages / "index.po").write_text(
        head + 'msgid "Teaching with the book"\nmsgstr "用本书教学"\n\n'
        'msgid "What would the article\'s figure take?"\nmsgstr "文章的数字需要什么条件？"\n', encoding="utf-8")
    (messages / "appendices" / "glossary.po").write_text(head, encoding="utf-8")
    _sphinx(project, "html", "_build/en")
    _sphinx(project, "html", "_build/zh", "-D", "language=zh_CN", "-D", "rustbelt_lang=zh")
    _sphinx(project, "gettext", "_build/gettext")
    return project


def test_exercise_title_is_translated_in_the_exercise_and_its_solution(small_book):
    zh = (small_book / "_build" / "zh" / "index.html").read_text(encoding="utf-8")
    en = (small_book / "_build" / "en" / "index.html").read_text(encoding="utf-8")
    assert zh.count("文章的数字需要什么条件？") == 2  # the exercise and its solution's title
    assert "figure take" not in zh
    assert "(What would the article’s figure take?)" in en and "(What would the article's figure take?)" in en


def test_exercise_title_is_a_message_of_the_pages_template(small_book):
    pot = polib.pofile(str(small_book / "_build" / "gettext" / "index.pot"))
    assert "What would the article's figure take?" in {e.msgid for e in pot}


def test_glossary_english_term_is_marked_english_on_the_chinese_pages(small_book):
    zh = small_book / "_build" / "zh"
    glossary = (zh / "appendices" / "glossary.html").read_text(encoding="utf-8")
    assert re.search(r'<dt id="term-special-award-and-subsidy-fund"[^>]*lang="en"', glossary)
    assert not re.search(r'<dt id="term-0"[^>]*lang=', glossary)  # the characters are not marked
    assert '<span lang="en">special award and subsidy fund</span>' in (zh / "genindex.html").read_text(encoding="utf-8")
    english = (small_book / "_build" / "en" / "appendices" / "glossary.html").read_text(encoding="utf-8")
    assert 'lang="en">special' not in english and "language-en" not in english
    assert i18n_report.english_passages(glossary) == []


def test_toc_caption_is_translated(small_book):
    assert "用本书教学" in (small_book / "_build" / "zh" / "index.html").read_text(encoding="utf-8")


# --- every page's chrome ----------------------------------------------------------------------------

def test_toc_captions_have_chinese_in_the_root_pages_catalogue():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    captions = [part["caption"] for part in toc["parts"]]
    po = {e.msgid: e.msgstr for e in polib.pofile(str(i18n_report.CATALOGUES / f"{toc['root']}.po"))}
    assert captions and all(CJK.search(po.get(c, "")) for c in captions), captions


def test_footer_and_downloads_line_have_chinese():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    table = i18n.catalogue("zh")
    for text in (config["copyright"], config["author"], "Downloads: ", "this chapter as a notebook (.ipynb)",
                 "the book's Python package (.whl, with the data)"):
        assert CJK.search(table.get(text, "")), text


def test_glossary_english_terms_are_the_first_line_of_each_entry():
    terms = sphinx_i18n.glossary_english_terms(ROOT)
    assert {"the Northeast", "laid off", "special award and subsidy fund"} <= terms
    assert not any(CJK.search(term) for term in terms)
    assert "zhuānxiàng jiǎngbǔ zījīn" not in terms and "xiàgǎng" not in terms


def test_quoted_article_words_in_the_intro_are_only_the_articles():
    """The article's words quoted in English in a Chinese sentence are the article's only: the
    rest of the sentence is Chinese (no English run once the quotations are set aside)."""
    po = polib.pofile(str(i18n_report.CATALOGUES / "intro.po"))
    for entry in po:
        if "up to" in entry.msgid and entry.msgstr:
            assert "“up to”（译文：“多达”）" in entry.msgstr
            assert not ENGLISH_RUN.search(i18n_report.QUOTED.sub(" ", entry.msgstr)), entry.msgstr


def _punctuation(char: str) -> bool:
    import unicodedata

    return unicodedata.category(char)[0] in "PS"


def emphasis_that_does_not_open_or_close(text: str) -> list[str]:
    """The ``*``/``**`` delimiters of ``text`` that CommonMark would print as asterisks: an opening
    one must be left-flanking (not before a space; before punctuation only after a space or
    punctuation), a closing one right-flanking (the mirror rule). Code spans and roles count as
    the punctuation that bounds them."""
    text = re.sub(r"`[^`]*`", "`x`", text)
    text = re.sub(r"\$[^$]*\$", "$x$", text)
    opened: dict[int, bool] = {}
    problems = []
    for m in re.finditer(r"(?<!\*)\*{1,2}(?!\*)", text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        n = len(m.group())
        if not opened.get(n):
            ok = not after.isspace() and (not _punctuation(after) or before.isspace() or _punctuation(before))
            opened[n] = True
        else:
            ok = not before.isspace() and (not _punctuation(before) or after.isspace() or _punctuation(after))
            opened[n] = False
        if not ok:
            problems.append(text[max(0, m.start() - 12): m.end() + 12])
    return problems


def test_emphasis_detector():
    assert len(emphasis_that_does_not_open_or_close("它们的增长*{glue:text}`x`*，每年")) == 1
    assert emphasis_that_does_not_open_or_close("它们的增长 *{glue:text}`x`*，每年") == []
    assert emphasis_that_does_not_open_or_close("即削减*产量*（原先是削减产能）") == []
    assert emphasis_that_does_not_open_or_close("**{glue:text}`a:.1f` 百万人**，自") == []


def test_emphasis_in_the_translations_renders():
    """No ``*`` of a translation prints as an asterisk (``增长*{glue:text}`…`*`` did)."""
    problems = []
    for path in i18n_report.catalogues():
        for entry in polib.pofile(str(path)):
            if entry.msgstr and "*" in entry.msgstr:
                problems += [f"{path.name}: {p}" for p in emphasis_that_does_not_open_or_close(entry.msgstr)]
    assert not problems
