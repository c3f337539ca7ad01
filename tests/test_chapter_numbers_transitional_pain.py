"""Chapter 2's section functions, checked without running a notebook.

Each value is compared with the same quantity computed here straight from the CSV files
(read with pandas, not through the package's loader) or with the model at the same
parameters; the sentences are checked for naming the number they describe; and the keys
are checked against the glued keys the chapter's prose quotes.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from rustbelt import ROOT, model
from rustbelt.chapters import transitional_pain as ch2
from rustbelt.parameters import defaults, validate

DATA = ROOT / "data"
CHAPTER_2 = (ROOT / "chapters" / "transitional_pain.md").read_text(encoding="utf-8")
DEFAULTS = defaults("transitional_pain")


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv")


def _bench(series: str, sector: str, region: str = "China") -> float:
    b = _csv("transition_benchmarks")
    row = b[(b["series"] == series) & (b["sector"] == sector) & (b["region"] == region)]
    assert len(row) == 1, (series, sector, region)
    return float(row["value"].iloc[0])


def _jobs() -> dict[tuple[str, int], float]:
    j = _csv("new_urban_jobs")
    return {(s, int(y)): float(v) for s, y, v in zip(j["series"], j["year"], j["value"])}


def _run(**changes):
    params = validate("transitional_pain", **changes)
    return params, model.scenario(**params)


def test_article_section_quotes_the_article_and_2015s_new_jobs():
    got = ch2.article_section()
    assert got["new_jobs_2015"] == _jobs()[("new_urban_jobs", 2015)]
    assert got["article_millions"] == pytest.approx(model.ARTICLE.layoffs_persons / 1e6)
    assert got["article_years_low"] < got["article_years_high"]
    assert 0 < got["article_cut_share"] < 1


@pytest.mark.parametrize("changes", [{}, {"cut_share": 0.2, "cut_basis": "capacity", "phase_years": 5},
                                     {"sectors": ["coal"], "operating_share": 0.4}])
def test_scenario_section_reports_the_model_at_the_chapters_parameters(changes):
    params, scenario = _run(**changes)
    got = ch2.scenario_section(params, scenario)
    assert {k: got[k] for k in scenario.glue_values()} == scenario.glue_values()
    assert got["layoffs_total_millions"] == pytest.approx(
        got["layoffs_steel_millions"] + got["layoffs_coal_millions"] + got["layoffs_cement_millions"])
    assert got["run_last_year"] == 2016 + params["phase_years"] - 1
    assert got["run_yearly_millions"] == pytest.approx(got["layoffs_total_millions"] / params["phase_years"])
    assert got["run_sectors"] == " and ".join(params["sectors"])
    assert (got["run_cut_share"], got["run_cut_basis"], got["run_operating_share"]) == (
        params["cut_share"], params["cut_basis"], params["operating_share"])
    # the default operating share's range is centred on it, within 0-1
    assert got["op_low"] < got["op_default"] == DEFAULTS["operating_share"] < got["op_high"] <= 1
    assert got["op_default"] - got["op_low"] == pytest.approx(got["op_high"] - got["op_default"])


def test_a_bigger_cut_lays_off_more_and_a_longer_phasing_fewer_a_year():
    small = ch2.scenario_section(*_run(cut_share=0.2))
    large = ch2.scenario_section(*_run(cut_share=0.4))
    assert large["layoffs_total_millions"] == pytest.approx(2 * small["layoffs_total_millions"])
    assert large["run_cut_steel_mt"] > small["run_cut_steel_mt"]
    slow = ch2.scenario_section(*_run(cut_share=0.2, phase_years=5))
    assert slow["layoffs_total_millions"] == pytest.approx(small["layoffs_total_millions"])
    assert slow["run_yearly_millions"] < small["run_yearly_millions"]


def test_cuts_section_matches_the_capacity_cuts_file():
    cuts = _csv("capacity_cuts")
    value = {(s, int(y), k): float(v) for s, y, k, v in zip(cuts["sector"], cuts["year"], cuts["kind"], cuts["value"])}
    got = ch2.cuts_section()
    for s in ("steel", "coal"):
        for y in (2016, 2017):
            assert got[f"{s}_cut_{y}"] == value[(s, y, "achieved")]
            assert got[f"{s}_target_{y}"] == value[(s, y, "target")]
        total = _bench("cut_achieved_2016_2018", s)
        assert got[f"{s}_total_2016_2018"] == total
        # 2018's cut is implied: the 2016-2018 total less the two reported years
        assert got[f"{s}_implied_2018"] == pytest.approx(total - value[(s, 2016, "achieved")] - value[(s, 2017, "achieved")])
    assert got["coal_total_over_target"] == pytest.approx(_bench("cut_achieved_2016_2018", "coal")
                                                          / _bench("cut_target_2016_2020", "coal"))
    assert got["steel_target_2016_2020_low"] < got["steel_target_2016_2020"]
    assert 0 < got["operating_check"]


def test_the_operating_share_the_first_year_implies_reproduces_its_resettled_workers():
    got = ch2.cuts_section()
    cut_2016 = {"steel": got["steel_cut_2016"], "coal": got["coal_cut_2016"]}
    base = model.baselines()
    persons = sum(cut_2016[s] * got["operating_check"] * base[s].workers_per_mt for s in cut_2016)
    assert persons == pytest.approx(_bench("workers_resettled", "steel_and_coal"))


def test_overcapacity_section_is_capacity_minus_output():
    got = ch2.overcapacity_section()
    out = _csv("sector_output")
    steel_2015 = float(out[(out["sector"] == "steel") & (out["series"] == "nbs") & (out["year"] == 2015)]["value"].iloc[0])
    coal_2015 = float(out[(out["sector"] == "coal") & (out["series"] == "bp") & (out["year"] == 2015)]["value"].iloc[0])
    assert got["steel_output_2015"] == pytest.approx(steel_2015)
    assert got["steel_overcapacity"] == pytest.approx(got["steel_capacity_2015"] - steel_2015)
    assert got["steel_utilisation_pct"] == pytest.approx(steel_2015 / got["steel_capacity_2015"] * 100)
    assert got["coal_output_2015"] == pytest.approx(coal_2015)
    assert got["coal_overcapacity"] == _bench("overcapacity_estimate_reuters", "coal")
    assert got["coal_capacity_derived"] == pytest.approx(coal_2015 + got["coal_overcapacity"])
    assert got["steel_overcap_min"] <= got["steel_overcap_max"]


def test_workers_per_mt_section_divides_the_sourced_employment_by_output():
    got = ch2.workers_per_mt_section()
    out = _csv("sector_output")
    steel_2015 = float(out[(out["sector"] == "steel") & (out["series"] == "nbs") & (out["year"] == 2015)]["value"].iloc[0])
    coal_2013 = float(out[(out["sector"] == "coal") & (out["series"] == "bp") & (out["year"] == 2013)]["value"].iloc[0])
    steel_jobs, coal_jobs = _bench("sector_employment", "steel"), _bench("sector_employment", "coal")
    assert got["wpm_steel_cal"] == pytest.approx(steel_jobs / steel_2015)
    assert got["wpm_coal_cal"] == pytest.approx(coal_jobs / coal_2013)
    assert got["steel_employment_millions"] == pytest.approx(steel_jobs / 1e6)
    assert got["wpm_steel_cisa"] == pytest.approx(1e6 / _bench("output_per_worker_cisa", "steel"))
    assert got["wpm_steel_platts"] == pytest.approx(_bench("employment_per_kt_output", "steel") * 1000)
    # per Mt of capacity is fewer than per Mt of output: capacity exceeds output
    assert got["wpm_steel_per_capacity"] < got["wpm_steel_cal"]
    assert got["wpm_coal_official_ratio"] == pytest.approx(got["wpm_coal_official"] / got["wpm_coal_cal"])
    facts = _csv("northeast_industry").set_index(["series", "year"])["value"]
    assert got["longmay_wpm"] == pytest.approx(facts[("longmay_employees", 2015)] / facts[("longmay_output", 2011)])


def test_layoffs_section_reads_the_estimates_and_what_the_article_would_take():
    got = ch2.layoffs_section()
    official = _bench("official_workers_to_reassign", "steel_and_coal")
    assert got["official_millions"] == pytest.approx(official / 1e6)
    assert got["official_coal_millions"] + got["official_steel_millions"] == pytest.approx(got["official_millions"])
    assert got["resettled_share_of_official"] == pytest.approx(_bench("workers_resettled", "steel_and_coal") / official)
    target = model.ARTICLE.layoffs_persons
    for basis in ("overcapacity", "capacity", "output"):
        # layoffs are linear in the cut share (a share above 1 is past the model's range: scale a full cut)
        share = got[f"required_share_{basis}"]
        assert share * model.scenario(cut_share=1.0, cut_basis=basis).total_persons == pytest.approx(target)
    # overcapacity is the smallest base, so it needs the largest share
    assert got["required_share_overcapacity"] > max(got["required_share_capacity"], got["required_share_output"])
    at_article_share = model.scenario(cut_share=model.ARTICLE.cut_share).total_persons
    assert got["required_intensity"] * at_article_share == pytest.approx(target)
    # the article preset cuts output, the sourced one overcapacity, both at the article's share
    assert got["article_preset_millions"] > got["sourced_millions"]
    assert got["reuters_low_millions"] < got["reuters_high_millions"]
    assert got["cicc_jobless_millions"] < got["cicc_millions"]


@pytest.mark.parametrize("total, ne, expected", [
    (1_000_000, 100_000, "Longmay's announced layoffs alone would be 10% of this scenario's national total, "
                         "and 100% of its Northeastern share."),
    (400_000, 0, "Longmay's announced layoffs alone would be 25% of this scenario's national total, yet the "
                 "chosen Northeast share is zero."),
    (0, 0, "With these parameters nobody is laid off, so there is nothing to compare Longmay's layoffs with."),
])
def test_longmay_sentence_covers_every_case(total, ne, expected):
    assert ch2.longmay_vs_run_text(100_000, total, ne) == expected


@pytest.mark.parametrize("changes", [{}, {"northeast_share": 0.3, "cut_share": 0.5}, {"cut_share": 0.0}])
def test_northeast_sentence_names_the_shares_the_model_gives(changes):
    params, scenario = _run(**changes)
    got = ch2.northeast_section(params, scenario)
    longmay = float(_csv("northeast_industry").query("series == 'longmay_planned_layoffs'")["value"].iloc[0])
    assert got["longmay_layoffs"] == longmay
    text = got["longmay_vs_run_text"]
    if scenario.total_persons == 0:
        assert "nobody is laid off" in text
    else:
        assert f"{longmay / scenario.total_persons:.0%} of this scenario's national total" in text
        assert f"{longmay / scenario.northeast_persons:.0%} of its Northeastern share" in text
    assert got["ne_share_param"] == params["northeast_share"]
    assert got["ne_affected_share"] == pytest.approx(_bench("workers_affected_projection", "steel_and_coal", "Northeast")
                                                     / _bench("official_workers_to_reassign", "steel_and_coal"))


def test_a_larger_northeast_share_makes_longmay_a_smaller_part_of_it():
    def pct(text):
        return int(re.search(r"and (\d+)% of its Northeastern share", text).group(1))

    low = ch2.northeast_section(*_run(northeast_share=0.1))["longmay_vs_run_text"]
    high = ch2.northeast_section(*_run(northeast_share=0.2))["longmay_vs_run_text"]
    assert pct(high) < pct(low)


def test_carried_sentence_says_whether_the_phasing_outruns_the_data():
    last = max(y for (s, y) in _jobs() if s == "new_urban_jobs")
    inside = last - 2016 + 1  # the longest phasing with an observed figure for every year
    assert ch2.carried_text(inside) == f"Every year of the phasing has an observed new-jobs figure (the data run to {last})."
    if inside < 10:
        assert ch2.carried_text(inside + 1).startswith(f"The phasing runs past {last}, the last year with data")


@pytest.mark.parametrize("phase_years", [1, 3, 5, 10])
def test_absorption_section_finds_the_phases_tightest_year(phase_years):
    jobs = _jobs()
    last = max(y for (s, y) in jobs if s == "new_urban_jobs")
    by_year = {y: jobs.get(("new_urban_jobs", y), jobs[("new_urban_jobs", last)]) for y in range(2016, 2016 + phase_years)}
    got = ch2.absorption_section(validate("transitional_pain", phase_years=phase_years))
    assert by_year[got["peak_year"]] == min(by_year.values())
    assert got["carried_text"] == ch2.carried_text(phase_years)
    assert got["new_jobs_2016"] == jobs[("new_urban_jobs", 2016)]
    assert got["new_jobs_target_2016"] == jobs[("new_urban_jobs_target", 2016)]
    a = model.ARTICLE
    assert got["article_yearly_pct"] == pytest.approx(a.layoffs_persons / a.years_low / (jobs[("new_urban_jobs", 2015)] * 1e6) * 100)


def test_fund_sentence_names_the_fund_per_worker_in_thousands():
    fund_bn, usd_bn = _bench("reemployment_fund", "steel_and_coal"), _bench("reemployment_fund_usd", "steel_and_coal")
    assert ch2.fund_per_worker_text(168_734.2, fund_bn, usd_bn).startswith("about RMB 169,000 per worker, about US$ ")
    assert f"US$ {round(168_734.2 * usd_bn / fund_bn, -2):,.0f} at the sources' conversion" in ch2.fund_per_worker_text(
        168_734.2, fund_bn, usd_bn)
    assert ch2.fund_per_worker_text(None, fund_bn, usd_bn).startswith("not defined with these parameters")


@pytest.mark.parametrize("changes", [{}, {"phase_years": 5}, {"cut_share": 0.0}])
def test_fund_section_divides_the_fund_among_the_scenarios_layoffs(changes):
    params, scenario = _run(**changes)
    got = ch2.fund_section(scenario)
    fund_bn, usd_bn = _bench("reemployment_fund", "steel_and_coal"), _bench("reemployment_fund_usd", "steel_and_coal")
    assert got["rate_sources"] == pytest.approx(fund_bn / usd_bn)
    assert got["fund_per_official_worker"] == pytest.approx(fund_bn * 1e9 / _bench("official_workers_to_reassign",
                                                                                   "steel_and_coal"))
    in_fund_years = scenario.total_persons * min(2, params["phase_years"]) / params["phase_years"]
    assert got["fund_layoffs_millions"] == pytest.approx(in_fund_years / 1e6)
    if in_fund_years == 0:
        assert got["fund_per_worker_text"].startswith("not defined")
    else:
        assert f"about RMB {round(fund_bn * 1e9 / in_fund_years, -3):,.0f} per worker" in got["fund_per_worker_text"]
    assert 0 < got["fund_spent_2016_share"] <= 1


def test_slower_cuts_leave_the_fund_more_per_worker():
    def per_worker(phase_years):
        text = ch2.fund_section(_run(phase_years=phase_years)[1])["fund_per_worker_text"]
        return int(re.search(r"RMB ([\d,]+) per worker", text).group(1).replace(",", ""))

    assert per_worker(1) < per_worker(3) < per_worker(5)


def _sections(params, scenario) -> dict[str, dict]:
    """Each section function's name and what it returns at these parameters."""
    return {"article_section": ch2.article_section(), "scenario_section": ch2.scenario_section(params, scenario),
            "cuts_section": ch2.cuts_section(), "steel_market_section": ch2.steel_market_section(),
            "overcapacity_section": ch2.overcapacity_section(), "workers_per_mt_section": ch2.workers_per_mt_section(),
            "layoffs_section": ch2.layoffs_section(), "northeast_section": ch2.northeast_section(params, scenario),
            "absorption_section": ch2.absorption_section(params), "fund_section": ch2.fund_section(scenario),
            "explorer_section": ch2.explorer_section(), "verdicts_section": ch2.verdicts_section()}


