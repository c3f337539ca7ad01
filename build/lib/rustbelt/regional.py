"""The Northeast's macro indicators, computed from the catalogued datasets.

A computation never mixes NBS vintages: a share divides the provinces' GDP by
a total of the same vintage (see :data:`SHARE_DENOMINATOR`).
"""
from __future__ import annotations

from functools import cache

import pandas as pd

from . import data
from .constants import GDP_VINTAGES as VINTAGES
from .constants import PROVINCES

#: The total each vintage's share divides by. The old vintage has no national
#: series of its own vintage, so its share is of the 31-province sum; the
#: current vintage's national series starts only in 2015, so the 31-province sum
#: (2006–2024, within 0.1 pt of the national share where both exist) is used.
SHARE_DENOMINATOR = {"current": "provincial_sum_31", "v4": "national", "old": "provincial_sum_31"}
DENOMINATOR_LABEL = {"national": "China's national GDP", "provincial_sum_31": "the sum of the 31 provinces' GDP"}


@cache
def _gdp() -> pd.DataFrame:
    return data.load("provincial_gdp")


@cache
def _totals() -> pd.DataFrame:
    return data.load("china_gdp")


def vintage_years(vintage: str) -> tuple[int, int]:
    """First and last year with all three provinces and the vintage's denominator."""
    _check_vintage(vintage)
    g = _gdp()
    g = g[g["vintage"] == vintage]
    years = None
    for p in PROVINCES:
        y = set(g.loc[g["region"] == p, "year"])
        years = y if years is None else years & y
    t = _totals()
    t = t[(t["vintage"] == vintage) & (t["series"] == SHARE_DENOMINATOR[vintage])]
    years &= set(t["year"])
    return int(min(years)), int(max(years))


def _check_vintage(vintage: str) -> None:
    if vintage not in VINTAGES:
        raise ValueError(f"gdp_vintage={vintage!r}: allowed values are {list(VINTAGES)}")


def gdp_share(vintage: str, provinces=PROVINCES) -> pd.DataFrame:
    """The provinces' combined share of China's GDP (percent), in one vintage.

    Columns: year, vintage, provinces_gdp, total_gdp (RMB 100 million), share_pct, denominator.
    """
    _check_vintage(vintage)
    first, last = vintage_years(vintage)
    g = _gdp()
    g = g[(g["vintage"] == vintage) & g["region"].isin(provinces) & g["year"].between(first, last)]
    num = g.groupby("year")["value"].sum().rename("provinces_gdp")
    t = _totals()
    den_series = SHARE_DENOMINATOR[vintage]
    t = t[(t["vintage"] == vintage) & (t["series"] == den_series)].set_index("year")["value"].rename("total_gdp")
    out = pd.concat([num, t], axis=1, join="inner").reset_index()
    out["share_pct"] = out["provinces_gdp"] / out["total_gdp"] * 100
    out["vintage"] = vintage
    out["denominator"] = den_series
    return out[["year", "vintage", "provinces_gdp", "total_gdp", "share_pct", "denominator"]]


def gdp_share_all_vintages(provinces=PROVINCES) -> pd.DataFrame:
    return pd.concat([gdp_share(v, provinces) for v in VINTAGES], ignore_index=True)


def share_in(vintage: str, year: int, provinces=PROVINCES) -> float:
    s = gdp_share(vintage, provinces).set_index("year")["share_pct"]
    if year not in s.index:
        first, last = vintage_years(vintage)
        raise ValueError(f"year {year} is outside the {vintage!r} vintage's coverage {first}–{last}")
    return float(s[year])


def census_change_millions(provinces=PROVINCES, start: int = 2010, end: int = 2020) -> float:
    """Signed change in census population between two censuses, millions (negative = loss)."""
    c = data.load("census_population")
    c = c[c["region"].isin(provinces)].pivot(index="region", columns="year", values="value")
    return float((c[end] - c[start]).sum() / 1e6)


def census_table(provinces=PROVINCES) -> pd.DataFrame:
    c = data.load("census_population")
    c = c[c["region"].isin(provinces) & c["year"].isin([2010, 2020])]
    return c


def growth(provinces=PROVINCES, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Annual real growth (%) and cumulative real GDP (start year = 100), from one NBS index download.

    Columns: region, year, growth_pct, index_start. China is always included for comparison.
    """
    g = data.load("real_growth")
    g = g[(g["basis"] == "nbs_index_v4") & g["region"].isin(list(provinces) + ["China"])]
    if start is not None:
        g = g[g["year"] >= start]
    if end is not None:
        g = g[g["year"] <= end]
    g = g.sort_values(["region", "year"]).rename(columns={"value": "growth_pct"})
    # cumulative index: the first year is the base (100); later years chain the growth rates
    factor = 1 + g["growth_pct"] / 100
    g["index_start"] = factor.groupby(g["region"]).cumprod() / factor.groupby(g["region"]).transform("first") * 100
    return g[["region", "year", "growth_pct", "index_start"]].reset_index(drop=True)


def growth_gap(provinces=PROVINCES, start: int = 2014, end: int = 2019) -> float:
    """Mean annual growth of the provinces (simple mean) minus China's, percentage points."""
    g = growth(provinces, start, end)
    prov = g[g["region"] != "China"]["growth_pct"].mean()
    china = g[g["region"] == "China"]["growth_pct"].mean()
    return float(prov - china)


def gdp_levels(vintages=VINTAGES, provinces=PROVINCES) -> pd.DataFrame:
    g = _gdp()
    return g[g["vintage"].isin(vintages) & g["region"].isin(provinces)]


def revision_pct(region: str, year: int, from_vintage: str = "old", to_vintage: str = "v4") -> float:
    """How much a vintage revision changed one province-year's GDP level (percent of the earlier figure)."""
    g = _gdp().set_index(["region", "year", "vintage"])["value"]
    return float((g[(region, year, to_vintage)] / g[(region, year, from_vintage)] - 1) * 100)
