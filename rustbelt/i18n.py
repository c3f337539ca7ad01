"""The book's language: English (the source) or Chinese (the 中文版).

Prose is translated by Sphinx from ``locales/zh_CN/LC_MESSAGES/*.po`` (see
:mod:`rustbelt.book.sphinx_i18n`). What the *package* writes — chart titles, axis and legend
titles, tooltips, control labels, glued sentences — is translated here, from one catalogue
keyed on the English string: ``rustbelt/locale/zh.yml``.

The language a chapter runs in is the book-wide parameter ``lang``
(:data:`rustbelt.parameters.BOOK`), given to the kernel as the environment variable
``RUSTBELT_LANG`` by the Chinese build and by :func:`rustbelt.run.execute_chapter`.
Numbers never change with the language, only the words around them and the unit they are
counted in: Chinese counts people in 万, money in 亿 and tonnes in 万吨 (:data:`UNIT_SCALES`;
the glued value is the same, scaled only when it is formatted or drawn).
"""
from __future__ import annotations

import functools
import math
import os
import re
import string
from pathlib import Path
from typing import Any

import yaml

LANGS = ("en", "zh")
ENV_VAR = "RUSTBELT_LANG"
#: if set, a file to which :func:`translate_spec` appends (one JSON string a line) every chart
#: string the catalogue lacks: the Chinese build and ``i18n_report --charts`` list them from it
MISSING_VAR = "RUSTBELT_I18N_MISSING"
#: where each edition sits inside _build/html
SITE_PREFIX = {"en": "", "zh": "zh/"}
CATALOGUE_DIR = Path(__file__).parent / "locale"


def lang() -> str:
    """The language of this run, from ``RUSTBELT_LANG`` (default ``en``), validated."""
    from .parameters import validate_book

    return validate_book(lang=os.environ.get(ENV_VAR, "en"))["lang"]


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """English string -> translation for ``language`` (empty for English): ``locale/<language>.yml``
    (chart strings, interface strings, glued phrases) merged with every ``locale/<language>/*.yml``
    (the texts of the package's data files: claims, datasets, parameters). A string in two files
    is an error naming both (one place to change a translation)."""
    if language == "en":
        return {}
    paths = [CATALOGUE_DIR / f"{language}.yml", *sorted((CATALOGUE_DIR / language).glob("*.yml"))]
    merged: dict[str, str] = {}
    where: dict[str, Path] = {}
    for path in paths:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(entries, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in entries.items()):
            raise ValueError(f"{path}: expected a mapping of English strings to translated strings")
        for key in entries:
            if key in merged:
                raise ValueError(f"{path}: {key!r} is translated in {where[key]} already")
            where.setdefault(key, path)
        merged.update(entries)
    return merged


def t(text: str, language: str | None = None) -> str:
    """``text`` in ``language`` (default: this run's); English when the catalogue lacks it."""
    language = language or lang()
    return catalogue(language).get(text, text)


#: the keys of a Vega-Lite spec whose string values a reader sees
TEXT_KEYS = ("title", "subtitle", "text", "name", "description", "labelExpr")


def spec_strings(spec: Any) -> set[str]:
    """Every reader-visible literal string in a Vega-Lite spec (a dict from ``chart.to_dict()``):
    titles and subtitles (of the chart, axes, legends, tooltips' fields), text marks' literal
    text, the names of bound inputs. What :func:`translate_spec` translates and the tests check."""
    found: set[str] = set()

    def add(value: Any) -> None:
        if isinstance(value, str) and value.strip():
            found.add(value)
        elif isinstance(value, list):
            for v in value:
                add(v)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("title", "subtitle", "text") and isinstance(value, dict):
                    if key == "text" and isinstance(value.get("value"), str):
                        add(value["value"])
                    walk(value)
                elif key in ("title", "subtitle", "text"):
                    add(value)
                elif key == "bind" and isinstance(value, dict) and isinstance(value.get("name"), str):
                    add(value["name"])
                    walk(value)
                elif key == "labels" and isinstance(value, list):
                    add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    return found


