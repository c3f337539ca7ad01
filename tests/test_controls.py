"""Every explorer control, live (ipywidgets) and static (Vega bindings), takes its range from the
parameter table: a limit is written once, in rustbelt.parameters."""
from __future__ import annotations

import ipywidgets as w
import pytest

from rustbelt import charts, data, model, outlook, outlook_charts, widgets
from rustbelt.parameters import control_range, validate

# static control name -> (chapter, parameter)
LAYOFFS = {"cut_share": "cut_share", "workers_per_mt_steel": "workers_per_mt_steel",
           "workers_per_mt_coal": "workers_per_mt_coal", "northeast_share": "northeast_share",
           "operating_share": "operating_share"}
OUTLOOK = {"rate_pick": "reemployment_rate", "phase_pick": "phase_years", "operating_pick": "operating_share"}


def _ranges(fig) -> dict[str, tuple[float, float]]:
    spec = fig.chart.to_dict()
    found = {}

    def walk(node):
        if isinstance(node, dict):
            for p in node.get("params", []):
                bind = p.get("bind")
                if isinstance(bind, dict) and bind.get("input") == "range":
                    found[p["name"]] = (bind["min"], bind["max"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(spec)
    return found


def test_chapter_2_static_explorer_ranges_come_from_the_table():
    p = validate("transitional_pain")
    sc = model.scenario(**p)
    fig = charts.layoffs_explorer_chart(
        model.explorer_rows(), [data.load("transition_benchmarks")], cut_share=p["cut_share"],
        cut_basis=p["cut_basis"], workers_per_mt_steel=float(sc.workers_per_mt["steel"]),
        workers_per_mt_coal=float(sc.workers_per_mt["coal"]), northeast_share=p["northeast_share"],
        sectors=p["sectors"], official_persons=1.8e6, article_persons=3e6, operating_share=p["operating_share"])
    got = _ranges(fig)
    assert set(got) == set(LAYOFFS)
    for control, name in LAYOFFS.items():
        assert got[control] == control_range("transitional_pain", name), control


def test_chapter_3_static_explorer_ranges_come_from_the_table():
    p = validate("feasibility")
    fig = outlook_charts.explorer_chart(outlook.explorer_grid(p), p["scenario"], p["reemployment_rate"],
                                        p["phase_years"], p["operating_share"])
    got = _ranges(fig)
    assert set(got) == set(OUTLOOK)
    for control, name in OUTLOOK.items():
        assert got[control] == control_range("feasibility", name), control


def _sliders(box) -> list:
    out = []
    for child in getattr(box, "children", ()):
        if isinstance(child, (w.FloatSlider, w.IntSlider)):
            out.append(child)
        out += _sliders(child)
    return out


LIVE_LAYOFFS = {"Cut share": "cut_share", "Steel workers per Mt of output": "workers_per_mt_steel",
                "Coal workers per Mt of output": "workers_per_mt_coal", "Northeast share": "northeast_share",
                "Closed capacity producing": "operating_share", "Phase (years from 2016)": "phase_years"}
LIVE_OUTLOOK = {"Rate/yr": "reemployment_rate", "Phase (yrs)": "phase_years", "Producing": "operating_share"}


@pytest.mark.parametrize("make, chapter, names", [
    (lambda: widgets.layoffs_explorer(**validate("transitional_pain")), "transitional_pain", LIVE_LAYOFFS),
    (lambda: widgets.reemployment_explorer(validate("feasibility")), "feasibility", LIVE_OUTLOOK),
])
def test_live_explorer_ranges_come_from_the_table(monkeypatch, make, chapter, names):
    monkeypatch.setenv(widgets.LIVE_ENV, "on")
    sliders = {s.description: s for s in _sliders(make())}
    assert set(sliders) == set(names)
    for label, name in names.items():
        assert (sliders[label].min, sliders[label].max) == control_range(chapter, name), label


def test_the_phasing_limit_is_the_models():
    for chapter in ("transitional_pain", "feasibility"):
        assert control_range(chapter, "phase_years") == (1, model.MAX_PHASE_YEARS)
