"""The glued sentences and phrases the package writes, in both languages (issue 15).

Every function that writes a glued sentence or phrase takes ``lang`` (default: the run's): for
``zh`` it writes Chinese carrying the same numbers, formatted alike, as the English; for ``en`` it
writes exactly the English the book always had (the glued-values snapshot holds the English of
every chapter at two parameter sets, and ``test_package_glued_is_what_the_chapters_glue`` checks
the calls here against it).
"""
from __future__ import annotations

import calendar
import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from unit_numbers import unmatched

from rustbelt import i18n, model, outlook, record, tenyears
from rustbelt.book import i18n_report
from rustbelt.chapters import challenges as ch1
from rustbelt.chapters import feasibility as ch3
from rustbelt.chapters import transitional_pain as ch2
from rustbelt.parameters import validate

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = json.loads((ROOT / "tests" / "snapshots" / "glued.json").read_text(encoding="utf-8"))
CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"([-+−]?)(\d+(?:,\d{3})*(?:\.\d+)?)")
MONTHS = {name: str(i) for i, name in enumerate(calendar.month_name) if name}
PROVINCE_SETS = [["Liaoning", "Jilin", "Heilongjiang"], ["Jilin", "Heilongjiang"], ["Liaoning"], ["Jilin"],
                 ["Heilongjiang"], ["Liaoning", "Heilongjiang"]]


def numbers(text: str) -> Counter:
    """The numbers a sentence carries, as written (sign, digits, separators), as a multiset; an
    English month name counts as its number (12 March 2016 carries 12, 3 and 2016, as does
    2016 年 3 月 12 日). A '-' joined to a word ('mid-2017') is a hyphen, not a sign."""
    for name, number in MONTHS.items():
        text = re.sub(rf"\b{name}\b", number, text)
    found = Counter()
    for m in NUMBER.finditer(text):
        joined = m.start() > 0 and text[m.start() - 1].isalnum()
        found[("" if joined else m.group(1).replace("−", "-")) + m.group(2)] += 1
    return found


def same_sentence(fn, *args, **kwargs) -> tuple[str, str]:
    """``fn`` in English and in Chinese; the Chinese is Chinese and carries the English numbers
    (people, money and tonnes in 万 and 亿 where the Chinese counts in them)."""
    en, zh = fn(*args, **kwargs, lang="en"), fn(*args, **kwargs, lang="zh")
    assert not CJK.search(en), en
    assert CJK.search(zh), f"{fn.__name__}: no Chinese in {zh!r}"
    assert not re.search(r"[A-Za-z]{2,}", re.sub(r"\bNone\b", "", zh)), f"{fn.__name__}: English left in {zh!r}"
    assert unmatched(numbers(en), numbers(zh)) == ([], []), f"{fn.__name__}: {en!r} -> {zh!r}"
    return en, zh


def test_a_number_in_wan_matches_its_english_million():
    assert unmatched(Counter(["1.24", "2016"]), Counter(["124", "2016"])) == ([], [])
    assert unmatched(Counter(["-1.24"]), Counter(["-124"])) == ([], [])
    assert unmatched(Counter(["1.24"]), Counter(["130"])) == (["1.24"], ["130"])
    assert unmatched(Counter(["1.24", "3"]), Counter(["124"])) == (["3"], [])


def test_numbers_reads_signs_dates_and_separators():
    assert numbers("12 or 13 March 2016") == numbers("2016 年 3 月 12 日或 13 日") == Counter(["12", "13", "3", "2016"])
    assert numbers("changed by -4.6 points, mid-2017, RMB 139,000") == Counter(["-4.6", "2017", "139,000"])
    assert numbers("a") == Counter() and numbers("+0.8") != numbers("0.8")


# --- the helpers -------------------------------------------------------------------------------

@pytest.mark.parametrize("date", ["2016-03-12", "2016-03-12/13", "2016-03-09/12", "2015-11-01"])
def test_dates_in_both_languages(date):
    en, zh = same_sentence(record.day_month, date)
    y, m, d = date.split("/")[0].split("-")
    assert zh.startswith(f"{y} 年 {int(m)} 月 {int(d)} 日")
    assert en == i18n.date_text(date, "en") and zh == i18n.date_text(date, "zh")


def test_longmay_dates_follow_the_run_language(monkeypatch):
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    assert record.longmay_facts()["claim_date"] == "2016 年 3 月 6 日"
    assert record.longmay_facts("en")["claim_date"] == "6 March 2016"


@pytest.mark.parametrize("provinces", PROVINCE_SETS)
def test_region_labels(provinces):
    for fn in (ch1.region_label, tenyears.label):
        en, zh = same_sentence(fn, provinces)
        names = [i18n.t(p, "zh") for p in provinces]
        assert zh == ("东北" if len(provinces) == 3 else " + ".join(names))
        assert i18n.english_places(zh) == i18n.english_places(en) == en


