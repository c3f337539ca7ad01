"""The re-employment projection: conservation, monotonicity and the scenario mechanics."""
from __future__ import annotations

import numpy as np
import pytest

from rustbelt import outlook as O

H = 10
LAYOFFS = O.phase(0.6, 3, H)  # 0.6 million over 2016-2018
PLENTY = np.full(H, 1e6)  # openings so plentiful that they never bind
FEW = np.full(H, 0.05)  # openings that bind
FUND = O.fund_year_mask(H)


def test_no_layoffs_means_no_jobless():
    res = O.project(np.zeros(H), 0.4, FEW)
    assert np.all(res["jobless"] == 0)
    assert np.all(np.isnan(res["share_reemployed"]))
    assert O.share_at_end(res["share_reemployed"]) is None
    assert O.years_to_majority(res["share_reemployed"]) is None
    assert O.share_after(res["share_reemployed"], 3) is None


def test_zero_rate_keeps_everyone_jobless():
    res = O.project(LAYOFFS, 0.0, FEW, fund_multiplier=1.25, fund_years=FUND)
    assert np.allclose(res["jobless"], np.cumsum(LAYOFFS))
    assert np.allclose(res["share_reemployed"], 0)


def test_no_jobs_and_no_fund_give_no_reemployment():
    res = O.project(LAYOFFS, 0.8, np.zeros(H))
    assert np.all(res["reemployed"] == 0) and np.allclose(res["jobless"], np.cumsum(LAYOFFS))
    # the fund raises matching efficiency; with no openings it re-employs nobody either
    res = O.project(LAYOFFS, 0.8, np.zeros(H), fund_multiplier=1.5, fund_years=FUND)
    assert np.all(res["reemployed"] == 0)


def test_with_plentiful_openings_the_rate_is_the_share_reemployed_each_year():
    res = O.project(LAYOFFS, 1.0, PLENTY)
    assert np.allclose(res["jobless"], 0, atol=1e-6)
    assert O.years_to_majority(res["share_reemployed"]) == 1
    res = O.project(LAYOFFS, 0.3, PLENTY)
    stock = np.cumsum(LAYOFFS)[0]
    assert res["reemployed"][0] == pytest.approx(0.3 * stock, rel=1e-6)


@pytest.mark.parametrize("rate, openings", [(0.37, FEW), (0.9, PLENTY), (0.5, np.linspace(0, 0.3, H))])
def test_people_are_conserved(rate, openings):
    res = O.project(LAYOFFS, rate, openings, fund_multiplier=1.3, fund_years=FUND)
    assert np.allclose(res["jobless"] + res["reemployed_cum"], res["laid_off_cum"], rtol=1e-12, atol=1e-15)
    assert np.all(res["jobless"] >= 0) and np.all(res["reemployed"] >= 0)


def test_when_jobs_bind_more_layoffs_give_a_lower_share_reemployed():
    scales = np.array([0.5, 1.0, 2.0, 4.0])
    share = O.project(scales[:, None] * LAYOFFS, 0.5, FEW)["share_reemployed"]
    assert np.all(np.diff(share[:, 2]) < 0)
    # with plentiful openings the size of the layoffs hardly matters
    loose = O.project(scales[:, None] * LAYOFFS, 0.5, PLENTY)["share_reemployed"]
    assert np.ptp(loose[:, 2]) < 1e-5


def test_higher_rate_or_more_openings_never_lower_the_share():
    rates = np.linspace(0, 1, 41)
    share = O.project(LAYOFFS, rates, FEW)["share_reemployed"]
    assert share.shape == (41, H)
    assert np.all(np.diff(share, axis=0) >= -1e-12)
    scale = np.linspace(0, 5, 21)
    more = O.project(LAYOFFS, 0.4, FEW, openings_scale=scale)["share_reemployed"]
    assert np.all(np.diff(more, axis=0) >= -1e-12)


def test_the_fund_raises_matching_in_its_years_only_and_is_capped():
    base = O.project(LAYOFFS, 0.5, FEW)
    fund = O.project(LAYOFFS, 0.5, FEW, fund_multiplier=1.5, fund_years=FUND)
    assert np.all(fund["reemployed"][:2] > base["reemployed"][:2])
    capped = O.project(LAYOFFS, 0.9, PLENTY, fund_multiplier=3.0, fund_years=FUND)
    assert np.all(capped["reemployed"] <= capped["reemployed"] + capped["jobless"])
    assert np.allclose(capped["jobless"][:2], 0, atol=1e-6)  # efficiency capped at 1


