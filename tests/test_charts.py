"""Chart builders: every figure has a title, alt text, a source line from the catalog and its data."""
from __future__ import annotations

import json

import pytest

from rustbelt import charts, data, regional


def _figures():
    gdp, totals = data.load("provincial_gdp"), data.load("china_gdp")
    cities = data.load("us_city_population")
    man = data.load("us_manufacturing_employment")
    return [
        charts.gdp_share_chart(regional.gdp_share_all_vintages(), [gdp, totals], "the Northeast"),
        charts.growth_chart(regional.growth(), [data.load("real_growth")]),
        charts.census_chart(regional.census_table(), [data.load("census_population")]),
        charts.vintage_revision_chart(regional.gdp_levels(), [gdp], "Liaoning"),
        charts.us_rustbelt_chart(cities, [cities]),
        charts.us_manufacturing_chart(man, [man]),
    ]


@pytest.mark.parametrize("fig", _figures(), ids=lambda f: f.name)
def test_figure_has_title_description_and_source(fig):
    spec = fig.spec()
    assert spec["title"]["text"] == fig.title
    assert spec["description"] == fig.description and len(fig.description) > 40
    assert spec["width"] == "container"
    for p in fig.sources:
        assert p.unit in fig.source_line and p.vintage in fig.source_line
    assert fig.source_line.startswith("Source: ")


@pytest.mark.parametrize("fig", _figures(), ids=lambda f: f.name)
def test_book_html_embeds_spec_source_and_csv(fig, monkeypatch):
    monkeypatch.setenv("RUSTBELT_CHART_OUTPUT", "book")
    bundle = fig._repr_mimebundle_()
    html = bundle["text/html"]
    start = html.index('type="application/json"')
    spec_text = html[html.index(">", start) + 1: html.index("</script>", start)]
    assert json.loads(spec_text)["description"] == fig.description
    assert "data:text/csv" in html and "Data behind the chart (CSV)" in html
    assert '"url"' not in spec_text  # data inline: the browser fetches nothing to draw it
    assert "image/svg+xml" not in bundle


def test_notebook_output_is_static_svg(monkeypatch):
    monkeypatch.setenv("RUSTBELT_CHART_OUTPUT", "svg")
    fig = _figures()[2]
    bundle = fig._repr_mimebundle_()
    assert bundle["image/svg+xml"].lstrip().startswith("<svg")
    assert "text/html" not in bundle


def test_bad_output_mode_is_refused(monkeypatch):
    monkeypatch.setenv("RUSTBELT_CHART_OUTPUT", "png")
    with pytest.raises(ValueError, match="RUSTBELT_CHART_OUTPUT='png'"):
        charts.output_mode()


def test_csv_holds_the_plotted_data():
    fig = _figures()[2]
    lines = fig.csv().strip().splitlines()
    assert lines[0] == "region,census,population_millions"
    assert len(lines) == 1 + len(fig.data)


def test_figure_without_description_is_refused():
    import altair as alt
    import pandas as pd

    df = data.load("us_manufacturing_employment")
    with pytest.raises(ValueError, match="needs a description"):
        charts.figure(alt.Chart(pd.DataFrame({"a": [1]})).mark_point(), name="x", title="t", subtitle="s",
                      description=" ", data=df, sources=[df])


def test_palette_black_is_ink_that_follows_the_page_text_colour(monkeypatch):
    """Okabe-Ito's black would vanish on a dark page: it is drawn in currentColor, which the
    book's stylesheet sets to the theme's text colour (and which is black in a notebook SVG)."""
    assert charts.INK == "currentColor"
    assert charts.PALETTE[-1] == charts.INK and charts.REGION_COLORS["China"] == charts.INK
    assert "#000000" not in json.dumps([f.spec() for f in _figures()]).upper()
    monkeypatch.setenv("RUSTBELT_CHART_OUTPUT", "svg")
    svg = charts.growth_chart(regional.growth(), [data.load("real_growth")])._repr_mimebundle_()["image/svg+xml"]
    assert 'stroke="currentColor"' in svg
