"""The data and methods appendices in the Chinese edition (issue 15): every text of every dataset of
data/catalog.yml and every text of the parameter tables has a Chinese entry (read from the source
files, so a new dataset, caveat or parameter without Chinese fails here); the Chinese dataset
sections and tables keep no English passage outside code and the sources' titles; the numbers of
the catalog's texts survive translation; the English output is what the appendices always printed.
Unit tests: no book build, no kernel.
"""
from __future__ import annotations

import re
import string
from pathlib import Path

import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup
from unit_numbers import scaled_from, unmatched

from rustbelt import DATA_DIR, data, i18n
from rustbelt import parameters as P
from rustbelt.book.i18n_report import english_passages

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "rustbelt" / "locale" / "zh"
CJK = re.compile(r"[\u4e00-\u9fff]")
#: the texts of a catalog entry a reader sees on the data appendix
TEXT_FIELDS = ("title", "description", "unit", "vintage", "coverage", "licence")


def _catalog_texts() -> list[tuple[str, str, str]]:
    """(dataset, field, text) for every text a reader sees, read from data/catalog.yml itself
    (defaults merged, folded text with its whitespace collapsed as rustbelt.data prints it)."""
    raw = yaml.safe_load((DATA_DIR / "catalog.yml").read_text(encoding="utf-8"))
    out = []
    for name, entry in raw["datasets"].items():
        entry = {**raw.get("defaults", {}), **entry}
        for field in TEXT_FIELDS:
            out.append((name, field, " ".join(str(entry[field]).split())))
        for i, caveat in enumerate(entry.get("caveats", ())):
            out.append((name, f"caveats[{i}]", " ".join(caveat.split())))
    return out


CATALOG_TEXTS = _catalog_texts()


def _parameters() -> list[P.Parameter]:
    return [p for params in [*P.CHAPTERS.values(), P.BOOK] for p in params]


def _parameter_texts() -> list[tuple[str, str, str]]:
    """(parameter, field, text) for every text of a parameter the tables print."""
    out = []
    for p in _parameters():
        for field in ("meaning", "unit", "source", "range_why", "range_text"):
            text = getattr(p, field)
            if text:
                out.append((p.name, field, text))
    return out


# --- completeness -------------------------------------------------------------------------------

def test_the_catalog_texts_read_here_are_the_ones_the_package_prints():
    # the completeness test below reads catalog.yml itself; it must read the texts as rustbelt.data writes them
    printed = set()
    for name in data.names():
        p = data.provenance(name)
        printed |= {p.title, p.description, p.unit, p.vintage, p.coverage, p.licence, *p.caveats}
    assert {text for _, _, text in CATALOG_TEXTS} == printed


@pytest.mark.parametrize("name, field, text", CATALOG_TEXTS, ids=[f"{n}.{f}" for n, f, _ in CATALOG_TEXTS])
def test_every_text_of_the_data_catalog_has_chinese(name, field, text):
    zh = i18n.catalogue("zh").get(text)
    assert zh is not None, f"data/catalog.yml {name}.{field} has no Chinese in rustbelt/locale/zh*: {text!r}"
    assert CJK.search(zh), f"{name}.{field}: the 'Chinese' has no Chinese: {zh!r}"


@pytest.mark.parametrize("name, field, text", _parameter_texts(), ids=[f"{n}.{f}" for n, f, _ in _parameter_texts()])
def test_every_text_of_a_parameter_has_chinese(name, field, text):
    zh = i18n.catalogue("zh").get(text)
    assert zh is not None, f"parameter {name}.{field} has no Chinese in rustbelt/locale/zh*: {text!r}"
    assert CJK.search(zh)


@pytest.mark.parametrize("p", _parameters(), ids=lambda p: p.name)
def test_every_parameter_says_in_chinese_what_it_may_take(p):
    en, zh = p.allowed_text(), p.allowed_text(language="zh")
    assert CJK.search(zh) and zh != en
    # the values, bounds and codes are the English ones
    for token in re.findall(r"\[[^\]]*\]|\d[\d,.]*", en):
        assert token.rstrip(".,") in zh, f"{p.name}: {token} is lost in {zh!r}"
    if p.dynamic_range is not None:
        values = P.defaults("challenges")
        dyn = p.allowed_text(values, language="zh")
        lo, hi, _ = p.dynamic_range(values)
        assert CJK.search(dyn) and str(lo) in dyn and str(hi) in dyn


def test_the_table_headers_and_fixed_words_have_chinese():
    table = i18n.catalogue("zh")
    for column in P.table(language="en").columns:
        assert column in table, f"parameter table column {column!r} has no Chinese"
    for word in ("every chapter", "within the chosen vintage's years"):
        assert word in table


# --- the Chinese renderings --------------------------------------------------------------------

