"""Chapter 2's layoff model: capacity cuts → output removed → layoffs → absorption by new urban jobs.

Units are in the names: ``_mt`` million tonnes (of annual capacity or output),
``_persons`` people, ``_millions`` millions of people, ``_pct`` percent,
``_rmb`` yuan. Shares are fractions from 0 to 1.

For each modelled sector *s* (steel, coal), in the base year 2015:

.. code-block:: text

    base_s      = overcapacity_s | capacity_s | output_s          (Mt; cut_basis)
    cut_s       = cut_share × base_s, or an absolute target        (Mt)
    removed_s   = operating_share × cut_s   if the cut is capacity  (Mt of output)
                = cut_s                     if cut_basis = output
    layoffs_s   = removed_s × workers_per_mt_s                     (persons; per Mt of OUTPUT)
    L           = Σ_s layoffs_s ;   L_NE = northeast_share × L
    L_t         = L / phase_years   for 2016 ≤ t < 2016 + phase_years   (phase())
    absorb_t    = 100 × L_t / new_urban_jobs_t                     (percent)
    fund/worker = RMB 100 bn / (L_2016 + L_2017)                   (yuan per worker)

Workers per Mt are per Mt of *output*: both sectors' ratios are employment ÷
output, so they apply to the output a cut removes, never to idle capacity.
``operating_share`` is the share of the closed capacity that was producing
(an ESTIMATE, see :mod:`rustbelt.parameters`); a cut measured in output
(``cut_basis = "output"``) is already output removed, so it ignores it.

Where the numbers come from (``baselines()``; every input is read from the
catalogued datasets, none is typed here):

* steel: capacity 2015 is sourced (CMPRI); overcapacity = capacity − NBS output;
  workers per Mt = ferrous smelting employment (end-2015) ÷ NBS output 2015;
* coal: no capacity figure is sourced. Overcapacity is the one estimate found
  (an upper one), capacity is *derived* as output + that overcapacity, and
  workers per Mt = employment at the 2013 peak ÷ 2013 output (BP);
* cement: refused (:data:`REFUSED_SECTORS` says why).

No-value convention (the whole package): an undefined scalar result is ``None``;
in arrays the same result is NaN (``fund_per_worker_rmb``, ``years_to_majority``).

Everything is vectorised: numeric arguments may be numpy arrays that broadcast
together, and one call evaluates them all. A call with scalars returns Python
floats (and ``None`` for an undefined value).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from . import data
from .constants import FUND_YEARS, MAX_PHASE_YEARS, SECTORS, START_YEAR  # each fact once, shared with outlook
from .parameters import CEMENT_REFUSED

MODELLED_SECTORS = ("steel", "coal")
#: sectors the model cannot calibrate, with the reason given to whoever asks for them
REFUSED_SECTORS = {"cement": CEMENT_REFUSED}
CUT_BASES = ("overcapacity", "capacity", "output")
BASE_YEAR = 2015
#: the years layoffs can fall in: 2016 … 2025
YEARS = np.arange(START_YEAR, START_YEAR + MAX_PHASE_YEARS)
#: ESTIMATE: the operating share's uncertainty, ± this around its value, within 0–1
#: (around the default 0.7: 0.4–1.0, centred; see Chapter 2)
OPERATING_SHARE_SPREAD = 0.3


def operating_share_range(operating_share) -> tuple[float, float]:
    """The range of the operating share around a value: ± :data:`OPERATING_SHARE_SPREAD`, within 0–1."""
    op = float(operating_share)
    return max(0.0, round(op - OPERATING_SHARE_SPREAD, 12)), min(1.0, round(op + OPERATING_SHARE_SPREAD, 12))


@dataclass(frozen=True)
class ArticleClaims:
    """The article's own figures (claims C9 and C11), quoted to be tested, not data."""

    cut_share: float = 0.3  # "cutting overcapacity by 30%"
    layoffs_persons: float = 3_000_000  # "up to 3 million"
    years_low: int = 2  # "in 2-3 years"
    years_high: int = 3
    fund_usd_billion: float = 15.4  # "$15.4 billion over two years"


ARTICLE = ArticleClaims()


class ModelError(ValueError):
    """An argument of the layoff model is not allowed; the message says which and why."""


# --------------------------------------------------------------------------
# Sourced inputs
# --------------------------------------------------------------------------

@cache
def _bench() -> pd.DataFrame:
    return data.load("transition_benchmarks")


def benchmark(series: str, sector: str, year: int | None = None, region: str = "China") -> float:
    """One figure from ``transition_benchmarks`` (in its row's unit)."""
    b = _bench()
    rows = b[(b["series"] == series) & (b["sector"] == sector) & (b["region"] == region)]
    if year is not None:
        rows = rows[rows["year"] == year]
    if len(rows) != 1:
        raise KeyError(f"transition_benchmarks has {len(rows)} rows for {series}/{sector}/{region}/{year}")
    return float(rows["value"].iloc[0])


@cache
def _output() -> pd.DataFrame:
    return data.load("sector_output")


def output_mt(sector: str, series: str, year: int) -> float:
    o = _output()
    row = o[(o["sector"] == sector) & (o["series"] == series) & (o["year"] == year)]
    if len(row) != 1:
        raise KeyError(f"sector_output has no {sector}/{series}/{year}")
    return float(row["value"].iloc[0])