def translate_spec(spec: Any, language: str | None = None) -> Any:
    """A copy of the Vega-Lite ``spec`` with every string of :func:`spec_strings` translated."""
    language = language or lang()
    table = catalogue(language)
    if not table:
        return spec
    record = os.environ.get(MISSING_VAR)
    if record:
        lacking = missing(spec_strings(spec), language)
        if lacking:
            import json

            with open(record, "a", encoding="utf-8") as f:
                f.writelines(json.dumps(s, ensure_ascii=False) + "\n" for s in lacking)

    def tr(value: Any) -> Any:
        if isinstance(value, str):
            return table.get(value, value)
        if isinstance(value, list):
            return [tr(v) for v in value]
        return value

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key in ("title", "subtitle", "text") and isinstance(value, dict):
                    out[key] = walk(value)
                    if key == "text" and isinstance(value.get("value"), str):
                        out[key]["value"] = tr(value["value"])
                elif key in ("title", "subtitle", "text"):
                    out[key] = tr(value)
                elif key == "bind" and isinstance(value, dict):
                    out[key] = {**walk(value), **({"name": tr(value["name"])} if isinstance(value.get("name"), str) else {})}
                elif key == "labels" and isinstance(value, list):
                    out[key] = tr(value)
                else:
                    out[key] = walk(value)
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(spec)


def missing(strings: set[str], language: str = "zh") -> list[str]:
    """The strings ``language``'s catalogue has no translation for, sorted."""
    table = catalogue(language)
    return sorted(s for s in strings if s not in table)


# --- glued words the package writes in the run's language -------------------------------------
#
# A glued sentence whose words depend on the parameters is written by a function that takes
# ``lang`` (default: this run's): English exactly as before, Chinese for ``zh``, the numbers in
# both formatted alike. The helpers below are the pieces several of them share.

#: the places a label of the selection names: the region and its provinces
PLACES = ("the Northeast", "Liaoning", "Jilin", "Heilongjiang")


def language(lang_: str | None = None) -> str:
    """``lang_`` if given (validated), else this run's language."""
    if lang_ is None:
        return lang()
    if lang_ not in LANGS:
        raise ValueError(f"lang = {lang_!r} is not allowed: expected one of {list(LANGS)}")
    return lang_


def places(names, language_: str | None = None) -> str:
    """Place names joined with ' + ' ('Jilin + Heilongjiang'; 吉林 + 黑龙江 in Chinese)."""
    language_ = language(language_)
    return " + ".join(t(n, language_) for n in names)


def english_places(label: str) -> str:
    """A label of :func:`places` (or the region's name) in any language, in English: the charts
    title their figures in English and translate the whole title through the catalogue."""
    back: dict[str, str] = {}
    for code in LANGS:
        for name in PLACES:
            back.setdefault(t(name, code) if code != "en" else name, name)
    return back.get(label) or " + ".join(back.get(p, p) for p in label.split(" + "))


def date_text(iso: str, language_: str | None = None) -> str:
    """A date as the sources give it: '2016-03-12' is '12 March 2016' (2016 年 3 月 12 日); a range
    of days '2016-03-12/13' is '12 or 13 March 2016' (2016 年 3 月 12 日或 13 日)."""
    import calendar

    head, _, alt_day = iso.partition("/")
    y, m, d = head.split("-")
    if language(language_) == "zh":
        day = f"{int(d)} 日或 {int(alt_day)} 日" if alt_day else f"{int(d)} 日"
        return f"{y} 年 {int(m)} 月 {day}"
    day = f"{int(d)} or {int(alt_day)}" if alt_day else f"{int(d)}"
    return f"{day} {calendar.month_name[int(m)]} {y}"


def tf(template: str, language: str | None = None, /, **values: Any) -> str:
    """``template`` (an English :meth:`str.format` template, the catalogue's key) in ``language``
    (default: this run's), filled with ``values``: the words change with the language, the
    numbers and their formats do not (the Chinese template formats them as the English does)."""
    return _FORMATTER.format(t(template, language), **values)


