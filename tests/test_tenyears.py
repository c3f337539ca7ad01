"""Chapter 4's computations (rustbelt.tenyears) against values worked out by hand from the
rows of the data files, quoted in each test."""
from __future__ import annotations

import pandas as pd
import pytest

from rustbelt import data, tenyears
from rustbelt.parameters import ParameterError

ALL = ["Liaoning", "Jilin", "Heilongjiang"]

# urban_unit_employment.csv, 10,000 persons: (mining, manufacturing) in 2015 and 2019
MINING_MANUF = {
    "Liaoning": {2015: (28.7466, 150.6278), 2019: (19.6287, 110.3992)},
    "Jilin": {2015: (14.0798, 84.2307), 2019: (8.6412, 50.818)},
    "Heilongjiang": {2015: (31.8638, 57.3524), 2019: (23.4219, 30.1119)},
}
# steel_coal_output.csv, crude steel 2016 (nbs_download), Mt
STEEL_2016 = {"Liaoning": 60.2896, "Jilin": 8.3203, "Heilongjiang": 3.7231, "China": 807.609}
# public_finance.csv, 2019, RMB 100 million: (revenue, expenditure)
BUDGET_2019 = {"Liaoning": (2652.40, 5745.09), "Jilin": (1116.95, 3933.42), "Heilongjiang": (1262.76, 5011.56),
               "All local governments": (101080.61, 203743.22)}
# demography.csv 65+ census share 2020 (%), census_population.csv 2020 counts
AGED_2020 = {"Liaoning": (17.42, 42591407), "Jilin": (15.6, 24073453), "Heilongjiang": (15.61, 31850088)}


def _mm(p, year):
    return sum(MINING_MANUF[p][year])


@pytest.mark.parametrize("provinces", [ALL, ["Liaoning"], ["Jilin", "Heilongjiang"], ["Heilongjiang"]])
def test_mining_manufacturing_change_is_the_signed_sum_over_the_provinces(provinces):
    expected = sum(_mm(p, 2019) - _mm(p, 2015) for p in provinces) / 100  # 10,000 persons -> millions
    got = tenyears.jobs_section(provinces)["ne_mining_manufacturing_jobs_change_2015_2019_millions"]
    assert got == pytest.approx(expected, abs=1e-9)
    assert got < 0  # every province lost such jobs


def test_mining_manufacturing_change_by_hand_for_the_region():
    # (19.6287+110.3992+8.6412+50.818+23.4219+30.1119) - (28.7466+150.6278+14.0798+84.2307+31.8638+57.3524)
    # = 243.0209 - 366.9011 = -123.8802 (10,000 persons) = -1.238802 million
    assert tenyears.glued(ALL)["ne_mining_manufacturing_jobs_change_2015_2019_millions"] == pytest.approx(-1.238802)


def test_all_units_run_to_the_last_year_and_sum_the_provinces():
    s = tenyears.jobs_section(ALL)
    assert s["all_units_last_year"] == 2024
    assert s["all_units_last_millions"] == pytest.approx((436.5 + 240.6 + 292.2) / 100)
    assert s["all_units_2015_millions"] == pytest.approx((618.3949 + 325.062 + 433.5151) / 100)


def test_registered_unemployment_range_and_counts():
    s = tenyears.jobs_section(ALL)
    # rates 2015-2019 of the three provinces lie between Jilin 2019 (3.11) and Heilongjiang 2015 (4.47)
    assert (s["registered_rate_min_2015_2019"], s["registered_rate_max_2015_2019"]) == (3.11, 4.47)
    assert s["registered_unemployed_2015_millions"] == pytest.approx((46.1546 + 23.8766 + 40.9774) / 100)
    lone = tenyears.jobs_section(["Liaoning"])
    assert lone["registered_unemployed_2019_millions"] == pytest.approx(0.4563)


def test_chapter_2_comparison_uses_the_model_at_its_defaults():
    from rustbelt import model

    s = tenyears.jobs_section(ALL)
    layoffs = model.scenario().glue_values()["layoffs_northeast_millions"]
    assert s["ch2_layoffs_northeast_millions"] == pytest.approx(layoffs)
    assert s["mm_fall_to_ch2_layoffs_ratio"] == pytest.approx(1.238802 / layoffs)
    assert "the whole region" not in s["jobs_vs_layoffs_text"]
    assert "the whole region" in tenyears.jobs_section(["Jilin"])["jobs_vs_layoffs_text"]


@pytest.mark.parametrize("provinces", [ALL, ["Liaoning"], ["Jilin", "Heilongjiang"]])
def test_steel_share_2016_is_provinces_over_china_from_one_download(provinces):
    expected = sum(STEEL_2016[p] for p in provinces) / STEEL_2016["China"] * 100
    assert tenyears.glued(provinces)["ne_steel_output_share_2016_pct"] == pytest.approx(expected)


