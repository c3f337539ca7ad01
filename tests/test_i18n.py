"""The Chinese edition (issue 15): the lang parameter, the catalogues, the chart-text catalogue,
and the built zh site (lang attribute, language switch both ways, Chinese search, glued numbers).

The catalogues are complete: every message translated, none fuzzy, and (after `make book`) none
missing from them for a paragraph the English pages now hold. When English text changes, run
`python -m rustbelt.book.i18n_report --update` and translate what it reports.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest

from rustbelt import i18n
from rustbelt.book import i18n_report
from rustbelt.book.sphinx_i18n import SCALED_ROLES, other_language_url
from rustbelt.parameters import ParameterError, validate_book

ROOT = Path(__file__).resolve().parents[1]
PO_FILES = i18n_report.catalogues()
CJK = re.compile(r"[\u4e00-\u9fff]")
# roles whose target must survive translation unchanged: key/label/citation -> same in msgstr
ROLE = re.compile(r"\{(?P<role>[a-z]+(?::[a-z-]+)?)\}`(?P<body>[^`]*)`")
#: a glued number printed in Chinese units (sphinx_i18n.ScaledText): the same key, another format
SCALED = {f"glue:{name}" for name in SCALED_ROLES}


# --- the lang parameter ----------------------------------------------------------------------

def test_lang_parameter_defaults_to_english_and_accepts_zh():
    assert validate_book() == {"lang": "en"}
    assert validate_book(lang="zh") == {"lang": "zh"}


@pytest.mark.parametrize("bad", ["fr", "zh_CN", "", None, 1])
def test_bad_lang_names_parameter_value_and_allowed(bad):
    with pytest.raises(ParameterError) as e:
        validate_book(lang=bad)
    message = str(e.value)
    assert "'lang'" in message and repr(bad) in message and "['en', 'zh']" in message


def test_lang_comes_from_the_environment_and_is_validated(monkeypatch):
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    assert i18n.lang() == "zh"
    monkeypatch.setenv(i18n.ENV_VAR, "de")
    with pytest.raises(ParameterError, match="'lang' = 'de'"):
        i18n.lang()


def test_execute_chapter_refuses_a_bad_lang_before_a_kernel_starts():
    from rustbelt.run import execute_chapter

    with pytest.raises(ParameterError, match="'lang' = 'jp'"):
        execute_chapter("challenges", {"lang": "jp"})


# --- chart text ------------------------------------------------------------------------------

def _spec():
    return {
        "title": {"text": "Jobs in urban units", "subtitle": ["Northeast, million"]},
        "params": [{"name": "vintage", "bind": {"input": "select", "name": "Vintage: ", "options": ["v4", "old"]}}],
        "layer": [
            {"mark": {"type": "line"},
             "encoding": {"x": {"field": "year", "type": "quantitative", "axis": {"title": "Year"}},
                          "y": {"field": "value", "type": "quantitative", "title": "Jobs"},
                          "color": {"field": "series", "legend": {"title": "Series"}},
                          "tooltip": [{"field": "value", "title": "Jobs", "format": ".2f"}]}},
            {"mark": {"type": "text", "text": "2016 cuts"}, "encoding": {"text": {"value": "peak"}}},
        ],
        "data": {"values": [{"year": 2016, "value": 1.24, "series": "Liaoning"}]},
    }


def test_spec_strings_finds_every_reader_visible_string_and_no_data():
    found = i18n.spec_strings(_spec())
    assert found == {"Jobs in urban units", "Northeast, million", "Vintage: ", "Year", "Jobs", "Series",
                     "2016 cuts", "peak"}


def test_translate_spec_translates_text_and_keeps_numbers_fields_and_data(monkeypatch):
    table = {"Jobs in urban units": "城镇单位就业", "Year": "年份", "Jobs": "就业", "Vintage: ": "口径：",
             "peak": "峰值"}
    monkeypatch.setattr(i18n, "catalogue", lambda lang: table)
    spec = _spec()
    out = i18n.translate_spec(spec, "zh")
    assert out["title"]["text"] == "城镇单位就业"
    assert out["title"]["subtitle"] == ["Northeast, million"]  # no entry: stays English (and a test lists it)
    assert out["params"][0]["bind"]["name"] == "口径："
    assert out["params"][0]["bind"]["options"] == ["v4", "old"]  # values, not labels
    enc = out["layer"][0]["encoding"]
    assert enc["x"]["axis"]["title"] == "年份" and enc["y"]["title"] == "就业" and enc["tooltip"][0]["title"] == "就业"
    assert enc["x"]["field"] == "year" and enc["tooltip"][0]["format"] == ".2f"
    assert out["layer"][1]["encoding"]["text"]["value"] == "峰值"
    assert out["data"] == spec["data"] and spec["title"]["text"] == "Jobs in urban units"  # input untouched
    assert i18n.missing(i18n.spec_strings(spec), "zh") == sorted(i18n.spec_strings(spec) - set(table))


def test_package_catalogue_is_well_formed_and_chinese():
    table = i18n.catalogue("zh")
    assert table, "rustbelt/locale/zh.yml is empty"
    kept_latin = {"V4"}  # names Chinese text writes in Latin letters too
    for english, chinese in table.items():
        assert CJK.search(chinese) or chinese in kept_latin, f"zh.yml: {english!r} -> {chinese!r} has no Chinese"


# --- the catalogues --------------------------------------------------------------------------

def test_every_page_of_the_book_has_a_catalogue():
    toc = (ROOT / "_toc.yml").read_text()
    pages = set(re.findall(r"file: (\S+)", toc)) | {re.search(r"root: (\S+)", toc).group(1)}
    assert {p.page for p in i18n_report.report()} == pages


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: p.relative_to(i18n_report.CATALOGUES).as_posix())
def test_translations_keep_every_role_and_target(path):
    """A translated message keeps the glued keys (with their formats), citations, cross-references
    and glossary targets of its English: same roles, same targets, same counts. A number the
    Chinese prints in its own units (``{glue:million-to-wan}`` …) keeps its key, in another format."""
    problems = []
    for entry in polib.pofile(str(path)):
        if not entry.msgstr:
            continue

        def targets(text):
            out = []
            for m in ROLE.finditer(text):
                body = m["body"]
                if m["role"] in ("term", "ref", "doc", "numref", "chapter"):
                    t = re.search(r"<([^>]*)>$", body)
                    body = t.group(1) if t else body
                if m["role"] in SCALED:
                    out.append(("glue:text", body.rsplit(":", 1)[0] + ":scaled"))
                    continue
                out.append((m["role"], body))
            return sorted(out)

        scaled = {body for role, body in targets(entry.msgstr) if body.endswith(":scaled")}
        english = sorted(("glue:text", body.rsplit(":", 1)[0] + ":scaled")
                         if role == "glue:text" and body.rsplit(":", 1)[0] + ":scaled" in scaled else (role, body)
                         for role, body in targets(entry.msgid))
        if english != targets(entry.msgstr):
            problems.append(f"{entry.msgid[:60]!r}: {english} != {targets(entry.msgstr)}")
    assert not problems, "\n".join(problems)


def glossary_chinese() -> dict[str, str]:
    """Each glossary term (English, characters, pinyin) -> the entry's characters."""
    text = (ROOT / "appendices" / "glossary.md").read_text(encoding="utf-8")
    body = text.split("```{glossary}", 1)[1].split("\n```", 1)[0]
    out: dict[str, str] = {}
    group: list[str] = []
    for line in body.split("\n"):
        if line and not line.startswith((" ", ":")):
            group.append(line.strip())
        elif group:
            chinese = next((t for t in group if CJK.search(t)), None)
            if chinese:
                out.update({t: chinese for t in group})
            group = []
    return out