def test_vectorised_equals_scalar_calls():
    rates = np.array([0.1, 0.35, 0.8])
    scales = np.array([0.5, 1.0, 3.0])
    fund = np.array([1.0, 1.2, 1.5])
    vec = O.project(np.broadcast_to(LAYOFFS, (3, H)), rates, FEW, openings_scale=scales, fund_multiplier=fund,
                    fund_years=FUND)
    for i in range(3):
        one = O.project(LAYOFFS, rates[i], FEW, openings_scale=scales[i], fund_multiplier=fund[i], fund_years=FUND)
        for key in ("share_reemployed", "jobless", "reemployed"):
            assert np.allclose(vec[key][i], one[key], rtol=1e-12, atol=0, equal_nan=True)


def test_old_policies_delay_and_enlarge_the_adjustment():
    a = O.DEFAULT_ASSUMPTIONS
    old = O.scenario_layoffs("old_policies", LAYOFFS, a)
    assert np.all(old[: a.delay_years] == 0)
    assert old.sum() == pytest.approx(LAYOFFS.sum() * a.adjustment_scale)
    assert O.first_layoff_index("old_policies", a) == a.delay_years


def test_documented_sign_of_the_scenario_difference():
    # with the same matching efficiency, old policies re-employ a smaller share three years after
    # their first layoffs (bigger, abrupt layoffs; fewer openings; no fund)
    for r in (0.1, 0.3, 0.6):
        reform = O.run_scenario("reform", LAYOFFS, r)
        old = O.run_scenario("old_policies", LAYOFFS, r)
        assert O.share_after(old["share_reemployed"], 3) < O.share_after(reform["share_reemployed"], 3)
        assert old["layoffs"].sum() > reform["layoffs"].sum()


def test_years_are_counted_from_the_first_layoffs():
    share = np.array([0.2, 0.45, 0.51, 0.7])
    assert O.years_to_majority(share) == 3
    assert O.years_to_majority(share, threshold=2 / 3) == 4
    late = np.array([np.nan, np.nan, 0.2, 0.45, 0.51, 0.7])  # first layoffs in year index 2
    assert O.years_to_majority(late) == 3 and O.share_after(late, 3) == 0.51
    assert O.share_after(late[:4], 3) is None  # the third year is past the horizon
    arr = O.years_to_majority(np.array([[0.6, 0.7], [0.1, 0.2]]))
    assert arr[0] == 1 and np.isnan(arr[1])  # NaN in arrays, None for a scalar


@pytest.mark.parametrize("rate", [-0.1, 1.5, float("nan")])
def test_bad_rate_is_refused(rate):
    with pytest.raises(ValueError, match="reemployment rate must be within 0–1"):
        O.project(LAYOFFS, rate, FEW)


def test_bad_scenario_is_refused():
    with pytest.raises(ValueError, match=r"scenario='status_quo': allowed values are \['reform', 'old_policies'\]"):
        O.scenario_layoffs("status_quo", LAYOFFS)


# --------------------------------------------------------------------------
# Wired to Chapter 2's model: outcome, Monte Carlo, tornado, robustness
# --------------------------------------------------------------------------

from rustbelt import model  # noqa: E402
from rustbelt.parameters import defaults, validate  # noqa: E402
from rustbelt.parameters import spec as spec_  # noqa: E402

BASE = validate("feasibility")


def test_default_rate_is_a_labelled_estimate_centred_in_its_range():
    spec = spec_("feasibility")["reemployment_rate"]
    assert spec.source.startswith("ESTIMATE")
    lo, hi, _ = O.uncertainty_ranges(BASE)["reemployment_rate"]
    assert BASE["reemployment_rate"] - lo == pytest.approx(hi - BASE["reemployment_rate"])


def test_ranges_contain_the_defaults_in_their_stated_positions():
    r = O.uncertainty_ranges(BASE)
    for name in ("workers_per_mt_steel", "workers_per_mt_coal"):
        lo, hi, why = r[name]
        assert np.sqrt(lo * hi) == pytest.approx(model.baselines()[name[-5:].strip("_")].workers_per_mt) \
            and "geometric centre" in why
    lo, hi, _ = r["openings_share"]
    assert np.sqrt(lo * hi) == pytest.approx(O.DEFAULT_ASSUMPTIONS.openings_share)
    lo, hi, _ = r["operating_share"]
    assert BASE["operating_share"] - lo == pytest.approx(hi - BASE["operating_share"])
    lo, hi, _ = r["fund_multiplier"]
    assert (lo + hi) / 2 == pytest.approx(O.DEFAULT_ASSUMPTIONS.fund_multiplier)


