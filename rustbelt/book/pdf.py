"""Print the whole book to one PDF: the single-page build, rendered by Debian's Chromium.

    python -m rustbelt.book.pdf                    # full edition -> _build/pdf/chinas-rustbelt.pdf
    python -m rustbelt.book.pdf --edition student  # -> _build/pdf/chinas-rustbelt-student.pdf
    python -m rustbelt.book.pdf --lang zh          # the Chinese edition -> _build/pdf/chinas-rustbelt-zh.pdf

Builds the edition with the ``printhtml`` builder (strictly, see rustbelt.book.build), opens
it from disk with every network request blocked, waits until every chart has rendered
(SVG, by the book's own Vega), MathJax has typeset the maths and the fonts (Noto
CJK for Chinese) have loaded, then prints with the page's print CSS: chart controls and
live-explorer notes are replaced by a short note. Any chart error, page error or request
that leaves the build folder fails the print.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from rustbelt import ROOT
from rustbelt.book import browser as chromium
from rustbelt.book.build import build, output_dir

PDF_NAMES = {"full": "chinas-rustbelt.pdf", "student": "chinas-rustbelt-student.pdf"}
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555;">'
          "China's Rustbelt · <span class=\"pageNumber\"></span> / <span class=\"totalPages\"></span></div>")


def pdf_path(edition: str, lang: str = "en") -> Path:
    name = PDF_NAMES[edition]
    return ROOT / "_build" / "pdf" / (name if lang == "en" else name.replace(".pdf", f"-{lang}.pdf"))


def print_pdf(html_dir: Path, out: Path, timeout_ms: int = 120_000) -> dict:
    from playwright.sync_api import sync_playwright

    # index.html only redirects to the root page, which holds the whole book
    index = (html_dir / "intro.html").resolve()
    problems: list[str] = []
    with sync_playwright() as p:
        browser = chromium.launch(p)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1400})

            chromium.keep_inside(page, ("file:",), lambda url: problems.append(f"blocked request to {url}"))
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            # the theme links the search index on every page; the single-page builder writes none
            page.on("requestfailed", lambda r: None if r.url.endswith("/searchindex.js")
                    else problems.append(f"failed request: {r.url} ({r.failure})"))
            page.goto(index.as_uri(), wait_until="load", timeout=timeout_ms)
            ids = page.eval_on_selector_all(".rb-vega", "els => els.map(e => e.id)")
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                problems.append(f"chart ids used twice in the single-page book (figure names must be unique): {dupes}")
            chromium.wait_for_charts(page, timeout_ms)
            errors = page.eval_on_selector_all(".rb-vega[data-error]", "els => els.map(e => e.id + ': ' + e.dataset.error)")
            problems += [f"chart did not render: {e}" for e in errors]
            page.wait_for_function(
                "() => !document.querySelector('.math') || (window.MathJax && MathJax.startup && MathJax.startup.promise)",
                timeout=timeout_ms)
            page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
            unrendered = page.evaluate("() => [...document.querySelectorAll('.math')].filter(e => !e.querySelector('mjx-container')).length")
            if unrendered:
                problems.append(f"{unrendered} maths block(s) not typeset by MathJax")
            page.evaluate("() => document.fonts.ready")
            if problems:
                raise SystemExit("cannot print the book:\n  " + "\n  ".join(problems))
            out.parent.mkdir(parents=True, exist_ok=True)
            page.emulate_media(media="print")
            page.pdf(path=str(out), format="A4", print_background=True, display_header_footer=True,
                     header_template="<span></span>", footer_template=FOOTER,
                     margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})
            return {"charts": len(ids)}
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edition", choices=sorted(PDF_NAMES), default="full")
    parser.add_argument("--no-build", action="store_true", help="print the existing single-page build")
    parser.add_argument("--lang", choices=["en", "zh"], default="en", help="zh: the Chinese edition")
    args = parser.parse_args()
    t0 = time.perf_counter()
    html_dir = (output_dir(args.edition, "printhtml", args.lang) if args.no_build
                else build(args.edition, "printhtml", args.lang))
    out = pdf_path(args.edition, args.lang)
    info = print_pdf(html_dir, out)
    print(f"PDF: {out.relative_to(ROOT)} ({out.stat().st_size / 1e6:.1f} MB, {info['charts']} charts) "
          f"in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
