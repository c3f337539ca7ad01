"""Headless Chromium for the book: one set of launch settings and one chart wait.

The tests, the PDF printer (``rustbelt.book.pdf``) and the browser benchmark
(``rustbelt.book.bench.browser``) all drive Debian's Chromium through Playwright with
these settings. Never ``playwright install``: it downloads a browser of its own.
"""
from __future__ import annotations

import os

CHROMIUM = "/usr/bin/chromium"
#: as root in a sandbox with a closed network: no sandbox, no GPU, and none of the
#: background connections Chromium would otherwise try (and have refused) at start
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                 "--disable-component-update", "--disable-sync", "--disable-quic")
INSTALL_HINT = "install Debian's chromium (apt-get install -y chromium); never 'playwright install'"

#: true once every chart on the page has rendered or reported an error (rustbelt.js sets the flags)
CHARTS_SETTLED = "() => [...document.querySelectorAll('.rb-vega')].every(e => e.dataset.rendered || e.dataset.error)"
#: one row per chart: id, rendered, error text, number of SVG roots inside
CHART_STATES = ("els => els.map(e => [e.id, !!e.dataset.rendered, e.dataset.error || '', "
                "e.querySelectorAll('svg').length])")


class ChromiumMissing(RuntimeError):
    pass


def require_chromium() -> str:
    if not os.path.exists(CHROMIUM):
        raise ChromiumMissing(f"{CHROMIUM} is missing: {INSTALL_HINT}")
    return CHROMIUM


def launch(playwright, **kwargs):
    """A headless Chromium browser from a running ``sync_playwright()``."""
    return playwright.chromium.launch(executable_path=require_chromium(), args=list(CHROMIUM_ARGS), **kwargs)


def keep_inside(page, prefixes: tuple[str, ...], on_blocked) -> None:
    """Let ``page`` load only URLs starting with one of ``prefixes`` (and ``data:``);
    abort every other request and report its URL to ``on_blocked``: the book must load
    nothing from outside itself."""
    allowed = (*prefixes, "data:")

    def route(r):
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            on_blocked(r.request.url)
            r.abort()

    page.route("**/*", route)


def wait_for_charts(page, timeout_ms: float = 15_000) -> None:
    page.wait_for_function(CHARTS_SETTLED, timeout=timeout_ms)


def chart_states(page) -> list[list]:
    return page.eval_on_selector_all(".rb-vega", CHART_STATES)


def open_settled(page, url: str, timeout_ms: float = 30_000) -> None:
    """Open ``url``, wait for every chart, then for the network to go quiet.

    Leaving a page while a late request (a favicon, a MathJax font) is still in flight
    aborts that request (``net::ERR_ABORTED``), which a watcher would report as a failure
    of the page; waiting for network idle before the next navigation removes that race.
    """
    page.goto(url, wait_until="load", timeout=timeout_ms)
    wait_for_charts(page, timeout_ms)
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
