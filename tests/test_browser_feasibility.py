"""Chapter 3's static scenario explorer in headless Chromium: pick a scenario, move the rate
and phasing sliders, read back the rows the page selected (the Vega view's data, not text)
and compare them with the model's grid and with rustbelt.outlook at the same inputs."""
from __future__ import annotations

import numpy as np
import pytest

from rustbelt import outlook
from rustbelt.parameters import validate

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHART = "chart-fig-scenario-explorer"
VIEW = f"window.rustbeltViews['{CHART}']"

READ_JS = """async () => {
  const view = %(view)s;
  await view.runAsync();
  const spec = JSON.parse(document.getElementById('%(chart)s-spec').textContent);
  const vg = spec;  // the page carries the spec compiled to Vega at build time
  const node = vg.data.find(d => (d.transform || []).some(t => t.type === 'flatten'));
  return {rows: view.data(node.name), scenario: view.signal('scenario_pick'),
          rate: view.signal('rate_pick'), phase: view.signal('phase_pick'),
          operating: view.signal('operating_pick')};
}""" % {"view": VIEW, "chart": CHART}


def _set_range(page, name, value):
    page.eval_on_selector(
        f"#{CHART} .vega-bindings input[type=range][name={name}]",
        "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', {bubbles: true})); }", value)
    page.wait_for_function(f"v => Math.abs({VIEW}.signal('{name}') - v) < 1e-12", arg=value)


@pytest.mark.parametrize("scenario, rate, phase, operating", [
    ("reform", 0.4, 3, 0.7), ("old_policies", 0.25, 2, 0.3), ("reform", 0.05, 10, 1.0), ("old_policies", 1.0, 1, 0.1),
    ("reform", 0.0, 5, 0.5), ("reform", 0.6, 3, 0.0),
])
def test_explorer_selects_the_models_projection(book_url, watch, scenario, rate, phase, operating):
    page = watch.goto(f"{book_url}/chapters/feasibility.html")
    page.locator(f"#{CHART} .vega-bindings select[name=scenario_pick]").select_option(scenario)
    page.wait_for_function(f"v => {VIEW}.signal('scenario_pick') === v", arg=scenario)
    _set_range(page, "rate_pick", rate)
    _set_range(page, "phase_pick", phase)
    _set_range(page, "operating_pick", operating)
    got = page.evaluate(READ_JS)
    assert (got["scenario"], got["phase"]) == (scenario, phase) and got["rate"] == pytest.approx(rate)
    assert got["operating"] == pytest.approx(operating)
    rows = sorted(got["rows"], key=lambda r: r["year"])
    params = validate("feasibility", scenario=scenario, reemployment_rate=rate, phase_years=phase,
                      operating_share=operating)
    if operating == 0:  # nobody laid off: no share to draw, and the page draws nothing
        assert rows == [] and outlook.outcome(params)["share_reemployed_3y"] is None
        return
    assert rows, "the explorer selected nothing"
    share = outlook.outcome(params)["share_reemployed"]
    years = outlook.years(params["horizon_years"])
    expected = {int(y): float(s) for y, s in zip(years, share) if np.isfinite(s)}
    assert [r["year"] for r in rows] == sorted(expected)
    for r in rows:
        # the grid stores shares rounded to 6 decimals and the page carries them to 4 (the Table's
        # precision; rustbelt.web_figure.vega_spec): the page shows the model's value to that rounding
        assert r["share"] == pytest.approx(round(round(expected[r["year"]], 6), 4), rel=1e-9, abs=1e-12)
    # the page drew one point per selected year
    points = page.eval_on_selector(f"#{CHART}", "el => el.querySelectorAll('g.mark-symbol path').length")
    assert points == len(rows)
    assert not watch.errors
