"""Every figure in the book is built here.

A chart function returns a :class:`Figure`: an Altair chart with a title, a
``description`` (the alt text), a source line generated from the catalog
(source, unit, vintage) and the data behind it, downloadable as CSV.

How a Figure displays depends on where it runs (one switch,
``RUSTBELT_CHART_OUTPUT``):

* ``book`` (set by ``make book``): HTML that the book's own vendored
  vega-embed renders as SVG in the browser, so Altair parameters bound to
  sliders and dropdowns work on the static page without a kernel.
* ``notebook``: the chart compiled to a Vega spec (``application/vnd.vega.v5+json``),
  which JupyterLab's built-in Vega renderer draws with its own bundled vega: the same
  controls, tooltips, as wide as the cell (from the window's width, 360-880 px), no network, and the theme's text colour in
  light and dark mode. Not a widget: nothing to stall, and it stays in a saved notebook.
* ``svg``: a static SVG made by vl-convert, with no JavaScript and no network, on a
  white card so its black text stays readable on a dark notebook theme. For runs with
  no live front end (papermill, the scenario runner's reports, the PDF).
* ``auto`` (the default): ``notebook`` when live widgets are on (a reader's Jupyter),
  ``svg`` in a batch run (``RUSTBELT_LIVE_WIDGETS=off``, see :mod:`rustbelt.widgets`).
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from .data import Provenance, provenance_of
from .i18n import join, lang, name, t, tf, tl

# "Ink": the colour of the text around the chart (SVG currentColor). Okabe & Ito's black
# would vanish on a dark page; ink is black on a light page (and in notebook SVGs) and
# light on a dark one, because the book's stylesheet sets the chart's colour to the theme's.
INK = "currentColor"
# Okabe & Ito (2008), a palette distinguishable with the common colour-vision deficiencies,
# with its black drawn in ink, and darkened where a colour fell below WCAG's 3:1 for
# graphics on a white page: orange #E69F00 -> amber #B26B00, sky blue #56B4E9 -> purple
# #9467BD, yellow #F0E442 -> olive #8A7A00 (each 4.2-4.4:1 on white and on the dark theme).
# Pairs that must be told apart (before/after, target/result) use blue and amber.
PALETTE = ["#0072B2", "#B26B00", "#009E73", "#D55E00", "#CC79A7", "#9467BD", "#8A7A00", INK]
#: long category labels (horizontal bars) may take up to ~45% of the chart's container,
#: so on a phone they are shortened with an ellipsis (full text in the tooltip) instead of
#: running off the chart; containerSize() is Vega's own expression function
RESPONSIVE_LABEL_LIMIT = alt.ExprRef("containerSize()[0] > 0 ? clamp(containerSize()[0] * 0.45, 80, 420) : 420")
#: a light fill for uncertainty bands behind a line (not a series of its own)
BAND = "#56B4E9"
REGION_COLORS = {"Liaoning": "#0072B2", "Jilin": "#B26B00", "Heilongjiang": "#009E73",
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
            "title": {"fontSize": 16, "anchor": "start", "subtitleFontSize": 12, "subtitleColor": "#48566b", "offset": 10},
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


OUTPUT_MODES = ("auto", "book", "notebook", "svg")
#: a static SVG's width (px): a JupyterLab cell is ~970 px wide; the image scales down to fit
SVG_WIDTH = 900
VEGA_MIME = "application/vnd.vega.v5+json"
#: vega-embed options for JupyterLab's renderer: SVG (text in the DOM, in the theme's colour),
#: and no menu entries that open the online Vega editor
EMBED_OPTIONS = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False}}


def output_mode() -> str:
    """The resolved output mode: ``book``, ``notebook`` or ``svg`` (see the module docstring)."""
    mode = os.environ.get("RUSTBELT_CHART_OUTPUT", "auto")
    if mode not in OUTPUT_MODES:
        raise ValueError(f"RUSTBELT_CHART_OUTPUT={mode!r}: allowed values are {', '.join(repr(m) for m in OUTPUT_MODES)}")
    if mode == "auto":
        from .widgets import live

        return "notebook" if live() else "svg"
    return mode


#: a chart's widest width in JupyterLab (px): 880 px fills a cell of the default layout
NOTEBOOK_WIDTH = 880
#: the narrowest (px); titles and subtitles are wrapped to fit it (a Vega title cannot wrap
#: itself), so they are never cut however narrow the panel; narrower panels scroll the chart
NOTEBOOK_MIN_WIDTH = 360
#: what JupyterLab's frame takes from the window's width around a cell's output: the file
#: browser (~280 px), the right sidebar's tab bar, the prompt column and the paddings
LAB_CHROME = 470
#: the chart's width in JupyterLab, from the window's width and updated when it changes.
#: Not the container's: JupyterLab's renderer puts the chart in vega-embed's inline-block box,
#: whose width is the chart's own, so ``containerSize()`` measures the chart it sizes and the
#: view re-renders without end (the page stayed busy). The window's width has no such loop.
NOTEBOOK_SIZE = (f"[clamp(windowSize()[0] - {LAB_CHROME}, {NOTEBOOK_MIN_WIDTH}, {NOTEBOOK_WIDTH}), "
                 "windowSize()[1]]")


#: a signal holding the window's width, updated when the window is resized: what the chart's
#: other measurements (long labels' limits) read, so that they follow a resize as the width does.
#: (``windowSize()`` itself is no signal: an axis property computed from it alone is computed once.)
WINDOW_SIGNAL = "rb_window_width"
#: NOTEBOOK_SIZE for everything but the width signal, which updates itself on each resize
NOTEBOOK_SIZE_LIVE = (f"[clamp({WINDOW_SIGNAL} - {LAB_CHROME}, {NOTEBOOK_MIN_WIDTH}, {NOTEBOOK_WIDTH}), "
                      "windowSize()[1]]")


def _replace_text(node, old: str, new: str):
    if isinstance(node, dict):
        return {k: _replace_text(v, old, new) for k, v in node.items()}
    if isinstance(node, list):
        return [_replace_text(v, old, new) for v in node]
    if isinstance(node, str) and old in node:
        return node.replace(old, new)
    return node


def _window_sized(vega: dict) -> dict:
    """A compiled Vega spec whose container measurements read the window's instead: the width
    signals NOTEBOOK_SIZE (on each resize), everything else the window-width signal."""
    signals = vega.get("signals", [])
    sizes = [sig for sig in signals if sig.get("name") in ("width", "height")]
    out = _replace_text({k: v for k, v in vega.items() if k != "signals"}, "containerSize()", NOTEBOOK_SIZE_LIVE)
    out["signals"] = [{"name": WINDOW_SIGNAL, "init": "windowSize()[0]",
                       "on": [{"events": "window:resize", "update": "windowSize()[0]"}]}]
    out["signals"] += [_replace_text(sig, "containerSize()", NOTEBOOK_SIZE if sig in sizes else NOTEBOOK_SIZE_LIVE)
                       for sig in signals]
    return out


def _fixed_size(node, width: int):
    """Replace every measurement of the container (responsive widths, label limits) with a
    fixed size, for renderers that have no container to measure or never settle."""
    if isinstance(node, dict):
        if set(node) == {"expr"} and "containerSize" in str(node["expr"]):
            return round(width * 0.45)
        out = {k: _fixed_size(v, width) for k, v in node.items()}
        if out.get("width") == "container":
            out["width"] = width
        return out
    if isinstance(node, list):
        return [_fixed_size(v, width) for v in node]
    return node


#: an estimate of a label's width per character, as a share of its font size (system sans
#: serif averages about 0.55; a little more, so an estimate never falls short)
CHAR_WIDTH = 0.62


def _domain_labels(vega: dict, domain) -> list[str]:
    """The labels a legend lists: its scale's literal domain, or the values of the domain's
    field in the spec's inline data (any dataset that carries the field)."""
    if isinstance(domain, list):
        return [str(v) for v in domain]
    refs = domain.get("fields", [domain]) if isinstance(domain, dict) else []
    labels: list[str] = []
    for ref in refs:
        field = ref.get("field") if isinstance(ref, dict) else None
        for dataset in vega.get("data", []):
            for row in dataset.get("values", []) if isinstance(dataset.get("values"), list) else []:
                if isinstance(row, dict) and row.get(field) is not None:
                    labels.append(str(row[field]))
    return labels


