"""Chapter 3's figures: the static scenario explorer, the Monte Carlo fan, the tornado,
and the hindsight charts. Same house rules as :mod:`rustbelt.charts`."""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .charts import BAND, INK, PALETTE, Figure, figure
from .data import Provenance
from .i18n import join, lang, t, tf, tl

SCENARIO_LABELS = {"reform": "Reform (cuts now, with support)", "old_policies": "Old policies (cuts postponed)"}


def model_provenance(title: str, description: str, unit: str = "share of those laid off so far (0–1)") -> Provenance:
    """Provenance for a figure that shows model output rather than a dataset."""
    return Provenance(name=f"model:{title}", title=title, description=description,
                      unit=unit, vintage="model run at the chapter's parameters",
                      coverage="the Northeast (Liaoning, Jilin, Heilongjiang), from 2016", licence="MIT (code)",
                      sources=({"title": "This book's model (rustbelt.outlook), calibrated in Chapters 2 and 3",
                                "url": ""},))


MODEL = model_provenance("Re-employment projection", "The book's projection of the Northeast's jobless stock")


def explorer_chart(grid: pd.DataFrame, scenario: str, rate: float, phase_years: int,
                   operating_share: float | None = None) -> Figure:
    """Share re-employed by year; a dropdown picks the scenario, sliders the rate, the phasing
    and the share of the closed capacity that was producing. The projections are precomputed
    in Python on a grid (``outlook.explorer_grid``); the controls select from it in the
    browser. The grid travels compactly, one row per (scenario, phasing, rate, operating
    share) with the yearly shares as a list, flattened in the browser after filtering.
    Slider ranges come from the parameter table; steps are the grid's."""
    from .parameters import control_range

    grid = grid.copy()
    if "operating_share" not in grid:
        grid["operating_share"] = 0.0 if operating_share is None else float(operating_share)
    op_value = float(grid["operating_share"].iloc[0]) if operating_share is None else float(operating_share)
    # the controls span the whole grid; points where nobody is laid off (no share) are not drawn
    rates = sorted(grid["rate"].unique())
    ops = sorted(grid["operating_share"].unique())
    data = grid.dropna(subset=["share"])
    step = float(np.round(rates[1] - rates[0], 6)) if len(rates) > 1 else 0.05
    op_step = float(np.round(ops[1] - ops[0], 6)) if len(ops) > 1 else 0.1
    rate0 = float(min(rates, key=lambda r: abs(r - rate)))
    op0 = float(min(ops, key=lambda o: abs(o - op_value)))
    compact = (data.sort_values("year").groupby(["scenario", "phase_years", "rate", "operating_share"])
               .agg(year=("year", list), share=("share", list)).reset_index())
    r_lo, r_hi = control_range("feasibility", "reemployment_rate")
    p_lo, p_hi = control_range("feasibility", "phase_years")
    o_lo, o_hi = control_range("feasibility", "operating_share")
    scen = alt.param(name="scenario_pick", value=scenario,
                     bind=alt.binding_select(options=list(SCENARIO_LABELS), labels=list(SCENARIO_LABELS.values()),
                                             name="Scenario: "))
    rate_p = alt.param(name="rate_pick", value=rate0,
                       bind=alt.binding_range(min=r_lo, max=r_hi, step=step, name="Re-employment rate (per year): "))
    phase_p = alt.param(name="phase_pick", value=int(phase_years),
                        bind=alt.binding_range(min=int(p_lo), max=int(p_hi), step=1,
                                               name="Layoffs phased over (years): "))
    op_p = alt.param(name="operating_pick", value=op0,
                     bind=alt.binding_range(min=o_lo, max=o_hi, step=op_step,
                                            name="Share of closed capacity producing: "))
    line = (
        alt.Chart(compact)
        .transform_filter("datum.scenario == scenario_pick && abs(datum.rate - rate_pick) < 1e-9 "
                          "&& datum.phase_years == phase_pick && abs(datum.operating_share - operating_pick) < 1e-9")
        .transform_flatten(["year", "share"])
        .mark_line(point=True, color=PALETTE[0])
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("share:Q", title="Share of those laid off who are re-employed", scale=alt.Scale(domain=[0, 1]),
                    axis=alt.Axis(format="%")),
            tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("share:Q", format=".1%")],
        )
        .add_params(scen, rate_p, phase_p, op_p)
    )
    rule = alt.Chart(pd.DataFrame({"y": [0.5]})).mark_rule(strokeDash=[4, 4], color=PALETTE[3]).encode(y="y:Q")
    chart = alt.layer(line, rule)
    shown = data[(data["phase_years"] == phase_years) & (np.abs(data["operating_share"] - op0) < 1e-9)][
        ["scenario", "phase_years", "rate", "operating_share", "year", "share"]]
    return figure(
        chart, name="fig-scenario-explorer", title="Scenario explorer: how fast are the laid-off re-employed?",
        subtitle="Share of all those laid off so far who have found work again; dashed line: a majority",
        description=t("Line chart of the share of the Northeast's laid-off workers re-employed by year, for a "
                      "scenario, an annual re-employment rate, a phasing and a share of the closed capacity that was "
                      "producing, chosen with the controls under the chart; a dashed line marks one half."),
        data=shown, sources=[MODEL],
        grid=data[["scenario", "phase_years", "rate", "operating_share", "year", "share"]],
    )


