"""The one loader of the book's datasets: ``load(name)``.

Each dataset is a CSV in ``data/`` described in ``data/catalog.yml`` (title,
unit, vintage, coverage, caveats, licence, sources and a column schema). The
loader parses every value explicitly (nothing is silently coerced), validates
the table with pandera, and returns a DataFrame whose ``attrs["provenance"]``
carries the catalog entry to whoever draws or prints it.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import yaml

from . import DATA_DIR

PROVENANCE_COLUMNS = ("source_title", "source_url", "note")
TYPES = {"int": "int64", "float": "float64", "str": "str"}


class DataError(ValueError):
    """A data file does not match its catalog schema."""


@dataclass(frozen=True)
class Provenance:
    name: str
    title: str
    description: str
    unit: str
    vintage: str
    coverage: str
    licence: str
    caveats: tuple[str, ...] = ()
    sources: tuple[dict, ...] = field(default_factory=tuple)

    def source_line(self) -> str:
        """'Source: … · Unit: … · Vintage: …', as printed under a chart, its fixed words (and the
        unit and vintage, where the catalogue has them) in the run's language (:mod:`rustbelt.i18n`);
        the titles of the sources stay as the catalog writes them (but for the book's own model)."""
        from .i18n import t, tf

        names = "; ".join(t(s["title"]) for s in self.sources)  # a title stays unless the book wrote it
        return tf("Source: {names}. Unit: {unit}. Vintage: {vintage}.", names=names, unit=t(self.unit),
                  vintage=t(self.vintage))


@functools.cache
def catalog(data_dir: Path = DATA_DIR) -> dict:
    with open(Path(data_dir) / "catalog.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def names(data_dir: Path = DATA_DIR) -> list[str]:
    return sorted(catalog(Path(data_dir))["datasets"])


def provenance(name: str, data_dir: Path = DATA_DIR) -> Provenance:
    cat = catalog(Path(data_dir))
    if name not in cat["datasets"]:
        raise KeyError(f"unknown dataset {name!r}; the catalog has: {', '.join(sorted(cat['datasets']))}")
    entry = {**cat.get("defaults", {}), **cat["datasets"][name]}
    return Provenance(
        name=name,
        title=entry["title"],
        description=" ".join(entry["description"].split()),
        unit=entry["unit"],
        vintage=entry["vintage"],
        coverage=entry["coverage"],
        licence=" ".join(entry["licence"].split()),
        caveats=tuple(entry.get("caveats", ())),
        sources=tuple(entry.get("sources", ())),
    )


def _schema(name: str, spec: dict, key: list[str]) -> pa.DataFrameSchema:
    columns = {}
    for col, c in spec.items():
        checks = []
        if "allowed" in c:
            checks.append(pa.Check.isin(c["allowed"], error=f"allowed values: {c['allowed']}"))
        if "min" in c:
            checks.append(pa.Check.ge(c["min"], error=f"must be >= {c['min']}"))
        if "max" in c:
            checks.append(pa.Check.le(c["max"], error=f"must be <= {c['max']}"))
        columns[col] = pa.Column(TYPES[c["type"]], checks=checks, nullable=c.get("nullable", False))
    for col in PROVENANCE_COLUMNS:
        columns[col] = pa.Column(str, nullable=False)
    return pa.DataFrameSchema(columns, strict=True, ordered=False, unique=key or None, name=name, coerce=False)


def _parse(path: Path, raw: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Turn text columns into the declared types, naming every bad cell."""
    out = raw.copy()
    problems = []
    for col, c in spec.items():
        if col not in raw.columns:
            continue
        text = raw[col].str.strip()
        empty = text == ""
        if empty.any() and not c.get("nullable", False):
            rows = [int(i) + 2 for i in raw.index[empty]]
            problems.append(f"column {col!r}: empty value on line(s) {rows}")
        if c["type"] in ("int", "float"):
            parsed = pd.to_numeric(text.where(~empty), errors="coerce")
            bad = parsed.isna() & ~empty
            if c["type"] == "int":
                bad |= parsed.notna() & (parsed % 1 != 0)
            for i in raw.index[bad]:
                problems.append(f"column {col!r}, line {int(i) + 2}: {raw.at[i, col]!r} is not a valid {c['type']}")
            out[col] = parsed.astype("Int64" if c["type"] == "int" and empty.any() else TYPES[c["type"]]) if not bad.any() else parsed
        else:
            out[col] = text.astype(str)
    if problems:
        raise DataError(f"{path.name}: " + "; ".join(problems))
    return out


def load(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Read, validate and return dataset ``name`` with its provenance attached.

    Raises :class:`DataError` naming the file, the column and the line (1 = header)
    of every problem: a missing or unexpected column, a value of the wrong type,
    a value out of range or not allowed (e.g. an unknown province), a duplicate key.
    """
    data_dir = Path(data_dir)
    prov = provenance(name, data_dir)
    entry = catalog(data_dir)["datasets"][name]
    spec, key = entry["columns"], list(entry.get("key", []))
    path = data_dir / f"{name}.csv"
    if not path.exists():
        raise DataError(f"{path.name}: file not found in {data_dir}")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    expected = list(spec) + list(PROVENANCE_COLUMNS)
    missing = [c for c in expected if c not in raw.columns]
    extra = [c for c in raw.columns if c not in expected]
    if missing or extra:
        parts = [f"missing column {c!r}" for c in missing] + [f"unexpected column {c!r}" for c in extra]
        raise DataError(f"{path.name}: " + "; ".join(parts) + f" (expected {expected})")
    df = _parse(path, raw, spec)
    try:
        df = _schema(name, spec, key).validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise DataError(_describe(path, err)) from None
    df = df.reset_index(drop=True)
    df.attrs["provenance"] = prov
    return df


def _describe(path: Path, err: pa.errors.SchemaErrors) -> str:
    lines = []
    for _, fc in err.failure_cases.iterrows():
        col = fc["column"]
        idx = fc["index"]
        where = f"line {int(idx) + 2}" if pd.notna(idx) else "whole column"
        check = fc["check"]
        if "uniqueness" in str(check):
            lines.append(f"column {col!r}, {where}: {fc['failure_case']!r} is part of a duplicate key")
        else:
            lines.append(f"column {col!r}, {where}: {fc['failure_case']!r} fails {check}")
    return f"{path.name}: " + "; ".join(lines)


#: a dataset code or column name the catalog writes in backticks
_CODE = re.compile(r"`([^`]+)`")


def appendix_section(name: str, language: str | None = None, data_dir: Path = DATA_DIR) -> str:
    """The data appendix's section on dataset ``name`` (HTML): title, description, file, unit,
    vintage, coverage, sources, licence and caveats. English as the appendix has always printed it;
    in Chinese (``language``, default: this run's) every text of the catalog entry and every label
    through :mod:`rustbelt.i18n` (English where the catalogue lacks it), the codes in backticks as
    ``<code>``, the sources' titles as the catalog writes them (links marked ``rb-dataset-source``)."""
    from .i18n import join, t, tf
    from .i18n import language as language_of

    df = load(name, data_dir)
    p = provenance_of(df)
    lang = language_of(language)
    if lang == "en":
        sources = "; ".join(f'<a href="{s["url"]}">{s["title"]}</a>' for s in p.sources)
        caveats = "".join(f"<li>{c}</li>" for c in p.caveats)
        return (
            f'<section class="rb-dataset"><h2 id="data-{name}">{p.title}</h2>'
            f"<p>{p.description}</p><dl>"
            f"<dt>File</dt><dd><a href=\"../_data/{name}.csv\"><code>{name}.csv</code></a> ({len(df)} rows)</dd>"
            f"<dt>Unit</dt><dd>{p.unit}</dd><dt>Vintage</dt><dd>{p.vintage}</dd>"
            f"<dt>Coverage</dt><dd>{p.coverage}</dd><dt>Sources</dt><dd>{sources}</dd>"
            f"<dt>Licence</dt><dd>{p.licence}</dd></dl>"
            + (f"<p>Caveats:</p><ul>{caveats}</ul>" if caveats else "")
            + "</section>"
        )

    def tr(text: str) -> str:
        return _CODE.sub(r"<code>\1</code>", t(text, lang))

    sources = join((f'<a class="rb-dataset-source" href="{s["url"]}">{s["title"]}</a>' for s in p.sources),
                   "; ", lang, translate=False)
    caveats = "".join(f"<li>{tr(c)}</li>" for c in p.caveats)
    rows = tf("({n} rows)", lang, n=len(df))
    return (
        f'<section class="rb-dataset"><h2 id="data-{name}">{tr(p.title)}</h2>'
        f"<p>{tr(p.description)}</p><dl>"
        f"<dt>{t('File', lang)}</dt><dd><a href=\"../_data/{name}.csv\"><code>{name}.csv</code></a>{rows}</dd>"
        f"<dt>{t('Unit', lang)}</dt><dd>{tr(p.unit)}</dd><dt>{t('Vintage', lang)}</dt><dd>{tr(p.vintage)}</dd>"
        f"<dt>{t('Coverage', lang)}</dt><dd>{tr(p.coverage)}</dd><dt>{t('Sources', lang)}</dt><dd>{sources}</dd>"
        f"<dt>{t('Licence', lang)}</dt><dd>{tr(p.licence)}</dd></dl>"
        + (f"<p>{t('Caveats:', lang)}</p><ul>{caveats}</ul>" if caveats else "")
        + "</section>"
    )


def provenance_of(df: pd.DataFrame) -> Provenance:
    prov = df.attrs.get("provenance")
    if not isinstance(prov, Provenance):
        raise ValueError("this DataFrame carries no provenance: build it from rustbelt.data.load()")
    return prov