def _wrapping_legends(vega: dict) -> dict:
    """Horizontal legends broken into as many columns as the chart's width holds (Vega lays a
    horizontal legend out in one row, which runs past a narrow chart's edge), with room for the
    longest label: the notebook's counterpart of the web book's ``rbLegendColumns`` (JupyterLab's
    renderer takes no custom expression functions, so the widths are estimated here)."""
    config = vega.get("config", {}).get("legend", {})
    has_width = any(sig.get("name") == "width" for sig in vega.get("signals", []))
    scales = {sc["name"]: sc for sc in vega.get("scales", [])}
    for legend in vega.get("legends", []):
        direction = legend.get("direction", config.get("direction"))
        if direction != "horizontal" or legend.get("columns") is not None or legend.get("type") == "gradient":
            continue
        scale = next((legend[k] for k in ("fill", "stroke", "shape", "strokeDash", "symbolType", "size", "opacity")
                      if isinstance(legend.get(k), str) and legend[k] in scales), None)
        labels = _domain_labels(vega, scales[scale].get("domain")) if scale else []
        relabel = legend.get("encode", {}).get("labels", {}).get("update", {}).get("text", {})
        if isinstance(relabel, dict) and "signal" in relabel:  # labels rewritten by an expression: its texts
            labels = re.findall(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"", relabel["signal"])
            labels = [a or b for a, b in labels]
        font = legend.get("labelFontSize", config.get("labelFontSize", 10))
        widest = max((len(label) for label in labels), default=26) * font * CHAR_WIDTH
        limit = legend.get("labelLimit", config.get("labelLimit"))
        if isinstance(limit, (int, float)):
            widest = min(widest, limit)
        else:  # vega's default (160 px) would shorten a long label with an ellipsis: room for the longest
            widest = min(widest, NOTEBOOK_MIN_WIDTH - 40)
            legend["labelLimit"] = round(widest) + 1
        entry = round(widest + 16 + 4 + 10)  # symbol, its gap to the label, the column padding
        width = "width" if has_width else str(NOTEBOOK_MIN_WIDTH)
        legend["columns"] = {"signal": f"max(1, floor(({width} + 10) / {entry}))"}
    return vega


def _fitted(spec: dict, width: int) -> dict:
    """``width`` for the whole chart, long axis labels and legends included (not only its plot)."""
    spec = _fixed_size(spec, width)
    if not any(k in spec for k in ("hconcat", "vconcat", "concat", "facet", "repeat")):
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec


#: an image has no controls: a subtitle that asks the reader to use them says this instead
STATIC_NOTE = "Static image of an interactive chart: its controls work in the web book and in JupyterLab"
CONTROL_WORDS = re.compile(r"\b(slider|sliders|dropdown|button|buttons|move|pick|click|hover)\b", re.I)
#: the same words in the Chinese edition's subtitles (rustbelt/locale/zh.yml)
CONTROL_WORDS_ZH = re.compile(r"滑块|下拉|按钮|移动|选择|点击|点按|悬停")


def _bound_params(node) -> bool:
    if isinstance(node, dict):
        return bool(node.get("bind")) or any(_bound_params(v) for v in node.values())
    if isinstance(node, list):
        return any(_bound_params(v) for v in node)
    return False


def _static_subtitle(spec: dict) -> dict:
    title = spec.get("title")
    if isinstance(title, dict) and _bound_params(spec.get("params", [])) | _bound_params(spec.get("layer", [])):
        subtitle = str(title.get("subtitle", ""))
        if CONTROL_WORDS.search(subtitle) or CONTROL_WORDS_ZH.search(subtitle):
            from .i18n import t

            title["subtitle"] = t(STATIC_NOTE)
    return spec


