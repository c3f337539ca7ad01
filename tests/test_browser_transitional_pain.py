"""Chapter 2's static scenario explorer in headless Chromium: move its sliders, buttons and
checkboxes, read back what the page computed (the Vega view's data, not formatted text) and
compare it with rustbelt.model at the same inputs."""
from __future__ import annotations

import pytest

from rustbelt import model

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHART = "chart-fig-explorer"
VIEW = f"window.rustbeltViews['{CHART}']"
REL = 1e-9

# the page's own computation: the compiled Vega dataset holding the model's formulas
READ_JS = """async () => {
  const view = %(view)s;
  await view.runAsync();
  const spec = JSON.parse(document.getElementById('%(chart)s-spec').textContent);
  const vg = spec;  // the page carries the spec compiled to Vega at build time
  const node = vg.data.find(d => (d.transform || []).some(t => t.type === 'formula' && t.as === 'layoffs_persons'));
  const signals = {};
  for (const name of ['cut_share', 'cut_basis', 'workers_per_mt_steel', 'workers_per_mt_coal',
                      'northeast_share', 'operating_share', 'include_steel', 'include_coal'])
    signals[name] = view.signal(name);
  return {dataset: node.name, rows: view.data(node.name), signals};
}""" % {"view": VIEW, "chart": CHART}


def _set_range(page, name: str, value: float):
    page.eval_on_selector(
        f"#{CHART} .vega-bindings input[type=range][name={name}]",
        "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', {bubbles: true})); }", value)
    page.wait_for_function(f"v => {VIEW}.signal('{name}') === v", arg=value)


def _set_controls(page, *, cut_share, cut_basis, workers_per_mt_steel, workers_per_mt_coal, northeast_share,
                  sectors, operating_share):
    _set_range(page, "cut_share", cut_share)
    _set_range(page, "operating_share", operating_share)
    _set_range(page, "workers_per_mt_steel", workers_per_mt_steel)
    _set_range(page, "workers_per_mt_coal", workers_per_mt_coal)
    _set_range(page, "northeast_share", northeast_share)
    page.locator(f"#{CHART} .vega-bindings input[type=radio][name=cut_basis][value={cut_basis}]").check()
    page.wait_for_function(f"v => {VIEW}.signal('cut_basis') === v", arg=cut_basis)
    for s in ("steel", "coal"):
        box = page.locator(f"#{CHART} .vega-bindings input[type=checkbox][name=include_{s}]")
        box.set_checked(s in sectors)
        page.wait_for_function(f"v => {VIEW}.signal('include_{s}') === v", arg=s in sectors)


def _page_numbers(page) -> tuple[dict, dict]:
    got = page.evaluate(READ_JS)
    rows = [r for r in got["rows"] if r["measure"] == "layoffs_persons"]
    by_sector = {r["sector"]: r for r in rows}
    assert set(by_sector) == {"steel", "coal"}, got["rows"]
    totals = {r["total_persons"] for r in got["rows"]} | set()
    ne_totals = {r["northeast_total_persons"] for r in got["rows"]}
    assert len(totals) == 1 and len(ne_totals) == 1  # one total, repeated on every row
    numbers = {
        "steel": by_sector["steel"]["layoffs_persons"], "coal": by_sector["coal"]["layoffs_persons"],
        "steel_cut_mt": by_sector["steel"]["cut_mt"], "coal_cut_mt": by_sector["coal"]["cut_mt"],
        "total": totals.pop(), "northeast": ne_totals.pop(),
    }
    return numbers, got["signals"]


