"""Chapter 4's figures ("Ten years on"). Same house rules as :mod:`rustbelt.charts`: a title,
alt text with the computed numbers, a source line from the catalog, the Okabe-Ito palette."""
from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from .charts import INK, PALETTE, REGION_COLORS, Figure, figure
from .i18n import english_places, join, lang, name, t, tf, tl
from .tenyears import SECTOR_LABELS

ORDER = ["Liaoning", "Jilin", "Heilongjiang"]


def _region_color(domain: list[str], field: str = "region", title: str | None = None,
                  shown: list[str] | None = None) -> alt.Color:
    """The regions' colours, chosen by their English names (``domain``); the legend lists ``shown``
    (default: ``domain`` in the run's language)."""
    spare = iter(p for p in PALETTE if p not in REGION_COLORS.values())
    rng = [REGION_COLORS.get(d) or next(spare) for d in domain]
    return alt.Color(f"{field}:N", title=title, scale=alt.Scale(domain=tl(domain) if shown is None else shown, range=rng))


def _regions(frame: pd.DataFrame, field: str = "region") -> pd.DataFrame:
    """``frame`` with its region names in the run's language (the same frame in English)."""
    return frame if lang() == "en" else frame.assign(**{field: frame[field].map(name)})


def _weak(sources: list[pd.DataFrame]) -> list[str]:
    """'WEAK SOURCE' caveats of the datasets drawn, repeated on the chart's source line."""
    notes = []
    for s in sources:
        prov = s.attrs.get("provenance")
        for c in getattr(prov, "caveats", ()):
            if "WEAK SOURCE" in c:
                notes.append(" ".join(c.split()))
    return notes


def jobs_chart(emp: pd.DataFrame, sources: list[pd.DataFrame], who: str, section: dict) -> Figure:
    """Urban-unit employment by province; a radio button picks the sector (mining + manufacturing by default)."""
    who = english_places(who)  # the chapter's label may be the run's language; chart text is English, translated whole
    data = emp.copy()
    options = ["mining_manufacturing", "mining", "manufacturing", "all_units"]
    domain = [r for r in ORDER if r in set(data["region"])]
    if lang() != "en":  # the tooltip shows the sector: its words, and the radio buttons filter on them
        data = _regions(data).assign(sector=data["sector"].map(lambda o: t(SECTOR_LABELS.get(o, o))))
    values = [t(SECTOR_LABELS[o]) for o in options] if lang() != "en" else options
    pick = alt.param(name="jobs_sector", value=values[0],
                     bind=alt.binding_radio(options=values, labels=[SECTOR_LABELS[o] for o in options],
                                            name="Employment in: "))
    lines = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(zero=False)),
            y=alt.Y("millions:Q", title="Employed (millions)"),
            color=_region_color(domain),
            tooltip=["region:N", alt.Tooltip("year:Q", format="d"), "sector:N",
                     alt.Tooltip("millions:Q", title="millions", format=".3f")],
        )
        .add_params(pick)
        .transform_filter("datum.sector == jobs_sector")
    )
    rule = alt.Chart(pd.DataFrame({"year": [2015]})).mark_rule(strokeDash=[4, 4], color=INK).encode(
        x=alt.X("year:Q", scale=alt.Scale(zero=False)))
    s = section
    return figure(
        alt.layer(rule, lines), name="fig-ten-jobs", title=f"Jobs in urban units: {who}",
        subtitle="Employed persons in urban non-private units, millions; dashed line: 2015, before the cuts",
        description=tf("Line chart of employment in urban non-private units by province, with buttons for mining plus "
                       "manufacturing, mining, manufacturing or all units. Mining plus manufacturing in {who} went "
                       "from {mm_2015:.2f} million in 2015 to {mm_2019:.2f} million in 2019; all units from "
                       "{all_2015:.2f} million in 2015 to {all_last:.2f} million in {last_year}.",
                       who=name(who), mm_2015=s["mm_jobs_2015_millions"], mm_2019=s["mm_jobs_2019_millions"],
                       all_2015=s["all_units_2015_millions"], all_last=s["all_units_last_millions"],
                       last_year=s["all_units_last_year"]),
        data=data, sources=sources, units={"millions": "million-to-wan"},
    )


