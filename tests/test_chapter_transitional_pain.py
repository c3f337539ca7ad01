"""Chapter 2 under papermill: the defaults and a grid of parameter sets, checked on the glued
numbers against the model's documented properties and an independent recomputation from the data."""
from __future__ import annotations

import re

import jupytext
import papermill as pm
import pytest

from rustbelt import data, model
from rustbelt.parameters import defaults
from rustbelt.run import chapter_path, execute_chapter, glued

pytestmark = pytest.mark.papermill
TIMEOUT = 180  # seconds per cell: a stalled kernel fails the test instead of hanging it
REQUIRED = ("layoffs_total_millions", "layoffs_steel_millions", "layoffs_coal_millions", "layoffs_cement_millions",
            "layoffs_northeast_millions", "layoffs_to_new_jobs_pct", "fund_per_worker_rmb")

GRID = [
    {},
    {"cut_share": 0.0},
    {"cut_share": 1.0},
    {"sectors": ["steel"]},
    {"sectors": ["coal"]},
    {"phase_years": 1},
    {"phase_years": 10},
    {"cut_basis": "capacity", "northeast_share": 0.3, "workers_per_mt_coal": 2600.0},
    {"northeast_share": 0.113},  # the lower bound (what Longmay alone implies at the defaults)
    {"operating_share": 0.0},
    {"operating_share": 0.0, "cut_basis": "output"},
    {"operating_share": 1.0, "cut_basis": "capacity", "workers_per_mt_steel": 20000.0},
]


def _jobs_by_year() -> dict[int, float]:
    """New urban jobs (millions) from the data, with years past the last observation
    carried forward: the rule the chapter states, recomputed here."""
    j = data.load("new_urban_jobs")
    obs = j[j["series"] == "new_urban_jobs"].set_index("year")["value"].to_dict()
    last = max(obs)
    return {y: obs.get(y, obs[last]) for y in range(2016, 2026)}


def _fund_rmb() -> float:
    b = data.load("transition_benchmarks")
    return float(b[b["series"] == "reemployment_fund"]["value"].iloc[0]) * 1e9


@pytest.mark.parametrize("params", GRID, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "defaults")
def test_glued_numbers_have_their_documented_properties(params):
    g = glued(execute_chapter("transitional_pain", params, timeout=TIMEOUT))
    p = {**defaults("transitional_pain"), **params}
    for key in REQUIRED:
        assert key in g, f"{key} was not glued"
    total, steel, coal, cement = (g["layoffs_total_millions"], g["layoffs_steel_millions"],
                                  g["layoffs_coal_millions"], g["layoffs_cement_millions"])

    # sectors add up; a sector not selected (and cement, which is refused) contributes zero
    assert total == pytest.approx(steel + coal + cement, rel=1e-12, abs=1e-15)
    assert cement == 0
    for s, value in (("steel", steel), ("coal", coal)):
        if s not in p["sectors"]:
            assert value == 0
        elif p["cut_share"] > 0 and (p["operating_share"] > 0 or p["cut_basis"] == "output"):
            assert value > 0
    # a cut of capacity removes output only where the capacity was producing; a cut of output ignores it
    if p["cut_basis"] != "output" and p["operating_share"] == 0:
        assert total == 0
    if p["cut_basis"] == "output":
        full = model.scenario(**{**p, "operating_share": 1.0}).total_persons / 1e6
        assert total == pytest.approx(full, rel=1e-12, abs=1e-15)
    # the Northeast's layoffs are its share of the total
    assert g["layoffs_northeast_millions"] == pytest.approx(p["northeast_share"] * total, rel=1e-12, abs=1e-15)

    # layoffs are linear in the cut share (zero cut, zero layoffs); the phasing leaves the total alone
    unit = model.scenario(**{**p, "cut_share": 1.0, "phase_years": 1}).total_persons / 1e6
    assert total == pytest.approx(p["cut_share"] * unit, rel=1e-12, abs=1e-15)

    # the highest yearly ratio of layoffs to new urban jobs, recomputed from the data
    jobs = _jobs_by_year()
    years = range(2016, 2016 + p["phase_years"])
    yearly = total * 1e6 / p["phase_years"]
    assert g["layoffs_to_new_jobs_pct"] == pytest.approx(max(yearly / (jobs[y] * 1e6) * 100 for y in years),
                                                         rel=1e-12, abs=1e-15)

    # the fund: RMB 100 bn over the steel and coal layoffs of 2016-2017, None when there are none
    in_fund_years = yearly * len([y for y in years if y in (2016, 2017)])
    if in_fund_years == 0:
        assert g["fund_per_worker_rmb"] is None
    else:
        assert g["fund_per_worker_rmb"] == pytest.approx(_fund_rmb() / in_fund_years, rel=1e-9)

    # and the chapter reports exactly what the package's model computes at these parameters
    expected = model.scenario(**p).glue_values()
    for key in REQUIRED:
        if expected[key] is None:
            assert g[key] is None
        else:
            assert g[key] == pytest.approx(expected[key], rel=1e-12, abs=1e-15), key


