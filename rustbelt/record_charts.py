"""Figures for the claims the scorecard added tests for: trade (C3), steel prices and profits
(C4), urbanisation and services (C8). Built the house way (:func:`rustbelt.charts.figure`):
title, computed alt text, source line, colour-blind-safe palette."""
from __future__ import annotations

import altair as alt
import pandas as pd

from . import record
from .charts import INK, PALETTE, Figure, figure
from .i18n import tf, tl


def trade_chart() -> Figure:
    """C3: China's goods exports and trade surplus (US$ bn), 2014–2025, as first reported."""
    t = record.trade()
    t = t[t["series"].isin(["exports", "surplus"])].copy()
    t["measure"] = tl(t["series"].map({"exports": "Exports", "surplus": "Trade surplus"}))
    f = {k: float(v) for k, v in record.trade_facts().items()}
    domain = tl(["Exports", "Trade surplus"])
    base = alt.Chart(t).encode(
        x=alt.X("year:O", title=None),
        y=alt.Y("value:Q", title="US$ billion"),
        color=alt.Color("measure:N", title=None, scale=alt.Scale(domain=domain, range=[PALETTE[0], PALETTE[1]])),
        tooltip=[alt.Tooltip("year:O"), "measure:N", alt.Tooltip("value:Q", title="US$ bn", format=",.0f")],
    )
    chart = base.mark_line(point=alt.OverlayMarkDef(filled=True, size=60, opacity=1))
    last = int(t["year"].max())
    return figure(
        chart, name="fig-trade", title="Exports did not collapse; the surplus nearly tripled",
        subtitle="China's goods exports and trade surplus, US$ billion, as first reported (gaps: no customs US$ figure found)",
        description=tf("Line chart of China's goods exports and trade surplus in US dollars, 2014–{last}. Exports went "
                       "from {exports_first:,.0f} billion in 2014 to {exports_last:,.0f} billion in 2024, "
                       "{exports_ratio:.1f} times as much, after falling in 2015 and 2016; the surplus rose from "
                       "{surplus_first:,.0f} billion to {surplus_last:,.0f} billion, {surplus_ratio_2018:.1f} times "
                       "its 2018 level.", last=last, **f),
        data=t[["series", "year", "value", "unit"]], sources=[record.trade()],
        units={"value": ("billion-to-yi", {"unit": "US$ billion"})},
    )


def _steel_parts():
    s = record.steel_market().copy()
    f = {k: float(v) for k, v in record.steel_facts().items()}
    return s, f


def steel_price_chart() -> Figure:
    """C4: the China Steel Price Index at its low, its spring 2016 peak and year ends, 2015–2018."""
    s, f = _steel_parts()
    names = {"cspi_low": "December low", "cspi_spring_peak": "Spring peak (April)",
             "cspi_end_of_year": "Year end", "cspi_annual_average": "Annual average"}
    prices = s[s["series"].isin(names)].copy()
    prices["point"] = tl(prices["series"].map(names))
    dom = tl(list(names.values()))
    chart = alt.Chart(prices).mark_point(size=110, filled=True, opacity=1).encode(
        x=alt.X("year:O", title=None),
        y=alt.Y("value:Q", title="China Steel Price Index (points)", scale=alt.Scale(zero=True)),
        color=alt.Color("point:N", title=None, scale=alt.Scale(domain=dom, range=PALETTE[:4])),
        shape=alt.Shape("point:N", title=None, scale=alt.Scale(domain=dom)),
        tooltip=[alt.Tooltip("year:O"), alt.Tooltip("point:N", title="reading"), alt.Tooltip("value:Q", format=".1f")],
    )
    return figure(
        chart, name="fig-steel-prices", title="Steel prices more than doubled from their low",
        subtitle="China Steel Price Index, points: the readings found for 2015–2018",
        description=tf("Dot chart of the China Steel Price Index: {cspi_low_2015:.1f} points at its December 2015 low, "
                       "{cspi_end_2017:.1f} at the end of 2017 ({cspi_ratio:.1f} times the low), and an average of "
                       "{cspi_avg_2018:.1f} in 2018.", **f),
        data=prices[["series", "year", "value", "unit"]], sources=[record.steel_market()],
    )


