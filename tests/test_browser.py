"""The built book in headless Chromium with every non-local request blocked: every chart renders,
the static controls change their charts, no page error, no failed request, no dead widget."""
from __future__ import annotations

import pytest
from conftest import all_pages, both_editions

from rustbelt.book import browser as chromium

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _pages(html):
    return [p.relative_to(html).as_posix() for p in all_pages(html)]


def test_every_page_renders_offline_without_errors(book_html, book_url, watch):
    for rel in both_editions(book_html):
        page = watch.goto(f"{book_url}/{rel}")
        charts = chromium.chart_states(page)
        for cid, rendered, error, svgs in charts:
            assert rendered and not error and svgs == 1, f"{rel}: chart {cid} did not render ({error})"
        assert not watch.errors, f"{rel}: {watch.errors}"
        assert not watch.failed, f"{rel}: {watch.failed}"
        assert not watch.blocked, f"{rel} tried to load from outside the book: {watch.blocked}"


def test_no_dead_widget_controls(book_html, book_url, watch):
    for rel in _pages(book_html):
        page = watch.goto(f"{book_url}/{rel}")
        assert page.locator(".jupyter-widgets, .widget-slider, .jp-OutputArea-output .widget-area").count() == 0, rel
        # every input on the page is either the theme's own or a chart control that runs in the browser
        stray = page.eval_on_selector_all(
            "input[type=range], select, input[type=radio]",
            "els => els.filter(e => !e.closest('.vega-bindings')).map(e => e.outerHTML)")
        assert not stray, f"{rel}: controls outside any chart: {stray}"


def _symbols(page, chart_id):
    return page.eval_on_selector(f"#{chart_id}", "el => el.querySelectorAll('g.mark-symbol path').length")


def test_gdp_share_dropdown_changes_the_chart(book_url, watch):
    page = watch.goto(f"{book_url}/chapters/challenges.html")
    chart = "chart-fig-gdp-share"
    all_points = _symbols(page, chart)
    select = page.locator(f"#{chart} .vega-bindings select")
    select.select_option("old")
    page.wait_for_function(f"() => window.rustbeltViews['{chart}'].signal('vintage_pick') === 'old'")
    page.wait_for_timeout(100)
    old_points = _symbols(page, chart)
    assert 0 < old_points < all_points
    select.select_option("current")
    page.wait_for_function(f"() => window.rustbeltViews['{chart}'].signal('vintage_pick') === 'current'")
    page.wait_for_timeout(100)
    current_points = _symbols(page, chart)
    assert 0 < current_points < all_points and current_points != old_points
    assert not watch.errors


def test_growth_radio_switches_the_measure(book_url, watch):
    page = watch.goto(f"{book_url}/chapters/challenges.html")
    chart = "chart-fig-growth"
    view = f"window.rustbeltViews['{chart}']"
    before = page.evaluate(f"() => {view}.scenegraph().root.bounds.y2")
    page.locator(f"#{chart} .vega-bindings input[value=index_start]").check()
    page.wait_for_function(f"() => {view}.signal('measure_pick') === 'index_start'")
    labels = page.eval_on_selector(f"#{chart}", "el => [...el.querySelectorAll('g.role-axis-label text')].map(t => t.textContent)")
    # cumulative real GDP runs into the hundreds; annual growth never does
    assert any(float(t.replace(",", "")) >= 200 for t in labels if t.replace(",", "").replace(".", "").isdigit()), labels
    assert before > 0
    assert not watch.errors
