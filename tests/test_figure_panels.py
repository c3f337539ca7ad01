"""Issue 14 in a real browser, on every chart of every page (charts are discovered from the
pages, never counted here): the panel under each chart (Chart | Table | Download | Cite),
the data it offers, the view in the link, and the chart drawn before any script runs."""
from __future__ import annotations

import csv
import io
import json
import math
import re
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import PageWatch, all_pages

from rustbelt.book import browser as chromium

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 375, "height": 812}
TABS = ["Chart", "Table", "Download", "Cite"]


def chart_pages(html: Path) -> list[str]:
    return [p.relative_to(html).as_posix() for p in all_pages(html)
            if 'class="rb-figure"' in p.read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def pages(book_html) -> list[str]:
    found = chart_pages(book_html)
    assert found, "no page of the book has a chart"
    return found


# what the page says about each chart's controls and data
CHARTS = """() => [...document.querySelectorAll('.rb-figure')].map(fig => {
  const el = fig.querySelector('.rb-vega');
  const spec = JSON.parse(document.getElementById(el.dataset.specId).textContent);
  const bound = (spec.signals || []).filter(s => s.bind && s.bind.input).map(s => ({name: s.name, value: s.value, bind: s.bind}));
  const stores = (spec.data || []).map(d => d.name).filter(n => /_store$/.test(n));
  return {id: el.id, name: fig.dataset.name, bound, stores,
          datasets: (spec.data || []).map(d => d.name).filter(n => !/_store$/.test(n))};
})"""
SIGNALS = """(id) => {
  const el = document.getElementById(id);
  const spec = JSON.parse(document.getElementById(el.dataset.specId).textContent);
  const view = window.rustbeltViews[id];
  const out = {};
  (spec.signals || []).filter(s => s.bind && s.bind.input).forEach(s => { out[s.name] = view.signal(s.name); });
  (spec.data || []).map(d => d.name).filter(n => /_store$/.test(n)).forEach(n => {
    out[n] = view.data(n).map(t => t.values); });
  return out;
}"""
VIEW_NUMBERS = """(id) => {
  const el = document.getElementById(id);
  const spec = JSON.parse(document.getElementById(el.dataset.specId).textContent);
  const view = window.rustbeltViews[id];
  const nums = new Set();
  const add = v => { if (typeof v === 'number' && isFinite(v)) nums.add(Math.round(v * 1e4) / 1e4);
                     else if (typeof v === 'string' && v.trim() !== '' && isFinite(+v)) add(+v);
                     else if (Array.isArray(v)) v.forEach(add); };
  (spec.data || []).forEach(d => { let rows = []; try { rows = view.data(d.name); } catch (e) {}
    rows.forEach(r => Object.values(r).forEach(add)); });
  return [...nums];
}"""
TABLE = """(id) => {
  const fig = document.getElementById(id).closest('.rb-figure');
  const t = fig.querySelector('.rb-data-table');
  return {columns: JSON.parse(t.dataset.columns), rows: [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent))};
}"""


def _numbers(cells) -> list[float]:
    out = []
    for c in cells:
        for part in str(c).split(", "):
            try:
                x = float(part)
            except ValueError:
                continue
            if math.isfinite(x):
                out.append(round(x, 4))
    return out


def _in(x: float, pool: set[float]) -> bool:
    return x in pool or any(abs(x - y) <= 1e-4 * max(1, abs(x)) for y in pool)


def test_every_chart_has_its_panel_and_citation(book_html, book_url, watch, pages):
    for rel in pages:
        page = watch.goto(f"{book_url}/{rel}")
        figs = page.eval_on_selector_all(".rb-figure", """figs => figs.map(f => ({
            name: f.dataset.name,
            tabs: [...f.querySelectorAll('[role=tab]')].map(t => t.textContent.trim()),
            panes: [...f.querySelectorAll('[role=tabpanel]')].map(p => p.id),
            controls: [...f.querySelectorAll('[role=tab]')].map(t => t.getAttribute('aria-controls')),
            cite: f.querySelector('.rb-cite-plain') ? f.querySelector('.rb-cite-plain').textContent : '',
            bibtex: f.querySelector('.rb-cite-bibtex') ? f.querySelector('.rb-cite-bibtex').textContent : '',
            number: (f.closest('figure') && f.closest('figure').querySelector('.caption-number') || {}).textContent || '',
            csv: f.querySelector('a.rb-csv').getAttribute('href'), zip: f.querySelector('a.rb-zip').getAttribute('href'),
            copy: !!f.querySelector('button.rb-copy-link')}))""")
        assert figs, rel
        for f in figs:
            assert f["tabs"] == TABS, (rel, f)
            assert f["controls"] == f["panes"] and len(f["panes"]) == 4, (rel, f)
            assert f["copy"], (rel, f["name"])
            assert f["csv"].endswith(f"_figures/{f['name']}.csv") and f["zip"].endswith(f"_figures/{f['name']}.zip")
            number = re.search(r"[\d.]+\d", f["number"])
            if number:  # a numbered figure is cited with its number
                assert f"Figure {number.group(0)}" in f["cite"] and f"Figure {number.group(0)}" in f["bibtex"], f
            assert "China's Rustbelt" in f["cite"] and re.search(r"Built \d{4}-\d\d-\d\d from commit \w+", f["cite"]), f
            assert f["bibtex"].startswith("@misc{") and "year = {" in f["bibtex"], f
        # the tabs work from the keyboard (WAI-ARIA tabs: arrows move and select)
        first = page.locator(".rb-figure").first
        first.locator("[role=tab]").first.focus()
        page.keyboard.press("ArrowRight")
        assert first.locator("[role=tab][aria-selected=true]").inner_text() == "Table"
        assert first.locator(".rb-pane-table").is_visible() and not first.locator(".rb-pane-chart").is_visible()
        page.keyboard.press("End")
        assert first.locator(".rb-pane-cite").is_visible()
        page.keyboard.press("Home")
        assert first.locator(".rb-pane-chart").is_visible()
        assert not watch.errors and not watch.blocked and not watch.failed, (rel, watch.errors, watch.blocked, watch.failed)


def test_table_numbers_are_the_charts_data(book_html, book_url, watch, pages):
    """In both editions: the Chinese Table shows the numbers its chart draws (in 万人, 亿元, 万吨
    where the chart counts in them), the CSV keeps the data's columns."""
    for rel in pages + [f"zh/{p}" for p in chart_pages(book_html / "zh")]:
        edition = book_html / "zh" if rel.startswith("zh/") else book_html
        page = watch.goto(f"{book_url}/{rel}")
        for chart in page.evaluate(CHARTS):
            table = page.evaluate(TABLE, chart["id"])
            assert table["rows"], (rel, chart["name"])
            pool = set(page.evaluate(VIEW_NUMBERS, chart["id"]))
            missing = [x for row in table["rows"] for x in _numbers(row) if not _in(x, pool)]
            assert not missing, f"{rel} {chart['name']}: table numbers not in the chart's data: {missing[:10]}"
            # the build-time table is the data behind the chart, row for row, as the CSV has it
            frame = list(csv.reader(io.StringIO((edition / "_figures" / f"{chart['name']}.csv").read_text(encoding="utf-8"))))
            assert frame[0][:len(table["columns"])] == table["columns"] or set(table["columns"]) <= set(frame[0]), chart["name"]


#: Chromium starts at most ten downloads a second from one page and silently drops the rest
#: (chromedp/chromedp#791); a reader never clicks that fast, this test would: its downloads are
#: spaced by more than a tenth of a second
DOWNLOAD_SPACING_S = 0.15
_last_download = [0.0]


def _download(page, fig, selector: str):
    wait = _last_download[0] + DOWNLOAD_SPACING_S - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    _last_download[0] = time.monotonic()
    with page.expect_download() as info:
        fig.locator(selector).click()
    d = info.value
    return d.suggested_filename, Path(d.path()).read_bytes()


def test_downloads_are_made_offline_and_valid(book_html, book_url, watch, pages, tmp_path):
    for rel in pages:
        page = watch.goto(f"{book_url}/{rel}")
        for chart in page.evaluate(CHARTS):
            fig = page.locator(f"#{chart['id']}-figure")
            fig.locator("[role=tab]", has_text="Download").click()
            name, png = _download(page, fig, "button.rb-export[data-format=png]")
            assert name == f"{chart['name']}.png" and png[:8] == b"\x89PNG\r\n\x1a\n", chart["name"]
            width, height = _decode_png(png)
            assert width > 300 and height > 150, (chart["name"], width, height)
            name, svg = _download(page, fig, "button.rb-export[data-format=svg]")
            root = ElementTree.fromstring(svg)
            assert name == f"{chart['name']}.svg" and root.tag.endswith("svg") and len(list(root.iter())) > 20, chart["name"]
            name, raw = _download(page, fig, "a.rb-csv")
            rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
            assert name == f"{chart['name']}.csv" and rows, chart["name"]
            # the CSV's numbers are the ones the chart plots (for an explorer, the grid it picks from)
            pool = set(page.evaluate(VIEW_NUMBERS, chart["id"]))
            table = page.evaluate(TABLE, chart["id"])
            shown = {tuple(r) for r in table["rows"]}
            csv_rows = {tuple(_fmt(r[c]) for c in table["columns"]) for r in rows}
            assert shown <= csv_rows, f"{chart['name']}: rows drawn but not in the CSV: {sorted(shown - csv_rows)[:5]}"
            if not chart["bound"]:
                nums = [x for r in rows for x in _numbers(r.values())]
                assert all(_in(x, pool) for x in nums), chart["name"]
                assert len(rows) == len(table["rows"]), chart["name"]
            name, blob = _download(page, fig, "a.rb-zip")
            with zipfile.ZipFile(io.BytesIO(blob)) as zf:
                names = set(zf.namelist())
                assert names == {f"{chart['name']}.csv", "metadata.yml", "README.txt", "CITATION.txt"}, names
                assert zf.read(f"{chart['name']}.csv") == raw
                import yaml

                meta = yaml.safe_load(zf.read("metadata.yml"))
                assert meta["datasets"] and all(d["unit"] and d["vintage"] and d["licence"] for d in meta["datasets"])
                assert "@misc{" in zf.read("CITATION.txt").decode()
        assert not watch.errors and not watch.blocked and not watch.failed, (rel, watch.errors, watch.blocked, watch.failed)


def _decode_png(data: bytes) -> tuple[int, int]:
    """Decode a PNG far enough to know it is whole: chunks with valid CRCs, and image data
    that inflates to exactly one filtered scanline per row."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind}"
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
        if kind == b"IEND":
            break
    width, height, depth, colour = header[:4]
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    row = 1 + (width * channels * depth + 7) // 8
    assert len(zlib.decompress(idat)) == row * height
    return width, height


def _fmt(text: str) -> str:
    """A CSV cell as the table prints it (numbers to at most 4 decimals)."""
    try:
        x = float(text)
    except ValueError:
        return text
    if not math.isfinite(x):
        return ""
    if x == int(x) and "e" not in text.lower():
        return str(int(x))
    t = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if t == "-0" else t


CHANGE_CONTROL = """([id, signal]) => {
  const el = document.getElementById(id);
  const view = window.rustbeltViews[id];
  const inputs = [...el.querySelectorAll('.vega-bindings [name="' + signal + '"]')];
  const input = inputs[0];
  if (!input) return null;
  if (input.type === 'radio') {
    const other = inputs.find(i => !i.checked); other.checked = true;
    other.dispatchEvent(new Event('change', {bubbles: true})); return other.value;
  }
  if (input.type === 'checkbox') { input.checked = !input.checked; input.dispatchEvent(new Event('change', {bubbles: true})); return input.checked; }
  if (input.tagName === 'SELECT') {
    const other = [...input.options].find(o => o.value !== input.value); input.value = other.value;
    input.dispatchEvent(new Event('change', {bubbles: true})); return other.value;
  }
  if (input.type === 'range') {
    const v = String(+input.value === +input.max ? input.min : input.max); input.value = v;
    input.dispatchEvent(new Event('input', {bubbles: true})); return v;
  }
  return null;
}"""


def test_a_changed_view_is_in_the_link_and_the_link_restores_it(book_html, book_url, browser, pages):
    tried = 0
    for rel in pages:
        a = PageWatch(browser, book_url)
        page = a.goto(f"{book_url}/{rel}")
        for chart in page.evaluate(CHARTS):
            if not chart["bound"] and not chart["stores"]:
                continue
            if chart["bound"]:
                for s in chart["bound"]:
                    assert page.evaluate(CHANGE_CONTROL, [chart["id"], s["name"]]) is not None, (chart["name"], s["name"])
            if chart["stores"]:  # a legend selection: click the first legend entry
                page.locator(f"#{chart['id']} .role-legend-symbol path").first.click(force=True)
            page.wait_for_function("(name) => location.hash.includes(encodeURIComponent(name) + '?')", arg=chart["name"])
            tried += 1
        if not page.evaluate("location.hash"):
            a.close()
            continue
        url = page.url
        want = {c["name"]: page.evaluate(SIGNALS, c["id"]) for c in page.evaluate(CHARTS)}
        copy = page.evaluate("(name) => window.rustbelt.viewLink(name)", next(iter(want)))
        a.close()
        b = PageWatch(browser, book_url)
        fresh = b.goto(url)
        got = {c["name"]: fresh.evaluate(SIGNALS, c["id"]) for c in fresh.evaluate(CHARTS)}
        assert got == want, f"{rel}: {url}"
        assert not b.errors and not b.blocked, (b.errors, b.blocked)
        # "Copy link to this view" gives this chart's part of the link
        fig = fresh.locator(".rb-figure").first
        fig.locator("button.rb-copy-link").click()
        fresh.wait_for_function("() => document.querySelector('.rb-figure').dataset.link")
        link = fresh.evaluate("() => document.querySelector('.rb-figure').dataset.link")
        assert link.startswith(url.split("#")[0] + "#"), link
        assert copy == "" or link.endswith("#" + copy), (link, copy)
        b.close()
    assert tried, "no chart with a control or a legend selection was found"


def _defaults(page) -> dict:
    return {c["name"]: ({s["name"]: s["value"] for s in c["bound"]}, c["stores"]) for c in page.evaluate(CHARTS)}


def test_garbage_or_stale_links_give_the_default_view(book_html, book_url, watch, pages):
    for rel in pages:
        page = watch.goto(f"{book_url}/{rel}")
        charts = page.evaluate(CHARTS)
        first = charts[0]["name"]
        bound = next((c for c in charts if c["bound"]), None)
        garbage = ["#%E0%A4%A", "#?;;?&&=", "#no-such-figure?x=1", f"#{first}?no_such_control=1",
                   f"#{first}?", "#" + "x" * 3000, f"#{first}?a=%ZZ"]
        if bound:
            s = bound["bound"][0]
            garbage += [f"#{bound['name']}?{s['name']}=not-allowed-value-%F0%9F%92%A5",
                        f"#{bound['name']}?{s['name']}=1e999", f"#{bound['name']}?{s['name']}=%7B%7D"]
        for frag in garbage:
            page = watch.goto(f"{book_url}/{rel}{frag}")
            for chart in page.evaluate(CHARTS):
                signals = page.evaluate(SIGNALS, chart["id"])
                for s in chart["bound"]:
                    assert signals[s["name"]] == s["value"], (rel, frag, chart["name"], s["name"])
                for st in chart["stores"]:
                    assert signals[st] == [], (rel, frag, st)
            assert not watch.errors, (rel, frag, watch.errors)


def test_without_javascript_every_chart_is_an_image_with_its_alt_text(book_html, book_url, browser, pages):
    pw = PageWatch(browser, book_url, java_script_enabled=False)
    try:
        for rel in pages:
            pw.page.goto(f"{book_url}/{rel}", wait_until="load")
            charts = pw.page.eval_on_selector_all(".rb-vega", """els => els.map(el => {
                const svg = el.querySelector('svg'); const r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
                return {id: el.id, description: el.dataset.description, role: svg && svg.getAttribute('role'),
                        label: svg && svg.getAttribute('aria-label'), w: r.width, h: r.height,
                        marks: svg ? svg.querySelectorAll('path, rect, line').length : 0,
                        visible: svg ? getComputedStyle(svg).visibility === 'visible' && getComputedStyle(svg).display !== 'none' : false};
            })""")
            assert charts, rel
            for c in charts:
                assert c["role"] == "img" and c["label"] == c["description"] and c["description"], (rel, c)
                assert c["visible"] and c["w"] > 250 and c["h"] > 150 and c["marks"] > 5, (rel, c)
            # the panel's parts are all there, one under the other; no tab or button that cannot work
            assert pw.page.locator(".rb-tablist").first.is_hidden()
            assert pw.page.locator(".rb-pane-table table").first.is_visible()
            assert pw.page.locator(".rb-export").first.is_hidden()
        assert not pw.blocked, pw.blocked
    finally:
        pw.close()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_panels_are_accessible_and_fit_a_phone(book_html, book_url, browser, pages, mode):
    assert AXE.exists(), f"{AXE} is missing: `make vendor` installs axe-core (npm ci)"
    pw = PageWatch(browser, book_url, color_scheme=mode, viewport=PHONE)
    failures = {}
    try:
        for rel in pages:
            page = pw.goto(f"{book_url}/{rel}")
            assert not pw.errors and not pw.blocked and not pw.failed, (rel, pw.errors, pw.blocked, pw.failed)
            # (axe-core then fetches the theme's stylesheets itself, resolving an @import wrongly: not the book's)
            page.add_script_tag(path=str(AXE))
            for tab in TABS[1:]:
                # show the same tab in every panel, then check the page as a reader sees it
                page.evaluate("""(label) => document.querySelectorAll('.rb-figure').forEach(f =>
                    [...f.querySelectorAll('[role=tab]')].find(t => t.textContent.trim() === label).click())""", tab)
                violations = page.evaluate("""async () => {
                    const r = await axe.run({include: [...document.querySelectorAll('.rb-figure')].map(f => '#' + f.id)},
                                            {resultTypes: ['violations']});
                    return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                      .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
                }""")
                overflow = page.evaluate("""() => {
                    const w = document.documentElement.clientWidth;
                    const wide = document.documentElement.scrollWidth > w;
                    const out = [...document.querySelectorAll('.rb-figure')].filter(f => f.getBoundingClientRect().right > w + 1).map(f => f.id);
                    return wide ? ['page scrolls sideways'].concat(out) : out;
                }""")
                if violations or overflow:
                    failures[f"{rel} [{tab}]"] = violations + overflow
            # the table scrolls inside its own box
            page.evaluate("""() => document.querySelectorAll('.rb-figure').forEach(f =>
                [...f.querySelectorAll('[role=tab]')].find(t => t.textContent.trim() === 'Table').click())""")
            boxes = page.eval_on_selector_all(".rb-figure-table", "els => els.map(e => [e.clientWidth, e.scrollWidth, getComputedStyle(e).overflowX])")
            assert all(cw <= PHONE["width"] and ov in ("auto", "scroll") for cw, sw, ov in boxes), boxes
        assert not pw.blocked, pw.blocked
    finally:
        pw.close()
    assert not failures, json.dumps(failures, indent=1)[:4000]


def test_explorer_table_is_the_view_as_drawn_after_a_control_moves(book_html, book_url, watch):
    """Chapter 2's explorer recomputes the layoffs in the browser: its Table shows the layoffs
    as drawn (not the model's inputs), at first from the build and after a control moves
    from the view; both equal the package's model (rustbelt.model) at those control values."""
    from rustbelt import charts, model

    rel = "chapters/transitional_pain.html"
    if not (book_html / rel).exists():
        pytest.skip("Chapter 2 is not in this build")
    page = watch.goto(f"{book_url}/{rel}")
    chart = next(c for c in page.evaluate(CHARTS) if c["name"] == "fig-explorer")
    table = page.evaluate(TABLE, chart["id"])
    assert table["columns"] == charts.EXPLORER_TABLE_COLUMNS

    def expected(signals) -> list[list[str]]:
        sectors = [s for s in ("steel", "coal") if signals[f"include_{s}"]]
        rows = charts.explorer_drawn_rows(
            model.explorer_rows(), cut_share=signals["cut_share"], cut_basis=signals["cut_basis"], sectors=sectors,
            workers_per_mt={"steel": signals["workers_per_mt_steel"], "coal": signals["workers_per_mt_coal"]},
            northeast_share=signals["northeast_share"], operating_share=signals["operating_share"])
        return [[_fmt(str(v)) for v in r] for r in rows[charts.EXPLORER_TABLE_COLUMNS].itertuples(index=False)]

    def close(got, want):
        for g, w in zip(got, want, strict=True):
            for a, b in zip(g, w, strict=True):
                try:
                    assert abs(float(a) - float(b)) <= 1e-4 * max(1.0, abs(float(b))), (g, w)
                except ValueError:
                    assert a == b, (g, w)

    close(table["rows"], expected(page.evaluate(SIGNALS, chart["id"])))
    before = table["rows"]
    for control in ("cut_share", "cut_basis", "include_coal"):
        page.evaluate(CHANGE_CONTROL, [chart["id"], control])
        page.wait_for_function("([id, old]) => { const t = document.getElementById(id).closest('.rb-figure')"
                               ".querySelector('.rb-data-table'); return t.dataset.view === 'current' && "
                               "JSON.stringify([...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent))) !== JSON.stringify(old); }",
                               arg=[chart["id"], before])
        table = page.evaluate(TABLE, chart["id"])
        close(table["rows"], expected(page.evaluate(SIGNALS, chart["id"])))
        # and the Table's numbers are the ones the view draws
        pool = set(page.evaluate(VIEW_NUMBERS, chart["id"]))
        assert all(_in(x, pool) for row in table["rows"] for x in _numbers(row)), control
        before = table["rows"]
    assert not watch.errors, watch.errors


LAYOUT_SHIFT = """() => new Promise(resolve => {
  let cls = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) cls += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  const done = () => [...document.querySelectorAll('.rb-vega')].every(e => e.dataset.rendered || e.dataset.error);
  const wait = () => done() ? setTimeout(() => resolve(cls), 300) : setTimeout(wait, 50);
  wait();
})"""


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE], ids=["desktop", "phone"])
def test_interactive_charts_replace_the_static_ones_without_moving_the_page(book_html, book_url, browser, pages, viewport):
    """Cumulative layout shift while the interactive charts replace the build-time SVGs,
    from navigation until every chart is interactive, without scrolling: < 0.05 (issue 14)."""
    phone = viewport["width"] < 600
    pw = PageWatch(browser, book_url, viewport=viewport, is_mobile=phone, has_touch=phone)
    try:
        shifts = {}
        for rel in pages:
            pw.page.goto(f"{book_url}/{rel}", wait_until="commit")
            shifts[rel] = pw.page.evaluate(LAYOUT_SHIFT)
        assert all(v < 0.05 for v in shifts.values()), shifts
        assert not pw.errors and not pw.blocked, (pw.errors, pw.blocked)
    finally:
        pw.close()