def test_glossary_table_has_a_chinese_form_for_every_english_term():
    table = glossary_chinese()
    assert table["the Northeast"] == "东北" and table["laid off"] == "下岗"


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: p.relative_to(i18n_report.CATALOGUES).as_posix())
def test_translated_glossary_terms_use_the_glossarys_chinese(path):
    """Wherever a translation shows a glossary term, it shows the glossary's 中文 form for it."""
    table = glossary_chinese()
    problems = []
    for entry in polib.pofile(str(path)):
        if not entry.msgstr:
            continue
        for m in ROLE.finditer(entry.msgstr):
            if m["role"] != "term":
                continue
            t = re.match(r"^(.*?)\s*<([^>]*)>$", m["body"])
            shown, target = (t.group(1), t.group(2)) if t else (m["body"], m["body"])
            if CJK.search(shown) and shown != table.get(target, shown):
                problems.append(f"{shown!r} for {target!r}: the glossary says {table[target]!r}")
    assert not problems, "\n".join(problems)


def test_glossary_term_lines_are_kept_as_link_targets():
    """The glossary's term lines are what {term} links point at: a translated term line would
    break every link to it, so their msgstr is the msgid or empty."""
    po = polib.pofile(str(i18n_report.CATALOGUES / "appendices" / "glossary.po"))
    terms = set(glossary_chinese())
    changed = [e.msgid for e in po if e.msgid in terms and e.msgstr and e.msgstr != e.msgid]
    assert not changed


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: p.relative_to(i18n_report.CATALOGUES).as_posix())
def test_every_catalogue_is_complete(path):
    """No untranslated and no fuzzy message: a changed English paragraph must be translated again
    before it lands (the Chinese page would otherwise show it in English)."""
    entries = [e for e in polib.pofile(str(path)) if not e.obsolete]
    untranslated = [e.msgid[:90] for e in entries if not e.msgstr.strip()]
    fuzzy = [e.msgid[:90] for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"{path.name}: untranslated: {untranslated}"
    assert not fuzzy, f"{path.name}: fuzzy (the English changed): {fuzzy}"
    assert i18n_report.completeness(path).percent == 100.0


@pytest.mark.book
def test_catalogues_hold_every_message_of_the_english_pages():
    """The templates made from today's English pages (the gettext build, from the execution cache
    `make book` filled) hold no message the catalogues lack: the 100 % above is of the current text."""
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "rustbelt.book.build", "--builder", "gettext"], check=True, cwd=ROOT,
                   capture_output=True)
    templates = ROOT / "_build" / "gettext"
    pots = sorted(templates.rglob("*.pot"))
    assert pots, "the gettext build wrote no templates"
    missing = {}
    for pot in pots:
        page = pot.relative_to(templates).with_suffix("").as_posix()
        if page == "sphinx":  # the theme's interface strings: Sphinx's own Chinese catalogue has them
            continue
        po = i18n_report.CATALOGUES / f"{page}.po"
        assert po.exists(), f"no catalogue for {page}"
        have = {e.msgid for e in polib.pofile(str(po)) if not e.obsolete}
        lacking = [e.msgid[:90] for e in polib.pofile(str(pot)) if e.msgid not in have]
        if lacking:
            missing[page] = lacking
    assert not missing, f"run python -m rustbelt.book.i18n_report --update and translate: {missing}"


