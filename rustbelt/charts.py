"""Every figure in the book is built here.

A chart function returns a :class:`Figure`: an Altair chart with a title, a
``description`` (the alt text), a source line generated from the catalog
(source, unit, vintage) and the data behind it, downloadable as CSV.

How a Figure displays depends on where it runs (one switch,
``RUSTBELT_CHART_OUTPUT``):

* ``book`` (set by ``make book``): HTML that the book's own vendored
  vega-embed renders as SVG in the browser, so Altair parameters bound to
  sliders and dropdowns work on the static page without a kernel.
* ``svg`` (default, e.g. JupyterLab): a static SVG made by vl-convert, with no
  JavaScript and no network; live exploration in notebooks uses the ipywidgets
  explorers in :mod:`rustbelt.widgets`.
"""
from __future__ import annotations

import html
import json
import os
import re
import urllib.parse
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from .data import Provenance, provenance_of

# "Ink": the colour of the text around the chart (SVG currentColor). Okabe & Ito's black
# would vanish on a dark page; ink is black on a light page (and in notebook SVGs) and
# light on a dark one, because the book's stylesheet sets the chart's colour to the theme's.
INK = "currentColor"
# Okabe & Ito (2008), a palette distinguishable with the common colour-vision deficiencies,
# with its black drawn in ink.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", INK]
REGION_COLORS = {"Liaoning": "#0072B2", "Jilin": "#E69F00", "Heilongjiang": "#009E73",
                 "Northeast": "#D55E00", "China": INK}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', sans-serif"
HEIGHT = 300


@alt.theme.register("rustbelt", enable=True)
def rustbelt_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "background": "transparent",
            "view": {"stroke": None, "continuousHeight": HEIGHT},
            "range": {"category": PALETTE},
            "title": {"fontSize": 16, "anchor": "start", "subtitleFontSize": 12, "subtitleColor": "#555", "offset": 10},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal",
                     "gridColor": "#e5e5e5", "domainColor": "#888", "tickColor": "#888"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "direction": "horizontal"},
            "line": {"strokeWidth": 2.5},
            "point": {"size": 40, "filled": True},
            # annotations and reference rules default to ink, legible in light and dark mode
            "text": {"color": INK},
            "rule": {"color": INK},
        }
    }


def output_mode() -> str:
    mode = os.environ.get("RUSTBELT_CHART_OUTPUT", "svg")
    if mode not in ("book", "svg"):
        raise ValueError(f"RUSTBELT_CHART_OUTPUT={mode!r}: allowed values are 'book' and 'svg'")
    return mode