def unemployment_chart(u: pd.DataFrame, sources: list[pd.DataFrame]) -> Figure:
    """Registered urban unemployment rate by province."""
    data = u[u["measure"] == "registered_rate"][["region", "year", "value"]].rename(columns={"value": "rate_pct"})
    domain = [r for r in ORDER if r in set(data["region"])]
    data = _regions(data)
    chart = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("rate_pct:Q", title="Registered unemployment rate (%)", scale=alt.Scale(domain=[0, 8])),
            color=_region_color(domain),
            tooltip=["region:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("rate_pct:Q", format=".2f")],
        )
    )
    late = data[data["year"].between(2015, 2019)]["rate_pct"]
    return figure(
        chart, name="fig-ten-unemployment", title="The registered unemployment rate barely moves",
        subtitle="Registered urban unemployment rate, %; no provincial surveyed rate was found",
        description=tf("Line chart of the registered urban unemployment rate of the selected provinces from "
                       "{first} to {last}; in 2015–2019 it stayed between {low:.2f}% and {high:.2f}%.",
                       first=int(data["year"].min()), last=int(data["year"].max()), low=late.min(), high=late.max()),
        data=data, sources=sources,
    )


def steel_chart(share: pd.DataFrame, output: pd.DataFrame, sources: list[pd.DataFrame], who: str) -> Figure:
    """Crude steel: the provinces' output (Mt) or their share of China's (%); a radio button switches."""
    who = english_places(who)  # the chapter's label may be the run's language; chart text is English, translated whole
    prov = output[output["region"] != "China"][["region", "year", "mt"]].rename(columns={"mt": "value"})
    prov["measure"] = "output_mt"
    sh = share[["year", "share_pct"]].rename(columns={"share_pct": "value"})
    sh["region"] = f"{who[0].upper() + who[1:]}, share of China"
    sh["measure"] = "share_pct"
    data = pd.concat([prov, sh], ignore_index=True)[["region", "year", "measure", "value"]]
    measures = {"share_pct": "Share of China's crude steel (%)", "output_mt": "Output by province (Mt)"}
    domain = [r for r in ORDER if r in set(prov["region"])] + [sh["region"].iloc[0]]
    options = list(measures)
    shown = None
    if lang() != "en":  # the regions and the measure (shown in the tooltip, picked by the buttons) in Chinese
        share_label = tf("{who}, share of China", who=name(who))
        data = data.assign(region=data["region"].map(lambda r: share_label if r == domain[-1] else name(r)),
                           measure=data["measure"].map(lambda m: t(measures[m])))
        options = [t(measures[m]) for m in options]
        shown = [name(r) for r in domain[:-1]] + [share_label]
    pick = alt.param(name="steel_measure", value=options[0],
                     bind=alt.binding_radio(options=options,
                                            labels=["Share of China's crude steel (%)", "Output by province (Mt)"],
                                            name="Show: "))
    lines = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(zero=False)),
            y=alt.Y("value:Q", title="Share (%) or output (Mt)", scale=alt.Scale(zero=True)),
            color=_region_color(domain, title=None, shown=shown),
            tooltip=["region:N", alt.Tooltip("year:Q", format="d"), "measure:N", alt.Tooltip("value:Q", format=".2f")],
        )
        .add_params(pick)
        .transform_filter("datum.measure == steel_measure")
    )
    rule = alt.Chart(pd.DataFrame({"year": [2016]})).mark_rule(strokeDash=[4, 4], color=INK).encode(
        x=alt.X("year:Q", scale=alt.Scale(zero=False)))
    s = share.set_index("year")["share_pct"]
    return figure(
        alt.layer(rule, lines), name="fig-ten-steel", title=f"Crude steel: {who}'s share of China's output",
        subtitle="One NBS download for the provinces and China; dashed line: 2016, the first year of the cuts",
        description=tf("Line chart of {who}'s crude steel output as a share of China's, {first:.1f}% in {first_year}, "
                       "{share_2016:.1f}% in 2016 and {last:.1f}% in {last_year}; buttons switch to each province's "
                       "output in Mt.", who=name(who), first=s.iloc[0], first_year=int(s.index[0]),
                       share_2016=s[2016], last=s.iloc[-1], last_year=int(s.index[-1])),
        data=data, sources=sources,
        # the output rows in 万吨 in Chinese (the share rows are percentages)
        units={"value": ("million-to-wan", {"measure": t(measures["output_mt"])})},
    )


