"""Every chapter parameter, declared once.

The chapters' ``parameters`` cells use these defaults, the first cell after
them calls :func:`validate`, the methods page prints :func:`table`, and the
scenario runner checks scenario files against the same declarations.
"""
from __future__ import annotations

import functools
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import BeforeValidator, ConfigDict, Field, ValidationError, create_model

from .constants import MAX_PHASE_YEARS, PROVINCES, Province, Sector, Vintage


class ParameterError(ValueError):
    """A chapter parameter has a value that is not allowed."""


def _integral_float_to_int(value: Any) -> Any:
    # 3.0 from a YAML file or a widget means 3; 3.5 stays a float and is refused
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _optional(t) -> tuple[Any, bool]:
    """(the type without None, whether None is allowed)."""
    if isinstance(t, types.UnionType) or typing.get_origin(t) is typing.Union:
        args = [a for a in typing.get_args(t) if a is not type(None)]
        return args[0], len(args) < len(typing.get_args(t))
    return t, False


@dataclass(frozen=True)
class Parameter:
    """One chapter parameter: its Python type (``float``, ``int | None``, ``Vintage``,
    ``list[Province]``: pydantic validates against it, strictly), bounds and what it means."""

    name: str
    type: Any
    default: Any
    meaning: str
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    source: str = ""
    #: for a range that depends on other parameters: (values) -> (min, max, why)
    dynamic_range: Callable[[dict], tuple[float, float, str]] | None = None
    range_text: str = ""
    #: why the numeric bounds are where they are, added to the refusal (the bounds themselves stay numbers above)
    range_why: str = ""
    #: values the type allows that cannot be used, each with the reason
    refused: tuple[tuple[str, str], ...] = ()

    @property
    def base(self):
        return _optional(self.type)[0]

    @property
    def nullable(self) -> bool:
        return _optional(self.type)[1]

    @property
    def is_list(self) -> bool:
        return typing.get_origin(self.base) is list

    @property
    def allowed(self) -> tuple | None:
        """The values a choice (or a list's elements) may take, in declared order."""
        t = typing.get_args(self.base)[0] if self.is_list else self.base
        return typing.get_args(t) if typing.get_origin(t) is Literal else None

    @property
    def kind(self) -> str:
        """The type as the parameter table prints it."""
        names = {int: "int", float: "float", str: "str", bool: "bool"}
        base = "list[str]" if self.is_list else ("str" if self.allowed is not None else names[self.base])
        return base + ("|None" if self.nullable else "")

    def usable(self) -> tuple:
        """The allowed values minus the refused ones."""
        no = {v for v, _ in self.refused}
        return tuple(v for v in (self.allowed or ()) if v not in no)

    def annotation(self):
        """The pydantic annotation: strict type plus the static bounds."""
        t = self.base
        if t is int:
            t = Annotated[int, BeforeValidator(_integral_float_to_int), Field(ge=self.minimum, le=self.maximum)]
        elif t is float:
            t = Annotated[float, Field(ge=self.minimum, le=self.maximum, allow_inf_nan=False)]
        elif self.is_list:
            t = Annotated[t, Field(min_length=1)]
        return t | None if self.nullable else t

    def allowed_text(self, values: dict | None = None, language: str = "en") -> str:
        """What the parameter may take, as the refusals and the parameter table write it; in
        ``language`` (English, the refusals' language, unless asked: see :meth:`_allowed_text_in`)."""
        if language != "en":
            return self._allowed_text_in(language, values)
        if self.dynamic_range is not None and values is not None:
            lo, hi, why = self.dynamic_range(values)
            return f"an integer from {lo} to {hi} ({why}), or None for the default"
        if self.range_text:
            return self.range_text
        if self.is_list:
            return f"a non-empty list of distinct values from {list(self.usable())}"
        if self.allowed is not None:
            return f"one of {list(self.usable())}"
        integer = self.base is int
        fmt = (lambda v: f"{int(v):,}") if integer else (lambda v: f"{v:g}")
        lo = "" if self.minimum is None else fmt(self.minimum)
        hi = "" if self.maximum is None else fmt(self.maximum)
        what = "an integer" if integer else "a number"
        none = ", or None" if self.nullable else ""
        why = f" ({self.range_why})" if self.range_why else ""
        return f"{what} from {lo} to {hi}{none}{why}"

    def _allowed_text_in(self, language: str, values: dict | None = None) -> str:
        """:meth:`allowed_text` in another language, from the catalogue's templates (the values,
        bounds and codes as the English writes them)."""
        from .i18n import t, tf

        if self.dynamic_range is not None and values is not None:
            lo, hi, why = self.dynamic_range(values)
            return tf("an integer from {lo} to {hi} ({why}), or None for the default", language, lo=lo, hi=hi,
                      why=t(why, language))
        if self.range_text:
            return t(self.range_text, language)
        if self.is_list:
            return tf("a non-empty list of distinct values from {values}", language, values=list(self.usable()))
        if self.allowed is not None:
            return tf("one of {values}", language, values=list(self.usable()))
        integer = self.base is int
        fmt = (lambda v: f"{int(v):,}") if integer else (lambda v: f"{v:g}")
        lo = "" if self.minimum is None else fmt(self.minimum)
        hi = "" if self.maximum is None else fmt(self.maximum)
        what = tf("an integer from {lo} to {hi}" if integer else "a number from {lo} to {hi}", language, lo=lo, hi=hi)
        # the English's "{what}{none}{why}" as one template, so that the language orders its parts
        template = "{range}" + (", or None" if self.nullable else "") + (" ({why})" if self.range_why else "")
        if template == "{range}":
            return what
        return tf(template, language, range=what, why=t(self.range_why, language))


