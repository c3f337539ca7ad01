"""The Chinese edition inside the charts (issue 15): the labels that are data values — legend
entries, category axis labels, text marks, tooltip values, the options a control lists — are
Chinese when ``RUSTBELT_LANG=zh``; the numbers, the rows and the spec's structure are the English
chart's. English output is what it was (the strings of :func:`rustbelt.i18n.tl` come back as given).

Every code cell of every chapter runs in this process, as in ``tests/test_i18n_figures.py``.
"""
from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from rustbelt import i18n
from rustbelt.outlook_charts import range_note
from rustbelt.parameters import CHAPTERS
from rustbelt.tenyears_charts import amount_text

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
#: the channels whose field's values a reader sees (offsets, detail and order only place marks)
SHOWN = ("x", "y", "color", "fill", "stroke", "shape", "strokeDash", "text", "tooltip", "row", "column", "facet")
#: (figure, field) whose values stay in their original language: the timeline's sources are the
#: names of the outlets it cites (Reuters, Xinhua via China.org.cn, ...), as the source line gives them
KEPT = {("fig-ten-timeline", "source"),
        # the timeline's labels cut into lines: a line ("default") is not a label of its own; the
        # whole labels are checked under "label"
        ("fig-ten-timeline", "label_lines")}


def _walk(node, visit):
    if isinstance(node, dict):
        visit(node)
        for v in node.values():
            _walk(v, visit)
    elif isinstance(node, list):
        for v in node:
            _walk(v, visit)


def shown_labels(spec: dict) -> dict[str, set[str]]:
    """Every string a reader sees that comes from the chart's data or names its categories: the
    values of the nominal and ordinal fields drawn (axes, legends, text marks, tooltips), the
    colour and sort domains, the strings a legend's labelExpr writes, a control's options when it
    has no labels of its own, and the labels a calculate transform writes. Keyed by where they come from."""
    fields: set[str] = set()
    found: dict[str, set[str]] = {}

    def add(where: str, value) -> None:
        if isinstance(value, str) and value.strip():
            found.setdefault(where, set()).add(value)

    def visit(node: dict) -> None:
        for channel, defs in (node.get("encoding") or {}).items():
            for d in defs if isinstance(defs, list) else [defs]:
                if channel in SHOWN and isinstance(d, dict) and d.get("type") in ("nominal", "ordinal") \
                        and isinstance(d.get("field"), str) and not d.get("aggregate"):
                    fields.add(d["field"])
        scale = node.get("scale")
        if isinstance(scale, dict) and isinstance(scale.get("domain"), list):
            for v in scale["domain"]:
                add("domain", v)
        if isinstance(node.get("sort"), list):
            for v in node["sort"]:
                add("sort", v)
        if isinstance(node.get("labelExpr"), str):
            for v in re.findall(r"'([^']*)'", node["labelExpr"]):
                add("labelExpr", v)
        bind = node.get("bind")
        if isinstance(bind, dict) and isinstance(bind.get("options"), list) and not bind.get("labels"):
            for v in bind["options"]:
                add("options", v)
        if isinstance(node.get("calculate"), str) and node.get("as") in fields | {"area"}:
            for v in re.findall(r"[?:]\s*'([^']*)'", node["calculate"]):  # what it writes, not what it compares
                add(f"calculate {node['as']}", v)

    _walk(spec, visit)
    for rows in (spec.get("datasets") or {}).values():
        for row in rows:
            for f in fields:
                value = row.get(f)
                for v in value if isinstance(value, list) else [value]:
                    add(f, v)
    return found


def _english(strings) -> list[str]:
    """The strings with Latin letters and no Chinese (numbers, years and dates are neither)."""
    return sorted(s for s in strings if LATIN.search(s) and not CJK.search(s))


@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_every_label_inside_every_chart_is_chinese(chapter, chapter_figures):
    chinese = chapter_figures(chapter, "zh", lambda f: (f.name, f.spec()))
    assert chinese
    problems = []
    for name, spec in chinese:
        for where, strings in shown_labels(spec).items():
            lacking = _english(strings)
            if lacking and (name, where) not in KEPT:
                problems.append(f"{name} {where}: {lacking}")
    assert not problems, "labels in English in the Chinese edition:\n" + "\n".join(problems)