def _ink_config(spec: dict) -> dict:
    """Every text of the chart in ink (the page's text colour): titles, subtitles, axes and
    legends follow JupyterLab's light or dark theme instead of vega's fixed greys."""
    config = spec.setdefault("config", {})
    title = config.setdefault("title", {})
    title.update(color=INK, subtitleColor=INK)
    for part in ("axis", "legend"):
        config.setdefault(part, {}).update(labelColor=INK, titleColor=INK)
    config["axis"].update(gridColor=INK, gridOpacity=0.15)  # faint on either theme
    return spec


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
    #: for an explorer whose controls pick from a precomputed grid: the whole grid (its CSV)
    grid: pd.DataFrame | None = None
    #: the rows as drawn at the chart's default view, where they are not ``data`` itself (an
    #: explorer that recomputes its rows in the browser): what the web page's Table tab shows
    table: pd.DataFrame | None = None
    #: the fields whose values are in millions of persons, billions of yuan or million tonnes,
    #: drawn in 万人, 亿元 and 万吨 in Chinese (rustbelt.i18n.scale_spec): field -> conversion of
    #: rustbelt.i18n.UNIT_SCALES, or (conversion, {field: value}) for some rows only
    units: dict = field(default_factory=dict)

    @property
    def source_line(self) -> str:
        seen, parts = set(), []
        for p in self.sources:
            if p.name not in seen:
                seen.add(p.name)
                parts.append(p.source_line())
        from .i18n import t

        return " ".join(parts + [t(n) for n in self.notes])

    def spec(self) -> dict:
        """The Vega-Lite spec, its text in the run's language (rustbelt.i18n: titles, axes,
        legends, tooltips, control labels; English unless ``RUSTBELT_LANG=zh``)."""
        from .i18n import scale_spec, translate_spec

        return scale_spec(translate_spec(self.chart.to_dict()), self.units)

    def shown(self, rows: pd.DataFrame) -> pd.DataFrame:
        """``rows`` of this chart's data with its numbers in the units the chart draws (Chinese
        units in a Chinese run): what the Table tab shows. The CSV keeps the data's own."""
        from .i18n import scale_rows

        return scale_rows(rows, self.units)

    def csv(self) -> str:
        return self.data.to_csv(index=False)

    def to_svg(self) -> str:
        """A static SVG on a white card (no live front end: batch runs, reports, the PDF).

        Its ink (currentColor) is black: an SVG shown as an image inherits no text colour,
        so the white background keeps it readable on a dark notebook theme too.
        """
        import vl_convert as vlc

        spec = _fitted(self.spec(), SVG_WIDTH)  # vl-convert has no container to measure
        _static_subtitle(spec)
        spec["background"] = "white"
        spec["padding"] = 12
        return vlc.vegalite_to_svg(spec)

    def to_vega(self) -> dict:
        """The chart compiled to Vega for JupyterLab's renderer (see ``notebook`` mode)."""
        import vl_convert as vlc

        spec = self.spec()
        if any(k in spec for k in ("hconcat", "vconcat", "concat", "facet", "repeat")):
            return vlc.vegalite_to_vega(_ink_config(_fitted(spec, NOTEBOOK_WIDTH)))
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}  # the whole chart, labels and legend included
        title = spec.get("title")
        if isinstance(title, dict):
            from .web_figure import _wrap

            for key, size in (("text", 16), ("subtitle", 12)):  # as the web book wraps them (text width estimate)
                if isinstance(title.get(key), str):
                    title[key] = _wrap(title[key], int(NOTEBOOK_MIN_WIDTH / (size * CHAR_WIDTH)))
        return _wrapping_legends(_window_sized(vlc.vegalite_to_vega(_ink_config(spec))))

    def to_html(self) -> str:
        """The web book's HTML: static SVG, compiled spec and the chart's panel (rustbelt.web_figure)."""
        from .web_figure import book_html

        return book_html(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = f"{t(self.title)}\n{self.description}\n{self.source_line}"
        mode = output_mode()
        if mode == "book":
            return {"text/html": self.to_html(), "text/plain": text}
        if mode == "notebook":
            return {VEGA_MIME: self.to_vega(), "text/plain": text}, {VEGA_MIME: {"embed_options": EMBED_OPTIONS}}
        return {"image/svg+xml": self.to_svg(), "text/plain": text}

    def _ipython_display_(self):
        """In a notebook the source line follows the chart (the book's HTML carries its own)."""
        from IPython.display import Markdown, display

        bundle = self._repr_mimebundle_()
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        display(data, metadata=metadata, raw=True)
        if output_mode() != "book":
            display(Markdown(self.source_line))


def figure(chart: alt.Chart, *, name: str, title: str, subtitle: str, description: str,
           data: pd.DataFrame, sources: list[pd.DataFrame], notes: list[str] | None = None,
           grid: pd.DataFrame | None = None, table: pd.DataFrame | None = None,
           units: dict | None = None) -> Figure:
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
                  sources=provs, data=data.reset_index(drop=True), notes=list(notes or []),
                  grid=None if grid is None else grid.reset_index(drop=True),
                  table=None if table is None else table.reset_index(drop=True), units=dict(units or {}))


def _color(domain: list[str], title: str | None = None) -> alt.Color:
    """The regions' colours, chosen by their English names; the domain in the run's language."""
    rng = [REGION_COLORS.get(d, PALETTE[i % len(PALETTE)]) for i, d in enumerate(domain)]
    return alt.Color("region:N", title=title, scale=alt.Scale(domain=tl(domain), range=rng))


# --------------------------------------------------------------------------
# Chapter 1 — the Northeast's challenges
# --------------------------------------------------------------------------

VINTAGE_LABELS = {"current": "Current (after 2024 census revision)", "v4": "V4 (after 2019 revision)",
                  "old": "Old (provincial accounts, pre-2019)"}