@pytest.mark.parametrize("params, message", [
    ({"cut_share": 1.5}, r"parameter 'cut_share' = 1\.5 is not allowed: expected a number from 0 to 1"),
    ({"sectors": ["cement"]}, r"parameter 'sectors' = \['cement'\] is not allowed: 'cement' cannot be used \(the "
                              r"book's data hold cement output \(USGS\) but no sourced cement capacity or employment"),
    ({"sectors": ["steel", "iron"]}, r"parameter 'sectors' = \['steel', 'iron'\] is not allowed: expected a non-empty "
                                     r"list of distinct values from \['steel', 'coal'\]"),
    ({"sectors": []}, r"parameter 'sectors' = \[\] is not allowed"),
    ({"phase_years": 0}, r"parameter 'phase_years' = 0 is not allowed: expected an integer from 1 to 10"),
    ({"phase_years": 2.5}, r"parameter 'phase_years' = 2\.5 is not allowed"),
    ({"northeast_share": -0.1}, r"parameter 'northeast_share' = -0\.1 is not allowed: expected a number from "
                                r"0\.113 to 1 \(the lower bound is what Longmay's announced layoffs alone imply"),
    ({"northeast_share": 0.1}, r"parameter 'northeast_share' = 0\.1 is not allowed: expected a number from "
                               r"0\.113 to 1 \(the lower bound is what Longmay's announced layoffs alone imply"),
    ({"cut_basis": "production"}, r"parameter 'cut_basis' = 'production' is not allowed: expected one of "
                                  r"\['overcapacity', 'capacity', 'output'\]"),
    ({"workers_per_mt_coal": -5}, r"parameter 'workers_per_mt_coal' = -5(\.0)? is not allowed: expected a number "
                                  r"from 0 to 20000, or None"),
    ({"operating_share": 2}, r"parameter 'operating_share' = 2(\.0)? is not allowed: expected a number from 0 to 1"),
    ({"operating_share": None}, r"parameter 'operating_share' = None is not allowed: expected a number from 0 to 1"),
])
def test_invalid_parameters_fail_in_the_first_cell_with_a_clear_message(params, message):
    with pytest.raises(pm.PapermillExecutionError) as err:
        execute_chapter("transitional_pain", params, timeout=TIMEOUT, validate_first=False)
    assert err.value.ename == "ParameterError"
    assert re.search(message, err.value.evalue), err.value.evalue
    # it failed in the validation cell, right after the parameters: nothing else ran
    assert err.value.exec_count <= 3


def test_parameters_cell_holds_the_declared_defaults():
    nb = jupytext.read(chapter_path("transitional_pain"))
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    namespace: dict = {}
    exec(cells[0].source, {}, namespace)
    assert namespace == defaults("transitional_pain")


def test_no_number_is_typed_in_the_prose():
    """Numbers in the text come from glue; what remains typed is years, claim ids and chapter names."""
    nb = jupytext.read(chapter_path("transitional_pain"))
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    prose = re.sub(r"\{glue:text\}`[^`]+`|\{numref\}`[^`]+`|\{ref\}`[^`]+`|\{cite:p\}`[^`]+`", "", prose)
    prose = re.sub(r"```\{admonition\}.*?```", lambda m: m.group(0).split("\n", 1)[1], prose, flags=re.S)
    prose = re.sub(r"`[^`]*`", "", prose)  # inline code such as `make lab`
    numbers = re.findall(r"(?<![\w.])\d(?:[\d,.]*\d)?%?", prose)
    allowed = re.compile(r"^(19|20)\d\d$|^\d$")  # years; list numbering and claim/chapter numbers (C1, Chapter 3)
    typed = [n for n in numbers if not allowed.match(n)]
    assert not typed, typed
    flat = " ".join(prose.lower().split())
    words = ("one million", "three million", "two years early", "five-year", "three to five", "thirty per cent",
             "twice as")
    assert not [w for w in words if w in flat]
