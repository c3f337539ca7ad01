"""Benchmark sections for the seminar kit and reader services (run by python -m rustbelt.book.bench).

    python -m rustbelt.book.bench scenarios editions

scenarios: the scenario runner on the shipped example file (2 workers), wall time.
editions: student edition build, PDF (single-page build + print), offline archive: time and size.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

from rustbelt import ROOT

PY = str(ROOT / ".venv" / "bin" / "python")


def _timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def bench_scenarios():
    rows = []
    for path in sorted((ROOT / "scenarios").glob("*.yml")):
        out = Path(tempfile.mkdtemp(prefix="bench-reports-"))
        try:
            seconds = _timed([PY, "-m", "rustbelt", "scenarios", "run", str(path), "--out", str(out), "--quiet",
                              "--jobs", str(min(2, os.cpu_count() or 1))])
            n = len(list(out.glob("*.ipynb")))
            size = sum(p.stat().st_size for p in out.glob("*.html"))
        finally:
            shutil.rmtree(out, ignore_errors=True)
        rows.append((f"scenario runner, {path.name} ({n} scenarios, 2 workers)",
                     f"{seconds:.1f} s, reports {size / 1e6:.1f} MB HTML"))
    return rows


def bench_editions():
    rows = [("student edition build (make book-student)", f"{_timed(['make', 'book-student']):.1f} s")]
    seconds = _timed(["make", "pdf"])
    pdf = ROOT / "_build" / "pdf" / "chinas-rustbelt.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout if shutil.which("pdfinfo") else ""
    pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")
    rows.append(("PDF (make pdf: single-page build + Chromium print)",
                 f"{seconds:.1f} s, {pages} pages, {pdf.stat().st_size / 1e6:.1f} MB"))
    seconds = _timed([PY, "-m", "rustbelt.book.dist", "--edition", "full"])
    archive = ROOT / "_build" / "dist" / "chinas-rustbelt-offline.zip"
    with zipfile.ZipFile(archive) as z:
        n = len(z.namelist())
    rows.append(("offline archive (make_dist.py after book + pdf)",
                 f"{seconds:.1f} s, {archive.stat().st_size / 1e6:.1f} MB, {n} files"))
    return rows


SECTIONS = {"scenarios": bench_scenarios, "editions": bench_editions}
