"""Chapter 3's re-employment projection: a regional labour market, two scenarios, uncertainty.

Units: people in millions, time in years from 1 January 2016 (year index 0 = 2016),
rates as annual fractions. Everything is vectorised over leading axes: a
``layoffs`` array of shape ``(..., horizon)``, openings of shape ``(..., horizon)`` or
``(horizon,)`` and rates broadcastable to ``(...)``.

The projection, each year t (S: jobless looking for work, V: openings, E: hires):

.. code-block:: text

    S_t = J_{t-1} + L_t                                    the year's layoffs join the stock
    V_t = openings_share × ne_jobs_share × N_t × m_jobs    openings in the region open to them
    E_t = min(1, r · m_fund,t) · S_t · V_t / (S_t + V_t)   matching (den Haan, Ramey & Watson, l = 1)
    J_t = S_t − E_t                                        the jobless stock carries on

N_t is China's new urban jobs (observed, the last observation carried forward),
``ne_jobs_share`` the Northeast's share of them (ESTIMATE: its share of China's GDP,
2017), ``openings_share`` the share of the region's new jobs open to laid-off miners
and steelworkers (ESTIMATE), ``m_jobs`` a scenario's multiplier on openings (a regional
crisis has fewer). r (``reemployment_rate``) is the matching efficiency: the annual
share re-employed when openings are plentiful (V ≫ S); when jobs bind (S ≫ V) hires
approach r·V, so more layoffs with the same openings give a lower share re-employed.
The fund acts through one channel: in its years (2016–2017) it raises the matching
efficiency by ``fund_multiplier`` (retraining, placement and job-search support), capped
at 1; it creates no openings. No openings means no re-employment, with or without the fund.

Conservation: L_0 + … + L_t = E_0 + … + E_t + J_t. The share re-employed after t years
is (E_0 + … + E_t) / (L_0 + … + L_t); years are counted from the first year with layoffs
(that year is year 1) in every scenario.

No-value convention (as in :mod:`rustbelt.model`): ``None`` for an undefined scalar,
NaN in arrays.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from itertools import product

import numpy as np

from .model import FUND_YEARS, MAX_PHASE_YEARS, START_YEAR, phase

__all__ = ["START_YEAR", "FUND_YEARS", "phase", "replace"]


@dataclass(frozen=True)
class ScenarioAssumptions:
    """The assumptions behind the two scenarios and the labour market. Every one is an
    assumption (not a sourced figure); Chapter 3 states them and the tornado chart shows
    which drive the comparison."""

    #: reform: the matching efficiency is multiplied by this in the fund's years 2016–2017
    fund_multiplier: float = 1.25
    #: reform: multiplier on the region's openings (1 = openings as estimated)
    reform_job_multiplier: float = 1.0
    #: old policies: years the cuts are postponed while SOE losses and bank debts accumulate
    delay_years: int = 3
    #: old policies: the postponed adjustment is this many times larger (losses pile up)
    adjustment_scale: float = 1.5
    #: old policies: the forced adjustment happens over this many years (abrupt)
    forced_phase_years: int = 1
    #: old policies: multiplier on the region's openings in a regional crisis
    crisis_job_multiplier: float = 0.7
    #: share of the region's new urban jobs open to laid-off miners and steelworkers (ESTIMATE)
    openings_share: float = 0.1

    def describe(self, lang: str = "en") -> list[tuple[str, str, str]]:
        """(name, value, meaning) rows for the chapter's assumptions table, its words in ``lang``
        (English by default; a Chinese run asks for ``zh``: the names, which are the code's, and
        the values stay as they are)."""
        from .i18n import t, tf

        lo, hi = OPENINGS_SHARE_RANGE
        return [
            ("fund_multiplier", f"{self.fund_multiplier:g}",
             t("reform: the fund's channel; matching efficiency × this in 2016–2017 (retraining, placement), "
               "capped at 1; no openings of its own", lang)),
            ("reform_job_multiplier", f"{self.reform_job_multiplier:g}",
             t("reform: multiplier on the region's openings", lang)),
            ("delay_years", f"{self.delay_years:d}", t("old policies: years the cuts are postponed", lang)),
            ("adjustment_scale", f"{self.adjustment_scale:g}",
             t("old policies: size of the forced adjustment relative to the reform's layoffs", lang)),
            ("forced_phase_years", f"{self.forced_phase_years:d}",
             t("old policies: years over which the forced layoffs fall", lang)),
            ("crisis_job_multiplier", f"{self.crisis_job_multiplier:g}",
             t("old policies: multiplier on the region's openings in a regional crisis; no fund", lang)),
            ("openings_share", f"{self.openings_share:g}",
             tf("ESTIMATE (range {lo:g}–{hi:g}, geometric centre): share of the Northeast's new urban jobs open to "
                "laid-off miners and steelworkers, who are older, in mining towns, with skills few new jobs ask for",
                lang, lo=lo, hi=hi)),
            ("ne_jobs_share", f"{ne_jobs_share():.3f}",
             t("ESTIMATE: the Northeast's share of China's new urban jobs, taken as its share of China's GDP in 2017 "
               "(no provincial new-jobs series in the book's data)", lang)),
            (t("reemployment_rate (parameter)", lang), t("see the parameters", lang),
             t("matching efficiency: the annual share of the jobless re-employed when openings are plentiful", lang)),
        ]


DEFAULT_ASSUMPTIONS = ScenarioAssumptions()
SCENARIOS = ("reform", "old_policies")
#: ESTIMATE: the range of openings_share (default 0.1 at its geometric centre: ÷2 to ×2)
OPENINGS_SHARE_RANGE = (0.05, 0.2)


# --------------------------------------------------------------------------
# The region's openings
# --------------------------------------------------------------------------

@cache
def ne_jobs_share() -> float:
    """ESTIMATE: the Northeast's share of China's new urban jobs = its share of GDP in 2017."""
    from . import model

    return float(model.northeast_evidence()["gdp_share_2017"])


@cache
def _national_jobs(horizon_years: int) -> np.ndarray:
    from . import data

    j = data.load("new_urban_jobs")
    obs = j[j["series"] == "new_urban_jobs"].set_index("year")["value"]
    last = int(obs.index.max())
    return np.array([float(obs.get(y, obs.loc[last] if y > last else np.nan)) for y in years(horizon_years)])


def openings_millions(horizon_years: int, openings_share=None, job_multiplier=1.0) -> np.ndarray:
    """V_t, the openings (millions a year) in the Northeast open to the laid-off, shape
    (..., horizon) for an ``openings_share`` and ``job_multiplier`` of shape (...)."""
    share = DEFAULT_ASSUMPTIONS.openings_share if openings_share is None else openings_share
    s = np.asarray(share, dtype=float) * np.asarray(job_multiplier, dtype=float)
    if np.any(~np.isfinite(s)) or np.any(s < 0):
        raise ValueError(f"openings_share and job_multiplier must be non-negative; got {share!r}, {job_multiplier!r}")
    return s[..., None] * ne_jobs_share() * _national_jobs(int(horizon_years))


# --------------------------------------------------------------------------
# The projection
# --------------------------------------------------------------------------

def _check_rate(rate) -> np.ndarray:
    r = np.asarray(rate, dtype=float)
    if np.any(~np.isfinite(r)) or np.any(r < 0) or np.any(r > 1):
        raise ValueError(f"reemployment rate must be within 0–1 (annual share); got {rate!r}")
    return r


def project(layoffs_millions, rate, openings, *, openings_scale=1.0, fund_multiplier=1.0,
            fund_years=None) -> dict[str, np.ndarray]:
    """Project the jobless stock year by year (the equations in the module docstring).

    layoffs_millions: (..., horizon), people laid off each year (millions).
    rate: matching efficiency r, broadcastable to the leading axes (...).
    openings: V_t (millions a year), (horizon,) or (..., horizon); ``openings_scale``
    (broadcastable to (...)) multiplies it, e.g. a Monte Carlo draw of openings_share.
    fund_multiplier: the fund's multiplier on r (broadcastable to (...)), applied in the
    years where the boolean mask ``fund_years`` (horizon,) is True (no fund if None).

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
    V = np.asarray(openings, dtype=float)
    scale = np.asarray(openings_scale, dtype=float)
    fund = np.asarray(fund_multiplier, dtype=float)
    mask = np.zeros(horizon, bool) if fund_years is None else np.asarray(fund_years, bool)
    if np.any(V < 0) or np.any(scale < 0) or np.any(fund < 0):
        raise ValueError("openings, their scale and the fund's multiplier must be non-negative")
    if V.shape[-1] != horizon or mask.shape != (horizon,):
        raise ValueError(f"openings and fund_years need {horizon} years, like the layoffs")
    lead = np.broadcast_shapes(L.shape[:-1], r.shape, V.shape[:-1], scale.shape, fund.shape)
    eff = {True: np.minimum(1.0, r * fund), False: np.minimum(1.0, r)}
    jobless = np.empty(lead + (horizon,))
    reemployed = np.empty(lead + (horizon,))
    stock = np.zeros(lead)
    for t in range(horizon):
        stock = stock + L[..., t]
        v = scale * V[..., t]
        denom = stock + v
        e = eff[bool(mask[t])] * np.divide(stock * v, denom, out=np.zeros(lead), where=denom > 0)
        stock = stock - e
        reemployed[..., t] = e
        jobless[..., t] = stock
    laid_off_cum = np.broadcast_to(np.cumsum(L, axis=-1), jobless.shape)
    reemployed_cum = np.cumsum(reemployed, axis=-1)
    share = np.divide(reemployed_cum, laid_off_cum, out=np.full(jobless.shape, np.nan), where=laid_off_cum > 0)
    return {"jobless": jobless, "reemployed": reemployed, "laid_off_cum": laid_off_cum,
            "reemployed_cum": reemployed_cum, "share_reemployed": share}