@dataclass(frozen=True)
class SectorBaseline:
    """A sector's capacity, output, overcapacity and labour intensity, with how each was obtained."""

    sector: str
    capacity_mt: float
    output_mt: float
    overcapacity_mt: float
    capacity_how: str
    overcapacity_how: str
    employment_persons: float
    employment_year: int
    calibration_mt: float  # the tonnage the employment is divided by
    calibration_basis: str  # "output": both ratios are per Mt of output
    calibration_how: str
    workers_per_mt: float  # persons per Mt (calibrated)
    official_workers_persons: float  # MOHRSS, Feb 2016
    official_cut_mt: float  # the 2016–2020 target the official figure goes with
    official_workers_per_mt: float  # per Mt of capacity CLOSED (the official figure ÷ the target)

    @property
    def utilisation_pct(self) -> float:
        return 100 * self.output_mt / self.capacity_mt

    def base_mt(self, basis: str) -> float:
        return {"overcapacity": self.overcapacity_mt, "capacity": self.capacity_mt, "output": self.output_mt}[basis]


@cache
def baselines() -> dict[str, SectorBaseline]:
    """Steel and coal in the base year (2015), from the catalogued data."""
    steel_cap = benchmark("capacity", "steel", BASE_YEAR)
    steel_out = output_mt("steel", "nbs", BASE_YEAR)
    steel_emp = benchmark("sector_employment", "steel", BASE_YEAR)
    steel_off = benchmark("official_workers_to_reassign", "steel", 2016)
    steel_target = benchmark("cut_target_2016_2020", "steel", 2016)
    steel = SectorBaseline(
        sector="steel", capacity_mt=steel_cap, output_mt=steel_out, overcapacity_mt=steel_cap - steel_out,
        capacity_how=f"sourced: crude-steel capacity {BASE_YEAR} (CMPRI)",
        overcapacity_how=f"computed: capacity − NBS crude-steel output {BASE_YEAR}",
        employment_persons=steel_emp, employment_year=BASE_YEAR, calibration_mt=steel_out,
        calibration_basis="output",
        calibration_how=f"ferrous smelting and rolling employment, end-{BASE_YEAR} ÷ NBS crude-steel output {BASE_YEAR}",
        workers_per_mt=steel_emp / steel_out, official_workers_persons=steel_off, official_cut_mt=steel_target,
        official_workers_per_mt=steel_off / steel_target,
    )
    coal_out = output_mt("coal", "bp", BASE_YEAR)
    coal_over = benchmark("overcapacity_estimate_reuters", "coal", BASE_YEAR)
    emp_year = 2013
    coal_emp = benchmark("sector_employment", "coal", emp_year)
    coal_cal = output_mt("coal", "bp", emp_year)
    coal_off = benchmark("official_workers_to_reassign", "coal", 2016)
    coal_target = benchmark("cut_target_2016_2020", "coal", 2016)
    coal = SectorBaseline(
        sector="coal", capacity_mt=coal_out + coal_over, output_mt=coal_out, overcapacity_mt=coal_over,
        capacity_how=f"DERIVED (no sourced figure): BP output {BASE_YEAR} + the overcapacity estimate",
        overcapacity_how=f"UPPER ESTIMATE: 'as high as' (Reuters, {BASE_YEAR})",
        employment_persons=coal_emp, employment_year=emp_year, calibration_mt=coal_cal, calibration_basis="output",
        calibration_how=f"coal employment at the {emp_year} peak ÷ BP output {emp_year} (capacity not sourced)",
        workers_per_mt=coal_emp / coal_cal, official_workers_persons=coal_off, official_cut_mt=coal_target,
        official_workers_per_mt=coal_off / coal_target,
    )
    return {"steel": steel, "coal": coal}


@cache
def _jobs() -> tuple[np.ndarray, np.ndarray, int]:
    j = data.load("new_urban_jobs")
    obs = j[j["series"] == "new_urban_jobs"].set_index("year")["value"]
    last = int(obs.index.max())
    values = np.array([float(obs.get(y, obs.loc[last] if y > last else np.nan)) for y in YEARS])
    if np.isnan(values).any():
        raise ValueError(f"new_urban_jobs has a gap in {list(YEARS)}")
    observed = YEARS <= last
    return values, observed, last


def new_urban_jobs_millions() -> tuple[np.ndarray, np.ndarray]:
    """New urban jobs (millions) in each of :data:`YEARS`, and a mask of the observed years.

    Years after the last observation reuse the last observed figure (the mask is False there).
    """
    values, observed, _ = _jobs()
    return values.copy(), observed.copy()


def last_jobs_year() -> int:
    """The last year with an observed new-jobs figure; later years reuse it."""
    return _jobs()[2]


@cache
def _min_jobs_by_phase() -> np.ndarray:
    """min(new jobs, millions) over the first p years, for p = 1 … 10 (index p − 1)."""
    return np.minimum.accumulate(_jobs()[0])


@cache
def _min_jobs_year_by_phase() -> np.ndarray:
    values = _jobs()[0]
    return np.array([YEARS[int(np.argmin(values[:p]))] for p in range(1, MAX_PHASE_YEARS + 1)])