def _skeleton(spec: dict) -> tuple[object, list[str]]:
    """The spec with its datasets renamed in order of appearance (their names hash their rows) and
    every string (or list of strings) replaced by a marker, but the fields' names; and the
    strings, in order."""
    names = {n: f"data-{i}" for i, n in enumerate(spec.get("datasets") or {})}
    strings: list[str] = []

    def strip(node, row=False):
        if isinstance(node, dict):
            return {names.get(k, k): v if k == "field" and isinstance(v, str) and not row
                    else strip(v, row or k == "datasets") for k, v in node.items()}
        if row and isinstance(node, list) and node and all(isinstance(v, str) for v in node):
            return strip(" ".join(node))  # a label of the data wrapped in lines: its lines depend on its words
        if isinstance(node, list):
            return [strip(v, row) for v in node]
        if isinstance(node, str):
            strings.append(names.get(node, node))
            return "<s>"
        return node

    return strip(spec), strings


def _unit_differences(en, zh, units: dict, key=None, field=None, found=None) -> tuple[list[str], set[str]]:
    """Where two skeletons differ other than by a unit field's numbers times its factor (a number
    under the field's own key in a row, or in an encoding of that field: its scale's domain). Also
    the unit fields whose numbers were found scaled."""
    found = set() if found is None else found
    problems: list[str] = []
    if isinstance(en, dict) and isinstance(zh, dict):
        if set(en) != set(zh):
            return [f"keys {sorted(set(en) ^ set(zh))}"], found
        inner = en.get("field") if en.get("field") in units else field
        for k in en:
            problems += _unit_differences(en[k], zh[k], units, k, inner, found)[0]
        return problems, found
    if isinstance(en, list) and isinstance(zh, list):
        if len(en) != len(zh):
            return [f"{key}: {len(en)} items against {len(zh)}"], found
        for a, b in zip(en, zh):
            problems += _unit_differences(a, b, units, key, field, found)[0]
        return problems, found
    if en == zh or (en != en and zh != zh):  # equal, or both NaN
        return problems, found
    for name in (key, field):
        if name in units and all(isinstance(v, (int, float)) for v in (en, zh)):
            rule = units[name]
            factor = i18n.UNIT_SCALES[rule if isinstance(rule, str) else rule[0]]
            if zh == pytest.approx(en * factor, rel=1e-12):
                found.add(name)
                return problems, found
    return [f"{key}: {en!r} against {zh!r}"], found


def _calculated(spec: dict) -> dict[str, str]:
    """The expression of each field a calculate transform writes."""
    out: dict[str, str] = {}
    _walk(spec, lambda node: out.update({node["as"]: node["calculate"]}) if isinstance(node.get("calculate"), str) else None)
    return out


@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_the_chinese_charts_are_the_english_ones_with_other_words(chapter, chapter_figures):
    """Same marks, encodings, rows and numbers in both editions; only strings differ, and the
    numbers of the fields a figure counts in Chinese units (its ``units``: millions of persons
    in 万人, billions of yuan in 亿元, million tonnes in 万吨), which are the English ones times
    the factor, each field really scaled. The English labels have no Chinese, and an English
    label the catalogue translates is Chinese in the zh chart."""
    english = chapter_figures(chapter, "en", lambda f: (f.name, f.spec()))
    chinese = chapter_figures(chapter, "zh", lambda f: (f.name, f.spec(), f.units))
    assert [n for n, _ in english] == [n for n, _, _ in chinese]
    table = i18n.catalogue("zh")
    for (name, en), (_, zh, units) in zip(english, chinese):
        en_shape, en_strings = _skeleton(en)
        zh_shape, zh_strings = _skeleton(zh)
        problems, scaled = _unit_differences(en_shape, zh_shape, units)
        assert not problems, f"{name}: the Chinese chart differs from the English one in more than words: {problems[:5]}"
        en_calc, zh_calc = _calculated(en), _calculated(zh)
        for f in set(units) & set(en_calc):  # a field the chart computes: its expression times the factor
            factor = i18n.UNIT_SCALES[units[f] if isinstance(units[f], str) else units[f][0]]
            if zh_calc[f] == f"({en_calc[f]}) * {factor:g}":
                scaled.add(f)
        assert scaled == set(units), f"{name}: fields declared in Chinese units but drawn unscaled: {set(units) - scaled}"
        en_labels = shown_labels(en)
        assert not [s for strings in en_labels.values() for s in strings if CJK.search(s)], name
        for where, strings in en_labels.items():
            if (name, where) in KEPT:
                continue
            for s in strings:
                if s in table and s.strip() and LATIN.search(s):
                    # where the English chart has this label the Chinese one has Chinese (a label an
                    # expression writes: its translation inside the same expression)
                    spots = [i for i, v in enumerate(en_strings) if v == s]
                    if spots:
                        assert any(CJK.search(zh_strings[i]) for i in spots), (name, s)
                    else:
                        assert any(table[s] in zh_strings[i] for i, v in enumerate(en_strings) if s in v), (name, s)


