"""Chapter 3, the feasibility outlook: the numbers and sentences each section quotes.

Every section function takes the chapter's validated parameters (or a result the chapter
also draws, such as the Monte Carlo run) and returns ``{glue key: value}``; the keys are an
interface (the prose, the tests, the scenario runner, the glued-values snapshot). Wording
that depends on the parameters ("not within the horizon", "4 years") comes from the helpers
here, never from an f-string in a chapter cell.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .. import claims, data, hindsight, model, outlook, record, regional
from ..i18n import UNIT_SCALES, language, t, tl
from ..outlook_charts import SCENARIO_LABELS, range_note

#: the claims whose verdicts close the chapter
CLAIMS = ["C1", "C2", "C9", "C10", "C11", "C12", "C14", "C15"]


def other_scenario(scenario: str) -> str:
    """The scenario the chosen one is compared with."""
    return "old_policies" if scenario == "reform" else "reform"


def share_words(share: float | None, undefined: str = "undefined (nobody has been laid off)") -> str:
    """A share re-employed as a whole percentage, or ``undefined`` when nobody was laid off (None)."""
    return undefined if share is None else f"{share:.0%}"


def years_words(n: int | None, lang: str | None = None) -> str:
    """A number of years in words ("1 year", "4 years"; 4 年), or "not within the horizon" (None)."""
    lang = language(lang)
    if n is None:
        return t("not within the horizon", lang)
    return f"{n} 年" if lang == "zh" else f"{n} year{'s' if n != 1 else ''}"


def table_html(frame: pd.DataFrame, **to_html: Any):
    """A table for ``{glue:}``: plain HTML in the book's scrolling wrapper, without the index."""
    from IPython.display import HTML

    return HTML('<div class="rb-table-wrap">' + frame.to_html(index=False, border=0, classes="table", **to_html)
                + "</div>")


def ne_layoffs_millions(params: Mapping[str, Any]) -> float:
    """The Northeast's layoffs over the horizon, millions (Chapter 2's model at these parameters)."""
    return float(outlook.outcome(params)["layoffs"].sum())


def reemployment_section(params: Mapping[str, Any]) -> dict:
    """From layoffs to re-employment: the Northeast's layoffs, the estimated openings, the default
    rate, and the resettlement on record that bounds it."""
    res = outlook.outcome(params)
    resettled = model.benchmark("workers_resettled", "steel_and_coal", 2016)
    official = model.benchmark("official_workers_to_reassign", "steel_and_coal", 2016)
    return {
        "ne_layoffs_millions": float(res["layoffs"].sum()),
        "phase_years": params["phase_years"],
        "rate_pct": params["reemployment_rate"] * 100,
        "ne_jobs_share_pct": outlook.ne_jobs_share() * 100,
        "openings_share_pct": outlook.DEFAULT_ASSUMPTIONS.openings_share * 100,
        "openings_thousands": float(res["openings"][0]) * 1000,
        "first_year_layoffs_thousands": res["first_year_layoffs"] * 1000,
        "resettled_2016_thousands": resettled / 1000,
        "official_millions": official / 1e6,
        "resettled_ratio_pct": resettled / official * 100,
        "resettled_2017_millions": model.benchmark("workers_resettled_cumulative", "steel_and_coal", 2017) / 1e6,
    }