def fund_rmb() -> float:
    """The re-employment fund, yuan (RMB 100 bn, over 2016–2017)."""
    return benchmark("reemployment_fund", "steel_and_coal", 2016) * 1e9


# --------------------------------------------------------------------------
# Checks: bad arguments fail with a message naming the argument, value and rule
# --------------------------------------------------------------------------

def _show(value) -> str:
    a = np.asarray(value)
    return repr(value) if a.ndim == 0 or a.size <= 6 else f"an array of {a.size} values"


def _numeric(name: str, value) -> np.ndarray:
    if isinstance(value, (str, bytes)) or value is None:
        raise ModelError(f"{name} = {value!r} is not allowed: expected a number or an array of numbers")
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ModelError(f"{name} = {_show(value)} is not allowed: expected a number or an array of numbers") from None
    if np.asarray(value).dtype == bool:
        raise ModelError(f"{name} = {_show(value)} is not allowed: expected a number, not a boolean")
    if not np.all(np.isfinite(a)):
        raise ModelError(f"{name} = {_show(value)} is not allowed: every value must be finite (no NaN or inf)")
    return a


def check_share(name: str, value) -> np.ndarray:
    """A fraction from 0 to 1 (scalar or array)."""
    a = _numeric(name, value)
    if np.any((a < 0) | (a > 1)):
        raise ModelError(f"{name} = {_show(value)} is not allowed: expected a share from 0 to 1")
    return a


def check_non_negative(name: str, value) -> np.ndarray:
    a = _numeric(name, value)
    if np.any(a < 0):
        raise ModelError(f"{name} = {_show(value)} is not allowed: expected a number >= 0")
    return a


def check_phase_years(value) -> np.ndarray:
    a = _numeric("phase_years", value)
    if np.any(a != np.round(a)) or np.any((a < 1) | (a > MAX_PHASE_YEARS)):
        raise ModelError(f"phase_years = {_show(value)} is not allowed: expected a whole number of years "
                         f"from 1 to {MAX_PHASE_YEARS}")
    return a.astype(np.int64)


def check_sectors(sectors) -> tuple[str, ...]:
    """A non-empty list of distinct modelled sectors, returned in the model's order (steel, coal)."""
    if isinstance(sectors, str) or not isinstance(sectors, (list, tuple)) or not sectors:
        raise ModelError(f"sectors = {sectors!r} is not allowed: expected a non-empty list drawn from "
                         f"{list(MODELLED_SECTORS)}")
    for s in sectors:
        if s in REFUSED_SECTORS:
            raise ModelError(f"sector {s!r} cannot be modelled: {REFUSED_SECTORS[s]}; "
                             f"modelled sectors: {list(MODELLED_SECTORS)}")
        if s not in MODELLED_SECTORS:
            raise ModelError(f"sectors = {sectors!r} is not allowed: {s!r} is not a sector; "
                             f"expected a non-empty list drawn from {list(MODELLED_SECTORS)}")
    if len(set(sectors)) != len(sectors):
        raise ModelError(f"sectors = {sectors!r} is not allowed: a sector is listed twice")
    return tuple(s for s in MODELLED_SECTORS if s in sectors)


def check_basis(basis: str) -> str:
    if basis not in CUT_BASES:
        raise ModelError(f"cut_basis = {basis!r} is not allowed: expected one of {list(CUT_BASES)}")
    return basis


def _sector(sector: str) -> SectorBaseline:
    return baselines()[check_sectors([sector])[0]]


# --------------------------------------------------------------------------
# The model, step by step (each step vectorised)
# --------------------------------------------------------------------------

def base_mt(sector: str, basis: str = "overcapacity") -> float:
    """The tonnage (Mt, base year 2015) that ``cut_share`` applies to."""
    return _sector(sector).base_mt(check_basis(basis))


def cut_mt(sector: str, cut_share, basis: str = "overcapacity"):
    """Capacity cut (Mt) = cut_share × the sector's overcapacity, capacity or output."""
    return check_share("cut_share", cut_share) * base_mt(sector, basis)


def output_removed_mt(cut_mt, operating_share, basis: str = "overcapacity"):
    """Output removed by a cut (Mt): ``operating_share`` × the cut where the cut is capacity
    (cut_basis overcapacity or capacity, or a capacity target); the cut itself where it is
    output (``basis = "output"``: operating_share has no effect)."""
    c = check_non_negative("cut_mt", cut_mt)
    op = check_share("operating_share", operating_share)
    return c + 0 * op if check_basis(basis) == "output" else c * op


def layoffs_persons(output_removed_mt, workers_per_mt):
    """Workers laid off (persons) = output removed (Mt) × workers per Mt of output."""
    return check_non_negative("output_removed_mt", output_removed_mt) * check_non_negative("workers_per_mt",
                                                                                           workers_per_mt)


