"""The record the scorecard judges the article by: the policy documents and what was reported
(C1, C2, C11), the layoff estimates of 2016 (C9), the Longmay case (C13), trade (C3), steel
prices and profits (C4), urbanisation and services (C8).

Every figure keeps the period it covers and its source's qualifier ("more than", "about").
Totals are only ever added through :func:`add_totals`, which refuses two figures whose
periods overlap: a 2016–2018 total plus a 2018–2020 total counts 2018 twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from . import data


class OverlapError(ValueError):
    """Two totals cover some of the same years and cannot be added."""


@dataclass(frozen=True)
class Total:
    """A reported total over the years ``start``–``end`` (inclusive)."""

    value: float
    start: int
    end: int
    qualifier: str = "exact"
    label: str = ""

    @property
    def period(self) -> str:
        return f"{self.start}–{self.end}" if self.start != self.end else f"{self.start}"


def overlaps(a: Total, b: Total) -> bool:
    return a.start <= b.end and b.start <= a.end


def add_totals(*totals: Total) -> Total:
    """The sum of totals over disjoint periods; an :class:`OverlapError` names any two that overlap."""
    for i, a in enumerate(totals):
        for b in totals[i + 1:]:
            if overlaps(a, b):
                raise OverlapError(f"cannot add {a.label or a.period} ({a.period}) and {b.label or b.period} "
                                   f"({b.period}): both count {max(a.start, b.start)}–{min(a.end, b.end)}")
    qual = "exact" if all(t.qualifier == "exact" for t in totals) else "more than"
    return Total(sum(t.value for t in totals), min(t.start for t in totals), max(t.end for t in totals), qual,
                 " + ".join(t.label or t.period for t in totals))


# --------------------------------------------------------------------------
# The policy record (C1, C2, C11)
# --------------------------------------------------------------------------

@cache
def policy() -> pd.DataFrame:
    return data.load("policy_record")


def policy_total(series: str, sector: str, start: int, end: int) -> Total:
    """The one row of ``policy_record`` for this series, sector and period, as a :class:`Total`."""
    p = policy()
    rows = p[(p["series"] == series) & (p["sector"] == sector) & (p["period_start"] == start) & (p["period_end"] == end)]
    if len(rows) != 1:
        raise KeyError(f"policy_record has {len(rows)} rows for {series}/{sector}/{start}-{end}")
    r = rows.iloc[0]
    return Total(float(r["value"]), start, end, r["qualifier"], f"{series} {start}–{end}")


def coal_record() -> dict[str, Total]:
    """C2: what Guofa [2016] No.7 and the 13th Five-Year coal plan set, and what was reported.

    No value here is a sum: each is one source's total for its own period.
    """
    return {
        "exit_target": policy_total("capacity_exit_target", "coal", 2016, 2020),
        "restructure_target": policy_total("capacity_restructure_target", "coal", 2016, 2020),
        "plan_13fyp": policy_total("capacity_cut_target_13fyp", "coal", 2016, 2020),
        "cut_2016_2017": policy_total("capacity_cut_cumulative", "coal", 2016, 2017),
        "cut_2013_2017": policy_total("capacity_cut_cumulative", "coal", 2013, 2017),
        "cut_2016_2020": policy_total("capacity_cut_cumulative", "coal", 2016, 2020),
        "mines_2015": policy_total("mines_number", "coal", 2015, 2015),
        "mines_2020": policy_total("mines_number", "coal", 2020, 2020),
    }


def steel_record() -> dict[str, Total]:
    """C1: the steel target and the reported totals, each for its own period."""
    return {
        "target_low": policy_total("capacity_cut_target_low", "steel", 2016, 2020),
        "target_high": policy_total("capacity_cut_target_high", "steel", 2016, 2020),
        "cut_2016_2017": policy_total("capacity_cut_cumulative", "steel", 2016, 2017),
        "cut_2016_2019": policy_total("capacity_cut_cumulative", "steel", 2016, 2019),
        "substandard_2016_2019": policy_total("substandard_steel_eliminated", "steel", 2016, 2019),
    }


def resettlement_record() -> dict[str, Total]:
    """C10, C11: the fund, what was spent in 2016, and the workers resettled."""
    return {
        "fund": policy_total("fund_size", "steel_and_coal", 2016, 2017),
        "spent_2016": policy_total("fund_spent", "steel_and_coal", 2016, 2016),
        "resettled_2016": policy_total("workers_resettled", "steel_and_coal", 2016, 2016),
        "resettled_2016_2017": policy_total("workers_resettled", "steel_and_coal", 2016, 2017),
    }


def spent_per_worker_2016_rmb() -> float:
    """Central spending in 2016 per worker aided that year (RMB; a floor: spending was 'more than')."""
    r = resettlement_record()
    return r["spent_2016"].value * 1e9 / r["resettled_2016"].value


# --------------------------------------------------------------------------
# C9: the layoff estimates
# --------------------------------------------------------------------------

@cache
def estimates() -> pd.DataFrame:
    return data.load("layoff_estimates")


def estimate(series: str) -> float:
    e = estimates()
    return float(e.loc[e["series"] == series, "value"].iloc[0])


def cicc() -> dict[str, float]:
    """CICC's estimate (Xinhua, 11 Jan 2016): laid off, of whom jobless, out of how many jobs."""
    laid_off, jobless = estimate("cicc_laid_off"), estimate("cicc_jobless")
    return {"laid_off": laid_off, "jobless": jobless, "jobless_share": jobless / laid_off,
            "jobs_in_industries": estimate("cicc_jobs_in_industries")}


