"""Checks on the built HTML: nothing loaded from outside the book, every chapter holds its
figures, no widget machinery, every chapter downloadable as a notebook."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from conftest import all_pages, chapter_pages

EXPECTED_FIGURES = {"challenges": 6, "transitional_pain": 6, "feasibility": 6, "ten_years_on": 9}


class Resources(HTMLParser):
    """Collects every URL a page would load (scripts, styles, images, fonts, iframes)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.widgets = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href") and (a.get("rel") or "") in ("stylesheet", "preload", "icon", "modulepreload"):
            self.urls.append(a["href"])
        if tag == "script" and a.get("type", "").startswith("application/vnd.jupyter.widget"):
            self.widgets += 1


def _external(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url))


def test_book_has_pages(book_html):
    assert (book_html / "index.html").exists()
    assert {p.stem for p in chapter_pages(book_html)} >= set(EXPECTED_FIGURES)


def test_no_page_loads_anything_from_outside_the_book(book_html):
    offenders = {}
    for page in all_pages(book_html):
        parser = Resources()
        text = page.read_text(encoding="utf-8")
        parser.feed(text)
        ext = [u for u in parser.urls if _external(u)]
        # CSS imports and url() fonts in inline styles count too
        ext += re.findall(r"@import\s+url\(['\"]?(https?://[^)'\"]+)", text)
        if ext:
            offenders[str(page.relative_to(book_html))] = ext
    assert not offenders, offenders


def test_static_css_loads_no_remote_fonts(book_html):
    for css in (book_html / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="ignore")
        remote = re.findall(r"url\(['\"]?(https?://[^)'\"]+)", text) + re.findall(r"@import\s+['\"]?(https?://[^'\";]+)", text)
        assert not remote, f"{css.name} loads {remote}"


def test_every_local_resource_exists(book_html):
    missing = []
    for page in all_pages(book_html):
        parser = Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            if _external(url) or url.startswith("data:"):
                continue
            target = (page.parent / url.split("?")[0].split("#")[0]).resolve()
            if not target.exists():
                missing.append(f"{page.name}: {url}")
    assert not missing, missing


@pytest.mark.parametrize("chapter, n", sorted(EXPECTED_FIGURES.items()))
def test_chapter_holds_its_numbered_figures_with_specs(book_html, chapter, n):
    text = (book_html / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
    specs = re.findall(r'<script type="application/json" id="chart-[^"]+-spec">(.*?)</script>', text, re.S)
    assert len(specs) >= n
    for s in specs:
        spec = json.loads(s)
        assert spec["description"] and spec["title"]["text"]
    captions = re.findall(r'<span class="caption-number">Fig\. [0-9.]+ </span>', text)
    assert len(captions) >= n
    assert text.count('class="rb-source"') >= n


def test_no_dead_widgets_or_widget_scripts(book_html):
    for page in all_pages(book_html):
        text = page.read_text(encoding="utf-8")
        parser = Resources()
        parser.feed(text)
        assert parser.widgets == 0, f"{page.name} embeds widget views"
        assert "html-manager" not in text and "require.min.js" not in text, f"{page.name} loads widget scripts"
        assert "application/vnd.jupyter.widget-state+json" not in text, f"{page.name} embeds saved widget state"


def test_the_theme_icon_script_is_not_loaded_but_its_stylesheets_are(book_html):
    # page weight: the theme's CSS webfont draws the icons; its 1.5 MB SVG script stays off
    # (_templates/layout.html filters it out of the theme's own block)
    for page in all_pages(book_html):
        parser = Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        assert not [u for u in parser.urls if "fontawesome" in u and u.split("?")[0].endswith(".js")], page.name
        assert any("pydata-sphinx-theme.css" in u for u in parser.urls), page.name
        assert any("pydata-sphinx-theme.js" in u for u in parser.urls), page.name


def test_vega_is_loaded_async_and_only_where_there_is_a_chart(book_html):
    # issue 14: Vega is most of a chapter page's bytes and the last to arrive on a slow
    # connection. Loaded async, the page's other deferred scripts (and their work at
    # DOMContentLoaded) do not wait for it; rustbelt.js (deferred, on every page) waits for it,
    # and learns from the onerror flag if it failed before rustbelt.js ran. Pages with no chart
    # (the search page too) do not load it at all.
    charts = 0
    pages = all_pages(book_html) + all_pages(book_html / "zh") + [book_html / "search.html", book_html / "zh" / "search.html"]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        tags = re.findall(r"<script\b[^>]*vega/vega\.min\.js[^>]*>", text)
        if 'class="rb-vega"' in text:
            charts += 1
            assert len(tags) == 1, (page.name, tags)
            assert 'async="async"' in tags[0] and "defer" not in tags[0], (page.name, tags[0])
            assert 'onerror="window.rustbeltVegaFailed = true"' in tags[0], (page.name, tags[0])
        else:
            assert tags == [], f"{page.relative_to(book_html)} has no chart but loads Vega"
        rb = re.findall(r"<script\b[^>]*/rustbelt\.js[^>]*>", text)
        assert len(rb) == 1 and 'defer="defer"' in rb[0], (page.name, rb)
    assert charts == 2 * len(chapter_pages(book_html)), "every chapter, English and Chinese, has charts"


def test_unevaluated_or_failed_cells_are_absent(book_html):
    for page in chapter_pages(book_html):
        text = page.read_text(encoding="utf-8")
        assert "Traceback" not in text and "output stderr" not in text, page.name
        assert "{glue:" not in text, page.name


def test_chapters_downloadable_as_notebooks(book_html):
    for page in chapter_pages(book_html):
        nb_path = book_html / "_notebooks" / f"{page.stem}.ipynb"
        nb = json.loads(nb_path.read_text())
        assert nb["nbformat"] == 4
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
        assert f'href="../_notebooks/{page.stem}.ipynb"' in page.read_text(encoding="utf-8")


def test_launch_buttons_are_off(book_html):
    for page in all_pages(book_html):
        text = page.read_text(encoding="utf-8")
        assert "binder" not in text.lower() and "colab" not in text.lower() and "thebe" not in text.lower(), page.name
