"""Chapter 4, "Ten years on": the Northeast's own record since 2016.

One function per section returns the numbers that section quotes (a dict of plain
Python values the chapter glues); the tables behind the charts come from the
functions they call. Every share here is a ratio of sums over the chosen
provinces, computed from levels of one source and one basis, never a mean of
published shares.
"""
from __future__ import annotations

from functools import cache

import pandas as pd

from . import data
from .i18n import UNIT_SCALES, language, places, scaled_format, t
from .parameters import PROVINCES, validate

#: the four glued numbers the issue names (an interface: the scenario runner and tests read them)
GLUED_KEYS = (
    "ne_mining_manufacturing_jobs_change_2015_2019_millions",
    "ne_steel_output_share_2016_pct",
    "ne_own_revenue_share_of_spending_2019_pct",
    "ne_aged_65_share_2020_pct",
)
SECTOR_LABELS = {"mining_manufacturing": "Mining + manufacturing", "mining": "Mining",
                 "manufacturing": "Manufacturing", "all_units": "All urban non-private units"}


def check(provinces) -> list[str]:
    """The chosen provinces, validated through the book's parameter table (a tuple counts as a list)."""
    if isinstance(provinces, tuple):
        provinces = list(provinces)
    return validate("ten_years_on", provinces=provinces)["provinces"]


def label(provinces, lang: str | None = None) -> str:
    """'the Northeast' for all three provinces, else their names joined with '+' (东北, 吉林 + 黑龙江
    in Chinese); ``lang`` defaults to the run's. The tables name regions in English (``lang='en'``)."""
    provinces = check(provinces)
    return t("the Northeast", language(lang)) if len(provinces) == len(PROVINCES) else places(provinces, lang)


@cache
def _load(name: str) -> pd.DataFrame:
    return data.load(name)


def _sources(*names: str) -> list[pd.DataFrame]:
    return [_load(n) for n in names]


# --------------------------------------------------------------------------
# 1. Jobs in the region
# --------------------------------------------------------------------------

def employment(provinces=PROVINCES) -> pd.DataFrame:
    """Urban-unit employment by province, sector and year, in millions.

    Columns region, year, sector, millions; sector is all_units, mining, manufacturing and
    mining_manufacturing (their sum, in the years both exist).
    """
    provinces = check(provinces)
    e = _load("urban_unit_employment")
    e = e[e["region"].isin(provinces) & (e["year"] >= 2008)]
    e = e.assign(millions=e["value"] / 100)[["region", "year", "sector", "millions"]]
    both = e[e["sector"].isin(["mining", "manufacturing"])].pivot_table(
        index=["region", "year"], columns="sector", values="millions").dropna()
    mm = (both["mining"] + both["manufacturing"]).rename("millions").reset_index().assign(sector="mining_manufacturing")
    return pd.concat([e, mm[["region", "year", "sector", "millions"]]], ignore_index=True).sort_values(
        ["sector", "region", "year"]).reset_index(drop=True)


def _total(table: pd.DataFrame, sector: str, year: int, provinces) -> float:
    t = table[(table["sector"] == sector) & (table["year"] == year)]
    missing = set(provinces) - set(t["region"])
    if missing:
        raise ValueError(f"no {sector} employment for {sorted(missing)} in {year}")
    return float(t["millions"].sum())


def unemployment(provinces=PROVINCES) -> pd.DataFrame:
    """Registered urban unemployment: rate (%) and count (millions) by province and year.

    Columns region, year, measure (registered_rate, registered_count), value.
    """
    provinces = check(provinces)
    u = _load("registered_unemployment")
    u = u[u["region"].isin(provinces) & u["measure"].isin(["registered_rate", "registered_count"])].copy()
    u["value"] = u["value"].where(u["measure"] != "registered_count", u["value"] / 100)
    return u[["region", "year", "measure", "value"]].reset_index(drop=True)


def jobs_section(provinces=PROVINCES) -> dict:
    """The numbers of section 1: the fall in mining and manufacturing jobs, all urban units
    to 2024, Chapter 2's layoff estimate beside it, and registered unemployment."""
    from . import model

    provinces = check(provinces)
    e = employment(provinces)
    mm15, mm19 = _total(e, "mining_manufacturing", 2015, provinces), _total(e, "mining_manufacturing", 2019, provinces)
    all15, all19 = _total(e, "all_units", 2015, provinces), _total(e, "all_units", 2019, provinces)
    last = int(e[e["sector"] == "all_units"]["year"].max())
    all_last = _total(e, "all_units", last, provinces)
    layoffs_ne = model.scenario().glue_values()["layoffs_northeast_millions"]
    u = unemployment(provinces)
    rate = u[(u["measure"] == "registered_rate") & u["year"].between(2015, 2019)].pivot(
        index="year", columns="region", values="value")
    count = u[u["measure"] == "registered_count"].pivot(index="year", columns="region", values="value")
    mm_change = mm19 - mm15
    ratio = (-mm_change / layoffs_ne) if layoffs_ne > 0 else None
    return {
        "jobs_vs_layoffs_text": jobs_vs_layoffs_text(provinces, mm_change, layoffs_ne),
        "ne_mining_manufacturing_jobs_change_2015_2019_millions": mm_change,
        "mm_jobs_2015_millions": mm15,
        "mm_jobs_2019_millions": mm19,
        "mm_jobs_change_pct": mm_change / mm15 * 100,
        "all_units_2015_millions": all15,
        "all_units_2019_millions": all19,
        "all_units_last_year": last,
        "all_units_last_millions": all_last,
        "all_units_change_2015_last_millions": all_last - all15,
        "ch2_layoffs_northeast_millions": layoffs_ne,
        "mm_fall_to_ch2_layoffs_ratio": ratio,
        "registered_rate_min_2015_2019": float(rate.min().min()),
        "registered_rate_max_2015_2019": float(rate.max().max()),
        "registered_unemployed_2015_millions": float(count.loc[2015, provinces].sum()),
        "registered_unemployed_2019_millions": float(count.loc[2019, provinces].sum()),
    }