def gdp_share_chart(shares: pd.DataFrame, sources: list[pd.DataFrame], provinces_label: str) -> Figure:
    """The Northeast's share of China's GDP in each NBS vintage; a dropdown picks the vintage.

    ``shares``: columns year, vintage, share_pct (from ``regional.gdp_share_all_vintages``).
    """
    from .i18n import english_places

    provinces_label = english_places(provinces_label)  # chart text is English, translated whole (translate_spec)
    data = shares[["year", "vintage", "share_pct"]].copy()
    data["vintage_label"] = tl(data["vintage"].map(VINTAGE_LABELS))
    # the legend and the picker list only the vintages drawn (the live explorer draws one)
    drawn = [v for v in ("current", "v4", "old") if v in set(data["vintage"])]
    order = tl([VINTAGE_LABELS[v] for v in drawn])
    colours = [PALETTE[("current", "v4", "old").index(v)] for v in drawn]
    chart = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("share_pct:Q", title="Share of China's GDP (%)", scale=alt.Scale(zero=False)),
            color=alt.Color("vintage_label:N", title="NBS vintage", sort=order,
                            scale=alt.Scale(domain=order, range=colours)),
            strokeDash=alt.StrokeDash("vintage_label:N", sort=order, legend=None),
            tooltip=[alt.Tooltip("year:Q", format="d"), "vintage_label:N",
                     alt.Tooltip("share_pct:Q", title="share (%)", format=".2f")],
        )
    )
    if len(drawn) > 1:
        pick = alt.param(
            name="vintage_pick", value="all",
            bind=alt.binding_select(options=["all", *drawn],
                                    labels=["All three vintages" if len(drawn) == 3 else "All vintages",
                                            *[{"current": "Current", "v4": "V4", "old": "Old"}[v] for v in drawn]],
                                    name="Show vintage: "),
        )
        chart = chart.add_params(pick).transform_filter("vintage_pick == 'all' || datum.vintage == vintage_pick")
    return figure(
        chart, name="fig-gdp-share", title=f"{provinces_label}: share of China's GDP",
        subtitle="Percent of national GDP (or of the 31-province sum) in the same NBS vintage",
        description=tf("Line chart of {region}'s share of China's GDP by year, one line per NBS statistical vintage. "
                       "Every vintage shows the share falling since the late 1990s.", region=name(provinces_label)),
        data=data, sources=sources,
    )


def growth_chart(growth: pd.DataFrame, sources: list[pd.DataFrame]) -> Figure:
    """Annual real growth or cumulative real GDP (index), per province and China.

    ``growth``: columns region, year, growth_pct, index_2000 (start year = 100).
    A radio button switches the measure in the browser.
    """
    long = growth.melt(id_vars=["region", "year"], value_vars=["growth_pct", "index_start"],
                       var_name="measure", value_name="value")
    long["region"] = tl(long["region"])
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
        description=t("Line chart of annual real GDP growth of the selected Northeastern provinces and of "
                      "China; a radio button switches to cumulative real GDP indexed to the first year. "
                      "The provinces grow roughly with China until about 2013, then fall well below it."),
        data=long, sources=sources,
    )


def census_chart(census: pd.DataFrame, sources: list[pd.DataFrame]) -> Figure:
    """Census population 2010 and 2020 per province (millions), grouped bars."""
    data = census.assign(population_millions=census["value"] / 1e6, census=census["year"].astype(str))
    data = data[["region", "census", "population_millions"]]
    data["region"] = tl(data["region"])
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("region:N", title=None, sort=tl(["Liaoning", "Jilin", "Heilongjiang"])),
            xOffset=alt.XOffset("census:N"),
            y=alt.Y("population_millions:Q", title="Population (millions)"),
            color=alt.Color("census:N", title="Census", scale=alt.Scale(range=[PALETTE[1], PALETTE[0]])),
            tooltip=["region:N", "census:N", alt.Tooltip("population_millions:Q", format=".2f")],
        )
    )
    return figure(
        chart, name="fig-census", title="Population at the 2010 and 2020 censuses",
        subtitle="Resident population, millions (census day, 1 November)",
        description=t("Grouped bar chart of each Northeastern province's population at the 2010 and 2020 "
                      "censuses; every province is smaller in 2020, Heilongjiang most of all."),
        data=data, sources=sources, units={"population_millions": "million-to-wan"},
    )


def vintage_revision_chart(gdp: pd.DataFrame, sources: list[pd.DataFrame], default_region: str) -> Figure:
    """One province's nominal GDP in each NBS vintage; a dropdown picks the province."""
    data = gdp[["region", "year", "vintage", "value"]].copy()
    data["vintage_label"] = tl(data["vintage"].map(VINTAGE_LABELS))
    data["gdp_rmb_bn"] = data["value"] / 10  # RMB 100 million -> RMB billion
    regions = [r for r in ["Liaoning", "Jilin", "Heilongjiang"] if r in set(data["region"])]
    data["region"] = tl(data["region"])  # the dropdown's options are the province's names: both translated
    pick = alt.param(name="region_pick", value=tl(default_region),
                     bind=alt.binding_select(options=tl(regions), name="Province: "))
    order = tl([VINTAGE_LABELS[v] for v in ("current", "v4", "old")])
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
        description=t("Line chart of a Northeastern province's nominal GDP as published in three NBS "
                      "vintages, with a dropdown to pick the province. The old provincial figures lie far "
                      "above the revised ones from about 2010, most of all for Liaoning in 2011–2014."),
        data=data[["region", "year", "vintage", "gdp_rmb_bn"]], sources=sources, units={"gdp_rmb_bn": "billion-to-yi"},
    )


