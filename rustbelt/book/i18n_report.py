"""How much of the book is translated, page by page, and how to refresh the catalogues.

    python -m rustbelt.book.i18n_report            # per page: translated / total messages, %, fuzzy
    python -m rustbelt.book.i18n_report --charts   # also: chart strings lacking Chinese (runs every chapter)
    python -m rustbelt.book.i18n_report --english  # English passages left on the built Chinese pages
    python -m rustbelt.book.i18n_report --update   # after English text changed: regenerate the
                                                   # templates (gettext build) and merge them into
                                                   # locales/zh_CN (sphinx-intl update)

A message is translated when it has a non-empty ``msgstr`` and no ``fuzzy`` flag (a changed
English paragraph becomes a new, untranslated message: the Chinese page shows the English
until a translator writes it). The package's own strings (``rustbelt/locale/zh.yml``) are
counted against the chart strings of the chapters by ``tests/test_i18n.py``.

The glued words and phrases are reported as the Chinese run glues them: the chapters' section
functions are called with the run's language set to ``zh`` (:func:`package_glued`), at the
parameter sets of the glued-values snapshot; a string with no Chinese in it is listed.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from rustbelt import ROOT
from rustbelt.i18n import PO_LOCALE

LOCALE = PO_LOCALE["zh"]
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
CJK = re.compile(r"[\u4e00-\u9fff]")


def package_glued(chapter: str, params: dict | None = None, lang: str = "zh") -> dict:
    """What ``chapter`` glues through :func:`rustbelt.chapters.glue_all` (and, for Chapter 4, its
    ``who``) at ``params``, in ``lang``, without running the notebook: the same section calls as the
    chapter's cells, with the run's language set to ``lang`` and strings passed through the
    catalogue as ``glue_all`` passes them. ``tests/test_i18n.py`` checks that in English these are
    the snapshot's strings, so the calls stay the chapter's."""
    import os

    from rustbelt.i18n import ENV_VAR, t
    from rustbelt.parameters import validate

    before = os.environ.get(ENV_VAR)
    os.environ[ENV_VAR] = lang
    try:
        params = validate(chapter, **(params or {}))
        values: dict = {}
        if chapter == "challenges":
            from rustbelt.chapters import challenges as n

            provinces, vintage = params["provinces"], params["gdp_vintage"]
            start, end = n.years(vintage, params["start_year"], params["end_year"])
            for section in (n.gdp_share_section(provinces, vintage, start, end), n.growth_section(provinces),
                            n.census_section(provinces), n.longmay_section(), n.statistics_section(),
                            n.us_rustbelt_section(), n.urbanisation_section(), n.trade_section()):
                values.update(section)
        elif chapter == "transitional_pain":
            from rustbelt import model
            from rustbelt.chapters import transitional_pain as n

            scenario = model.scenario(**params)
            for section in (n.article_section(), n.scenario_section(params, scenario), n.cuts_section(),
                            n.steel_market_section(), n.overcapacity_section(), n.workers_per_mt_section(),
                            n.layoffs_section(), n.northeast_section(params, scenario), n.absorption_section(params),
                            n.fund_section(scenario), n.explorer_section()):
                values.update(section)
        elif chapter == "feasibility":
            from rustbelt import outlook
            from rustbelt.chapters import feasibility as n

            for section in (n.reemployment_section(params), n.scenarios_section(params),
                            n.threshold_section(params, outlook.rate_curve(params)),
                            n.uncertainty_section(params, outlook.monte_carlo(params)),
                            n.tornado_section(outlook.tornado(params)), n.robustness_section(params),
                            n.hindsight_section(params), n.beyond_section()):
                values.update(section)
        elif chapter == "ten_years_on":
            from rustbelt import tenyears

            provinces = params["provinces"]
            who = tenyears.label(provinces)
            values.update({"who": who, "Who": who[0].upper() + who[1:]})
            for section in (tenyears.jobs_section(provinces), tenyears.output_section(provinces),
                            tenyears.growth_section(provinces), tenyears.people_section(provinces),
                            tenyears.pensions_section(), tenyears.fiscal_section(provinces),
                            tenyears.events_section(provinces)):
                values.update(section)
        else:
            raise ValueError(f"no chapter {chapter!r}")
        return {k: t(v, lang) if isinstance(v, str) else v for k, v in values.items()}
    finally:
        if before is None:
            os.environ.pop(ENV_VAR, None)
        else:
            os.environ[ENV_VAR] = before


def is_words(value) -> bool:
    """A glued string a reader reads as words: letters in it, and not a table or HTML placeholder."""
    return isinstance(value, str) and not value.startswith("<") and bool(re.search(r"[A-Za-z]", value))


def glued_in_chinese() -> list[tuple[str, str, str, str, bool]]:
    """For every run of the snapshot and every key it glues as words: (run, key, English, what the
    Chinese run glues, whether the package writes it). Keys the package writes are computed in Chinese (:func:`package_glued`);
    the others are glued by a chapter's own cell (its exercise solutions) through glue_all: a name is
    shown as the catalogue gives it, a sentence as in English (the papermill test sees the Chinese)."""
    import json

    from rustbelt.i18n import t

    runs = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    out = []
    for run, english in runs.items():
        chapter, params = run.split(" ", 1)
        zh = package_glued(chapter, json.loads(params), "zh")
        # a chapter's own cell glues through glue_all too, which looks a name up in the catalogue
        out += [(run, k, v, zh.get(k, t(v, "zh")), k in zh) for k, v in sorted(english.items()) if is_words(v)]
    return out


def render_glued() -> str:
    """The glued words and phrases as the Chinese run glues them: those still without Chinese listed."""
    rows = glued_in_chinese()
    strings = {(en, zh) for _, _, en, zh, _ in rows}
    lacking = sorted({(en, k, ours) for _, k, en, zh, ours in rows if not CJK.search(zh)})
    chinese = sum(1 for _, zh in strings if CJK.search(zh))
    lines = [f"glued words and phrases with Chinese: {chinese} of {len(strings)}"
             f" ({100.0 * chinese / len(strings):.1f}%)"]
    where = {True: "written by the package",
             False: "glued by a chapter's own cell: only a papermill run in Chinese shows its words (tests/test_i18n.py)"}
    lines += [f"  no Chinese yet: {en!r} ({key}: {where[ours]})" for en, key, ours in lacking]
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


# --- English left on the Chinese pages ---------------------------------------------------------
#
# What may stay English on a Chinese page (issue 15): code, quotations (marked lang="en" or in a
# blockquote), formulas, bibliography entries and the citations that point to them, source lines,
# the titles of sources and datasets (links to them), and the page's own interface markup a reader
# does not read (scripts, styles, the charts' SVG, whose text is checked in the browser).
KEEP_ENGLISH = ", ".join((
    "pre", "code", "kbd", "samp", "blockquote", "script", "style", "svg", "noscript", "math", ".math",
    "[lang=en]", ".citation", ".citation-list", ".bibtex-citation", ".rb-cite-bibtex", ".rb-cite-plain",
    ".rb-source", "a.reference.external", ".rb-dataset-source",
))
#: text blocks: a passage is the text of one of these with no block of the list inside it
BLOCKS = ("p", "li", "dt", "dd", "td", "th", "caption", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6",
          "summary", "button", "label", "option", "title")
#: an English passage: five or more Latin words in a row (names and codes are shorter)
#: a quotation in the text: the article's words, quoted in English beside their Chinese rendering
QUOTED = re.compile(r'[“"”][^“”"]*[”"]')
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]+(?:[\s,;:()“”\"]+[A-Za-z][A-Za-z'’-]*){4,}")


def english_passages(page_html: str) -> list[str]:
    """The passages of a Chinese page written in English outside what may stay English."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html, "html.parser")
    for node in soup.select(KEEP_ENGLISH):
        node.decompose()
    found = []
    for block in soup.find_all(BLOCKS):
        if block.find(BLOCKS):
            continue
        text = " ".join(block.get_text(" ", strip=True).split())
        if ENGLISH_RUN.search(QUOTED.sub(" ", text)):
            found.append(text)
    return found


def english_on_chinese_pages(site: Path = ROOT / "_build" / "html" / "zh") -> dict[str, list[str]]:
    """Page (relative to the Chinese site) -> its English passages, for every page that has any."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site)
        if rel.parts[0].startswith("_"):
            continue
        found = english_passages(path.read_text(encoding="utf-8"))
        if found:
            pages[rel.as_posix()] = found
    return pages


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
    parser.add_argument("--english", action="store_true",
                        help="list the English passages left on the built Chinese pages (_build/html/zh)")
    args = parser.parse_args()
    if args.english:
        pages = english_on_chinese_pages()
        for page, found in pages.items():
            print(f"{page}: {len(found)}")
            print("\n".join(f"  {text[:160]}" for text in found))
        print(f"English passages on Chinese pages: {sum(map(len, pages.values()))} on {len(pages)} pages")
        return
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
