"""Chapter 2, transitional pain: the numbers and sentences each section quotes.

Every section function takes what it depends on (the chapter's validated parameters, or the
scenario they give) and returns ``{glue key: value}``; the keys are an interface (the prose,
the tests, the scenario runner, the glued-values snapshot). A sentence whose wording depends
on the parameters is the output of a function here, never an f-string in a chapter cell.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import claims, data, model, record, regional
from ..i18n import language, tf
from ..parameters import control_range, defaults

#: the claims whose verdicts close the chapter
CLAIMS = ["C1", "C2", "C4", "C9", "C10", "C11"]


def _bench(series: str, sector: str, year: int) -> float:
    return model.benchmark(series, sector, year)


def _new_jobs() -> Any:
    """New urban jobs and their targets, millions, by (series, year)."""
    return data.load("new_urban_jobs").set_index(["series", "year"])["value"]


def article_section() -> dict:
    """The article's arithmetic the chapter opens with (C9, C10): its cut share, its "up to"
    figure and years, and the new urban jobs of 2015."""
    a = model.ARTICLE
    return {
        "article_cut_share": a.cut_share,
        "article_millions": a.layoffs_persons / 1e6,
        "article_years_low": a.years_low,
        "article_years_high": a.years_high,
        "new_jobs_2015": float(_new_jobs()[("new_urban_jobs", 2015)]),
    }


def scenario_section(params: Mapping[str, Any], scenario: model.Scenario) -> dict:
    """The headline layoffs at the chapter's parameters and the inputs they were computed from
    (the scenario is ``model.scenario(**params)``)."""
    default_op = defaults("transitional_pain")["operating_share"]
    op_low, op_high = model.operating_share_range(default_op)
    out = dict(scenario.glue_values())
    out.update({
        "run_cut_share": params["cut_share"],
        "run_cut_basis": params["cut_basis"],
        "run_sectors": sectors_text(scenario.sectors),
        "run_phase_years": int(params["phase_years"]),
        "run_last_year": int(model.START_YEAR + params["phase_years"] - 1),
        "run_wpm_steel": float(scenario.workers_per_mt["steel"]),
        "run_wpm_coal": float(scenario.workers_per_mt["coal"]),
        "run_cut_steel_mt": float(scenario.cut_mt["steel"]),
        "run_cut_coal_mt": float(scenario.cut_mt["coal"]),
        "run_yearly_millions": float(scenario.total_persons / params["phase_years"] / 1e6),
        "run_operating_share": params["operating_share"],
        "op_default": default_op,
        "op_low": op_low,
        "op_high": op_high,
        "run_operating_text": model.operating_share_text(params["cut_basis"], params["operating_share"]),
    })
    return out


def sectors_text(sectors, lang: str | None = None) -> str:
    """The modelled sectors in words: 'steel and coal' (钢铁和煤炭), 'steel' (钢铁)."""
    if language(lang) == "zh":
        return "和".join({"steel": "钢铁", "coal": "煤炭"}[s] for s in sectors)
    return " and ".join(sectors)


def cuts_section() -> dict:
    """C1, C2: the targets and the reported cuts, each total for its own period (never added
    across periods), output while capacity was cut, and the operating share the first year implies."""
    cut = model.capacity_cuts_table().set_index(["sector", "year", "kind"])["cut_mt"]
    out: dict[str, Any] = {}
    for s in model.MODELLED_SECTORS:
        for y in (2016, 2017):
            out[f"{s}_cut_{y}"] = float(cut[(s, y, "achieved")])
        for y in (2016, 2017, 2018):
            out[f"{s}_target_{y}"] = float(cut[(s, y, "target")])
        out[f"{s}_implied_2018"] = float(cut[(s, 2018, "implied")])
        out[f"{s}_total_2016_2018"] = _bench("cut_achieved_2016_2018", s, 2018)
        out[f"{s}_target_2016_2020"] = _bench("cut_target_2016_2020", s, 2016)
    out.update({
        "steel_target_2016_2020_low": _bench("cut_target_2016_2020_low", "steel", 2016),
        "coal_cut_2018_2020": _bench("cut_achieved_2018_2020", "coal", 2020),
        "steel_ws_2015": model.output_mt("steel", "worldsteel", 2015),
        "steel_ws_2018": model.output_mt("steel", "worldsteel", 2018),
        "coal_total_over_target": (_bench("cut_achieved_2016_2018", "coal", 2018)
                                   / _bench("cut_target_2016_2020", "coal", 2016)),
        "ditiaogang_h1_2017": _bench("substandard_steel_closed_h1", "steel", 2017),
        "ditiaogang_since_2016": _bench("substandard_steel_eliminated_since_2016", "steel", 2019),
        "utilisation_steel_2015": model.baselines()["steel"].utilisation_pct,
        "operating_check": model.operating_share_for(
            _bench("workers_resettled", "steel_and_coal", 2016),
            {s: float(cut[(s, 2016, "achieved")]) for s in model.MODELLED_SECTORS}),
    })
    out.update({f"coal_{key}": total.value for key, total in record.coal_record().items()})
    steel = record.steel_record()
    out["steel_cut_2016_2019"] = steel["cut_2016_2019"].value
    out["steel_substandard_2016_2019"] = steel["substandard_2016_2019"].value
    return out


def steel_market_section() -> dict:
    """C4: steel prices and profits after the cuts (the loss of 2015 as a positive number)."""
    sf = record.steel_facts()
    out = {f"steelmkt_{key}": float(value) for key, value in sf.items()}
    out["steelmkt_loss_2015"] = -float(sf["profit_2015"])
    return out


def overcapacity_section() -> dict:
    """Steel's capacity, output and surplus in 2015, the published surplus estimates, and coal's
    upper estimate with the capacity derived from it."""
    base = model.baselines()
    steel, coal = base["steel"], base["coal"]
    estimates = model.steel_overcapacity_estimates()
    published = estimates[estimates["kind"] == "published estimate"]["overcapacity_mt"]
    return {
        "steel_capacity_2015": steel.capacity_mt,
        "steel_output_2015": steel.output_mt,
        "steel_overcapacity": steel.overcapacity_mt,
        "steel_utilisation_pct": steel.utilisation_pct,
        "steel_utilisation_cmpri": _bench("utilisation_cmpri", "steel", 2015),
        "steel_utilisation_2006": _bench("utilisation_piie", "steel", 2006),
        "steel_overcap_min": float(published.min()),
        "steel_overcap_max": float(published.max()),
        "coal_output_2015": coal.output_mt,
        "coal_overcapacity": coal.overcapacity_mt,
        "coal_capacity_derived": coal.capacity_mt,
    }


def workers_per_mt_section() -> dict:
    """The calibrated workers per Mt of output, the checks on them, and the official figure's ratios."""
    base = model.baselines()
    steel, coal = base["steel"], base["coal"]
    wpm = model.workers_per_mt_table()
    return {
        "steel_employment_millions": steel.employment_persons / 1e6,
        "coal_employment_millions": coal.employment_persons / 1e6,
        "coal_output_2013": coal.calibration_mt,
        "wpm_steel_cal": steel.workers_per_mt,
        "wpm_coal_cal": coal.workers_per_mt,
        "wpm_steel_output": steel.employment_persons / steel.output_mt,
        "wpm_steel_platts": _bench("employment_per_kt_output", "steel", 2015) * 1000,
        "wpm_steel_per_capacity": steel.employment_persons / steel.capacity_mt,
        "wpm_steel_cisa": 1e6 / _bench("output_per_worker_cisa", "steel", 2016),
        "wpm_coal_alt": _bench("sector_employment_alternative", "coal", 2015) / coal.output_mt,
        "wpm_steel_official": steel.official_workers_per_mt,
        "wpm_coal_official": coal.official_workers_per_mt,
        "wpm_coal_official_ratio": coal.official_workers_per_mt / coal.workers_per_mt,
        "wpm_steel_official_share": steel.official_workers_per_mt / steel.workers_per_mt,
        "cisa_tonnes_per_worker": _bench("output_per_worker_cisa", "steel", 2016),
        "platts_per_kt": _bench("employment_per_kt_output", "steel", 2015),
        "longmay_wpm": float(wpm[wpm["measure"].str.startswith("Longmay")]["workers_per_mt"].iloc[0]),
    }


