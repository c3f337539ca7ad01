"""Live explorers for notebook readers with a running kernel (ipywidgets).

On the published web page a widget cannot run Python, so the chapters hide
these cells' output there and show the static twin (an Altair chart whose
controls run in the browser) instead.

A notebook executed in batch (papermill, the scenario runner, the book build: see
:func:`rustbelt.run.execute_chapter` and the Makefile) sets ``RUSTBELT_LIVE_WIDGETS=off``:
nobody can move a control there, and under parallel load a cell that opens widget
comms sometimes never gets its execute reply, stalling the run until the cell timeout.
Every explorer is wrapped in :func:`live_explorer`, which then returns a short note
instead of starting the widgets.

Explorers display their charts as Figures: in a reader's JupyterLab that is the live Vega
chart (tooltips, the theme's colours; see :func:`rustbelt.charts.output_mode`).
"""
from __future__ import annotations

import functools
import os

import ipywidgets as w
from IPython.display import Markdown, display

from . import charts, data, regional

LIVE_ENV = "RUSTBELT_LIVE_WIDGETS"


def _options(values, labels=None) -> list:
    """A control's options: the values themselves in English (as they always were); in Chinese
    (label, value) pairs, the label the value's Chinese (or that of ``labels[value]``)."""
    from .i18n import lang, t

    values = list(values)
    if lang() == "en":
        return values
    return [(t((labels or {}).get(v, v)), v) for v in values]


def live() -> bool:
    """Whether explorers start their widgets (off when a notebook is executed in batch)."""
    value = os.environ.get(LIVE_ENV, "on")
    if value not in ("on", "off"):
        raise ValueError(f"{LIVE_ENV}={value!r}: allowed values are 'on' and 'off'")
    return value == "on"


def live_explorer(make):
    """Decorator for every explorer: in a batch run, a note replaces the widgets."""
    @functools.wraps(make)
    def explorer(*args, **kwargs):
        if not live():
            return Markdown(f"*The live explorer (`{make.__name__}`) is not started in a batch run "
                            "(papermill, scenario runner, book build). Open this notebook in Jupyter to use it.*")
        return make(*args, **kwargs)
    return explorer


@live_explorer
def gdp_share_explorer(provinces=regional.PROVINCES, vintage: str = "current") -> w.VBox:
    """Pick provinces, a GDP vintage and a year range; the share chart and its numbers redraw."""
    pick = w.SelectMultiple(options=_options(regional.PROVINCES), value=tuple(provinces),
                            description="Provinces", rows=3)
    vint = w.Dropdown(options=_options(regional.VINTAGES, charts.VINTAGE_LABELS), value=vintage, description="Vintage")
    lo, hi = regional.vintage_years(vintage)
    # the slider's own readout is a fixed-width box that clips "2006 – 2024": the range is
    # shown in a label beside it instead
    years = w.IntRangeSlider(value=(lo, hi), min=lo, max=hi, description="Years", continuous_update=False,
                             readout=False, layout=w.Layout(width="24rem"))
    readout = w.Label(f"{lo} – {hi}")
    out = w.Output()

    def new_vintage(change):
        """Another vintage covers other years: show all of them (the old one starts in 1993)."""
        lo, hi = regional.vintage_years(change["new"])
        with years.hold_trait_notifications():
            years.min, years.max = min(lo, years.min), max(hi, years.max)
            years.value = (lo, hi)
            years.min, years.max = lo, hi

    def redraw(*_):
        v = vint.value
        readout.value = f"{years.value[0]} – {years.value[1]}"
        chosen = list(pick.value) or list(regional.PROVINCES)
        share = regional.gdp_share(v, chosen)
        share = share[share["year"].between(*years.value)]
        fig = charts.gdp_share_chart(share, [data.load("provincial_gdp"), data.load("china_gdp")],
                                     " + ".join(chosen))
        out.clear_output(wait=True)
        with out:
            first, last = share.iloc[0], share.iloc[-1]
            print(f"{' + '.join(chosen)}: {first.share_pct:.2f}% of China's GDP in {int(first.year)}, "
                  f"{last.share_pct:.2f}% in {int(last.year)} ({v} vintage)")
            display(fig)

    vint.observe(new_vintage, names="value")
    for control in (pick, vint, years):
        control.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([pick, vint]), w.HBox([years, readout]), out])