def steel_profit_chart() -> Figure:
    """C4: steel profits, 2015–2019: CISA's key mills, the whole industry in 2018, CISA's 2019 expectation."""
    s, f = _steel_parts()
    names = {"profit_cisa_members": "CISA key mills", "profit_industry": "Whole industry",
             "profit_cisa_members_expected": "CISA key mills (expected)"}
    profits = s[s["series"].isin(names)].copy()
    profits["measure"] = tl(profits["series"].map(names))
    dom = tl(list(names.values()))
    bars = alt.Chart(profits).mark_bar().encode(
        x=alt.X("year:O", title=None),
        y=alt.Y("value:Q", title="Profit, RMB billion"),
        color=alt.Color("measure:N", title=None, scale=alt.Scale(domain=dom, range=[PALETTE[0], PALETTE[1], PALETTE[5]])),
        tooltip=[alt.Tooltip("year:O"), "measure:N", alt.Tooltip("value:Q", title="RMB bn", format=",.1f")],
    )
    zero = alt.Chart(pd.DataFrame({"value": [0.0]})).mark_rule(color=INK).encode(y="value:Q")
    return figure(
        alt.layer(bars, zero), name="fig-steel-profits", title="From record losses to record profits",
        subtitle="Steel profits, RMB billion (2016 derived from a stated change; 2019 CISA's expectation)",
        description=tf("Bar chart of steel profits: CISA's key mills lost {loss_2015:.1f} billion yuan in 2015 and "
                       "made {profit_2017:.1f} billion in 2017; the whole industry made {profit_industry_2018:.1f} "
                       "billion in 2018, its best year.", loss_2015=-f["profit_2015"], **f),
        data=profits[["series", "year", "value", "unit"]], sources=[record.steel_market()],
        units={"value": ("billion-to-yi", {"unit": "RMB billion"})},
    )


def urbanisation_chart() -> Figure:
    """C8: urbanisation (resident and hukou) and the services share of GDP, 2015–2024."""
    u = record.urbanisation().copy()
    labels = {"urbanisation_resident": "Urban residents (% of population)",
              "urbanisation_hukou": "Urban hukou holders (% of population)",
              "tertiary_share_gdp": "Services (% of GDP)"}
    u["measure"] = tl(u["series"].map(labels))
    # the census re-benchmark of 2020: the resident series is drawn as two segments
    u["segment"] = u["measure"] + " " + u["basis"]
    u["basis"] = tl(u["basis"])  # the tooltip's words for the basis (the segments keep the codes)
    f = {k: float(v) for k, v in record.urbanisation_facts().items()}
    dom = tl(list(labels.values()))
    chart = alt.Chart(u).mark_line(point=True).encode(
        x=alt.X("year:O", title=None),
        y=alt.Y("value:Q", title="Percent", scale=alt.Scale(zero=False)),
        color=alt.Color("measure:N", title=None, scale=alt.Scale(domain=dom, range=[PALETTE[0], PALETTE[5], PALETTE[1]]),
                        legend=alt.Legend(columns=1, labelLimit=320)),
        detail="segment:N",
        tooltip=[alt.Tooltip("year:O"), "measure:N", alt.Tooltip("value:Q", format=".2f"), "basis:N"],
    )
    return figure(
        chart, name="fig-urbanisation", title="Still urbanising, and services already the larger part",
        subtitle="China: urbanisation and the services share of GDP, percent (break in 2020: census re-benchmark)",
        description=tf("Line chart, 2015–2024. Urban residents rose from {urban_2015:.1f}% of the population in 2015 to "
                       "{urban_2019:.1f}% in 2019 and, on the 2020 census basis, from {urban_2020:.1f}% in 2020 "
                       "to {urban_2024:.1f}% in 2024, about {pace_2020_2024:.1f} points a year; urban hukou "
                       "holders were {hukou_2019:.1f}% in 2019. Services were {services_2015:.1f}% of GDP in "
                       "2015 and {services_2024:.1f}% in 2024.", **f),
        data=u[["series", "basis", "year", "value"]], sources=[record.urbanisation()],
    )
