"""Chapter 4 ("Ten years on"): how long the chapter takes to execute under papermill, and
how long its package computations take in-process.

    .venv/bin/python -m rustbelt.book.bench tenyears
"""
from __future__ import annotations

import statistics
import time


def bench_tenyears():
    from rustbelt import tenyears
    from rustbelt.run import execute_chapter

    rows = []
    for params in ({}, {"provinces": ["Liaoning"]}):
        t = time.perf_counter()
        execute_chapter("ten_years_on", params, timeout=300)
        label = ", ".join(params.get("provinces", ["all three provinces"]))
        rows.append((f"Chapter 4 executed with papermill ({label})", f"{time.perf_counter() - t:.1f} s"))
    tenyears.glued()  # load the datasets once
    times = []
    for _ in range(5):
        t = time.perf_counter()
        for subset in (["Liaoning", "Jilin", "Heilongjiang"], ["Liaoning"], ["Jilin", "Heilongjiang"]):
            tenyears.glued(subset)
        times.append(time.perf_counter() - t)
    rows.append(("Chapter 4 four glued numbers, 3 province subsets (in-process)",
                 f"{statistics.median(times) * 1000:.0f} ms median of 5"))
    return rows


SECTIONS = {"tenyears": bench_tenyears}
