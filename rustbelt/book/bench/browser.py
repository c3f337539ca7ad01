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
chapter page under 1 MB transferred.

Section "slow4g" (issue 14): the same pages as a reader on a slow phone connection sees
them — Chromium's emulation of 1.6 Mbit/s down, 150 ms round trip, CPU slowed 4× — median
of 5 cold loads, without scrolling: when the first chart is visible (the first frame in
which a chart's SVG has a size: the build-time SVG, or before it the rendered one),
when every chart is interactive (rustbelt.js marks each), the bytes transferred until
the network is idle (gzip as served) and the cumulative layout shift until every chart
is interactive, at 1280×900 and again at a 375 px phone (mobile emulation, CLS and
every chart interactive). ``BENCH_LOADS`` changes the number of loads. The same figures are measured for a baseline build of an earlier commit
(``BENCH_BASELINE``, default ``HEAD^``; ``BENCH_BASELINE=none`` skips it), built from
``git archive`` into ``_build/.bench-baseline/<commit>`` (kept for the next run), and
printed beside today's as ratios (new / baseline); the two are loaded in turn, page by page.
These are measurements, not tests.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import mimetypes
import os
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


# ---------------------------------------------------------------------------------------
# Slow 4G (issue 14)
# ---------------------------------------------------------------------------------------
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 0.75e6 / 8}
CPU_SLOWDOWN = 4
SLOW_VIEWPORT = {"width": 1280, "height": 900}
OBSERVE = """(() => {
  const rb = window.__rbBench = {firstChart: null, cls: 0, shifts: 0};
  try {
    new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) { rb.cls += e.value; rb.shifts += 1; } })
      .observe({type: 'layout-shift', buffered: true});
  } catch (e) {}
  const poll = () => {
    const svg = document.querySelector('.rb-vega svg');
    if (svg && svg.getBoundingClientRect().height > 0) { rb.firstChart = performance.now(); return; }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();"""
SLOW_RESULT = """() => {
  const marks = performance.getEntriesByType('mark').filter(m => m.name.startsWith('rustbelt:rendered:'));
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {charts: document.querySelectorAll('.rb-vega').length, rendered: marks.length,
          first_chart_ms: window.__rbBench.firstChart, interactive_ms: marks.length ? Math.max(...marks.map(m => m.startTime)) : null,
          cls: window.__rbBench.cls, fcp_ms: fcp ? fcp.startTime : null};
}"""


#: a phone (issue 14: layout shift at 375 px too), with the same slow network and CPU
PHONE_VIEWPORT = {"width": 375, "height": 812}


def _slow_load(browser, url: str, viewport: dict = SLOW_VIEWPORT) -> dict:
    phone = viewport["width"] < 600
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone,
                                  device_scale_factor=2 if phone else 1)
    page = context.new_page()
    page.add_init_script(OBSERVE)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    transferred = []
    page.on("requestfinished", lambda r: transferred.append(r))
    try:
        page.goto(url, wait_until="load", timeout=120000)
        page.wait_for_function(WAIT_CHARTS, timeout=120000)
        page.wait_for_load_state("networkidle", timeout=120000)
        page.wait_for_timeout(300)  # a shift right after the last chart still counts
        result = page.evaluate(SLOW_RESULT)
        result["bytes"] = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in transferred)
        result["requests"] = len(transferred)
    finally:
        context.close()
    return result


def _slow_pages(browser, html: Path, loads: int = COLD_LOADS, baseline: Path | None = None) -> tuple[dict, dict]:
    """Medians per chapter page of ``html`` (and of ``baseline``'s, if given). With a baseline the
    loads alternate, page by page (today's, the baseline's, today's...): on a shared machine a
    change of load then falls on both alike instead of on whichever was measured second."""
    roots = [html] + ([baseline] if baseline else [])
    servers = [_serve(root) for root in roots]
    bases = [f"http://127.0.0.1:{server.server_address[1]}" for server in servers]
    out = [{} for _ in roots]

    def median(runs, key):
        values = [r[key] for r in runs if r[key] is not None]
        return statistics.median(values) if values else None

    try:
        for html_page in sorted((html / "chapters").glob("*.html")):
            rel = html_page.relative_to(html).as_posix()
            present = [i for i, root in enumerate(roots) if (root / rel).exists()]
            runs = {i: [] for i in present}
            phone = {i: [] for i in present}
            for _ in range(loads):
                for i in present:
                    runs[i].append(_slow_load(browser, f"{bases[i]}/{rel}"))
            for _ in range(loads):
                for i in present:
                    phone[i].append(_slow_load(browser, f"{bases[i]}/{rel}", PHONE_VIEWPORT))
            for i in present:
                r, ph = runs[i], phone[i]
                out[i][html_page.stem] = {"charts": r[0]["charts"], "rendered": min(x["rendered"] for x in r + ph),
                                          "first_chart_ms": median(r, "first_chart_ms"),
                                          "interactive_ms": median(r, "interactive_ms"),
                                          "bytes": median(r, "bytes"), "cls": median(r, "cls"), "fcp_ms": median(r, "fcp_ms"),
                                          "requests": r[0]["requests"], "phone_cls": median(ph, "cls"),
                                          "phone_interactive_ms": median(ph, "interactive_ms")}
    finally:
        for server in servers:
            server.shutdown()
    return out[0], (out[1] if baseline else {})