def test_every_key_chapter_2_quotes_comes_from_one_section_function_or_a_solution_cell():
    sections = _sections(*_run())
    provided = [k for values in sections.values() for k in values]
    assert len(provided) == len(set(provided)), "a key is glued by two sections"
    quoted = set(re.findall(r"\{glue:text\}`([a-z0-9_]+)", CHAPTER_2)) | set(re.findall(r"\{glue:md\} ([a-z0-9_]+)",
                                                                                         CHAPTER_2))
    solutions = set(re.findall(r'glue\("([a-z0-9_]+)"', CHAPTER_2))
    assert quoted <= set(provided) | solutions, sorted(quoted - set(provided) - solutions)
    assert not (set(provided) & solutions)
    # each section glued by one line, and no other glue_all line
    assert sorted(re.findall(r"glue_all\(numbers\.(\w+)\(", CHAPTER_2)) == sorted(sections)


def test_every_key_is_glued_before_the_prose_that_quotes_it():
    """Except the article's figures in the opening paragraph, which precedes every cell: they are
    glued in the first cell after the parameters are checked."""
    first_cell = CHAPTER_2.index("```{code-cell}")
    for name, values in _sections(*_run()).items():
        glued_at = CHAPTER_2.index(f"glue_all(numbers.{name}(")
        for key in values:
            used = re.search(r"\{glue:(?:text\}`|md\} )" + key + r"\b", CHAPTER_2)
            if used and used.start() < first_cell:
                assert name == "article_section", key
            elif used:
                assert glued_at < used.start(), f"{key} ({name}) is quoted before it is glued"
