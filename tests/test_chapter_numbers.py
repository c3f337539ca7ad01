"""The numbers each chapter's prose quotes, checked without running a notebook.

Each section function of ``rustbelt.chapters`` is compared with the same quantity
computed here straight from the CSV files (not through the package's loader or the
``regional`` helpers), and its keys with the glued keys the chapter's prose uses.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from rustbelt import ROOT, regional
from rustbelt.chapters import challenges as ch1

DATA = ROOT / "data"
CHAPTER_1 = (ROOT / "chapters" / "challenges.md").read_text(encoding="utf-8")
SUBSETS = [["Liaoning", "Jilin", "Heilongjiang"], ["Liaoning"], ["Jilin", "Heilongjiang"]]


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv")


def test_region_label_names_the_whole_region_or_the_provinces():
    assert ch1.region_label(["Liaoning", "Jilin", "Heilongjiang"]) == "the Northeast"
    assert ch1.region_label(["Jilin", "Heilongjiang"]) == "Jilin + Heilongjiang"


@pytest.mark.parametrize("gap, words", [(0.0, "about as fast as"), (0.99, "about as fast as"), (-0.99, "about as fast as"),
                                        (1.0, "faster than"), (-1.0, "more slowly than"), (-3.2, "more slowly than")])
def test_pace_words_use_a_one_point_band(gap, words):
    assert ch1.pace_words(gap) == words


def test_years_default_to_the_vintage_and_keep_a_choice():
    assert ch1.years("old", None, None) == regional.vintage_years("old")
    assert ch1.years("v4", 2000, None) == (2000, regional.vintage_years("v4")[1])


@pytest.mark.parametrize("provinces", SUBSETS)
def test_census_section_matches_the_census_file(provinces):
    census = _csv("census_population")
    pop = census[census["region"].isin(provinces)].pivot(index="region", columns="year", values="value")
    got = ch1.census_section(provinces)
    assert got["ne_census_pop_change_millions"] == pytest.approx((pop[2020].sum() - pop[2010].sum()) / 1e6)
    assert got["ne_census_pop_loss_millions"] == pytest.approx(-got["ne_census_pop_change_millions"])
    assert got["census_total_2010_millions"] == pytest.approx(pop[2010].sum() / 1e6)
    rel = pop[2020] / pop[2010] - 1
    assert got["census_worst_province"] == rel.idxmin()
    assert got["census_worst_pct"] == pytest.approx(rel.min() * 100)


@pytest.mark.parametrize("vintage, start, end", [("current", 2006, 2024), ("old", 1993, 2017), ("v4", 2000, 2010)])
@pytest.mark.parametrize("provinces", SUBSETS)
def test_gdp_share_section_reads_its_years_and_vintage(provinces, vintage, start, end):
    got = ch1.gdp_share_section(provinces, vintage, start, end)
    assert (got["share_start_year"], got["share_end_year"]) == (start, end)
    assert got["ne_gdp_share_start_pct"] == pytest.approx(regional.share_in(vintage, start, provinces))
    assert got["ne_gdp_share_end_pct"] == pytest.approx(regional.share_in(vintage, end, provinces))
    assert got["share_change_pts"] == pytest.approx(got["ne_gdp_share_end_pct"] - got["ne_gdp_share_start_pct"])
    assert got["share_vintage"] == vintage and got["share_label"] == ch1.region_label(provinces)
    assert got["old_share_2012"] == pytest.approx(regional.share_in("old", 2012, provinces))


@pytest.mark.parametrize("provinces", SUBSETS)
def test_v4_share_in_2012_is_a_ratio_of_sums_in_one_vintage(provinces):
    gdp, totals = _csv("provincial_gdp"), _csv("china_gdp")
    ne = gdp[(gdp["vintage"] == "v4") & (gdp["year"] == 2012) & gdp["region"].isin(provinces)]["value"].sum()
    china = totals[(totals["vintage"] == "v4") & (totals["year"] == 2012) & (totals["series"] == "national")]["value"]
    got = ch1.gdp_share_section(provinces, "v4", 2000, 2015)["v4_share_2012"]
    assert got == pytest.approx(ne / float(china.iloc[0]) * 100)


def test_us_rustbelt_section_matches_the_files():
    cities = _csv("us_city_population").pivot(index="year", columns="region", values="value")
    loss = (1 - cities.loc[2020] / cities.loc[1950]) * 100
    jobs = _csv("us_manufacturing_employment").set_index("year")["value"]
    got = ch1.us_rustbelt_section()
    assert got["us_city_worst"] == loss.idxmax() and got["us_city_worst_loss_pct"] == pytest.approx(loss.max())
    assert got["us_city_least_loss_pct"] == pytest.approx(loss.min())
    assert (got["us_man_peak"], got["us_man_peak_year"]) == (pytest.approx(jobs.max()), int(jobs.idxmax()))
    assert got["us_man_loss_pct"] == pytest.approx((1 - jobs[2010] / jobs.max()) * 100)


def test_statistics_section_quotes_the_confession_and_the_revisions():
    facts = _csv("northeast_industry")
    row = facts[(facts["series"] == "liaoning_fiscal_revenue_overstatement") & (facts["year"] == 2014)]
    got = ch1.statistics_section()
    assert got["ln_fiscal_overstatement_pct"] == pytest.approx(float(row["value"].iloc[0]))
    for key in ("ln_2014_revision_pct", "jl_2017_revision_pct", "hlj_2017_revision_pct"):
        assert got[key] < 0  # the 2019 revision cut every province's GDP


def test_growth_section_words_follow_the_gaps():
    got = ch1.growth_section(list(regional.PROVINCES))
    assert got["growth_pace_2003_2012"] == ch1.pace_words(got["growth_gap_2003_2012"])
    assert got["growth_pace_2014_2019"] == ("faster" if got["growth_gap_2014_2019"] > 0 else "slower")
    assert got["growth_gap_2014_2019_abs"] == abs(got["growth_gap_2014_2019"])
    assert got["growth_index_china"] > 100 and got["growth_first_year"] < got["growth_last_year"]


def test_every_key_chapter_1_quotes_comes_from_a_section_function_or_a_solution_cell():
    quoted = set(re.findall(r"\{glue:text\}`([a-z0-9_]+)", CHAPTER_1))
    provided = set()
    for values in (ch1.gdp_share_section(list(regional.PROVINCES), "current", 2006, 2024),
                   ch1.growth_section(list(regional.PROVINCES)), ch1.census_section(list(regional.PROVINCES)),
                   ch1.statistics_section(), ch1.us_rustbelt_section(), ch1.longmay_section(),
                   ch1.urbanisation_section(), ch1.trade_section()):
        provided |= set(values)
    # a solution cell glues with glue("key", ...) or, for words, glue_all({"key": ...})
    solutions = set(re.findall(r'glue\("([a-z0-9_]+)"', CHAPTER_1))
    solutions |= set(re.findall(r'glue_all\(\{"([a-z0-9_]+)":', CHAPTER_1))
    assert quoted <= provided | solutions, sorted(quoted - provided - solutions)
    assert not (provided & solutions)


def _rows(name):
    import csv

    from rustbelt import DATA_DIR

    with open(DATA_DIR / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_trade_section_matches_the_file():
    rows = {(r["series"], int(r["year"])): float(r["value"]) for r in _rows("trade")}
    got = ch1.trade_section()
    assert got["trade_exports_ratio"] == pytest.approx(rows[("exports", 2024)] / rows[("exports", 2014)])
    assert got["trade_surplus_ratio_2018"] == pytest.approx(rows[("surplus", 2024)] / rows[("surplus", 2018)])
    assert got["trade_exports_fall_2015"] == -rows[("exports_growth", 2015)] > 0
    assert got["trade_exports_2016"] < got["trade_exports_first"]


def test_urbanisation_section_never_differences_across_the_census_break():
    rows = {(r["series"], int(r["year"])): (float(r["value"]), r["basis"]) for r in _rows("urbanisation_services")}
    got = ch1.urbanisation_section()
    pre, post = rows[("urbanisation_resident", 2019)], rows[("urbanisation_resident", 2020)]
    assert pre[1] == "pre_2020_census" and post[1] == "post_2020_census"
    assert got["urb_pace_2020_2024"] == pytest.approx((rows[("urbanisation_resident", 2024)][0] - post[0]) / 4)
    assert got["urb_pace_2015_2019"] == pytest.approx((pre[0] - rows[("urbanisation_resident", 2015)][0]) / 4)


def test_longmay_section_dates_read_as_the_sources_give_them():
    got = ch1.longmay_section()
    assert got["longmay_claim_date"] == "6 March 2016"
    assert got["longmay_retraction_date"] == "12 or 13 March 2016"  # the sources differ by a day
    assert got["longmay_wage_after"] < got["longmay_wage_before"]