def layoffs_section() -> dict:
    """C9: the estimates that frame the debate: the model's sourced and article presets, the official
    figure, CICC's and Reuters' sources, what the article's figure would take, and the outcomes."""
    coal = model.baselines()["coal"]
    official = _bench("official_workers_to_reassign", "steel_and_coal", 2016)
    sourced = model.scenario(**model.preset("sourced"))
    article = model.scenario(**model.preset("article"))
    target = model.ARTICLE.layoffs_persons
    cicc = record.cicc()
    return {
        "official_millions": official / 1e6,
        "official_coal_millions": _bench("official_workers_to_reassign", "coal", 2016) / 1e6,
        "official_steel_millions": _bench("official_workers_to_reassign", "steel", 2016) / 1e6,
        "sourced_millions": sourced.total_persons / 1e6,
        "sourced_cut_steel": float(sourced.cut_mt["steel"]),
        "sourced_cut_coal": float(sourced.cut_mt["coal"]),
        "article_preset_millions": article.total_persons / 1e6,
        "article_preset_cut_steel": float(article.cut_mt["steel"]),
        "article_preset_cut_coal": float(article.cut_mt["coal"]),
        "required_share_overcapacity": model.required_cut_share(target, "overcapacity"),
        "required_share_capacity": model.required_cut_share(target, "capacity"),
        "required_share_output": model.required_cut_share(target, "output"),
        "required_intensity": model.required_intensity_multiplier(target),
        "official_coal_at_cal_millions": coal.official_cut_mt * coal.workers_per_mt / 1e6,
        "experts_millions": _bench("layoff_estimate_experts_30pct_cut", "several", 2016) / 1e6,
        "resettled_2016": _bench("workers_resettled", "steel_and_coal", 2016),
        "resettled_share_of_official": _bench("workers_resettled", "steel_and_coal", 2016) / official,
        "steel_resettled_2016_2017": _bench("workers_resettled_2016_2017", "steel", 2017),
        "cmipri_steel": _bench("layoff_estimate_cmipri", "steel", 2016),
        "cicc_millions": cicc["laid_off"] / 1e6,
        "cicc_jobless_millions": cicc["jobless"] / 1e6,
        "cicc_jobless_share": cicc["jobless_share"],
        "reuters_low_millions": record.estimate("reuters_sources_low") / 1e6,
        "reuters_high_millions": record.estimate("reuters_sources_high") / 1e6,
    }