def phase(total, phase_years, horizon_years: int = MAX_PHASE_YEARS, start_offset: int = 0) -> np.ndarray:
    """THE phasing of the book (Chapter 2 and Chapter 3 use only this): ``total`` in equal
    parts over ``phase_years`` years from year index ``start_offset`` (0 = 2016), on a
    horizon of ``horizon_years``; shape (..., horizon). Layoffs past the horizon are not
    counted. ``total`` and ``phase_years`` may be arrays that broadcast together."""
    total = check_non_negative("total", total)
    p = check_phase_years(phase_years)
    total, p = np.broadcast_arrays(total, p)
    t = np.arange(int(horizon_years))
    in_phase = (t >= start_offset) & (t < start_offset + p[..., None])
    return np.where(in_phase, (total / p)[..., None], 0.0)


def phase_layoffs_persons(total_persons, phase_years) -> np.ndarray:
    """Layoffs per year (persons), shape (..., 10) over :data:`YEARS`: :func:`phase` from 2016."""
    return phase(check_non_negative("total_persons", total_persons), phase_years, MAX_PHASE_YEARS)


def absorption_pct(yearly_layoffs_persons) -> np.ndarray:
    """Each year's layoffs as a percentage of that year's new urban jobs, shape (..., 10)."""
    jobs, _ = new_urban_jobs_millions()
    return np.asarray(yearly_layoffs_persons, dtype=float) / (jobs * 1e6) * 100


def peak_absorption_pct(total_persons, phase_years):
    """The highest yearly ratio of layoffs to new urban jobs (percent).

    With equal yearly layoffs the peak falls in the phase's year with the fewest new
    jobs, so this looks that minimum up instead of building the (..., 10) array
    (same result as ``absorption_pct(phase_layoffs_persons(...)).max(-1)``).
    """
    total = check_non_negative("total_persons", total_persons)
    p = check_phase_years(phase_years)
    return (total / p) / (_min_jobs_by_phase()[p - 1] * 1e6) * 100


def peak_absorption_year(phase_years):
    """The year the peak ratio falls in (the phase's year with the fewest new jobs)."""
    return _min_jobs_year_by_phase()[check_phase_years(phase_years) - 1]


def fund_layoffs_persons(steel_coal_persons, phase_years):
    """Steel and coal layoffs falling in the fund's years, 2016–2017 (persons)."""
    total = check_non_negative("steel_coal_persons", steel_coal_persons)
    p = check_phase_years(phase_years)
    n_fund_years = np.minimum(p, len(FUND_YEARS))
    return (total / p) * n_fund_years


def fund_per_worker_rmb(fund_layoffs):
    """RMB 100 bn ÷ the steel and coal workers laid off in 2016–2017 (yuan per worker).

    Undefined when nobody is laid off in those years: ``None`` for a scalar, NaN in an array.
    """
    n = check_non_negative("fund_layoffs", fund_layoffs)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(n > 0, fund_rmb() / np.where(n > 0, n, 1.0), np.nan)
    if out.ndim == 0:
        return None if np.isnan(out) else float(out)
    return out


# --------------------------------------------------------------------------
# A whole scenario in one call
# --------------------------------------------------------------------------

def _plain(x):
    a = np.asarray(x)
    return float(a) if a.ndim == 0 else a


@dataclass(frozen=True)
class Scenario:
    """The outcome of one call of :func:`scenario` (floats for scalar inputs, else arrays)."""

    sectors: tuple[str, ...]
    cut_basis: str
    phase_years: Any
    cut_mt: dict[str, Any]  # per sector in SECTORS; 0 for a sector not selected
    workers_per_mt: dict[str, Any]  # per modelled sector
    layoffs_persons: dict[str, Any]  # per sector in SECTORS; 0 for a sector not selected
    total_persons: Any
    northeast_persons: Any
    peak_absorption_pct: Any
    fund_layoffs_persons: Any
    fund_per_worker_rmb: Any
    params: dict = field(default_factory=dict)

    def yearly_layoffs_persons(self) -> np.ndarray:
        """Layoffs per year over :data:`YEARS`, shape (..., 10)."""
        return phase_layoffs_persons(self.total_persons, self.phase_years)

    def glue_values(self) -> dict[str, Any]:
        """The chapter's glued numbers (millions, percent, yuan), as plain Python values."""
        if np.ndim(self.total_persons) != 0:
            raise ModelError("glue_values() needs a scalar scenario")
        fund = self.fund_per_worker_rmb
        return {
            "layoffs_total_millions": float(self.total_persons) / 1e6,
            "layoffs_steel_millions": float(self.layoffs_persons["steel"]) / 1e6,
            "layoffs_coal_millions": float(self.layoffs_persons["coal"]) / 1e6,
            "layoffs_cement_millions": float(self.layoffs_persons["cement"]) / 1e6,
            "layoffs_northeast_millions": float(self.northeast_persons) / 1e6,
            "layoffs_to_new_jobs_pct": float(self.peak_absorption_pct),
            "fund_per_worker_rmb": None if fund is None else float(fund),
        }


