"""Chapter 3's dynamic re-employment projection, scenarios and uncertainty.

Units: people in millions, time in years from 1 January 2016 (year index 0 = 2016),
rates as annual fractions. Everything is vectorised over leading axes: a
``layoffs`` array of shape ``(..., horizon)`` and rates broadcastable to ``(...)``.

The projection, each year t:

1. the year's layoffs L_t arrive:   S_t = J_{t-1} + L_t
2. re-employment removes a share:   E_t = r_t · S_t,  with r_t = min(1, r · m_jobs · m_fund,t)
3. the jobless stock carries on:    J_t = S_t − E_t

Job creation and the re-employment fund only *scale* the rate (multipliers,
capped at 1); they never add jobs of their own. The share re-employed after t
years is (E_0 + … + E_t) / (L_0 + … + L_t).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

START_YEAR = 2016
FUND_YEARS = (2016, 2017)  # the RMB 100 bn fund was for two years (C11)


@dataclass(frozen=True)
class ScenarioAssumptions:
    """The stylised assumptions behind the two scenarios. Every one is an assumption
    (not a sourced figure); Chapter 3 states them and the tornado chart shows which
    drive the comparison."""

    #: reform: re-employment rate multiplied by this while the fund runs (2016–2017)
    fund_multiplier: float = 1.25
    #: reform: regional job creation multiplier on the rate (1 = the rate as given)
    reform_job_multiplier: float = 1.0
    #: old policies: years the cuts are postponed while SOE losses and bank debts accumulate
    delay_years: int = 3
    #: old policies: the postponed adjustment is this many times larger (losses pile up)
    adjustment_scale: float = 1.5
    #: old policies: the forced adjustment happens over this many years (abrupt)
    forced_phase_years: int = 1
    #: old policies: job creation in a regional crisis, as a multiplier on the rate
    crisis_job_multiplier: float = 0.7

    def describe(self) -> list[tuple[str, str, str]]:
        """(name, value, meaning) rows for the chapter's assumptions table."""
        return [
            ("fund_multiplier", f"{self.fund_multiplier:g}", "reform: the re-employment rate is multiplied by this in the fund's years 2016–2017"),
            ("reform_job_multiplier", f"{self.reform_job_multiplier:g}", "reform: regional job creation's multiplier on the rate"),
            ("delay_years", f"{self.delay_years:d}", "old policies: years the cuts are postponed"),
            ("adjustment_scale", f"{self.adjustment_scale:g}", "old policies: size of the forced adjustment relative to the reform's layoffs"),
            ("forced_phase_years", f"{self.forced_phase_years:d}", "old policies: years over which the forced layoffs fall"),
            ("crisis_job_multiplier", f"{self.crisis_job_multiplier:g}", "old policies: job creation's multiplier on the rate in a regional crisis, no fund"),
        ]


DEFAULT_ASSUMPTIONS = ScenarioAssumptions()
SCENARIOS = ("reform", "old_policies")


def _check_rate(rate) -> np.ndarray:
    r = np.asarray(rate, dtype=float)
    if np.any(~np.isfinite(r)) or np.any(r < 0) or np.any(r > 1):
        raise ValueError(f"reemployment rate must be within 0–1 (annual share); got {rate!r}")
    return r