def test_header_menu_works_though_bootstrap_loads_only_when_needed(book_html, book_url, watch, pages):
    """Bootstrap's script is not part of the page's load (page weight): the header's download
    menu still opens on the first click, and its buttons' hover hints still show."""
    page = watch.goto(f"{book_url}/{pages[0]}")
    loaded = page.evaluate("() => performance.getEntriesByType('resource').some(r => r.name.includes('bootstrap.js'))")
    assert not loaded and not page.evaluate("() => !!window.bootstrap")
    button = page.locator('button[data-bs-toggle="dropdown"][aria-label="Download this page"]')
    button.click()
    page.wait_for_function("() => document.querySelector('button[aria-label=\"Download this page\"]').getAttribute('aria-expanded') === 'true'")
    assert page.locator(".dropdown-menu.show a").first.is_visible()
    page.keyboard.press("Escape")
    hint = page.locator('[data-bs-toggle="tooltip"]').first
    hint.hover()
    page.wait_for_selector(".tooltip.show", timeout=5000)
    assert not watch.errors and not watch.failed and not watch.blocked, (watch.errors, watch.failed, watch.blocked)


def test_a_chart_that_fails_does_not_hold_back_the_others(book_html, book_url, watch, pages):
    """The charts below the window replace their static images together, once each of them is
    drawn or has failed (rustbelt.js, the gate): with the last chart's spec broken, that chart
    keeps its static image and says why, and every other chart is drawn and interactive."""
    rel = max(pages, key=lambda r: (book_html / r).read_text(encoding="utf-8").count('class="rb-figure"'))
    spec_ids = re.findall(r'<script type="application/json" id="([^"]+-spec)">', (book_html / rel).read_text(encoding="utf-8"))
    assert len(spec_ids) >= 3, rel
    broken = spec_ids[-1]

    def serve_broken(route):
        response = route.fetch()
        html = response.text().replace(f'id="{broken}">', f'id="{broken}">{{"not json', 1)
        route.fulfill(response=response, body=html)

    watch.page.route(f"{book_url}/{rel}", serve_broken)
    page = watch.goto(f"{book_url}/{rel}")
    charts = page.evaluate("""() => [...document.querySelectorAll('.rb-vega')].map(el => ({spec: el.dataset.specId,
        rendered: !!el.dataset.rendered, error: el.dataset.error || '', static: !!el.querySelector('.rb-static'),
        below: el.getBoundingClientRect().top > window.innerHeight}))""")
    failed = [c for c in charts if c["spec"] == broken]
    assert len(failed) == 1 and failed[0]["error"] and failed[0]["static"] and not failed[0]["rendered"], failed
    assert failed[0]["below"], "the broken chart should be one of those below the window"
    others = [c for c in charts if c["spec"] != broken]
    assert sum(c["below"] for c in others) >= 1, "no other chart below the window waits at the gate"
    assert all(c["rendered"] and not c["error"] and not c["static"] for c in others), others
    assert [e for e in watch.errors if "JSON" not in e] == [], watch.errors