def test_completeness_report_counts_translated_and_total():
    rows = i18n_report.report()
    assert all(0 <= r.translated <= r.total for r in rows) and sum(r.total for r in rows) > 500
    text = i18n_report.render(rows)
    assert "whole book" in text and "chapters/challenges" in text


# --- the built Chinese edition ---------------------------------------------------------------

def zh_pages(zh: Path) -> list[Path]:
    skip = {"genindex.html", "search.html", "index.html"}
    return sorted(p for p in zh.rglob("*.html") if p.name not in skip and not p.relative_to(zh).parts[0].startswith("_"))


def test_every_zh_page_is_marked_chinese_and_every_english_page_english(book_html, zh_html):
    pages = zh_pages(zh_html)
    assert len(pages) == len(i18n_report.catalogues())
    for page in pages:
        assert re.search(r'<html[^>]* lang="zh-CN"', page.read_text(encoding="utf-8")), page
    for page in pages:
        english = book_html / page.relative_to(zh_html)
        assert re.search(r'<html[^>]* lang="en"', english.read_text(encoding="utf-8")), english


def _switch(page: Path) -> tuple[str, str]:
    m = re.search(r'<a class="btn btn-sm rustbelt-lang-switch" href="([^"]+)" hreflang="([^"]+)"', page.read_text(encoding="utf-8"))
    assert m, f"{page}: no language switch"
    return m.group(1), m.group(2)


def test_language_switch_and_hreflang_lead_to_the_same_page_both_ways(book_html, zh_html):
    for zh in zh_pages(zh_html):
        en = book_html / zh.relative_to(zh_html)
        href, lang = _switch(en)
        assert lang == "zh-CN" and (en.parent / href).resolve() == zh.resolve()
        href, lang = _switch(zh)
        assert lang == "en" and (zh.parent / href).resolve() == en.resolve()
        for page, other in ((en, zh), (zh, en)):
            alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"',
                                         page.read_text(encoding="utf-8")))
            assert set(alternates) == {"en", "zh-CN"}
            assert {(page.parent / h).resolve() for h in alternates.values()} == {page.resolve(), other.resolve()}


def _search_terms(site: Path) -> set[str]:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return set(json.loads(text[text.index("(") + 1:text.rindex(")")])["terms"])


def test_chinese_search_finds_a_chinese_word_of_every_translated_page(zh_html):
    """Sphinx's zh search (jieba) indexes Chinese words: for every page with a translated
    heading, a word of it is in the index."""
    terms = _search_terms(zh_html)
    checked = 0
    for row in i18n_report.report():
        if not row.translated:
            continue
        po = polib.pofile(str(i18n_report.CATALOGUES / f"{row.page}.po"))
        import jieba

        words = {w for e in po if e.msgstr and "fuzzy" not in e.flags
                 for w in jieba.cut_for_search(ROLE.sub("", e.msgstr)) if len(w) >= 2 and CJK.fullmatch(w[0])}
        assert words & terms, f"{row.page}: none of its Chinese words is in the zh search index"
        checked += 1
    assert checked