def longmay_vs_run_text(longmay_layoffs: float, total_persons: float, northeast_persons: float,
                        lang: str | None = None) -> str:
    """The sentence setting Longmay's announced layoffs against the scenario's national and
    Northeastern layoffs (a share above 100% is said as it is)."""
    lang = language(lang)
    if total_persons <= 0:
        return tf("With these parameters nobody is laid off, so there is nothing to compare Longmay's layoffs with.", lang)
    if northeast_persons > 0:
        return tf("Longmay's announced layoffs alone would be {national:.0%} of this scenario's national total, and "
                  "{northeast:.0%} of its Northeastern share.", lang,
                  national=longmay_layoffs / total_persons, northeast=longmay_layoffs / northeast_persons)
    return tf("Longmay's announced layoffs alone would be {national:.0%} of this scenario's national total, yet the "
              "chosen Northeast share is zero.", lang, national=longmay_layoffs / total_persons)


def northeast_section(params: Mapping[str, Any], scenario: model.Scenario) -> dict:
    """The Northeast's share of the layoffs: the parameter, the evidence that brackets it, and
    Longmay's layoffs against this scenario."""
    ev = model.northeast_evidence()
    return {
        "ne_share_param": params["northeast_share"],
        "ne_mining_share": ev["mining_employment_share"],
        "ne_manufacturing_share": ev["manufacturing_employment_share"],
        "ne_gdp_share": ev["gdp_share_2017"],
        # the V4 vintage, like the 2017 employment figures (NBS download after the 4th Economic Census)
        "ne_gdp_share_v4_2017": regional.share_in("v4", 2017) / 100,
        "longmay_layoffs": ev["longmay_planned_layoffs"],
        "longmay_employees": ev["longmay_employees_2015"],
        "longmay_share_of_official": ev["longmay_share_of_official"],
        "longmay_share_of_coal": ev["longmay_share_of_coal_employment"],
        "ne_affected_2020": ev["affected_projection_2020"],
        "ne_affected_share": ev["affected_share_of_official"],
        "ne_steel_share": ev["steel_output_share_2015"],
        # Longmay's floor under the share, at the chapter's defaults (issue 11)
        "ne_share_min": control_range("transitional_pain", "northeast_share")[0],
        "ne_model_total_millions": ev["model_total_at_defaults"] / 1e6,
        "ne_model_total_of_official": ev["model_total_share_of_official"],
        "longmay_share_at_defaults": ev["longmay_share_at_defaults"],
        "ne_affected_at_model_total_thousands": ev["affected_share_at_model_total"] / 1e3,
        "longmay_vs_run_text": longmay_vs_run_text(ev["longmay_planned_layoffs"], scenario.total_persons,
                                                   scenario.northeast_persons),
    }