def years(horizon_years: int) -> np.ndarray:
    return START_YEAR + np.arange(horizon_years)


def fund_year_mask(horizon_years: int) -> np.ndarray:
    """True in the fund's years (2016–2017) on a horizon of ``horizon_years`` from 2016."""
    return np.isin(years(horizon_years), FUND_YEARS)


def first_layoff_index(scenario: str, assumptions: ScenarioAssumptions = DEFAULT_ASSUMPTIONS) -> int:
    """Year index (0 = 2016) of a scenario's first layoffs."""
    if scenario == "reform":
        return 0
    if scenario == "old_policies":
        return int(assumptions.delay_years)
    raise ValueError(f"scenario={scenario!r}: allowed values are {list(SCENARIOS)}")


def scenario_layoffs(scenario: str, reform_layoffs_millions, assumptions: ScenarioAssumptions = DEFAULT_ASSUMPTIONS
                     ) -> np.ndarray:
    """Layoffs per year (..., horizon) in a scenario, from the reform's phased layoffs.

    reform: the phased layoffs as they are. old_policies: nothing now; after
    ``delay_years`` a forced adjustment ``adjustment_scale`` times the reform's total,
    over ``forced_phase_years`` (the same :func:`rustbelt.model.phase`).
    """
    L = np.asarray(reform_layoffs_millions, dtype=float)
    first = first_layoff_index(scenario, assumptions)
    if scenario == "reform":
        return L
    total = L.sum(axis=-1) * assumptions.adjustment_scale
    return phase(total, assumptions.forced_phase_years, L.shape[-1], start_offset=first)


