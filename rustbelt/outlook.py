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


def fund_multipliers(horizon_years: int, multiplier: float) -> np.ndarray:
    """The fund's multiplier on the rate in 2016–2017, 1 afterwards."""
    y = years(horizon_years)
    return np.where(np.isin(y, FUND_YEARS), multiplier, 1.0)


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
                 assumptions: ScenarioAssumptions = DEFAULT_ASSUMPTIONS) -> dict[str, np.ndarray]:
    """Project one scenario: its layoffs, its multipliers, the jobless stock."""
    L = scenario_layoffs(scenario, reform_layoffs_millions, assumptions)
    horizon = L.shape[-1]
    if scenario == "reform":
        res = project(L, rate, fund_multiplier=fund_multipliers(horizon, assumptions.fund_multiplier),
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
