"""The re-employment projection: conservation, monotonicity and the scenario mechanics."""
from __future__ import annotations

import numpy as np
import pytest

from rustbelt import outlook as O

H = 10
LAYOFFS = O.phase(0.6, 3, H)  # 0.6 million over 2016-2018


def test_no_layoffs_means_no_jobless():
    res = O.project(np.zeros(H), 0.4)
    assert np.all(res["jobless"] == 0)
    assert np.all(np.isnan(res["share_reemployed"]))
    assert O.share_at_end(res["share_reemployed"]) is None
    assert O.years_to_majority(res["share_reemployed"]) is None


def test_zero_rate_keeps_everyone_jobless():
    res = O.project(LAYOFFS, 0.0, fund_multiplier=O.fund_multipliers(H, 1.25))
    assert np.allclose(res["jobless"], np.cumsum(LAYOFFS))
    assert np.allclose(res["share_reemployed"], 0)


def test_rate_one_reemploys_each_cohort_in_its_year():
    res = O.project(LAYOFFS, 1.0)
    assert np.allclose(res["jobless"], 0)
    assert np.allclose(res["share_reemployed"], 1)
    assert O.years_to_majority(res["share_reemployed"]) == 1


def test_people_are_conserved():
    res = O.project(LAYOFFS, 0.37, fund_multiplier=O.fund_multipliers(H, 1.3))
    assert np.allclose(res["jobless"] + res["reemployed_cum"], res["laid_off_cum"])


def test_higher_rate_never_lowers_the_share():
    rates = np.linspace(0, 1, 41)
    share = O.project(LAYOFFS, rates)["share_reemployed"]
    assert share.shape == (41, H)
    assert np.all(np.diff(share, axis=0) >= -1e-12)


def test_multipliers_scale_and_cap_the_rate():
    base = O.project(LAYOFFS, 0.5)["share_reemployed"]
    boosted = O.project(LAYOFFS, 0.5, job_multiplier=3.0)["share_reemployed"]  # capped at 1
    assert np.allclose(boosted, 1)
    assert np.all(boosted >= base)
    # a multiplier cannot create re-employment out of a zero rate
    assert np.allclose(O.project(LAYOFFS, 0.0, job_multiplier=5.0)["share_reemployed"], 0)


def test_vectorised_equals_scalar_calls():
    rates = np.array([0.1, 0.35, 0.8])
    vec = O.project(np.broadcast_to(LAYOFFS, (3, H)), rates)["share_reemployed"]
    for i, r in enumerate(rates):
        assert np.allclose(vec[i], O.project(LAYOFFS, r)["share_reemployed"])


def test_old_policies_delay_and_enlarge_the_adjustment():
    a = O.DEFAULT_ASSUMPTIONS
    old = O.scenario_layoffs("old_policies", LAYOFFS, a)
    assert np.all(old[: a.delay_years] == 0)
    assert old.sum() == pytest.approx(LAYOFFS.sum() * a.adjustment_scale)


def test_documented_sign_of_the_scenario_difference():
    # with the same underlying rate, old policies end with a lower share re-employed
    for r in (0.1, 0.3, 0.6):
        reform = O.run_scenario("reform", LAYOFFS, r)
        old = O.run_scenario("old_policies", LAYOFFS, r)
        assert O.share_at_end(old["share_reemployed"]) < O.share_at_end(reform["share_reemployed"])
        assert old["layoffs"].sum() > reform["layoffs"].sum()


def test_years_to_majority_counts_elapsed_years():
    share = np.array([0.2, 0.45, 0.51, 0.7])
    assert O.years_to_majority(share) == 3
    assert O.years_to_majority(share, threshold=2 / 3) == 4
    assert list(O.years_to_majority(np.array([[0.6, 0.7], [0.1, 0.2]]))) == [1, -1]


@pytest.mark.parametrize("rate", [-0.1, 1.5, float("nan")])
def test_bad_rate_is_refused(rate):
    with pytest.raises(ValueError, match="reemployment rate must be within 0–1"):
        O.project(LAYOFFS, rate)


def test_bad_scenario_is_refused():
    with pytest.raises(ValueError, match=r"scenario='status_quo': allowed values are \['reform', 'old_policies'\]"):
        O.scenario_layoffs("status_quo", LAYOFFS)


# --------------------------------------------------------------------------
# Wired to Chapter 2's model: outcome, Monte Carlo, tornado, robustness
# --------------------------------------------------------------------------

from rustbelt import model  # noqa: E402
from rustbelt.parameters import defaults, validate  # noqa: E402

BASE = validate("feasibility")


def test_default_rate_is_the_sourced_ratio_rounded():
    resettled = model.benchmark("workers_resettled", "steel_and_coal", 2016)
    official = model.benchmark("official_workers_to_reassign", "steel_and_coal", 2016)
    assert defaults("feasibility")["reemployment_rate"] == pytest.approx(round(resettled / official, 1))


def test_chapter_two_parameters_keep_their_names_and_defaults():
    ch2 = defaults("transitional_pain")
    ch3 = defaults("feasibility")
    assert all(ch3[k] == v for k, v in ch2.items())


def test_northeast_layoffs_follow_chapter_two():
    L = O.northeast_layoffs(BASE, 10)
    sc = model.scenario(**{k: BASE[k] for k in O.LAYOFF_PARAMS})
    assert L.sum() == pytest.approx(float(sc.northeast_persons) / 1e6)
    assert np.count_nonzero(L) == BASE["phase_years"]