def run_scenario(scenario: str, reform_layoffs_millions, rate,
                 assumptions: ScenarioAssumptions = DEFAULT_ASSUMPTIONS, fund_multiplier=None,
                 openings_share=None) -> dict[str, np.ndarray]:
    """Project one scenario: its layoffs, its openings, the fund (reform only), the jobless
    stock. ``fund_multiplier`` and ``openings_share`` (array-capable) override the
    assumptions', e.g. for Monte Carlo draws."""
    L = scenario_layoffs(scenario, reform_layoffs_millions, assumptions)
    horizon = L.shape[-1]
    share = assumptions.openings_share if openings_share is None else openings_share
    if scenario == "reform":
        V = openings_millions(horizon, 1.0, assumptions.reform_job_multiplier)
        res = project(L, rate, V, openings_scale=share,
                      fund_multiplier=assumptions.fund_multiplier if fund_multiplier is None else fund_multiplier,
                      fund_years=fund_year_mask(horizon))
    else:
        V = openings_millions(horizon, 1.0, assumptions.crisis_job_multiplier)
        res = project(L, rate, V, openings_scale=share)
    res["layoffs"] = np.broadcast_to(L, res["jobless"].shape)
    if np.ndim(share) == 0:  # the openings of one projection (the Monte Carlo's draws do not need them)
        res["openings"] = np.broadcast_to(float(share) * V, res["jobless"].shape)
    return res