def us_rustbelt_chart(cities: pd.DataFrame, sources: list[pd.DataFrame]) -> Figure:
    """US Rust Belt city populations indexed to 1950 = 100; legend click highlights a city."""
    data = cities.copy()
    base = data[data["year"] == 1950].set_index("region")["value"]
    data["index_1950"] = data["value"] / data["region"].map(base) * 100
    data = data.rename(columns={"value": "population"})[["region", "year", "population", "index_1950"]]
    data["region"] = tl(data["region"])
    last = data[data["year"] == data["year"].max()]["index_1950"]
    sel = alt.selection_point(fields=["region"], bind="legend")
    chart = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("index_1950:Q", title="Population, 1950 = 100"),
            # the English order of the cities (alphabetical) in either language: same colour, same legend
            color=alt.Color("region:N", title="City (click to highlight)", scale=alt.Scale(domain=tl(sorted(base.index)))),
            opacity=alt.condition(sel, alt.value(1), alt.value(0.15)),
            tooltip=["region:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("population:Q", format=",")],
        )
        .add_params(sel)
    )
    return figure(
        chart, name="fig-us-cities", title="The US Rust Belt: cities that lost half their people",
        subtitle="City population at each decennial census, 1950 = 100",
        description=tf("Line chart of the populations of {cities} from 1950 to {last_year}, indexed to 1950; by "
                       "{last_year} they stand at {low:.0f} to {high:.0f} percent of their 1950 size.",
                       cities=join(sorted(base.index)), last_year=int(data["year"].max()), low=last.min(),
                       high=last.max()),
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
        description=tf("Line chart of US manufacturing employment from {first_year} to {last_year_shown}: a peak of "
                       "{peak:.1f} million in {peak_year}, {last:.1f} million in {last_year}.",
                       first_year=int(data["year"].min()), last_year_shown=int(data["year"].max()),
                       peak=peak["employment_millions"], peak_year=int(peak["year"]),
                       last=last["employment_millions"], last_year=int(last["year"])),
        data=data, sources=sources, units={"employment_millions": "million-to-wan"},
    )


# --------------------------------------------------------------------------
# Chapter 2 — transitional pain: capacity cuts, layoffs, absorption
# --------------------------------------------------------------------------

SECTOR_LABELS = {"steel": "Steel", "coal": "Coal", "several": "Several sectors", "steel_and_coal": "Steel and coal"}
SECTOR_COLORS = {"Steel": PALETTE[0], "Coal": PALETTE[1], "Several sectors": PALETTE[4], "Steel and coal": PALETTE[2]}


def _sector_color(labels: list[str], title: str = "Sector") -> alt.Color:
    """The sectors' colours, chosen by their English labels (``labels``); the domain in the run's language."""
    domain = [lab for lab in SECTOR_COLORS if lab in set(labels)]
    return alt.Color("sector_label:N", title=title,
                     scale=alt.Scale(domain=tl(domain), range=[SECTOR_COLORS[d] for d in domain]))


def _mn(persons: float) -> str:
    return tf("{millions:.2f} million", millions=persons / 1e6)