def test_labels_default_to_the_run_language(monkeypatch):
    assert tenyears.label(["Jilin"]) == "Jilin"
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    assert tenyears.label(["Jilin"]) == "吉林" and ch1.region_label(["Jilin", "Heilongjiang"]) == "吉林 + 黑龙江"
    # the tables keep naming regions in English
    assert "All local governments" in set(tenyears.own_revenue_share(["Jilin"])["region"])
    assert "Jilin" in set(tenyears.own_revenue_share(["Jilin"])["region"])


def test_a_bad_lang_is_refused():
    with pytest.raises(ValueError, match="'fr'"):
        tenyears.label(["Jilin"], lang="fr")


# --- Chapter 4 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("provinces", PROVINCE_SETS, ids="+".join)
def test_chapter_4_sentences(provinces):
    same_sentence(tenyears.steel_trend_text, tenyears.steel_share(provinces).set_index("year")["share_pct"])
    same_sentence(tenyears.cuts_text, tenyears.cuts_against_output(provinces))
    same_sentence(tenyears.coal_share_text, tenyears.coal_share(provinces))
    same_sentence(tenyears.timeline_text, provinces, 12)
    same_sentence(tenyears.derived_text, tenyears.aged_65_share(provinces, 2020)["derived"])
    for mm_change, layoffs in [(-1.24, 0.11), (0.05, 0.11), (-1.0, 0.0), (-0.3, 0.2)]:
        same_sentence(tenyears.jobs_vs_layoffs_text, provinces, mm_change, layoffs)
    for p in provinces:
        same_sentence(tenyears.place_year_text, p, 2008)
        same_sentence(tenyears.place_in_year_text, p, 2023)


def test_chapter_4_branches_the_defaults_do_not_reach():
    fell = pd.DataFrame([{"region": "Jilin", "cut_mt": 1.5, "cut_kind": "reported cut", "output_2016_mt": 9.0,
                          "output_2019_mt": 8.25, "output_change_mt": -0.75}])
    en, zh = same_sentence(tenyears.cuts_text, fell)
    assert "fell" in en and "降至" in zh
    en, zh = same_sentence(tenyears.cuts_text, tenyears.cuts_against_output(["Liaoning"]))
    assert "None of the chosen provinces" in en and "辽宁" in zh
    for gap in (-1.6, 0.4):
        en, zh = same_sentence(tenyears.recent_growth_gap_text, gap)
        assert ("慢" in zh) == ("more slowly" in en)
    same_sentence(tenyears.derived_text, [])
    same_sentence(tenyears.derived_text, ["Jilin", "Heilongjiang"])
    same_sentence(tenyears.timeline_text, ["Jilin"], 0)


@pytest.mark.parametrize("provinces", PROVINCE_SETS, ids="+".join)
def test_chapter_4_sections_follow_the_run_language(provinces, monkeypatch):
    english = {**tenyears.growth_section(provinces), **tenyears.people_section(provinces)}
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    chinese = {**tenyears.growth_section(provinces), **tenyears.people_section(provinces)}
    for key, value in english.items():
        if isinstance(value, str):
            assert CJK.search(chinese[key]) and numbers(chinese[key]) == numbers(value), key
        else:
            assert chinese[key] == value, key


# --- Chapter 2 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [(1e5, 2e6, 1.1e5), (1e5, 0, 0), (1e5, 2e6, 0), (1e5, 5e4, 4e4)])
def test_longmay_against_the_run(args):
    same_sentence(ch2.longmay_vs_run_text, *args)


@pytest.mark.parametrize("phase_years", [1, 3, 9, 10, 15])
def test_carried_text(phase_years):
    en, zh = same_sentence(ch2.carried_text, phase_years)
    assert ("reuse" in en) == ("沿用" in zh)


@pytest.mark.parametrize("args", [(None, 100.0, 15.3), (169_123.0, 100.0, 15.3), (1_234_567.0, 100.0, 15.3)])
def test_fund_per_worker(args):
    en, zh = same_sentence(ch2.fund_per_worker_text, *args)
    if args[0] is not None:
        assert "元" in zh and "美元" in zh


@pytest.mark.parametrize("args", [("output", 0.7), ("capacity", 0.0), ("overcapacity", 0.7), ("capacity", 0.33)])
def test_operating_share_text(args):
    same_sentence(model.operating_share_text, *args)


@pytest.mark.parametrize("sectors", [["steel", "coal"], ["steel"], ["coal"]])
def test_sectors_text(sectors):
    en, zh = same_sentence(ch2.sectors_text, sectors)
    assert en == " and ".join(sectors)