def cuts_output_chart(cvo: pd.DataFrame, sources: list[pd.DataFrame]) -> Figure:
    """Steel capacity cut in 2016 beside the change in output 2016→2019, per province (Mt)."""
    rows = []
    for r in cvo.itertuples():
        rows.append({"region": r.region, "what": "capacity cut in 2016", "detail": r.cut_kind, "mt": -r.cut_mt})
        rows.append({"region": r.region, "what": "output change 2016→2019", "detail": "NBS",
                     "mt": r.output_change_mt})
    data = pd.DataFrame(rows, columns=["region", "what", "detail", "mt"])
    data = _regions(data).assign(what=tl(data["what"]), detail=tl(data["detail"]))
    kinds = tl(["capacity cut in 2016", "output change 2016→2019"])
    colors = [PALETTE[1], PALETTE[0]]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("region:N", title=None, sort=tl(ORDER)),
            yOffset=alt.YOffset("what:N", sort=kinds),
            x=alt.X("mt:Q", title="Mt a year (capacity cut drawn as negative)"),
            color=alt.Color("what:N", title=None, sort=kinds, scale=alt.Scale(domain=kinds, range=colors),
                            legend=alt.Legend(labelLimit=320, columns=1)),
            tooltip=["region:N", "what:N", "detail:N", alt.Tooltip("mt:Q", format=".2f")],
        )
    )
    if len(cvo):
        parts = [tf("{region} cut {cut:.2f} Mt of capacity ({kind}) and its output changed by {change:+.2f} Mt",
                    region=t(r.region), cut=r.cut_mt, kind=t(r.cut_kind), change=r.output_change_mt)
                 for r in cvo.itertuples()]
        desc = tf("Horizontal bar chart per province: {parts}.", parts=join(parts, "; ", translate=False))
    else:
        desc = t("Empty bar chart: none of the chosen provinces has a published 2016 steel-capacity cut "
                 "(only Heilongjiang's target and Jilin's result were found).")
    return figure(
        chart, name="fig-ten-cuts", title="Capacity cut is not output cut",
        subtitle="Steel capacity cut in 2016 (drawn below zero) and the change in crude-steel output 2016→2019, Mt",
        description=desc, data=data, sources=sources, units={"mt": "million-to-wan"},
    )


def growth_vintages_chart(series: pd.DataFrame, sources: list[pd.DataFrame], default_region: str) -> Figure:
    """One province's real growth: today's revised index (line), as first published (points) and
    the preliminary communiqués since 2020 (points); a dropdown picks the province."""
    data = series.copy()
    regions = [r for r in ORDER if r in set(data["region"])]
    # the dropdown's options are the provinces' names, and the legend's the vintages': both in the run's language
    shown = _regions(data).assign(vintage=tl(data["vintage"]))
    pick = alt.param(name="growth_region", value=tl(default_region),
                     bind=alt.binding_select(options=tl(regions), name="Province: "))
    kinds = tl(["revised NBS index (V4)", "as first published", "preliminary communiqué"])
    base = alt.Chart(shown).add_params(pick).transform_filter("datum.region == growth_region")
    enc = dict(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
        y=alt.Y("growth_pct:Q", title="Real GDP growth (%)"),
        color=alt.Color("vintage:N", title=None, sort=kinds,
                        scale=alt.Scale(domain=kinds, range=[PALETTE[0], PALETTE[3], PALETTE[2]])),
        tooltip=["region:N", alt.Tooltip("year:Q", format="d"), "vintage:N", alt.Tooltip("growth_pct:Q", format=".1f")],
    )
    line = base.transform_filter(f"datum.vintage == '{kinds[0]}'").mark_line(point=True).encode(**enc)
    dots = base.transform_filter(f"datum.vintage != '{kinds[0]}'").mark_point(
        size=90, filled=True, opacity=1, shape="diamond").encode(**enc)
    fp = data[data["vintage"] == "as first published"]
    rev = data[data["vintage"] == "revised NBS index (V4)"].set_index(["region", "year"])["growth_pct"]
    gaps = fp.set_index(["region", "year"])["growth_pct"] - rev.reindex(fp.set_index(["region", "year"]).index)
    return figure(
        alt.layer(line, dots), name="fig-ten-growth-vintages", title="The revitalisation decade, as first published and as revised",
        subtitle="Real GDP growth, %: the revised NBS index, the figures first published, and communiqués since 2020",
        description=tf("Line and point chart of one province's real GDP growth, with a dropdown for the province: "
                       "today's revised NBS index as a line, {n} growth figures as first published as diamonds "
                       "and preliminary communiqué figures since 2020. First-published growth exceeds the revision in "
                       "{above} of {n} province-years, by up to {gap:.1f} points.",
                       n=len(fp), above=int((gaps > 0).sum()), gap=gaps.max()),
        data=shown, sources=sources,
    )