def _blocks(html: str, keep: str = "") -> list[str]:
    """The text of each block a reader reads, outside code and ``keep`` (a CSS selector)."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.select("code" + (f", {keep}" if keep else "")):
        node.decompose()
    return [" ".join(b.get_text(" ", strip=True).split()) for b in soup.find_all(["h2", "p", "dt", "dd", "li", "th", "td"])]


@pytest.mark.parametrize("name", data.names())
def test_a_chinese_dataset_section_has_no_english_passage(name):
    html = data.appendix_section(name, "zh")
    assert english_passages(html) == []
    p = data.provenance(name)
    soup = BeautifulSoup(html, "html.parser")
    # the sources' titles stay as the catalog writes them, marked so the report leaves them alone
    links = soup.select("a.rb-dataset-source")
    assert [a.get_text() for a in links] == [s["title"] for s in p.sources]
    assert [a["href"] for a in links] == [s["url"] for s in p.sources]
    # every other block is Chinese (a code name alone, like a file name, is removed with the code)
    for text in _blocks(html, keep="a.rb-dataset-source"):
        if text and re.search(r"[A-Za-z]{2}", text):
            assert CJK.search(text), f"{name}: {text!r} is not Chinese"
    assert len(soup.select("li")) == len(p.caveats)
    # a code in backticks is code
    for code in re.findall(r"`([^`]+)`", " ".join([p.description, *p.caveats])):
        assert f"<code>{code}</code>" in html
    assert "`" not in html


def test_the_chinese_parameter_tables_have_no_english_passage():
    for html in (P.table_html(language="zh"), P.fixed_inputs_html("zh"),
                 P.table_html("transitional_pain", ["parameter", "default", "allowed", "unit", "meaning", "source"],
                              language="zh")):
        assert english_passages(html) == []
        soup = BeautifulSoup(html, "html.parser")
        assert all(CJK.search(th.get_text()) for th in soup.select("th"))


def test_the_chinese_parameter_table_keeps_names_types_and_defaults():
    en, zh = P.table(language="en"), P.table(language="zh")
    for column in ("parameter", "type", "default"):
        assert list(zh[column]) == list(en[column])
    for column in ("allowed", "meaning"):
        assert zh[column].map(lambda s: bool(CJK.search(s))).all(), column
    for column in ("unit", "source"):
        assert (zh[column].map(lambda s: bool(CJK.search(s))) | (en[column] == "")).all(), column
    assert list(zh["chapter"]) == [c if c in P.CHAPTERS else i18n.t(c, "zh") for c in en["chapter"]]


def test_the_fixed_inputs_keep_their_values_and_the_computed_years():
    def cells(html):
        return [[td.get_text() for td in tr.select("td")] for tr in BeautifulSoup(html, "html.parser").select("tbody tr")]

    en, zh = cells(P.fixed_inputs_html("en")), cells(P.fixed_inputs_html("zh"))
    assert [r[2] for r in zh] == [r[2] for r in en]
    for e, z in zip(en, zh):
        assert all(CJK.search(c) for c in (z[0], z[1], z[3])), z
        for year in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", e[1] + e[3]):
            assert year in z[1] + z[3]
    # a year in the text is the text's own: the Chinese follows it rather than typing one
    assert "2031" in P._with_years("capacity (Mt, 2031)", "zh") and "产能" in P._with_years("capacity (Mt, 2031)", "zh")
    assert P._with_years("capacity (Mt, 2031)", "en") == "capacity (Mt, 2031)"


def test_the_run_language_chooses_the_edition(monkeypatch):
    name = data.names()[0]
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    assert data.appendix_section(name) == data.appendix_section(name, "zh")
    assert P.table_html() == P.table_html(language="zh")
    monkeypatch.setenv(i18n.ENV_VAR, "en")
    assert data.appendix_section(name) == data.appendix_section(name, "en")
    assert P.table_html() == P.table_html(language="en")


# --- the translations themselves ------------------------------------------------------------------

NUMBER = re.compile(r"\d[\d,.]*\d|\d")
#: numbers that are part of a unit or an ordinal, which Chinese writes as a word (万人, 第四次)
NOT_DATA = re.compile(r"10,000 (?:persons|t)\b|per 1,000\b|100 million\b|\d+(?:st|nd|rd|th)\b")


def _entries(file: str) -> dict[str, str]:
    return yaml.safe_load((LOCALE / file).read_text(encoding="utf-8"))


@pytest.mark.parametrize("file", ["data.yml", "parameters.yml"])
def test_the_translations_keep_the_numbers_and_placeholders(file):
    for en, zh in _entries(file).items():
        fields = {f for _, f, _, _ in string.Formatter().parse(en) if f is not None}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(zh) if f is not None}, en
        ours = {n.rstrip(".,") for n in NUMBER.findall(NOT_DATA.sub(" ", en))}
        theirs = {n.rstrip(".,") for n in NUMBER.findall(zh)}
        # a figure may be given in 万 or 亿 (150 Mt = 15,000 万吨, RMB 7.1 billion = 71 亿元)
        lost, extra = unmatched(ours, theirs)
        assert not lost, f"{file}: {sorted(lost)} lost in the Chinese of {en!r}"
        # what Chinese adds is a day, a month or an ordinal written as a number, never a figure
        added = {n for n in extra if not (n.isdigit() and 1 <= int(n) <= 31) and not scaled_from(n, ours)}
        assert not added, f"{file}: {sorted(added)} is not in the English {en!r}"


def test_the_catalogue_files_do_not_translate_a_string_twice():
    other = {}
    for path in [LOCALE.parent / "zh.yml", *sorted(LOCALE.glob("*.yml"))]:
        if path.name in ("data.yml", "parameters.yml"):
            continue
        other.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    for file in ("data.yml", "parameters.yml"):
        twice = sorted(set(_entries(file)) & set(other))
        assert not twice, f"{file} translates again what another catalogue holds: {twice}"
    assert not set(_entries("data.yml")) & set(_entries("parameters.yml"))


# --- English unchanged ------------------------------------------------------------------------------

def _english_section_as_printed_before(name: str) -> str:
    """The data appendix's cell as it stood before the Chinese edition (the oracle)."""
    df = data.load(name)
    p = data.provenance_of(df)
    sources = "; ".join(f'<a href="{s["url"]}">{s["title"]}</a>' for s in p.sources)
    caveats = "".join(f"<li>{c}</li>" for c in p.caveats)
    return (
        f'<section class="rb-dataset"><h2 id="data-{name}">{p.title}</h2>'
        f"<p>{p.description}</p><dl>"
        f"<dt>File</dt><dd><a href=\"../_data/{name}.csv\"><code>{name}.csv</code></a> ({len(df)} rows)</dd>"
        f"<dt>Unit</dt><dd>{p.unit}</dd><dt>Vintage</dt><dd>{p.vintage}</dd>"
        f"<dt>Coverage</dt><dd>{p.coverage}</dd><dt>Sources</dt><dd>{sources}</dd>"
        f"<dt>Licence</dt><dd>{p.licence}</dd></dl>"
        + (f"<p>Caveats:</p><ul>{caveats}</ul>" if caveats else "")
        + "</section>"
    )