def _model_numbers(signals: dict) -> dict:
    sectors = [s for s in ("steel", "coal") if signals[f"include_{s}"]]
    if not sectors:  # the model refuses an empty selection; the page shows zeros
        return {k: 0.0 for k in ("steel", "coal", "steel_cut_mt", "coal_cut_mt", "total", "northeast")}
    sc = model.scenario(cut_share=signals["cut_share"], sectors=sectors, phase_years=3,
                        northeast_share=signals["northeast_share"], cut_basis=signals["cut_basis"],
                        workers_per_mt_steel=signals["workers_per_mt_steel"],
                        workers_per_mt_coal=signals["workers_per_mt_coal"],
                        operating_share=signals["operating_share"])
    return {"steel": sc.layoffs_persons["steel"], "coal": sc.layoffs_persons["coal"],
            "steel_cut_mt": sc.cut_mt["steel"], "coal_cut_mt": sc.cut_mt["coal"],
            "total": sc.total_persons, "northeast": sc.northeast_persons}


def _assert_same(page_numbers: dict, model_numbers: dict, label: str):
    for key, expected in model_numbers.items():
        assert page_numbers[key] == pytest.approx(expected, rel=REL, abs=0), (label, key, page_numbers, model_numbers)


def test_explorer_starts_at_the_chapter_defaults(book_url, watch):
    page = watch.goto(f"{book_url}/chapters/transitional_pain.html")
    numbers, signals = _page_numbers(page)
    assert signals["cut_share"] == 0.3 and signals["cut_basis"] == "overcapacity"
    assert signals["operating_share"] == 0.7
    assert signals["include_steel"] and signals["include_coal"]
    # the sliders start at the calibrated ratios, rounded to whole workers per Mt
    for s in ("steel", "coal"):
        assert signals[f"workers_per_mt_{s}"] == round(model.baselines()[s].workers_per_mt)
    _assert_same(numbers, _model_numbers(signals), "initial")
    assert numbers["total"] > 0
    assert not watch.errors


SETTINGS = [
    dict(cut_share=0.45, cut_basis="overcapacity", workers_per_mt_steel=4000, workers_per_mt_coal=2600,
         northeast_share=0.25, sectors=("steel", "coal"), operating_share=0.55),
    dict(cut_share=1.0, cut_basis="capacity", workers_per_mt_steel=3333, workers_per_mt_coal=1331,
         northeast_share=0.5, sectors=("coal",), operating_share=1.0),
    dict(cut_share=0.07, cut_basis="output", workers_per_mt_steel=9999, workers_per_mt_coal=0,
         northeast_share=0.995, sectors=("steel",), operating_share=0.0),
    dict(cut_share=0.6, cut_basis="capacity", workers_per_mt_steel=123, workers_per_mt_coal=4567,
         northeast_share=0.113, sectors=("steel", "coal"), operating_share=0.0),
    dict(cut_share=0.83, cut_basis="output", workers_per_mt_steel=1, workers_per_mt_coal=20000,
         northeast_share=1.0, sectors=(), operating_share=0.33),
    dict(cut_share=0.3, cut_basis="overcapacity", workers_per_mt_steel=15000, workers_per_mt_coal=4800,
         northeast_share=0.124, sectors=("steel", "coal"), operating_share=0.21),
]


def test_explorer_sliders_compute_what_the_python_model_computes(book_url, watch):
    page = watch.goto(f"{book_url}/chapters/transitional_pain.html")
    before, _ = _page_numbers(page)
    for i, setting in enumerate(SETTINGS):
        _set_controls(page, **setting)
        numbers, signals = _page_numbers(page)
        # the controls reached the view: the signals are the values set
        for key in ("cut_share", "cut_basis", "workers_per_mt_steel", "workers_per_mt_coal", "northeast_share",
                    "operating_share"):
            assert signals[key] == setting[key], (key, signals[key], setting[key])
        _assert_same(numbers, _model_numbers(signals), f"setting {i}")
        producing = setting["operating_share"] > 0 or setting["cut_basis"] == "output"
        if setting["cut_share"] > 0 and setting["sectors"] and producing:
            assert numbers["total"] != before["total"]
        if not producing:
            assert numbers["total"] == 0
        before = numbers
    assert not watch.errors and not watch.failed