def _first_index(share_reemployed) -> np.ndarray:
    s = np.asarray(share_reemployed, dtype=float)
    return np.argmax(np.isfinite(s), axis=-1)


def years_to_majority(share_reemployed, threshold: float = 0.5):
    """Years until *more than* ``threshold`` of those laid off so far are re-employed, counted
    from the first year with layoffs (that year is year 1). ``None`` for a scalar result
    (NaN in arrays) if nobody is laid off or the threshold is not passed within the horizon."""
    s = np.asarray(share_reemployed, dtype=float)
    hit = np.nan_to_num(s, nan=0.0) > threshold
    count = np.argmax(hit, axis=-1) - _first_index(s) + 1
    result = np.where(hit.any(axis=-1), count, np.nan)
    if result.ndim == 0:
        return None if np.isnan(result) else int(result)
    return result


def share_after(share_reemployed, n_years: int):
    """The share re-employed at the end of year ``n_years`` counted from the first year with
    layoffs (year 1); ``None`` (NaN in arrays) if nobody is laid off or that year is past
    the horizon."""
    s = np.asarray(share_reemployed, dtype=float)
    idx = _first_index(s) + int(n_years) - 1
    inside = idx < s.shape[-1]
    got = np.take_along_axis(s, np.minimum(idx, s.shape[-1] - 1)[..., None], axis=-1)[..., 0]
    out = np.where(inside, got, np.nan)
    if out.ndim == 0:
        return None if np.isnan(out) else float(out)
    return out


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
                 "workers_per_mt_steel", "workers_per_mt_coal", "operating_share")
CHECK_YEARS = 3  # the article's criterion: a majority re-employed within three years


def northeast_layoffs(params: dict, horizon_years: int, **overrides) -> np.ndarray:
    """The Northeast's layoffs per year (millions), shape (..., horizon), from Chapter 2's
    model: its Northeast total, phased over ``phase_years`` from 2016 (:func:`rustbelt.model.phase`).
    ``overrides`` (arrays allowed) replace model inputs, e.g. Monte Carlo draws."""
    from . import model

    kw = {k: params[k] for k in LAYOFF_PARAMS if k in params}
    kw.update(overrides)
    sc = model.scenario(**kw)
    ne_total = np.asarray(sc.northeast_persons, dtype=float) / 1e6
    return phase(ne_total, kw["phase_years"], horizon_years)


def simulation_years(params: dict, assumptions: ScenarioAssumptions = DEFAULT_ASSUMPTIONS) -> int:
    """Years to simulate: the chapter's horizon, or as far as three years after the first layoffs."""
    return max(int(params["horizon_years"]), first_layoff_index(params["scenario"], assumptions) + CHECK_YEARS)


def outcome(params: dict, assumptions: ScenarioAssumptions = DEFAULT_ASSUMPTIONS) -> dict:
    """The chapter's deterministic outcome for validated parameters: the projection arrays over
    the horizon plus ``share_reemployed_end``, ``share_reemployed_3y`` (simulated as far as
    needed), ``years_to_majority``, ``years_to_two_thirds`` (both counted from the first layoffs)."""
    H = int(params["horizon_years"])
    Hsim = simulation_years(params, assumptions)
    full = run_scenario(params["scenario"], northeast_layoffs(params, Hsim), params["reemployment_rate"], assumptions)
    res = {k: v[..., :H] for k, v in full.items()}
    res["years"] = years(H)
    res["first_year_layoffs"] = float(np.asarray(full["layoffs"])[..., first_layoff_index(params["scenario"], assumptions)])
    res["share_reemployed_end"] = share_at_end(res["share_reemployed"])
    res["share_reemployed_3y"] = share_after(full["share_reemployed"], CHECK_YEARS)
    res["years_to_majority"] = years_to_majority(res["share_reemployed"])
    res["years_to_two_thirds"] = years_to_majority(res["share_reemployed"], 2 / 3)
    return res


