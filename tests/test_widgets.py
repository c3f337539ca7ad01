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
