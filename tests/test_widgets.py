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
    assert box.children[1].value == (1996, 2020)


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
    scenario, rate, phase = box.children[0].children
    scenario.value = "old_policies"
    rate.value = 0.25
    printed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Share re-employed")][-1]
    res = outlook.outcome({**params, "scenario": "old_policies", "reemployment_rate": 0.25})
    assert f"{res['share_reemployed_end']:.0%}" in printed
    assert f"years to a majority: {res['years_to_majority']}" in printed
    assert f"peak jobless stock: {res['jobless'].max():.3f} million" in printed


def test_reemployment_explorer_says_when_nobody_is_laid_off(monkeypatch, capsys):
    from rustbelt.parameters import validate

    monkeypatch.setenv(widgets.LIVE_ENV, "on")
    widgets.reemployment_explorer(validate("feasibility", cut_share=0.0))
    assert "Nobody is laid off" in capsys.readouterr().out


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