def scenario(cut_share=ARTICLE.cut_share, sectors=MODELLED_SECTORS, phase_years=3, northeast_share=None,
             cut_basis: str = "overcapacity", workers_per_mt_steel=None, workers_per_mt_coal=None,
             cut_target_mt: dict[str, Any] | None = None, operating_share=None) -> Scenario:
    """Layoffs, their Northeast share, absorption and fund per worker for one or many parameter sets,
    built from the step functions :func:`cut_mt`, :func:`output_removed_mt`, :func:`layoffs_persons`,
    :func:`peak_absorption_pct`, :func:`fund_layoffs_persons` and :func:`fund_per_worker_rmb`.

    cut_share, phase_years, northeast_share, operating_share, workers_per_mt_* and the values of
    cut_target_mt may be arrays that broadcast together. ``None`` for a workers-per-Mt
    argument means the calibrated value; for northeast_share and operating_share, the
    chapter's default. ``cut_target_mt`` ({sector: Mt of capacity}) replaces cut_share × base
    for the sectors it names (a capacity cut: operating_share applies).
    """
    chosen = check_sectors(sectors)
    basis = check_basis(cut_basis)
    if northeast_share is None or operating_share is None:
        from .parameters import defaults

        d = defaults("transitional_pain")
        northeast_share = d["northeast_share"] if northeast_share is None else northeast_share
        operating_share = d["operating_share"] if operating_share is None else operating_share
    share = check_share("cut_share", cut_share)
    ne = check_share("northeast_share", northeast_share)
    op = check_share("operating_share", operating_share)
    p = check_phase_years(phase_years)
    base = baselines()
    wpm = {
        "steel": base["steel"].workers_per_mt if workers_per_mt_steel is None
        else check_non_negative("workers_per_mt_steel", workers_per_mt_steel),
        "coal": base["coal"].workers_per_mt if workers_per_mt_coal is None
        else check_non_negative("workers_per_mt_coal", workers_per_mt_coal),
    }
    targets = dict(cut_target_mt or {})
    for s in targets:
        if s not in chosen:
            raise ModelError(f"cut_target_mt names {s!r}, which is not among the selected sectors {list(chosen)}")
        targets[s] = check_non_negative(f"cut_target_mt[{s!r}]", targets[s])
    zero = np.zeros(np.broadcast_shapes(share.shape, ne.shape, op.shape, p.shape, np.shape(wpm["steel"]),
                                        np.shape(wpm["coal"]), *[np.shape(t) for t in targets.values()]))
    cuts: dict[str, Any] = {}
    lay: dict[str, Any] = {}
    for s in SECTORS:
        if s in chosen:
            if s in targets:
                c = targets[s]
                removed = output_removed_mt(c, op, "capacity")
            else:
                c = cut_mt(s, share, basis)
                removed = output_removed_mt(c, op, basis)
            cuts[s] = c + zero
            lay[s] = layoffs_persons(removed, wpm[s]) + zero
        else:
            cuts[s] = zero
            lay[s] = zero
    total = lay["steel"] + lay["coal"] + lay["cement"]
    fund_n = fund_layoffs_persons(lay["steel"] + lay["coal"], p)
    return Scenario(
        sectors=chosen, cut_basis=basis, phase_years=_plain(p) if np.ndim(p) else int(p),
        cut_mt={s: _plain(v) for s, v in cuts.items()},
        workers_per_mt={s: _plain(v + zero) for s, v in wpm.items()},
        layoffs_persons={s: _plain(v) for s, v in lay.items()},
        total_persons=_plain(total), northeast_persons=_plain(ne * total),
        peak_absorption_pct=_plain(peak_absorption_pct(total, p)),
        fund_layoffs_persons=_plain(fund_n), fund_per_worker_rmb=fund_per_worker_rmb(fund_n),
        params={"cut_share": cut_share, "sectors": list(chosen), "phase_years": phase_years,
                "northeast_share": northeast_share, "cut_basis": basis, "workers_per_mt_steel": workers_per_mt_steel,
                "workers_per_mt_coal": workers_per_mt_coal, "cut_target_mt": cut_target_mt,
                "operating_share": operating_share},
    )


# --------------------------------------------------------------------------
# Presets and what "up to 3 million" requires
# --------------------------------------------------------------------------

def preset(name: str) -> dict[str, Any]:
    """Documented parameter sets for :func:`scenario`.

    * ``sourced``: the chapter's defaults, 30% of each sector's overcapacity, the default
      operating share, the calibrated workers per Mt of output;
    * ``official``: the 2016–2020 targets (steel 150 Mt, coal 500 Mt of capacity) with the
      workers per Mt the official 1.8 million implies *per Mt of capacity closed*, so with
      ``operating_share = 1`` (the official ratio already folds in how much of the closed
      capacity produced); it reproduces 1.8 million by construction, which checks the
      arithmetic rather than the claim;
    * ``article``: the basis of CICC's estimate behind the article's "3 million": a 30%
      *production* cut (``cut_basis = "output"``), steel and coal only, calibrated workers
      per Mt of output (operating_share has no effect on an output cut).
    """
    b = baselines()
    presets = {
        "sourced": {"cut_share": ARTICLE.cut_share, "cut_basis": "overcapacity"},
        "official": {"cut_target_mt": {s: b[s].official_cut_mt for s in MODELLED_SECTORS},
                     "workers_per_mt_steel": b["steel"].official_workers_per_mt,
                     "workers_per_mt_coal": b["coal"].official_workers_per_mt, "operating_share": 1.0},
        "article": {"cut_share": ARTICLE.cut_share, "cut_basis": "output"},
    }
    if name not in presets:
        raise ModelError(f"preset {name!r} is not defined: expected one of {list(presets)}")
    return presets[name]


