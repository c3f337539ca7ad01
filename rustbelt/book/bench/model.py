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
    times, cpus = [], []
    for _ in range(REPEATS):
        t, c = time.perf_counter(), time.process_time()
        result = model.scenario(sectors=["steel", "coal"], **params)
        times.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    assert np.shape(result.total_persons) == (N,)
    best, worst = min(times), max(times)
    return [(f"layoff model, {N:,} parameter sets in one call (best of {REPEATS})",
             f"{best:.3f} s wall (worst {worst:.3f} s), {min(cpus):.3f} s CPU; target < 1 s"),
            ("layoff model, parameter sets per second (wall)", f"{N / best:,.0f}"),
            ("load average (1, 5, 15 min) after the model runs", load_average())]


def load_average() -> str:
    """The machine's load average: the benchmarks share it, so their figures say how busy it was."""
    import os

    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


SECTIONS = {"model": bench_model}
