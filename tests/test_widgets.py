"""Live explorers start their widgets in Jupyter, and give way to a note in batch runs."""
from __future__ import annotations

import ipywidgets as w
import pytest
from IPython.display import Markdown

from rustbelt import widgets


def test_explorer_builds_its_controls_when_live(monkeypatch):
    monkeypatch.setenv(widgets.LIVE_ENV, "on")
    box = widgets.gdp_share_explorer(["Liaoning"], "v4")
    assert isinstance(box, w.VBox)
    controls = box.children[0].children
    assert controls[0].value == ("Liaoning",) and controls[1].value == "v4"
    years, readout = box.children[1].children
    assert years.value == (1996, 2020)


def test_explorer_is_a_note_in_batch_runs(monkeypatch):
    monkeypatch.setenv(widgets.LIVE_ENV, "off")
    note = widgets.gdp_share_explorer()
    assert isinstance(note, Markdown) and "not started in a batch run" in note.data


def test_a_wrong_switch_value_is_refused(monkeypatch):
    monkeypatch.setenv(widgets.LIVE_ENV, "maybe")
    with pytest.raises(ValueError, match="RUSTBELT_LIVE_WIDGETS='maybe'"):
        widgets.gdp_share_explorer()


def test_reemployment_explorer_reruns_the_projection(monkeypatch, capsys):
    """Outside a kernel the explorer's Output prints to stdout: its numbers are the model's."""
    from rustbelt import outlook
    from rustbelt.parameters import validate

    monkeypatch.setenv(widgets.LIVE_ENV, "on")
    params = validate("feasibility")
    box = widgets.reemployment_explorer(params)
    capsys.readouterr()
    scenario, rate, phase, operating = box.children[0].children
    scenario.value = "old_policies"
    rate.value = 0.25
    printed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Share re-employed")][-1]
    res = outlook.outcome({**params, "scenario": "old_policies", "reemployment_rate": 0.25})
    assert f"{res['share_reemployed_end']:.0%}" in printed
    assert f"after 3 years: {res['share_reemployed_3y']:.0%}" in printed
    ytm = res["years_to_majority"]
    assert f"years to a majority (from the first layoffs): {'not within the horizon' if ytm is None else ytm}" in printed
    assert f"peak jobless stock: {res['jobless'].max():.3f} million" in printed


def test_reemployment_explorer_says_when_nobody_is_laid_off(monkeypatch, capsys):
    from rustbelt.parameters import validate

    monkeypatch.setenv(widgets.LIVE_ENV, "on")
    widgets.reemployment_explorer(validate("feasibility", cut_share=0.0))
    assert "Nobody is laid off" in capsys.readouterr().out


# --- Chapter 1 explorer quirks (issue 10) ---------------------------------------------

def test_the_year_range_is_read_out_in_full(monkeypatch):
    """The slider's own readout clipped "2006 – 2024" to "2006 – 202": a label shows the range."""
    monkeypatch.setenv(widgets.LIVE_ENV, "on")
    box = widgets.gdp_share_explorer(["Liaoning"], "current")
    years, readout = box.children[1].children
    assert years.readout is False
    assert readout.value == "2006 – 2024"
    years.value = (2010, 2020)
    assert readout.value == "2010 – 2020"


def test_switching_to_the_old_vintage_shows_all_its_years(monkeypatch):
    from rustbelt import regional

    monkeypatch.setenv(widgets.LIVE_ENV, "on")
    box = widgets.gdp_share_explorer(["Liaoning"], "current")
    vintage = box.children[0].children[1]
    years, readout = box.children[1].children
    vintage.value = "old"
    assert years.value == regional.vintage_years("old") == (1993, 2017)
    assert (years.min, years.max) == (1993, 2017) and readout.value == "1993 – 2017"
    vintage.value = "current"
    assert years.value == regional.vintage_years("current")


def test_the_legend_lists_only_the_vintages_drawn():
    from rustbelt import charts, data, regional

    sources = [data.load("provincial_gdp"), data.load("china_gdp")]
    one = charts.gdp_share_chart(regional.gdp_share("old", ["Liaoning"]), sources, "Liaoning").spec()
    enc = one["encoding"] if "encoding" in one else one["layer"][0]["encoding"]
    assert enc["color"]["scale"]["domain"] == [charts.VINTAGE_LABELS["old"]]
    assert not one.get("params")  # no "show vintage" picker with nothing to pick
    three = charts.gdp_share_chart(regional.gdp_share_all_vintages(regional.PROVINCES), sources, "NE").spec()
    enc = three["encoding"]
    assert enc["color"]["scale"]["domain"] == [charts.VINTAGE_LABELS[v] for v in ("current", "v4", "old")]
    assert three["params"][0]["bind"]["options"] == ["all", "current", "v4", "old"]
def test_ten_years_explorer_recomputes_the_chapter_numbers(monkeypatch, capsys):
    """Chapter 4's explorer: picking provinces reprints the four glued numbers of the package."""
    from rustbelt import tenyears

    monkeypatch.setenv(widgets.LIVE_ENV, "on")
    box = widgets.ten_years_explorer()
    capsys.readouterr()
    pick = box.children[0]
    pick.value = ("Jilin", "Heilongjiang")
    printed = [line for line in capsys.readouterr().out.splitlines() if "mining + manufacturing" in line][-1]
    g = tenyears.glued(["Jilin", "Heilongjiang"])
    assert printed.startswith("Jilin + Heilongjiang:")
    assert f"{g['ne_mining_manufacturing_jobs_change_2015_2019_millions']:+.2f} million" in printed
    assert f"{g['ne_steel_output_share_2016_pct']:.2f}% of China's" in printed
    assert f"{g['ne_own_revenue_share_of_spending_2019_pct']:.1f}% of spending" in printed
    assert f"{g['ne_aged_65_share_2020_pct']:.2f}%" in printed
    pick.value = ()
    assert "Pick at least one province" in capsys.readouterr().out


def test_ten_years_explorer_is_a_note_in_batch_runs(monkeypatch):
    monkeypatch.setenv(widgets.LIVE_ENV, "off")
    assert "not started in a batch run" in widgets.ten_years_explorer().data