def test_steel_share_never_mixes_bases():
    s = data.load("steel_coal_output")
    # Liaoning 2022 and 2023 are spot values (one a weak source): the share stops where the download does
    assert set(s[(s["region"] == "Liaoning") & (s["year"] >= 2022)]["basis"]) == {"spot"}
    share = tenyears.steel_share(["Liaoning"])
    assert share["year"].max() == 2019 and share["year"].min() == 2000


def test_capacity_cut_against_output():
    t = tenyears.cuts_against_output(ALL).set_index("region")
    assert list(t.index) == ["Jilin", "Heilongjiang"]  # Liaoning published no 2016 steel cut
    assert t.loc["Heilongjiang", "cut_mt"] == 6.10 and t.loc["Heilongjiang", "cut_kind"] == "target"
    assert t.loc["Jilin", "cut_mt"] == 1.08 and t.loc["Jilin", "cut_kind"] == "reported cut"
    # Heilongjiang 2016 372.31, 2019 896.12 (10,000 t)
    assert t.loc["Heilongjiang", "output_change_mt"] == pytest.approx(8.9612 - 3.7231)
    assert (t["output_change_mt"] > 0).all()
    assert tenyears.cuts_against_output(["Liaoning"]).empty
    assert "cannot be made" in tenyears.output_section(["Liaoning"])["cuts_text"]


def test_coal_share_only_on_the_above_designated_size_basis():
    c = tenyears.coal_share(ALL).set_index(["region", "year"])
    # Heilongjiang 2023: 6813.5 (10,000 t) of China's 46.6 (100 million t) = 68.135 / 4660
    assert c.loc[("Heilongjiang", 2023), "share_pct"] == pytest.approx(68.135 / 4660 * 100)
    assert "Liaoning" not in c.index.get_level_values(0)
    assert tenyears.coal_share(["Liaoning"]).empty
    assert "cannot be computed" in tenyears.output_section(["Liaoning"])["coal_share_text"]


@pytest.mark.parametrize("provinces", [ALL, ["Liaoning"], ["Jilin", "Heilongjiang"]])
def test_own_revenue_share_is_a_ratio_of_sums(provinces):
    rev = sum(BUDGET_2019[p][0] for p in provinces)
    exp = sum(BUDGET_2019[p][1] for p in provinces)
    got = tenyears.glued(provinces)["ne_own_revenue_share_of_spending_2019_pct"]
    assert got == pytest.approx(rev / exp * 100)
    if len(provinces) > 1:  # not the mean of the provinces' shares
        mean = sum(BUDGET_2019[p][0] / BUDGET_2019[p][1] for p in provinces) / len(provinces) * 100
        assert abs(got - mean) > 0.1


def test_all_local_governments_benchmark_and_tax_to_2024():
    f = tenyears.fiscal_section(ALL)
    assert f["all_local_own_revenue_share_2019_pct"] == pytest.approx(101080.61 / 203743.22 * 100)
    assert f["tax_share_last_year"] == 2024
    # tax revenue 2024: 1838.69 + 682.13 + 871.83; spending 6860.03 + 4672.94 + 6454.54
    assert f["tax_share_last_pct"] == pytest.approx((1838.69 + 682.13 + 871.83) / (6860.03 + 4672.94 + 6454.54) * 100)


@pytest.mark.parametrize("provinces", [ALL, ["Liaoning", "Jilin"], ["Heilongjiang"]])
def test_aged_65_share_is_weighted_by_census_population(provinces):
    num = sum(AGED_2020[p][0] * AGED_2020[p][1] for p in provinces)
    den = sum(AGED_2020[p][1] for p in provinces)
    a = tenyears.aged_65_share(provinces, 2020)
    assert a["share_pct"] == pytest.approx(num / den)
    assert a["derived"] == (["Jilin"] if "Jilin" in provinces else [])
    assert tenyears.glued(provinces)["ne_aged_65_share_2020_pct"] == pytest.approx(num / den)


def test_weighted_share_matches_the_published_northeast_figure_and_flags_jilin():
    # the reference's Northeast 16.39% (Ning Jizhe) is what the weighting must reproduce
    assert tenyears.aged_65_share(ALL)["share_pct"] == pytest.approx(16.39, abs=0.005)
    assert "Jilin" in tenyears.people_section(ALL)["aged_65_derived_flag"]
    assert "derived" not in tenyears.people_section(["Liaoning"])["aged_65_derived_flag"]


def test_aged_share_is_none_where_a_census_share_is_missing():
    a = tenyears.aged_65_share(ALL, 2010)
    assert a["share_pct"] is None and a["missing"] == ["Heilongjiang"]
    assert tenyears.aged_65_share(["Liaoning"], 2010)["share_pct"] == pytest.approx(10.31)