class _UnitFormatter(string.Formatter):
    """:meth:`str.format`, where a Chinese template may end a field's format in a unit conversion
    (``{people:,.0f@million-to-wan}``: people in millions, printed in 万; :func:`scaled_format`)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        return scaled_format(value, format_spec) if "@" in format_spec else super().format_field(value, format_spec)


_FORMATTER = _UnitFormatter()


#: how Chinese separates the items of a list that English separates with these
ZH_SEPARATORS = {", ": "、", "; ": "；", " ": ""}


def join(items, sep: str = ", ", language: str | None = None, translate: bool = True) -> str:
    """``items`` joined as English joins them with ``sep``; in Chinese with its own separator
    (、 for a comma, ； for a semicolon) and each item translated (``translate``) where the
    catalogue has it."""
    language = language or lang()
    items = [str(i) for i in items]
    if language == "en":
        return sep.join(items)
    return ZH_SEPARATORS.get(sep, sep).join(t(i, language) if translate else i for i in items)


def name(label: str, language: str | None = None) -> str:
    """A region as the chapters name it ("the Northeast", "Liaoning + Jilin") in ``language``."""
    language = language or lang()
    if language == "en" or label in catalogue(language):
        return t(label, language)
    return places(label.split(" + "), language)


# --- labels that are data values inside a chart ---------------------------------------------------
#
# Legend entries, category axis labels, text marks and tooltip values are values of the chart's
# data, not of its spec's titles: :func:`translate_spec` cannot reach them. A chart function maps
# the label columns it draws (and every list that names those labels: sort orders, colour
# domains, the options of a control that filters on them, expressions comparing with them)
# through :func:`tl` before it builds the chart. English is returned as given (the same object).


def tl(values: Any, language: str | None = None) -> Any:
    """``values`` (a string, a list of them or a pandas Series) with each string in ``language``
    (default: this run's) where the catalogue has it; ``values`` itself in English."""
    language = language or lang()
    if language == "en":
        return values

    def one(v: Any) -> Any:
        return t(v, language) if isinstance(v, str) else v

    if isinstance(values, str):
        return one(values)
    if hasattr(values, "map") and not isinstance(values, (list, tuple, dict)):
        return values.map(one)
    return [one(v) for v in values]


# --- a page's own text, outside Sphinx ---------------------------------------------------------


@functools.cache
def _page_catalogue(page: str, language: str) -> dict[str, str]:
    import polib

    from . import ROOT

    path = ROOT / "locales" / PO_LOCALE[language] / "LC_MESSAGES" / f"{page}.po"
    if not path.exists():  # an installed package without the book's catalogues
        return {}
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.msgstr and "fuzzy" not in e.flags}


#: Chinese counts people and money in 万 (10⁴) and 亿 (10⁸): a number glued in millions, thousands
#: or billions is printed times this factor where the Chinese text names the conversion
#: (``{glue:million-to-wan}`` in the pages' catalogues, ``{{name:,.0f@million-to-wan}}`` in the
#: package's templates)
UNIT_SCALES = {"million-to-wan": 100, "thousand-to-wan": 0.1, "billion-to-yi": 10}


def scaled_format(value: Any, fmt: str) -> str:
    """``value`` formatted with ``fmt``, which may end in ``@<conversion>`` (:data:`UNIT_SCALES`)."""
    fmt, _, conversion = fmt.partition("@")
    if conversion:
        if conversion not in UNIT_SCALES:
            raise ValueError(f"unknown unit conversion {conversion!r}: allowed are {sorted(UNIT_SCALES)}")
        value = value * UNIT_SCALES[conversion]
    return format(value, fmt)


#: Sphinx's name of each translated language: its catalogues' folder (locales/<name>/LC_MESSAGES) and the build's ``language``
PO_LOCALE = {"zh": "zh_CN"}


def page_text(page: str, text: str, language: str | None = None) -> str:
    """``text`` of the book page ``page`` (e.g. ``chapters/challenges``: a chapter's title or a
    figure's caption, as written in its Markdown) as the edition in ``language`` prints it, from
    the page's Sphinx catalogue; ``text`` itself in English or where the catalogue lacks it."""
    language = language or lang()
    if language == "en":
        return text
    return _page_catalogue(page, language).get(text, text)


# --- charts in Chinese units ------------------------------------------------------------------
#
# A chart states its unit once, in its axis title ("Population (millions)" → "人口（万人）"); in
# Chinese the values drawn must then be in that unit too. A figure names the fields that hold
# millions of persons, billions of yuan or million tonnes (``charts.figure(units=...)``); its
# Chinese spec and Table tab carry them times the factor, and every other number is the same.

def _unit_rule(rule: str | tuple) -> tuple[float, dict]:
    conversion, where = (rule, {}) if isinstance(rule, str) else rule
    if conversion not in UNIT_SCALES:
        raise ValueError(f"unknown unit conversion {conversion!r}: allowed are {sorted(UNIT_SCALES)}")
    return UNIT_SCALES[conversion], dict(where)