@live_explorer
def layoffs_explorer(cut_share: float = 0.3, sectors=("steel", "coal"), phase_years: int = 3,
                     northeast_share: float | None = None, cut_basis: str = "overcapacity",
                     workers_per_mt_steel: float | None = None, workers_per_mt_coal: float | None = None,
                     operating_share: float | None = None) -> w.VBox:
    """Chapter 2's layoff model, live: every control re-runs ``rustbelt.model.scenario`` and
    redraws the layoff-estimates and absorption charts with the numbers beside them."""
    from . import model
    from .i18n import t
    from .parameters import control_range, defaults

    base = model.baselines()
    d = defaults("transitional_pain")
    northeast_share = d["northeast_share"] if northeast_share is None else northeast_share
    operating_share = d["operating_share"] if operating_share is None else operating_share
    rng = lambda name: control_range("transitional_pain", name)  # noqa: E731
    style = {"description_width": "12rem"}
    layout = w.Layout(width="32rem")
    cut = w.FloatSlider(value=cut_share, min=rng("cut_share")[0], max=rng("cut_share")[1], step=0.01,
                        description="Cut share", style=style, layout=layout, continuous_update=False)
    basis = w.Dropdown(options=[(t(label), value) for label, value in (("of overcapacity", "overcapacity"),
                                ("of capacity", "capacity"), ("of output", "output"))],
                       value=cut_basis, description="Cut is a share", style=style)
    picks = {s: w.Checkbox(value=s in sectors, description=f"cut {s}", indent=False) for s in model.MODELLED_SECTORS}
    wpm = {s: w.FloatSlider(value=(workers_per_mt_steel if s == "steel" else workers_per_mt_coal) or base[s].workers_per_mt,
                            min=rng(f"workers_per_mt_{s}")[0], max=rng(f"workers_per_mt_{s}")[1], step=10,
                            description=f"{s.capitalize()} workers per Mt of output", style=style,
                            layout=layout, continuous_update=False) for s in model.MODELLED_SECTORS}
    ne = w.FloatSlider(value=northeast_share, min=rng("northeast_share")[0], max=rng("northeast_share")[1], step=0.001,
                       description="Northeast share", style=style, layout=layout, continuous_update=False,
                       readout_format=".3f")
    op = w.FloatSlider(value=operating_share, min=rng("operating_share")[0], max=rng("operating_share")[1], step=0.01,
                       description="Closed capacity producing", style=style, layout=layout, continuous_update=False)
    phase = w.IntSlider(value=phase_years, min=int(rng("phase_years")[0]), max=int(rng("phase_years")[1]),
                        description="Phase (years from 2016)", style=style, layout=layout, continuous_update=False)
    out = w.Output()

    def redraw(*_):
        chosen = [s for s, box in picks.items() if box.value]
        out.clear_output(wait=True)
        with out:
            if not chosen:
                print("Pick at least one sector to cut.")
                return
            params = dict(cut_share=cut.value, sectors=chosen, phase_years=phase.value, northeast_share=ne.value,
                          cut_basis=basis.value, workers_per_mt_steel=wpm["steel"].value,
                          workers_per_mt_coal=wpm["coal"].value, operating_share=op.value)
            sc = model.scenario(**params)
            g = sc.glue_values()
            fund = g["fund_per_worker_rmb"]
            print(f"Layoffs: {g['layoffs_total_millions']:.2f} million (steel {g['layoffs_steel_millions']:.2f}, "
                  f"coal {g['layoffs_coal_millions']:.2f}); Northeast {g['layoffs_northeast_millions']:.2f} million")
            print(f"Highest yearly share of new urban jobs: {g['layoffs_to_new_jobs_pct']:.1f}%")
            print("Fund per worker laid off in 2016–2017: "
                  + ("none laid off, undefined" if fund is None else f"RMB {fund:,.0f}"))
            bench = [data.load("transition_benchmarks"), data.load("sector_output")]
            display(charts.layoff_estimates_chart(model.layoff_estimates_table(**params), bench,
                                                  model.ARTICLE.layoffs_persons))
            display(charts.absorption_chart(model.absorption_table(sc.total_persons, phase.value),
                                            [data.load("new_urban_jobs")]))

    controls = [cut, basis, *picks.values(), *wpm.values(), ne, op, phase]
    for control in controls:
        control.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([cut, basis]), w.HBox(list(picks.values())), *wpm.values(), ne, op, phase, out])