def ageing_chart(table: pd.DataFrame, sources: list[pd.DataFrame]) -> Figure:
    """Share aged 65+ at the 2010 and 2020 censuses: provinces, the selection (weighted) and China."""
    data = table.copy()
    data["region_label"] = data["region"] + data["derived"].map({True: " (derived)", False: ""})
    order = list(dict.fromkeys(sorted(data["region_label"], key=lambda r: (r.startswith("China"),
                                                                            not any(r.startswith(p) for p in ORDER),
                                                                            next((i for i, p in enumerate(ORDER)
                                                                                  if r.startswith(p)), 9)))))
    if lang() != "en":  # the bars' labels in Chinese, in the English order
        zh = {f"{r}{' (derived)' if d else ''}": name(r) + (t(" (derived)") if d else "")
              for r, d in zip(data["region"], data["derived"])}
        data = data.assign(region_label=data["region_label"].map(zh), region=data["region"].map(name))
        order = [zh[r] for r in order]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("region_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=200)),
            yOffset=alt.YOffset("census:N"),
            x=alt.X("share_pct:Q", title="Aged 65 and over (% of population)"),
            color=alt.Color("census:N", title="Census", scale=alt.Scale(domain=["2010", "2020"],
                                                                         range=[PALETTE[1], PALETTE[0]])),
            tooltip=["region_label:N", "census:N", alt.Tooltip("share_pct:Q", format=".2f")],
        )
    )
    c20 = table[table["census"] == "2020"].set_index("region")["share_pct"]
    parts = [f"{t(r)} {v:.1f}%" for r, v in c20.items()]
    return figure(
        chart, name="fig-ten-ageing", title="Older than China",
        subtitle="Share of the population aged 65 and over at the 2010 and 2020 censuses; '(derived)': not read from a bulletin",
        description=tf("Horizontal grouped bar chart of the share aged 65 and over at the 2010 and 2020 censuses. "
                       "In 2020: {shares}. Heilongjiang's 2010 share was not found.",
                       shares=join(parts, translate=False)),
        data=data[["region", "region_label", "census", "share_pct", "derived"]], sources=sources,
        notes=["Jilin's shares are derived, not read from its census bulletin."],
    )


def births_chart(b: pd.DataFrame, sources: list[pd.DataFrame]) -> Figure:
    """Birth rates per 1,000 people, provinces and China."""
    data = b.copy()
    domain = [r for r in ORDER + ["China"] if r in set(data["region"])]
    low = data.loc[data["per_1000"].idxmin()]
    data = _regions(data)
    chart = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("per_1000:Q", title="Births per 1,000 people", scale=alt.Scale(zero=True)),
            color=_region_color(domain),
            tooltip=["region:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("per_1000:Q", format=".2f")],
        )
    )
    return figure(
        chart, name="fig-ten-births", title="Fewer births",
        subtitle="Birth rate, births per 1,000 people",
        description=tf("Line chart of birth rates from {first} to {last}; the lowest is {region} in {year}, "
                       "{rate:.2f} per 1,000.", first=int(data["year"].min()), last=int(data["year"].max()),
                       region=t(low["region"]), year=int(low["year"]), rate=low["per_1000"]),
        data=data, sources=sources, notes=_weak(sources),
    )


