"""Benchmark section for `make bench`: Chapter 3's Monte Carlo."""
from __future__ import annotations

import time


def bench_monte_carlo():
    from rustbelt import outlook
    from rustbelt.parameters import validate

    rows = []
    for scenario in ("reform", "old_policies"):
        p = validate("feasibility", scenario=scenario, horizon_years=30)
        outlook.monte_carlo(p, n_draws=1000)  # warm-up: load the data, compile nothing
        best = min(_time(lambda p=p: outlook.monte_carlo(p, n_draws=100_000)) for _ in range(3))
        rows.append((f"Monte Carlo, 100,000 draws x 30 years ({scenario})", f"{best:.2f} s (best of 3)"))
    return rows


def _time(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


SECTIONS = {"outlook": bench_monte_carlo}