# --------------------------------------------------------------------------
# C13: the Longmay case
# --------------------------------------------------------------------------

@cache
def longmay() -> pd.DataFrame:
    return data.load("longmay_case")


def day_month(date: str, lang: str | None = None) -> str:
    """'2016-03-12' -> '12 March 2016'; a range '2016-03-12/13' -> '12 or 13 March 2016'
    (in Chinese: 2016 年 3 月 12 日, 2016 年 3 月 12 日或 13 日)."""
    from .i18n import date_text

    return date_text(date, lang)


def longmay_facts(lang: str | None = None) -> dict[str, float | str]:
    """C13: the governor's claim, the protest and the retraction, with dates as the sources give them
    (in ``lang``, default: the run's)."""
    lm = longmay().set_index("series")
    v = lambda s: float(lm.at[s, "value"])  # noqa: E731
    return {
        "claim_date": day_month(lm.at["longmay_underground_workers_claimed", "date"], lang),
        "protest_date": day_month(lm.at["shuangyashan_protest_start", "date"], lang),
        "retraction_date": day_month(lm.at["lu_hao_retraction", "date"], lang),
        "workers_claimed": v("longmay_underground_workers_claimed"),
        "wage_before": v("longmay_wage_before_cut"),
        "wage_after": v("longmay_wage_cut_to"),
        "months_paid": v("shuangyashan_protest_settlement"),
        "detained_more_than": v("shuangyashan_protesters_detained"),
        "admission_date": day_month(lm.at["heilongjiang_gov_admits_arrears", "date"], lang),
    }


# --------------------------------------------------------------------------
# C3: trade
# --------------------------------------------------------------------------

@cache
def trade() -> pd.DataFrame:
    return data.load("trade")


def trade_wide() -> pd.DataFrame:
    """Exports, imports and the surplus (US$ bn) by year, NaN where no customs US$ figure was found."""
    t = trade()
    t = t[t["series"].isin(["exports", "imports", "surplus"])]
    wide = t.pivot(index="year", columns="series", values="value").reset_index()
    wide.columns.name = None
    return wide


def trade_facts(first: int = 2014, last: int = 2024) -> dict[str, float]:
    t = trade().set_index(["series", "year"])["value"].astype(float).to_dict()
    return {
        "exports_first": t[("exports", first)], "exports_last": t[("exports", last)],
        "exports_2016": t[("exports", 2016)],
        "exports_ratio": t[("exports", last)] / t[("exports", first)],
        "surplus_first": t[("surplus", first)], "surplus_last": t[("surplus", last)],
        "surplus_ratio": t[("surplus", last)] / t[("surplus", first)],
        "surplus_2018": t[("surplus", 2018)],
        "surplus_ratio_2018": t[("surplus", last)] / t[("surplus", 2018)],
        "exports_growth_2015": t[("exports_growth", 2015)],
    }


# --------------------------------------------------------------------------
# C4: steel prices and profits
# --------------------------------------------------------------------------

@cache
def steel_market() -> pd.DataFrame:
    return data.load("steel_market")


def steel_facts() -> dict[str, float]:
    from .model import output_mt

    s = steel_market().set_index(["series", "year"])["value"].astype(float).to_dict()
    return {
        "cspi_low_2015": s[("cspi_low", 2015)],
        "cspi_end_2017": s[("cspi_end_of_year", 2017)],
        "cspi_ratio": s[("cspi_end_of_year", 2017)] / s[("cspi_low", 2015)],
        "cspi_avg_2018": s[("cspi_annual_average", 2018)],
        "profit_2015": s[("profit_cisa_members", 2015)],
        "profit_2017": s[("profit_cisa_members", 2017)],
        "profit_industry_2018": s[("profit_industry", 2018)],
        "output_2015": output_mt("steel", "worldsteel", 2015),
        "output_2018": output_mt("steel", "worldsteel", 2018),
    }


# --------------------------------------------------------------------------
# C8: urbanisation and services
# --------------------------------------------------------------------------

@cache
def urbanisation() -> pd.DataFrame:
    return data.load("urbanisation_services")


