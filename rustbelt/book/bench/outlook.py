"""Benchmark section for `make bench`: Chapter 3's Monte Carlo."""
from __future__ import annotations

import time


def bench_monte_carlo():
    from rustbelt import outlook
    from rustbelt.parameters import validate

    from .model import load_average

    rows = []
    for scenario in ("reform", "old_policies"):
        p = validate("feasibility", scenario=scenario, horizon_years=30)
        outlook.monte_carlo(p, n_draws=1000)  # warm-up: load the data, compile nothing
        runs = [_time(lambda p=p: outlook.monte_carlo(p, n_draws=100_000)) for _ in range(3)]
        wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
        rows.append((f"Monte Carlo, 100,000 draws x 30 years ({scenario})",
                     f"{wall:.2f} s wall, {cpu:.2f} s CPU (best of 3; target < 1 s)"))
    rows.append(("load average (1, 5, 15 min) after the Monte Carlo", load_average()))
    return rows


def _time(fn) -> tuple[float, float]:
    """(wall, CPU) seconds of one call; CPU counts every thread of the process."""
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


SECTIONS = {"outlook": bench_monte_carlo}