def _wan(value: float, sign: str = "") -> str:
    """A number in millions (persons, tonnes) as Chinese prints it, in 万: 1.24 -> '124'."""
    return scaled_format(value, sign + ",.0f@million-to-wan")


def jobs_vs_layoffs_text(provinces: list[str], mm_change: float, layoffs_ne: float, lang: str | None = None) -> str:
    """The sentence setting the fall in jobs beside Chapter 2's layoff estimate for the Northeast."""
    if language(lang) == "zh":
        est = f"第 2 章的模型估计，钢铁和煤炭去产能在东北造成的裁员为 {_wan(layoffs_ne)} 万人"
        if layoffs_ne <= 0:
            return est + "，因此没有可与就业降幅相比的数字。"
        if mm_change >= 0:
            return est + f"；所选省份采矿业和制造业的就业并未下降（{_wan(mm_change, '+')} 万人）。"
        tail = "" if len(provinces) == len(PROVINCES) else "（这是整个地区的数字：所选省份只是其中一部分，因此这一比较会让该估计显得过小）"
        return (est + tail + f"；而城镇单位中采矿业和制造业就业减少了 {_wan(-mm_change)} 万人，"
                f"是该估计的 {-mm_change / layoffs_ne:.1f} 倍。")
    est = f"Chapter 2's model puts the Northeast's layoffs from the steel and coal cuts at {layoffs_ne:.2f} million"
    if layoffs_ne <= 0:
        return est + ", so there is nothing to set the fall beside."
    if mm_change >= 0:
        return est + f"; in the chosen provinces mining and manufacturing jobs did not fall ({mm_change:+.2f} million)."
    ratio = -mm_change / layoffs_ne
    whole = len(provinces) == len(PROVINCES)
    tail = "" if whole else (" (for the whole region: the chosen provinces are only part of it, so the "
                             "comparison overstates how small the estimate is)")
    return (est + tail + f"; the fall in mining and manufacturing jobs in urban units, {-mm_change:.2f} million, "
            f"is {ratio:.1f} times that.")


# --------------------------------------------------------------------------
# 2. Output and cuts in the region
# --------------------------------------------------------------------------

def steel_output(provinces=PROVINCES) -> pd.DataFrame:
    """Crude steel output of each chosen province and China, Mt, from the one NBS download."""
    provinces = check(provinces)
    s = _load("steel_coal_output")
    s = s[(s["product"] == "crude_steel") & (s["basis"] == "nbs_download") & s["region"].isin(provinces + ["China"])]
    return s[["region", "year", "value"]].rename(columns={"value": "mt"}).reset_index(drop=True)


def steel_share(provinces=PROVINCES) -> pd.DataFrame:
    """The chosen provinces' crude steel (summed) as a percentage of China's, by year.

    Columns year, provinces_mt, china_mt, share_pct; numerator and denominator come from the
    same NBS download (basis ``nbs_download``), and a year counts only if every chosen province
    has a value.
    """
    provinces = check(provinces)
    s = steel_output(provinces)
    prov = s[s["region"] != "China"].pivot(index="year", columns="region", values="mt").dropna()
    china = s[s["region"] == "China"].set_index("year")["mt"].rename("china_mt")
    out = pd.concat([prov[provinces].sum(axis=1).rename("provinces_mt"), china], axis=1, join="inner").reset_index()
    out["share_pct"] = out["provinces_mt"] / out["china_mt"] * 100
    return out


def coal_share(provinces=PROVINCES) -> pd.DataFrame:
    """Raw coal of each chosen province that has data, as a % of China's, on the above-designated-size basis.

    Columns region, year, mt, china_mt, share_pct (empty where no province has data, e.g. Liaoning).
    """
    provinces = check(provinces)
    c = _load("steel_coal_output")
    c = c[(c["product"] == "raw_coal") & (c["basis"] == "above_designated_size")]
    china = c[c["region"] == "China"].set_index("year")["value"]
    prov = c[c["region"].isin(provinces)].rename(columns={"value": "mt"})
    prov = prov[prov["year"].isin(china.index)].copy()
    prov["china_mt"] = prov["year"].map(china)
    prov["share_pct"] = prov["mt"] / prov["china_mt"] * 100
    return prov[["region", "year", "mt", "china_mt", "share_pct"]].reset_index(drop=True)


#: which published figure stands for a province's 2016 steel-capacity cut (the only ones found)
STEEL_CUT_SERIES = {"Heilongjiang": "steel_capacity_cut_target", "Jilin": "steel_capacity_cut_achieved"}


