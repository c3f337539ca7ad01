"""Chapter 1, the Northeast's challenges: the numbers each section quotes.

Every function takes the chapter's parameters it depends on and returns ``{glue key:
value}``; the keys are an interface (the prose, the tests, the scenario runner).
"""
from __future__ import annotations

from collections.abc import Sequence

from .. import data, regional
from ..constants import PROVINCES
from ..i18n import language, places, t


def region_label(provinces: Sequence[str], lang: str | None = None) -> str:
    """How the prose names the selection: "the Northeast" for all three provinces (东北 in
    Chinese), else the provinces joined with '+'; ``lang`` defaults to the run's."""
    return places(provinces, lang) if len(provinces) < len(PROVINCES) else t("the Northeast", language(lang))


def years(gdp_vintage: str, start_year: int | None, end_year: int | None) -> tuple[int, int]:
    """The comparison's years: the chosen ones, or the vintage's first and last."""
    first, last = regional.vintage_years(gdp_vintage)
    return start_year or first, end_year or last


def pace_words(gap_pts: float) -> str:
    """Words for a growth gap against China (percentage points a year); within 1 point is "about as fast"."""
    if abs(gap_pts) < 1:
        return "about as fast as"
    return "faster than" if gap_pts > 0 else "more slowly than"


def gdp_share_section(provinces: Sequence[str], gdp_vintage: str, start_year: int, end_year: int) -> dict:
    """The share of China's GDP, in the chosen vintage and years, and in V4 and old for comparison."""
    share = regional.gdp_share(gdp_vintage, provinces)
    share = share[share["year"].between(start_year, end_year)].reset_index(drop=True)
    v4 = regional.gdp_share("v4", provinces)
    first, last = share.iloc[0], share.iloc[-1]
    return {
        "ne_gdp_share_start_pct": float(first["share_pct"]),
        "ne_gdp_share_end_pct": float(last["share_pct"]),
        "share_start_year": int(first["year"]),
        "share_end_year": int(last["year"]),
        "share_vintage": gdp_vintage,
        "share_denominator": regional.DENOMINATOR_LABEL[regional.SHARE_DENOMINATOR[gdp_vintage]],
        "share_label": region_label(provinces),
        "share_change_pts": float(last["share_pct"] - first["share_pct"]),
        "v4_share_first": float(v4["share_pct"].iloc[0]),
        "v4_share_last": float(v4["share_pct"].iloc[-1]),
        "v4_first_year": int(v4["year"].iloc[0]),
        "v4_last_year": int(v4["year"].iloc[-1]),
        "old_share_2012": regional.share_in("old", 2012, provinces),
        "v4_share_2012": regional.share_in("v4", 2012, provinces),
    }


def growth_section(provinces: Sequence[str]) -> dict:
    """Growth against China before and after the end of the boom, and the cumulative index."""
    growth = regional.growth(provinces)
    gap_2000s = regional.growth_gap(provinces, 2003, 2012)
    gap_late = regional.growth_gap(provinces, 2014, 2019)
    last = growth[growth["year"] == growth["year"].max()].set_index("region")["index_start"]
    liaoning = regional.growth(["Liaoning"]).query("region == 'Liaoning' and year == 2016")
    return {
        "growth_gap_2003_2012": gap_2000s,
        "growth_gap_2014_2019": gap_late,
        "growth_gap_2014_2019_abs": abs(gap_late),
        "growth_pace_2003_2012": pace_words(gap_2000s),
        "growth_pace_2014_2019": "faster" if gap_late > 0 else "slower",
        "growth_index_china": float(last["China"]),
        "growth_first_year": int(growth["year"].min()),
        "growth_last_year": int(growth["year"].max()),
        "ln_growth_2016": float(liaoning["growth_pct"].iloc[0]),
    }


def census_section(provinces: Sequence[str]) -> dict:
    """The change between the 2010 and 2020 censuses, and the province that lost most relative to its size."""
    by_year = regional.census_table(provinces).pivot(index="region", columns="year", values="value")
    change_pct = (by_year[2020] / by_year[2010] - 1) * 100
    change = regional.census_change_millions(provinces)
    return {
        "ne_census_pop_change_millions": change,
        "ne_census_pop_loss_millions": -change,
        "census_worst_province": str(change_pct.idxmin()),
        "census_worst_pct": float(change_pct.min()),
        "census_total_2010_millions": float(by_year[2010].sum() / 1e6),
        "census_total_2020_millions": float(by_year[2020].sum() / 1e6),
    }


def statistics_section() -> dict:
    """Liaoning's confessed overstatement and the 2019 revisions (old vintage against V4)."""
    facts = data.load("northeast_industry").set_index(["series", "year"])["value"]
    return {
        "ln_fiscal_overstatement_pct": float(facts[("liaoning_fiscal_revenue_overstatement", 2014)]),
        "ln_2014_revision_pct": regional.revision_pct("Liaoning", 2014, "old", "v4"),
        "jl_2017_revision_pct": regional.revision_pct("Jilin", 2017, "old", "v4"),
        "hlj_2017_revision_pct": regional.revision_pct("Heilongjiang", 2017, "old", "v4"),
    }


def us_rustbelt_section() -> dict:
    """The four US cities' loss since 1950, and US manufacturing employment's peak and 2010 level."""
    cities = data.load("us_city_population").pivot(index="year", columns="region", values="value")
    loss = (1 - cities.loc[2020] / cities.loc[1950]) * 100
    jobs = data.load("us_manufacturing_employment").set_index("year")["value"]
    return {
        "us_city_worst": str(loss.idxmax()),
        "us_city_worst_loss_pct": float(loss.max()),
        "us_city_least_loss_pct": float(loss.min()),
        "us_man_peak": float(jobs.max()),
        "us_man_peak_year": int(jobs.idxmax()),
        "us_man_2010": float(jobs.loc[2010]),
        "us_man_loss_pct": float((1 - jobs.loc[2010] / jobs.max()) * 100),
    }


def longmay_section() -> dict:
    """C13, the article's case: Lu Hao's claim, the Shuangyashan protest and the retraction (dates as text)."""
    from rustbelt import record

    lm = record.longmay_facts()
    out = {f"longmay_{k}": lm[k] for k in ("claim_date", "protest_date", "retraction_date", "admission_date")}
    out.update({f"longmay_{k}": float(lm[k]) for k in ("workers_claimed", "wage_before", "wage_after",
                                                       "months_paid", "detained_more_than")})
    return out


def urbanisation_section() -> dict:
    """C8: urbanisation and the services share (national; never differenced across the 2020 census break)."""
    from rustbelt import record

    return {f"urb_{k}": float(v) for k, v in record.urbanisation_facts().items()}


def trade_section() -> dict:
    """C3: China's exports and trade surplus, 2014 against 2024 (US$ bn, as first reported)."""
    from rustbelt import record

    tf = record.trade_facts()
    out = {f"trade_{k}": float(v) for k, v in tf.items()}
    out["trade_exports_fall_2015"] = -float(tf["exports_growth_2015"])
    return out
