"""How a :class:`~rustbelt.charts.Figure` appears in the web book (``RUSTBELT_CHART_OUTPUT=book``).

Everything a reader needs is in the page before any script runs:

* the chart itself, as an SVG rendered by vl-convert at build time and inlined (so it
  follows the page's light or dark colours), named by its alt text (``role="img"``);
  ``rustbelt.js`` swaps in the interactive version, in the same box;
* the Vega spec for that interactive version, compiled from Vega-Lite here, so the
  page needs only vega (its View API; no vega-lite, no vega-embed);
* a panel of tabs: *Chart*, *Table* (the data as drawn), *Download* (PNG and SVG made
  in the browser, the CSV of the data behind the chart and a zip with CSV, catalog
  metadata, README and citation) and *Cite* (plain text and BibTeX).

Parts that only the finished page knows — the figure number, the chapter, the build
date, the CSV and zip files — are filled in by :mod:`rustbelt.book.sphinx_figures` when the
page is written: this module leaves ``data-rb-*`` hooks for it.
"""
from __future__ import annotations

import html
import json
import math
import re
import textwrap
import urllib.parse

import pandas as pd

from .i18n import lang, t, tf

#: the width of the book's text column (px) on a desktop screen and on a 375 px phone: the
#: static SVG is drawn at both (CSS shows the one that fits), so the interactive chart that
#: replaces it takes about the same box
STATIC_WIDTH = 672
STATIC_WIDTH_NARROW = 327
#: tables longer than this are cut in the page (the CSV always has every row)
TABLE_MAX_ROWS = 400

#: without JavaScript the panel shows all its parts one under the other (no tabs, no buttons)
NOSCRIPT_CSS = (".rb-figure .rb-pane{display:block!important}.rb-figure .rb-tablist,"
                ".rb-figure .rb-needs-js{display:none!important}.rb-figure .rb-pane+.rb-pane{margin-top:.8rem}")
TABS = (("chart", "Chart"), ("table", "Table"), ("download", "Download"), ("cite", "Cite"))


def slug(name: str) -> str:
    return "chart-" + re.sub(r"[^a-z0-9-]", "-", name.lower())


def _web_spec(fig) -> dict:
    spec = fig.spec()
    return spec


def vega_spec(fig) -> dict:
    """The figure's Vega-Lite spec compiled to Vega (what the page's Vega View runs), made light.

    * No ARIA description per mark: on the page the chart is one image named by its alt
      text (``rustbelt.js`` makes the SVG ``role="img"``, its marks presentational), so the
      per-datum description strings Vega-Lite writes would only cost bytes and, for every
      mark, the time to format them.
    * For an explorer that picks from a precomputed grid, the grid's numbers rounded to four
      decimals, the precision its Table shows (the CSV keeps every digit), and written by
      column (``{"rb_columns": {field: [values]}}``, which ``rustbelt.js`` turns back into
      rows before Vega reads the spec): a grid of thousands of rows repeats its field names
      in every row otherwise, and costs twice the bytes. A numeric column (numbers, or lists of
      as many numbers in every row) is written as integers, ``{"rb_delta": [...], "rb_scale": k,
      "rb_lengths": ...}``: each value times 10**k, as differences from the value before, lists
      position by position (every row's first number, then every row's second...). Neighbouring
      points of a grid differ little, so the differences repeat and compress: Chapter 3's grid
      of 4,200 rows × 7 years is 24 kB instead of 45 kB gzip as served. Decoded in the browser
      (integer sums, one division by 10**k) the values are the very numbers written before.
    """
    import vl_convert as vlc

    spec = _web_spec(fig)
    spec.setdefault("config", {})["aria"] = False
    vg = _presentational(vlc.vegalite_to_vega(spec))
    if getattr(fig, "grid", None) is not None:
        for d in vg.get("data", []):
            if isinstance(d.get("values"), list):
                d["values"] = _columns(_rounded(d["values"], 4))
    return vg


def _presentational(node):
    """Every mark ``aria: false`` (Vega then marks it ``aria-hidden`` and gives it no role): with
    no per-mark description a mark's ARIA role would be an unnamed graphic, which accessibility
    checkers flag, while the chart is already one image named by its alt text."""
    if isinstance(node, dict):
        for mark in node.get("marks", []):
            if isinstance(mark, dict):
                mark["aria"] = False
                _presentational(mark)
    return node