def test_tl_returns_english_as_given_and_translates_in_chinese():
    series = pd.Series(["Liaoning", "steel", 3])
    assert i18n.tl(series, "en") is series
    labels = ["Liaoning", "no such label"]
    assert i18n.tl(labels, "en") is labels
    assert i18n.tl(series, "zh").tolist() == ["辽宁", "钢铁", 3]
    assert i18n.tl(labels, "zh") == ["辽宁", "no such label"]
    assert i18n.tl("Exports", "zh") == "出口" and i18n.tl("Exports", "en") == "Exports"


def test_computed_labels_keep_their_numbers():
    """Amounts and range notes are written in code from their numbers: Chinese keeps the numbers."""
    assert amount_text("RMB 0.852 billion", "zh") == "8.52 亿元"
    assert amount_text("RMB 70 billion", "zh") == "700 亿元"
    assert amount_text("RMB 12.1 billion", "zh") == "121 亿元"
    assert amount_text("36 banks", "zh") == "36 家银行"
    assert amount_text("RMB 70 billion", "en") == "RMB 70 billion" and amount_text("", "zh") == ""
    note = ("per Mt of output; ÷3.61 to ×3.61 around the chosen value (geometric centre), the widest ratio "
            "between Chapter 2's calibration and its per-output checks")
    zh = range_note(note, "zh")
    assert CJK.search(zh) and zh.count("3.61") == 2 and range_note(note, "en") == note
    raised = ("the chosen share ± half the width of the evidence at the defaults, from what Longmay's announced "
              "layoffs alone imply to the Northeast's share of mining employment (centred; at the default, about that "
              "range); raised at the low end to what Longmay's announced layoffs alone imply at these parameters")
    assert not LATIN.search(range_note(raised, "zh").replace("±", ""))


def test_the_timeline_legend_compares_with_the_translated_kinds(chapter_figures):
    """The legend's labelExpr compares with the kind's value as drawn: in Chinese, the Chinese one."""
    specs = dict(chapter_figures("ten_years_on", "zh", lambda f: (f.name, f.spec())))
    text = json.dumps(specs["fig-ten-timeline"], ensure_ascii=False)
    assert "datum.label === '困境' ? '陷入困境的企业或银行' : '政策节点'" in text
    kinds = {row["kind"] for rows in specs["fig-ten-timeline"]["datasets"].values() for row in rows}
    assert kinds == {"困境", "政策"}


def test_live_explorers_list_their_options_in_the_run_language(monkeypatch):
    """The live explorers' provinces and vintages: labels in Chinese, the same values behind them."""
    from rustbelt import widgets

    monkeypatch.setenv(widgets.LIVE_ENV, "on")
    monkeypatch.setenv(i18n.ENV_VAR, "en")
    with contextlib.redirect_stdout(io.StringIO()):
        pick, vint = widgets.gdp_share_explorer(["Liaoning"], "v4").children[0].children
    assert pick.options == ("Liaoning", "Jilin", "Heilongjiang") and vint.options == ("current", "v4", "old")
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    with contextlib.redirect_stdout(io.StringIO()):
        pick, vint = widgets.gdp_share_explorer(["Liaoning"], "v4").children[0].children
    assert pick.options == (("辽宁", "Liaoning"), ("吉林", "Jilin"), ("黑龙江", "Heilongjiang"))
    assert [v for _, v in vint.options] == ["current", "v4", "old"] and all(CJK.search(k) for k, _ in vint.options)
    assert pick.value == ("Liaoning",) and vint.value == "v4"


#: channels whose order of values decides something a reader sees: which colour, shape or dash
#: a category gets, and the order of a stack
ORDERED = ("color", "fill", "stroke", "shape", "strokeDash", "order")


def _field_values(spec: dict, field: str) -> list:
    values = []
    for rows in (spec.get("datasets") or {}).values():
        values += [row[field] for row in rows if isinstance(row, dict) and isinstance(row.get(field), str)]
    return list(dict.fromkeys(values))


def _implicitly_ordered(spec: dict) -> list[tuple[str, str]]:
    """(channel, field) of every nominal or ordinal encoding whose order of values is the sorted
    order of the field's strings: no scale domain, no sort list, no order by a number."""
    found = []

    def visit(node):
        enc = node.get("encoding") if isinstance(node.get("encoding"), dict) else {}
        for channel in ORDERED:
            e = enc.get(channel)
            if not isinstance(e, dict) or not isinstance(e.get("field"), str) or e.get("type") not in ("nominal", "ordinal"):
                continue
            if (e.get("scale") or {}).get("domain") or isinstance(e.get("sort"), list):
                continue
            found.append((channel, e["field"]))

    _walk(spec, visit)
    return found