def unit_format(fmt: str, factor: float) -> str:
    """A d3 number format for values ``factor`` times larger: as many fewer decimals as the factor
    has digits (``.2f`` ×100 → ``,.0f``; ``,.1f`` ×10 → ``,.0f``), thousands separated."""
    m = re.fullmatch(r"(,?)\.(\d+)f", fmt)
    if not m:
        return fmt
    digits = max(0, int(m.group(2)) - round(math.log10(factor)))
    return f",.{digits}f"


#: a row's ``unit`` column, where a rule selects the rows by it: the unit its value is in once scaled
SCALED_UNIT_NAMES = {"US$ billion": "US$ 100 million", "RMB billion": "RMB 100 million"}


def scale_rows(rows: Any, units: dict, language: str | None = None):
    """``rows`` (a DataFrame or a list of dicts) with each unit field times its factor in a
    Chinese run (only the rows a rule's ``where`` matches); ``rows`` itself in English."""
    import pandas as pd

    language = language or lang()
    if language == "en" or not units:
        return rows
    if isinstance(rows, pd.DataFrame):
        out = rows.copy()
        for field, rule in units.items():
            if field in out.columns:
                factor, where = _unit_rule(rule)
                mask = pd.Series(True, index=out.index)
                for key, value in where.items():
                    mask &= out[key] == value
                out.loc[mask, field] = out.loc[mask, field] * factor
                if where.get("unit") in SCALED_UNIT_NAMES:
                    out.loc[mask, "unit"] = SCALED_UNIT_NAMES[where["unit"]]
        return out
    out = []
    for row in rows:
        if isinstance(row, dict):
            row = dict(row)
            for field, rule in units.items():
                factor, where = _unit_rule(rule)
                value = row.get(field)
                if isinstance(value, (int, float)) and not isinstance(value, bool) and all(
                        row.get(k) == v for k, v in where.items()):
                    row[field] = value * factor
                    if where.get("unit") in SCALED_UNIT_NAMES:
                        row["unit"] = SCALED_UNIT_NAMES[where["unit"]]
        out.append(row)
    return out


def scale_spec(spec: Any, units: dict, language: str | None = None) -> Any:
    """A copy of the Vega-Lite ``spec`` with the ``units`` fields in Chinese units (English: the
    spec itself). ``units`` maps a field to a conversion of :data:`UNIT_SCALES`, or to
    ``(conversion, {field: value})`` for the rows where those fields have those values. Scaled:
    the field's values in the spec's datasets and inline data, a ``calculate`` that writes it, and
    where an encoding or tooltip shows it, its number format and its scale's domain."""
    language = language or lang()
    if language == "en" or not units:
        return spec
    for rule in units.values():
        _unit_rule(rule)

    def channel(node: dict) -> dict:
        field = node.get("field")
        if field not in units:
            return node
        factor, where = _unit_rule(units[field])
        if where:  # a field in two units by row: its format and domain serve both
            return node
        node = dict(node)
        if isinstance(node.get("format"), str):
            node["format"] = unit_format(node["format"], factor)
        axis = node.get("axis")
        if isinstance(axis, dict) and isinstance(axis.get("format"), str):
            node["axis"] = {**axis, "format": unit_format(axis["format"], factor)}
        scale = node.get("scale")
        if isinstance(scale, dict) and isinstance(scale.get("domain"), list) and all(
                isinstance(v, (int, float)) for v in scale["domain"]):
            node["scale"] = {**scale, "domain": [v * factor for v in scale["domain"]]}
        return node

    def walk(node: Any, key: str | None = None) -> Any:
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        if not isinstance(node, dict):
            return node
        out = {k: walk(v, k) for k, v in node.items()}
        if key == "datasets":
            return {name: scale_rows(rows, units, language) for name, rows in out.items()}
        if isinstance(out.get("values"), list) and key == "data":
            out["values"] = scale_rows(out["values"], units, language)
        if isinstance(out.get("calculate"), str) and out.get("as") in units:
            factor, where = _unit_rule(units[out["as"]])
            if where:
                raise ValueError(f"a calculated unit field ({out['as']!r}) cannot be scaled by row")
            out["calculate"] = f"({out['calculate']}) * {factor:g}"
        if "field" in out:
            out = channel(out)
        return out

    return walk(spec)