# --- Chapter 3 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("scenario,threshold,rate,values", [
    ("reform", 0.47, 0.4, [0.1]), ("reform", None, 0.4, [0.1]), ("reform", 0.4, 0.4, [0.1]),
    ("old_policies", 0.5, 0.47, [0.2]), ("reform", 0.3, 0.6, [0.1]), ("reform", 0.5, 0.4, [np.nan])])
def test_threshold_text_branches(scenario, threshold, rate, values):
    curve = {scenario: np.array(values), f"{scenario}_threshold": threshold}
    same_sentence(outlook.threshold_text, {"scenario": scenario, "reemployment_rate": rate}, curve)


@pytest.mark.parametrize("params", [{}, {"scenario": "old_policies", "reemployment_rate": 0.25}])
def test_threshold_text_at_chapter_parameters(params):
    params = validate("feasibility", **params)
    same_sentence(outlook.threshold_text, params, outlook.rate_curve(params))


@pytest.mark.parametrize("n", [None, 1, 4])
def test_years_words(n):
    same_sentence(ch3.years_words, n)


@pytest.mark.parametrize("years", [[], [2017], [2017, 2019]])
def test_missing_targets_text(years):
    same_sentence(ch3.missing_targets_text, years)


def test_the_short_phrases_the_sections_write_have_chinese():
    """Phrases glued as they are, translated by glue_all through rustbelt/locale/zh.yml."""
    phrases = {ch1.pace_words(g) for g in (-2, 0, 2)} | {"faster", "slower"}
    phrases |= set(outlook.INPUT_LABELS.values()) | set(ch3.SCENARIO_LABELS.values())
    phrases |= {ch3.share_words(None), "undefined (nobody is laid off)", "no rate in the design"}
    phrases |= {"the Northeast", "The Northeast", *tenyears.PROVINCES, "Detroit", "Cleveland", "Pittsburgh", "Buffalo"}
    from rustbelt import regional

    phrases |= set(regional.DENOMINATOR_LABEL.values()) | {"capacity", "overcapacity", "output", "old", "current"}
    assert not i18n.missing(phrases, "zh")


# --- the chapters' glued words, in both languages ----------------------------------------------

RUNS = [run.split(" ", 1) for run in SNAPSHOT]


@pytest.mark.parametrize("chapter,params", RUNS, ids=[" ".join(r) for r in RUNS])
def test_package_glued_is_what_the_chapters_glue(chapter, params):
    """In English, the section calls of :func:`i18n_report.package_glued` glue the snapshot's words
    (so the report's Chinese is the Chinese run's); in Chinese every one of them is Chinese, with
    the English numbers (people and tonnes in 万), and every number glued is the same."""
    english = SNAPSHOT[f"{chapter} {params}"]
    en = i18n_report.package_glued(chapter, json.loads(params), "en")
    zh = i18n_report.package_glued(chapter, json.loads(params), "zh")
    words = {k for k, v in en.items() if i18n_report.is_words(v)}
    assert words and {k: en[k] for k in words} == {k: english[k] for k in words}
    for k in words:
        assert CJK.search(zh[k]), f"{k}: {zh[k]!r}"
        assert unmatched(numbers(en[k]), numbers(zh[k])) == ([], []), f"{k}: {en[k]!r} -> {zh[k]!r}"
    numeric = {k for k, v in en.items() if isinstance(v, int | float) and not isinstance(v, bool)}
    assert {k: zh[k] for k in numeric} == {k: en[k] for k in numeric}


def test_report_lists_only_what_the_chapters_glue_themselves():
    """The report reads the Chinese run's glued words: everything the package writes is Chinese;
    what is left is glued by the chapters' own exercise-solution cells, and says so."""
    rows = i18n_report.glued_in_chinese()
    assert rows and all(CJK.search(zh) for _, _, _, zh, ours in rows if ours)
    left = {key for _, key, _, zh, ours in rows if not CJK.search(zh)}
    assert left and all(key.startswith("sol_") for key in left)
    text = i18n_report.render_glued()
    assert "written by the package" not in text and text.count("no Chinese yet") == len(
        {(en, key) for _, key, en, zh, _ in rows if not CJK.search(zh)})


@pytest.mark.parametrize("budget,share", [("Liaoning", "Liaoning"), ("Liaoning", "Jilin")])
def test_ratio_reason_names_the_provinces_in_either_language(budget, share):
    """The exercise on public money: why the ratio of sums leans to one province."""
    english = tenyears.ratio_reason_text(budget, share, lang="en")
    chinese = tenyears.ratio_reason_text(budget, share, lang="zh")
    assert budget in english and (share in english) and CJK.search(chinese)
    assert i18n.t(budget, "zh") in chinese and i18n.t(share, "zh") in chinese
    assert not re.search(r"[A-Za-z]", chinese)
    assert ("also the highest share" in english) == (budget == share)