def _years(values: dict) -> tuple[int, int, str]:
    from .regional import vintage_years

    v = values.get("gdp_vintage", "current")
    lo, hi = vintage_years(v)
    return lo, hi, f"the {v!r} GDP vintage covers {lo}–{hi}"



CHALLENGES = [
    Parameter("provinces", list[Province], list(PROVINCES), "Northeastern provinces to aggregate",
              source="the article's definition of the Northeast (C5)"),
    Parameter("gdp_vintage", Vintage, "current", "NBS GDP vintage used for shares and levels",
              source="NBS; see the data appendix"),
    Parameter("start_year", int | None, None, "First year of the GDP-share comparison (None: the vintage's first year)",
              unit="year", dynamic_range=_years),
    Parameter("end_year", int | None, None, "Last year of the GDP-share comparison (None: the vintage's last year)",
              unit="year", dynamic_range=_years),
]

#: why Chapter 2's model refuses cement (see rustbelt.model.REFUSED_SECTORS, which says the same)
CEMENT_REFUSED = ("the book's data hold cement output (USGS) but no sourced cement capacity or employment, "
                  "so no workers-per-Mt ratio can be calibrated")

TRANSITIONAL_PAIN = [
    Parameter("cut_share", float, 0.3, "Share of each sector's base (overcapacity by default) that is cut",
              unit="fraction 0–1", minimum=0.0, maximum=1.0, source="the article's 30% (C9)"),
    Parameter("sectors", list[Sector], ["steel", "coal"], "Sectors whose capacity is cut",
              refused=(("cement", CEMENT_REFUSED),),
              source="every sector the data support; cement is refused (no sourced capacity or employment)"),
    Parameter("phase_years", int, 3, "Years over which layoffs are spread, from 2016",
              unit="years", minimum=1, maximum=MAX_PHASE_YEARS, source="the article's 2–3 years (C9)"),
    Parameter("northeast_share", float, 0.124, "Share of the layoffs falling in the Northeast (an estimate)",
              unit="fraction 0–1", minimum=0.113, maximum=1.0,
              range_why="the lower bound is what Longmay's announced layoffs alone imply at the chapter's other "
                        "defaults: below it the Northeast would have fewer layoffs than that one company announced",
              source="ESTIMATE: the centre of the evidence at the chapter's defaults, from what Longmay's announced "
                     "layoffs alone imply (COMPUTED, rounded up: the lower bound) to the Northeast's share of China's "
                     "mining employment (2017), rounded; why the 185,000 projected for the region is not the default: "
                     "Chapter 2"),
    Parameter("cut_basis", Literal["overcapacity", "capacity", "output"], "overcapacity",
              "What cut_share is a share of, per sector",
              source="the article cuts overcapacity (C9); the experts behind '3 million' cut production"),
    Parameter("workers_per_mt_steel", float | None, None,
              "Steel workers laid off per Mt of output removed (None: calibrated from sourced data)",
              unit="persons per Mt of output", minimum=0.0, maximum=20000.0,
              source="calibrated: ferrous smelting employment end-2015 ÷ NBS crude-steel output 2015"),
    Parameter("workers_per_mt_coal", float | None, None,
              "Coal workers laid off per Mt of output removed (None: calibrated from sourced data)",
              unit="persons per Mt of output", minimum=0.0, maximum=20000.0,
              source="calibrated: coal employment at the 2013 peak ÷ 2013 output (BP)"),
    Parameter("operating_share", float, 0.7,
              "Share of the closed capacity that was producing (no effect when cut_basis is 'output')",
              unit="fraction 0–1", minimum=0.0, maximum=1.0,
              source="ESTIMATE: steel's 2015 utilisation (NBS output ÷ CMPRI capacity), rounded; range 0.4–1.0 "
                     "centred on it (see Chapter 2)"),
]