@pytest.mark.parametrize("fails", ["before rustbelt.js runs", "after rustbelt.js has run"])
def test_without_vega_every_chart_keeps_its_image_and_says_why(book_url, watch, pages, fails):
    """Vega is loaded async (the page's other scripts do not wait for it) and rustbelt.js waits
    for it. If its script fails to load, whether that happens before rustbelt.js has run (its
    onerror attribute leaves a flag) or after (rustbelt.js hears the error), every chart keeps
    its static image and says "vega is missing": none is left waiting, and the page has no error.
    Both orders are forced by holding a script's response until the other has happened."""
    rel = pages[0]
    page = watch.page
    held = {}
    page.route("**/vega/vega.min.js*", lambda route: held.__setitem__("vega", route))
    if fails == "before rustbelt.js runs":
        page.route("**/rustbelt.js*", lambda route: held.__setitem__("rustbelt", route))
    page.goto(f"{book_url}/{rel}", wait_until="commit")
    if fails == "before rustbelt.js runs":
        deadline = time.monotonic() + 20
        while not ("vega" in held and "rustbelt" in held) and time.monotonic() < deadline:
            page.wait_for_timeout(50)  # lets Playwright hand over the requests as they are made
        assert "vega" in held and "rustbelt" in held, held
        held["vega"].abort()
        page.wait_for_function("() => window.rustbeltVegaFailed === true", timeout=10000)
        assert page.evaluate("() => typeof window.rustbelt") == "undefined"
        held["rustbelt"].continue_()
    else:
        page.wait_for_function("() => typeof window.rustbelt === 'object'", timeout=20000)
        assert "vega" in held
        assert page.evaluate("() => [...document.querySelectorAll('.rb-vega')].some(e => e.dataset.error)") is False
        held["vega"].abort()
    page.wait_for_function(chromium.CHARTS_SETTLED, timeout=15000)
    charts = page.evaluate("""() => [...document.querySelectorAll('.rb-vega')].map(el => ({id: el.id,
        error: el.dataset.error || '', rendered: !!el.dataset.rendered,
        image: [...el.querySelectorAll('.rb-static svg')].some(s => s.getBoundingClientRect().height > 0)}))""")
    assert charts and all(c["error"] == "vega is missing" and not c["rendered"] and c["image"] for c in charts), charts
    assert page.evaluate("() => window.rustbeltChartsPending") == 0
    # the browser's own report of the aborted request, and nothing else
    assert [e for e in watch.errors if "Failed to load resource" not in e] == [], watch.errors
    assert len(watch.failed) == 1 and "vega.min.js" in watch.failed[0], watch.failed
