"""The scorecard on the page: every chapter's verdict table is the scorecard's, the scorecard page
sits where the issue says, the introduction lists C1–C15; no page says CICC gave an "up to" or
an upper bound; no coal total adds periods that overlap (on the glued values of executed chapters);
verdicts do not move with a chapter's parameters."""
from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import jupytext
import pytest
import yaml
from conftest import ROOT, all_pages

from rustbelt import claims, record
from rustbelt.record import GLUED_COAL_TOTALS, OverlapError, Total, add_totals

CHAPTERS = sorted(p.stem for p in (ROOT / "chapters").glob("*.md"))


class _Tables(HTMLParser):
    """Every table of a page as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._row = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _tables(path):
    p = _Tables()
    p.feed(path.read_text(encoding="utf-8"))
    return p.tables


def _verdict_rows(path) -> dict[str, list[str]]:
    """The rows of every table whose header starts 'claim': claim id -> cells."""
    rows = {}
    for table in _tables(path):
        if table and table[0] and table[0][0] == "claim":
            for row in table[1:]:
                m = re.match(r"(C\d+):", row[0])
                if m:
                    rows[m.group(1)] = row
    return rows


def _plain(text: str) -> str:
    """Sphinx's smart quotes and dashes undone, spaces collapsed, for comparing rendered text."""
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("—", "---"), ("–", "--")):
        text = text.replace(a, b)
    return " ".join(text.split())


def _text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# -- the chapters' verdict tables are the scorecard's -------------------------------

@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_generates_its_verdict_table_from_the_scorecard(chapter):
    nb = jupytext.read(ROOT / "chapters" / f"{chapter}.md")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    # straight from rustbelt.claims, or through the chapter's package module (rustbelt.chapters.<chapter>)
    if "claims.verdict_markdown(" not in code:
        import importlib
        import inspect

        assert "numbers.verdicts_section(" in code, f"{chapter}: no verdict table from rustbelt.claims"
        module = importlib.import_module(f"rustbelt.chapters.{chapter}")
        source = inspect.getsource(module.verdicts_section)
        assert "claims.verdict_markdown(" in source and f'"verdicts_{chapter}"' in source, \
            f"{chapter}: verdicts_section does not glue the table from rustbelt.claims"
    assert re.search(r"```\{glue:md\} verdicts_\w+\n:format: myst", prose), f"{chapter}: the table is not pasted"
    # no hand-written verdict row left
    assert not re.search(r"^\| C\d+[:\s]", prose, re.M), f"{chapter}: a hand-written claim row"


def test_chapter_tables_and_the_scorecard_page_say_the_same(book_html):
    """Render both (the built book) and compare verdict word and reasoning claim by claim."""
    card = _verdict_rows(book_html / "scorecard.html")
    assert sorted(card, key=lambda c: int(c[1:])) == list(claims.CLAIM_IDS)
    allc = claims.load()
    seen = set()
    for page in sorted((book_html / "chapters").glob("*.html")):
        rows = _verdict_rows(page)
        for cid, row in rows.items():
            seen.add(cid)
            verdict, evidence = row[1], row[2]
            assert verdict == card[cid][2] == allc[cid].verdict, (page.name, cid)
            reasoning = claims.fill(allc[cid].reasoning)
            plain = _plain(re.sub(r"\\(\$)", r"\1", reasoning))
            assert _plain(evidence).startswith(plain), (page.name, cid, evidence[:120])
            assert _plain(card[cid][3]).startswith(plain), ("scorecard", cid)
    # every claim a chapter judges appears in some chapter's table (C10, C14 may move to Chapter 4)
    assert seen >= {"C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C11", "C12", "C13", "C15"}


def test_the_scorecard_page_links_each_claim_to_its_section_and_figures(book_html):
    html = (book_html / "scorecard.html").read_text(encoding="utf-8")
    for c in claims.load().values():
        assert f"chapters/{c.chapter}.html#{c.section}" in html, c.id
        for fig in c.figures:
            assert f"#{fig}" in html, (c.id, fig)


def test_the_scorecard_sits_after_the_last_numbered_chapter_and_before_the_teaching_part():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    parts = toc["parts"]
    numbered = [i for i, p in enumerate(parts) if p.get("numbered")]
    files = [[c["file"] for c in p["chapters"]] for p in parts]
    where = next(i for i, f in enumerate(files) if "scorecard" in f)
    teaching = next(i for i, f in enumerate(files) if any(x.startswith("teaching/") for x in f))
    assert where == max(numbered) + 1 and where < teaching
    assert not parts[where].get("numbered")


def test_the_introduction_lists_every_claim_and_links_the_scorecard(book_html):
    html = (book_html / "intro.html").read_text(encoding="utf-8")
    listing = re.search(r'class="rb-claims-list[^"]*">(.*?)</div>', html, re.S).group(1)
    for cid in claims.CLAIM_IDS:
        assert re.search(rf"<strong>{cid}</strong>", listing), cid
    assert 'href="scorecard.html"' in html


# -- "up to" and "upper bound" are the article's, not CICC's ---------------------------

def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z“\"(])", text)