def _columns(rows: list):
    """Rows of one shape as ``{"rb_columns": {field: [value per row]}}``; other lists as they are."""
    if len(rows) < 50 or not all(isinstance(r, dict) for r in rows):
        return rows
    keys = list(rows[0])
    if any(list(r) != keys for r in rows):
        return rows
    return {"rb_columns": {k: _compact([r[k] for r in rows]) for k in keys}}


def _compact(values: list):
    """A numeric column as ``{"rb_delta": [int], "rb_scale": k}`` (see :func:`vega_spec`) when every
    value is a number of at most four decimals, or a list of such numbers in every row (then also
    ``"rb_lengths"``, the lists' lengths as a column of their own), and the integers give back
    exactly the same numbers; any other column as it is.

    The integers are the values times 10**k; a list is first written as its first number and
    the differences between its neighbours; then the lists are read position by position (every
    row's first number, then every row's second...); and the whole column is written as
    differences from the number before. ``expandColumns`` in ``rustbelt.js`` undoes the three steps."""
    rows = None
    if values and all(isinstance(v, list) for v in values):
        rows = values
        flat = [x for v in values for x in v]
    else:
        flat = values
    if not flat or not all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in flat):
        return values
    for k in range(5):
        if all(abs(round(x * 10**k)) < 2**53 and (round(x * 10**k) / 10**k if k else round(x)) == x for x in flat):
            break
    else:
        return values
    out = {"rb_scale": k}
    if rows is None:
        ints = [round(x * 10**k) for x in flat]
    else:
        steps = [[b - a for a, b in zip([0] + r, r)] for r in ([round(x * 10**k) for x in v] for v in rows)]
        lengths = [len(v) for v in rows]
        ints = [st[j] for j in range(max(lengths)) for st in steps if len(st) > j]  # position by position
        out["rb_lengths"] = _compact(lengths)
    out["rb_delta"] = [b - a for a, b in zip([0] + ints, ints)]
    return out


def _rounded(value, decimals: int):
    if isinstance(value, float):
        if not math.isfinite(value):
            return value
        x = round(value, decimals)
        return int(x) if x.is_integer() and abs(x) < 2**53 else x
    if isinstance(value, list):
        return [_rounded(v, decimals) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v, decimals) for k, v in value.items()}
    return value


_ID_RE = re.compile(r'\bid="([^"]+)"')


def static_svg(fig, prefix: str, width: int = STATIC_WIDTH) -> str:
    """The chart as an inline SVG ``width`` px wide in all (as the interactive chart fits its
    container), named by its alt text.

    Vega numbers its clip paths and gradients from 1 in every SVG; inlined side by side,
    those ids would collide, so each is prefixed with the chart's id."""
    import vl_convert as vlc

    spec = _web_spec(fig)
    spec["width"] = width
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    title = spec.get("title")
    if isinstance(title, dict):  # titles wrap as rustbelt.js wraps them (an estimate of the text width)
        for key, size in (("text", 16), ("subtitle", 12)):
            if isinstance(title.get(key), str):
                title[key] = _wrap(title[key], int(width / (size * 0.56)))
    # the container's width, where a spec asks for it (responsive label limits)
    spec = json.loads(json.dumps(spec).replace("containerSize()[0]", str(width)))
    svg = vlc.vegalite_to_svg(spec)
    for old in sorted(set(_ID_RE.findall(svg)), key=len, reverse=True):
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    # one accessible name on the image; its marks are presentational (role img)
    svg = re.sub(r'\s(?:role|aria-roledescription|aria-label)="[^"]*"', "", svg)
    svg = svg.replace("<svg", f'<svg role="img" aria-label="{html.escape(fig.description)}" class="rb-static-svg"', 1)
    m = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    if m and "viewBox" not in svg[: svg.index(">")]:
        svg = svg.replace("<svg", f'<svg viewBox="0 0 {m.group(1)} {m.group(2)}"', 1)
    return svg


#: Chinese, Japanese and Korean characters and their punctuation: a line may break between any two
CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK_TOKEN = re.compile(rf"[{CJK}]|[^\s{CJK}]+|\s+")
#: punctuation that must not begin a line
_NO_BREAK_BEFORE = set("，。；：、）》”！？")


def _wrap(text: str, chars: int) -> str | list[str]:
    """``text`` in lines of about ``chars`` Latin characters (a CJK character counts as 1.8: it is
    about one em wide, a Latin one about 0.56 em); one line stays a string."""
    if re.search(f"[{CJK}]", text):
        return _wrap_cjk(text, chars)
    lines = textwrap.wrap(" ".join(text.split()), chars, break_long_words=False, break_on_hyphens=False)
    return lines if len(lines) > 1 else text