def cuts_against_output(provinces=PROVINCES) -> pd.DataFrame:
    """Steel capacity cut in 2016 against the change in crude-steel output 2016→2019, per province.

    Columns region, cut_mt, cut_kind, output_2016_mt, output_2019_mt, output_change_mt. Only
    provinces with a published 2016 steel cut (Heilongjiang's target, Jilin's result) appear.
    """
    provinces = check(provinces)
    cuts = _load("provincial_capacity_cuts")
    out = steel_output(provinces).pivot(index="year", columns="region", values="mt")
    rows = []
    for p in provinces:
        series = STEEL_CUT_SERIES.get(p)
        if series is None:
            continue
        c = cuts[(cuts["region"] == p) & (cuts["series"] == series) & (cuts["year"] == 2016)]
        rows.append({"region": p, "cut_mt": float(c["value"].iloc[0]),
                     "cut_kind": "target" if series.endswith("target") else "reported cut",
                     "output_2016_mt": float(out.loc[2016, p]), "output_2019_mt": float(out.loc[2019, p])})
    t = pd.DataFrame(rows, columns=["region", "cut_mt", "cut_kind", "output_2016_mt", "output_2019_mt"])
    t["output_change_mt"] = t["output_2019_mt"] - t["output_2016_mt"]
    return t


CUT_LABELS = {
    "coal_capacity_cut_plan_2016_2020": "coal: plan 2016–2020",
    "coal_capacity_cut_target_2016_2020": "coal: ordered cut 2016–2020",
    "coal_capacity_cut_target_annual": "coal: annual target",
    "coal_capacity_cut_achieved": "coal: reported cut",
    "coal_capacity_reverified_reduction": "coal: re-rated away (paper cut)",
    "coal_capacity_closed_since_2018": "coal: small mines closed from 2018",
    "steel_capacity_cut_target": "steel: target",
    "steel_capacity_cut_achieved": "steel: reported cut",
    "steel_capacity_cut_target_h1": "steel: to close by mid-2017 ('more than')",
    "steel_capacity_sealed_by_aug": "steel: sealed by August",
}


def cuts_table(provinces=PROVINCES) -> pd.DataFrame:
    """The provinces' capacity-cut plans and results in Mt/yr, one row per published figure.

    Columns province, year, what, mt, source.
    """
    provinces = check(provinces)
    c = _load("provincial_capacity_cuts")
    c = c[c["region"].isin(provinces) & c["series"].isin(list(CUT_LABELS)) & (c["unit"] == "Mt/yr")]
    t = pd.DataFrame({"province": c["region"], "year": c["year"], "what": c["series"].map(CUT_LABELS),
                      "mt": c["value"], "source": c["source_title"].str.split(":").str[0]})
    order = {p: i for i, p in enumerate(PROVINCES)}
    t = t.drop_duplicates(["province", "year", "what"])
    return t.sort_values(["province", "year", "what"], key=lambda s: s.map(order) if s.name == "province" else s
                         ).reset_index(drop=True)


def cuts_table_html(provinces=PROVINCES, lang: str | None = None) -> str:
    """:func:`cuts_table` as the chapter shows it (HTML in the book's scrolling wrapper, ``mt`` headed
    Mt/yr), in ``lang`` (default: the run's): the provinces, the kinds of figure and the headings in
    that language, the sources' names as written (marked English in a Chinese run)."""
    import html

    lang = language(lang)
    cuts = cuts_table(provinces).rename(columns={"mt": "Mt/yr"})
    options = {"index": False, "border": 0, "classes": "table", "float_format": "{:.2f}".format}
    if lang != "en":  # Chinese counts tonnes in 万吨: the same figures times a hundred
        cuts = cuts.assign(**{"Mt/yr": cuts["Mt/yr"] * UNIT_SCALES["million-to-wan"]}).rename(
            columns={"Mt/yr": "10,000 t/yr"})
        options["float_format"] = "{:,.0f}".format
        cuts = cuts.assign(province=cuts["province"].map(lambda p: t(p, lang)),
                           what=cuts["what"].map(lambda w: t(w, lang)),
                           source=cuts["source"].map(lambda s: f'<span lang="en">{html.escape(s)}</span>'))
        cuts = cuts.rename(columns={c: t(c, lang) for c in cuts.columns})
        options["escape"] = False
    return '<div class="rb-table-wrap">' + cuts.to_html(**options) + "</div>"


def output_section(provinces=PROVINCES) -> dict:
    """The numbers of section 2: the steel share before and after 2016, output after the cuts, coal."""
    provinces = check(provinces)
    share = steel_share(provinces).set_index("year")
    cvo = cuts_against_output(provinces)
    coal = coal_share(provinces)
    rose = cvo[cvo["output_change_mt"] > 0]
    out = {
        "ne_steel_output_share_2016_pct": float(share.loc[2016, "share_pct"]),
        "steel_share_first_year": int(share.index.min()),
        "steel_share_first_pct": float(share["share_pct"].iloc[0]),
        "steel_share_2015_pct": float(share.loc[2015, "share_pct"]),
        "steel_share_last_year": int(share.index.max()),
        "steel_share_last_pct": float(share["share_pct"].iloc[-1]),
        "steel_output_2016_mt": float(share.loc[2016, "provinces_mt"]),
        "steel_output_last_mt": float(share["provinces_mt"].iloc[-1]),
        "steel_output_change_2016_last_pct": float(share["provinces_mt"].iloc[-1] / share.loc[2016, "provinces_mt"] * 100 - 100),
        "n_provinces_with_steel_cut": int(len(cvo)),
        "n_provinces_output_rose_after_cut": int(len(rose)),
        "steel_cut_total_mt": float(cvo["cut_mt"].sum()),
        "steel_output_rise_after_cut_mt": float(rose["output_change_mt"].sum()),
        "steel_trend_text": steel_trend_text(share["share_pct"]),
        "coal_share_text": coal_share_text(coal),
        "cuts_text": cuts_text(cvo),
    }
    return out


