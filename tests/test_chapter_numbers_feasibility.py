"""Chapter 3's section functions, checked without running a notebook.

Each value is compared with the same quantity computed here straight from the CSV files
(read with pandas, not through the package's loader), with Chapter 2's model at the same
parameters, or with the outlook model's documented properties; the sentences are checked for
naming the number they describe; and the keys against the glued keys the chapter's prose quotes.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from rustbelt import ROOT, model, outlook
from rustbelt.chapters import feasibility as ch3
from rustbelt.parameters import validate

DATA = ROOT / "data"
CHAPTER_3 = (ROOT / "chapters" / "feasibility.md").read_text(encoding="utf-8")
NE = ["Liaoning", "Jilin", "Heilongjiang"]


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv")


def _bench(series: str, sector: str) -> float:
    b = _csv("transition_benchmarks")
    return float(b[(b["series"] == series) & (b["sector"] == sector) & (b["region"] == "China")]["value"].iloc[0])


def _params(**changes):
    return validate("feasibility", **changes)


@pytest.mark.parametrize("share, words", [(None, "undefined (nobody has been laid off)"), (0.456, "46%"), (1.0, "100%"),
                                          (0.0, "0%")])
def test_share_words(share, words):
    assert ch3.share_words(share) == words


@pytest.mark.parametrize("n, words", [(None, "not within the horizon"), (1, "1 year"), (2, "2 years"), (10, "10 years")])
def test_years_words(n, words):
    assert ch3.years_words(n) == words


def test_missing_targets_text():
    assert ch3.missing_targets_text([]) == "a target was found for every year"
    assert ch3.missing_targets_text([2018, 2021]) == "no target was found for 2018, 2021"


@pytest.mark.parametrize("changes", [{}, {"northeast_share": 0.2, "cut_share": 0.5}, {"phase_years": 1}])
def test_reform_layoffs_are_the_northeasts_share_of_chapter_2s_model(changes):
    params = _params(**changes)
    got = ch3.reemployment_section(params)
    ch2 = model.scenario(**{k: params[k] for k in outlook.LAYOFF_PARAMS})
    assert got["ne_layoffs_millions"] == pytest.approx(float(ch2.northeast_persons) / 1e6)
    # laid off in equal parts over the phasing: the first year's share is one part
    assert got["first_year_layoffs_thousands"] == pytest.approx(got["ne_layoffs_millions"] * 1000 / params["phase_years"])
    assert got["phase_years"] == params["phase_years"]


def test_doubling_the_northeast_share_doubles_the_regions_layoffs():
    one = ch3.reemployment_section(_params(northeast_share=0.1))["ne_layoffs_millions"]
    two = ch3.reemployment_section(_params(northeast_share=0.2))["ne_layoffs_millions"]
    assert two == pytest.approx(2 * one)


def test_reemployment_section_reads_the_resettlement_record():
    got = ch3.reemployment_section(_params())
    resettled, official = _bench("workers_resettled", "steel_and_coal"), _bench("official_workers_to_reassign", "steel_and_coal")
    assert got["resettled_2016_thousands"] == pytest.approx(resettled / 1000)
    assert got["resettled_ratio_pct"] == pytest.approx(resettled / official * 100)
    assert got["official_millions"] == pytest.approx(official / 1e6)
    assert got["resettled_2017_millions"] == pytest.approx(_bench("workers_resettled_cumulative", "steel_and_coal") / 1e6)
    assert got["rate_pct"] == pytest.approx(40.0)


@pytest.mark.parametrize("scenario", ["reform", "old_policies"])
def test_scenarios_section_words_name_the_model_outcome(scenario):
    params = _params(scenario=scenario)
    got = ch3.scenarios_section(params)
    res = outlook.outcome(params)
    other = outlook.outcome({**params, "scenario": ch3.other_scenario(scenario)})
    assert got["share_3y_text"] == f"{res['share_reemployed_3y']:.0%}"
    assert got["other_share_3y_text"] == f"{other['share_reemployed_3y']:.0%}"
    assert got["ytm_text"] == ch3.years_words(res["years_to_majority"])
    assert got["other_ytm_text"] == ch3.years_words(other["years_to_majority"])
    assert got["peak_jobless_thousands"] == pytest.approx(float(res["jobless"].max()) * 1000)
    assert got["horizon_last_year"] == 2016 + params["horizon_years"] - 1
    assert got["scenario_label"] != got["other_label"]
    assert got["fund_rmb_bn"] == _bench("reemployment_fund", "steel_and_coal")


def test_a_faster_rate_reemploys_a_larger_share():
    slow = ch3.scenarios_section(_params(reemployment_rate=0.2))
    fast = ch3.scenarios_section(_params(reemployment_rate=0.6))
    assert fast["share_reemployed_3y"] > slow["share_reemployed_3y"]
    assert fast["peak_jobless_thousands"] < slow["peak_jobless_thousands"]


def test_nobody_laid_off_leaves_the_share_undefined():
    got = ch3.scenarios_section(_params(cut_share=0.0))
    assert got["share_3y_text"] == got["share_end_text"] == "undefined (nobody has been laid off)"
    assert got["ytm_text"] == "not within the horizon"


def test_assumptions_table_lists_every_assumption():
    table = ch3.assumptions_table()
    assert list(table.columns) == ["assumption", "value", "meaning"]
    assert len(table) == len(outlook.DEFAULT_ASSUMPTIONS.describe())
    html = ch3.scenarios_section(_params())["assumptions_table"].data
    assert html.startswith('<div class="rb-table-wrap">') and all(a in html for a in table["assumption"])


def test_uncertainty_section_quotes_the_monte_carlo_it_is_given():
    params = _params(n_draws=300)
    mc = outlook.monte_carlo(params)
    got = ch3.uncertainty_section(params, mc)
    assert got["p_majority_within_3y"] == mc["p_majority_within_3y"]
    assert got["p3_text"] == f"{mc['p_majority_within_3y']:.0%}"
    assert (got["n_draws"], got["seed"]) == (300, params["seed"])
    assert got["ne_low_pct"] < got["ne_high_pct"]
    # the low end is never below what Longmay's announced layoffs alone are of the national total
    longmay = float(_csv("northeast_industry").query("series == 'longmay_planned_layoffs'")["value"].iloc[0])
    total = model.scenario(**{k: params[k] for k in outlook.LAYOFF_PARAMS}).total_persons
    assert got["ne_low_pct"] >= min(longmay / total * 100, got["ne_high_pct"]) - 1e-9
    assert got["rate_spread_pct"] == pytest.approx((outlook.RATE_FACTOR_RANGE[1] - 1) * 100)
    assert ch3.share_words(None, "undefined (nobody is laid off)") == "undefined (nobody is laid off)"


def test_tornado_top_picks_the_widest_swing_per_metric():
    rows = [{"metric": m, "input": name, "swing": swing} for m in outlook.METRICS
            for name, swing in (("a", 0.1), ("b", 0.3), ("c", 0.2))]
    rows.append({"metric": "pace", "input": "d", "swing": 0.9})
    assert ch3.tornado_section(rows) == {"tornado_top_pace": "d", "tornado_top_size": "b"}


def test_robustness_section_is_a_full_factorial_design():
    params = _params()
    got = ch3.robustness_section(params)
    assert got["robust_cases"] == 3 ** got["robust_inputs"]
    assert got["robust_inputs"] == len(outlook.uncertainty_ranges(params))
    assert got["robust_holds_pct"] == pytest.approx(got["robust_holds"] / got["robust_cases"] * 100)
    assert 0 <= got["robust_holds"] <= got["robust_cases"]
    rate_range = outlook.uncertainty_ranges(params)["reemployment_rate"]
    if got["robust_holds"]:
        assert got["robust_min_rate_text"] in {f"{r:.0%}" for r in (rate_range[0], params["reemployment_rate"],
                                                                     rate_range[1])}


def test_a_higher_rate_holds_in_more_of_the_design():
    low = ch3.robustness_section(_params(reemployment_rate=0.2))["robust_holds"]
    high = ch3.robustness_section(_params(reemployment_rate=0.6))["robust_holds"]
    assert high > low


def test_hindsight_section_matches_the_files():
    params = _params()
    got = ch3.hindsight_section(params)
    j = _csv("new_urban_jobs")
    jobs = j[j["series"] == "new_urban_jobs"].set_index("year")["value"]
    target = j[j["series"] == "new_urban_jobs_target"].set_index("year")["value"]
    years = [y for y in range(2016, 2025) if y in jobs.index]
    with_target = [y for y in years if y in target.index]
    assert got["jobs_years_with_target"] == len(with_target)
    assert got["jobs_years_above"] == sum(jobs[y] > target[y] for y in with_target)
    assert got["jobs_min"] == min(jobs[y] for y in years)
    assert jobs[got["jobs_min_year"]] == got["jobs_min"]
    assert got["jobs_missing_target_text"] == ch3.missing_targets_text([y for y in years if y not in target.index])
    assert got["ne_layoffs_share_of_jobs_pct"] == pytest.approx(
        ch3.reemployment_section(params)["ne_layoffs_millions"] / jobs[2016] * 100)

    pop = _csv("population_yearend")
    pop = pop[(pop["basis"] == "post_2020_census") & pop["region"].isin(NE)].groupby("year")["value"].sum() / 100
    assert (got["pop_first_year"], got["pop_last_year"]) == (2015, int(pop.index.max()))
    assert got["pop_first"] == pytest.approx(pop[2015]) and got["pop_last"] == pytest.approx(pop[pop.index.max()])

    census = _csv("census_population")
    census = census[census["region"].isin(NE)].pivot(index="region", columns="year", values="value")
    assert got["census_2020_millions"] == pytest.approx(census[2020].sum() / 1e6)
    assert got["census_change_millions"] == pytest.approx((census[2020].sum() - census[2010].sum()) / 1e6)

    assert got["steel_cut_2016_2018"] == _bench("cut_achieved_2016_2018", "steel")
    assert got["steel_target_low"] < got["steel_target_high"]
    assert got["coal_exited_2016_2020"] > got["coal_target"] == _bench("cut_target_2016_2020", "coal")


def test_more_layoffs_are_a_larger_share_of_one_years_new_jobs():
    low = ch3.hindsight_section(_params(cut_share=0.2))["ne_layoffs_share_of_jobs_pct"]
    high = ch3.hindsight_section(_params(cut_share=0.4))["ne_layoffs_share_of_jobs_pct"]
    assert high == pytest.approx(2 * low)


def test_verdicts_section_sets_chapter_2s_layoffs_beside_the_article():
    params = _params(cut_share=0.5)
    got = ch3.verdicts_section(params)
    assert got["model_layoffs_millions"] == pytest.approx(
        model.scenario(**{k: params[k] for k in outlook.LAYOFF_PARAMS}).total_persons / 1e6)
    assert got["article_layoffs_millions"] == pytest.approx(model.ARTICLE.layoffs_persons / 1e6)
    j = _csv("new_urban_jobs")
    assert got["jobs_2015"] == float(j[(j["series"] == "new_urban_jobs") & (j["year"] == 2015)]["value"].iloc[0])
    assert got["fund_usd_bn"] == _bench("reemployment_fund_usd", "steel_and_coal")


def _sections(params) -> dict[str, dict]:
    """Each section function's name and what it returns at ``params``."""
    curve = outlook.rate_curve(params)
    return {"reemployment_section": ch3.reemployment_section(params),
            "scenarios_section": ch3.scenarios_section(params),
            "threshold_section": ch3.threshold_section(params, curve),
            "uncertainty_section": ch3.uncertainty_section(params, outlook.monte_carlo(params, n_draws=200)),
            "tornado_section": ch3.tornado_section(outlook.tornado(params)),
            "robustness_section": ch3.robustness_section(params),
            "hindsight_section": ch3.hindsight_section(params),
            "beyond_section": ch3.beyond_section(),
            "verdicts_section": ch3.verdicts_section(params)}