def _wrap_cjk(text: str, chars: int) -> str | list[str]:
    lines, line, width, space = [], "", 0.0, False
    for token in _CJK_TOKEN.findall(text):
        if token.isspace():
            space = bool(line)
            continue
        w = len(token) * (1.8 if re.match(f"[{CJK}]", token) else 1)
        if line and width + space + w > chars and token[0] not in _NO_BREAK_BEFORE:
            lines.append(line)
            line, width = token, w
        else:
            line, width = line + (" " if space else "") + token, width + space + w
        space = False
    lines.append(line)
    return lines if len(lines) > 1 else text


def _cell(value) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return text if text not in ("-0", "") else "0"
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return str(value)


#: the columns of a chart's data that name its sources: their cells are the sources' own titles,
#: kept as written (marked English on a Chinese page)
SOURCE_COLUMNS = ("source", "source_title")


def _td(value, column) -> str:
    """One cell of the Table tab. In a Chinese run a label (a region, a series, a scenario) is
    shown in Chinese where the catalogue has it (the CSV keeps the data's own values); a source's
    title stays as written, marked English."""
    text = _cell(value)
    if lang() == "en" or not isinstance(value, str):
        return f"<td>{html.escape(text)}</td>"
    if str(column) in SOURCE_COLUMNS:
        return f'<td lang="en">{html.escape(text)}</td>'
    return f"<td>{html.escape(t(text))}</td>"


def table_html(fig, prefix: str, rows: pd.DataFrame | None = None) -> str:
    """The data as drawn, as an accessible HTML table that scrolls inside its box."""
    data = fig.shown(fig.data if rows is None else rows)  # in the units the chart draws (万人, 亿元, 万吨 in Chinese)
    # the columns' names in the page's language (the CSV and data-columns keep the data's own)
    head = "".join(f'<th scope="col">{html.escape(t(str(c)))}</th>' for c in data.columns)
    body = []
    for rec in data.head(TABLE_MAX_ROWS).itertuples(index=False):
        cells = [_td(v, c) for v, c in zip(rec, data.columns)]
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = ""
    if len(data) > TABLE_MAX_ROWS:
        note = tf("The first {shown} of {rows} rows; the CSV under Download has them all.",
                  shown=TABLE_MAX_ROWS, rows=len(data))
        more = f'<p class="rb-table-note">{html.escape(note, quote=False)}</p>'
    caption = html.escape(tf("Data behind the chart: {title}", title=t(fig.title)))
    # in Chinese, the labels the table translates, for rustbelt.js to translate the rows it draws
    # again from the chart's view after a control changes (and the source columns it keeps English)
    extra = ""
    if lang() != "en":
        texts = {str(v) for c in data.columns if str(c) not in SOURCE_COLUMNS for v in data[c] if isinstance(v, str)}
        labels = {v: t(v) for v in sorted(texts) if t(v) != v}
        english = [str(c) for c in data.columns if str(c) in SOURCE_COLUMNS]
        extra = (f' data-labels="{html.escape(json.dumps(labels, ensure_ascii=False))}"'
                 f' data-english="{html.escape(json.dumps(english))}"')
    return (f'<div class="rb-table-wrap rb-figure-table" tabindex="0" role="region" aria-label="{caption}">'
            f'<table class="table rb-data-table" data-columns="{html.escape(json.dumps(list(map(str, data.columns))))}"{extra}>'
            f"<caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
            f"{more}")


def metadata(fig) -> dict:
    """The catalog metadata of every dataset behind the figure (for the zip)."""
    out = []
    for p in fig.sources:
        out.append({k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(p).items()})
    return {"figure": fig.name, "title": t(fig.title), "description": fig.description,
            "source_line": fig.source_line, "datasets": out}