@pytest.mark.parametrize("name", data.names())
def test_the_english_dataset_section_is_unchanged(name):
    assert data.appendix_section(name, "en") == _english_section_as_printed_before(name)


def test_the_english_parameter_tables_are_unchanged():
    rows = []
    for ch, params in [*P.CHAPTERS.items(), ("every chapter", P.BOOK)]:
        for p in params:
            allowed = p.allowed_text() if p.dynamic_range is None else "within the chosen vintage's years"
            rows.append({"chapter": ch, "parameter": p.name, "type": p.kind, "default": repr(p.default),
                         "allowed": allowed, "unit": p.unit, "meaning": p.meaning, "source": p.source})
    before = pd.DataFrame(rows)
    pd.testing.assert_frame_equal(P.table(language="en"), before)

    def wrap(df):
        return '<div class="rb-table-wrap">' + df.to_html(index=False, border=0, classes="table") + "</div>"

    assert P.table_html(language="en") == wrap(before)
    columns = ["parameter", "default", "allowed", "unit", "meaning", "source"]
    assert P.table_html("transitional_pain", columns, language="en") == \
        wrap(before[before["chapter"] == "transitional_pain"].reset_index(drop=True)[columns])


def test_the_english_fixed_inputs_are_unchanged():
    from rustbelt import model

    rows = []
    for s, base in model.baselines().items():
        rows += [
            (s, "capacity (Mt, 2015)", f"{base.capacity_mt:,.1f}", base.capacity_how),
            (s, "output (Mt, 2015)", f"{base.output_mt:,.1f}", {"steel": "NBS crude steel", "coal": "BP Statistical Review"}[s]),
            (s, "overcapacity (Mt)", f"{base.overcapacity_mt:,.1f}", base.overcapacity_how),
            (s, "workers per Mt (calibrated)", f"{base.workers_per_mt:,.1f}", base.calibration_how),
            (s, "workers per Mt (official)", f"{base.official_workers_per_mt:,.1f}",
             "MOHRSS workers to resettle ÷ the 2016–2020 target"),
        ]
    fixed = pd.DataFrame(rows, columns=["sector", "input", "value", "how it was obtained"])
    assert P.fixed_inputs_html("en") == \
        '<div class="rb-table-wrap">' + fixed.to_html(index=False, border=0, classes="table") + "</div>"