def capacity_cuts_chart(cuts: pd.DataFrame, sources: list[pd.DataFrame], default_sector: str = "coal",
                        name: str = "fig-cuts", title: str = "Capacity cuts: annual targets and what was reported cut"
                        ) -> Figure:
    """Annual capacity-cut targets against reported cuts (Mt) per year; a dropdown picks the sector.
    The one chart of the cuts: Chapter 2 and Chapter 3's hindsight both use it (with their own
    figure name and title).

    ``cuts``: columns sector, year, kind, kind_label, cut_mt (``model.capacity_cuts_table()``).
    """
    data = cuts[["sector", "year", "kind", "kind_label", "cut_mt"]].copy()
    data["year_label"] = data["year"].astype(str)
    order = tl(["annual target", "reported cut", "implied by the 2016–2018 total"])
    # drawn: the labels in the run's language; the dropdown filters on the sector, translated alike
    shown = data.assign(sector=tl(data["sector"]), kind_label=tl(data["kind_label"]))
    pick = alt.param(name="cuts_sector", value=tl(default_sector),
                     bind=alt.binding_select(options=tl(["steel", "coal"]), labels=["Steel", "Coal"], name="Sector: "))
    chart = (
        alt.Chart(shown)
        .mark_bar()
        .encode(
            x=alt.X("year_label:N", title=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("kind_label:N", sort=order),
            y=alt.Y("cut_mt:Q", title="Capacity cut (Mt a year)"),
            color=alt.Color("kind_label:N", title=None, sort=order, legend=alt.Legend(labelLimit=320),
                            scale=alt.Scale(domain=order, range=[PALETTE[1], PALETTE[0], PALETTE[2]])),
            tooltip=["sector:N", "year_label:N", "kind_label:N", alt.Tooltip("cut_mt:Q", title="Mt", format=",.0f")],
        )
        .add_params(pick)
        .transform_filter("datum.sector == cuts_sector")
    )
    over = []
    for s in ("steel", "coal"):
        d = data[data["sector"] == s]
        tgt = d[d["kind"] == "target"].set_index("year")["cut_mt"]
        done = d[d["kind"] == "achieved"].set_index("year")["cut_mt"]
        beat = [int(y) for y in done.index if y in tgt.index and done[y] > tgt[y]]
        over.append(tf(f"{s} cuts exceeded the annual target in {{years}}",
                       years=join(map(str, beat)) or t("no year")))
    return figure(
        chart, name=name, title=title,
        subtitle="Mt of annual capacity; 2018 cut implied by the reported 2016–2018 total",
        description=tf("Grouped bar chart of annual capacity-cut targets and reported cuts for 2016–2018, with a "
                       "dropdown for steel or coal; {sectors}.", sectors=join(over, "; ", translate=False)),
        data=shown, sources=sources, units={"cut_mt": "million-to-wan"},
    )


def overcapacity_estimates_chart(estimates: pd.DataFrame, sources: list[pd.DataFrame]) -> Figure:
    """Published estimates of China's steel overcapacity (Mt) beside the model's capacity − output."""
    data = estimates[["estimate", "overcapacity_mt", "kind"]].copy()
    shown = data.assign(estimate=tl(data["estimate"]), kind=tl(data["kind"]))
    order = shown.sort_values("overcapacity_mt")["estimate"].tolist()
    chart = (
        alt.Chart(shown)
        .mark_bar()
        .encode(
            y=alt.Y("estimate:N", title=None, sort=order),
            x=alt.X("overcapacity_mt:Q", title="Steel overcapacity (Mt a year)"),
            color=alt.Color("kind:N", title=None, scale=alt.Scale(domain=tl(["published estimate", "this model"]),
                                                                   range=[PALETTE[0], PALETTE[3]])),
            tooltip=["estimate:N", alt.Tooltip("overcapacity_mt:Q", title="Mt", format=",.0f")],
        )
    )
    pub = data[data["kind"] == "published estimate"]["overcapacity_mt"]
    mine = float(data[data["kind"] == "this model"]["overcapacity_mt"].iloc[0])
    return figure(
        chart, name="fig-overcapacity", title="How much steel capacity was surplus?",
        subtitle="Published estimates of China's steel overcapacity around 2015–2016, and this book's",
        description=tf("Horizontal bar chart of {n} published estimates of China's steel overcapacity, from "
                       "{low:.0f} to {high:.0f} Mt a year, beside this book's capacity minus output in 2015, "
                       "{mine:.0f} Mt.", n=len(pub), low=pub.min(), high=pub.max(), mine=mine),
        data=shown, sources=sources, units={"overcapacity_mt": "million-to-wan"},
    )


def workers_per_mt_chart(table: pd.DataFrame, sources: list[pd.DataFrame]) -> Figure:
    """Workers per Mt by sector, each bar labelled for what it is (``model.WPM_KINDS``): the
    calibration, a figure from the same data, an independent check, or the official ratio
    (per Mt of capacity closed, another basis)."""
    from .model import WPM_KINDS

    data = table[["sector", "measure", "workers_per_mt", "basis", "kind"]].copy()
    colon = "：" if lang() == "zh" else ": "
    data["label"] = tl(data["sector"].map(SECTOR_LABELS)) + colon + tl(data["measure"])
    data["kind_label"] = tl(data["kind"].map(WPM_KINDS))
    data["basis"] = tl(data["basis"])
    # short legend labels that fit a phone; the tooltip carries the full description
    short = {"calibration": "calibration", "same data": "same data", "independent check": "independent",
             "per capacity closed": "per Mt closed"}
    data["kind_short"] = tl(data["kind"].map(short))
    kinds = tl([short[k] for k in WPM_KINDS])
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=data["label"].tolist(), axis=alt.Axis(labelLimit=RESPONSIVE_LABEL_LIMIT)),
            x=alt.X("workers_per_mt:Q", title="Workers per Mt"),
            color=alt.Color("kind_short:N", title=None, sort=kinds,
                            scale=alt.Scale(domain=kinds, range=[PALETTE[3], PALETTE[6], PALETTE[0], PALETTE[4]])),
            tooltip=["label:N", "kind_label:N", "basis:N",
                     alt.Tooltip("workers_per_mt:Q", title="workers per Mt", format=",.0f")],
        )
    )
    cal = data[data["kind"] == "calibration"].set_index("sector")["workers_per_mt"]
    off = data[(data["kind"] == "per capacity closed")].groupby("sector")["workers_per_mt"].min()
    indep = data[data["kind"] == "independent check"].groupby("sector")["workers_per_mt"].agg(["min", "max"])
    return figure(
        chart, name="fig-workers-per-mt", title="From tonnes to workers",
        subtitle="Per Mt of output; the official ratios per Mt of capacity closed",
        description=tf("Horizontal bar chart of workers per million tonnes. Calibrated per Mt of output: steel "
                       "{cal_steel:,.0f}, coal {cal_coal:,.0f}. Independent checks per Mt of output: steel "
                       "{check_steel:,.0f}, coal {check_coal_low:,.0f} to {check_coal_high:,.0f}. The official figure "
                       "implies at least {official_steel:,.0f} per Mt of steel capacity closed and "
                       "{official_coal:,.0f} for coal.",
                       cal_steel=cal["steel"], cal_coal=cal["coal"], check_steel=indep.loc["steel", "min"],
                       check_coal_low=indep.loc["coal", "min"], check_coal_high=indep.loc["coal", "max"],
                       official_steel=off["steel"], official_coal=off["coal"]),
        data=data, sources=sources,
    )


def layoff_estimates_chart(table: pd.DataFrame, sources: list[pd.DataFrame], article_persons: float) -> Figure:
    """Layoff estimates by source, stacked by sector (millions), with the article's figure as a rule."""
    data = table[["estimate", "sector", "persons", "kind"]].copy()
    data["sector_label"] = data["sector"].map(SECTOR_LABELS)
    data["millions"] = data["persons"] / 1e6
    sector_labels = data["sector_label"].tolist()
    data = data.assign(estimate=tl(data["estimate"]), sector_label=tl(data["sector_label"]), kind=tl(data["kind"]))
    order = list(dict.fromkeys(data["estimate"]))
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("estimate:N", title=None, sort=order, axis=alt.Axis(labelLimit=RESPONSIVE_LABEL_LIMIT)),
            x=alt.X("sum(millions):Q", title="Workers (millions)"),
            color=_sector_color(sector_labels),
            order=alt.Order("stack_rank:Q"),
            tooltip=["estimate:N", "sector_label:N", "kind:N", alt.Tooltip("millions:Q", format=".2f")],
        )
        # the sectors stack in their English alphabetical order in either language
        .transform_calculate(stack_rank=f"indexof({json.dumps(tl(sorted(set(sector_labels))), ensure_ascii=False)}, "
                                        "datum.sector_label)")
    )
    ref = pd.DataFrame([{"millions": article_persons / 1e6, "label": tl("the article: up to 3 million")}])
    rule = alt.Chart(ref).mark_rule(color=PALETTE[3], strokeDash=[6, 3], strokeWidth=2).encode(
        x="millions:Q", tooltip=[alt.Tooltip("label:N", title="reference")])
    chart = alt.layer(bars, rule)
    totals = data.groupby("estimate", sort=False)["persons"].sum()
    return figure(
        chart, name="fig-layoff-estimates", title="Why the layoff estimates differ",
        subtitle="Layoff estimates for the cuts, by source and sector; dashed line: the article's figure",
        description=tf("Horizontal stacked bar chart of layoff estimates by source and sector: this book's model at "
                       "the chapter's parameters {model}, at 30% of capacity {model_30}, the official figure "
                       "{official}, unofficial estimates and the {resettled} workers resettled in 2016; a dashed line "
                       "marks the article's {article}.",
                       model=_mn(totals.iloc[0]), model_30=_mn(totals.iloc[1]), official=_mn(totals.iloc[2]),
                       resettled=_mn(totals.iloc[-1]), article=_mn(article_persons)),
        data=data, sources=sources, units={"millions": "million-to-wan"},
    )


