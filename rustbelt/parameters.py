"""Every chapter parameter, declared once.

The chapters' ``parameters`` cells use these defaults, the first cell after
them calls :func:`validate`, the methods page prints :func:`table`, and the
scenario runner checks scenario files against the same declarations.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd


class ParameterError(ValueError):
    """A chapter parameter has a value that is not allowed."""


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # "int", "float", "str", "list[str]", "int|None", "float|None"
    default: Any
    meaning: str
    unit: str = ""
    allowed: tuple | None = None  # allowed values (for str) or elements (for list[str])
    minimum: float | None = None
    maximum: float | None = None
    source: str = ""
    #: for a range that depends on other parameters: (values) -> (min, max, why)
    dynamic_range: Callable[[dict], tuple[float, float, str]] | None = None
    range_text: str = ""
    #: values that are named in ``allowed`` but cannot be used, each with the reason
    refused: tuple[tuple[str, str], ...] = ()

    def usable(self) -> tuple:
        """The allowed values minus the refused ones."""
        no = {v for v, _ in self.refused}
        return tuple(v for v in (self.allowed or ()) if v not in no)

    def allowed_text(self, values: dict | None = None) -> str:
        if self.dynamic_range is not None and values is not None:
            lo, hi, why = self.dynamic_range(values)
            return f"an integer from {lo} to {hi} ({why}), or None for the default"
        if self.range_text:
            return self.range_text
        if self.kind == "list[str]":
            return f"a non-empty list of distinct values from {list(self.usable())}"
        if self.allowed is not None:
            return f"one of {list(self.usable())}"
        integer = self.kind.startswith("int")
        fmt = (lambda v: f"{int(v):,}") if integer else (lambda v: f"{v:g}")
        lo = "" if self.minimum is None else fmt(self.minimum)
        hi = "" if self.maximum is None else fmt(self.maximum)
        what = "an integer" if integer else "a number"
        none = ", or None" if self.kind.endswith("|None") else ""
        return f"{what} from {lo} to {hi}{none}"


def _years(values: dict) -> tuple[int, int, str]:
    from .regional import vintage_years

    v = values.get("gdp_vintage", "current")
    lo, hi = vintage_years(v)
    return lo, hi, f"the {v!r} GDP vintage covers {lo}–{hi}"


PROVINCES = ("Liaoning", "Jilin", "Heilongjiang")
SECTORS = ("steel", "coal", "cement")

CHALLENGES = [
    Parameter("provinces", "list[str]", list(PROVINCES), "Northeastern provinces to aggregate",
              allowed=PROVINCES, source="the article's definition of the Northeast (C5)"),
    Parameter("gdp_vintage", "str", "current", "NBS GDP vintage used for shares and levels",
              allowed=("current", "v4", "old"), source="NBS; see the data appendix"),
    Parameter("start_year", "int|None", None, "First year of the GDP-share comparison (None: the vintage's first year)",
              unit="year", dynamic_range=_years),
    Parameter("end_year", "int|None", None, "Last year of the GDP-share comparison (None: the vintage's last year)",
              unit="year", dynamic_range=_years),
]

#: why Chapter 2's model refuses cement (see rustbelt.model.REFUSED_SECTORS, which says the same)
CEMENT_REFUSED = ("the book's data hold cement output (USGS) but no sourced cement capacity or employment, "
                  "so no workers-per-Mt ratio can be calibrated")

TRANSITIONAL_PAIN = [
    Parameter("cut_share", "float", 0.3, "Share of each sector's base (overcapacity by default) that is cut",
              unit="fraction 0–1", minimum=0.0, maximum=1.0, source="the article's 30% (C9)"),
    Parameter("sectors", "list[str]", ["steel", "coal"], "Sectors whose capacity is cut",
              allowed=SECTORS, refused=(("cement", CEMENT_REFUSED),),
              source="every sector the data support; cement is refused (no sourced capacity or employment)"),
    Parameter("phase_years", "int", 3, "Years over which layoffs are spread, from 2016",
              unit="years", minimum=1, maximum=10, source="the article's 2–3 years (C9)"),
    Parameter("northeast_share", "float", 0.135, "Share of the layoffs falling in the Northeast (an estimate)",
              unit="fraction 0–1", minimum=0.0, maximum=1.0,
              source="ESTIMATE: the Northeast's share of China's mining employment in urban units in 2017 "
                     "(NBS), rounded, as a proxy; the evidence that bounds it is in Chapter 2"),
    Parameter("cut_basis", "str", "overcapacity", "What cut_share is a share of, per sector",
              allowed=("overcapacity", "capacity", "output"),
              source="the article cuts overcapacity (C9); the experts behind '3 million' cut production"),
    Parameter("workers_per_mt_steel", "float|None", None,
              "Steel workers laid off per Mt of capacity cut (None: calibrated from sourced data)",
              unit="persons per Mt", minimum=0.0, maximum=20000.0,
              source="calibrated: ferrous smelting employment end-2015 ÷ crude-steel capacity 2015"),
    Parameter("workers_per_mt_coal", "float|None", None,
              "Coal workers laid off per Mt of capacity cut (None: calibrated from sourced data)",
              unit="persons per Mt", minimum=0.0, maximum=20000.0,
              source="calibrated: coal employment at the 2013 peak ÷ 2013 output (capacity not sourced)"),
]

FEASIBILITY = TRANSITIONAL_PAIN + [
    Parameter("scenario", "str", "reform", "Policy scenario: cuts now with support, or cuts postponed",
              allowed=("reform", "old_policies"), source="the article's alternative (C14); assumptions in Chapter 3"),
    Parameter("reemployment_rate", "float", 0.4, "Annual share of the jobless stock re-employed",
              unit="fraction per year", minimum=0.0, maximum=1.0,
              source="ESTIMATE: 726,000 steel and coal workers resettled in 2016 ÷ the official 1.8 million, "
                     "rounded (MOHRSS); see Chapter 3"),
    Parameter("horizon_years", "int", 10, "Years projected from 2016", unit="years", minimum=1, maximum=30),
    Parameter("n_draws", "int", 2000, "Monte Carlo draws", unit="draws", minimum=100, maximum=1_000_000),
    Parameter("seed", "int", 2016, "Random seed of the Monte Carlo", minimum=0, maximum=2**32 - 1),
]

TEN_YEARS_ON = [
    Parameter("provinces", "list[str]", list(PROVINCES), "Northeastern provinces to sum (jobs, steel, money, ageing)",
              allowed=PROVINCES, source="the article's definition of the Northeast (C5), as in Chapter 1"),
]

CHAPTERS: dict[str, list[Parameter]] = {
    "challenges": CHALLENGES,
    "transitional_pain": TRANSITIONAL_PAIN,
    "feasibility": FEASIBILITY,
    "ten_years_on": TEN_YEARS_ON,
}


def spec(chapter: str) -> dict[str, Parameter]:
    if chapter not in CHAPTERS:
        raise ParameterError(f"unknown chapter {chapter!r}; chapters with parameters: {sorted(CHAPTERS)}")
    return {p.name: p for p in CHAPTERS[chapter]}


def defaults(chapter: str) -> dict[str, Any]:
    return {name: (list(p.default) if isinstance(p.default, list) else p.default) for name, p in spec(chapter).items()}


def _fail(p: Parameter, value: Any, values: dict) -> None:
    raise ParameterError(f"parameter {p.name!r} = {value!r} is not allowed: expected {p.allowed_text(values)}")


def _refuse(p: Parameter, items, value: Any, values: dict) -> None:
    for v, why in p.refused:
        if v in items:
            raise ParameterError(f"parameter {p.name!r} = {value!r} is not allowed: {v!r} cannot be used ({why}); "
                                 f"expected {p.allowed_text(values)}")


def _check(p: Parameter, value: Any, values: dict) -> Any:
    kind = p.kind
    if kind.endswith("|None"):
        if value is None:
            return None
        kind = kind[: -len("|None")]
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                _fail(p, value, values)
    elif kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            _fail(p, value, values)
        value = float(value)
    elif kind == "str":
        if not isinstance(value, str) or (p.allowed is not None and value not in p.allowed):
            _fail(p, value, values)
        _refuse(p, [value], value, values)
        return value
    elif kind == "list[str]":
        if isinstance(value, str) or not isinstance(value, (list, tuple)) or not value:
            _fail(p, value, values)
        if any(v not in p.allowed for v in value) or len(set(value)) != len(value):
            _fail(p, value, values)
        _refuse(p, value, value, values)
        return list(value)
    lo, hi = p.minimum, p.maximum
    if p.dynamic_range is not None:
        lo, hi, _ = p.dynamic_range(values)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        _fail(p, value, values)
    return value


def validate(chapter: str, **values: Any) -> dict[str, Any]:
    """Check a chapter's parameters; return them normalised. Raises ParameterError naming
    the parameter, the value given and what is allowed."""
    params = spec(chapter)
    unknown = sorted(set(values) - set(params))
    if unknown:
        raise ParameterError(f"unknown parameter(s) {unknown} for chapter {chapter!r}; allowed: {sorted(params)}")
    merged = {**defaults(chapter), **values}
    out: dict[str, Any] = {}
    # check the parameters that others depend on (e.g. gdp_vintage) first
    for name in sorted(params, key=lambda n: params[n].dynamic_range is not None):
        out[name] = _check(params[name], merged[name], {**merged, **out})
    if chapter == "challenges":
        start, end = out["start_year"], out["end_year"]
        if start is not None and end is not None and start >= end:
            raise ParameterError(f"parameter 'end_year' = {end!r} is not allowed: expected a year after "
                                 f"start_year ({start})")
    return {name: out[name] for name in params}


def table(chapter: str | None = None) -> pd.DataFrame:
    """Every parameter as a table: chapter, name, type, default, allowed, unit, meaning, source."""
    rows = []
    for ch, params in CHAPTERS.items():
        if chapter is not None and ch != chapter:
            continue
        for p in params:
            allowed = p.allowed_text() if p.dynamic_range is None else "within the chosen vintage's years"
            rows.append({"chapter": ch, "parameter": p.name, "type": p.kind, "default": repr(p.default),
                         "allowed": allowed, "unit": p.unit, "meaning": p.meaning, "source": p.source})
    return pd.DataFrame(rows)