def test_no_cut_means_nobody_jobless_and_undefined_outcomes():
    p = {**BASE, "cut_share": 0.0}
    res = O.outcome(p)
    assert np.all(res["jobless"] == 0)
    assert res["share_reemployed_end"] is None and res["years_to_majority"] is None
    assert O.monte_carlo(p, n_draws=200)["p_majority_within_3y"] is None


def test_monte_carlo_is_reproducible_for_a_seed():
    a = O.monte_carlo(BASE, n_draws=500, seed=7)
    b = O.monte_carlo(BASE, n_draws=500, seed=7)
    c = O.monte_carlo(BASE, n_draws=500, seed=8)
    assert np.array_equal(a["share"], b["share"], equal_nan=True)
    assert a["p_majority_within_3y"] == b["p_majority_within_3y"]
    assert not np.array_equal(a["share"], c["share"], equal_nan=True)


def test_monte_carlo_mean_converges_as_draws_grow():
    # the spread of the mean across seeds shrinks roughly like 1/sqrt(n)
    def spread(n):
        means = [O.monte_carlo(BASE, n_draws=n, seed=s)["share"][:, 2].mean() for s in range(8)]
        return np.std(means)
    small, large = spread(200), spread(20_000)
    assert large < small / 4


def test_monte_carlo_keeps_a_zero_rate_at_zero_and_rate_one_at_one():
    zero = O.monte_carlo({**BASE, "reemployment_rate": 0.0}, n_draws=300)
    assert np.nanmax(zero["share"]) == 0 and zero["p_majority_within_3y"] == 0
    one = O.monte_carlo({**BASE, "reemployment_rate": 1.0}, n_draws=300)
    assert one["p_majority_within_3y"] == 1


def test_probability_rises_with_the_rate():
    ps = [O.monte_carlo({**BASE, "reemployment_rate": r}, n_draws=2000, seed=1)["p_majority_within_3y"]
          for r in (0.1, 0.3, 0.5, 0.8)]
    assert ps == sorted(ps)


def test_tornado_covers_every_uncertain_input_and_is_sorted():
    rows = O.tornado(BASE)
    for metric in O.METRICS:
        mine = [r for r in rows if r["metric"] == metric]
        assert {r["input"] for r in mine} == {O.INPUT_LABELS[k] for k in O.uncertainty_ranges(BASE)}
        swings = [r["swing"] for r in mine]
        assert swings == sorted(swings, reverse=True)
    # the share re-employed does not depend on the size of the layoffs; the jobless stock does
    pace = {r["input"]: r["swing"] for r in rows if r["metric"] == "pace"}
    assert pace["Northeast's share of layoffs"] == pytest.approx(0)
    size = {r["input"]: r["swing"] for r in rows if r["metric"] == "peak_jobless"}
    assert size["Northeast's share of layoffs"] > 0


def test_robustness_agrees_with_the_projection():
    for row in O.robustness(BASE, rates=(0.2, 0.5), phases=(1, 3), fund_multipliers_=(1.0, 1.5)):
        p = {**BASE, "phase_years": row["phase_years"], "reemployment_rate": row["reemployment_rate"]}
        a = O.replace(O.DEFAULT_ASSUMPTIONS, fund_multiplier=row["fund_multiplier"])
        ytm = O.outcome(p, a)["years_to_majority"]
        assert row["holds"] == (ytm is not None and ytm <= 3)


def test_explorer_grid_matches_the_model():
    grid = O.explorer_grid(BASE)
    for scen, ph, rate in [("reform", 3, 0.4), ("old_policies", 2, 0.25), ("reform", 10, 0.05)]:
        p = {**BASE, "scenario": scen, "phase_years": ph, "reemployment_rate": rate}
        share = O.outcome(p)["share_reemployed"]
        sel = grid[(grid["scenario"] == scen) & (grid["phase_years"] == ph) & np.isclose(grid["rate"], rate)]
        got = sel.sort_values("year")["share"].to_numpy(dtype=float)
        assert np.allclose(got, np.round(share, 6), equal_nan=True)


def test_hindsight_alt_texts_state_what_the_data_show():
    import pandas as pd

    from rustbelt import data, hindsight, outlook_charts

    jobs = hindsight.jobs_vs_targets()
    with_target = jobs.dropna(subset=["target_millions"])
    beaten = int((with_target["jobs_millions"] > with_target["target_millions"]).sum())
    desc = outlook_charts.jobs_chart(jobs, [data.load("new_urban_jobs")]).description
    assert f"exceeded the target in {beaten} of the {len(with_target)} years" in desc
    # a missed target is reported as missed, not as beaten
    missed = jobs.copy()
    missed.loc[missed["target_millions"].notna().idxmax(), "target_millions"] = 99.0
    assert f"in {beaten - 1} of the {len(with_target)} years" in outlook_charts.jobs_chart(
        missed, [data.load("new_urban_jobs")]).description
    pop = hindsight.population_since()
    assert "falling every year" in outlook_charts.population_chart(pop, [data.load("population_yearend")]).description
    rising = pd.concat([pop, pd.DataFrame({"year": [2025], "population_millions": [200.0]})], ignore_index=True)
    assert "falling every year" not in outlook_charts.population_chart(rising, [data.load("population_yearend")]).description