def carried_text(phase_years: int, lang: str | None = None) -> str:
    """Whether the phasing runs past the last observed new-jobs year (whose figure later years reuse)."""
    last_obs = model.last_jobs_year()
    if language(lang) == "zh":
        if model.START_YEAR + phase_years - 1 > last_obs:
            return (f"分摊期超出了有数据的最后一年 {last_obs} 年，因此此后各年沿用 {last_obs} 年的数字"
                    "（图中已标注）。")
        return f"分摊期内每一年都有观测到的新增就业数字（数据截至 {last_obs} 年）。"
    if model.START_YEAR + phase_years - 1 > last_obs:
        return (f"The phasing runs past {last_obs}, the last year with data, so the later years reuse "
                f"{last_obs}'s figure (labelled in the chart).")
    return f"Every year of the phasing has an observed new-jobs figure (the data run to {last_obs})."


def absorption_section(params: Mapping[str, Any]) -> dict:
    """C10: new urban jobs in 2016 against the target, the phase's tightest year, and the article's
    own figure as a share of 2015's new jobs a year."""
    nuj = _new_jobs()
    a = model.ARTICLE
    return {
        "new_jobs_target_2016": float(nuj[("new_urban_jobs_target", 2016)]),
        "new_jobs_2016": float(nuj[("new_urban_jobs", 2016)]),
        "peak_year": int(model.peak_absorption_year(params["phase_years"])),
        "carried_text": carried_text(params["phase_years"]),
        "article_yearly_pct": float(a.layoffs_persons / a.years_low / (nuj[("new_urban_jobs", 2015)] * 1e6) * 100),
    }


def fund_per_worker_text(fund_per_worker_rmb: float | None, fund_rmb_bn: float, fund_usd_bn: float,
                         lang: str | None = None) -> str:
    """The fund per worker in words: in thousands of yuan and hundreds of dollars (the inputs are
    rounded: RMB 100 bn, a calibrated layoff count), converted at the sources' own rate, or why it
    is not defined."""
    if language(lang) == "zh":
        if fund_per_worker_rmb is None:
            return "在这些参数下没有定义：2016–2017 年没有钢铁或煤炭职工被裁员，这笔资金无人可分（本章记为 None）"
        return (f"约 {round(fund_per_worker_rmb, -3):,.0f} 元，按资料来源所用的汇率约合 "
                f"{round(fund_per_worker_rmb * fund_usd_bn / fund_rmb_bn, -2):,.0f} 美元")
    if fund_per_worker_rmb is None:
        return ("not defined with these parameters: no steel or coal worker is laid off in 2016–2017, so the fund "
                "has nobody to divide among (the chapter records it as None)")
    return (f"about RMB {round(fund_per_worker_rmb, -3):,.0f} per worker, "
            f"about US$ {round(fund_per_worker_rmb * fund_usd_bn / fund_rmb_bn, -2):,.0f} at the sources' conversion")


def fund_section(scenario: model.Scenario) -> dict:
    """C11: the re-employment fund, its dollar conversions, per worker in this scenario and at the
    official figure, and what was spent in 2016."""
    fund_bn = _bench("reemployment_fund", "steel_and_coal", 2016)
    fund_usd = _bench("reemployment_fund_usd", "steel_and_coal", 2016)
    official = _bench("official_workers_to_reassign", "steel_and_coal", 2016)
    res = record.resettlement_record()
    return {
        "fund_rmb_bn": fund_bn,
        "fund_usd_bn": fund_usd,
        "article_fund_usd_bn": model.ARTICLE.fund_usd_billion,
        "rate_sources": fund_bn / fund_usd,
        "rate_article": fund_bn / model.ARTICLE.fund_usd_billion,
        "fund_per_official_worker": model.fund_rmb() / official,
        "fund_layoffs_millions": float(scenario.fund_layoffs_persons) / 1e6,
        "fund_per_worker_text": fund_per_worker_text(scenario.fund_per_worker_rmb, fund_bn, fund_usd),
        "fund_per_official_worker_k": round(model.fund_rmb() / official, -3),
        # what was actually spent in 2016, and on how many workers (MOHRSS via Xinhua)
        "fund_spent_2016_bn": res["spent_2016"].value,
        "fund_spent_2016_share": res["spent_2016"].value / res["fund"].value,
        "fund_aided_2016": res["resettled_2016"].value,
        "fund_spent_per_worker_2016_floor": (record.spent_per_worker_2016_rmb() // 1000) * 1000,
        "resettled_2016_2017": res["resettled_2016_2017"].value,
    }


def explorer_section() -> dict:
    """The official figure the explorer's bars are set against."""
    return {"explorer_official_millions": _bench("official_workers_to_reassign", "steel_and_coal", 2016) / 1e6}


def verdicts_section() -> dict:
    """The scorecard's verdicts on the chapter's claims (computed at the book's defaults)."""
    return {"verdicts_transitional_pain": claims.verdict_markdown(CLAIMS)}
