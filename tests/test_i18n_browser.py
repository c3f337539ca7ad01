"""The Chinese edition's charts as a reader's browser draws them (issue 15): every chart's title,
axis titles and legend are Chinese, read from the rendered Vega view (its scenegraph), not from
the spec the build wrote; the English edition's charts draw the same marks.
"""
from __future__ import annotations

import json
import re

import pytest
from conftest import chapter_pages

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CJK = re.compile(r"[\u4e00-\u9fff]")
#: a word a reader reads as English: three letters or more (codes such as V4, GDP, BP are shorter
#: or named in the glossary and kept as they are)
WORD = re.compile(r"[A-Za-z]{3,}")
#: names and codes Chinese text keeps in Latin letters (units, statistical series, sources' names)
KEPT = {"GDP", "CSPI", "CISA", "NBS", "USGS", "BLS", "FRED", "MANEMP", "CICC", "Mt"}

#: the text of every title, axis title, legend title and legend label the view drew
DRAWN_TEXT = """(id) => {
  const view = window.rustbeltViews[id];
  const roles = ['title-text', 'title-subtitle', 'axis-title', 'legend-title', 'legend-label'];
  const out = [];
  const walk = (mark) => {
    if (roles.includes(mark.role)) {
      for (const item of mark.items || []) {
        if (item.text == null || item.text === '') continue;
        out.push([mark.role, Array.isArray(item.text) ? item.text.join(' ') : String(item.text)]);
      }
    }
    for (const item of mark.items || []) for (const child of item.items || []) walk(child);
  };
  walk(view.scenegraph().root);
  return out;
}"""


def _drawn(page) -> dict[str, list[list[str]]]:
    ids = page.evaluate("Object.keys(window.rustbeltViews || {})")
    return {cid: page.evaluate(DRAWN_TEXT, cid) for cid in ids}


def _english(text: str) -> bool:
    return not CJK.search(text) and any(w not in KEPT for w in WORD.findall(text))


def test_every_chart_of_the_chinese_edition_draws_chinese_titles_axes_and_legends(book_html, book_url, watch):
    failures, titles = {}, 0
    for page_path in chapter_pages(book_html / "zh"):
        rel = page_path.relative_to(book_html).as_posix()
        page = watch.goto(f"{book_url}/{rel}")
        drawn = _drawn(page)
        assert drawn, f"{rel}: no chart view"
        english_page = watch.goto(f"{book_url}/{rel.removeprefix('zh/')}")
        english = _drawn(english_page)
        for cid, texts in drawn.items():
            roles = {role for role, _ in texts}
            english_roles = {role for role, _ in english.get(cid, [])}
            # the same chart draws the same kinds of text in both editions
            assert roles == english_roles, (rel, cid, roles, english_roles)
            titles += sum(role == "title-text" for role in roles)
            bad = [(role, text) for role, text in texts if role != "legend-label" and not CJK.search(text)]
            bad += [(role, text) for role, text in texts if role == "legend-label" and _english(text)]
            if bad:
                failures[f"{rel}#{cid}"] = bad
    assert titles, "no chart title was drawn"
    assert not failures, failures


def test_a_chinese_table_drawn_again_after_a_control_keeps_its_chinese_labels(book_url, watch):
    """After a control changes a chart, rustbelt.js draws its Table tab again from the view's
    data: in Chinese, each label the page's table translated is translated again."""
    page = watch.goto(f"{book_url}/zh/chapters/challenges.html")
    chart = "chart-fig-growth"
    table = page.locator(f"#{chart}-figure .rb-data-table")
    labels = json.loads(table.get_attribute("data-labels") or "{}")
    assert labels, "the Chinese table names no label to translate"
    before = table.locator("tbody td").all_inner_texts()
    page.locator(f"#{chart} .vega-bindings input[type=radio]").nth(1).check()
    page.wait_for_function(f"() => document.querySelector('#{chart}-figure .rb-data-table').dataset.view === 'current'")
    after = table.locator("tbody td").all_inner_texts()
    assert after and after != before
    untranslated = sorted({text for text in after if text in labels})
    assert not untranslated, untranslated
    assert set(after) & set(labels.values()), "the redrawn table shows none of the translated labels"
    assert not watch.errors, watch.errors