def steel_trend_text(share: pd.Series, lang: str | None = None) -> str:
    """Did the steel share fall before the cuts or after them? (share: percent by year)"""
    first, last = int(share.index.min()), int(share.index.max())
    before = share[2015] - share[first]
    after = share[last] - share[2016]
    if language(lang) == "zh":
        when = "去产能之前" if abs(before) > abs(after) else "去产能开始之后"
        return (f"这一份额从 {first} 年到 2015 年变化了 {before:+.1f} 个百分点，从 2016 年到 {last} 年变化了 "
                f"{after:+.1f} 个百分点：较大的变动发生在{when}。")
    when = "before the cuts" if abs(before) > abs(after) else "after the cuts began"
    return (f"The share changed by {before:+.1f} points from {first} to 2015 and by {after:+.1f} points from 2016 "
            f"to {last}: the larger move came {when}.")


def cuts_text(cvo: pd.DataFrame, lang: str | None = None) -> str:
    """What the steel cuts did to output, province by province, from what was published."""
    zh = language(lang) == "zh"
    if cvo.empty:
        c = _load("provincial_capacity_cuts").set_index(["series", "region", "year"])["value"]
        ln = float(c[("steel_capacity_cut_target_h1", "Liaoning", 2017)])
        if zh:
            return (f"所选省份都没有公布 2016 年钢铁去产能的数字（辽宁唯一的数字是计划到 2017 年年中关闭 {_wan(ln)} 万吨以上的产能），"
                    "因此无法为它们比较去产能与产量。")
        return ("None of the chosen provinces has a published figure for its 2016 steel-capacity cut "
                f"(Liaoning's only figure is a plan to close more than {ln:.0f} Mt by mid-2017), so the comparison "
                "of cuts with output cannot be made for them.")
    parts = []
    for r in cvo.itertuples():
        if zh:
            name = t(r.region, "zh")
            cut = (f"{name}计划在 2016 年削减 {_wan(r.cut_mt)} 万吨钢铁产能（这是其目标）"
                   if r.cut_kind == "target" else f"{name} 2016 年削减了 {_wan(r.cut_mt)} 万吨钢铁产能")
            moved = (f"，但其粗钢产量反而从 2016 年的 {_wan(r.output_2016_mt)} 万吨增至 2019 年的 {_wan(r.output_2019_mt)} 万吨"
                     if r.output_change_mt > 0 else
                     f"，其粗钢产量从 2016 年的 {_wan(r.output_2016_mt)} 万吨降至 2019 年的 {_wan(r.output_2019_mt)} 万吨")
            parts.append(cut + moved)
            continue
        verb = "rose" if r.output_change_mt > 0 else "fell"
        cut = (f"{r.region} was to cut {r.cut_mt:.2f} Mt of steel capacity in 2016 (its target)"
               if r.cut_kind == "target" else f"{r.region} cut {r.cut_mt:.2f} Mt of steel capacity in 2016")
        parts.append(f"{cut}, yet its crude-steel output {verb} from {r.output_2016_mt:.2f} Mt in 2016 to "
                     f"{r.output_2019_mt:.2f} Mt in 2019")
    return "；".join(parts) + "。" if zh else "; ".join(parts) + "."


def coal_share_text(coal: pd.DataFrame, lang: str | None = None) -> str:
    """One sentence on the provinces' share of China's coal, from what exists (never a guess)."""
    if language(lang) == "zh":
        if coal.empty:
            return "所查阅的资料都没有给出所选省份的原煤产量（辽宁则完全没有），因此无法计算它们在全国煤炭中的份额。"
        last = int(coal["year"].max())
        parts = [f"{t(r.region, 'zh')} {_wan(r.mt)} 万吨（占全国的 {r.share_pct:.1f}%）"
                 for r in coal[coal["year"] == last].itertuples()]
        return (f"煤炭方面，找到的省级数字只有 {last} 年及其上一年的，口径为规模以上工业企业：{last} 年"
                f"{'，'.join(parts)}；没有找到辽宁的数字。")
    if coal.empty:
        return ("No source read gives the chosen provinces' raw coal output (none at all for Liaoning), "
                "so their share of China's coal cannot be computed.")
    last = int(coal["year"].max())
    parts = [f"{r.region} {r.mt:.1f} Mt ({r.share_pct:.1f}% of China's)" for r in coal[coal["year"] == last].itertuples()]
    return (f"For coal the only provincial figures found are for {last} and the year before, on the basis of "
            f"enterprises above designated size: {', '.join(parts)} in {last}; no Liaoning figure was found.")


# --------------------------------------------------------------------------
# 3. Growth as first published and as revised
# --------------------------------------------------------------------------

def growth_vintages(provinces=PROVINCES) -> pd.DataFrame:
    """First-published real growth against today's revised NBS index, per province-year.

    Columns region, year, first_published, revised, gap_pts (first published − revised).
    """
    provinces = check(provinces)
    fp = _load("growth_first_published")
    fp = fp[fp["region"].isin(provinces)].rename(columns={"value": "first_published"})
    rg = _load("real_growth")
    rg = rg[rg["basis"] == "nbs_index_v4"].rename(columns={"value": "revised"})[["region", "year", "revised"]]
    t = fp[["region", "year", "first_published"]].merge(rg, on=["region", "year"], how="inner")
    t["gap_pts"] = t["first_published"] - t["revised"]
    return t.sort_values(["region", "year"]).reset_index(drop=True)