def test_growth_first_published_against_revision():
    t = tenyears.growth_vintages(ALL).set_index(["region", "year"])
    # Jilin 2008: 16.0 first published, V4 index 112.0 -> 12.0
    assert t.loc[("Jilin", 2008), "gap_pts"] == pytest.approx(4.0)
    # Liaoning 2016: -2.5 first published, +0.5 revised
    assert t.loc[("Liaoning", 2016), "gap_pts"] == pytest.approx(-3.0)
    g = tenyears.growth_section(ALL)
    assert g["growth_pairs"] == 20 and g["growth_pairs_first_higher"] == 18
    assert g["growth_gap_widest_where"] == "Jilin 2008"


def test_population_and_births():
    p = tenyears.people_section(ALL)
    # post-census year-end 2015: 4338 + 2613 + 3529; 2024: 4155 + 2317 + 3029 (10,000 persons)
    assert p["population_first_millions"] == pytest.approx((4338 + 2613 + 3529) / 100)
    assert p["population_last_millions"] == pytest.approx((4155 + 2317 + 3029) / 100)
    assert p["birth_rate_low"] == pytest.approx(2.92) and p["birth_rate_low_where"] == "Heilongjiang in 2023"


def test_pensions_are_read_in_rmb_billion():
    s = tenyears.pensions_section()
    assert s["hlj_pension_balance_2015_bn"] == pytest.approx(8.8)
    assert s["hlj_pension_balance_2016_bn"] == pytest.approx(-23.2)
    assert s["hlj_pension_income_2016_bn"] - s["hlj_pension_spending_2016_bn"] == pytest.approx(-32.0)


def test_timeline_follows_the_provinces_and_is_dated():
    full = tenyears.timeline(ALL)
    assert full["date"].is_monotonic_increasing
    assert (full["label"] != "").all() and set(full["kind"]) == {"distress", "policy"}
    jl = tenyears.timeline(["Jilin"])
    assert set(jl["region"]) == {"Northeast"} and (jl["kind"] == "policy").all()
    assert "no dated SOE or bank failure" in tenyears.events_section(["Jilin"])["timeline_text"]
    dss = full[full["label"].str.startswith("Dongbei Special Steel: first")].iloc[0]
    assert dss["date_text"] == "2016-03" and dss["precision"] == "month"


def test_invalid_provinces_are_refused_through_the_parameter_table():
    with pytest.raises(ParameterError, match=r"parameter 'provinces' = \['Shandong'\] is not allowed"):
        tenyears.glued(["Shandong"])
    with pytest.raises(ParameterError, match="provinces"):
        tenyears.jobs_section([])
    with pytest.raises(ParameterError, match="provinces"):
        tenyears.steel_share(["Jilin", "Jilin"])


def test_subsets_add_up_to_the_region():
    whole = tenyears.glued(ALL)["ne_mining_manufacturing_jobs_change_2015_2019_millions"]
    parts = sum(tenyears.glued([p])["ne_mining_manufacturing_jobs_change_2015_2019_millions"] for p in ALL)
    assert whole == pytest.approx(parts)
    shares = sum(tenyears.glued([p])["ne_steel_output_share_2016_pct"] for p in ALL)
    assert tenyears.glued(ALL)["ne_steel_output_share_2016_pct"] == pytest.approx(shares)


def test_every_new_dataset_flags_its_weak_sources_in_the_catalog():
    for name in ("steel_coal_output", "pensions", "ne_events"):
        caveats = " ".join(data.provenance(name).caveats)
        assert "WEAK SOURCE" in caveats, name


def test_charts_carry_numbers_in_their_alt_text():
    from rustbelt import tenyears_charts as tc

    s = tenyears.jobs_section(ALL)
    fig = tc.jobs_chart(tenyears.employment(ALL), [data.load("urban_unit_employment")], "the Northeast", s)
    assert f"{s['mm_jobs_2015_millions']:.2f}" in fig.description
    steel = tc.steel_chart(tenyears.steel_share(ALL), tenyears.steel_output(ALL), [data.load("steel_coal_output")],
                           "the Northeast")
    assert f"{tenyears.glued(ALL)['ne_steel_output_share_2016_pct']:.1f}%" in steel.description
    tl = tc.timeline_chart(tenyears.timeline(ALL), [data.load("ne_events")])
    assert "WEAK SOURCE" in tl.source_line
    assert tl.spec()["height"] == tc.ROW * len(tenyears.timeline(ALL))
    empty = tc.cuts_output_chart(tenyears.cuts_against_output(["Liaoning"]), [data.load("provincial_capacity_cuts")])
    assert "none of the chosen provinces" in empty.description
    assert isinstance(empty.data, pd.DataFrame) and empty.data.empty


def test_the_default_tuple_of_provinces_is_accepted():
    assert tenyears.glued() == tenyears.glued(ALL) == tenyears.glued(tuple(ALL))