def baseline_html(ref: str) -> Path | None:
    """The web book built from commit ``ref`` (git archive into _build/.bench-baseline/<sha>)."""
    import io
    import shutil
    import subprocess
    import tarfile

    sha = subprocess.run(["git", "rev-parse", "--short", ref], cwd=ROOT, capture_output=True, text=True)
    if sha.returncode != 0:
        return None
    sha = sha.stdout.strip()
    tree = ROOT / "_build" / ".bench-baseline" / sha
    html = tree / "_build" / "html"
    if (html / "index.html").exists():
        return html
    if tree.exists():
        shutil.rmtree(tree)
    tree.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "--format=tar", sha], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    if (tree / "package-lock.json").read_bytes() == (ROOT / "package-lock.json").read_bytes():
        (tree / "node_modules").symlink_to(ROOT / "node_modules")
    else:  # the baseline vendored other packages (e.g. vega-embed): its own install
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=tree,
                       check=True, capture_output=True)
    py = str(ROOT / ".venv" / "bin" / "python")
    env = {**os.environ, "PYTHONPATH": str(tree), "RUSTBELT_CHART_OUTPUT": "book", "RUSTBELT_LIVE_WIDGETS": "off"}
    vendor = [py, "scripts/vendor_assets.py"] if (tree / "scripts" / "vendor_assets.py").exists() else [py, "-m", "rustbelt.book.vendor"]
    subprocess.run(vendor, cwd=tree, env=env, check=True, capture_output=True)
    proc = subprocess.run([str(ROOT / ".venv" / "bin" / "jupyter-book"), "build", "--keep-going", "."], cwd=tree, env=env,
                          capture_output=True, text=True)
    if not (html / "index.html").exists():
        print(proc.stdout[-2000:], proc.stderr[-2000:], file=sys.stderr)
        return None
    return html


def _ratio(new, old) -> str:
    return f"{new / old:.2f}×" if new is not None and old else "n/a"


def bench_slow4g(loads: int | None = None):
    try:
        chromium.require_chromium()
    except chromium.ChromiumMissing as e:
        return [("slow 4G", f"skipped: {e}")]
    from playwright.sync_api import sync_playwright

    if not sorted((HTML / "chapters").glob("*.html")):
        return [("slow 4G", "no chapter pages: run `make book` first")]
    ref = os.environ.get("BENCH_BASELINE", "HEAD^")
    old_html = None if ref == "none" else baseline_html(ref)
    rows = []
    load_before = os.getloadavg()
    with sync_playwright() as p:
        browser = chromium.launch(p)
        try:
            loads = loads or int(os.environ.get("BENCH_LOADS", COLD_LOADS))
            new, old = _slow_pages(browser, HTML, loads, old_html)
        finally:
            browser.close()
    # the machine may be shared: its load (1, 5, 15 min) says how far the figures can be compared
    rows.append(("slow 4G load average before / after", " / ".join(", ".join(f"{x:.2f}" for x in load)
                                                              for load in (load_before, os.getloadavg()))))
    if ref != "none":
        rows.append(("slow 4G baseline", f"{ref} built in {old_html.parent.parent}" if old_html else f"{ref}: could not build"))
    for stem, r in new.items():
        o = old.get(stem, {})

        def cell(key, fmt, unit, scale=1.0, r=r, o=o):
            v = r[key]
            text = "n/a" if v is None else f"{v * scale:{fmt}}{unit}"
            if o.get(key) is not None:
                text += f" (was {o[key] * scale:{fmt}}{unit}, ratio {_ratio(v, o[key])})"
            return text

        if r["rendered"] < r["charts"]:
            rows.append((f"{stem}: slow 4G", f"NOT ALL CHARTS INTERACTIVE: {r['rendered']}/{r['charts']}"))
        rows.append((f"{stem}: slow 4G first chart visible", cell("first_chart_ms", ".0f", " ms") + " (target <= 1500 ms)"))
        rows.append((f"{stem}: slow 4G all {r['charts']} charts interactive", cell("interactive_ms", ".0f", " ms") + " (target <= 3500 ms)"))
        rows.append((f"{stem}: slow 4G transferred until idle", cell("bytes", ".3f", " MB", 1e-6) + " (target <= 0.35 MB)"))
        rows.append((f"{stem}: slow 4G layout shift (CLS)", cell("cls", ".3f", "") + " (target < 0.05)"))
        rows.append((f"{stem}: slow 4G at 375 px, layout shift (CLS)", cell("phone_cls", ".3f", "") + " (target < 0.05)"))
        rows.append((f"{stem}: slow 4G at 375 px, all charts interactive", cell("phone_interactive_ms", ".0f", " ms")))
    return rows


SECTIONS = {"browser": bench_browser, "slow4g": bench_slow4g}

if __name__ == "__main__":
    chosen = sys.argv[1:] or list(SECTIONS)
    for name in chosen:
        for label, value in SECTIONS[name]():
            print(f"{label:<60} {value}")
            sys.stdout.flush()