def fiscal_chart(own: pd.DataFrame, tax: pd.DataFrame, sources: list[pd.DataFrame], who: str) -> Figure:
    """Own revenue (to 2019) or tax revenue (to 2024) as a share of spending; a radio button switches."""
    who = english_places(who)  # the chapter's label may be the run's language; chart text is English, translated whole
    data = pd.concat([own, tax], ignore_index=True)[["region", "year", "measure", "revenue", "expenditure", "share_pct"]]
    domain = list(dict.fromkeys(data["region"]))
    rng = [PALETTE[3] if r != "All local governments" else INK for r in domain]
    data = _regions(data).assign(measure=tl(data["measure"]))  # the tooltip's words; the buttons filter on them
    domain = [name(r) for r in domain] if lang() != "en" else domain
    options = tl(["own revenue", "tax revenue"])
    pick = alt.param(name="fiscal_measure", value=options[0],
                     bind=alt.binding_radio(options=options,
                                            labels=["Own revenue ÷ spending", "Tax revenue ÷ spending"],
                                            name="Measure: "))
    chart = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("share_pct:Q", title="Share of spending covered (%)", scale=alt.Scale(domain=[0, 80])),
            color=alt.Color("region:N", title=None, scale=alt.Scale(domain=domain, range=rng)),
            strokeDash=alt.StrokeDash("region:N", title=None, scale=alt.Scale(domain=domain, range=[[1, 0], [5, 3]])),
            tooltip=["region:N", alt.Tooltip("year:Q", format="d"), "measure:N",
                     alt.Tooltip("share_pct:Q", format=".1f"),
                     alt.Tooltip("revenue:Q", title="revenue (RMB 100 million)", format=",.0f"),
                     alt.Tooltip("expenditure:Q", title="spending (RMB 100 million)", format=",.0f")],
        )
        .add_params(pick)
        .transform_filter("datum.measure == fiscal_measure")
    )
    o = own[own["region"] != "All local governments"].set_index("year")["share_pct"]
    a = own[own["region"] == "All local governments"].set_index("year")["share_pct"]
    tx = tax.set_index("year")["share_pct"]
    return figure(
        chart, name="fig-ten-fiscal", title=f"Who pays for {who}'s spending?",
        subtitle="General budget revenue (or tax revenue) as a share of general budget spending; the rest is mostly central transfers",
        description=tf("Line chart of the share of general budget spending covered by own revenue, {who} against all "
                       "local governments: {own_first:.1f}% against {all_first:.1f}% in {first_year}, {own_last:.1f}% "
                       "against {all_last:.1f}% in {last_year}. Buttons switch to tax revenue as a share of spending, "
                       "{tax_first:.1f}% in {tax_first_year} and {tax_last:.1f}% in {tax_last_year}.",
                       who=name(who), own_first=o.iloc[0], all_first=a.iloc[0], first_year=int(o.index[0]),
                       own_last=o.iloc[-1], all_last=a.iloc[-1], last_year=int(o.index[-1]),
                       tax_first=tx.iloc[0], tax_first_year=int(tx.index[0]), tax_last=tx.iloc[-1],
                       tax_last_year=int(tx.index[-1])),
        data=data, sources=sources,
    )


#: the amounts of the timeline's events (tenyears' events table) and their Chinese: RMB billions
#: in 亿元 (× 10, computed), counts with their measure word
AMOUNTS = ((r"RMB (?P<n>[0-9.]+) billion", None), (r"(?P<n>[0-9]+) banks", "{n} banks"),
           (r"(?P<n>[0-9]+) rural credit unions", "{n} rural credit unions"),
           (r"(?P<n>[0-9.]+) km2", "{n} km2"), (r"(?P<n>[0-9]+) companies licensed on day one",
                                                  "{n} companies licensed on day one"))


def amount_text(amount: str, language: str | None = None) -> str:
    """An event's amount in ``language`` (default: this run's): 'RMB 5.5 billion' is 55 亿元."""
    import re
    from decimal import Decimal

    if not amount or (language or lang()) == "en":
        return amount
    for pattern, template in AMOUNTS:
        m = re.fullmatch(pattern, amount)
        if m and template is None:
            return f"{format((Decimal(m['n']) * 10).normalize(), 'f')} 亿元"
        if m:
            return tf(template, language, n=m["n"])
    return t(amount, language)


