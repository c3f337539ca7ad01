"""A reader in JupyterLab, for real: `make lab`'s server (Jupytext + the book's contents
manager + jupyterlab-myst) in a temporary copy of the book, Debian's Chromium through
Playwright. Each chapter is opened with "Open With > Notebook", run (Run All) and saved:
no error output, the prose shows the glued numbers, every chart is a live Vega chart that
fits its cell and reads in the light and the dark theme, a control redraws its chart, and
the saved file is byte-identical. One Lab server and one browser serve every chapter."""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from rustbelt.book import browser as chromium
from rustbelt.book.lab_server import LAB_ARGS
from rustbelt.book.notebook_files import chapters

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

#: drives a real JupyterLab in Chromium and runs every chapter: not for `make unit`'s fast loop
pytestmark = pytest.mark.browser
#: what the book's pages and the chapters' roles need, copied: Lab never writes into the repository
COPIED = ("chapters", "appendices", "teaching", "jupytext.toml", "_toc.yml", "references.bib", "intro.md", "scorecard.md")
THEMES = ("JupyterLab Light", "JupyterLab Dark")
#: a raw book role, or an expression jupyterlab-myst has not evaluated, in a rendered cell
RAW = re.compile(r"\{(glue|cite|term|numref|ref|eval)[:a-z]*\}|glue_text\(|glue_block\(")

# WCAG contrast of every text of every chart against the notebook's background, in the page
CONTRAST_JS = """() => {
  const rgb = s => { const m = s.match(/[\\d.]+/g).map(Number); return m; };
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const bgOf = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
                       if (c.length < 4 || c[3] > 0) return c; } return [255, 255, 255]; };
  const out = [];
  document.querySelectorAll('.jp-RenderedVegaCommon5').forEach((chart, i) => {
    const bg = lum(bgOf(chart));
    let worst = 99, worstText = '';
    chart.querySelectorAll('svg text').forEach(t => {
      if (!t.textContent.trim() || getComputedStyle(t).visibility === 'hidden') return;
      const st = getComputedStyle(t); const fill = rgb(st.fill === 'none' ? st.color : st.fill);
      const op = parseFloat(st.opacity) * parseFloat(st.fillOpacity || 1);
      if (op === 0) return;
      const fg = lum(fill); const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < worst) { worst = ratio; worstText = t.textContent; }
    });
    out.push([i, worst, worstText]);
  });
  return out;
}"""