def rate_curve_chart(curve: dict, scenario: str, rate: float) -> Figure:
    """The share re-employed three years after the first layoffs over the whole range of the
    rate, both scenarios (``outlook.rate_curve``); a dashed line at one half, a rule at the
    chosen rate."""
    rows = []
    for scen in ("reform", "old_policies"):
        for r, v in zip(curve["rates"], curve[scen]):
            if np.isfinite(v):
                rows.append({"rate": float(r), "share_3y": float(v), "scenario": tl(SCENARIO_LABELS[scen])})
    data = pd.DataFrame(rows, columns=["rate", "share_3y", "scenario"])
    order = tl([SCENARIO_LABELS[s] for s in ("reform", "old_policies")])
    lines = alt.Chart(data).mark_line().encode(
        x=alt.X("rate:Q", title="Re-employment rate (matching efficiency, per year)", axis=alt.Axis(format="%")),
        y=alt.Y("share_3y:Q", title="Share re-employed after 3 years", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%")),
        color=alt.Color("scenario:N", title=None, sort=order, scale=alt.Scale(domain=order, range=PALETTE[:2])),
        strokeDash=alt.StrokeDash("scenario:N", sort=order, legend=None),
        tooltip=["scenario:N", alt.Tooltip("rate:Q", format=".0%"), alt.Tooltip("share_3y:Q", format=".1%")],
    )
    half = alt.Chart(pd.DataFrame({"y": [0.5]})).mark_rule(strokeDash=[4, 4], color=PALETTE[3]).encode(y="y:Q")
    chosen = alt.Chart(pd.DataFrame({"x": [float(rate)]})).mark_rule(color=INK).encode(x="x:Q")
    thr = curve.get(f"{scenario}_threshold")
    mine = data[data["scenario"] == tl(SCENARIO_LABELS[scenario])]
    at = mine.iloc[(mine["rate"] - rate).abs().argsort()[:1]]["share_3y"] if len(mine) else pd.Series(dtype=float)
    desc = tf("Line chart of the share of the Northeast's laid-off workers re-employed three years after the first "
              "layoffs, against the re-employment rate from 0% to 100%, for both scenarios. At the chosen rate of "
              "{rate:.0%}, {scenario} gives {share}; {verdict}",
              rate=rate, scenario=t(SCENARIO_LABELS[scenario]),
              share=f"{float(at.iloc[0]):.0%}" if len(at) else t("no value (nobody is laid off)"),
              verdict=t("no rate gives a majority.") if thr is None
              else tf("a majority needs a rate of at least {threshold:.0%}.", threshold=thr))
    return figure(alt.layer(lines, half, chosen), name="fig-rate-curve",
                  title="How the verdict depends on the re-employment rate",
                  subtitle="Share re-employed 3 years after the first layoffs, over the rate's whole range; "
                           "vertical line: the chosen rate",
                  description=desc, data=data, sources=[MODEL])


def fan_chart(mc: dict, scenario: str) -> Figure:
    """Monte Carlo percentiles of the share re-employed by year."""
    yrs = mc["years"]
    p = mc["percentiles"]
    data = pd.DataFrame({"year": yrs, "p5": p[5], "p25": p[25], "p50": p[50], "p75": p[75], "p95": p[95]}).dropna()
    base = alt.Chart(data).encode(x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")))
    outer = base.mark_area(opacity=0.6, color=BAND).encode(
        y=alt.Y("p5:Q", title="Share re-employed", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        y2="p95:Q")
    inner = base.mark_area(opacity=0.9, color=BAND).encode(y="p25:Q", y2="p75:Q")
    median = base.mark_line(color=PALETTE[0]).encode(
        y="p50:Q", tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("p5:Q", format=".0%"),
                            alt.Tooltip("p50:Q", format=".0%"), alt.Tooltip("p95:Q", format=".0%")])
    rule = alt.Chart(pd.DataFrame({"y": [0.5]})).mark_rule(strokeDash=[4, 4], color=PALETTE[3]).encode(y="y:Q")
    n = mc["share"].shape[0]
    end = data.iloc[-1] if len(data) else None
    desc = (tf("Fan chart of {n} Monte Carlo projections of the share re-employed, scenario {scenario}: median "
               "line, 25–75% and 5–95% bands by year; in {year} the middle 90% runs from {p5:.0%} to {p95:.0%}.",
               n=n, scenario=t(SCENARIO_LABELS[scenario]), year=int(end["year"]), p5=end["p5"], p95=end["p95"])
            if end is not None else
            tf("Fan chart of {n} Monte Carlo projections of the share re-employed, scenario {scenario}: median "
               "line, 25–75% and 5–95% bands by year.", n=n, scenario=t(SCENARIO_LABELS[scenario])))
    return figure(alt.layer(outer, inner, median, rule), name="fig-fan",
                  title="Uncertainty: the share re-employed across Monte Carlo draws",
                  subtitle=f"{n:,} seeded draws; bands: 25–75% and 5–95%; line: median", description=desc,
                  data=data, sources=[MODEL])


#: the computed notes on where an input's range comes from (``outlook.uncertainty_ranges``), as
#: templates of the catalogue; the fixed ones are translated whole
RANGE_NOTES = (
    (r"per Mt of output; ÷(?P<k>[0-9.]+) to ×(?P=k) around the chosen value \(geometric centre\), the widest ratio "
     r"between Chapter 2's calibration and its per-output checks",
     "per Mt of output; ÷{k} to ×{k} around the chosen value (geometric centre), the widest ratio between "
     "Chapter 2's calibration and its per-output checks"),
    (r"ESTIMATE: the chosen share ± (?P<k>[0-9.]+), within 0–1 \(centred unless clipped; no effect on a cut of output\)",
     "ESTIMATE: the chosen share ± {k}, within 0–1 (centred unless clipped; no effect on a cut of output)"),
)
#: the parts the Northeast's share's note is made of (``outlook.uncertainty_ranges``)
RANGE_NOTE_PARTS = (
    "; raised at the low end to what Longmay's announced layoffs alone imply at these parameters",
    " (above the chosen share: at these parameters the chosen share would put fewer layoffs in the Northeast than "
    "Longmay alone announced, so the draws stay above it)",
)


def range_note(note: str, language: str | None = None) -> str:
    """A tornado input's note on its range in ``language`` (default: this run's), the numbers as computed."""
    import re

    language = language or lang()
    if language == "en":
        return note
    for pattern, template in RANGE_NOTES:
        m = re.fullmatch(pattern, note)
        if m:
            return tf(template, language, k=m.group("k"))
    head, tail = note, ""
    for part in reversed(RANGE_NOTE_PARTS):
        if head.endswith(part):
            head, tail = head[: -len(part)], t(part, language) + tail
    return t(head, language) + tail


def tornado_chart(rows: list[dict], metric_labels: dict[str, str]) -> Figure:
    """Low and high value of each input, one bar each; a dropdown picks the outcome measured."""
    data = pd.DataFrame(rows)
    data = data.assign(change_low=data["metric_low"] - data["base"], change_high=data["metric_high"] - data["base"])
    long = pd.concat([
        data.assign(end="low value", change=data["change_low"], value=data["low"]),
        data.assign(end="high value", change=data["change_high"], value=data["high"]),
    ])[["metric", "input", "end", "change", "value", "swing", "source"]]
    long["change"] = long["change"].fillna(0.0)
    if lang() != "en":  # the labels drawn in the run's language (the outcome's keys stay: the dropdown filters on them)
        long = long.assign(input=tl(long["input"]), end=tl(long["end"]), source=long["source"].map(range_note))
    # each end keeps its colour and its place in the legend in either language: the domain is the
    # English order (high, low), in the run's language
    ends = dict(zip(tl(["high value", "low value"]), [PALETTE[0], PALETTE[3]]))
    pick = alt.param(name="metric_pick", value=list(metric_labels)[0],
                     bind=alt.binding_select(options=list(metric_labels), labels=list(metric_labels.values()),
                                             name="Outcome: "))
    chart = (
        alt.Chart(long).mark_bar()
        .encode(
            y=alt.Y("input:N", title=None, sort=alt.EncodingSortField("swing", order="descending")),
            x=alt.X("change:Q", title="Change from the base run"),
            color=alt.Color("end:N", title="Input at its", scale=alt.Scale(domain=list(ends), range=list(ends.values()))),
            tooltip=["input:N", "end:N", alt.Tooltip("value:Q", format=".3g"), alt.Tooltip("change:Q", format=".3f"),
                     "source:N"],
        )
        .add_params(pick)
        .transform_filter("datum.metric == metric_pick")
    )
    top = {m: data[data["metric"] == m].sort_values("swing", ascending=False)["input"].iloc[0] for m in metric_labels}
    desc = (t("Tornado chart: for each uncertain input, the change in the outcome when the input is set to the low "
              "and the high end of its range. ") + join(
                (tf("For the {outcome}, {input} matters most.", outcome=t(metric_labels[m]), input=t(top[m]))
                 for m in metric_labels), " ", translate=False))
    return figure(chart, name="fig-tornado", title="Which assumption moves the outcome most?",
                  subtitle="Each input at the low and high end of its range, the others at their base values",
                  description=desc, data=long, units={"change": ("million-to-wan", {"metric": "peak_jobless"})},
                  sources=[model_provenance("Sensitivity", "One-at-a-time sensitivity of the projection",
                                            unit="change in the outcome chosen (share, or millions of people)")])


def cuts_chart(cuts: pd.DataFrame, sources) -> Figure:
    """Chapter 3's hindsight on the cuts: the one capacity-cuts chart (``charts.capacity_cuts_chart``)
    drawn from ``model.capacity_cuts_table()``, under its own figure name. ``cuts`` is that table."""
    from .charts import capacity_cuts_chart

    return capacity_cuts_chart(cuts, sources, name="fig-cuts-hindsight", title="The cuts came faster than planned")


def jobs_chart(jobs: pd.DataFrame, sources) -> Figure:
    long = jobs.melt(id_vars=["year"], value_vars=["jobs_millions", "target_millions"], var_name="series",
                     value_name="millions").dropna(subset=["millions"])
    long["series"] = tl(long["series"].map({"jobs_millions": "New urban jobs", "target_millions": "Target"}))
    chart = alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
        y=alt.Y("millions:Q", title="Millions", scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", title=None, scale=alt.Scale(range=[PALETTE[0], PALETTE[1]])),
        strokeDash=alt.StrokeDash("series:N", legend=None),
        tooltip=[alt.Tooltip("year:Q", format="d"), "series:N", alt.Tooltip("millions:Q", format=".2f")],
    )
    j = jobs.dropna(subset=["jobs_millions"])
    with_target = jobs.dropna(subset=["jobs_millions", "target_millions"])
    beaten = int((with_target["jobs_millions"] > with_target["target_millions"]).sum())
    desc = tf("Line chart of China's new urban jobs each year from {first} to {last}, between {low:.1f} and "
              "{high:.1f} million, against the annual targets: jobs exceeded the target in {beaten} of the {years} "
              "years with a target.", first=int(j["year"].min()), last=int(j["year"].max()),
              low=j["jobs_millions"].min(), high=j["jobs_millions"].max(), beaten=beaten, years=len(with_target))
    return figure(chart, name="fig-jobs-hindsight", title="New urban jobs kept beating the targets",
                  subtitle="China, millions of new urban jobs per year and the Government Work Report target",
                  description=desc, data=long, sources=sources, units={"millions": "million-to-wan"})


def population_chart(pop: pd.DataFrame, sources) -> Figure:
    chart = alt.Chart(pop).mark_line(point=True, color=PALETTE[3]).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
        y=alt.Y("population_millions:Q", title="Population (millions)", scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("population_millions:Q", format=".2f")],
    )
    first, last = pop.iloc[0], pop.iloc[-1]
    trend = t("falling every year" if (pop["population_millions"].diff().dropna() < 0).all() else "changing")
    desc = tf("Line chart of the Northeast's year-end resident population on the post-2020-census basis, {trend} "
              "from {first:.1f} million in {first_year} to {last:.1f} million in {last_year}.", trend=trend,
              first=first["population_millions"], first_year=int(first["year"]),
              last=last["population_millions"], last_year=int(last["year"]))
    return figure(chart, name="fig-population-hindsight", title="The Northeast kept shrinking",
                  subtitle="Year-end resident population of Liaoning, Jilin and Heilongjiang, post-census basis",
                  description=desc, data=pop, sources=sources, units={"population_millions": "million-to-wan"})
