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
"""
from __future__ import annotations

import functools
import os

import ipywidgets as w
from IPython.display import SVG, Markdown, display

from . import charts, data, regional

LIVE_ENV = "RUSTBELT_LIVE_WIDGETS"


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


def _svg(fig: charts.Figure) -> SVG:
    return SVG(fig.to_svg())


@live_explorer
def gdp_share_explorer(provinces=regional.PROVINCES, vintage: str = "current") -> w.VBox:
    """Pick provinces, a GDP vintage and a year range; the share chart and its numbers redraw."""
    pick = w.SelectMultiple(options=list(regional.PROVINCES), value=tuple(provinces),
                            description="Provinces", rows=3)
    vint = w.Dropdown(options=list(regional.VINTAGES), value=vintage, description="Vintage")
    lo, hi = regional.vintage_years(vintage)
    years = w.IntRangeSlider(value=(lo, hi), min=lo, max=hi, description="Years", continuous_update=False)
    out = w.Output()

    def redraw(*_):
        v = vint.value
        lo, hi = regional.vintage_years(v)
        with years.hold_trait_notifications():
            years.min, years.max = min(lo, years.min), max(hi, years.max)
            years.value = (max(lo, years.value[0]), min(hi, years.value[1]))
            years.min, years.max = lo, hi
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
            display(_svg(fig))

    for control in (pick, vint, years):
        control.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([pick, vint]), years, out])