def recent_growth(provinces=PROVINCES, start: int = 2020) -> pd.DataFrame:
    """Preliminary communiqué growth of the chosen provinces from ``start`` and China's (V5), by year."""
    provinces = check(provinces)
    rg = _load("real_growth")
    prov = rg[(rg["basis"] == "communique_preliminary") & rg["region"].isin(provinces)]
    china = rg[(rg["basis"] == "nbs_v5") & (rg["region"] == "China")]
    t = pd.concat([prov, china])
    return t[t["year"] >= start][["region", "year", "basis", "value"]].rename(columns={"value": "growth_pct"}
                                                                             ).reset_index(drop=True)


def growth_section(provinces=PROVINCES) -> dict:
    """The numbers of section 3: how often and by how much first-published growth exceeded the revision,
    and growth since 2020 from the communiqués against China's."""
    provinces = check(provinces)
    t = growth_vintages(provinces)
    widest = t.loc[t["gap_pts"].idxmax()]
    recent = recent_growth(provinces)
    prov = recent[recent["region"] != "China"]
    china = recent[recent["region"] == "China"].set_index("year")["growth_pct"]
    # compare like with like: each province-year against China's same year
    gaps = prov["growth_pct"].to_numpy() - prov["year"].map(china).to_numpy()
    below = int((gaps < 0).sum())
    return {
        "growth_pairs": int(len(t)),
        "growth_pairs_first_higher": int((t["gap_pts"] > 0).sum()),
        "growth_gap_mean_pts": float(t["gap_pts"].mean()),
        "growth_gap_widest_pts": float(widest["gap_pts"]),
        "growth_gap_widest_where": place_year_text(widest["region"], int(widest["year"])),
        "growth_gap_widest_first": float(widest["first_published"]),
        "growth_gap_widest_revised": float(widest["revised"]),
        "recent_growth_pairs": int(len(prov)),
        "recent_growth_below_china": below,
        "recent_growth_first_year": int(prov["year"].min()),
        "recent_growth_last_year": int(prov["year"].max()),
        "recent_growth_mean_gap_pts": float(gaps.mean()),
        "recent_growth_gap_text": recent_growth_gap_text(float(gaps.mean())),
    }


def place_year_text(region: str, year: int, lang: str | None = None) -> str:
    """'Jilin 2008' (吉林 2008 年): where and when, in a parenthesis after a number."""
    return f"{t(region, 'zh')} {year} 年" if language(lang) == "zh" else f"{region} {year}"


def recent_growth_gap_text(mean_gap: float, lang: str | None = None) -> str:
    """The provinces' mean growth gap against China's (points a year), in words."""
    if language(lang) == "zh":
        return f"平均每年比全国{'慢' if mean_gap < 0 else '快'} {abs(mean_gap):.1f} 个百分点"
    return f"{abs(mean_gap):.1f} points a year {'more slowly' if mean_gap < 0 else 'faster'} than China"


# --------------------------------------------------------------------------
# 4. People
# --------------------------------------------------------------------------

def aged_65_share(provinces=PROVINCES, year: int = 2020) -> dict:
    """The chosen provinces' share aged 65+ at a census, percent: each province's census share
    weighted by its census population (``census_population``).

    Returns share_pct, derived (the provinces whose share is DERIVED in the data, e.g. Jilin) and
    missing (provinces without a census share that year, e.g. Heilongjiang in 2010; the share is
    then None).
    """
    provinces = check(provinces)
    d = _load("demography")
    d = d[(d["series"] == "pop65_share_census") & (d["year"] == year)].set_index("region")
    c = _load("census_population")
    pop = c[c["year"] == year].set_index("region")["value"]
    missing = [p for p in provinces if p not in d.index or p not in pop.index]
    derived = [p for p in provinces if p in d.index and d.loc[p, "derived"] == "yes"]
    if missing:
        return {"share_pct": None, "derived": derived, "missing": missing}
    w = pop[provinces].astype(float)
    share = float((d.loc[provinces, "value"] * w).sum() / w.sum())
    return {"share_pct": share, "derived": derived, "missing": []}


def ageing_table(provinces=PROVINCES) -> pd.DataFrame:
    """65+ shares at the 2010 and 2020 censuses for the chosen provinces, the selection (weighted)
    and China. Columns region, census, share_pct, derived."""
    provinces = check(provinces)
    d = _load("demography")
    d = d[(d["series"] == "pop65_share_census") & d["region"].isin(provinces + ["China"])]
    t = pd.DataFrame({"region": d["region"], "census": d["year"].astype(str), "share_pct": d["value"],
                      "derived": d["derived"] == "yes"})
    sel = label(provinces, "en")
    if len(provinces) > 1:
        for year in (2010, 2020):
            a = aged_65_share(provinces, year)
            if a["share_pct"] is not None:
                t = pd.concat([t, pd.DataFrame([{"region": sel[0].upper() + sel[1:], "census": str(year),
                                                 "share_pct": a["share_pct"], "derived": bool(a["derived"])}])])
    return t.reset_index(drop=True)