def offending_sentences(text: str) -> list[str]:
    """Sentences that give CICC's estimate an "up to" not marked as the article's, or call it an upper bound."""
    bad = []
    for s in _sentences(text):
        about_estimate = re.search(r"CICC|China International Capital|three million|3 million", s)
        if not about_estimate:
            continue
        if (re.search(r"upper bound|\bceiling\b", s, re.I)
                and not re.search(r"\bnot an? upper bound|neither a floor nor a ceiling", s, re.I)):
            bad.append(s)
        negated = re.search(r"\b(not|nor|never)\b", s)
        if re.search(r"\bup to\b", s, re.I) and not re.search(r"article", s, re.I) and not negated:
            bad.append(s)
    return bad


def test_the_check_catches_a_misattributed_up_to():
    assert offending_sentences("CICC estimated up to 3 million layoffs.")
    assert offending_sentences("The 3 million is an upper bound for more industries.")
    assert not offending_sentences('The article\'s "up to 3 million" goes back to CICC.')
    assert not offending_sentences("CICC gave a central estimate, neither a floor nor a ceiling.")
    assert not offending_sentences('Neither CICC nor Reuters said "up to" 3 million.')
    assert not offending_sentences("The three million was a central estimate, not an upper bound.")


def test_no_page_attributes_up_to_to_cicc_or_calls_it_an_upper_bound(book_html):
    problems = {}
    for page in all_pages(book_html):
        bad = offending_sentences(_text(page.read_text(encoding="utf-8")))
        if bad:
            problems[str(page.relative_to(book_html))] = bad
    assert not problems, problems


# -- no coal total adds overlapping periods --------------------------------------------

def test_totals_over_overlapping_periods_cannot_be_added():
    a, b = Total(810, 2016, 2018, label="2016-2018"), Total(500, 2018, 2020, label="2018-2020")
    with pytest.raises(OverlapError, match="both count 2018–2018"):
        add_totals(a, b)
    assert add_totals(Total(290, 2016, 2016), Total(250, 2017, 2017)).value == 540


COAL_TOTAL_KEY = re.compile(r"^coal_.*(cut|total|exit|exited|closed|more|outcome|sum)")


def overlapping_sums(g: dict) -> dict[float, tuple[str, ...]]:
    """Every sum of two or three glued coal totals whose periods overlap."""
    present = {k: (float(g[k]), GLUED_COAL_TOTALS[k]) for k in GLUED_COAL_TOTALS if k in g}
    out = {}
    for n in (2, 3):
        for combo in itertools.combinations(present, n):
            periods = [present[k][1] for k in combo]
            if any(p[0] <= q[1] and q[0] <= p[1] for p, q in itertools.combinations(periods, 2)):
                out[sum(present[k][0] for k in combo)] = combo
    return out


def double_counts(g: dict) -> list[tuple[str, float, tuple[str, ...]]]:
    sums = overlapping_sums(g)
    found = []
    for key, value in g.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or key in GLUED_COAL_TOTALS:
            continue
        # a coal total (cut, closed, exited, total, "more"); other quantities may coincide by chance
        if not COAL_TOTAL_KEY.match(key):
            continue
        for total, combo in sums.items():
            if abs(value - total) <= 1e-9 * max(1.0, abs(total)):
                found.append((key, value, combo))
    return found


def test_the_overlap_check_catches_a_double_count():
    g = {"coal_total_2016_2018": 810.0, "coal_cut_2018_2020": 500.0, "coal_total_decade": 1310.0,
         "coal_cut_2016_2017_sum": 540.0}
    assert double_counts(g) == [("coal_total_decade", 1310.0, ("coal_total_2016_2018", "coal_cut_2018_2020"))]


@pytest.fixture(scope="module")
def executed():
    from rustbelt.run import execute_chapter, glued

    runs = {}
    for chapter, params in (("transitional_pain", {}), ("transitional_pain", {"cut_share": 1.0, "sectors": ["coal"]}),
                            ("feasibility", {})):
        nb = execute_chapter(chapter, params, timeout=180)
        runs[(chapter, tuple(sorted(params)))] = (nb, glued(nb))
    return runs


@pytest.mark.papermill
def test_no_glued_coal_total_adds_overlapping_periods(executed):
    for (chapter, _), (_, g) in executed.items():
        assert any(k in g for k in GLUED_COAL_TOTALS), chapter
        assert double_counts(g) == [], chapter
    # the programme's outcome is the coal association's single 2016-2020 figure, not a sum
    g = executed[("transitional_pain", ())][1]
    assert g["coal_cut_2016_2020"] == record.coal_record()["cut_2016_2020"].value


def _markdown(nb, name: str) -> str:
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get("scrapbook", {})
            if meta.get("name") == name:
                return out["data"][meta.get("mime_prefix", "") + "text/markdown"]
    raise KeyError(name)


@pytest.mark.papermill
def test_verdicts_do_not_change_with_the_chapter_parameters(executed):
    default = _markdown(executed[("transitional_pain", ())][0], "verdicts_transitional_pain")
    other = _markdown(executed[("transitional_pain", ("cut_share", "sectors"))][0], "verdicts_transitional_pain")
    assert default == other == claims.verdict_table(["C1", "C2", "C4", "C9", "C10", "C11"])
    # while the chapter's own numbers did move
    assert (executed[("transitional_pain", ())][1]["layoffs_total_millions"]
            != executed[("transitional_pain", ("cut_share", "sectors"))][1]["layoffs_total_millions"])