def test_northeast_range_at_the_defaults_is_the_evidence_centred_on_the_default():
    lo, hi, why = O.uncertainty_ranges(BASE)["northeast_share"]
    low, high = model.northeast_share_evidence()
    ne = BASE["northeast_share"]
    # centred on the default (not raised: the default respects Longmay's floor) ...
    assert ne - lo == pytest.approx(hi - ne) and "centred" in why and "raised" not in why
    # ... as wide as the evidence, whose ends it matches up to the default's rounding
    assert hi - lo == pytest.approx(high - low)
    assert abs(lo - low) < 0.001 and abs(hi - high) < 0.001
    assert lo >= low


def test_northeast_range_never_goes_below_what_longmay_alone_implies():
    ev = model.northeast_evidence()
    for op in (0.2, 0.7, 1.0):
        p = {**BASE, "operating_share": op}
        lo, hi, why = O.uncertainty_ranges(p)["northeast_share"]
        total = float(model.scenario(**{k: p[k] for k in O.LAYOFF_PARAMS}).total_persons)
        assert lo * total >= ev["longmay_planned_layoffs"] * (1 - 1e-12) or lo == hi
        assert lo >= ev["longmay_share_of_official"]


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
    assert res["share_reemployed_3y"] is None
    assert O.monte_carlo(p, n_draws=200)["p_majority_within_3y"] is None


@pytest.mark.parametrize("scenario", ["reform", "old_policies"])
@pytest.mark.parametrize("horizon", [1, 2, 10])
def test_share_after_three_years_is_defined_whatever_the_horizon(scenario, horizon):
    p = {**BASE, "scenario": scenario, "horizon_years": horizon}
    res = O.outcome(p)
    assert res["share_reemployed"].shape[-1] == horizon
    long = O.outcome({**p, "horizon_years": 30})
    first = O.first_layoff_index(scenario)
    s = long["share_reemployed"]
    assert res["share_reemployed_3y"] == pytest.approx(float(s[first + 2]), rel=1e-12)
    assert res["share_reemployed_3y"] == pytest.approx(
        float(long["reemployed_cum"][first + 2] / long["laid_off_cum"][first + 2]), rel=1e-12)


def test_zero_operating_share_lays_nobody_off_in_the_outlook():
    res = O.outcome({**BASE, "operating_share": 0.0})
    assert np.all(res["layoffs"] == 0) and res["share_reemployed_3y"] is None


def test_more_layoffs_lower_the_chapter_outcome_when_jobs_bind():
    s3 = [O.outcome({**BASE, "operating_share": op})["share_reemployed_3y"] for op in (0.2, 0.5, 0.8, 1.0)]
    assert all(a > b for a, b in zip(s3, s3[1:]))


def test_monte_carlo_is_reproducible_for_a_seed():
    a = O.monte_carlo(BASE, n_draws=500, seed=7)
    b = O.monte_carlo(BASE, n_draws=500, seed=7)
    c = O.monte_carlo(BASE, n_draws=500, seed=8)
    assert np.array_equal(a["share"], b["share"], equal_nan=True)
    assert a["p_majority_within_3y"] == b["p_majority_within_3y"]
    assert not np.array_equal(a["share"], c["share"], equal_nan=True)


def test_monte_carlo_converges_as_draws_grow():
    # the spread of the mean and of the share of draws across seeds shrinks roughly like 1/sqrt(n)
    def spread(n, key):
        runs = [O.monte_carlo(BASE, n_draws=n, seed=s) for s in range(8)]
        if key == "mean":
            return np.std([r["share"][:, 2].mean() for r in runs])
        return np.std([r["p_majority_within_3y"] for r in runs])
    assert spread(20_000, "mean") < spread(200, "mean") / 4
    assert spread(20_000, "p") < spread(200, "p") / 4


def test_monte_carlo_matches_the_deterministic_model_draw_by_draw():
    mc = O.monte_carlo(BASE, n_draws=40, seed=3)
    d = mc["draws"]
    for i in range(0, 40, 13):
        point = {k: np.array([v[i]]) for k, v in d.items()}
        res = O._run_points(BASE, point, O.simulation_years(BASE), O.DEFAULT_ASSUMPTIONS)
        assert O.share_after(res["share_reemployed"], 3)[0] == pytest.approx(mc["share_3y"][i], rel=1e-12)


