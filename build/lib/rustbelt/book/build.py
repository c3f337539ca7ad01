"""Build an edition of the book with one builder, strictly, into its own folder.

    python -m rustbelt.book.build --edition student              # _build/student/html
    python -m rustbelt.book.build --edition full --builder printhtml   # _build/print/full/printhtml
    python -m rustbelt.book.build --edition student --builder printhtml  # _build/print/student/printhtml

Same settings as `make book` (`jupyter-book build -W -n --keep-going --all`), through
Jupyter Book's own build function, so that each edition and builder gets its own output,
doctrees and (per edition) execution cache, and two builds never share a folder. The
full edition's cache is the one `make book` fills, so printing it re-executes nothing.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from rustbelt import ROOT

CACHES = {"full": ROOT / "_build" / ".jupyter_cache", "student": ROOT / "_build" / "student" / ".jupyter_cache"}


def output_dir(edition: str, builder: str) -> Path:
    if builder == "html":
        return ROOT / "_build" / "html" if edition == "full" else ROOT / "_build" / edition / "html"
    return ROOT / "_build" / "print" / edition / builder


def build(edition: str, builder: str) -> Path:
    os.environ["RUSTBELT_EDITION"] = edition
    os.environ.setdefault("RUSTBELT_CHART_OUTPUT", "book")
    os.environ["RUSTBELT_LIVE_WIDGETS"] = "off"  # as in `make book`: the page hides the explorer anyway
    subprocess.run([sys.executable, "-m", "rustbelt.book.cache_guard"], check=True, cwd=ROOT)
    from jupyter_book.sphinx import build_sphinx

    out = output_dir(edition, builder)
    if out.exists():
        shutil.rmtree(out)  # a clean folder: nothing left over from an earlier build or edition
    os.chdir(ROOT)
    result = build_sphinx(
        ROOT, out, use_external_toc=True, noconfig=True, path_config=str(ROOT / "_config.yml"),
        confoverrides={"external_toc_path": (ROOT / "_toc.yml").as_posix(), "nitpicky": True, "latex_individualpages": False,
                       "rustbelt_edition": edition, "nb_execution_cache_path": str(CACHES[edition])},
        builder=builder, warningiserror=True, keep_going=True, freshenv=True,
    )
    if result != 0:
        raise SystemExit(f"the {edition} edition ({builder}) failed to build: see the warnings above")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edition", choices=["full", "student"], default="full")
    parser.add_argument("--builder", choices=["html", "printhtml"], default="html")
    args = parser.parse_args()
    out = build(args.edition, args.builder)
    print(f"Built the {args.edition} edition ({args.builder}): {out.relative_to(ROOT)}/index.html")


if __name__ == "__main__":
    main()
