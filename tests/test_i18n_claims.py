"""The scorecard and the chapters' verdict tables in the Chinese edition (issue 15).

``rustbelt.claims`` writes them as Markdown in the run's language; Sphinx leaves that Markdown
alone. So every text of ``data/claims.yml`` needs a Chinese entry in the package's catalogue
(``rustbelt/locale/zh/claims.yml``), the Chinese keeps the English's numbers, and the English
tables stay exactly what the file says.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml
from unit_numbers import unmatched

from rustbelt import claims, i18n
from rustbelt.book.i18n_report import english_passages

CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")
TEXT_FIELDS = ("claim", "reasoning", "article")
#: the words the tables themselves write (headers, the figure and source lines)
INTERFACE = ("| claim | verdict | evidence |", "| claim | the article's words | verdict | why | where |",
             "See {figures}.", "Sources: {sources}.")


@pytest.fixture(scope="module")
def zh():
    return i18n.catalogue("zh")


@pytest.fixture(scope="module")
def raw():
    with open(claims.CLAIMS_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _texts(raw):
    """(claim id, field, English text as claims.load reads it) for every text of the file."""
    for item in raw["claims"]:
        for field in TEXT_FIELDS:
            yield item["id"], field, " ".join(item[field].split())


# --- completeness ------------------------------------------------------------------------------

def test_every_text_of_the_claims_file_has_a_chinese_entry(raw, zh):
    lacking = [(cid, field) for cid, field, text in _texts(raw) if text not in zh]
    assert lacking == [], f"no Chinese in rustbelt/locale/zh/claims.yml for {lacking}"
    for cid, field, text in _texts(raw):
        assert CJK.search(zh[text]), (cid, field, zh[text])


def test_every_verdict_word_and_table_word_has_a_chinese_entry(raw, zh):
    for word in [*raw["scale"], *INTERFACE]:
        assert word in zh and CJK.search(zh[word]), word


def _unconverted(pairs):
    """(name, format) of placeholders, a Chinese unit conversion (``@million-to-wan``) set aside."""
    return Counter((name, fmt) if "@" not in fmt else (name, "@") for name, fmt in pairs)


def test_the_chinese_templates_keep_every_placeholder(raw, zh):
    """Same numbers, same formats; a number the Chinese counts in 万 or 亿 keeps its name and names
    a known conversion (its format changes with its scale)."""
    for cid, field, text in _texts(raw):
        english, chinese = claims.PLACEHOLDER.findall(text), claims.PLACEHOLDER.findall(zh[text])
        assert Counter(n for n, _ in chinese) == Counter(n for n, _ in english), (cid, field)
        converted = {n for n, fmt in chinese if "@" in fmt}
        assert _unconverted(chinese) == _unconverted((n, "@" if n in converted else f) for n, f in english), (cid, field)
        for _name, fmt in chinese:
            if "@" in fmt:
                assert fmt.split("@")[1] in i18n.UNIT_SCALES, (cid, fmt)
    for word in INTERFACE:
        assert re.findall(r"\{\w+\}", zh[word]) == re.findall(r"\{\w+\}", word), word


def test_the_chinese_types_no_number_the_english_does_not(raw, zh):
    """Numbers come from placeholders: what the Chinese of a claim or reasoning types outside them
    (years, a chapter's number) the English types too. Months and days are how Chinese writes a date."""
    for cid, field, text in _texts(raw):
        if field == "article":  # the article's own figures, in its rendering
            continue
        typed = lambda s: set(NUMBER.findall(claims.PLACEHOLDER.sub(" ", s)))  # noqa: E731
        chinese = re.sub(r"\d{1,2} (?=[月日])", " ", zh[text])
        assert typed(chinese) <= typed(text), (cid, field, typed(chinese) - typed(text))


def test_notes_stay_notes_and_quotations_are_rendered(zh):
    for c in claims.load().values():
        if c.article.startswith("("):
            assert zh[c.article].startswith("（") and zh[c.article].endswith("）"), c.id
            assert claims.article_md(c, lang="zh") == zh[c.article]
        else:
            assert claims.article_md(c, lang="zh") == f"“{c.article}”（译文：“{zh[c.article]}”）"


# --- the Chinese tables ------------------------------------------------------------------------

def _rows(table: str) -> dict[str, str]:
    return {m.group(1): line for line in table.splitlines() if (m := re.match(r"\| (C\d+)[:：]", line))}


def test_chinese_tables_keep_the_english_numbers():
    """Every number of an English row (filled values, years, the quoted figures) is in the Chinese row."""
    values = claims.numbers()
    catalogue = i18n.catalogue("zh")
    for render in (claims.scorecard_table, lambda **kw: claims.verdict_table(claims.CLAIM_IDS, **kw)):
        en, zh = _rows(render(lang="en")), _rows(render(lang="zh"))
        assert list(en) == list(zh) == list(claims.CLAIM_IDS)
        for c in claims.load().values():
            # a number the Chinese prints in 万 or 亿: the English prints it as it was, the Chinese scaled
            english_numbers, chinese_numbers = Counter(NUMBER.findall(en[c.id])), Counter(NUMBER.findall(zh[c.id]))
            for field in ("claim", "reasoning"):
                english_text = " ".join(getattr(c, field).split())
                english_formats = dict(claims.PLACEHOLDER.findall(english_text))
                for name, fmt in claims.PLACEHOLDER.findall(catalogue.get(english_text, "")):
                    if "@" in fmt:
                        english_numbers -= Counter(NUMBER.findall(format(values[name], english_formats[name])))
                        scaled = NUMBER.findall(i18n.scaled_format(values[name], fmt))
                        assert not Counter(scaled) - chinese_numbers, (c.id, name, scaled)
            # a figure the Chinese text itself gives in 万 or 亿 (the article's US$15.4 billion = 154 亿美元)
            missing, _ = unmatched(english_numbers.elements(), chinese_numbers.elements())
            assert not missing, (c.id, missing)


def test_chinese_tables_keep_links_roles_and_sources():
    table = claims.scorecard_table(lang="zh") + claims.verdict_table(claims.CLAIM_IDS, lang="zh")
    roles = re.compile(r"\{(?:ref|numref|cite:p)\}`[^`]+`|\]\([^)]+\)")
    english = claims.scorecard_table(lang="en") + claims.verdict_table(claims.CLAIM_IDS, lang="en")
    assert Counter(roles.findall(table)) == Counter(roles.findall(english))
    assert "{{" not in table and "}}" not in table


def _html(markdown: str) -> str:
    """The Markdown as a page shows it; links marked as Sphinx marks a link to a source."""
    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark").enable("table").render(markdown)
    return page.replace("<a href=", '<a class="reference external" href=')


@pytest.mark.parametrize("render", ["scorecard", "verdicts", "list"])
def test_chinese_tables_have_no_english_passage(render):
    """No run of five English words outside the article's quotations, the sources' titles and roles."""
    markdown = {"scorecard": lambda: claims.scorecard_table(lang="zh"),
                "verdicts": lambda: claims.verdict_table(claims.CLAIM_IDS, lang="zh"),
                "list": lambda: claims.claims_list(lang="zh")}[render]()
    assert english_passages(_html(markdown)) == []
    # the detector sees the English tables' text (it is not blind to these tables)
    english = {"scorecard": claims.scorecard_table, "verdicts": lambda **kw: claims.verdict_table(claims.CLAIM_IDS, **kw),
               "list": claims.claims_list}[render](lang="en")
    assert len(english_passages(_html(english))) >= 15


def test_chinese_counts_and_verdict_words():
    counts = claims.verdict_counts()
    text = claims.verdict_counts_text(lang="zh")
    assert text == "，".join(f"{n} 条{i18n.t(v, 'zh')}" for v, n in counts.items() if n)
    assert claims.verdict_word_md(claims.get("C3")[0], lang="zh") == f"**{i18n.t(claims.verdict('C3'), 'zh')}**"


def test_chinese_dates_fill_the_chinese_text():
    """The Longmay case's date is a word: the Chinese table writes it in Chinese."""
    row = _rows(claims.verdict_table(["C13"], lang="zh"))["C13"]
    assert i18n.date_text("2016-03-06", "zh") in row and "March" not in row


def test_the_run_language_chooses_the_tables_language(monkeypatch):
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    assert claims.verdict_markdown(["C1"]) == claims.verdict_table(["C1"], lang="zh")
    assert claims.scorecard_markdown() == claims.scorecard_table(lang="zh")
    assert claims.verdict_counts_text() == claims.verdict_counts_text(lang="zh")
    monkeypatch.setenv(i18n.ENV_VAR, "en")
    assert claims.verdict_markdown(["C1"]) == claims.verdict_table(["C1"], lang="en")


def test_a_text_without_chinese_stays_english(monkeypatch):
    """A changed English text shows up untranslated, never as a stale translation."""
    c = claims.get("C6")[0]
    table = {k: v for k, v in i18n.catalogue("zh").items() if k != c.claim}
    monkeypatch.setattr(i18n, "catalogue", lambda lang: table if lang == "zh" else {})
    row = _rows(claims.verdict_table(["C6"], lang="zh"))["C6"]
    assert row.startswith(f"| C6：{c.claim} |")


# --- English unchanged -------------------------------------------------------------------------

def test_english_tables_are_the_files_text():
    """The English rows are the file's own text, filled, in the layout the book has always had."""
    values = claims.numbers()
    for c in claims.load().values():
        figures = (" See " + ", ".join(f"{{numref}}`{f}`" for f in c.figures) + ".") if c.figures else ""
        evidence = claims._cell(claims.fill(c.reasoning, values) + figures + " Sources: " + claims.sources_md(c.sources, "en") + ".")
        assert claims.verdict_table([c.id], lang="en").splitlines() == [
            "| claim | verdict | evidence |", "|---|---|---|",
            f"| {c.id}: {claims._cell(claims.fill(c.claim, values))} | **{c.verdict}** | {evidence} |"]
        quote = c.article if c.article.startswith("(") else f"“{c.article}”"
        assert claims.article_md(c, lang="en") == quote
        assert f"- **{c.id}** {claims._cell(claims.fill(c.claim, values))} ({{ref}}`{c.section}`)" in claims.claims_list(lang="en")
    assert claims.scorecard_table(lang="en").splitlines()[0] == "| claim | the article's words | verdict | why | where |"
    assert re.fullmatch(r"(\d+ [a-z ]+, )*\d+ [a-z ]+ and \d+ [a-z ]+", claims.verdict_counts_text(lang="en"))


def test_english_is_the_default_and_ignores_the_chinese_catalogue(monkeypatch):
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    default = claims.scorecard_table() + claims.verdict_table(claims.CLAIM_IDS) + claims.claims_list()
    monkeypatch.setattr(i18n, "catalogue", lambda lang: {} if lang == "en" else {"holds": "X"})
    assert default == claims.scorecard_table(lang="en") + claims.verdict_table(claims.CLAIM_IDS, lang="en") + claims.claims_list(lang="en")