FEASIBILITY = TRANSITIONAL_PAIN + [
    Parameter("scenario", Literal["reform", "old_policies"], "reform",
              "Policy scenario: cuts now with support, or cuts postponed", source="the article's alternative (C14); assumptions in Chapter 3"),
    Parameter("reemployment_rate", float, 0.4,
              "Matching efficiency: annual share of the jobless re-employed when openings are not scarce",
              unit="fraction per year", minimum=0.0, maximum=1.0,
              source="ESTIMATE, range 0.2–0.6 centred on it: no re-employment series exists; resettlement "
                     "(726,000 in 2016, over 1.1 million by end-2017) includes transfers and early retirement; "
                     "see Chapter 3"),
    Parameter("horizon_years", int, 10, "Years projected from 2016", unit="years", minimum=1, maximum=30),
    Parameter("n_draws", int, 2000, "Monte Carlo draws", unit="draws", minimum=100, maximum=1_000_000),
    Parameter("seed", int, 2016, "Random seed of the Monte Carlo", minimum=0, maximum=2**32 - 1),
]

TEN_YEARS_ON = [
    Parameter("provinces", list[Province], list(PROVINCES), "Northeastern provinces to sum (jobs, steel, money, ageing)",
              source="the article's definition of the Northeast (C5), as in Chapter 1"),
]


#: book-wide parameters: every chapter takes them, from papermill (``execute_chapter(..., {"lang": "zh"})``,
#: which hands them to the kernel as ``RUSTBELT_LANG``) or from the Chinese build (the same variable)
BOOK = [
    Parameter("lang", Literal["en", "zh"], "en", "Language of the chapter's text and charts (zh: the Chinese edition)",
              source="the book's two editions; translations in locales/zh_CN and rustbelt/locale/zh.yml"),
]


def validate_book(**values: Any) -> dict[str, Any]:
    """Check book-wide parameters (``lang``); raises ParameterError naming parameter, value and what is allowed."""
    params = {p.name: p for p in BOOK}
    unknown = sorted(set(values) - set(params))
    if unknown:
        raise ParameterError(f"unknown book-wide parameter(s) {unknown}; allowed: {sorted(params)}")
    out = {p.name: p.default for p in BOOK}
    for name, value in values.items():
        p = params[name]
        if p.allowed is not None and value not in p.usable():
            _fail(p, value, values)
        out[name] = value
    return out


