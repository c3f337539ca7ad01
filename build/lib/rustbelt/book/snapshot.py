"""The glued values of every chapter, at its defaults and at one other parameter set.

    python -m rustbelt.book.snapshot            # rewrite tests/snapshots/glued.json
    python -m rustbelt.book.snapshot --check    # compare, print what moved, exit 1 if anything did

A refactoring must not move a number a reader sees; ``tests/test_snapshot.py`` runs the
chapters and compares with this file. A change that moves numbers on purpose rewrites
the file in the same commit, and its message says which values moved (``--check`` lists
them).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from rustbelt import ROOT

SNAPSHOT = ROOT / "tests" / "snapshots" / "glued.json"

#: one non-default run per chapter, chosen to move most of its numbers
RUNS: dict[str, list[dict[str, Any]]] = {
    "challenges": [{}, {"provinces": ["Liaoning"], "gdp_vintage": "old"}],
    "transitional_pain": [{}, {"cut_share": 0.2, "cut_basis": "capacity", "phase_years": 5}],
    "feasibility": [{}, {"scenario": "old_policies", "reemployment_rate": 0.25, "n_draws": 500}],
    "ten_years_on": [{}, {"provinces": ["Jilin", "Heilongjiang"]}],
}


def run_key(chapter: str, params: dict[str, Any]) -> str:
    return f"{chapter} {json.dumps(params, sort_keys=True)}"


def _plain(value: Any) -> Any:
    """JSON-safe: NaN becomes the string 'nan'; tuples lists."""
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _run(job: tuple[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    from rustbelt.run import execute_chapter, glued

    chapter, params = job
    nb = execute_chapter(chapter, params, timeout=600)
    return run_key(chapter, params), {k: _plain(v) for k, v in sorted(glued(nb).items())}


def collect(jobs: int = 2) -> dict[str, dict[str, Any]]:
    work = [(chapter, params) for chapter, runs in RUNS.items() for params in runs]
    with ProcessPoolExecutor(jobs) as pool:
        return dict(pool.map(_run, work))


def differences(old: Any, new: Any, where: str = "", rel: float = 1e-9) -> list[str]:
    """Every place where ``new`` differs from ``old`` (numbers within ``rel`` count as equal)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = [f"{where}{k}: removed" for k in old.keys() - new.keys()]
        out += [f"{where}{k}: added = {new[k]!r}" for k in new.keys() - old.keys()]
        for k in sorted(old.keys() & new.keys()):
            out += differences(old[k], new[k], f"{where}{k} ", rel)
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [d for a, b in zip(old, new) for d in differences(a, b, where, rel)][:1]
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (old, new))
    if numbers and math.isclose(old, new, rel_tol=rel, abs_tol=1e-12):
        return []
    return [] if old == new else [f"{where.strip()}: {old!r} -> {new!r}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the file instead of rewriting it")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    values = collect(args.jobs)
    if args.check:
        moved = differences(json.loads(SNAPSHOT.read_text(encoding="utf-8")), values)
        print("\n".join(moved) if moved else "no glued value moved")
        return 1 if moved else 0
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(json.dumps(values, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT.relative_to(ROOT)}: {sum(len(v) for v in values.values())} values in {len(values)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