def _label_lines(label: str) -> list[str]:
    """A Chinese label in lines of about WRAP Latin characters' width (a CJK character counts 1.8)."""
    from .web_figure import _wrap

    lines = _wrap(label, WRAP)
    return lines if isinstance(lines, list) else [lines]


ROW = 44  # pixels per event on the timeline: the date, then the label on up to two lines
WRAP = 34  # characters per label line, so that a label fits a phone's width


def timeline_chart(t: pd.DataFrame, sources: list[pd.DataFrame]) -> Figure:
    """A vertical timeline, one row per event (date and amount above, what happened below), so it
    reads on a phone; colour marks distress or policy."""
    data = t.copy()
    data["row"] = range(len(data))
    zh = lang() != "en"
    if zh:  # the events' words in Chinese, the amounts' numbers as the sources give them
        data = data.assign(label=tl(data["label"]), amount=data["amount"].map(amount_text), kind=tl(data["kind"]),
                           region=data["region"].map(name), precision=tl(data["precision"]))  # the last two: the table
    data["date_label"] = data["date_text"] + data["amount"].map(lambda a: f" · {a}" if a else "")
    data["label_lines"] = data["label"].map(_label_lines if zh else (lambda t: textwrap.wrap(t, WRAP)))
    data = data.drop(columns=["date"])
    kinds = tl(["distress", "policy"])
    # the y axis's line is the timeline's spine: no labels or ticks, the markers sit on it
    base = alt.Chart(data).encode(y=alt.Y("row:O", title=None, axis=alt.Axis(labels=False, ticks=False, grid=False,
                                                                             domain=True, title=None)))
    dots = base.mark_point(filled=True, opacity=1, size=110).encode(
        x=alt.X("x:Q", axis=None, scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("kind:N", title=None, sort=kinds, scale=alt.Scale(domain=kinds, range=[PALETTE[3], PALETTE[0]]),
                        legend=alt.Legend(labelExpr=f"datum.label === '{kinds[0]}' ? '{tl('firm or bank in distress')}' : "
                                                    f"'{tl('policy milestone')}'")),
        shape=alt.Shape("kind:N", sort=kinds, legend=None, scale=alt.Scale(domain=kinds, range=["triangle-down", "circle"])),
        tooltip=["date_text:N", "kind:N", "label:N", "amount:N", "source:N"],
    ).transform_calculate(x="0")
    limit = alt.ExprRef("max(containerSize()[0] - 24, 120)")
    when = base.mark_text(align="left", baseline="bottom", dx=12, dy=-1, fontSize=11, limit=limit, color=INK).encode(
        x=alt.X("x:Q", scale=alt.Scale(domain=[0, 1])), text="date_label:N").transform_calculate(x="0")
    what = base.mark_text(align="left", baseline="top", dx=12, dy=1, fontSize=12, fontWeight="bold", limit=limit,
                          lineHeight=14, color=INK).encode(
        x=alt.X("x:Q", scale=alt.Scale(domain=[0, 1])), text="label_lines:N").transform_calculate(x="0")
    chart = alt.layer(dots, when, what)
    first, last = data.iloc[0], data.iloc[-1]
    n_d = int((t["kind"] == "distress").sum())
    fig = figure(
        chart, name="fig-ten-timeline", title="A decade of distress and policy, dated",
        subtitle="Firms and banks in distress (triangles) and policy milestones (circles); hover or tap for the source",
        description=tf("Vertical timeline of {n} dated events from {first_date} ({first_label}) to {last_date} "
                       "({last_label}): {distress} failures or rescues of state firms and banks and {policy} policy "
                       "milestones, each labelled with its date and amount.",
                       n=len(data), first_date=first["date_text"], first_label=first["label"],
                       last_date=last["date_text"], last_label=last["label"], distress=n_d, policy=len(data) - n_d),
        data=data[["date_text", "precision", "kind", "region", "label", "amount", "source"]], sources=sources,
        notes=_weak(sources),
    )
    fig.chart = fig.chart.properties(height=ROW * len(data))
    return fig