@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_categories_keep_their_colours_and_stack_order_in_chinese(chapter, chapter_figures):
    """A category's colour, shape and place in a stack do not depend on how its name sorts: where a
    chart leaves the order to the sorted names, the Chinese names sort as the English ones do."""
    english = chapter_figures(chapter, "en", lambda f: (f.name, f.spec()))
    chinese = chapter_figures(chapter, "zh", lambda f: (f.name, f.spec()))
    problems = []
    for (name, en), (_, zh) in zip(english, chinese):
        for channel, field in _implicitly_ordered(en):
            en_values, zh_values = _field_values(en, field), _field_values(zh, field)
            if len(en_values) != len(zh_values) or en_values == zh_values:
                continue
            translated = dict(zip(en_values, zh_values))
            if [translated[v] for v in sorted(en_values)] != sorted(zh_values):
                problems.append(f"{name}: {channel} by {field} orders {sorted(en_values)} as {sorted(zh_values)}")
    assert not problems, "\n".join(problems)


#: a rate per million tonnes keeps its base, as the model's parameters do (每百万吨产量的职工数)
PER_MT = re.compile(r"每(?:关闭|关停|压减|减少)?百万吨")
#: the English scales in Chinese words: Chinese counts in 万 and 亿
ENGLISH_SCALES = re.compile(r"百万|十亿|千万")


@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_the_chinese_charts_count_in_wan_and_yi(chapter, chapter_figures):
    """Issue 15: "Chinese unit words where they are the convention (万人, 亿元, 万吨)". No text of a
    Chinese chart (titles, axes, legends, tooltips, controls, labels, alt text, its Table tab)
    counts in millions or billions; only a rate per million tonnes keeps that base."""
    from rustbelt.web_figure import table_html

    def texts(fig):
        spec = fig.spec()
        found = set(i18n.spec_strings(spec)) | {fig.description}
        for strings in shown_labels(spec).values():
            found |= strings
        found.add(re.sub(r"<[^>]+>", " ", table_html(fig, "t", fig.table)))
        return fig.name, found

    problems = []
    for name, found in chapter_figures(chapter, "zh", texts):
        for text in found:
            for m in ENGLISH_SCALES.finditer(PER_MT.sub("", text)):
                problems.append(f"{name}: …{text[max(0, m.start() - 20):m.end() + 10]}…")
    assert not problems, "\n".join(sorted(problems))


def test_units_scale_the_values_a_chart_draws_in_chinese_only():
    """rustbelt.i18n.scale_spec: a unit field's values, the calculate that writes it, its format and
    its domain; rows chosen by a rule's condition only; English untouched."""
    spec = {"datasets": {"d": [{"m": 1.5, "k": "a", "unit": "RMB billion"}, {"m": 2.0, "k": "b", "unit": "%"}]},
            "transform": [{"calculate": "datum.p / 1e6", "as": "n"}],
            "encoding": {"x": {"field": "n", "aggregate": "sum", "scale": {"domain": [0, 4]}},
                         "tooltip": [{"field": "n", "format": ".3f"}, {"field": "k", "format": ".3f"}]}}
    assert i18n.scale_spec(spec, {"n": "million-to-wan"}, "en") is spec
    zh = i18n.scale_spec(spec, {"n": "million-to-wan", "m": ("billion-to-yi", {"unit": "RMB billion"})}, "zh")
    assert zh["transform"][0]["calculate"] == "(datum.p / 1e6) * 100"
    assert zh["encoding"]["x"]["scale"]["domain"] == [0, 400]
    assert zh["encoding"]["tooltip"] == [{"field": "n", "format": ",.1f"}, {"field": "k", "format": ".3f"}]
    assert zh["datasets"]["d"] == [{"m": 15.0, "k": "a", "unit": "RMB 100 million"}, {"m": 2.0, "k": "b", "unit": "%"}]
    assert spec["datasets"]["d"][0]["m"] == 1.5  # a copy
    frame = pd.DataFrame({"m": [1.5, 2.0], "unit": ["RMB billion", "%"]})
    shown = i18n.scale_rows(frame, {"m": ("billion-to-yi", {"unit": "RMB billion"})}, "zh")
    assert shown["m"].tolist() == [15.0, 2.0] and shown["unit"].tolist() == ["RMB 100 million", "%"]
    assert i18n.t(shown["unit"][0], "zh") == "亿元"
    with pytest.raises(ValueError, match="unknown unit conversion 'million-to-lakh'"):
        i18n.scale_spec(spec, {"n": "million-to-lakh"}, "zh")
    assert i18n.tf("{millions:.2f} million", "zh", millions=1.24) == "124 万人"