def test_layoff_uncertainty_reaches_the_outcome():
    # holding everything but the layoff inputs fixed, the draws of the layoff inputs alone move the share
    d = O._draws(BASE, 500, 1)
    for k in ("reemployment_rate", "fund_multiplier", "openings_share"):
        d[k] = np.full(500, float(O._base_point(BASE, O.DEFAULT_ASSUMPTIONS)[k]))
    s3 = O.share_after(O._run_points(BASE, d, O.simulation_years(BASE), O.DEFAULT_ASSUMPTIONS)["share_reemployed"], 3)
    assert np.ptp(s3) > 0.05


def test_monte_carlo_keeps_a_zero_rate_at_zero():
    zero = O.monte_carlo({**BASE, "reemployment_rate": 0.0}, n_draws=300)
    assert np.nanmax(zero["share"]) == 0 and zero["p_majority_within_3y"] == 0


def test_share_of_draws_rises_with_the_rate():
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
    # the size of the layoffs now moves the pace as well as the jobless stock
    pace = {r["input"]: r["swing"] for r in rows if r["metric"] == "pace"}
    assert pace["Northeast's share of layoffs"] > 0 and pace["share of closed capacity that was producing"] > 0


def test_robustness_is_a_full_factorial_that_agrees_with_the_projection():
    rows = O.robustness(BASE)
    ranges = O.uncertainty_ranges(BASE)
    assert len(rows) == 3 ** len(ranges)
    names = list(ranges)
    assert len({tuple(r[n] for n in names) for r in rows}) == len(rows)  # every combination once
    base = O._base_point(BASE, O.DEFAULT_ASSUMPTIONS)
    value = {n: {"low": ranges[n][0], "default": float(base[n]), "high": ranges[n][1]} for n in names}
    for row in rows[::97]:
        p = {**BASE, "reemployment_rate": value["reemployment_rate"][row["reemployment_rate"]],
             "northeast_share": value["northeast_share"][row["northeast_share"]],
             "operating_share": value["operating_share"][row["operating_share"]],
             "workers_per_mt_steel": value["workers_per_mt_steel"][row["workers_per_mt_steel"]],
             "workers_per_mt_coal": value["workers_per_mt_coal"][row["workers_per_mt_coal"]]}
        a = O.replace(O.DEFAULT_ASSUMPTIONS, fund_multiplier=value["fund_multiplier"][row["fund_multiplier"]],
                      openings_share=value["openings_share"][row["openings_share"]])
        s3 = O.outcome(p, a)["share_reemployed_3y"]
        assert row["share_3y"] == pytest.approx(s3, rel=1e-9) and row["holds"] == (s3 > 0.5)


def test_rate_curve_and_threshold():
    c = O.rate_curve(BASE)
    thr = c["reform_threshold"]
    assert thr is not None
    s3 = dict(zip(np.round(c["rates"], 2), c["reform"]))
    assert s3[round(thr, 2)] > 0.5 and s3[round(thr - 0.01, 2)] <= 0.5
    assert np.all(np.diff(c["reform"]) >= -1e-12)
    text = O.threshold_text(BASE, c)
    assert f"{thr:.0%}" in text
    assert ("flips the conclusion" in text) == (abs(thr - BASE["reemployment_rate"]) <= 0.05)
    # the sentence puts the chosen rate on the right side of the threshold
    for rate, side in ((thr - 0.1, "below"), (thr + 0.1, "above")):
        p = {**BASE, "reemployment_rate": round(rate, 2)}
        assert f"points {side} that threshold" in O.threshold_text(p, c), (rate, thr)


def test_explorer_grid_matches_the_model():
    grid = O.explorer_grid(BASE)
    assert len(grid) == 2 * len(O.EXPLORER_RATES) * 10 * len(O.EXPLORER_OPERATING_SHARES) * BASE["horizon_years"]
    for scen, ph, rate, op in [("reform", 3, 0.4, 0.7), ("old_policies", 2, 0.25, 0.3), ("reform", 10, 0.05, 1.0)]:
        p = {**BASE, "scenario": scen, "phase_years": ph, "reemployment_rate": rate, "operating_share": op}
        share = O.outcome(p)["share_reemployed"]
        sel = grid[(grid["scenario"] == scen) & (grid["phase_years"] == ph) & np.isclose(grid["rate"], rate)
                   & np.isclose(grid["operating_share"], op)]
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