# one chart's drawing against its cell: how far it overflows (px), its width, texts cut at its edge
FIT_JS = """chart => {
  const cell = chart.closest('.jp-OutputArea-output') || chart.parentElement;
  const svg = chart.querySelector('svg'); if (!svg) return ['no svg', 0, 0];
  const c = cell.getBoundingClientRect(), s = svg.getBoundingClientRect();
  const cut = [];
  svg.querySelectorAll('text').forEach(t => { const r = t.getBoundingClientRect();
    if (r.width && (r.left < s.left - 1 || r.right > s.right + 1)) cut.push(t.textContent);
    // a legend label Vega shortened with an ellipsis is cut too
    else if (t.closest('.role-legend-label') && t.textContent.endsWith('\u2026')) cut.push(t.textContent); });
  return [Math.round(s.right - c.right), Math.round(s.width), cut];
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab_server():
    """`make lab`'s server on a free port with a token, in a temporary copy of the book, with
    its settings, workspaces and runtime files in that folder too."""
    tmp = Path(tempfile.mkdtemp(prefix="rustbelt-lab-"))
    root = tmp / "book"
    root.mkdir()
    for name in COPIED:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, root / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "RUSTBELT_"))}
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        (tmp / var.lower()).mkdir()
        env[var] = str(tmp / var.lower())
    port, token = _free_port(), secrets.token_hex(16)
    log = open(tmp / "lab.log", "w")
    proc = subprocess.Popen(
        [str(BIN / "jupyter"), "lab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
         *LAB_ARGS],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + (tmp / "lab.log").read_text()[-3000:])
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}", token, root
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


KERNEL_IDLE = """() => { const w = jupyterapp.shell.currentWidget; const k = w && w.sessionContext && w.sessionContext.session
  && w.sessionContext.session.kernel; return !!k && k.status === 'idle'; }"""
ALL_RUN = """() => { const w = jupyterapp.shell.currentWidget; const k = w.sessionContext.session.kernel;
  return k.status === 'idle' && ![...w.node.querySelectorAll('.jp-InputPrompt')].some(e => e.textContent.includes('*')); }"""


def _open_with_notebook(page, name: str) -> None:
    page.locator(f".jp-DirListing-item[title*='{name}']").first.click(button="right")
    page.locator(".lm-Menu-itemLabel", has_text="Open With").first.hover()
    page.locator(".lm-Menu").last.locator(".lm-Menu-itemLabel", has_text=re.compile("^Notebook$")).click()
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    page.wait_for_function(KERNEL_IDLE, timeout=120_000)


def _glued_texts(path: Path) -> list[str]:
    """What each ``{glue:text}`` of the chapter shows at the default parameters (the book's
    glued values, tests/snapshots/glued.json), formatted as myst-nb formats it."""
    from rustbelt.lab import format_plain_text

    values = json.loads((ROOT / "tests" / "snapshots" / "glued.json").read_text(encoding="utf-8"))[f"{path.stem} {{}}"]
    shown = []
    for content in re.findall(r"\{glue:text\}`([^`]+)`", path.read_text(encoding="utf-8")):
        key, _, spec = content.rpartition(":") if ":" in content else (content, "", "")
        if key in values and isinstance(values[key], (int, float, str)) and not isinstance(values[key], bool):
            text = format_plain_text(repr(values[key]), spec)
            if not re.search(r"[*_`\[\]<>\\]", text):  # Markdown in a glued string renders as such
                shown.append(re.sub(r"\s+", " ", text).strip())
    return shown


def _theme(page, theme: str) -> None:
    page.evaluate("t => jupyterapp.commands.execute('apputils:change-theme', {theme: t})", theme)
    page.wait_for_function("t => document.body.dataset.jpThemeName === t", arg=theme, timeout=30_000)
    page.wait_for_timeout(500)


def test_every_chapter_reads_runs_redraws_and_saves_in_jupyterlab(lab_server):
    # in a thread of its own: another test's Playwright session in the same xdist worker keeps an
    # asyncio loop running in this thread, where Playwright's sync API refuses to start
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        pool.submit(_every_chapter_in_lab, lab_server).result()


def _every_chapter_in_lab(lab_server):
    from playwright.sync_api import sync_playwright

    url, token, root = lab_server
    problems: list[str] = []
    timings: dict[str, float] = {}
    with sync_playwright() as p:
        browser = chromium.launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{url}/lab/tree/chapters?token={token}", timeout=120_000)
        page.wait_for_selector(".jp-DirListing-item", timeout=120_000)
        for path in chapters():
            t0 = time.time()
            name, rel = path.stem, f"chapters/{path.name}"
            before = (root / rel).read_bytes()
            _open_with_notebook(page, path.name)
            _theme(page, THEMES[0])
            page.evaluate("() => jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_timeout(1000)
            page.wait_for_function(ALL_RUN, timeout=300_000)
            page.wait_for_timeout(1500)  # markdown cells' expressions and the charts' last render
            panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").last
            shots = os.environ.get("RUSTBELT_LAB_SHOTS")  # a folder: look at what a reader sees

            errors = panel.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
            problems += [f"{name}: error output: {e[:300]}" for e in errors]

            prose = panel.locator(".jp-MarkdownCell .jp-RenderedMarkdown, .jp-MarkdownCell .myst").all_text_contents()
            text = "\n".join(prose)
            for m in RAW.finditer(text):
                problems.append(f"{name}: raw in the prose: ...{text[max(0, m.start() - 60):m.end() + 60]!r}")
            expression_errors = panel.locator(".jp-MarkdownCell [data-mime-type='application/vnd.jupyter.stderr']").count()
            if expression_errors:
                problems.append(f"{name}: {expression_errors} expressions failed in the prose")
            flat = re.sub(r"\s+", " ", text)
            missing = [shown for shown in _glued_texts(path) if shown not in flat]
            if missing:
                problems.append(f"{name}: {len(missing)} glued values not in the prose, e.g. {missing[:5]}")

            charts = panel.locator(".jp-RenderedVegaCommon5")
            n = charts.count()
            figures = len(re.findall(r"^    name: fig-", path.read_text(encoding="utf-8"), re.M))
            if n < figures:
                problems.append(f"{name}: {n} live charts for {figures} figures")
            if panel.locator(".jp-OutputArea-output img[src^='data:image/svg']").count():
                problems.append(f"{name}: a chart is a static image")
            for theme in THEMES:
                _theme(page, theme)
                for i, worst, sample in page.evaluate(CONTRAST_JS):
                    if worst < 4.5:
                        problems.append(f"{name}, {theme}: chart {i} text {sample!r} has contrast {worst:.2f} < 4.5")
            for viewport in (1280, 860):  # the default layout with the file browser open, and a narrow window
                page.set_viewport_size({"width": viewport, "height": 900})
                page.wait_for_timeout(800)
                for i in range(n):
                    charts.nth(i).scroll_into_view_if_needed()
                    over, width, cut = charts.nth(i).evaluate(FIT_JS)
                    # the chart's box fits the cell at both widths, and every text is inside it
                    if over == "no svg" or over > 0 or cut:
                        problems.append(f"{name} at {viewport} px: chart {i} overflows its cell by {over} px ({width} px wide), texts cut: {cut}")
            page.set_viewport_size({"width": 1280, "height": 900})
            if shots:
                page.screenshot(path=f"{shots}/{name}-dark.png")

            if shots:
                charts.nth(0).scroll_into_view_if_needed()
                page.screenshot(path=f"{shots}/{name}-narrow.png")
            # a control redraws its chart
            control = panel.locator(".jp-RenderedVegaCommon5 .vega-bindings select").first
            chart = control.locator("xpath=ancestor::div[contains(@class, 'jp-RenderedVegaCommon5')]")
            if control.count():
                svg_before = chart.locator("svg").first.inner_html()
                options = control.locator("option").all_inner_texts()
                control.select_option(index=len(options) - 1 if control.input_value() == control.locator("option").first.get_attribute("value") else 0)
                page.wait_for_timeout(500)
                if chart.locator("svg").first.inner_html() == svg_before:
                    problems.append(f"{name}: changing a dropdown did not redraw its chart")
            elif not panel.locator(".jp-RenderedVegaCommon5 .vega-bindings input").count():
                problems.append(f"{name}: no chart has a control")

            page.evaluate("() => jupyterapp.commands.execute('docmanager:save')")
            page.wait_for_function("() => !jupyterapp.shell.currentWidget.context.model.dirty", timeout=30_000)
            if (root / rel).read_bytes() != before:
                problems.append(f"{name}: saving in JupyterLab changed {rel}")
            page.evaluate("() => jupyterapp.shell.currentWidget.sessionContext.shutdown()")
            page.evaluate("() => jupyterapp.commands.execute('application:close-all')")
            page.wait_for_timeout(500)
            timings[name] = round(time.time() - t0, 1)

        browser.close()
    print("JupyterLab, seconds per chapter (open, run all, checks, save):", timings)
    assert not problems, "\n".join(problems)