def book_html(fig) -> str:
    """The figure's HTML for the web book (see the module docstring)."""
    s = slug(fig.name)
    spec = json.dumps(vega_spec(fig), separators=(",", ":")).replace("</", "<\\/")
    csv_frame = fig.grid if getattr(fig, "grid", None) is not None else fig.data
    payload = {"csv": csv_frame.to_csv(index=False), "meta": metadata(fig),
               "grid": getattr(fig, "grid", None) is not None}
    payload_json = json.dumps(payload, separators=(",", ":"), default=str).replace("</", "<\\/")
    tabs = "".join(
        f'<button type="button" role="tab" class="rb-tab" id="{s}-tab-{key}" aria-controls="{s}-pane-{key}" '
        f'aria-selected="{"true" if key == "chart" else "false"}" tabindex="{0 if key == "chart" else -1}">{label}</button>'
        for key, label in ((k, t(v)) for k, v in TABS))
    controls = _bound_params(fig)
    static = (f'<div class="rb-static-wide">{static_svg(fig, s)}</div>'
              f'<div class="rb-static-narrow">{static_svg(fig, s + "-n", STATIC_WIDTH_NARROW)}</div>')
    desc = html.escape(fig.description)
    if payload["grid"]:
        grid_note = t("The CSV holds the whole grid the chart's controls choose from; the Table shows the current view.")
    elif getattr(fig, "table", None) is not None:
        grid_note = t("The CSV holds the rows as first drawn, with the inputs the browser recomputes them from; "
                      "the Table shows the current view.")
    else:
        grid_note = ""
    grid_note = f"<p>{html.escape(grid_note, quote=False)}</p>" if grid_note else ""
    title = html.escape(t(fig.title))
    return (
        f'<div class="rb-figure" id="{s}-figure" data-name="{html.escape(fig.name)}">'
        f'<div class="rb-tablist" role="tablist" aria-label="{title}{html.escape(t(": chart, table, downloads, citation"))}">{tabs}</div>'
        f'<div class="rb-pane rb-pane-chart rb-pane-active" role="tabpanel" id="{s}-pane-chart" aria-labelledby="{s}-tab-chart">'
        f'<div class="rb-vega" id="{s}" data-spec-id="{s}-spec" data-name="{html.escape(fig.name)}" '
        f'data-controls="{controls}" data-description="{desc}">'
        f'<div class="rb-static">{static}</div></div>'
        f'<script type="application/json" id="{s}-spec">{spec}</script>'
        f'<p class="rb-source">{html.escape(fig.source_line)}</p>'
        f'<p class="rb-link-row rb-needs-js"><button type="button" class="rb-copy-link">{html.escape(t("Copy link to this view"))}</button> '
        f'<span class="rb-copy-status" role="status" aria-live="polite"></span></p>'
        f"</div>"
        f'<div class="rb-pane rb-pane-table" role="tabpanel" id="{s}-pane-table" aria-labelledby="{s}-tab-table">'
        f"{table_html(fig, s, getattr(fig, 'table', None))}</div>"
        f'<div class="rb-pane rb-pane-download" role="tabpanel" id="{s}-pane-download" aria-labelledby="{s}-tab-download">'
        f'<ul class="rb-download-list">'
        f'<li class="rb-needs-js"><button type="button" class="rb-export" data-format="png">{html.escape(t("PNG image of the chart as shown"))}</button></li>'
        f'<li class="rb-needs-js"><button type="button" class="rb-export" data-format="svg">{html.escape(t("SVG image of the chart as shown"))}</button></li>'
        f'<li><a class="rb-csv" data-rb-file="csv" download="{html.escape(fig.name)}.csv" '
        f'href="data:text/csv;charset=utf-8,{urllib.parse.quote(payload["csv"])}">{html.escape(t("Data behind the chart (CSV)"))}</a></li>'
        f'<li><a class="rb-zip" data-rb-file="zip" download="{html.escape(fig.name)}.zip" href="#">'
        f"{html.escape(t('Data, catalog metadata, README and citation (zip)'))}</a></li></ul>{grid_note}</div>"
        f'<div class="rb-pane rb-pane-cite" role="tabpanel" id="{s}-pane-cite" aria-labelledby="{s}-tab-cite">'
        f'<div class="rb-cite" data-rb-cite="{html.escape(fig.name)}"></div></div>'
        f'<script type="application/json" class="rb-figure-data" id="{s}-data">{payload_json}</script>'
        f"<noscript><style>{NOSCRIPT_CSS}</style></noscript>"
        f"</div>"
    )


def _bound_params(fig) -> int:
    """How many controls (bound parameters) the chart has: the static image reserves
    their room so nothing moves when the interactive chart arrives."""
    spec = fig.spec()
    params = list(spec.get("params", []))
    for layer in spec.get("layer", []):
        params += layer.get("params", [])
    return sum(1 for p in params if isinstance(p.get("bind"), dict) and p["bind"].get("input"))