def rate_curve(params: dict, rates=None, assumptions: ScenarioAssumptions = DEFAULT_ASSUMPTIONS) -> dict:
    """The share re-employed three years after the first layoffs over the whole range of the
    rate (0–1 in steps of 0.01), for both scenarios, at the other parameters; and, per
    scenario, the lowest rate on the grid at which a majority is reached (None if none)."""
    rates = np.round(np.arange(0, 1.0001, 0.01), 2) if rates is None else np.asarray(rates, dtype=float)
    out = {"rates": rates}
    for scen in SCENARIOS:
        p = {**params, "scenario": scen}
        Hsim = simulation_years(p, assumptions)
        res = run_scenario(scen, northeast_layoffs(p, Hsim), rates, assumptions)
        s3 = share_after(res["share_reemployed"], CHECK_YEARS)
        out[scen] = s3
        ok = np.nan_to_num(s3, nan=0.0) > 0.5
        out[f"{scen}_threshold"] = float(rates[np.argmax(ok)]) if ok.any() else None
    return out


def threshold_text(params: dict, curve: dict | None = None, lang: str | None = None) -> str:
    """A sentence on where "a majority within three years" flips, relative to the chosen rate."""
    from .i18n import language

    curve = rate_curve(params) if curve is None else curve
    scen = params["scenario"]
    thr = curve[f"{scen}_threshold"]
    rate = float(params["reemployment_rate"])
    if language(lang) == "zh":
        if np.all(np.isnan(curve[scen])):
            return "按这些参数没有人被裁员，因此没有可报告的临界值。"
        if thr is None:
            return "按这些参数，再就业率即使达到 100% 也无法在三年内使过半数人员再就业：起约束作用的是岗位空缺，而不是再就业率。"
        gap = thr - rate
        near = abs(gap) <= 0.05
        sits = (f"与这一临界值相差 {abs(gap) * 100:.0f} 个百分点" if gap == 0 else
                f"比这一临界值{'低' if gap > 0 else '高'} {abs(gap) * 100:.0f} 个百分点")
        return (f"要在三年内实现过半数再就业，每年的再就业率至少需要 {thr:.0%}；所选的 {rate:.0%} {sits}"
                + ("，差距小到相邻的再就业率取值就会改变结论：请看图，而不要只看单个数字。" if near else "。"))
    if np.all(np.isnan(curve[scen])):
        return "Nobody is laid off with these parameters, so there is no threshold to report."
    if thr is None:
        return ("No rate up to 100% re-employs a majority within three years at these parameters: the openings, "
                "not the rate, are the binding constraint.")
    gap = thr - rate
    where = ("below" if gap > 0 else "above" if gap < 0 else "at")  # where the chosen rate sits
    near = abs(gap) <= 0.05
    return (f"A majority within three years needs a rate of at least {thr:.0%} a year; the chosen {rate:.0%} is "
            f"{abs(gap) * 100:.0f} percentage points {where} that threshold"
            + (", close enough that a neighbouring value of the rate flips the conclusion: read the figure, "
               "not the single number." if near else "."))


# --------------------------------------------------------------------------
# Uncertainty: Monte Carlo, tornado, robustness
# --------------------------------------------------------------------------

#: Monte Carlo: the rate is the given rate times a factor drawn in this range (ESTIMATE: ±50%,
#: centred), so a rate of 0 stays 0.
RATE_FACTOR_RANGE = (0.5, 1.5)
#: the fund's multiplier on the matching efficiency (assumption, centred on 1.25)
FUND_MULTIPLIER_RANGE = (1.0, 1.5)