def required_cut_share(target_persons, basis: str = "overcapacity", sectors=MODELLED_SECTORS,
                       workers_per_mt_steel=None, workers_per_mt_coal=None, operating_share=None):
    """The cut_share at which layoffs reach ``target_persons`` (may exceed 1: then unreachable;
    inf if the cut lays nobody off, e.g. operating_share = 0)."""
    per_unit = scenario(1.0, sectors, 1, 0.0, basis, workers_per_mt_steel, workers_per_mt_coal,
                        operating_share=operating_share).total_persons
    with np.errstate(divide="ignore"):
        return _plain(check_non_negative("target_persons", target_persons) / np.asarray(per_unit))


def required_intensity_multiplier(target_persons, cut_share=ARTICLE.cut_share, basis: str = "overcapacity",
                                  sectors=MODELLED_SECTORS, operating_share=None):
    """How many times the calibrated workers per Mt would give ``target_persons`` layoffs."""
    got = scenario(cut_share, sectors, 1, 0.0, basis, operating_share=operating_share).total_persons
    with np.errstate(divide="ignore"):
        return _plain(check_non_negative("target_persons", target_persons) / np.asarray(got))


def operating_share_text(cut_basis: str, operating_share: float, lang: str | None = None) -> str:
    """The chapter's sentence on what ``operating_share`` does at these parameters."""
    from .i18n import language

    if language(lang) == "zh":
        if check_basis(cut_basis) == "output":
            return ("去产能按产量计量时，关闭产能中在产的比例不起作用：削减的产量本身就是减少的产量，"
                    "每百万吨产量的职工人数直接适用于它。")
        op = float(check_share("operating_share", operating_share))
        if op == 0:
            return "在产比例为零时，关闭的工厂都已停产，因此去产能不减少产量，按这些比率也不会造成裁员。"
        return f"削减的是产能，因此其中只有在产的 {op:.0%} 会减少产量，也只有这部分产量按每百万吨产量的比率造成失业。"
    if check_basis(cut_basis) == "output":
        return ("With the cut measured in output, the share of the closed capacity that was producing has no "
                "effect: a cut of output is already output removed, and workers per Mt of output apply to it "
                "directly.")
    op = float(check_share("operating_share", operating_share))
    if op == 0:
        return ("With an operating share of zero every closed plant was idle, so the cut removes no output and, "
                "at these ratios, lays nobody off.")
    return (f"The cut is capacity, so only the {op:.0%} of it that was producing removes output, and only that "
            "output costs jobs at the ratios per Mt of output.")


def operating_share_for(target_persons, cut_mt_by_sector: dict[str, float]) -> float:
    """The operating share at which the calibrated ratios turn capacity cuts ``{sector: Mt}``
    into ``target_persons`` layoffs (a check on the default, not a calibration: see Chapter 2)."""
    b = baselines()
    at_one = sum(float(c) * b[s].workers_per_mt for s, c in cut_mt_by_sector.items())
    return float(check_non_negative("target_persons", target_persons)) / at_one


# --------------------------------------------------------------------------
# Tables for the chapter's figures and the methods appendix
# --------------------------------------------------------------------------

def capacity_table() -> pd.DataFrame:
    """Per sector in 2015: capacity, output, overcapacity (Mt), utilisation (%), and how each was obtained."""
    rows = []
    for s, b in baselines().items():
        rows.append({"sector": s, "capacity_mt": b.capacity_mt, "output_mt": b.output_mt,
                     "overcapacity_mt": b.overcapacity_mt, "utilisation_pct": b.utilisation_pct,
                     "capacity_how": b.capacity_how, "overcapacity_how": b.overcapacity_how})
    return pd.DataFrame(rows)


def steel_overcapacity_estimates() -> pd.DataFrame:
    """Published estimates of China's steel overcapacity (Mt), beside the model's."""
    labels = {
        "overcapacity_estimate_piie_alternative": "PIIE alternative (2016)",
        "overcapacity_estimate_reuters": "Reuters, 'about 300 Mt' (2015)",
        "overcapacity_estimate_ec_revised": "European Commission, revised (2015)",
        "overcapacity_estimate_common_low": "Commonly cited, low end (2016)",
        "overcapacity_estimate_common_high": "Commonly cited, high end (2016)",
        "overcapacity_estimate_ec_draft": "European Commission, draft (2015)",
    }
    b = _bench()
    rows = [{"estimate": label, "overcapacity_mt": float(b[(b["series"] == s) & (b["sector"] == "steel")]["value"].iloc[0]),
             "kind": "published estimate"} for s, label in labels.items()]
    rows.append({"estimate": "This model: capacity − output (2015)",
                 "overcapacity_mt": baselines()["steel"].overcapacity_mt, "kind": "this model"})
    return pd.DataFrame(rows)


@cache
def _nei() -> pd.DataFrame:
    return data.load("northeast_industry")


def _ne_fact(series: str, year: int) -> float:
    n = _nei()
    return float(n[(n["series"] == series) & (n["year"] == year)]["value"].iloc[0])