def project(layoffs_millions, rate, *, fund_multiplier=None, job_multiplier=1.0) -> dict[str, np.ndarray]:
    """Project the jobless stock year by year.

    layoffs_millions: array (..., horizon), people laid off each year (millions).
    rate: annual re-employment share, broadcastable to the leading axes (...).
    fund_multiplier: array (horizon,) or (..., horizon) of multipliers on the rate (default 1).
    job_multiplier: multiplier on the rate, broadcastable to (...).

    Returns arrays of shape (..., horizon): ``jobless`` (stock at year end),
    ``reemployed`` (in the year), ``laid_off_cum``, ``reemployed_cum`` and
    ``share_reemployed`` (NaN while nobody has been laid off).
    """
    L = np.asarray(layoffs_millions, dtype=float)
    if L.ndim == 0:
        raise ValueError("layoffs_millions must have a year axis (shape (..., horizon))")
    if np.any(L < 0):
        raise ValueError("layoffs_millions must be non-negative")
    r = _check_rate(rate)
    horizon = L.shape[-1]
    fund = np.ones(horizon) if fund_multiplier is None else np.asarray(fund_multiplier, dtype=float)
    jobs = np.asarray(job_multiplier, dtype=float)
    if np.any(fund < 0) or np.any(jobs < 0):
        raise ValueError("multipliers scale the rate and must be non-negative")
    shape = np.broadcast_shapes(L.shape, r.shape + (1,), jobs.shape + (1,), fund.shape)
    L = np.broadcast_to(L, shape)
    r_eff = np.minimum(1.0, np.broadcast_to(r[..., None] * jobs[..., None] * fund, shape))
    jobless = np.empty(shape)
    reemployed = np.empty(shape)
    stock = np.zeros(shape[:-1])
    for t in range(horizon):
        stock = stock + L[..., t]
        e = r_eff[..., t] * stock
        stock = stock - e
        reemployed[..., t] = e
        jobless[..., t] = stock
    laid_off_cum = np.cumsum(L, axis=-1)
    reemployed_cum = np.cumsum(reemployed, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(laid_off_cum > 0, reemployed_cum / np.where(laid_off_cum > 0, laid_off_cum, 1), np.nan)
    return {"jobless": jobless, "reemployed": reemployed, "laid_off_cum": laid_off_cum,
            "reemployed_cum": reemployed_cum, "share_reemployed": share}


def years(horizon_years: int) -> np.ndarray:
    return START_YEAR + np.arange(horizon_years)


def fund_multipliers(horizon_years: int, multiplier) -> np.ndarray:
    """The fund's multiplier on the rate in 2016–2017, 1 afterwards: shape (..., horizon)
    for a multiplier of shape (...)."""
    m = np.asarray(multiplier, dtype=float)
    in_fund = np.isin(years(horizon_years), FUND_YEARS)
    return np.where(in_fund, m[..., None], 1.0)


def phase(total_millions, phase_years: int, horizon_years: int, start_offset: int = 0) -> np.ndarray:
    """Spread a total evenly over ``phase_years`` from ``START_YEAR + start_offset``,
    on a horizon of ``horizon_years``; layoffs past the horizon are not counted."""
    total = np.asarray(total_millions, dtype=float)
    out = np.zeros(total.shape + (horizon_years,))
    for k in range(phase_years):
        t = start_offset + k
        if t < horizon_years:
            out[..., t] = total / phase_years
    return out


def scenario_layoffs(scenario: str, reform_layoffs_millions, assumptions: ScenarioAssumptions = DEFAULT_ASSUMPTIONS
                     ) -> np.ndarray:
    """Layoffs per year (..., horizon) in a scenario, from the reform's phased layoffs.

    reform: the phased layoffs as they are. old_policies: nothing now; after
    ``delay_years`` a forced adjustment ``adjustment_scale`` times the reform's total,
    over ``forced_phase_years``.
    """
    L = np.asarray(reform_layoffs_millions, dtype=float)
    if scenario == "reform":
        return L
    if scenario == "old_policies":
        total = L.sum(axis=-1) * assumptions.adjustment_scale
        return phase(total, assumptions.forced_phase_years, L.shape[-1], start_offset=assumptions.delay_years)
    raise ValueError(f"scenario={scenario!r}: allowed values are {list(SCENARIOS)}")


def run_scenario(scenario: str, reform_layoffs_millions, rate,
                 assumptions: ScenarioAssumptions = DEFAULT_ASSUMPTIONS, fund_multiplier=None) -> dict[str, np.ndarray]:
    """Project one scenario: its layoffs, its multipliers, the jobless stock.
    ``fund_multiplier`` (array-capable) overrides the assumption's, e.g. for Monte Carlo draws."""
    L = scenario_layoffs(scenario, reform_layoffs_millions, assumptions)
    horizon = L.shape[-1]
    if scenario == "reform":
        res = project(L, rate, fund_multiplier=fund_multipliers(horizon, fund_multiplier if fund_multiplier is not None
                                                                   else assumptions.fund_multiplier),
                      job_multiplier=assumptions.reform_job_multiplier)
    else:
        res = project(L, rate, job_multiplier=assumptions.crisis_job_multiplier)
    res["layoffs"] = np.broadcast_to(L, res["jobless"].shape)
    return res


def years_to_majority(share_reemployed, threshold: float = 0.5):
    """Years from the start of 2016 until *more than* ``threshold`` of those laid off so far
    are re-employed (reached at the end of year 2016 + k means k + 1 years); None (or -1 in
    arrays) if not within the horizon. Vectorised over leading axes."""
    s = np.asarray(share_reemployed, dtype=float)
    hit = np.nan_to_num(s, nan=0.0) > threshold
    first = np.argmax(hit, axis=-1) + 1
    result = np.where(hit.any(axis=-1), first, -1)
    if result.ndim == 0:
        return None if int(result) < 0 else int(result)
    return result


def share_at_end(share_reemployed):
    """The share re-employed at the end of the horizon; None if nobody was laid off."""
    s = np.asarray(share_reemployed, dtype=float)[..., -1]
    if s.ndim == 0:
        return None if np.isnan(s) else float(s)
    return s


# --------------------------------------------------------------------------
# From Chapter 2's model to the Northeast's layoffs, and the chapter's outcome
# --------------------------------------------------------------------------

LAYOFF_PARAMS = ("cut_share", "sectors", "phase_years", "northeast_share", "cut_basis",
                 "workers_per_mt_steel", "workers_per_mt_coal")


def northeast_layoffs(params: dict, horizon_years: int, **overrides) -> np.ndarray:
    """The Northeast's layoffs per year (millions), shape (..., horizon), from Chapter 2's
    model: its Northeast total, phased evenly over ``phase_years`` from 2016.
    ``overrides`` (arrays allowed) replace model inputs, e.g. Monte Carlo draws."""
    from . import model

    kw = {k: params[k] for k in LAYOFF_PARAMS if k in params}
    kw.update(overrides)
    ne_total = np.asarray(model.scenario(**kw).northeast_persons, dtype=float) / 1e6
    return phase(ne_total, int(params["phase_years"]), horizon_years)


def outcome(params: dict, assumptions: ScenarioAssumptions = DEFAULT_ASSUMPTIONS) -> dict:
    """The chapter's deterministic outcome for validated parameters: the projection arrays
    plus ``share_reemployed_end``, ``years_to_majority``, ``years_to_two_thirds``."""
    H = int(params["horizon_years"])
    res = run_scenario(params["scenario"], northeast_layoffs(params, H), params["reemployment_rate"], assumptions)
    res["years"] = years(H)
    res["share_reemployed_end"] = share_at_end(res["share_reemployed"])
    res["years_to_majority"] = years_to_majority(res["share_reemployed"])
    res["years_to_two_thirds"] = years_to_majority(res["share_reemployed"], 2 / 3)
    return res


# --------------------------------------------------------------------------
# Uncertainty: Monte Carlo, tornado, robustness
# --------------------------------------------------------------------------

#: Monte Carlo: the re-employment rate is the given rate times a factor drawn in this
#: range (an assumption: ±50%), so a rate of 0 stays 0.
RATE_FACTOR_RANGE = (0.5, 1.5)
#: Monte Carlo: the fund's multiplier on the rate (an assumption around the default 1.25)
FUND_MULTIPLIER_RANGE = (1.0, 1.5)
CHECK_YEARS = 3  # the article's criterion: a majority re-employed within three years


def uncertainty_ranges(params: dict) -> dict[str, tuple[float, float, str]]:
    """(low, high, where it comes from) for each uncertain input."""
    from . import model

    t = model.workers_per_mt_table()
    ev = model.northeast_evidence()
    ne_vals = [ev["gdp_share_2017"], ev["manufacturing_employment_share"], ev["mining_employment_share"]]
    rate = float(params["reemployment_rate"])
    out = {}
    for sector in ("steel", "coal"):
        v = t.loc[t["sector"] == sector, "workers_per_mt"]
        out[f"workers_per_mt_{sector}"] = (float(v.min()), float(v.max()),
                                           "the range of Chapter 2's calibration, checks and official ratio")
    out["northeast_share"] = (float(min(ne_vals)), float(max(ne_vals)),
                              "the Northeast's shares of China's GDP, manufacturing and mining employment (Chapter 2)")
    out["reemployment_rate"] = (rate * RATE_FACTOR_RANGE[0], min(1.0, rate * RATE_FACTOR_RANGE[1]),
                                "assumption: the given rate ±50%")
    out["fund_multiplier"] = (*FUND_MULTIPLIER_RANGE, "assumption")
    return out


def _draws(params: dict, n_draws: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    rng_ranges = uncertainty_ranges(params)
    d = {}
    for name in ("workers_per_mt_steel", "workers_per_mt_coal", "northeast_share", "fund_multiplier"):
        lo, hi, _ = rng_ranges[name]
        d[name] = rng.uniform(lo, hi, n_draws)
    d["reemployment_rate"] = np.minimum(1.0, float(params["reemployment_rate"]) * rng.uniform(*RATE_FACTOR_RANGE, n_draws))
    return d


def monte_carlo(params: dict, n_draws: int | None = None, seed: int | None = None,
                assumptions: ScenarioAssumptions = DEFAULT_ASSUMPTIONS) -> dict:
    """Seeded, vectorised Monte Carlo over the uncertain inputs (uniform draws in
    :func:`uncertainty_ranges`). Returns ``share`` (n_draws, horizon), ``years``, the
    probability ``p_majority_within_3y`` (None if nobody is laid off in any draw) and
    percentiles of the share by year for a fan chart."""
    n = int(params["n_draws"] if n_draws is None else n_draws)
    seed = int(params["seed"] if seed is None else seed)
    H = int(params["horizon_years"])
    Hsim = max(H, CHECK_YEARS)
    d = _draws(params, n, seed)
    L = northeast_layoffs(params, Hsim, workers_per_mt_steel=d["workers_per_mt_steel"],
                          workers_per_mt_coal=d["workers_per_mt_coal"], northeast_share=d["northeast_share"])
    res = run_scenario(params["scenario"], L, d["reemployment_rate"], assumptions, fund_multiplier=d["fund_multiplier"])
    share = res["share_reemployed"]
    anyone = res["laid_off_cum"][:, -1] > 0
    ytm = years_to_majority(share)
    p = None if not anyone.any() else float(np.mean((ytm > 0) & (ytm <= CHECK_YEARS)))
    shown = share[:, :H]
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            pct = {q: np.nanpercentile(shown, q, axis=0) for q in (5, 25, 50, 75, 95)}
    return {"share": shown, "years": years(H), "p_majority_within_3y": p, "percentiles": pct,
            "mean_share_end": float(np.nanmean(shown[:, -1])) if np.isfinite(shown[:, -1]).any() else None,
            "draws": d}


def _metrics(params: dict, assumptions: ScenarioAssumptions, **overrides) -> dict[str, float]:
    """Two outcomes of one projection: ``pace``, the share re-employed three years after the
    scenario's first layoffs (defined for both scenarios), and ``peak_jobless``, the largest
    jobless stock (millions of people) at any year end."""
    fund = overrides.pop("fund_multiplier", None)
    rate = overrides.pop("reemployment_rate", params["reemployment_rate"])
    delay = assumptions.delay_years if params["scenario"] == "old_policies" else 0
    H = delay + max(CHECK_YEARS, int(params["phase_years"]))
    res = run_scenario(params["scenario"], northeast_layoffs(params, H, **overrides), rate, assumptions,
                       fund_multiplier=fund)
    pace = res["share_reemployed"][..., delay + CHECK_YEARS - 1]
    return {"pace": float(pace) if np.isfinite(pace) else float("nan"),
            "peak_jobless": float(res["jobless"].max())}


METRICS = {"pace": "share re-employed 3 years after the first layoffs",
           "peak_jobless": "peak jobless stock (millions)"}

#: readable names of the inputs in the tornado chart and the prose
INPUT_LABELS = {
    "reemployment_rate": "re-employment rate",
    "fund_multiplier": "fund's effect on the rate",
    "workers_per_mt_steel": "steel workers per Mt",
    "workers_per_mt_coal": "coal workers per Mt",
    "northeast_share": "Northeast's share of layoffs",
    "crisis_job_multiplier": "job creation in the crisis",
    "adjustment_scale": "size of the forced adjustment",
    "delay_years": "years the cuts are postponed",
}


def tornado(params: dict, assumptions: ScenarioAssumptions = DEFAULT_ASSUMPTIONS) -> list[dict]:
    """For each uncertain input (and, for old policies, each scenario assumption) and each
    metric in :data:`METRICS`: the metric at the input's low and high value, the others at
    base. Sorted by swing within each metric, largest first."""
    base = _metrics(params, assumptions)
    cases = [(name, lo, hi, source, None) for name, (lo, hi, source) in uncertainty_ranges(params).items()]
    if params["scenario"] == "old_policies":
        for name, (lo, hi) in {"crisis_job_multiplier": (0.5, 1.0), "adjustment_scale": (1.0, 2.0),
                               "delay_years": (2, 5)}.items():
            cases.append((name, lo, hi, "scenario assumption", name))
    rows = []
    for name, lo, hi, source, assumption in cases:
        if assumption:
            vals = [_metrics(params, replace(assumptions, **{name: v})) for v in (lo, hi)]
        else:
            vals = [_metrics(params, assumptions, **{name: v}) for v in (lo, hi)]
        for metric in METRICS:
            a, b = vals[0][metric], vals[1][metric]
            swing = abs(b - a) if np.isfinite([a, b]).all() else 0.0
            rows.append({"metric": metric, "input": INPUT_LABELS[name], "low": lo, "high": hi, "metric_low": a, "metric_high": b,
                         "base": base[metric], "swing": swing, "source": source})
    return sorted(rows, key=lambda r: (r["metric"], -r["swing"]))


def robustness(params: dict, rates=(0.1, 0.2, 0.25, 0.3, 0.4, 0.5), phases=(1, 2, 3, 5),
               fund_multipliers_=(1.0, 1.25, 1.5), assumptions: ScenarioAssumptions = DEFAULT_ASSUMPTIONS) -> list[dict]:
    """Does "a majority re-employed within three years" hold? Evaluated by the model over a
    grid of re-employment rates, phasing and fund effects, for the chosen scenario."""
    rows = []
    for f in fund_multipliers_:
        a = replace(assumptions, fund_multiplier=f)
        for ph in phases:
            p = {**params, "phase_years": ph, "horizon_years": max(CHECK_YEARS, int(params["horizon_years"]))}
            L = northeast_layoffs(p, p["horizon_years"])
            res = run_scenario(params["scenario"], L, np.asarray(rates), a)
            ytm = years_to_majority(res["share_reemployed"])
            for r, y in zip(rates, np.atleast_1d(ytm)):
                rows.append({"fund_multiplier": f, "phase_years": ph, "reemployment_rate": r,
                             "holds": bool(0 < y <= CHECK_YEARS), "years_to_majority": None if y < 0 else int(y)})
    return rows


def explorer_grid(params: dict, rates=np.round(np.arange(0, 1.0001, 0.05), 2), assumptions=DEFAULT_ASSUMPTIONS):
    """Precomputed projections for the static explorer: both scenarios × rates × phase_years
    1–10, share re-employed by year (the share does not depend on the size of the layoffs)."""
    import pandas as pd

    H = int(params["horizon_years"])
    rows = []
    for scen in SCENARIOS:
        for ph in range(1, 11):
            L = phase(1.0, ph, H)  # the share is scale-free: one unit of layoffs
            res = run_scenario(scen, L, np.asarray(rates), assumptions)
            share = res["share_reemployed"]
            for i, r in enumerate(rates):
                for t, y in enumerate(years(H)):
                    v = share[i, t]
                    rows.append({"scenario": scen, "phase_years": ph, "rate": float(r), "year": int(y),
                                 "share": None if np.isnan(v) else round(float(v), 6)})
    return pd.DataFrame(rows)
