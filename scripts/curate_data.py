"""Maintainer tool: rebuild the project's curated tables in ``data/`` from the
sourced extracts in ``../shared/reference/data`` (three passes).

The book never runs this at build or test time (a reader's clone has no
``shared/``); it documents, reproducibly, which source rows became which
curated figures. Every output row keeps the source title, URL and note of the
row it came from; the choice of rows (which vintage, which source wins where
passes overlap) is made here, in code, with the reason beside it.

    python scripts/curate_data.py ../shared/reference/data
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data"
PROV = ("source_title", "source_url", "note")
NE = ("Liaoning", "Jilin", "Heilongjiang")


def rows(base: Path, relpath: str) -> list[dict]:
    with open(base / relpath, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write(name: str, columns: list[str], records: list[dict]) -> None:
    path = OUT / f"{name}.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns + list(PROV), lineterminator="\n")
        w.writeheader()
        for r in records:
            w.writerow({k: r.get(k, "") for k in columns + list(PROV)})
    print(f"{path.name}: {len(records)} rows")


def num(s: str) -> str:
    """Drop a trailing '.0' so integers read as integers; keep other text."""
    s = s.strip()
    return s[:-2] if s.endswith(".0") else s


def main(base: Path) -> None:
    first = lambda f: rows(base, f"first-pass/{f}")  # noqa: E731
    second = lambda f: rows(base, f"second-pass/{f}")  # noqa: E731
    third = lambda f: rows(base, f"third-pass/{f}")  # noqa: E731

    # -- provincial GDP in NBS's three vintages ------------------------------
    gdp = []
    for r in third("provincial_gdp_vintages.csv"):
        vint = {"gdp_nominal_old_vintage": "old", "gdp_nominal_v5": "current"}.get(r["series"])
        if r["series"] == "gdp_nominal":  # V4 back-revision for 1992-95
            vint = "v4"
        if vint and r["region"] in NE:
            gdp.append({**r, "vintage": vint, "value": r["value"]})
    for r in second("provincial_panel.csv"):
        # V4 = the henrylin03/NBS download (1996-2020); other gdp_nominal rows there
        # are spot values from mirrors and communiques of mixed vintage: left out.
        if r["series"] == "gdp_nominal" and "henrylin03" in r["source_url"] and r["region"] in NE:
            gdp.append({**r, "vintage": "v4"})
    gdp.sort(key=lambda r: (r["vintage"], r["region"], int(r["year"])))
    write("provincial_gdp", ["region", "year", "vintage", "value"], gdp)

    # -- China's GDP and the 31-province sum, by vintage ---------------------
    tot = []
    for r in third("national_gdp_and_ne_share.csv"):
        m = {
            "gdp_nominal_v4": ("national", "v4"),
            "gdp_nominal_v5": ("national", "current"),
            "provincial_gdp_sum_31_old": ("provincial_sum_31", "old"),
            "provincial_gdp_sum_31_v4": ("provincial_sum_31", "v4"),
            "provincial_gdp_sum_31_v5": ("provincial_sum_31", "current"),
        }.get(r["series"])
        if m:
            tot.append({**r, "series": m[0], "vintage": m[1]})
    tot.sort(key=lambda r: (r["vintage"], r["series"], int(r["year"])))
    write("china_gdp", ["series", "year", "vintage", "value"], tot)

    # -- real growth: one NBS index download (V4) 2000-2019 ------------------
    gr = []
    for r in third("real_growth.csv"):
        if r["series"] == "gdp_index_prev_year_100":
            v = round(float(r["value"]) - 100, 4)
            gr.append({**r, "basis": "nbs_index_v4", "value": f"{v:g}",
                       "note": ("COMPUTED here: growth % = index - 100. " + r["note"]).strip()})
    for r in third("real_growth.csv") + second("provincial_panel.csv"):
        if r["series"] == "gdp_real_growth" and r["region"] in NE and int(r["year"]) >= 2020:
            gr.append({**r, "basis": "communique_preliminary"})
    for r in first("a_national_macro.csv"):
        if r["series"] == "gdp_real_growth" and int(r["year"]) >= 2020:
            gr.append({**r, "basis": "nbs_v5"})
    # the same province-year can be read twice (communique and an infobox): keep the first
    seen, uniq = set(), []
    for r in gr:
        k = (r["region"], r["year"], r["basis"])
        if k not in seen:
            seen.add(k)
            uniq.append(r)
    uniq.sort(key=lambda r: (r["basis"], r["region"], int(r["year"])))
    write("real_growth", ["region", "year", "basis", "value"], uniq)

    # -- year-end population, two bases that must not be spliced -------------
    pop = []
    for r in second("provincial_panel.csv"):
        # one consistent series: the Yearbook transcription (communique spot values differ slightly)
        if r["series"] == "population_yearend" and "gcam-china" in r["source_url"]:
            if r["region"] == "Heilongjiang" and r["year"] == "2013":
                continue  # source typo (3535 for ~3835), flagged in the second pass
            if r["region"] == "China" and int(r["year"]) > 2019:
                continue  # post-census basis, not the yearbook series
            pop.append({**r, "basis": "pre_2020_census", "value": num(r["value"])})
    seen = set()
    for r in third("population.csv"):
        k = (r["region"], r["year"])
        if k in seen:  # communique cross-checks repeat the NBS row
            continue
        seen.add(k)
        pop.append({**r, "basis": "post_2020_census", "value": num(r["value"])})
    pop.sort(key=lambda r: (r["basis"], r["region"], int(r["year"])))
    write("population_yearend", ["region", "year", "basis", "value"], pop)

    # -- census counts -------------------------------------------------------
    cen = [
        {**r, "region": "China" if r["region"].startswith("China") else r["region"]}
        for r in first("a_census_population.csv")
        if r["series"] == "census_population"
    ]
    cen.sort(key=lambda r: (r["region"], int(r["year"])))
    write("census_population", ["region", "year", "value"], cen)

    # -- US Rust Belt ----------------------------------------------------------
    us = [r for r in first("d_us_rustbelt.csv") + second("misc.csv") if r["series"] == "city_population_census"]
    us.sort(key=lambda r: (r["region"], int(r["year"])))
    write("us_city_population", ["region", "year", "value"], us)
    man = [r for r in first("d_us_rustbelt.csv") if r["series"] == "us_manufacturing_employment"]
    write("us_manufacturing_employment", ["year", "value"], man)

    # -- new urban jobs (exact second-pass figures replace rounded first-pass ones)
    jobs = {}
    for r in first("b_employment_jobs.csv") + second("misc.csv"):
        if r["series"] in ("new_urban_jobs", "new_urban_jobs_target"):
            k = (r["series"], r["year"])
            prev = jobs.get(k)
            rounded = prev is not None and "rounded" in prev["note"].lower()
            if prev is None or rounded or (r["series"] == "new_urban_jobs" and r["year"] in ("2020", "2021")):
                jobs[k] = r
    jobs = sorted(jobs.values(), key=lambda r: (r["series"], int(r["year"])))
    write("new_urban_jobs", ["series", "year", "value"], jobs)

    # -- capacity cuts 2016-2018: annual targets and achievements ------------
    cuts, seen = [], set()
    for r in first("b_overcapacity_policy.csv"):
        for sector in ("steel", "coal"):
            kind = {f"{sector}_capacity_cut_target_annual": "target",
                    f"{sector}_capacity_cut_achieved": "achieved"}.get(r["series"])
            if kind and (sector, kind, r["year"]) not in seen:
                seen.add((sector, kind, r["year"]))
                cuts.append({**r, "sector": sector, "kind": kind})
    cuts.sort(key=lambda r: (r["sector"], r["kind"], int(r["year"])))
    write("capacity_cuts", ["sector", "year", "kind", "value"], cuts)

    # -- output by sector (Mt) -------------------------------------------------
    out = []
    for r in first("b_industrial_output.csv") + second("output_coal_cement.csv"):
        m = {"crude_steel_output_worldsteel": ("steel", "worldsteel"),
             "crude_steel_output_NBS": ("steel", "nbs"),
             "coal_production_bp": ("coal", "bp"),
             "cement_output_usgs": ("cement", "usgs")}.get(r["series"])
        if m and r["region"] == "China":
            out.append({**r, "sector": m[0], "series": m[1]})
    seen, uniq = set(), []
    for r in out:
        k = (r["sector"], r["series"], r["year"])
        if k not in seen:
            seen.add(k)
            uniq.append(r)
    uniq.sort(key=lambda r: (r["sector"], r["series"], int(r["year"])))
    write("sector_output", ["sector", "series", "year", "value"], uniq)

    # -- Northeast industry facts (spot values with a year) --------------------
    def is_number(v: str) -> bool:
        try:
            float(v)
            return True
        except ValueError:  # ranges such as '50-70' stay in the reference notes, not in a numeric table
            return False

    ne = [r for r in first("c_northeast_industry.csv") if r["year"].strip().isdigit() and is_number(r["value"])]
    ne.sort(key=lambda r: (r["series"], r["region"], int(r["year"])))
    write("northeast_industry", ["series", "region", "year", "value", "unit"], ne)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/data"))
