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