def _quoted_at(chapter: str, key: str) -> int | None:
    used = re.search(r"\{glue:(?:text\}`|md\} |\} )" + key + r"\b", chapter)
    return used.start() if used else None


def test_every_key_chapter_3_quotes_comes_from_one_section_function_or_a_solution_cell():
    sections = _sections(_params())
    provided = [k for values in sections.values() for k in values]
    assert len(provided) == len(set(provided)), "a key is glued by two sections"
    quoted = (set(re.findall(r"\{glue:text\}`([a-z0-9_]+)", CHAPTER_3))
              | set(re.findall(r"\{glue:(?:md)?\} ([a-z0-9_]+)", CHAPTER_3)))
    solutions = set(re.findall(r'glue\("([a-z0-9_]+)"', CHAPTER_3))
    assert quoted <= set(provided) | solutions, sorted(quoted - set(provided) - solutions)
    assert not (set(provided) & solutions)
    # each section glued by one line, and no other glue_all line
    assert sorted(re.findall(r"glue_all\(numbers\.(\w+)\(", CHAPTER_3)) == sorted(sections)


def test_every_key_is_glued_before_the_prose_that_quotes_it():
    for name, values in _sections(_params()).items():
        glued_at = CHAPTER_3.index(f"glue_all(numbers.{name}(")
        for key in values:
            used = _quoted_at(CHAPTER_3, key)
            assert used is None or glued_at < used, f"{key} ({name}) is quoted before it is glued"
