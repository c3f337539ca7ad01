"""Performance figures for the book, printed as a table (numbers, not timed tests).

    make bench            # everything
    python -m rustbelt.book.bench build grid weight    # a subset

Sections: build (cold and unchanged rebuild), grid (papermill serial vs parallel),
weight (per chapter page: HTML + scripts + styles, raw and gzip). Modules
rustbelt/book/bench/<topic>.py add their own sections.
"""
from __future__ import annotations

import gzip
import importlib
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

from rustbelt import ROOT

HTML = ROOT / "_build" / "html"

GRID = {
    "challenges": [{}, {"provinces": ["Liaoning"]}, {"gdp_vintage": "old"},
                   {"gdp_vintage": "v4", "start_year": 2000, "end_year": 2010}],
}


def _build(env_extra=None):
    env = {**os.environ, "RUSTBELT_CHART_OUTPUT": "book", "RUSTBELT_LIVE_WIDGETS": "off", **(env_extra or {})}
    subprocess.run([sys.executable, "-m", "rustbelt.book.cache_guard"], check=True, cwd=ROOT)
    t = time.perf_counter()
    subprocess.run([str(ROOT / ".venv/bin/jupyter-book"), "build", "-W", "-n", "--keep-going", "."],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def bench_build():
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    cold = _build()
    warm = _build()
    return [("cold build (clean, executing all)", f"{cold:.1f} s"),
            ("unchanged rebuild", f"{warm:.1f} s ({warm / cold:.0%} of cold; target <= 20%)")]


def _run_one(args):
    chapter, params = args
    from rustbelt.run import execute_chapter

    execute_chapter(chapter, params, timeout=300)


def bench_grid():
    jobs = [(ch, p) for ch, grid in GRID.items() for p in grid]
    t = time.perf_counter()
    for j in jobs:
        _run_one(j)
    serial = time.perf_counter() - t
    t = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_run_one, jobs))
    parallel = time.perf_counter() - t
    return [(f"papermill grid, {len(jobs)} runs, serial", f"{serial:.1f} s"),
            (f"papermill grid, {len(jobs)} runs, 2 workers", f"{parallel:.1f} s ({serial / parallel:.2f}x)")]


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.urls.append(a["href"])


def page_weight(page: Path) -> tuple[int, int]:
    """Bytes of a page with the scripts and styles it loads: (raw, gzip -9)."""
    parser = _Assets()
    text = page.read_bytes()
    parser.feed(text.decode("utf-8"))
    files = [page] + [(page.parent / u.split("?")[0]).resolve() for u in parser.urls if not re.match(r"^(https?:)?//", u)]
    raw = sum(f.stat().st_size for f in files if f.exists())
    gz = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files if f.exists())
    return raw, gz


def bench_weight():
    rows = []
    if not (HTML / "index.html").exists():
        _build()
    for page in sorted((HTML / "chapters").glob("*.html")):
        raw, gz = page_weight(page)
        rows.append((f"page weight {page.stem} (HTML + scripts + styles)",
                     f"{raw / 1e6:.2f} MB raw, {gz / 1e6:.2f} MB gzip (target < 1 MB gzip)"))
    return rows


SECTIONS = {"build": bench_build, "grid": bench_grid, "weight": bench_weight}

# Sections contributed by other concerns (a chapter's model, the browser suite):
# every module of this package exposing a SECTIONS dict of name -> function.
for _mod in sorted(Path(__file__).parent.glob("*.py")):
    if not _mod.stem.startswith("_"):
        SECTIONS.update(importlib.import_module(f"rustbelt.book.bench.{_mod.stem}").SECTIONS)


def main(argv: list[str]) -> None:
    chosen = argv or list(SECTIONS)
    unknown = [c for c in chosen if c not in SECTIONS]
    if unknown:
        sys.exit(f"unknown section(s) {unknown}; sections: {list(SECTIONS)}")
    print(f"{'measure':<60} value")
    for name in chosen:
        for label, value in SECTIONS[name]():
            print(f"{label:<60} {value}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
