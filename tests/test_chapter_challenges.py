"""Chapter 1 under papermill: the defaults and a grid of parameter sets, checked on the glued numbers."""
from __future__ import annotations

import re

import papermill as pm
import pytest

from rustbelt import regional
from rustbelt.run import execute_chapter, glued

pytestmark = pytest.mark.papermill
TIMEOUT = 180  # seconds per cell: a stalled kernel fails the test instead of hanging it

GRID = [
    {},
    {"provinces": ["Liaoning"]},
    {"provinces": ["Jilin", "Heilongjiang"], "start_year": 2010, "end_year": 2014},
    {"gdp_vintage": "old"},
    {"gdp_vintage": "v4", "provinces": ["Heilongjiang"], "start_year": 2000, "end_year": 2020},
    {"gdp_vintage": "old", "start_year": 2011, "end_year": 2012},
]


@pytest.mark.parametrize("params", GRID, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "defaults")
def test_glued_numbers_have_their_documented_properties(params):
    g = glued(execute_chapter("challenges", params, timeout=TIMEOUT))
    provinces = params.get("provinces", list(regional.PROVINCES))
    vintage = params.get("gdp_vintage", "current")
    first, last = regional.vintage_years(vintage)
    start, end = params.get("start_year", first), params.get("end_year", last)

    # census change: signed, a loss for every selection, the sum over the chosen provinces
    change = g["ne_census_pop_change_millions"]
    assert change < 0
    assert change == pytest.approx(sum(regional.census_change_millions([p]) for p in provinces))

    # shares: percentages of China's GDP, within the chosen vintage and years
    s0, s1 = g["ne_gdp_share_start_pct"], g["ne_gdp_share_end_pct"]
    assert 0 < s0 < 100 and 0 < s1 < 100
    assert (g["share_start_year"], g["share_end_year"]) == (start, end)
    assert s0 == pytest.approx(regional.share_in(vintage, start, provinces))
    assert s1 == pytest.approx(regional.share_in(vintage, end, provinces))
    if len(provinces) == 3 and end - start >= 10:
        assert s1 < s0  # the decline the chapter describes
    # one province's share is smaller than the region's
    if len(provinces) < 3:
        assert s0 < regional.share_in(vintage, start)


@pytest.mark.parametrize("params, message", [
    ({"provinces": ["Liaoning", "Shandong"]}, r"parameter 'provinces' = \['Liaoning', 'Shandong'\] is not allowed"),
    ({"gdp_vintage": "2019"}, r"parameter 'gdp_vintage' = '2019' is not allowed: expected one of"),
    ({"gdp_vintage": "old", "end_year": 2020}, r"parameter 'end_year' = 2020 is not allowed: expected an integer from 1993 to 2017"),
    ({"start_year": 1999}, r"parameter 'start_year' = 1999 .*'current' GDP vintage covers 2006–2024"),
])
def test_invalid_parameters_fail_in_the_first_cell_with_a_clear_message(params, message):
    with pytest.raises(pm.PapermillExecutionError) as err:
        execute_chapter("challenges", params, timeout=TIMEOUT, validate_first=False)
    assert err.value.ename == "ParameterError"
    assert re.search(message, err.value.evalue), err.value.evalue
    # it failed in the validation cell, right after the parameters: nothing else ran
    assert err.value.exec_count <= 3
