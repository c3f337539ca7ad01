"""The Northeast's indicators: shares stay within one vintage and add up across provinces."""
from __future__ import annotations

import pytest

from rustbelt import data, regional


@pytest.mark.parametrize("vintage", regional.VINTAGES)
def test_share_divides_by_a_total_of_the_same_vintage(vintage):
    share = regional.gdp_share(vintage)
    gdp = data.load("provincial_gdp")
    totals = data.load("china_gdp")
    den = regional.SHARE_DENOMINATOR[vintage]
    for _, row in share.iterrows():
        num = gdp[(gdp["vintage"] == vintage) & (gdp["year"] == row["year"])]["value"].sum()
        tot = totals[(totals["vintage"] == vintage) & (totals["series"] == den) & (totals["year"] == row["year"])]["value"]
        assert len(tot) == 1
        assert row["share_pct"] == pytest.approx(num / tot.iloc[0] * 100)


@pytest.mark.parametrize("vintage", regional.VINTAGES)
def test_province_shares_add_up_to_the_regions(vintage):
    whole = regional.gdp_share(vintage).set_index("year")["share_pct"]
    parts = sum(regional.gdp_share(vintage, [p]).set_index("year")["share_pct"] for p in regional.PROVINCES)
    assert (whole - parts).abs().max() < 1e-9


def test_northeast_share_fell_in_every_vintage():
    for v in regional.VINTAGES:
        s = regional.gdp_share(v)["share_pct"]
        assert s.iloc[-1] < s.iloc[0]


def test_census_change_is_the_sum_of_provinces():
    total = regional.census_change_millions()
    parts = sum(regional.census_change_millions([p]) for p in regional.PROVINCES)
    assert total == pytest.approx(parts)
    assert total < 0


def test_growth_index_chains_growth_rates():
    g = regional.growth(["Liaoning"])
    ln = g[g["region"] == "Liaoning"].reset_index(drop=True)
    assert ln.loc[0, "index_start"] == pytest.approx(100)
    for i in range(1, len(ln)):
        assert ln.loc[i, "index_start"] == pytest.approx(ln.loc[i - 1, "index_start"] * (1 + ln.loc[i, "growth_pct"] / 100))


def test_revisions_cut_every_province():
    for p in regional.PROVINCES:
        assert regional.revision_pct(p, 2017, "old", "v4") < 0
