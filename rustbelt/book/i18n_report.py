"""How much of the book is translated, page by page, and how to refresh the catalogues.

    python -m rustbelt.book.i18n_report            # per page: translated / total messages, %, fuzzy
    python -m rustbelt.book.i18n_report --charts   # also: chart strings lacking Chinese (runs every chapter)
    python -m rustbelt.book.i18n_report --update   # after English text changed: regenerate the
                                                   # templates (gettext build) and merge them into
                                                   # locales/zh_CN (sphinx-intl update)

A message is translated when it has a non-empty ``msgstr`` and no ``fuzzy`` flag (a changed
English paragraph becomes a new, untranslated message: the Chinese page shows the English
until a translator writes it). The package's own strings (``rustbelt/locale/zh.yml``) are
counted against the chart strings of the chapters by ``tests/test_i18n.py``.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from rustbelt import ROOT

LOCALE = "zh_CN"
CATALOGUES = ROOT / "locales" / LOCALE / "LC_MESSAGES"


@dataclass(frozen=True)
class Completeness:
    page: str
    translated: int
    fuzzy: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def catalogues() -> list[Path]:
    return sorted(CATALOGUES.rglob("*.po"))


def completeness(path: Path) -> Completeness:
    import polib

    po = polib.pofile(str(path))
    entries = [e for e in po if not e.obsolete]
    fuzzy = sum(1 for e in entries if "fuzzy" in e.flags)
    translated = sum(1 for e in entries if e.msgstr.strip() and "fuzzy" not in e.flags)
    return Completeness(path.relative_to(CATALOGUES).with_suffix("").as_posix(), translated, fuzzy, len(entries))


def report() -> list[Completeness]:
    return [completeness(p) for p in catalogues()]


def render(rows: list[Completeness]) -> str:
    width = max(len(r.page) for r in rows)
    lines = [f"{'page':<{width}}  translated  total      %  fuzzy"]
    for r in rows:
        lines.append(f"{r.page:<{width}}  {r.translated:>10}  {r.total:>5}  {r.percent:5.1f}  {r.fuzzy:>5}")
    done, total = sum(r.translated for r in rows), sum(r.total for r in rows)
    lines.append(f"{'whole book':<{width}}  {done:>10}  {total:>5}  {100.0 * done / total:5.1f}")
    return "\n".join(lines)


SNAPSHOT = ROOT / "tests" / "snapshots" / "glued.json"


def glued_strings() -> set[str]:
    """The glued words and phrases of every chapter at the snapshot's parameters (English), less
    the placeholders of glued tables and HTML: what rustbelt.chapters.glue_all translates."""
    import json

    runs = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    return {v for values in runs.values() for v in values.values()
            if isinstance(v, str) and not v.startswith("<") and re.search(r"[A-Za-z]", v)}


def render_glued() -> str:
    from rustbelt.i18n import missing

    strings = glued_strings()
    lacking = missing(strings, "zh")
    lines = [f"glued words and phrases with Chinese: {len(strings) - len(lacking)} of {len(strings)}"
             f" ({100.0 * (len(strings) - len(lacking)) / len(strings):.1f}%)"]
    lines += [f"  no Chinese yet: {s!r}" for s in lacking]
    return "\n".join(lines)


def chart_strings_missing(chapters: list[str] | None = None) -> list[str]:
    """Run each chapter with ``lang=zh`` (papermill) and collect the chart strings the package's
    catalogue lacks (slow: every chapter executes)."""
    import json
    import os
    import tempfile

    from rustbelt.i18n import MISSING_VAR
    from rustbelt.parameters import CHAPTERS
    from rustbelt.run import execute_chapter

    with tempfile.NamedTemporaryFile("r", suffix=".jsonl", encoding="utf-8") as f:
        os.environ[MISSING_VAR] = f.name
        try:
            for chapter in chapters or list(CHAPTERS):
                execute_chapter(chapter, {"lang": "zh"}, chart_output="svg")
        finally:
            os.environ.pop(MISSING_VAR, None)
        return sorted({json.loads(line) for line in f if line.strip()})


def update() -> None:
    """Regenerate the English templates and merge them into the Chinese catalogues."""
    subprocess.run([sys.executable, "-m", "rustbelt.book.build", "--builder", "gettext"], check=True, cwd=ROOT)
    subprocess.run([sys.executable, "-m", "sphinx_intl", "update", "-p", str(ROOT / "_build" / "gettext"),
                    "-l", LOCALE, "-d", str(ROOT / "locales"), "-w", "0"], check=True, cwd=ROOT)
    # messages whose English is gone: git keeps their history, the catalogue need not
    import polib

    for path in catalogues():
        po = polib.pofile(str(path), wrapwidth=0)
        obsolete = po.obsolete_entries()
        if obsolete:
            for entry in obsolete:
                po.remove(entry)
            po.save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--update", action="store_true", help="regenerate the catalogues from the English pages first")
    parser.add_argument("--charts", action="store_true",
                        help="also run every chapter in Chinese and list the chart strings without Chinese (slow)")
    args = parser.parse_args()
    if args.update:
        update()
    print(render(report()))
    print()
    print(render_glued())
    if args.charts:
        lacking = chart_strings_missing()
        print(f"\nchart strings without Chinese: {len(lacking)}")
        print("\n".join(f"  {s!r}" for s in lacking))


if __name__ == "__main__":
    main()
