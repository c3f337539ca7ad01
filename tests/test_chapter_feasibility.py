"""Chapter 3 under papermill: both scenarios, edge rates, short and long horizons, small and
large Monte Carlo, checked on the glued numbers; invalid parameters fail with a clear message."""
from __future__ import annotations

import re

import papermill as pm
import pytest

from rustbelt import outlook
from rustbelt.parameters import validate
from rustbelt.run import execute_chapter, glued

pytestmark = pytest.mark.papermill
TIMEOUT = 240


def run(params):
    return glued(execute_chapter("feasibility", params, timeout=TIMEOUT))


GRID = [
    {},
    {"scenario": "old_policies"},
    {"reemployment_rate": 0.0},
    {"reemployment_rate": 1.0},
    {"scenario": "old_policies", "horizon_years": 3},
    {"horizon_years": 1, "n_draws": 100},
    {"horizon_years": 30, "n_draws": 50_000, "seed": 11},
    {"cut_share": 0.0},
    {"operating_share": 0.0},
    {"operating_share": 1.0, "cut_basis": "output"},
    {"operating_share": 0.35, "scenario": "old_policies", "horizon_years": 4},
]


@pytest.mark.parametrize("params", GRID, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "defaults")
def test_glued_outcomes_have_their_documented_properties(params):
    g = run(params)
    p = validate("feasibility", **params)
    share, ytm, prob = g["share_reemployed_end"], g["years_to_majority"], g["p_majority_within_3y"]
    s3 = g["share_reemployed_3y"]
    if p["cut_share"] == 0 or (p["operating_share"] == 0 and p["cut_basis"] != "output"):
        # nobody laid off: explained on the page
        assert share is None and ytm is None and s3 is None
        if p["cut_share"] == 0:
            assert prob is None  # no draw lays anyone off
        else:  # the Monte Carlo draws the operating share around zero, so some draws do
            assert prob == outlook.monte_carlo(p)["p_majority_within_3y"]
        return
    # the share three years after the first layoffs is defined whatever the horizon
    assert 0 <= s3 <= 1
    assert s3 == pytest.approx(outlook.outcome({**p, "horizon_years": 30})["share_reemployed_3y"], rel=1e-12)
    if p["scenario"] == "old_policies" and p["horizon_years"] <= outlook.DEFAULT_ASSUMPTIONS.delay_years:
        assert share is None and ytm is None  # the postponed cuts have not come yet
    else:
        assert 0 <= share <= 1
    assert prob is None or 0 <= prob <= 1
    if p["reemployment_rate"] == 0:
        assert share == 0 and ytm is None and prob == 0
        return
    if p["reemployment_rate"] == 1:
        # the highest matching efficiency beats the default one; the openings still bind
        assert s3 > outlook.outcome({**p, "reemployment_rate": 0.4})["share_reemployed_3y"]
    if ytm is not None:
        assert 1 <= ytm <= p["horizon_years"]
        assert (prob is not None) and (ytm > 3 or prob > 0)
    # the glued numbers are the model's at the same parameters
    res = outlook.outcome(p)
    assert share == (None if res["share_reemployed_end"] is None else pytest.approx(res["share_reemployed_end"]))
    assert ytm == res["years_to_majority"]
    assert s3 == pytest.approx(res["share_reemployed_3y"], rel=1e-12)
    assert prob == outlook.monte_carlo(p)["p_majority_within_3y"]


def test_reform_beats_old_policies_at_the_defaults():
    reform, old = run({}), run({"scenario": "old_policies"})
    assert reform["share_reemployed_end"] > old["share_reemployed_end"]
    assert reform["share_reemployed_3y"] > old["share_reemployed_3y"]
    assert reform["years_to_majority"] < old["years_to_majority"]
    assert reform["p_majority_within_3y"] > old["p_majority_within_3y"]


@pytest.mark.parametrize("params, message", [
    ({"scenario": "status_quo"}, r"parameter 'scenario' = 'status_quo' is not allowed: expected one of \['reform', 'old_policies'\]"),
    ({"reemployment_rate": 1.2}, r"parameter 'reemployment_rate' = 1.2 is not allowed: expected a number from 0 to 1"),
    ({"horizon_years": 31}, r"parameter 'horizon_years' = 31 is not allowed: expected an integer from 1 to 30"),
    ({"n_draws": 50}, r"parameter 'n_draws' = 50 is not allowed: expected an integer from 100 to 1,000,000"),
    ({"seed": -1}, r"parameter 'seed' = -1 is not allowed"),
    ({"phase_years": 0}, r"parameter 'phase_years' = 0 is not allowed"),
    ({"operating_share": 1.01}, r"parameter 'operating_share' = 1.01 is not allowed: expected a number from 0 to 1"),
    ({"operating_share": "most"}, r"parameter 'operating_share' = 'most' is not allowed"),
    ({"northeast_share": 0.103}, r"parameter 'northeast_share' = 0\.103 is not allowed: expected a number from "
                                 r"0\.113 to 1 \(the lower bound is what Longmay's announced layoffs alone imply"),
])
def test_invalid_parameters_fail_at_once_with_a_clear_message(params, message):
    with pytest.raises(pm.PapermillExecutionError) as err:
        execute_chapter("feasibility", params, timeout=TIMEOUT, validate_first=False)
    assert err.value.ename == "ParameterError"
    assert re.search(message, err.value.evalue), err.value.evalue
    assert err.value.exec_count <= 3