def uncertainty_ranges(params: dict) -> dict[str, tuple[float, float, str]]:
    """(low, high, where it comes from and where the default sits) for each uncertain input."""
    from . import model

    ev = model.northeast_evidence()
    rate = float(params["reemployment_rate"])
    out = {}
    for sector in ("steel", "coal"):
        lo, hi, k = model.workers_per_mt_range(sector)
        chosen = params.get(f"workers_per_mt_{sector}")
        if chosen is not None:  # a chosen ratio keeps the same relative spread around itself
            lo, hi = float(chosen) / k, float(chosen) * k
        out[f"workers_per_mt_{sector}"] = (lo, hi, f"per Mt of output; ÷{k:.2f} to ×{k:.2f} around the chosen "
                                                   "value (geometric centre), the widest ratio between Chapter 2's "
                                                   "calibration and its per-output checks")
    ne = float(params["northeast_share"])
    low, high = model.northeast_share_evidence()
    half = (high - low) / 2
    lo, hi = max(0.0, ne - half), min(1.0, ne + half)
    total = float(model.scenario(**{k: params[k] for k in LAYOFF_PARAMS if k in params}).total_persons)
    longmay = ev["longmay_planned_layoffs"] / total if total > 0 else 0.0
    why = ("the chosen share ± half the width of the evidence at the defaults, from what Longmay's announced "
           "layoffs alone imply to the Northeast's share of mining employment (centred; at the default, about that range)")
    if longmay > lo:
        lo = min(longmay, hi)
        why += "; raised at the low end to what Longmay's announced layoffs alone imply at these parameters"
        if longmay > ne:
            why += (" (above the chosen share: at these parameters the chosen share would put fewer layoffs in the "
                    "Northeast than Longmay alone announced, so the draws stay above it)")
    out["northeast_share"] = (lo, hi, why)
    out["operating_share"] = (*model.operating_share_range(params["operating_share"]),
                              f"ESTIMATE: the chosen share ± {model.OPERATING_SHARE_SPREAD:g}, within 0–1 (centred "
                              "unless clipped; no effect on a cut of output)")
    out["reemployment_rate"] = (rate * RATE_FACTOR_RANGE[0], min(1.0, rate * RATE_FACTOR_RANGE[1]),
                                "ESTIMATE: the chosen rate ±50% (centred unless capped at 1)")
    out["fund_multiplier"] = (*FUND_MULTIPLIER_RANGE, "assumption, centred on the default 1.25")
    out["openings_share"] = (*OPENINGS_SHARE_RANGE, "ESTIMATE: ÷2 to ×2 around the default 0.1 (geometric centre)")
    return out


def uncertainty_table(params: dict, assumptions: ScenarioAssumptions = DEFAULT_ASSUMPTIONS):
    """The uncertain inputs as a table: low end, the chosen value, high end, how they are drawn,
    and where the range comes from (including where the chosen value sits in it)."""
    import pandas as pd

    base = _base_point(params, assumptions)
    rows = []
    for name, (lo, hi, why) in uncertainty_ranges(params).items():
        draw = "log-uniform" if name in LOG_UNIFORM and lo > 0 else "uniform"
        rows.append({"input": INPUT_LABELS[name], "low": f"{lo:,.3g}", "chosen": f"{float(base[name]):,.3g}",
                     "high": f"{hi:,.3g}", "draw": draw, "range and position": why})
    return pd.DataFrame(rows)


LOG_UNIFORM = ("workers_per_mt_steel", "workers_per_mt_coal", "openings_share")