def population(provinces=PROVINCES) -> pd.DataFrame:
    """Year-end population on the post-2020-census basis, summed over the chosen provinces (millions)."""
    provinces = check(provinces)
    p = _load("population_yearend")
    p = p[(p["basis"] == "post_2020_census") & p["region"].isin(provinces)]
    wide = p.pivot(index="year", columns="region", values="value").dropna()
    return (wide[provinces].sum(axis=1) / 100).rename("millions").reset_index()


def births(provinces=PROVINCES) -> pd.DataFrame:
    """Birth rates (per 1,000) of the chosen provinces and China. Columns region, year, per_1000."""
    provinces = check(provinces)
    d = _load("demography")
    d = d[(d["series"] == "birth_rate") & d["region"].isin(provinces + ["China"])]
    return d[["region", "year", "value"]].rename(columns={"value": "per_1000"}).reset_index(drop=True)


def people_section(provinces=PROVINCES) -> dict:
    """The numbers of section 4: ageing at the 2020 census, population to the last year, births."""
    provinces = check(provinces)
    a20 = aged_65_share(provinces, 2020)
    d = _load("demography")
    census = d[d["series"] == "pop65_share_census"].set_index(["region", "year"])["value"]
    pop = population(provinces)
    b = births(provinces)
    prov_b = b[b["region"] != "China"]
    latest = prov_b.loc[prov_b["year"].idxmax()] if len(prov_b) else None
    low = prov_b.loc[prov_b["per_1000"].idxmin()]
    china_b = b[b["region"] == "China"].set_index("year")["per_1000"]
    return {
        "ne_aged_65_share_2020_pct": a20["share_pct"],
        "aged_65_derived_flag": derived_text(a20["derived"]),
        "china_aged_65_share_2020_pct": float(census[("China", 2020)]),
        "china_aged_65_share_2010_pct": float(census[("China", 2010)]),
        "aged_65_gap_2020_pts": a20["share_pct"] - float(census[("China", 2020)]),
        "population_first_year": int(pop["year"].iloc[0]),
        "population_first_millions": float(pop["millions"].iloc[0]),
        "population_last_year": int(pop["year"].iloc[-1]),
        "population_last_millions": float(pop["millions"].iloc[-1]),
        "population_change_pct": float(pop["millions"].iloc[-1] / pop["millions"].iloc[0] * 100 - 100),
        "birth_rate_low_where": place_in_year_text(low["region"], int(low["year"])),
        "birth_rate_low": float(low["per_1000"]),
        "birth_rate_latest_year": None if latest is None else int(latest["year"]),
        "china_birth_rate_2019": float(china_b[2019]),
    }


def derived_text(derived: list[str], lang: str | None = None) -> str:
    """Which provinces' 65+ share is derived rather than read from a census bulletin, in a sentence."""
    if language(lang) == "zh":
        if derived:
            return (f"{'和'.join(t(p, 'zh') for p in derived)}的比重是推算的（由东北的合计和其他省份的普查数推出，"
                    "并非读自其本省的普查公报），因此这一数字是近似值。")
        return "其中每个比重都读自普查公报。"
    if derived:
        return (f"{' and '.join(derived)}'s share is derived (inferred from the Northeast's total and the "
                "other provinces' census counts, not read from its own census bulletin), so this figure is approximate.")
    return "Every share in it is read from a census bulletin."


def place_in_year_text(region: str, year: int, lang: str | None = None) -> str:
    """'Heilongjiang in 2023' (黑龙江，2023 年)."""
    return f"{t(region, 'zh')}，{year} 年" if language(lang) == "zh" else f"{region} in {year}"


# --------------------------------------------------------------------------
# 5. Pensions and public money
# --------------------------------------------------------------------------

def own_revenue_share(provinces=PROVINCES) -> pd.DataFrame:
    """Own (general budget) revenue as a % of general budget spending, by year.

    Rows for the chosen provinces together (a ratio of sums: revenue summed over expenditure
    summed, from the levels) and for all local governments. Columns region, year, revenue,
    expenditure, share_pct, measure ('own revenue'); a year counts only if every chosen
    province has both levels.
    """
    provinces = check(provinces)
    return _coverage(provinces, "revenue", "own revenue")


def tax_share(provinces=PROVINCES) -> pd.DataFrame:
    """Tax revenue as a % of general budget spending (a lower bound of own revenue), ratio of sums."""
    return _coverage(check(provinces), "tax_revenue", "tax revenue")


def _coverage(provinces: list[str], numerator: str, measure: str) -> pd.DataFrame:
    f = _load("public_finance")
    rows = []
    groups = [(label(provinces, "en"), provinces)]
    if numerator == "revenue":
        groups.append(("All local governments", ["All local governments"]))
    for name, regions in groups:
        sub = f[f["region"].isin(regions) & f["series"].isin([numerator, "expenditure"])]
        wide = sub.pivot_table(index="year", columns=["series", "region"], values="value")
        years = [y for y in wide.index
                 if all(pd.notna(wide.get((s, r), pd.Series(dtype=float)).get(y)) for s in (numerator, "expenditure")
                        for r in regions)]
        for y in years:
            num = sum(float(wide.loc[y, (numerator, r)]) for r in regions)
            den = sum(float(wide.loc[y, ("expenditure", r)]) for r in regions)
            rows.append({"region": name[0].upper() + name[1:], "year": int(y), "revenue": num, "expenditure": den,
                         "share_pct": num / den * 100, "measure": measure})
    return pd.DataFrame(rows)