#: what each row of :func:`workers_per_mt_table` is: only "independent check" rows use data
#: other than the calibration's, and only per-output rows measure the model's quantity
WPM_KINDS = {
    "calibration": "calibration (per Mt of output)",
    "same data": "same data as the calibration, not independent",
    "independent check": "independent check (per Mt of output)",
    "per capacity closed": "official: per Mt of capacity closed (another basis)",
}


def workers_per_mt_table() -> pd.DataFrame:
    """Workers per Mt (persons) by sector: the calibration, what it can be checked against, and
    the official ratio, each with its basis (per Mt of output or of capacity closed) and
    ``kind`` (a key of :data:`WPM_KINDS`)."""
    b = baselines()
    st, co = b["steel"], b["coal"]
    alt_coal = benchmark("sector_employment_alternative", "coal", BASE_YEAR)
    longmay_emp, longmay_out = _ne_fact("longmay_employees", 2015), _ne_fact("longmay_output", 2011)
    out, cap = "output", "capacity closed"
    rows = [
        ("steel", "Calibrated: employment ÷ NBS output (2015)", st.workers_per_mt, out, "calibration"),
        ("steel", "4.5 workers per kt (WIND via Platts, quoted with the same employment)",
         benchmark("employment_per_kt_output", "steel", BASE_YEAR) * 1000, out, "same data"),
        ("steel", "CISA: 300 t of steel per worker", 1e6 / benchmark("output_per_worker_cisa", "steel", 2016), out,
         "independent check"),
        ("steel", "Official 0.5 m ÷ 150 Mt target", st.official_workers_per_mt, cap, "per capacity closed"),
        ("steel", "Official 0.5 m ÷ 100 Mt (low target)",
         st.official_workers_persons / benchmark("cut_target_2016_2020_low", "steel", 2016), cap,
         "per capacity closed"),
        ("coal", "Calibrated: employment 2013 ÷ BP output 2013", co.workers_per_mt, out, "calibration"),
        ("coal", "5.7 m workers (2015) ÷ BP output 2015", alt_coal / co.output_mt, out, "independent check"),
        ("coal", "Longmay: workforce 2015 ÷ output 2011 (Heilongjiang)", longmay_emp / longmay_out, out,
         "independent check"),
        ("coal", "Official 1.3 m ÷ 500 Mt target", co.official_workers_per_mt, cap, "per capacity closed"),
    ]
    return pd.DataFrame(rows, columns=["sector", "measure", "workers_per_mt", "basis", "kind"])


@cache
def workers_per_mt_range(sector: str) -> tuple[float, float, float]:
    """(low, high, factor): the range of workers per Mt of output used in Chapter 3's
    uncertainty, geometrically centred on the calibration: calibration ÷ k to calibration × k,
    with k the largest ratio between the calibration and any per-output check."""
    t = workers_per_mt_table()
    rows = t[(t["sector"] == sector) & (t["basis"] == "output")]
    cal = float(rows[rows["kind"] == "calibration"]["workers_per_mt"].iloc[0])
    others = rows[rows["kind"] != "calibration"]["workers_per_mt"].astype(float)
    k = float(max(1.0, *(np.maximum(others / cal, cal / others))))
    return cal / k, cal * k, k


def layoff_estimates_table(**params) -> pd.DataFrame:
    """Layoff estimates by source and sector (persons): this model at ``params``, the article
    preset, the official figure, unofficial estimates and what was done."""
    mine = scenario(**params)
    art = scenario(**preset("article"))
    rows = []
    for s in MODELLED_SECTORS:
        rows.append(("This model, your parameters", s, float(mine.layoffs_persons[s]), "this model"))
    for s in MODELLED_SECTORS:
        rows.append((f"This model, {ARTICLE.cut_share:.0%} of output (CICC's basis)", s, float(art.layoffs_persons[s]),
                     "this model"))
    for s in MODELLED_SECTORS:
        rows.append(("Official (MOHRSS, Feb 2016)", s, benchmark("official_workers_to_reassign", s, 2016), "official"))
    rows += [
        ("Experts cited by RFA: 'at least', six sectors", "several",
         benchmark("layoff_estimate_experts_30pct_cut", "several", 2016), "unofficial estimate"),
        ("CMIPRI (steel)", "steel", benchmark("layoff_estimate_cmipri", "steel", 2016), "unofficial estimate"),
        ("CISA (steel)", "steel", benchmark("layoff_estimate_cisa", "steel", 2016), "unofficial estimate"),
        ("Coal miners needing new jobs by 2020 (report)", "coal",
         benchmark("layoff_estimate_coal_by_2020", "coal", 2020), "unofficial estimate"),
        ("Resettled in 2016 (MOHRSS)", "steel_and_coal", benchmark("workers_resettled", "steel_and_coal", 2016),
         "outcome"),
    ]
    return pd.DataFrame(rows, columns=["estimate", "sector", "persons", "kind"])


def northeast_evidence() -> dict[str, float]:
    """The figures that bound the Northeast's share of the layoffs (shares as fractions)."""
    return dict(_northeast_evidence())