@dataclass
class Figure:
    """A chart with its alt text, its sources and the data behind it."""

    chart: alt.TopLevelMixin
    name: str
    title: str
    description: str
    sources: list[Provenance]
    data: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def source_line(self) -> str:
        seen, parts = set(), []
        for p in self.sources:
            if p.name not in seen:
                seen.add(p.name)
                parts.append(p.source_line())
        return " ".join(parts + self.notes)

    def spec(self) -> dict:
        return self.chart.to_dict()

    def csv(self) -> str:
        return self.data.to_csv(index=False)

    def to_svg(self) -> str:
        import vl_convert as vlc

        spec = self.spec()
        if spec.get("width") == "container":  # vl-convert has no container to measure
            spec["width"] = 640
        return vlc.vegalite_to_svg(spec)

    def to_html(self) -> str:
        slug = "chart-" + re.sub(r"[^a-z0-9-]", "-", self.name.lower())
        spec = json.dumps(self.spec(), separators=(",", ":")).replace("</", "<\\/")
        href = "data:text/csv;charset=utf-8," + urllib.parse.quote(self.csv())
        return (
            f'<div class="rb-figure" id="{slug}-figure">'
            f'<div class="rb-vega" id="{slug}" data-spec-id="{slug}-spec" '
            f'data-description="{html.escape(self.description)}"></div>'
            f'<script type="application/json" id="{slug}-spec">{spec}</script>'
            f'<p class="rb-source">{html.escape(self.source_line)} '
            f'<a href="{href}" download="{slug}.csv">Download the data (CSV)</a></p>'
            f"</div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = f"{self.title}\n{self.description}\n{self.source_line}"
        if output_mode() == "book":
            return {"text/html": self.to_html(), "text/plain": text}
        return {"image/svg+xml": self.to_svg(), "text/plain": text}


def figure(chart: alt.Chart, *, name: str, title: str, subtitle: str, description: str,
           data: pd.DataFrame, sources: list[pd.DataFrame], notes: list[str] | None = None) -> Figure:
    """Finish a chart the house way: title, alt text, responsive width, sources."""
    if not description.strip():
        raise ValueError(f"figure {name!r} needs a description (its alt text)")
    provs = [provenance_of(s) if isinstance(s, pd.DataFrame) else s for s in sources]
    chart = chart.properties(
        title=alt.TitleParams(title, subtitle=subtitle),
        description=description,
        width="container",
        height=HEIGHT,
    )
    return Figure(chart=chart, name=name, title=title, description=description,
                  sources=provs, data=data.reset_index(drop=True), notes=list(notes or []))


def _color(domain: list[str], title: str | None = None) -> alt.Color:
    rng = [REGION_COLORS.get(d, PALETTE[i % len(PALETTE)]) for i, d in enumerate(domain)]
    return alt.Color("region:N", title=title, scale=alt.Scale(domain=domain, range=rng))


# --------------------------------------------------------------------------
# Chapter 1 — the Northeast's challenges
# --------------------------------------------------------------------------

VINTAGE_LABELS = {"current": "Current (after 2024 census revision)", "v4": "V4 (after 2019 revision)",
                  "old": "Old (provincial accounts, pre-2019)"}


def gdp_share_chart(shares: pd.DataFrame, sources: list[pd.DataFrame], provinces_label: str) -> Figure:
    """The Northeast's share of China's GDP in each NBS vintage; a dropdown picks the vintage.

    ``shares``: columns year, vintage, share_pct (from ``regional.gdp_share_all_vintages``).
    """
    data = shares[["year", "vintage", "share_pct"]].copy()
    data["vintage_label"] = data["vintage"].map(VINTAGE_LABELS)
    pick = alt.param(
        name="vintage_pick", value="all",
        bind=alt.binding_select(options=["all", "current", "v4", "old"],
                                labels=["All three vintages", "Current", "V4", "Old"], name="Show vintage: "),
    )
    order = [VINTAGE_LABELS[v] for v in ("current", "v4", "old")]
    chart = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("share_pct:Q", title="Share of China's GDP (%)", scale=alt.Scale(zero=False)),
            color=alt.Color("vintage_label:N", title="NBS vintage", sort=order,
                            scale=alt.Scale(domain=order, range=PALETTE[:3])),
            strokeDash=alt.StrokeDash("vintage_label:N", sort=order, legend=None),
            tooltip=[alt.Tooltip("year:Q", format="d"), "vintage_label:N",
                     alt.Tooltip("share_pct:Q", title="share (%)", format=".2f")],
        )
        .add_params(pick)
        .transform_filter("vintage_pick == 'all' || datum.vintage == vintage_pick")
    )
    return figure(
        chart, name="fig-gdp-share", title=f"{provinces_label}: share of China's GDP",
        subtitle="Percent of national GDP (or of the 31-province sum) in the same NBS vintage",
        description=(f"Line chart of {provinces_label}'s share of China's GDP by year, one line per NBS "
                     "statistical vintage. Every vintage shows the share falling since the late 1990s."),
        data=data, sources=sources,
    )


def growth_chart(growth: pd.DataFrame, sources: list[pd.DataFrame]) -> Figure:
    """Annual real growth or cumulative real GDP (index), per province and China.

    ``growth``: columns region, year, growth_pct, index_2000 (start year = 100).
    A radio button switches the measure in the browser.
    """
    long = growth.melt(id_vars=["region", "year"], value_vars=["growth_pct", "index_start"],
                       var_name="measure", value_name="value")
    measure = alt.param(
        name="measure_pick", value="growth_pct",
        bind=alt.binding_radio(options=["growth_pct", "index_start"],
                               labels=["Annual real growth (%)", "Real GDP, start year = 100"], name="Measure: "),
    )
    domain = [r for r in ["Liaoning", "Jilin", "Heilongjiang", "China"] if r in set(growth["region"])]
    chart = (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("value:Q", title="Growth (%) or index", scale=alt.Scale(zero=False)),
            color=_color(domain),
            tooltip=["region:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=".1f")],
        )
        .add_params(measure)
        .transform_filter("datum.measure == measure_pick")
    )
    first, last = int(growth["year"].min()), int(growth["year"].max())
    return figure(
        chart, name="fig-growth", title="Real GDP growth: the Northeast against China",
        subtitle=f"NBS GDP index (previous year = 100), one vintage, {first}–{last}",
        description=("Line chart of annual real GDP growth of the selected Northeastern provinces and of "
                     "China; a radio button switches to cumulative real GDP indexed to the first year. "
                     "The provinces grow roughly with China until about 2013, then fall well below it."),
        data=long, sources=sources,
    )


def census_chart(census: pd.DataFrame, sources: list[pd.DataFrame]) -> Figure:
    """Census population 2010 and 2020 per province (millions), grouped bars."""
    data = census.assign(population_millions=census["value"] / 1e6, census=census["year"].astype(str))
    data = data[["region", "census", "population_millions"]]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("region:N", title=None, sort=["Liaoning", "Jilin", "Heilongjiang"]),
            xOffset=alt.XOffset("census:N"),
            y=alt.Y("population_millions:Q", title="Population (millions)"),
            color=alt.Color("census:N", title="Census", scale=alt.Scale(range=[PALETTE[5], PALETTE[0]])),
            tooltip=["region:N", "census:N", alt.Tooltip("population_millions:Q", format=".2f")],
        )
    )
    return figure(
        chart, name="fig-census", title="Population at the 2010 and 2020 censuses",
        subtitle="Resident population, millions (census day, 1 November)",
        description=("Grouped bar chart of each Northeastern province's population at the 2010 and 2020 "
                     "censuses; every province is smaller in 2020, Heilongjiang most of all."),
        data=data, sources=sources,
    )