def pensions_section() -> dict:
    """The numbers of section 5 on pensions (Heilongjiang's fund, dependency, the adjustment fund)."""
    p = _load("pensions").set_index(["series", "region", "year"])["value"]
    bn = lambda key: float(p[key]) / 10  # noqa: E731  RMB 100 million -> RMB billion
    return {
        "hlj_pension_income_2016_bn": bn(("enterprise_pension_fund_income", "Heilongjiang", 2016)),
        "hlj_pension_spending_2016_bn": bn(("enterprise_pension_fund_expenditure", "Heilongjiang", 2016)),
        "hlj_pension_balance_2015_bn": bn(("enterprise_pension_fund_accumulated_balance", "Heilongjiang", 2015)),
        "hlj_pension_balance_2016_bn": bn(("enterprise_pension_fund_accumulated_balance", "Heilongjiang", 2016)),
        "hlj_contributors_per_retiree_2017": float(p[("pension_contributors_per_retiree", "Heilongjiang", 2017)]),
        "china_contributors_per_retiree_2016": float(p[("pension_contributors_per_retiree", "China", 2016)]),
        "provinces_in_deficit_2016": int(p[("provinces_with_pension_current_deficit", "China", 2016)]),
        "adjustment_fund_2020_bn": bn(("central_adjustment_fund_size", "China", 2020)),
        "ln_adjustment_net_2020_bn": bn(("central_adjustment_fund_net_benefit", "Liaoning", 2020)),
        "hlj_adjustment_net_2020_bn": bn(("central_adjustment_fund_net_benefit", "Heilongjiang", 2020)),
        "ne_pension_transfers_2023_bn": bn(("central_pension_gap_transfers", "Northeast", 2023)),
    }


def fiscal_section(provinces=PROVINCES) -> dict:
    """The numbers of section 5 on public money: own revenue against spending, tax revenue to the last year."""
    provinces = check(provinces)
    own = own_revenue_share(provinces)
    sel = own[own["region"] != "All local governments"].set_index("year")["share_pct"]
    allg = own[own["region"] == "All local governments"].set_index("year")["share_pct"]
    tax = tax_share(provinces).set_index("year")
    hlj = _load("public_finance").set_index(["series", "region", "year"])["value"]
    return {
        "ne_own_revenue_share_of_spending_2019_pct": float(sel[2019]),
        "own_revenue_share_2010_pct": float(sel[2010]),
        "all_local_own_revenue_share_2010_pct": float(allg[2010]),
        "all_local_own_revenue_share_2019_pct": float(allg[2019]),
        "own_revenue_gap_2019_pts": float(allg[2019] - sel[2019]),
        "tax_share_first_year": int(tax.index.min()),
        "tax_share_first_pct": float(tax["share_pct"].iloc[0]),
        "tax_share_last_year": int(tax.index.max()),
        "tax_share_last_pct": float(tax["share_pct"].iloc[-1]),
        "spending_first_bn": float(tax["expenditure"].iloc[0]) / 10,
        "spending_last_bn": float(tax["expenditure"].iloc[-1]) / 10,
        "tax_first_bn": float(tax["revenue"].iloc[0]) / 10,
        "tax_last_bn": float(tax["revenue"].iloc[-1]) / 10,
        "hlj_transfers_2016_bn": float(hlj[("central_transfers", "Heilongjiang", 2016)]) / 10,
        "hlj_transfers_to_revenue_2016": float(hlj[("central_transfers", "Heilongjiang", 2016)]
                                               / hlj[("revenue", "Heilongjiang", 2016)]),
    }


def ratio_reason_text(top_budget: str, top_share: str, lang: str | None = None) -> str:
    """Why the ratio of sums differs from the mean of the provinces' ratios (the exercise on
    public money): the province with the largest budget, and whether it also has the highest share."""
    if language(lang) == "zh":
        budget = t(top_budget, "zh")
        if top_share == top_budget:
            return f"{budget}的预算最大，自有收入占比也最高，所以地区比率偏向{budget}。"
        return f"{budget}的预算最大，而自有收入占比最高的是{t(top_share, 'zh')}。"
    return (f"{top_budget} has the largest budget and "
            + ("also the highest share, so the regional ratio is pulled towards it."
               if top_share == top_budget else f"{top_share} the highest share."))


# --------------------------------------------------------------------------
# 6. Distress and policy, dated
# --------------------------------------------------------------------------

def _amount(value: float, unit: str) -> str:
    if unit == "event":
        return ""
    if unit == "RMB 100 million":
        return f"RMB {value / 10:,.3g} billion"
    return f"{value:,.4g} {unit}"


def timeline(provinces=PROVINCES) -> pd.DataFrame:
    """The labelled events (distress and policy), dated, with the amount each source gives.

    Region-wide events (the Northeast) always appear; a province's own events only if it is chosen.
    Columns date (Timestamp), date_text, precision, kind, region, label, amount, source.
    """
    provinces = check(provinces)
    ev = _load("ne_events")
    ev = ev[(ev["label"] != "") & ev["region"].isin(provinces + ["Northeast"])].copy()
    ev["date_text"] = ev["date"]
    ev["date"] = pd.to_datetime(ev["date"], format="mixed")
    ev["amount"] = [_amount(v, u) for v, u in zip(ev["value"], ev["unit"])]
    ev["source"] = ev["source_title"].str.split(":").str[0]
    return ev[["date", "date_text", "precision", "kind", "region", "label", "amount", "source"]].sort_values(
        "date").reset_index(drop=True)


