"""Chapter 2's figures: title, computed alt text, catalog source line and data; the static
explorer's controls and formulas are the model's parameters and equations."""
from __future__ import annotations

import json

import pytest

from rustbelt import charts, data, model


def _figures():
    b, out = data.load("transition_benchmarks"), data.load("sector_output")
    sc = model.scenario()
    base = model.baselines()
    return [
        charts.capacity_cuts_chart(model.capacity_cuts_table(), [data.load("capacity_cuts"), b]),
        charts.overcapacity_estimates_chart(model.steel_overcapacity_estimates(), [b, out]),
        charts.workers_per_mt_chart(model.workers_per_mt_table(), [b, out, data.load("northeast_industry")]),
        charts.layoff_estimates_chart(model.layoff_estimates_table(), [b, out], model.ARTICLE.layoffs_persons),
        charts.absorption_chart(model.absorption_table(sc.total_persons, 10), [data.load("new_urban_jobs"), b]),
        charts.layoffs_explorer_chart(
            model.explorer_rows(), [b, out], cut_share=0.3, cut_basis="overcapacity",
            workers_per_mt_steel=base["steel"].workers_per_mt, workers_per_mt_coal=base["coal"].workers_per_mt,
            northeast_share=0.103, sectors=["steel", "coal"],
            official_persons=model.benchmark("official_workers_to_reassign", "steel_and_coal", 2016),
            article_persons=model.ARTICLE.layoffs_persons, operating_share=0.7),
    ]


FIGURES = _figures()


@pytest.mark.parametrize("fig", FIGURES, ids=lambda f: f.name)
def test_figure_has_title_description_and_source(fig):
    spec = fig.spec()
    assert spec["title"]["text"] == fig.title
    assert spec["description"] == fig.description and len(fig.description) > 40
    assert spec["width"] == "container"
    assert fig.source_line.startswith("Source: ")
    for p in fig.sources:
        assert p.unit in fig.source_line and p.vintage in fig.source_line


@pytest.mark.parametrize("fig", FIGURES, ids=lambda f: f.name)
def test_book_html_embeds_spec_and_csv_without_fetching(fig, monkeypatch):
    monkeypatch.setenv("RUSTBELT_CHART_OUTPUT", "book")
    html = fig._repr_mimebundle_()["text/html"]
    start = html.index('type="application/json"')
    spec_text = html[html.index(">", start) + 1: html.index("</script>", start)]
    assert json.loads(spec_text)["description"] == fig.description
    assert '"url"' not in spec_text and "Data behind the chart (CSV)" in html


def test_alt_text_numbers_are_the_models():
    by_name = {f.name: f for f in FIGURES}
    sc = model.scenario()
    assert f"{sc.total_persons / 1e6:.2f} million" in by_name["fig-layoff-estimates"].description
    base = model.baselines()
    assert f"steel {base['steel'].workers_per_mt:,.0f}" in by_name["fig-workers-per-mt"].description
    assert f"{base['steel'].overcapacity_mt:.0f} Mt" in by_name["fig-overcapacity"].description
    # the absorption chart, phased over ten years, labels the year past the data as carried forward
    carried = by_name["fig-absorption"].data
    assert carried["series"].str.contains("carried forward").any()


def test_explorer_controls_are_the_model_parameters():
    spec = next(f for f in FIGURES if f.name == "fig-explorer").spec()
    params = {p["name"]: p for p in spec["params"]}
    for name in ("cut_share", "cut_basis", "workers_per_mt_steel", "workers_per_mt_coal", "northeast_share",
                 "operating_share", "include_steel", "include_coal"):
        assert "bind" in params[name], name
    assert params["cut_basis"]["bind"]["options"] == list(model.CUT_BASES)
    text = json.dumps(spec)
    # output removed = the cut (a cut of output) or operating_share × the cut, written from the cut's
    # terms: the cut_mt field is only shown (in 万吨 in the Chinese edition)
    for formula in ("datum.selected ? cut_share * datum.base_mt : 0",
                    "(datum.selected ? cut_share * datum.base_mt : 0) * (cut_basis === 'output' ? 1 : operating_share)",
                    "datum.output_removed_mt * datum.workers_per_mt", "northeast_share * datum.total_persons"):
        assert formula in text, formula
    # the explorer's data are the model's baselines, unrounded (every row of a sector: the rows are
    # the layoffs as first drawn, one per area, each carrying the inputs it is computed from)
    data = next(f for f in FIGURES if f.name == "fig-explorer").data
    for s, b in model.baselines().items():
        rows = data[data["sector"] == s]
        assert len(rows) > 0, s
        assert (rows["overcapacity_mt"] == b.overcapacity_mt).all() and (rows["capacity_mt"] == b.capacity_mt).all()


def test_live_explorer_runs_the_model(capsys):
    """Outside a kernel the explorer's Output prints to stdout: its numbers are the model's."""
    from rustbelt.widgets import layoffs_explorer

    box = layoffs_explorer()
    capsys.readouterr()
    ne = [c for c in box.children if getattr(c, "description", "") == "Northeast share"]
    assert len(ne) == 1
    ne[0].value = 0.5
    printed = capsys.readouterr().out
    sc = model.scenario(northeast_share=0.5)
    assert f"Layoffs: {sc.total_persons / 1e6:.2f} million" in printed
    assert f"Northeast {sc.northeast_persons / 1e6:.2f} million" in printed
    assert f"RMB {sc.fund_per_worker_rmb:,.0f}" in printed
