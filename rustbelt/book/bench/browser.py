"""Browser figures for `make bench` (section "browser"): what a reader waits for.

For every chapter page of the built book, in headless Chromium (Debian's package, driven
by Playwright) against a local server that gzips text as a static host does:

* charts: milliseconds from the start of navigation until every chart on the page has
  rendered (rustbelt.js marks each one with performance.mark), median of several loads
  with a cold browser cache, and once more from the cache;
* controls: for every static control (select, radio, range in a chart's .vega-bindings),
  every other value in turn: milliseconds from the input event until the chart's view
  has re-run and the next frame can show it, and a check that the SVG really changed;
* bytes: everything the page transfers (HTML, scripts, styles, fonts), gzip-compressed
  as served, until the network is idle.

Targets on this machine (issue 6): charts within 1.5 s, a control within 100 ms, a
chapter page under 1 MB transferred. These are measurements, not tests.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import mimetypes
import statistics
import sys
import threading
from pathlib import Path

from rustbelt import ROOT
from rustbelt.book import browser as chromium

HTML = ROOT / "_build" / "html"
COLD_LOADS = 5
GZIP_LEVEL = 6  # what nginx/Apache-style static hosts commonly use
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text types gzip-compressed when the browser accepts it."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if (path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")
                and ctype.startswith(COMPRESSIBLE)):
            body = gzip.compress(path.read_bytes(), GZIP_LEVEL)
            self.send_response(200)
            self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
            self.end_headers()
            self.wfile.write(body)
        else:
            super().do_GET()


def _serve(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


WAIT_CHARTS = chromium.CHARTS_SETTLED
RENDERED_MS = """() => {
    const marks = performance.getEntriesByType('mark').filter(m => m.name.startsWith('rustbelt:rendered:'));
    const errors = [...document.querySelectorAll('.rb-vega[data-error]')].map(e => e.id);
    return {charts: document.querySelectorAll('.rb-vega').length, rendered: marks.length, errors,
            last_ms: marks.length ? Math.max(...marks.map(m => m.startTime)) : 0};
}"""
CONTROLS = """() => [...document.querySelectorAll('.rb-vega')].flatMap(el =>
    [...el.querySelectorAll('.vega-bindings input, .vega-bindings select')].map((input, index) => {
        let values;
        if (input.tagName === 'SELECT') values = [...input.options].map(o => o.value);
        else if (input.type === 'radio') values = [input.value];
        else if (input.type === 'range') values = [input.min, input.max, String((+input.min + +input.max) / 2)];
        else values = [];
        return {id: el.id, index, kind: input.tagName === 'SELECT' ? 'select' : input.type, values};
    }))"""
UPDATE = """async ({id, index, value}) => {
    const el = document.getElementById(id);
    const input = el.querySelectorAll('.vega-bindings input, .vega-bindings select')[index];
    const view = window.rustbeltViews[id];
    const svg = el.querySelector('svg');
    if (input.type === 'radio' ? input.checked : String(input.value) === String(value)) return null;
    const before = svg.innerHTML;
    const t0 = performance.now();
    if (input.type === 'radio') { input.checked = true; input.dispatchEvent(new Event('change', {bubbles: true})); }
    else if (input.type === 'range') { input.value = value; input.dispatchEvent(new Event('input', {bubbles: true})); }
    else { input.value = value; input.dispatchEvent(new Event('change', {bubbles: true})); }
    await view.runAsync();
    const run = performance.now() - t0;
    await new Promise(resolve => requestAnimationFrame(() => resolve()));
    const frame = performance.now() - t0;
    return {run, frame, changed: svg.innerHTML !== before};
}"""


def _load(context, url: str) -> dict:
    page = context.new_page()
    transferred = []
    page.on("requestfinished", lambda r: transferred.append(r))
    page.goto(url, wait_until="load")
    page.wait_for_function(WAIT_CHARTS, timeout=30000)
    result = page.evaluate(RENDERED_MS)
    # late requests (fonts, MathJax components): wait until none has finished for 0.5 s
    seen = -1
    for _ in range(40):
        if len(transferred) == seen:
            break
        seen = len(transferred)
        page.wait_for_timeout(500)
    result["bytes"] = 0
    result["raw_bytes"] = 0
    for r in transferred:
        sizes = r.sizes()
        result["bytes"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        if r.url.startswith("http"):
            resp = r.response()
            result["raw_bytes"] += len(resp.body()) if resp else 0
    result["requests"] = len(transferred)
    result["page"] = page
    return result


def _controls(page) -> list[dict]:
    timings = []
    for control in page.evaluate(CONTROLS):
        values = control["values"]
        if control["kind"] == "select":  # every other option, then back to the first
            values = values[1:] + values[:1]
        for value in values:
            t = page.evaluate(UPDATE, {"id": control["id"], "index": control["index"], "value": value})
            if t is not None:
                timings.append({**t, "control": f"{control['id']} {control['kind']} -> {value}"})
    return timings


def bench_browser():
    try:
        chromium.require_chromium()
    except chromium.ChromiumMissing as e:
        return [("browser", f"skipped: {e}")]
    from playwright.sync_api import sync_playwright

    pages = sorted((HTML / "chapters").glob("*.html"))
    if not pages:
        return [("browser", "no chapter pages: run `make book` first")]
    server = _serve(HTML)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    try:
        with sync_playwright() as p:
            browser = chromium.launch(p)
            warm = browser.new_context()
            _load(warm, f"{base}/intro.html")["page"].close()  # first launch costs, not the page's
            warm.close()
            for html_page in pages:
                url = f"{base}/{html_page.relative_to(HTML).as_posix()}"
                stem = html_page.stem
                cold = []
                for _ in range(COLD_LOADS):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    r = _load(context, url)
                    r["page"].close()
                    context.close()
                    cold.append(r)
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                _load(context, url)["page"].close()
                cached = _load(context, url)
                timings = _controls(cached["page"])
                context.close()
                first = cold[0]
                if first["errors"] or first["rendered"] < first["charts"]:
                    rows.append((f"{stem}: charts", f"NOT ALL RENDERED: {first['rendered']}/{first['charts']} {first['errors']}"))
                render = [r["last_ms"] for r in cold]
                rows.append((f"{stem}: {first['charts']} charts rendered after navigation",
                             f"{statistics.median(render):.0f} ms median of {COLD_LOADS} cold loads "
                             f"(max {max(render):.0f}; from cache {cached['last_ms']:.0f} ms; target <= 1500 ms)"))
                if timings:
                    frame = [t["frame"] for t in timings]
                    run = [t["run"] for t in timings]
                    unchanged = [t["control"] for t in timings if not t["changed"]]
                    rows.append((f"{stem}: control updates its chart ({len(timings)} changes)",
                                 f"{statistics.median(frame):.0f} ms median, {max(frame):.0f} ms max to the next frame "
                                 f"(view re-run {statistics.median(run):.0f}/{max(run):.0f} ms; target <= 100 ms)"
                                 + (f"; NO CHANGE for {unchanged}" if unchanged else "")))
                else:
                    rows.append((f"{stem}: control updates its chart", "no static control on this page"))
                rows.append((f"{stem}: transferred, gzip as served",
                             f"{first['bytes'] / 1e6:.2f} MB in {first['requests']} requests "
                             f"({first['raw_bytes'] / 1e6:.2f} MB uncompressed; target < 1 MB)"))
            browser.close()
    finally:
        server.shutdown()
    return rows


SECTIONS = {"browser": bench_browser}

if __name__ == "__main__":
    for label, value in bench_browser():
        print(f"{label:<60} {value}")
        sys.stdout.flush()
