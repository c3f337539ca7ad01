"""References, glossary, downloads and the teaching guide, checked on the sources and the built book."""
from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import yaml
from conftest import ROOT, chapter_pages, chapter_sources, toc_files

from rustbelt import data
from rustbelt.parameters import CHAPTERS

CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
TERM = re.compile(r"\{term\}`([^`]+)`")
GLOSSARY_TERMS = ["下岗", "再就业", "去产能", "东北振兴", "国有企业", "僵尸企业", "供给侧结构性改革", "经济普查",
                  "统一核算", "新常态"]


def _bib_keys() -> set[str]:
    return set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M))


def _all_sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in toc_files())


# ---------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------

def test_every_citation_is_in_the_bibliography_and_every_entry_is_cited():
    cited = {k.strip() for group in CITE.findall(_all_sources()) for k in group.split(",")}
    keys = _bib_keys()
    assert cited <= keys, f"cited but not in references.bib: {cited - keys}"
    assert keys <= cited, f"in references.bib but cited nowhere (the bibliography lists only cited works): {keys - cited}"


def test_every_chapter_cites_its_sources(book_html):
    for source in chapter_sources():
        assert CITE.search(source.read_text(encoding="utf-8")), f"{source.name} cites nothing"
        page = (book_html / source.relative_to(ROOT)).with_suffix(".html").read_text(encoding="utf-8")
        # author-year citations linking to the bibliography page
        assert re.search(r'href="[^"]*references\.html#id\d+"', page), source.name


def test_bibliography_page_is_author_year_and_lists_every_entry(book_html):
    page = (book_html / "appendices" / "references.html").read_text(encoding="utf-8")
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", page))
    assert "Steinbock" in text and "2016" in text
    entries = re.findall(r'<div class="citation"|<dt class="label"|role="doc-biblioentry"', page)
    assert len(entries) >= len(_bib_keys()), len(entries)


# ---------------------------------------------------------------------------
# Glossary
# ---------------------------------------------------------------------------

def test_glossary_gives_english_chinese_and_pinyin_for_the_key_terms(book_html):
    source = (ROOT / "appendices" / "glossary.md").read_text(encoding="utf-8")
    assert "```{glossary}" in source
    entries = re.findall(r"^([^\s`:].*)\n([^\s].*)\n([^\s].*)\n  \*", source, re.M)
    by_chinese = {zh: (en, py) for en, zh, py in entries}
    for term in GLOSSARY_TERMS:
        assert term in by_chinese, f"{term} missing from the glossary"
        en, pinyin = by_chinese[term]
        assert re.fullmatch(r"[A-Za-z][A-Za-z -]+", en), en
        assert re.search(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", pinyin), f"{term}: pinyin {pinyin!r} has no tone marks"
    page = (book_html / "appendices" / "glossary.html").read_text(encoding="utf-8")
    for term in GLOSSARY_TERMS:
        assert term in page


def test_every_chapter_links_terms_to_the_glossary(book_html):
    for source in chapter_sources():
        terms = TERM.findall(source.read_text(encoding="utf-8"))
        assert len(terms) >= 3, f"{source.name} links {len(terms)} glossary term(s)"
        page = (book_html / source.relative_to(ROOT)).with_suffix(".html").read_text(encoding="utf-8")
        links = re.findall(r'href="\.\./appendices/glossary\.html#term-[^"]+"', page)
        assert len(links) >= len(terms)


# ---------------------------------------------------------------------------
# Downloads: notebooks and data from every chapter page; the data page
# ---------------------------------------------------------------------------

def _downloads(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    m = re.search(r'<p class="rb-downloads">(.*?)</p>', text, re.S)
    assert m, f"{page.name} has no Downloads line"
    return re.findall(r'href="([^"]+)"', m.group(1))


def test_each_chapter_page_offers_its_notebook_and_datasets_and_the_links_resolve(book_html):
    for page in chapter_pages(book_html):
        links = _downloads(page)
        assert f"../_notebooks/{page.stem}.ipynb" in links
        front = yaml.safe_load((ROOT / "chapters" / f"{page.stem}.md").read_text(encoding="utf-8").split("---")[1])
        for name in front.get("rustbelt_datasets", []):
            assert f"../_data/{name}.csv" in links, f"{page.name}: {name}.csv not offered"
        for href in links:
            target = (page.parent / href).resolve()
            assert target.is_file(), f"{page.name}: {href} does not resolve"
            if target.suffix == ".csv":
                assert target.read_bytes() == (ROOT / "data" / target.name).read_bytes()


def test_data_page_lists_every_dataset_with_provenance_caveats_and_a_working_link(book_html):
    page = book_html / "appendices" / "data.html"
    text = page.read_text(encoding="utf-8")
    for name in data.names():
        p = data.provenance(name)
        m = re.search(rf'<section class="rb-dataset"><h2 id="data-{name}">(.*?)</section>', text, re.S)
        assert m, f"{name} is not on the data page"
        section = htmllib.unescape(m.group(1))
        assert p.title in section and p.unit in section and p.vintage in section
        for s in p.sources:
            assert s["url"] in section
        for caveat in p.caveats:
            assert caveat in section, f"{name}: caveat missing: {caveat}"
        href = re.search(r'<dt>File</dt><dd><a href="([^"]+)"', section).group(1)
        target = (page.parent / href).resolve()
        assert target.is_file() and target.read_bytes() == (ROOT / "data" / f"{name}.csv").read_bytes()


# ---------------------------------------------------------------------------
# The teaching guide
# ---------------------------------------------------------------------------

def _teaching_pages() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in toc_files() if p.parent.name == "teaching"}


def test_teaching_guide_has_a_page_for_every_chapter_with_the_four_parts():
    pages = _teaching_pages()
    assert "guide" in pages
    for chapter in CHAPTERS:
        assert chapter in pages, f"no teaching page for chapter {chapter!r}"
        text = pages[chapter]
        for heading in ("## Learning objectives", "## 90-minute plan", "## Discussion questions", "## Group exercise"):
            assert heading in text, f"teaching/{chapter}.md lacks {heading!r}"
        assert re.search(r"\{chapter\}`[^`<]+<" + chapter + ">`", text), f"teaching/{chapter}.md does not name its chapter"
        plan = re.search(r"## 90-minute plan\n(.*?)\n## ", text, re.S).group(1)
        slots = re.findall(r"^\| (\d+)–(\d+) \|", plan, re.M)
        assert slots and slots[0][0] == "0" and slots[-1][1] == "90", f"{chapter}: the plan does not cover 0–90 minutes"
        assert all(int(a[1]) == int(b[0]) for a, b in zip(slots, slots[1:])), f"{chapter}: gaps in the plan"


def test_discussion_questions_cover_every_claim():
    claims = set()
    for text in _teaching_pages().values():
        m = re.search(r"## Discussion questions\n(.*?)\n## ", text, re.S)
        if m:
            claims |= set(re.findall(r"\bC(\d{1,2})\b", m.group(1)))
    assert {int(c) for c in claims} >= set(range(1, 15)), sorted(int(c) for c in claims)


def test_teaching_pages_link_written_chapters_and_mark_planned_ones(book_html):
    for chapter in CHAPTERS:
        page = (book_html / "teaching" / f"{chapter}.html").read_text(encoding="utf-8")
        if (ROOT / "chapters" / f"{chapter}.md").exists():
            assert f'href="../chapters/{chapter}.html"' in page
        else:
            assert "(chapter in preparation)" in page