def absorption_chart(table: pd.DataFrame, sources: list[pd.DataFrame]) -> Figure:
    """New urban jobs per year (millions) against one scenario's yearly layoffs; hover for the ratio."""
    data = table[["year", "new_jobs_millions", "jobs_status", "layoffs_millions", "ratio_pct"]].copy()
    long = data.melt(id_vars=["year", "jobs_status", "ratio_pct"], value_vars=["new_jobs_millions", "layoffs_millions"],
                     var_name="measure", value_name="millions")
    jobs_series = "new urban jobs (" + long["jobs_status"] + ")"
    long["series"] = jobs_series.where(long["measure"] == "new_jobs_millions", "layoffs (this scenario)")
    long = long[(long["measure"] == "new_jobs_millions") | (long["millions"] > 0)]
    domain = list(dict.fromkeys(sorted(long["series"], key=lambda s: (s.startswith("layoffs"), "carried" in s))))
    colors = [PALETTE[3] if s.startswith("layoffs") else (PALETTE[6] if "carried" in s else PALETTE[0]) for s in domain]
    if lang() != "en":  # the series' names in the run's language: 'carried forward from {year}' is a template
        def series_name(s: str) -> str:
            carried = re.fullmatch(r"new urban jobs \(carried forward from (\d+)\)", s)
            return tf("new urban jobs (carried forward from {year})", year=carried.group(1)) if carried else t(s)

        long = long.assign(series=long["series"].map(series_name))
        domain = [series_name(s) for s in domain]
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None),
            xOffset=alt.XOffset("measure:N"),
            y=alt.Y("millions:Q", title="Millions of workers or jobs"),
            color=alt.Color("series:N", title=None, scale=alt.Scale(domain=domain, range=colors)),
            tooltip=[alt.Tooltip("year:O"), "series:N", alt.Tooltip("millions:Q", format=".2f"),
                     alt.Tooltip("ratio_pct:Q", title="layoffs ÷ new jobs (%)", format=".1f")],
        )
    )
    phase = data[data["layoffs_millions"] > 0]
    if len(phase):
        peak = phase.loc[phase["ratio_pct"].idxmax()]
        tail = tf(" Layoffs fall in {first}–{last}, at most {ratio:.1f}% of the year's new urban jobs ({year}).",
                  first=int(phase["year"].min()), last=int(phase["year"].max()), ratio=peak["ratio_pct"],
                  year=int(peak["year"]))
    else:
        tail = t(" With these parameters nobody is laid off.")
    return figure(
        chart, name="fig-absorption", title="Layoffs against the new urban jobs of each year",
        subtitle="Millions; new jobs observed to the last year of data, then carried forward (labelled)",
        description=tf("Bar chart of China's new urban jobs each year from {first} to {last}, between {low:.1f} and "
                       "{high:.1f} million, beside this scenario's yearly layoffs.",
                       first=int(data["year"].min()), last=int(data["year"].max()),
                       low=data["new_jobs_millions"].min(), high=data["new_jobs_millions"].max()) + tail,
        data=long, sources=sources, units={"millions": "million-to-wan"},
    )