def _numbers(page: Path) -> list[str]:
    spans = re.findall(r'<span class="pasted-text">([^<]*)</span>', page.read_text(encoding="utf-8"))
    return sorted(s for s in spans if re.fullmatch(r"[-+−]?[\d.,]+%?", s))


def _scaled(page: Path) -> list[tuple[str, float, float]]:
    """(text, glued value, factor) of each number a Chinese page prints in its own units."""
    found = re.findall(r'<span class="pasted-text rb-scaled" data-value="([^"]+)" data-scale="([^"]+)">([^<]*)</span>',
                       page.read_text(encoding="utf-8"))
    return [(text, float(value), float(scale)) for value, scale, text in found]


def _decimals(text: str) -> int:
    return len(text.rsplit(".", 1)[1]) if "." in text else 0


def _rounds(text: str, value: float) -> bool:
    """``text`` (a printed number) is ``value`` rounded to the digits it shows."""
    return abs(float(text.replace(",", "").replace("−", "-")) - value) <= 0.5 * 10 ** -_decimals(text) + 1e-9


def test_glued_numbers_are_the_same_in_both_editions(book_html, zh_html):
    """Translated paragraphs print the glued numbers of the English (rustbelt.book.sphinx_i18n); a
    number printed in Chinese units (万, 亿) is the same glued value times its factor, and the
    English page prints that value too."""
    scaled_pages = 0
    for zh in zh_pages(zh_html):
        en = book_html / zh.relative_to(zh_html)
        english = _numbers(en)
        for text, value, factor in _scaled(zh):
            assert _rounds(text, value * factor), (zh.name, text, value, factor)
            # the English number that prints this value most precisely (a "10" also rounds 10.48)
            match = max((e for e in english if _rounds(e.rstrip("%"), value)), key=lambda e: _decimals(e.rstrip("%")),
                        default=None)
            assert match is not None, (zh.name, text, value, "no English number prints this value")
            english.remove(match)
            scaled_pages += 1
        assert _numbers(zh) == english, zh.relative_to(zh_html)
    assert scaled_pages, "no number printed in Chinese units (万, 亿)"


def test_other_language_url_from_nested_and_top_pages():
    assert other_language_url("intro", "en") == ("zh", "zh/intro.html")
    assert other_language_url("chapters/challenges", "en") == ("zh", "../zh/chapters/challenges.html")
    assert other_language_url("chapters/challenges", "zh") == ("en", "../../chapters/challenges.html")


@pytest.mark.papermill
@pytest.mark.parametrize("chapter", ["challenges", "transitional_pain", "feasibility", "ten_years_on"])
def test_papermill_lang_zh_gives_the_english_numbers_and_chinese_charts(chapter, monkeypatch, tmp_path):
    """The Chinese language setting changes words, never numbers: every numeric glued value of a
    chapter run with lang=zh equals the English run's (the glued-values snapshot, which
    `python -m rustbelt.book.snapshot --check` keeps equal to the code). And every string of
    every chart the chapter draws has its Chinese in rustbelt/locale/zh.yml: a new English
    label fails here until it is translated. And every glued word, phrase or sentence the English
    run glues is Chinese in this run, but for the exercise solutions' STILL_ENGLISH."""
    from rustbelt.run import execute_chapter, glued

    log = tmp_path / "missing.jsonl"
    monkeypatch.setenv(i18n.MISSING_VAR, str(log))
    zh = glued(execute_chapter(chapter, {"lang": "zh"}, timeout=600))
    english = json.loads((ROOT / "tests" / "snapshots" / "glued.json").read_text(encoding="utf-8"))[f"{chapter} {{}}"]
    numeric = {k for k, v in english.items() if isinstance(v, int | float) and not isinstance(v, bool)}
    # the same code on the same data: equal to the snapshot's precision (floats round-trip through JSON)
    assert numeric and {k: zh[k] for k in numeric} == pytest.approx({k: english[k] for k in numeric}, rel=1e-9)
    lacking = sorted({json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()}) if log.exists() else []
    assert not lacking, f"chart strings with no Chinese in rustbelt/locale/zh.yml: {lacking}"
    # every word, phrase and sentence the English run glues is glued in Chinese, with its numbers
    words = {k for k, v in english.items() if i18n_report.is_words(v)}
    assert words
    english_left = {k for k in words if not CJK.search(str(zh[k]))}
    assert english_left == STILL_ENGLISH.get(chapter, set()), {k: zh[k] for k in english_left}