def urbanisation_facts() -> dict[str, float]:
    """Levels and yearly pace, never differenced across the 2019/2020 census break."""
    u = urbanisation().set_index(["series", "year"])["value"].astype(float).to_dict()
    pre = (u[("urbanisation_resident", 2019)] - u[("urbanisation_resident", 2015)]) / 4
    post = (u[("urbanisation_resident", 2024)] - u[("urbanisation_resident", 2020)]) / 4
    return {
        "urban_2015": u[("urbanisation_resident", 2015)], "urban_2019": u[("urbanisation_resident", 2019)],
        "urban_2020": u[("urbanisation_resident", 2020)], "urban_2024": u[("urbanisation_resident", 2024)],
        "pace_2015_2019": pre, "pace_2020_2024": post,
        "hukou_2019": u[("urbanisation_hukou", 2019)],
        "services_2015": u[("tertiary_share_gdp", 2015)], "services_2024": u[("tertiary_share_gdp", 2024)],
    }


def layoff_estimates_table(**params) -> pd.DataFrame:
    """Chapter 2's estimates chart (``model.layoff_estimates_table``) with the origin of the
    article's figure shown for what it was: CICC's estimate for a 30% *production* cut in five
    industries (and the share CICC expected to end up jobless) and Reuters' sources' 5–6 million,
    in place of the later "at least" paraphrase of the same CICC figure."""
    from .model import layoff_estimates_table as model_table

    base = model_table(**params)
    base = base[~base["estimate"].str.startswith("Experts cited by RFA")].reset_index(drop=True)
    extra = pd.DataFrame([
        ("CICC, Jan 2016: 30% production cut, five industries", "several", estimate("cicc_laid_off"),
         "unofficial estimate"),
        ("CICC: of whom expected to end up jobless", "several", estimate("cicc_jobless"), "unofficial estimate"),
        ("Reuters' sources, Mar 2016: 'zombie' firms (one source)", "several", estimate("reuters_sources_low"),
         "unofficial estimate"),
        ("Reuters' sources: the second source", "several", estimate("reuters_sources_high"), "unofficial estimate"),
    ], columns=base.columns)
    official = base.index[base["kind"] == "official"]
    cut = int(official.max()) + 1 if len(official) else len(base) - 1
    return pd.concat([base.iloc[:cut], extra, base.iloc[cut:]], ignore_index=True)


# --------------------------------------------------------------------------
# C15: the Northeast's trade with its neighbours (spot figures only)
# --------------------------------------------------------------------------

@cache
def neighbour_trade() -> pd.DataFrame:
    return data.load("neighbour_trade")


def neighbour_trade_facts() -> dict[str, float]:
    n = neighbour_trade().set_index(["series", "period", "year"])["value"].astype(float).to_dict()
    total, bri = n[("trade_total", "full_year", 2023)], n[("trade_with_belt_and_road_partners", "full_year", 2023)]
    russia, imports_ru = n[("trade_with_russia", "first_half", 2021)], n[("imports_from_russia", "first_half", 2021)]
    return {
        "hlj_trade_2023": total,
        "hlj_bri_trade_2023": bri,
        "hlj_bri_share_2023": bri / total,
        "hlj_imports_share_2023": n[("imports", "full_year", 2023)] / total,
        "hlj_russia_h1_2021": russia,
        "hlj_russia_imports_share_h1_2021": imports_ru / russia,
    }


def neighbour_trade_table() -> pd.DataFrame:
    """The figures as a small table for the chapter (RMB billion)."""
    labels = {"trade_total": "Goods trade, total", "imports": "Imports", "exports": "Exports",
              "trade_with_belt_and_road_partners": "Trade with Belt and Road partner countries",
              "trade_with_russia": "Trade with Russia", "imports_from_russia": "Imports from Russia",
              "exports_to_russia": "Exports to Russia"}
    n = neighbour_trade().copy()
    n["what"] = n["series"].map(labels)
    n["period"] = n["year"].astype(str) + n["period"].map({"full_year": "", "first_half": ", first half"})
    return n[["what", "period", "value", "source_title"]].rename(
        columns={"what": "Heilongjiang", "period": "period", "value": "RMB billion", "source_title": "source"})


#: The coal totals the chapters glue, and the years each covers. A test checks, on the glued
#: values of an executed chapter, that no glued number is a sum of totals whose years overlap.
GLUED_COAL_TOTALS = {
    "coal_cut_2016": (2016, 2016),
    "coal_cut_2017": (2017, 2017),
    "coal_total_2016_2018": (2016, 2018),
    "coal_cut_2016_2018": (2016, 2018),
    "coal_cut_2018_2020": (2018, 2020),
    "coal_more_2018_2020": (2018, 2020),
    "coal_cut_2016_2017": (2016, 2017),
    "coal_cut_2013_2017": (2013, 2017),
    "coal_cut_2016_2020": (2016, 2020),
    "coal_exited_2016_2020": (2016, 2020),
}