def _years_in_order(values: dict) -> None:
    start, end = values["start_year"], values["end_year"]
    if start is not None and end is not None and start >= end:
        raise ParameterError(f"parameter 'end_year' = {end!r} is not allowed: expected a year after "
                             f"start_year ({start})")


#: rules between a chapter's parameters, checked after each parameter passed on its own
RULES: dict[str, list[Callable[[dict], None]]] = {
    "challenges": [_years_in_order],
}

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


def control_range(chapter: str, name: str) -> tuple[float, float]:
    """(min, max) of a numeric parameter: every explorer control (live and static) takes its
    range from here, so a limit is written once, in the table above."""
    p = spec(chapter)[name]
    if p.minimum is None or p.maximum is None:
        raise ParameterError(f"parameter {name!r} of chapter {chapter!r} has no fixed numeric range")
    return p.minimum, p.maximum


def defaults(chapter: str) -> dict[str, Any]:
    return {name: (list(p.default) if isinstance(p.default, list) else p.default) for name, p in spec(chapter).items()}


def _fail(p: Parameter, value: Any, values: dict) -> None:
    raise ParameterError(f"parameter {p.name!r} = {value!r} is not allowed: expected {p.allowed_text(values)}")


@functools.cache
def _model(chapter: str):
    """The chapter's parameters as a pydantic model: strict types, static bounds, no extras."""
    fields = {p.name: (p.annotation(), p.default) for p in CHAPTERS[chapter]}
    return create_model(f"{chapter}_parameters", __config__=ConfigDict(strict=True, extra="forbid"), **fields)


def validate(chapter: str, **values: Any) -> dict[str, Any]:
    """Check a chapter's parameters; return them normalised. Raises ParameterError naming
    the parameter, the value given and what is allowed."""
    params = spec(chapter)
    unknown = sorted(set(values) - set(params))
    if unknown:
        raise ParameterError(f"unknown parameter(s) {unknown} for chapter {chapter!r}; allowed: {sorted(params)}")
    merged = {**defaults(chapter), **values}
    try:
        out = _model(chapter).model_validate(merged).model_dump()
    except ValidationError as e:
        bad = {err["loc"][0] for err in e.errors()}
        # report the first bad parameter in the table's order, with the whole value given for it
        p = next(p for p in CHAPTERS[chapter] if p.name in bad)
        _fail(p, merged[p.name], merged)
    # what a type cannot say: distinct list items, refused values, ranges that follow other parameters
    for p in CHAPTERS[chapter]:
        value = out[p.name]
        if p.is_list and len(set(value)) != len(value):
            _fail(p, merged[p.name], out)
        for v, why in p.refused:
            if v == value or (p.is_list and v in value):
                raise ParameterError(f"parameter {p.name!r} = {merged[p.name]!r} is not allowed: {v!r} cannot be "
                                     f"used ({why}); expected {p.allowed_text(out)}")
        if p.dynamic_range is not None and value is not None:
            lo, hi, _ = p.dynamic_range(out)
            if not lo <= value <= hi:
                _fail(p, merged[p.name], out)
    for rule in RULES.get(chapter, ()):
        rule(out)
    return {name: out[name] for name in params}