def _headed(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` with its column names in ``lang`` (the catalogue's; English as they are)."""
    return frame if lang == "en" else frame.rename(columns={c: t(c, lang) for c in frame.columns})


def assumptions_table(lang: str | None = None) -> pd.DataFrame:
    """The scenarios' and the labour market's assumptions, one row each, in ``lang`` (default: the run's)."""
    lang = language(lang)
    table = pd.DataFrame(outlook.DEFAULT_ASSUMPTIONS.describe(lang), columns=["assumption", "value", "meaning"])
    return _headed(table, lang)


def uncertainty_table(params: Mapping[str, Any], lang: str | None = None) -> pd.DataFrame:
    """``outlook.uncertainty_table`` in ``lang`` (default: the run's): the inputs' names, the draws and
    the notes on each range (their numbers as computed) in words of that language."""
    lang = language(lang)
    table = outlook.uncertainty_table(dict(params))
    if lang != "en":
        table = table.assign(input=tl(table["input"], lang), draw=tl(table["draw"], lang),
                             **{"range and position": table["range and position"].map(lambda n: range_note(n, lang))})
    return _headed(table, lang)


def scenarios_section(params: Mapping[str, Any]) -> dict:
    """Two scenarios: their assumptions, and the share re-employed, the years to a majority and the
    peak jobless stock under the chosen scenario and the other one."""
    a = outlook.DEFAULT_ASSUMPTIONS
    other = other_scenario(params["scenario"])
    res = outlook.outcome(params)
    res_other = outlook.outcome({**params, "scenario": other})
    return {
        "fund_rmb_bn": model.benchmark("reemployment_fund", "steel_and_coal", 2016),
        "delay_years": a.delay_years,
        "adjustment_scale": a.adjustment_scale,
        "assumptions_table": table_html(assumptions_table()),
        "scenario_label": SCENARIO_LABELS[params["scenario"]],
        "other_label": SCENARIO_LABELS[other],
        "horizon_last_year": int(res["years"][-1]),
        "share_reemployed_end": res["share_reemployed_end"],
        "years_to_majority": res["years_to_majority"],
        "share_reemployed_3y": res["share_reemployed_3y"],
        "share_end_text": share_words(res["share_reemployed_end"]),
        "share_3y_text": share_words(res["share_reemployed_3y"]),
        "other_share_3y_text": share_words(res_other["share_reemployed_3y"]),
        "ytm_text": years_words(res["years_to_majority"]),
        "ytt_text": years_words(res["years_to_two_thirds"]),
        "other_share_end_text": share_words(res_other["share_reemployed_end"]),
        "other_ytm_text": years_words(res_other["years_to_majority"]),
        "peak_jobless_thousands": float(res["jobless"].max()) * 1000,
        "other_peak_jobless_thousands": float(res_other["jobless"].max()) * 1000,
    }


def threshold_section(params: Mapping[str, Any], curve: Mapping[str, Any] | None = None) -> dict:
    """The rate a majority within three years needs, against the chosen one (``curve`` is
    ``outlook.rate_curve(params)``, the table behind the chapter's figure)."""
    return {"threshold_text": outlook.threshold_text(params, curve)}


def uncertainty_section(params: Mapping[str, Any], mc: Mapping[str, Any]) -> dict:
    """The assumed ranges and the Monte Carlo's share of draws with a majority re-employed within
    three years (``mc`` is ``outlook.monte_carlo(params)``, the run behind the fan chart)."""
    p3 = mc["p_majority_within_3y"]
    ranges = outlook.uncertainty_ranges(params)
    return {
        "p_majority_within_3y": p3,
        "p3_text": share_words(p3, "undefined (nobody is laid off)"),
        "n_draws": params["n_draws"],
        "seed": params["seed"],
        "ne_low_pct": ranges["northeast_share"][0] * 100,
        "ne_high_pct": ranges["northeast_share"][1] * 100,
        "rate_spread_pct": (outlook.RATE_FACTOR_RANGE[1] - 1) * 100,
        "uncertainty_table": table_html(uncertainty_table(params)),
    }


def tornado_top(rows: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """For each metric of the tornado, the input with the widest swing."""
    return {m: max((r for r in rows if r["metric"] == m), key=lambda r: r["swing"])["input"] for m in outlook.METRICS}


def tornado_section(rows: Sequence[Mapping[str, Any]]) -> dict:
    """Which input matters most for the pace and for the size (``rows`` is ``outlook.tornado(params)``)."""
    top = tornado_top(rows)
    return {"tornado_top_pace": top["pace"], "tornado_top_size": top["peak_jobless"]}


def robustness_table(rob_rows: Sequence[Mapping[str, Any]], lang: str | None = None) -> pd.DataFrame:
    """For each input, the percentage of design points holding at its low end, chosen value and high
    end, in ``lang`` (default: the run's)."""
    lang = language(lang)
    table = outlook.robustness_summary(list(rob_rows)).rename(columns={"low": "% holding at the low end",
                                                                       "default": "% at the chosen value",
                                                                       "high": "% at the high end"})
    if lang != "en":
        table = table.assign(input=tl(table["input"], lang))
    return _headed(table, lang)


def robustness_section(params: Mapping[str, Any]) -> dict:
    """The full factorial design: how many of its points keep a majority re-employed within three
    years, the lowest rate at which any does, and the summary table by input and level."""
    rob_rows = outlook.robustness(params)
    rob = pd.DataFrame(rob_rows)
    holds = int(rob["holds"].sum())
    min_rate = outlook.robustness_min_rate(params, rob_rows)
    return {
        "robust_holds": holds,
        "robust_cases": len(rob),
        "robust_holds_pct": holds / len(rob) * 100,
        "robust_inputs": len(outlook.uncertainty_ranges(params)),
        "robustness_table": table_html(robustness_table(rob_rows), float_format="{:.0f}".format),
        "robust_min_rate_text": "no rate in the design" if min_rate is None else f"{min_rate:.0%}",
    }


def missing_targets_text(years: Sequence[int], lang: str | None = None) -> str:
    """The years without a sourced new-jobs target, in words."""
    lang = language(lang)
    if not years:
        return t("a target was found for every year", lang)
    if lang == "zh":
        return "、".join(map(str, years)) + " 年没有找到目标"
    return "no target was found for " + ", ".join(map(str, years))


def hindsight_section(params: Mapping[str, Any]) -> dict:
    """Ten years of hindsight: the cuts against the targets, new urban jobs against theirs, the
    region's population and growth, and this scenario's layoffs against one year's new jobs."""
    jobs = hindsight.jobs_vs_targets()
    pop = hindsight.population_since()
    with_target = jobs.dropna(subset=["target_millions"])
    jobs_2016 = float(jobs.set_index("year").loc[2016, "jobs_millions"])
    census = regional.census_table().pivot(index="region", columns="year", values="value")
    return {
        "steel_cut_2016_2018": model.benchmark("cut_achieved_2016_2018", "steel", 2018),
        "coal_cut_2016_2018": model.benchmark("cut_achieved_2016_2018", "coal", 2018),
        "steel_target_high": model.benchmark("cut_target_2016_2020", "steel", 2016),
        "steel_target_low": model.benchmark("cut_target_2016_2020_low", "steel", 2016),
        "coal_target": model.benchmark("cut_target_2016_2020", "coal", 2016),
        "coal_more_2018_2020": model.benchmark("cut_achieved_2018_2020", "coal", 2020),
        "coal_exited_2016_2020": record.coal_record()["cut_2016_2020"].value,
        "jobs_missing_target_text": missing_targets_text(
            [int(y) for y in jobs.loc[jobs["target_millions"].isna(), "year"]]),
        "jobs_years_with_target": len(with_target),
        "jobs_years_above": int(with_target["above_target"].sum()),
        "jobs_min": float(jobs["jobs_millions"].min()),
        "jobs_min_year": int(jobs.loc[jobs["jobs_millions"].idxmin(), "year"]),
        "jobs_2016": jobs_2016,
        "pop_first": float(pop["population_millions"].iloc[0]),
        "pop_last": float(pop["population_millions"].iloc[-1]),
        "pop_first_year": int(pop["year"].iloc[0]),
        "pop_last_year": int(pop["year"].iloc[-1]),
        "growth_gap_2016_2019": hindsight.growth_gap_since(2016, 2019),
        "census_2020_millions": float(census[2020].sum()) / 1e6,
        "census_change_millions": regional.census_change_millions(),
        "ne_layoffs_share_of_jobs_pct": ne_layoffs_millions(params) / jobs_2016 * 100,
    }


def beyond_section() -> dict:
    """C15: Heilongjiang's trade with Russia and the Belt and Road partners (the only figures found)."""
    return {key: float(value) for key, value in record.neighbour_trade_facts().items()}


#: the periods of the neighbour-trade figures: a year, or its first half
FIRST_HALF = ", first half"


def neighbour_trade_table(lang: str | None = None):
    """Heilongjiang's trade with Russia and the Belt and Road partners (``record.neighbour_trade_table``)
    as the chapter shows it, in ``lang`` (default: the run's): its labels and headings in that
    language, the sources' titles as written (marked English in a Chinese run)."""
    import html

    lang = language(lang)
    table = record.neighbour_trade_table()
    money = {"RMB billion": "{:,.2f}"}
    if lang == "en":
        return table.style.hide(axis="index").format(money)
    # Chinese counts money in 亿元: the same figures times ten, one decimal fewer
    yi = table["RMB billion"] * UNIT_SCALES["billion-to-yi"]
    table = table.assign(Heilongjiang=tl(table["Heilongjiang"], lang),
                         period=table["period"].str.replace(FIRST_HALF, t(FIRST_HALF, lang), regex=False))
    table = table.assign(**{"RMB billion": yi}).rename(columns={"RMB billion": "RMB 100 million"})
    shown = _headed(table, lang)
    return shown.style.hide(axis="index").format(
        {t("RMB 100 million", lang): "{:,.1f}",
         t("source", lang): lambda s: f'<span lang="en">{html.escape(str(s))}</span>'})


def verdicts_section(params: Mapping[str, Any]) -> dict:
    """The scorecard's verdicts on the chapter's claims (computed at the book's defaults), and the
    article's figures and Chapter 2's layoffs at these parameters beside them."""
    ch2 = model.scenario(**{k: params[k] for k in outlook.LAYOFF_PARAMS})
    jobs = data.load("new_urban_jobs")
    return {
        "fund_usd_bn": model.benchmark("reemployment_fund_usd", "steel_and_coal", 2016),
        "article_fund_usd_bn": model.ARTICLE.fund_usd_billion,
        "model_layoffs_millions": float(ch2.total_persons) / 1e6,
        "article_layoffs_millions": model.ARTICLE.layoffs_persons / 1e6,
        "article_cut_share": model.ARTICLE.cut_share,
        "article_years_low": model.ARTICLE.years_low,
        "article_years_high": model.ARTICLE.years_high,
        "jobs_2015": float(jobs.query("series == 'new_urban_jobs' and year == 2015")["value"].iloc[0]),
        "verdicts_feasibility": claims.verdict_markdown(CLAIMS),
    }
