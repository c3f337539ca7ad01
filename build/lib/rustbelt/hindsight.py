"""Ten years of hindsight: what happened after 2016, from the catalogued datasets."""
from __future__ import annotations

import pandas as pd

from . import data, regional


def cuts_vs_targets() -> pd.DataFrame:
    """Capacity cut per sector and year, target against achieved (Mt), from the one capacity-cuts
    table (``model.capacity_cuts_table``); achieved is NaN where not reported (the implied 2018
    cut is left out here: it is not a reported figure)."""
    from .model import capacity_cuts_table

    c = capacity_cuts_table()
    c = c[c["kind"].isin(["target", "achieved"])]
    wide = c.pivot_table(index=["sector", "year"], columns="kind", values="cut_mt").reset_index()
    wide.columns.name = None
    for col in ("target", "achieved"):
        if col not in wide:
            wide[col] = float("nan")
    wide["achieved_pct_of_target"] = wide["achieved"] / wide["target"] * 100
    return wide[["sector", "year", "target", "achieved", "achieved_pct_of_target"]]


def jobs_vs_targets(start: int = 2016, end: int = 2024) -> pd.DataFrame:
    """New urban jobs (millions) against the year's target, where a target was found."""
    j = data.load("new_urban_jobs")
    wide = j.pivot(index="year", columns="series", values="value").reset_index()
    wide.columns.name = None
    wide = wide[wide["year"].between(start, end)].rename(columns={"new_urban_jobs": "jobs_millions",
                                                                  "new_urban_jobs_target": "target_millions"})
    # a year without a sourced target has no verdict (NA), not "below target"
    wide["above_target"] = (wide["jobs_millions"] > wide["target_millions"]).astype("boolean").where(wide["target_millions"].notna())
    return wide.reset_index(drop=True)


def population_since(start: int = 2015, end: int = 2024, provinces=regional.PROVINCES) -> pd.DataFrame:
    """Year-end resident population on the post-2020-census basis (millions), summed over provinces."""
    p = data.load("population_yearend")
    p = p[(p["basis"] == "post_2020_census") & p["region"].isin(provinces) & p["year"].between(start, end)]
    out = p.groupby("year")["value"].sum().div(100).rename("population_millions").reset_index()
    return out


def growth_gap_since(start: int = 2016, end: int = 2019, provinces=regional.PROVINCES) -> float:
    """Mean annual real growth of the provinces minus China's (percentage points), one NBS index download."""
    return regional.growth_gap(provinces, start, end)