def table(chapter: str | None = None, language: str | None = None) -> pd.DataFrame:
    """Every parameter as a table: chapter, name, type, default, allowed, unit, meaning, source.
    The texts (allowed values, unit, meaning, source) in ``language`` (default: this run's, see
    :mod:`rustbelt.i18n`; English where the catalogue lacks them); names, types, defaults and the
    column names as the code writes them."""
    from .i18n import language as language_of
    from .i18n import t

    lang = language_of(language)
    rows = []
    for ch, params in [*CHAPTERS.items(), ("every chapter", BOOK)]:
        if chapter is not None and ch != chapter:
            continue
        for p in params:
            if lang == "en":
                allowed = p.allowed_text() if p.dynamic_range is None else "within the chosen vintage's years"
                rows.append({"chapter": ch, "parameter": p.name, "type": p.kind, "default": repr(p.default),
                             "allowed": allowed, "unit": p.unit, "meaning": p.meaning, "source": p.source})
                continue
            allowed = (p.allowed_text(language=lang) if p.dynamic_range is None
                       else t("within the chosen vintage's years", lang))
            rows.append({"chapter": t(ch, lang) if ch not in CHAPTERS else ch, "parameter": p.name, "type": p.kind,
                         "default": repr(p.default), "allowed": allowed, "unit": t(p.unit, lang),
                         "meaning": t(p.meaning, lang), "source": t(p.source, lang)})
    return pd.DataFrame(rows)


def table_html(chapter: str | None = None, columns: list[str] | None = None, language: str | None = None) -> str:
    """:func:`table` (only ``columns``, if given) as the methods appendix prints it: an HTML table in
    a scrolling wrapper, its column headers in ``language`` (default: this run's)."""
    from .i18n import language as language_of
    from .i18n import t

    lang = language_of(language)
    df = table(chapter, lang)
    if columns is not None:
        df = df[list(columns)]
    if lang != "en":
        df = df.rename(columns=lambda c: t(c, lang))
    return '<div class="rb-table-wrap">' + df.to_html(index=False, border=0, classes="table") + "</div>"


#: a year inside a text: the catalogue's key writes it as {0}, {1}, ... so that its Chinese keeps the
#: year the English computes (Chapter 2's base year) rather than a typed one
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _with_years(text: str, language: str) -> str:
    """``text`` in ``language``: through the catalogue's entry for the text with its years as
    ``{0}``, ``{1}``, ... (filled with the text's own years), else the entry for the text itself."""
    from .i18n import catalogue, t

    if language == "en":
        return text
    years = _YEAR.findall(text)
    numbers = iter(range(len(years)))
    template = _YEAR.sub(lambda _: f"{{{next(numbers)}}}", text)
    if years and template in catalogue(language):
        return t(template, language).format(*years)
    return t(text, language)


def fixed_inputs_html(language: str | None = None) -> str:
    """The fixed inputs behind Chapter 2's defaults (capacity, output, overcapacity and workers per
    Mt of steel and coal, with how each was obtained) as the methods appendix prints them, its
    words in ``language`` (default: this run's), the values as the English formats them."""
    from . import model
    from .i18n import language as language_of

    lang = language_of(language)

    def tr(text: str) -> str:
        return _with_years(text, lang)

    rows = []
    for s, base in model.baselines().items():
        rows += [
            (s, "capacity (Mt, 2015)", f"{base.capacity_mt:,.1f}", base.capacity_how),
            (s, "output (Mt, 2015)", f"{base.output_mt:,.1f}", {"steel": "NBS crude steel", "coal": "BP Statistical Review"}[s]),
            (s, "overcapacity (Mt)", f"{base.overcapacity_mt:,.1f}", base.overcapacity_how),
            (s, "workers per Mt (calibrated)", f"{base.workers_per_mt:,.1f}", base.calibration_how),
            (s, "workers per Mt (official)", f"{base.official_workers_per_mt:,.1f}",
             "MOHRSS workers to resettle ÷ the 2016–2020 target"),
        ]
    columns = ["sector", "input", "value", "how it was obtained"]
    fixed = pd.DataFrame([(tr(s), tr(what), value, tr(how)) for s, what, value, how in rows], columns=[tr(c) for c in columns])
    return '<div class="rb-table-wrap">' + fixed.to_html(index=False, border=0, classes="table") + "</div>"
