"""CITATION.cff, the book's configuration and the "Cite this book" entry on every page say the same."""
from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import yaml
from conftest import all_pages

from rustbelt.book.sphinx_figures import book_citation, citation_meta

ROOT = Path(__file__).resolve().parents[1]
ENTRY = re.compile(r'<details class="rb-cite-book" id="cite-this-book"><summary>Cite this book</summary>'
                   r'<p class="rb-cite-plain">(.*?)</p>.*?<pre class="rb-cite-bibtex"[^>]*>(.*?)</pre></details>', re.S)


def test_citation_cff_is_valid_and_matches_the_books_configuration():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["message"] and cff["type"] in ("software", "dataset")
    assert cff["title"] == config["title"]
    assert [a["name"] for a in cff["authors"]] == [config["author"]]
    assert cff["license"] == "CC-BY-4.0" and "CC BY 4.0" in config["copyright"]


def test_every_page_cites_the_book_from_citation_cff(book_html):
    meta = citation_meta()
    seen = set()
    for page in all_pages(book_html):
        m = ENTRY.search(page.read_text(encoding="utf-8"))
        assert m, f"{page.name} has no 'Cite this book'"
        plain, bib = html.unescape(m.group(1)), html.unescape(m.group(2))
        built = re.search(r"built (\d{4}-\d\d-\d\d) from commit (\w+)", plain)
        assert built, plain
        date, commit = dt.date.fromisoformat(built.group(1)), built.group(2)
        assert re.fullmatch(r"[0-9a-f]{7,40}|unknown", commit), commit
        # the entry is exactly what CITATION.cff gives for that build date and commit
        assert (plain, bib) == book_citation(meta, date, commit), page.name
        seen.add((plain, bib))
    assert len(seen) == 1, "pages of one build cite the book differently"
