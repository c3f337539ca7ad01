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