def layoffs_explorer_chart(rows: pd.DataFrame, sources: list[pd.DataFrame], *, cut_share: float, cut_basis: str,
                           workers_per_mt_steel: float, workers_per_mt_coal: float, northeast_share: float,
                           sectors: list[str], official_persons: float, article_persons: float,
                           operating_share: float) -> Figure:
    """The static scenario explorer: sliders and buttons recompute the layoffs in the browser.

    ``rows``: one row per modelled sector with overcapacity_mt, capacity_mt, output_mt
    (``model.explorer_rows()``). The calculate transforms are the model's equations:
    cut = cut_share × base; output removed = cut (a cut of output) or operating_share × cut
    (a cut of capacity); layoffs = output removed × workers per Mt; Northeast = share × total.
    Every slider's range comes from the parameter table (``parameters.control_range``).
    """
    from .parameters import control_range

    rng = {n: control_range("transitional_pain", n) for n in
           ("cut_share", "workers_per_mt_steel", "workers_per_mt_coal", "northeast_share", "operating_share")}
    data = rows[["sector", "overcapacity_mt", "capacity_mt", "output_mt"]].copy()
    data["sector_label"] = data["sector"].map(SECTOR_LABELS)
    sector_labels = data["sector_label"].tolist()
    data["sector_label"] = tl(data["sector_label"])
    params = [
        alt.param(name="cut_share", value=cut_share,
                  bind=alt.binding_range(min=rng["cut_share"][0], max=rng["cut_share"][1], step=0.01,
                                         name="Cut share: ")),
        alt.param(name="cut_basis", value=cut_basis,
                  bind=alt.binding_radio(options=["overcapacity", "capacity", "output"],
                                         labels=["of overcapacity", "of capacity", "of output"], name="Cut: ")),
        # whole workers per Mt: the sliders start at the chapter's ratios rounded to the nearest worker
        alt.param(name="workers_per_mt_steel", value=round(workers_per_mt_steel),
                  bind=alt.binding_range(min=rng["workers_per_mt_steel"][0], max=rng["workers_per_mt_steel"][1], step=1,
                                         name="Steel workers per Mt of output: ")),
        alt.param(name="workers_per_mt_coal", value=round(workers_per_mt_coal),
                  bind=alt.binding_range(min=rng["workers_per_mt_coal"][0], max=rng["workers_per_mt_coal"][1], step=1,
                                         name="Coal workers per Mt of output: ")),
        alt.param(name="northeast_share", value=northeast_share,
                  bind=alt.binding_range(min=rng["northeast_share"][0], max=rng["northeast_share"][1], step=0.001,
                                         name="Northeast share: ")),
        alt.param(name="operating_share", value=operating_share,
                  bind=alt.binding_range(min=rng["operating_share"][0], max=rng["operating_share"][1], step=0.01,
                                         name="Share of closed capacity producing: ")),
        alt.param(name="include_steel", value="steel" in sectors, bind=alt.binding_checkbox(name="Cut steel ")),
        alt.param(name="include_coal", value="coal" in sectors, bind=alt.binding_checkbox(name="Cut coal ")),
    ]
    area_order = tl(["China", "of which the Northeast"])
    base = (
        alt.Chart(data)
        .transform_calculate(
            base_mt=("cut_basis === 'capacity' ? datum.capacity_mt : "
                     "(cut_basis === 'output' ? datum.output_mt : datum.overcapacity_mt)"),
            selected="datum.sector === 'steel' ? include_steel : include_coal",
            workers_per_mt="datum.sector === 'steel' ? workers_per_mt_steel : workers_per_mt_coal",
            cut_mt="datum.selected ? cut_share * datum.base_mt : 0",
            # from the cut's own terms, not from cut_mt: cut_mt is only shown (in 万吨 in Chinese)
            output_removed_mt=("(datum.selected ? cut_share * datum.base_mt : 0) * "
                               "(cut_basis === 'output' ? 1 : operating_share)"),
            layoffs_persons="datum.output_removed_mt * datum.workers_per_mt",
        )
        .transform_joinaggregate(total_persons="sum(layoffs_persons)")
        .transform_calculate(
            northeast_total_persons="northeast_share * datum.total_persons",
            northeast_persons="northeast_share * datum.layoffs_persons",
        )
        .transform_fold(["layoffs_persons", "northeast_persons"], as_=["measure", "persons"])
        .transform_calculate(
            area=f"datum.measure === 'layoffs_persons' ? '{area_order[0]}' : '{area_order[1]}'",
            millions="datum.persons / 1000000",
        )
    )
    bars = base.mark_bar().encode(
        y=alt.Y("area:N", title=None, sort=area_order),
        x=alt.X("sum(millions):Q", title="Workers laid off (millions)", scale=alt.Scale(domain=[0, 4], clamp=False)),
        color=_sector_color(sector_labels),
        tooltip=["area:N", "sector_label:N", alt.Tooltip("millions:Q", format=".3f"),
                 alt.Tooltip("cut_mt:Q", title="cut (Mt)", format=",.0f"),
                 alt.Tooltip("workers_per_mt:Q", title="workers per Mt", format=",.0f")],
    )
    labels = base.mark_text(align="left", dx=4).encode(
        y=alt.Y("area:N", sort=area_order),
        x=alt.X("sum(millions):Q"),
        text=alt.Text("sum(millions):Q", format=".2f"),
    )
    ref = pd.DataFrame([{"millions": official_persons / 1e6, "label": tl("official")},
                        {"millions": article_persons / 1e6, "label": tl("the article")}])
    rules = alt.Chart(ref).mark_rule(color=INK, strokeDash=[6, 3]).encode(x="millions:Q",
                                                                             tooltip=["label:N", "millions:Q"])
    rule_text = alt.Chart(ref).mark_text(align="left", dx=3, dy=-6, baseline="bottom", color=INK).encode(
        x="millions:Q", y=alt.value(0), text="label:N")
    chart = alt.layer(bars, labels, rules, rule_text).add_params(*params)
    drawn = explorer_drawn_rows(data, cut_share=cut_share, cut_basis=cut_basis, sectors=sectors,
                                workers_per_mt={"steel": round(workers_per_mt_steel), "coal": round(workers_per_mt_coal)},
                                northeast_share=northeast_share, operating_share=operating_share)
    return figure(
        chart, name="fig-explorer", title="Scenario explorer: how many workers lose their jobs?",
        subtitle="Move the sliders: the layoffs are recomputed in your browser with the model's equations",
        description=tf("Interactive horizontal bar chart of the layoffs in China and in the Northeast, stacked by "
                       "sector, with sliders for the cut share, workers per Mt of output of steel and of coal, the "
                       "Northeast's share and the share of the closed capacity that was producing, buttons for what "
                       "the cut is a share of, and checkboxes for the sectors. Dashed lines mark the official "
                       "{official} and the article's {article}. It starts at a cut of {cut_share:.0%} of {cut_basis}.",
                       official=_mn(official_persons), article=_mn(article_persons), cut_share=cut_share,
                       cut_basis=t(cut_basis)),
        # the CSV: the rows as first drawn, beside the inputs the browser recomputes them from
        data=data.merge(drawn, on=["sector", "sector_label"]), table=drawn[EXPLORER_TABLE_COLUMNS], sources=sources,
        units={"millions": "million-to-wan", "cut_mt": "million-to-wan"},
    )


#: the columns of the explorer's Table: the layoffs as drawn, per area and sector
EXPLORER_TABLE_COLUMNS = ["area", "sector_label", "cut_mt", "workers_per_mt", "millions"]


def explorer_drawn_rows(rows: pd.DataFrame, *, cut_share: float, cut_basis: str, sectors, workers_per_mt: dict,
                        northeast_share: float, operating_share: float) -> pd.DataFrame:
    """The explorer's rows as drawn for one setting of its controls, computed with the model's
    functions (``rustbelt.model``): one row per area (China, of which the Northeast) and sector,
    in the order the browser's transforms produce them."""
    from . import model

    out = []
    for rec in rows.itertuples(index=False):
        cut = float(model.cut_mt(rec.sector, cut_share, cut_basis)) if rec.sector in sectors else 0.0
        persons = float(model.layoffs_persons(model.output_removed_mt(cut, operating_share, cut_basis),
                                              workers_per_mt[rec.sector]))
        for area, p in (("China", persons), ("of which the Northeast", northeast_share * persons)):
            out.append({"sector": rec.sector, "area": area, "sector_label": SECTOR_LABELS[rec.sector], "cut_mt": cut,
                        "workers_per_mt": workers_per_mt[rec.sector], "millions": p / 1e6})
    return pd.DataFrame(out)