#: No glued name or abbreviation is kept in Latin letters in Chinese, the exercise solutions'
#: included (their cells glue names through glue_all, and tenyears.ratio_reason_text writes the
#: one sentence). Listed exactly, per chapter, should an English string ever have to stay.
STILL_ENGLISH: dict[str, set[str]] = {}


def test_scenario_runner_refuses_a_bad_lang_before_running(capsys):
    from rustbelt.__main__ import main

    assert main(["scenarios", "run", str(ROOT / "scenarios" / "seminar-example.yml"), "--lang", "fr",
                 "--out", str(ROOT / "_build" / "never-written")]) == 2
    err = capsys.readouterr().err
    assert "'lang' = 'fr'" in err and "['en', 'zh']" in err and "Nothing was run" in err
    assert not (ROOT / "_build" / "never-written").exists()


def test_translate_spec_records_the_strings_it_lacks(monkeypatch, tmp_path):
    log = tmp_path / "missing.jsonl"
    monkeypatch.setenv(i18n.MISSING_VAR, str(log))
    monkeypatch.setattr(i18n, "catalogue", lambda lang: {"Year": "年份"})
    i18n.translate_spec(_spec(), "zh")
    recorded = {json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()}
    assert recorded == i18n.spec_strings(_spec()) - {"Year"}


def test_catalogue_merges_the_data_catalogues_and_refuses_a_string_translated_twice(tmp_path, monkeypatch):
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh.yml").write_text('"steel": "钢铁"\n', encoding="utf-8")
    (tmp_path / "zh" / "claims.yml").write_text('"coal": "煤炭"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "CATALOGUE_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        assert i18n.catalogue("zh") == {"steel": "钢铁", "coal": "煤炭"}
        for same_or_not in ("钢材", "钢铁"):
            (tmp_path / "zh" / "data.yml").write_text(f'"steel": "{same_or_not}"\n', encoding="utf-8")
            i18n.catalogue.cache_clear()
            with pytest.raises(ValueError, match=r"data\.yml.*'steel'.*zh\.yml"):
                i18n.catalogue("zh")
    finally:
        monkeypatch.undo()
        i18n.catalogue.cache_clear()


def test_english_passages_finds_english_text_and_spares_what_may_stay_english():
    page = """<html><body><main>
    <h1>东北的挑战</h1>
    <p>文章写道 “As world trade has collapsed, export-led growth is out of the question”（译文：……）。</p>
    <p>The region's share of China's GDP kept falling after the campaign.</p>
    <table><tr><th>年份</th><td>Dongbei Special Steel: first bond default in March</td></tr></table>
    <pre>python -m rustbelt run chapters/challenges.md --lang zh</pre>
    <blockquote><p>Northeast China comprises the provinces of Liaoning, Jilin</p></blockquote>
    <p>数据来自 <a class="reference external" href="https://x">China Statistical Yearbook of the National Bureau</a>。</p>
    <div class="rb-source">Source: National Bureau of Statistics of China, 2025 edition</div>
    <div class="citation"><p>Steinbock, D. Checking in on China's Rustbelt. 2016.</p></div>
    <p>辽宁、吉林、黑龙江（Liaoning, Jilin, Heilongjiang）</p>
    </main></body></html>"""
    assert i18n_report.english_passages(page) == [
        "The region's share of China's GDP kept falling after the campaign.",
        "Dongbei Special Steel: first bond default in March",
    ]


@pytest.mark.book
def test_no_english_passage_on_the_chinese_pages(zh_html):
    # everything a reader reads is Chinese, outside quotations, code, formulas, bibliography
    # entries and citations, source lines and the titles of sources (i18n_report.KEEP_ENGLISH)
    pages = i18n_report.english_on_chinese_pages(zh_html)
    assert not pages, "\n".join(f"{page}: {found[:3]}" for page, found in pages.items())


def test_scaled_format_prints_millions_in_wan_and_billions_in_yi():
    assert i18n.scaled_format(1.2412, ",.0f@million-to-wan") == "124"
    assert i18n.scaled_format(726.0, ",.1f@thousand-to-wan") == "72.6"
    assert i18n.scaled_format(3580.0, ",.0f@billion-to-yi") == "35,800"
    assert i18n.scaled_format(1.2412, ".2f") == "1.24"
    with pytest.raises(ValueError, match="million-to-yi"):
        i18n.scaled_format(1.0, ".0f@million-to-yi")
