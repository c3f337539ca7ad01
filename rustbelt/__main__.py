"""Command line: ``python -m rustbelt`` (or the ``rustbelt`` script).

    python -m rustbelt scenarios check scenarios/seminar-example.yml
    python -m rustbelt scenarios run scenarios/seminar-example.yml --out reports/ [--force] [--jobs N] [--timeout S] [--lang zh]
    python -m rustbelt parameters [CHAPTER]
"""
from __future__ import annotations

import argparse
import os
import sys
import time


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m rustbelt", description="China's Rustbelt: the book's tools.")
    sub = parser.add_subparsers(dest="command", required=True)

    sc = sub.add_parser("scenarios", help="run a file of named scenarios (one per student group)")
    scsub = sc.add_subparsers(dest="action", required=True)
    check = scsub.add_parser("check", help="validate a scenario file without running anything")
    check.add_argument("file")
    run = scsub.add_parser("run", help="validate, then run every scenario and write reports and a comparison")
    run.add_argument("file")
    run.add_argument("--out", default="reports", help="folder for the reports (default: reports/)")
    run.add_argument("--force", action="store_true", help="overwrite reports that already exist")
    run.add_argument("--jobs", type=int, default=None,
                     help=f"scenarios run at once (default: the number of cores, here {os.cpu_count()})")
    run.add_argument("--timeout", type=int, default=600, help="seconds any one cell may run (default: 600)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument("--lang", default="en", help="language the chapters run in: en (default) or zh (charts in Chinese)")

    params = sub.add_parser("parameters", help="print every chapter parameter: default, allowed values, meaning")
    params.add_argument("chapter", nargs="?")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "parameters":
        import pandas as pd

        from .parameters import CHAPTERS, table

        if args.chapter and args.chapter not in CHAPTERS:
            print(f"unknown chapter {args.chapter!r}; chapters: {sorted(CHAPTERS)}", file=sys.stderr)
            return 2
        with pd.option_context("display.max_colwidth", 60, "display.width", 200):
            print(table(args.chapter).drop(columns=["source"]).to_string(index=False))
        return 0

    from . import scenarios

    try:
        sf = scenarios.load(args.file)
    except scenarios.ScenarioFileError as err:
        print(f"error: {err}\nNothing was run.", file=sys.stderr)
        return 2
    if args.action == "check":
        print(scenarios.describe(sf))
        return 0
    from .parameters import ParameterError, validate_book

    try:
        validate_book(lang=args.lang)
    except ParameterError as err:
        print(f"error: {err}\nNothing was run.", file=sys.stderr)
        return 2
    if args.jobs is not None and args.jobs < 1:
        print("error: --jobs must be at least 1", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    try:
        results = scenarios.run(sf, args.out, force=args.force, jobs=args.jobs, timeout=args.timeout,
                                progress=not args.quiet, lang=args.lang)
    except FileExistsError as err:
        print(f"error: {err}\nNothing was run.", file=sys.stderr)
        return 2
    failed = [r for r in results if not r.ok]
    print(f"{len(results) - len(failed)} of {len(results)} scenario(s) ran in {time.perf_counter() - t0:.1f} s; "
          f"reports in {args.out}/ (comparison: {os.path.join(args.out, 'comparison.html')})")
    for r in failed:
        print(f"  FAILED {r.name}: {r.error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