@live_explorer
def reemployment_explorer(params: dict) -> w.VBox:
    """Chapter 3's live explorer: pick a scenario, the re-employment rate, the phasing and the
    share of the closed capacity that was producing; the projection (share re-employed,
    jobless stock) is recomputed by the model. Ranges come from the parameter table."""
    import pandas as pd

    from . import outlook, outlook_charts
    from .parameters import control_range

    rng = lambda name: control_range("feasibility", name)  # noqa: E731
    scen = w.Dropdown(options=_options(outlook.SCENARIOS, outlook_charts.SCENARIO_LABELS), value=params["scenario"],
                      description="Scenario")
    rate = w.FloatSlider(value=params["reemployment_rate"], min=rng("reemployment_rate")[0],
                         max=rng("reemployment_rate")[1], step=0.01, description="Rate/yr", continuous_update=False)
    ph = w.IntSlider(value=params["phase_years"], min=int(rng("phase_years")[0]), max=int(rng("phase_years")[1]),
                     description="Phase (yrs)", continuous_update=False)
    op = w.FloatSlider(value=params["operating_share"], min=rng("operating_share")[0], max=rng("operating_share")[1],
                       step=0.01, description="Producing", continuous_update=False)
    out = w.Output()

    def redraw(*_):
        p = {**params, "scenario": scen.value, "reemployment_rate": rate.value, "phase_years": ph.value,
             "operating_share": op.value}
        res = outlook.outcome(p)
        if res["laid_off_cum"][-1] == 0:
            out.clear_output(wait=True)
            with out:
                print("Nobody is laid off with these parameters (e.g. cut_share = 0): nothing to project.")
            return
        grid = pd.DataFrame({"scenario": p["scenario"], "phase_years": p["phase_years"], "rate": p["reemployment_rate"],
                             "operating_share": p["operating_share"], "year": res["years"],
                             "share": res["share_reemployed"]})
        fig = outlook_charts.explorer_chart(grid, p["scenario"], p["reemployment_rate"], p["phase_years"],
                                            p["operating_share"])
        out.clear_output(wait=True)
        with out:
            end = res["share_reemployed_end"]
            s3 = res["share_reemployed_3y"]
            ytm = res["years_to_majority"]
            print(f"Share re-employed by {int(res['years'][-1])}: {'n/a' if end is None else f'{end:.0%}'}; "
                  f"after 3 years: {'n/a' if s3 is None else f'{s3:.0%}'}; "
                  f"years to a majority (from the first layoffs): {'not within the horizon' if ytm is None else ytm}; "
                  f"peak jobless stock: {res['jobless'].max():.3f} million")
            display(fig)

    for c in (scen, rate, ph, op):
        c.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([scen, rate, ph, op]), out])


@live_explorer
def ten_years_explorer(provinces=regional.PROVINCES) -> w.VBox:
    """Chapter 4's live explorer: pick provinces and a sector; the four headline numbers are
    recomputed by :mod:`rustbelt.tenyears` and the jobs and steel charts redrawn."""
    from . import tenyears, tenyears_charts

    pick = w.SelectMultiple(options=_options(regional.PROVINCES), value=tuple(provinces), description="Provinces",
                            rows=3)
    out = w.Output()

    def redraw(*_):
        chosen = [p for p in regional.PROVINCES if p in pick.value]
        out.clear_output(wait=True)
        with out:
            if not chosen:
                print("Pick at least one province.")
                return
            who = tenyears.label(chosen, "en")  # the printed line is English
            g = tenyears.glued(chosen)
            print(f"{who}: mining + manufacturing jobs 2015→2019 "
                  f"{g['ne_mining_manufacturing_jobs_change_2015_2019_millions']:+.2f} million; "
                  f"crude steel 2016 {g['ne_steel_output_share_2016_pct']:.2f}% of China's; "
                  f"own revenue {g['ne_own_revenue_share_of_spending_2019_pct']:.1f}% of spending (2019); "
                  f"aged 65+ {g['ne_aged_65_share_2020_pct']:.2f}% (2020 census)")
            jobs = tenyears.jobs_section(chosen)
            display(tenyears_charts.jobs_chart(tenyears.employment(chosen), [data.load("urban_unit_employment")],
                                                    who, jobs))
            display(tenyears_charts.steel_chart(tenyears.steel_share(chosen), tenyears.steel_output(chosen),
                                                     [data.load("steel_coal_output")], who))

    pick.observe(redraw, names="value")
    redraw()
    return w.VBox([pick, out])