def events_section(provinces=PROVINCES) -> dict:
    """The numbers of section 6: what the timeline holds and the size of the failures."""
    provinces = check(provinces)
    t = timeline(provinces)
    ev = _load("ne_events").set_index("event")["value"]
    after = t[t["date"] >= "2016-01-01"]
    return {
        "timeline_events": int(len(t)),
        "timeline_distress": int((after["kind"] == "distress").sum()),
        "timeline_policy": int((after["kind"] == "policy").sum()),
        "dss_bonds_defaulted_bn": float(ev["dongbei_special_steel_bonds_defaulted"]) / 10,
        "dss_claims_bn": float(ev["dongbei_special_steel_claims_reported"]) / 10,
        "dss_creditor_loss_pct": float(ev["dongbei_special_steel_creditor_loss"]),
        "huachen_liabilities_bn": float(ev["huachen_total_liabilities"]) / 10,
        "jinzhou_injection_bn": float(ev["bank_of_jinzhou_state_capital_injection"]) / 10,
        "jinzhou_assets_bn": float(ev["bank_of_jinzhou_total_assets"]) / 10,
        "ln_small_banks_absorbed": int(ev["liaoning_rural_commercial_bank_absorbs_small_banks"]),
        "timeline_text": timeline_text(provinces, int((after["kind"] == "distress").sum())),
    }


def timeline_text(provinces: list[str], n_distress: int, lang: str | None = None) -> str:
    """Which failures the timeline can show for the chosen provinces."""
    if language(lang) == "zh":
        if "Liaoning" in provinces:
            return (f"2016 年以来，时间线记录了国有企业和银行陷入困境的 {n_distress} 个有日期的步骤"
                    "（违约、重整、救助和强制合并），全部发生在辽宁。")
        return ("所选省份在数据中没有有日期的国有企业或银行倒闭事件（有记录的都在辽宁；黑龙江的国有煤炭企业龙煤集团"
                "以其亏损和债务出现，但没有有日期的违约或救助），因此时间线只显示全地区性的政策节点。")
    if "Liaoning" in provinces:
        return (f"Since 2016 the timeline holds {n_distress} dated steps in the distress of state firms and banks "
                "(defaults, restructurings, rescues and forced mergers), all of them in Liaoning.")
    return ("The chosen provinces have no dated SOE or bank failure in the data (the recorded ones are all in "
            "Liaoning; Heilongjiang's state coal group Longmay appears with its losses and debt, but with no dated "
            "default or rescue), so the timeline shows "
            "the region-wide policy milestones only.")


def glued(provinces=PROVINCES) -> dict:
    """The four interface numbers at the chosen provinces (what the chapter glues under these names)."""
    return {
        "ne_mining_manufacturing_jobs_change_2015_2019_millions":
            jobs_section(provinces)["ne_mining_manufacturing_jobs_change_2015_2019_millions"],
        "ne_steel_output_share_2016_pct": output_section(provinces)["ne_steel_output_share_2016_pct"],
        "ne_own_revenue_share_of_spending_2019_pct": fiscal_section(provinces)["ne_own_revenue_share_of_spending_2019_pct"],
        "ne_aged_65_share_2020_pct": people_section(provinces)["ne_aged_65_share_2020_pct"],
    }


def growth_series(provinces=PROVINCES) -> pd.DataFrame:
    """Each chosen province's growth in three vintages, long: region, year, vintage, growth_pct.

    'revised NBS index (V4)' 2000–2019, 'as first published' where found, 'preliminary communiqué' from 2020.
    """
    provinces = check(provinces)
    rg = _load("real_growth")
    rev = rg[(rg["basis"] == "nbs_index_v4") & rg["region"].isin(provinces)].assign(vintage="revised NBS index (V4)")
    fp = _load("growth_first_published")
    fp = fp[fp["region"].isin(provinces)].assign(vintage="as first published")
    com = recent_growth(provinces)
    com = com[com["region"] != "China"].rename(columns={"growth_pct": "value"}).assign(vintage="preliminary communiqué")
    t = pd.concat([d[["region", "year", "vintage", "value"]] for d in (rev, fp, com)], ignore_index=True)
    return t.rename(columns={"value": "growth_pct"}).sort_values(["region", "vintage", "year"]).reset_index(drop=True)


#: the numbers the scorecard's C10 and C14 entries quote (``{{name:format}}`` in data/claims.yml),
#: computed at the book's default parameters (all three provinces); registered by rustbelt.claims
CLAIMS_NUMBERS = {
    "ten_mm_jobs_fall_millions": lambda: -jobs_section()["ne_mining_manufacturing_jobs_change_2015_2019_millions"],
    "ten_mm_fall_to_layoffs": lambda: jobs_section()["mm_fall_to_ch2_layoffs_ratio"],
    "ten_reg_rate_min": lambda: jobs_section()["registered_rate_min_2015_2019"],
    "ten_reg_rate_max": lambda: jobs_section()["registered_rate_max_2015_2019"],
    "ten_pop_fall_pct": lambda: -people_section()["population_change_pct"],
    "ten_dss_bonds_bn": lambda: events_section()["dss_bonds_defaulted_bn"],
    "ten_own_revenue_2010_pct": lambda: fiscal_section()["own_revenue_share_2010_pct"],
    "ten_own_revenue_2019_pct": lambda: fiscal_section()["ne_own_revenue_share_of_spending_2019_pct"],
    "ten_hlj_pension_deficit_2016_bn": lambda: -pensions_section()["hlj_pension_balance_2016_bn"],
}