@cache
def _northeast_evidence() -> dict[str, float]:
    ne = ("Liaoning", "Jilin", "Heilongjiang")

    def share(sector: str) -> float:
        part = sum(benchmark("urban_units_employment", sector, 2017, region=r) for r in ne)
        return part / benchmark("urban_units_employment", sector, 2017)

    from .parameters import defaults

    longmay_layoffs = _ne_fact("longmay_planned_layoffs", 2015)
    official = benchmark("official_workers_to_reassign", "steel_and_coal", 2016)
    projected = benchmark("workers_affected_projection", "steel_and_coal", 2020, region="Northeast")
    # this model's national total at Chapter 2's defaults (the Northeast's share does not enter it)
    total = float(scenario(**defaults("transitional_pain")).total_persons)
    return {
        "affected_projection_2020": projected,
        "affected_share_of_official": projected / official,
        "model_total_at_defaults": total,
        "model_total_share_of_official": total / official,
        # the projection's share of the official figure applied to this model's total (persons)
        "affected_share_at_model_total": projected / official * total,
        # the lower bound: what Longmay's announced layoffs alone are of this model's total
        "longmay_share_at_defaults": longmay_layoffs / total,
        "steel_output_share_2015": benchmark("output_share_crude_steel", "steel", 2015, region="Northeast") / 100,
        "mining_employment_share": share("mining"),
        "manufacturing_employment_share": share("manufacturing"),
        "gdp_share_2017": _ne_fact("northeast_share_national_gdp", 2017) / 100,
        "longmay_planned_layoffs": longmay_layoffs,
        "longmay_employees_2015": _ne_fact("longmay_employees", 2015),
        "longmay_share_of_official": longmay_layoffs / official,
        "longmay_share_of_coal_employment": _ne_fact("longmay_employees", 2015) / baselines()["coal"].employment_persons,
    }


def northeast_share_evidence() -> tuple[float, float]:
    """(low, high): the evidence on the Northeast's share of *this model's* layoffs at Chapter 2's
    defaults. Low: Longmay's announced layoffs alone ÷ the model's total (no share below it puts
    as many layoffs in the region as that one company announced). High: the region's share of
    China's mining employment, 2017 (the high side for an old coal base; mining includes oil).
    The parameter table's default is their centre and its lower bound the low end, both rounded
    (the low end upwards); tests check them against this function."""
    ev = _northeast_evidence()
    return ev["longmay_share_at_defaults"], ev["mining_employment_share"]


def absorption_table(total_persons: float, phase_years: int) -> pd.DataFrame:
    """New urban jobs 2010 onwards (millions) beside one scenario's yearly layoffs and their ratio (%)."""
    j = data.load("new_urban_jobs")
    obs = j[(j["series"] == "new_urban_jobs") & (j["year"] >= 2010)][["year", "value"]]
    jobs, observed = new_urban_jobs_millions()
    yearly = phase_layoffs_persons(total_persons, phase_years)
    extra = [{"year": int(y), "value": float(v)} for y, v, o in zip(YEARS, jobs, observed)
             if not o and yearly[YEARS == y][0] > 0]
    t = pd.concat([obs, pd.DataFrame(extra, columns=["year", "value"])], ignore_index=True)
    t = t.rename(columns={"value": "new_jobs_millions"})
    t["jobs_status"] = np.where(t["year"] <= last_jobs_year(), "observed", f"carried forward from {last_jobs_year()}")
    lay = dict(zip(YEARS.tolist(), (yearly / 1e6).tolist()))
    t["layoffs_millions"] = t["year"].map(lay).fillna(0.0)
    t["ratio_pct"] = t["layoffs_millions"] / t["new_jobs_millions"] * 100
    return t


CUT_KINDS = {"target": "annual target", "achieved": "reported cut", "implied": "implied by the 2016–2018 total"}


def capacity_cuts_table() -> pd.DataFrame:
    """Annual capacity-cut targets and reported cuts (Mt), steel and coal, 2016–2018.

    2018 has a target only; its cut is *implied* as the reported 2016–2018 total minus
    the reported 2016 and 2017 cuts (COMPUTED, labelled as such).
    """
    c = data.load("capacity_cuts")
    t = c[["sector", "year", "kind", "value"]].copy()
    implied = []
    for s in MODELLED_SECTORS:
        total = benchmark("cut_achieved_2016_2018", s, 2018)
        done = t[(t["sector"] == s) & (t["kind"] == "achieved") & t["year"].isin([2016, 2017])]["value"].sum()
        if not ((t["sector"] == s) & (t["kind"] == "achieved") & (t["year"] == 2018)).any():
            implied.append({"sector": s, "year": 2018, "kind": "implied", "value": total - done})
    t = pd.concat([t, pd.DataFrame(implied)], ignore_index=True)
    t["kind_label"] = t["kind"].map(CUT_KINDS)
    return t.sort_values(["sector", "year", "kind"]).reset_index(drop=True).rename(columns={"value": "cut_mt"})


def explorer_rows() -> pd.DataFrame:
    """The per-sector inputs of the static explorer: overcapacity, capacity and output (Mt)."""
    return pd.DataFrame([{"sector": s, "overcapacity_mt": b.overcapacity_mt, "capacity_mt": b.capacity_mt,
                          "output_mt": b.output_mt} for s, b in baselines().items()])
