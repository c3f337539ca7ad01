"""Chapter 4 under papermill: a grid of province subsets, checked on the four glued numbers of
the interface against the package; invalid values fail in the first cell with a clear message."""
from __future__ import annotations

import re

import papermill as pm
import pytest

from rustbelt import tenyears
from rustbelt.run import execute_chapter, glued
from rustbelt.scenarios import KEY_RESULTS

pytestmark = pytest.mark.papermill
TIMEOUT = 240

GRID = [
    {},
    {"provinces": ["Liaoning"]},
    {"provinces": ["Jilin", "Heilongjiang"]},
    {"provinces": ["Heilongjiang", "Liaoning"]},
]


@pytest.mark.parametrize("params", GRID, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "defaults")
def test_glued_numbers_equal_the_package_at_the_chosen_provinces(params):
    g = glued(execute_chapter("ten_years_on", params, timeout=TIMEOUT))
    provinces = params.get("provinces", list(tenyears.PROVINCES))
    expected = tenyears.glued(provinces)
    for key in tenyears.GLUED_KEYS:
        assert g[key] == pytest.approx(expected[key]), key
    # the scenario runner's comparison reports exactly these numbers for the chapter
    assert list(KEY_RESULTS["ten_years_on"]) == list(tenyears.GLUED_KEYS)
    # the documented properties: a fall in jobs, shares between 0 and 100
    assert g["ne_mining_manufacturing_jobs_change_2015_2019_millions"] < 0
    for key in tenyears.GLUED_KEYS[1:]:
        assert 0 < g[key] < 100, key
    # the chapter quotes the right provinces and flags Jilin's derived share only when it is chosen
    assert g["who"] == tenyears.label(provinces)
    assert ("Jilin's share is derived" in g["aged_65_derived_flag"]) == ("Jilin" in provinces)
    # a subset is part of the region
    if len(provinces) < 3:
        whole = tenyears.glued()
        assert g["ne_steel_output_share_2016_pct"] < whole["ne_steel_output_share_2016_pct"]
        assert g["ne_mining_manufacturing_jobs_change_2015_2019_millions"] > \
            whole["ne_mining_manufacturing_jobs_change_2015_2019_millions"]


@pytest.mark.parametrize("params, message", [
    ({"provinces": ["Liaoning", "Shandong"]}, r"parameter 'provinces' = \['Liaoning', 'Shandong'\] is not allowed: "
                                              r"expected a non-empty list of distinct values from"),
    ({"provinces": []}, r"parameter 'provinces' = \[\] is not allowed"),
    ({"provinces": "Liaoning"}, r"parameter 'provinces' = 'Liaoning' is not allowed"),
    ({"provinces": ["Jilin", "Jilin"]}, r"parameter 'provinces' = \['Jilin', 'Jilin'\] is not allowed"),
])
def test_invalid_parameters_fail_in_the_first_cell_with_a_clear_message(params, message):
    with pytest.raises(pm.PapermillExecutionError) as err:
        execute_chapter("ten_years_on", params, timeout=TIMEOUT, validate_first=False)
    assert err.value.ename == "ParameterError"
    assert re.search(message, err.value.evalue), err.value.evalue
    assert err.value.exec_count <= 3
