"""Benchmark of Chapter 2's layoff model: one million parameter sets in one vectorised call.

    python -m rustbelt.book.bench model

Target: under one second on the 2-core development machine.
"""
from __future__ import annotations

import time

import numpy as np

N = 1_000_000
REPEATS = 5


def _parameter_sets(n: int, seed: int = 2016) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "cut_share": rng.random(n),
        "phase_years": rng.integers(1, 11, n),
        "northeast_share": rng.random(n),
        "workers_per_mt_steel": rng.uniform(0, 8000, n),
        "workers_per_mt_coal": rng.uniform(0, 8000, n),
        "operating_share": rng.random(n),
    }


def bench_model():
    from rustbelt import model

    params = _parameter_sets(N)
    model.scenario()  # load and validate the data once, as a chapter does
    times = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        result = model.scenario(sectors=["steel", "coal"], **params)
        times.append(time.perf_counter() - t)
    assert np.shape(result.total_persons) == (N,)
    best, worst = min(times), max(times)
    return [(f"layoff model, {N:,} parameter sets in one call (best of {REPEATS})",
             f"{best:.3f} s (worst {worst:.3f} s; target < 1 s)"),
            ("layoff model, parameter sets per second", f"{N / best:,.0f}")]


SECTIONS = {"model": bench_model}