def vintage_revision_chart(gdp: pd.DataFrame, sources: list[pd.DataFrame], default_region: str) -> Figure:
    """One province's nominal GDP in each NBS vintage; a dropdown picks the province."""
    data = gdp[["region", "year", "vintage", "value"]].copy()
    data["vintage_label"] = data["vintage"].map(VINTAGE_LABELS)
    data["gdp_rmb_bn"] = data["value"] / 10  # RMB 100 million -> RMB billion
    regions = [r for r in ["Liaoning", "Jilin", "Heilongjiang"] if r in set(data["region"])]
    pick = alt.param(name="region_pick", value=default_region,
                     bind=alt.binding_select(options=regions, name="Province: "))
    order = [VINTAGE_LABELS[v] for v in ("current", "v4", "old")]
    chart = (
        alt.Chart(data[["region", "year", "vintage_label", "gdp_rmb_bn"]])
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("gdp_rmb_bn:Q", title="Nominal GDP (RMB billion)"),
            color=alt.Color("vintage_label:N", title="NBS vintage", sort=order,
                            scale=alt.Scale(domain=order, range=PALETTE[:3])),
            strokeDash=alt.StrokeDash("vintage_label:N", sort=order, legend=None),
            tooltip=["region:N", alt.Tooltip("year:Q", format="d"), "vintage_label:N",
                     alt.Tooltip("gdp_rmb_bn:Q", format=",.0f")],
        )
        .add_params(pick)
        .transform_filter("datum.region == region_pick")
    )
    return figure(
        chart, name="fig-vintages", title="One province, three sets of books",
        subtitle="Nominal GDP in NBS's old, V4 and current vintages (RMB billion)",
        description=("Line chart of a Northeastern province's nominal GDP as published in three NBS "
                     "vintages, with a dropdown to pick the province. The old provincial figures lie far "
                     "above the revised ones from about 2010, most of all for Liaoning in 2011–2014."),
        data=data[["region", "year", "vintage", "gdp_rmb_bn"]], sources=sources,
    )


def us_rustbelt_chart(cities: pd.DataFrame, sources: list[pd.DataFrame]) -> Figure:
    """US Rust Belt city populations indexed to 1950 = 100; legend click highlights a city."""
    data = cities.copy()
    base = data[data["year"] == 1950].set_index("region")["value"]
    data["index_1950"] = data["value"] / data["region"].map(base) * 100
    data = data.rename(columns={"value": "population"})[["region", "year", "population", "index_1950"]]
    last = data[data["year"] == data["year"].max()]["index_1950"]
    sel = alt.selection_point(fields=["region"], bind="legend")
    chart = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("index_1950:Q", title="Population, 1950 = 100"),
            color=alt.Color("region:N", title="City (click to highlight)"),
            opacity=alt.condition(sel, alt.value(1), alt.value(0.15)),
            tooltip=["region:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("population:Q", format=",")],
        )
        .add_params(sel)
    )
    return figure(
        chart, name="fig-us-cities", title="The US Rust Belt: cities that lost half their people",
        subtitle="City population at each decennial census, 1950 = 100",
        description=(f"Line chart of the populations of {', '.join(sorted(base.index))} from 1950 to "
                     f"{int(data['year'].max())}, indexed to 1950; by {int(data['year'].max())} they stand at "
                     f"{last.min():.0f} to {last.max():.0f} percent of their 1950 size."),
        data=data, sources=sources,
    )


def us_manufacturing_chart(manemp: pd.DataFrame, sources: list[pd.DataFrame]) -> Figure:
    data = manemp.rename(columns={"value": "employment_millions"})[["year", "employment_millions"]]
    peak = data.loc[data["employment_millions"].idxmax()]
    last = data.iloc[-1]
    chart = (
        alt.Chart(data)
        .mark_line(color=PALETTE[3])
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("employment_millions:Q", title="Employees (millions)", scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("employment_millions:Q", format=".2f")],
        )
    )
    return figure(
        chart, name="fig-us-manufacturing", title="US manufacturing employment, 1970–2020",
        subtitle="Annual mean of monthly employees in manufacturing, millions",
        description=(f"Line chart of US manufacturing employment from {int(data['year'].min())} to "
                     f"{int(data['year'].max())}: a peak of {peak['employment_millions']:.1f} million in "
                     f"{int(peak['year'])}, {last['employment_millions']:.1f} million in {int(last['year'])}."),
        data=data, sources=sources,
    )
