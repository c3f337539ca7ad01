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
          rate: view.signal('rate_pick'), phase: view.signal('phase_pick')};
}""" % {"view": VIEW, "chart": CHART}


def _set_range(page, name, value):
    page.eval_on_selector(
        f"#{CHART} .vega-bindings input[type=range][name={name}]",
        "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', {bubbles: true})); }", value)
    page.wait_for_function(f"v => Math.abs({VIEW}.signal('{name}') - v) < 1e-12", arg=value)


@pytest.mark.parametrize("scenario, rate, phase", [
    ("reform", 0.4, 3), ("old_policies", 0.25, 2), ("reform", 0.05, 10), ("old_policies", 1.0, 1), ("reform", 0.0, 5),
])
def test_explorer_selects_the_models_projection(book_url, watch, scenario, rate, phase):
    page = watch.goto(f"{book_url}/chapters/feasibility.html")
    page.locator(f"#{CHART} .vega-bindings select[name=scenario_pick]").select_option(scenario)
    page.wait_for_function(f"v => {VIEW}.signal('scenario_pick') === v", arg=scenario)
    _set_range(page, "rate_pick", rate)
    _set_range(page, "phase_pick", phase)
    got = page.evaluate(READ_JS)
    assert (got["scenario"], got["phase"]) == (scenario, phase) and got["rate"] == pytest.approx(rate)
    rows = sorted(got["rows"], key=lambda r: r["year"])
    assert rows, "the explorer selected nothing"
    params = validate("feasibility", scenario=scenario, reemployment_rate=rate, phase_years=phase)
    share = outlook.outcome(params)["share_reemployed"]
    years = outlook.years(params["horizon_years"])
    expected = {int(y): float(s) for y, s in zip(years, share) if np.isfinite(s)}
    assert [r["year"] for r in rows] == sorted(expected)
    for r in rows:
        # the grid stores shares rounded to 6 decimals
        assert r["share"] == pytest.approx(expected[r["year"]], abs=5e-7)
    # the page drew one point per selected year
    points = page.eval_on_selector(f"#{CHART}", "el => el.querySelectorAll('g.mark-symbol path').length")
    assert points == len(rows)
    assert not watch.errors