def _draws(params: dict, n_draws: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    d = {}
    for name, (lo, hi, _) in uncertainty_ranges(params).items():
        if name in LOG_UNIFORM and lo > 0:
            d[name] = np.exp(rng.uniform(np.log(lo), np.log(hi), n_draws))
        else:
            d[name] = rng.uniform(lo, hi, n_draws)
    return d


def _run_points(params: dict, d: dict, Hsim: int, assumptions: ScenarioAssumptions) -> dict:
    """Project many parameter points at once: ``d`` holds arrays of equal length."""
    L = northeast_layoffs(params, Hsim, workers_per_mt_steel=d["workers_per_mt_steel"],
                          workers_per_mt_coal=d["workers_per_mt_coal"], northeast_share=d["northeast_share"],
                          operating_share=d["operating_share"])
    return run_scenario(params["scenario"], L, d["reemployment_rate"], assumptions,
                        fund_multiplier=d["fund_multiplier"], openings_share=d["openings_share"])


def monte_carlo(params: dict, n_draws: int | None = None, seed: int | None = None,
                assumptions: ScenarioAssumptions = DEFAULT_ASSUMPTIONS) -> dict:
    """Seeded, vectorised Monte Carlo over the uncertain inputs (:func:`uncertainty_ranges`;
    uniform draws, log-uniform for ratios). Every input, the layoff inputs included, reaches
    the outcome. ``p_majority_within_3y`` is the *share of draws, under these assumed
    ranges,* in which more than half of those laid off are re-employed three years after the
    first layoffs (None if nobody is laid off in any draw); percentiles of the share by year
    feed the fan chart."""
    n = int(params["n_draws"] if n_draws is None else n_draws)
    seed = int(params["seed"] if seed is None else seed)
    H = int(params["horizon_years"])
    Hsim = simulation_years(params, assumptions)
    d = _draws(params, n, seed)
    res = _run_points(params, d, Hsim, assumptions)
    share = res["share_reemployed"]
    s3 = share_after(share, CHECK_YEARS)
    anyone = np.isfinite(s3)
    p = float(np.mean(s3[anyone] > 0.5)) if anyone.any() else None
    shown = share[:, :H]
    pct = percentiles(shown, (5, 25, 50, 75, 95))
    return {"share": shown, "years": years(H), "p_majority_within_3y": p, "percentiles": pct,
            "share_3y": s3, "mean_share_end": float(np.nanmean(shown[:, -1])) if np.isfinite(shown[:, -1]).any() else None,
            "draws": d}


def percentiles(values: np.ndarray, qs) -> dict[int, np.ndarray]:
    """Percentiles over draws (axis 0) by year, NaN where no draw has a value: one sort for the
    years where every draw has a value, nan-aware only where some have none."""
    out = np.full((len(qs), values.shape[1]), np.nan)
    finite = np.isfinite(values)
    full = finite.all(axis=0)
    if full.any():
        out[:, full] = np.percentile(values[:, full], qs, axis=0)
    mixed = finite.any(axis=0) & ~full
    if mixed.any():
        out[:, mixed] = np.nanpercentile(values[:, mixed], qs, axis=0)
    return {q: out[i] for i, q in enumerate(qs)}


def _base_point(params: dict, assumptions: ScenarioAssumptions) -> dict:
    from . import model

    b = model.baselines()
    return {"workers_per_mt_steel": params.get("workers_per_mt_steel") or b["steel"].workers_per_mt,
            "workers_per_mt_coal": params.get("workers_per_mt_coal") or b["coal"].workers_per_mt,
            "northeast_share": params["northeast_share"], "operating_share": params["operating_share"],
            "reemployment_rate": params["reemployment_rate"], "fund_multiplier": assumptions.fund_multiplier,
            "openings_share": assumptions.openings_share}


def _metrics(params: dict, assumptions: ScenarioAssumptions, **overrides) -> dict[str, float]:
    """Two outcomes of one projection: ``pace``, the share re-employed three years after the
    scenario's first layoffs, and ``peak_jobless``, the largest jobless stock (millions)."""
    point = {k: np.atleast_1d(np.asarray(v, dtype=float)) for k, v in {**_base_point(params, assumptions),
                                                                        **overrides}.items()}
    Hsim = first_layoff_index(params["scenario"], assumptions) + max(CHECK_YEARS, int(params["phase_years"]))
    res = _run_points(params, point, Hsim, assumptions)
    pace = share_after(res["share_reemployed"], CHECK_YEARS)[0]
    return {"pace": float(pace), "peak_jobless": float(res["jobless"].max())}


METRICS = {"pace": "share re-employed 3 years after the first layoffs",
           "peak_jobless": "peak jobless stock (millions)"}

#: readable names of the inputs in the tornado chart, the robustness table and the prose
INPUT_LABELS = {
    "reemployment_rate": "re-employment rate (matching efficiency)",
    "fund_multiplier": "fund's effect on matching",
    "openings_share": "share of the region's new jobs open to them",
    "workers_per_mt_steel": "steel workers per Mt",
    "workers_per_mt_coal": "coal workers per Mt",
    "northeast_share": "Northeast's share of layoffs",
    "operating_share": "share of closed capacity that was producing",
    "crisis_job_multiplier": "openings in the crisis",
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
            rows.append({"metric": metric, "input": INPUT_LABELS[name], "low": lo, "high": hi, "metric_low": a,
                         "metric_high": b, "base": base[metric], "swing": swing, "source": source})
    return sorted(rows, key=lambda r: (r["metric"], -r["swing"]))


ROBUSTNESS_LEVELS = ("low", "default", "high")


def robustness(params: dict, assumptions: ScenarioAssumptions = DEFAULT_ASSUMPTIONS) -> list[dict]:
    """Does "a majority re-employed within three years" hold? A full-factorial design: every
    uncertain input of :func:`uncertainty_ranges` at three levels (its low end, the chosen
    value, its high end), every combination, 3^k points for k inputs, in one vectorised run
    for the chosen scenario. Each row: the level of each input, ``share_3y`` and ``holds``."""
    ranges = uncertainty_ranges(params)
    base = _base_point(params, assumptions)
    names = list(ranges)
    levels = {n: (ranges[n][0], float(base[n]), ranges[n][1]) for n in names}
    combos = list(product(range(3), repeat=len(names)))
    idx = np.array(combos)
    d = {n: np.array(levels[n])[idx[:, i]] for i, n in enumerate(names)}
    Hsim = simulation_years(params, assumptions)
    s3 = share_after(_run_points(params, d, Hsim, assumptions)["share_reemployed"], CHECK_YEARS)
    rows = []
    for k, combo in enumerate(combos):
        row = {n: ROBUSTNESS_LEVELS[c] for n, c in zip(names, combo)}
        v = s3[k]
        row.update({"share_3y": None if np.isnan(v) else float(v), "holds": bool(np.nan_to_num(v) > 0.5)})
        rows.append(row)
    return rows


def robustness_min_rate(params: dict, rows: list[dict]) -> float | None:
    """The lowest rate level of the design at which the criterion holds in some point (None if none)."""
    lo, hi, _ = uncertainty_ranges(params)["reemployment_rate"]
    value = {"low": lo, "default": float(params["reemployment_rate"]), "high": hi}
    held = [value[r["reemployment_rate"]] for r in rows if r["holds"]]
    return min(held) if held else None


def robustness_summary(rows: list[dict]):
    """Share of the design's points where the criterion holds, by each input's level (%)."""
    import pandas as pd

    df = pd.DataFrame(rows)
    names = [c for c in df.columns if c not in ("share_3y", "holds")]
    out = []
    for n in names:
        g = df.groupby(n)["holds"].mean().mul(100)
        out.append({"input": INPUT_LABELS[n], **{lvl: float(g.get(lvl, np.nan)) for lvl in ROBUSTNESS_LEVELS}})
    return pd.DataFrame(out)


#: the static explorer's grid: rates and operating shares (steps of the parameter table's ranges)
EXPLORER_RATES = np.round(np.arange(0, 1.0001, 0.05), 2)
EXPLORER_OPERATING_SHARES = np.round(np.arange(0, 1.0001, 0.1), 1)


def explorer_grid(params: dict, rates=EXPLORER_RATES, operating_shares=EXPLORER_OPERATING_SHARES,
                  assumptions=DEFAULT_ASSUMPTIONS):
    """Precomputed projections for the static explorer: both scenarios × rates × phase_years
    1–10 × operating shares, share re-employed by year (the other parameters as chosen). The
    share depends on the size of the layoffs now, so the layoffs are the model's at each point."""
    import pandas as pd

    H = int(params["horizon_years"])
    rates = np.asarray(rates, dtype=float)
    ops = np.asarray(operating_shares, dtype=float)
    rows = []
    for scen in SCENARIOS:
        for ph in range(1, MAX_PHASE_YEARS + 1):
            p = {**params, "scenario": scen, "phase_years": ph}
            L = northeast_layoffs(p, H, operating_share=ops)  # (ops, H)
            res = run_scenario(scen, L[None, :, :], rates[:, None], assumptions)  # (rates, ops, H)
            share = res["share_reemployed"]
            for i, r in enumerate(rates):
                for j, o in enumerate(ops):
                    for t, y in enumerate(years(H)):
                        v = share[i, j, t]
                        rows.append({"scenario": scen, "phase_years": ph, "rate": float(r), "operating_share": float(o),
                                     "year": int(y), "share": None if np.isnan(v) else round(float(v), 6)})
    return pd.DataFrame(rows)
