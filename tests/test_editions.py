"""Exercises with solutions in every chapter, and a student edition that holds no solution text
in anything it writes: pages, page sources, notebooks, search index, doctrees, execution
outputs, its PDF and its offline archive."""
from __future__ import annotations

import html as htmllib
import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, STUDENT_BUILD, chapter_sources, pdf_text, toc_files

from rustbelt.book.editions import hidden_blocks, strip_hidden

SHINGLE = 8  # words: long enough to be unique to a solution, short enough to survive markup
WORD = re.compile(r"\w+")


# ---------------------------------------------------------------------------
# The stripping itself (no build needed)
# ---------------------------------------------------------------------------

SAMPLE = """\
# Page

```{exercise} Title
:label: ex-a

Question text.
```

```{solution} ex-a
:class: dropdown

Answer in a plain solution, with a nested fence:

~~~python
x = 1
~~~
```

Between.

```{solution-start} ex-a
:class: dropdown
```

Gated answer prose.

```{code-cell} ipython3
gated_answer = 42
```

```{solution-end}
```

```{code-cell} ipython3
:tags: [hide-input, solution]

tagged_answer = 1
```

::::{admonition} For the teacher
:class: dropdown teacher-only

Teacher's note.
::::

````{solution} ex-a
Four-backtick solution with an inner block:

```python
inner = True
```

Still the solution.
````

The end.
"""


def test_strip_hidden_removes_every_kind_of_solution_and_keeps_the_rest():
    out = strip_hidden(SAMPLE)
    for gone in ("Answer in a plain solution", "x = 1", "Gated answer prose", "gated_answer", "tagged_answer",
                 "Teacher's note", "Four-backtick", "inner = True", "Still the solution", "solution-end"):
        assert gone not in out, gone
    for kept in ("# Page", "Question text.", ":label: ex-a", "Between.", "The end."):
        assert kept in out, kept
    assert len(hidden_blocks(SAMPLE)) == 5


@pytest.mark.parametrize("text, message", [
    ("```{solution-start} ex\n```\n\nno end\n", "has no solution-end"),
    ("```{solution-end}\n```\n", "without a solution-start"),
    ("```{solution} ex\nnever closed\n", "unclosed"),
])
def test_strip_hidden_refuses_malformed_solutions(text, message):
    with pytest.raises(ValueError, match=message):
        strip_hidden(text)


# ---------------------------------------------------------------------------
# Every chapter has exercises with solutions
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("source", chapter_sources(), ids=lambda p: p.stem)
def test_every_chapter_has_at_least_three_exercises_each_with_a_folded_solution(source):
    text = source.read_text(encoding="utf-8")
    exercises = re.findall(r"^[`:]{3,}\{exercise\}.*\n:label: (\S+)", text, re.M)
    solved = re.findall(r"^[`:]{3,}\{solution(?:-start)?\} (\S+)\n(?::label: \S+\n)?:class: (.*)", text, re.M)
    assert len(exercises) >= 3, f"{source.name}: {len(exercises)} exercise(s); every chapter needs at least 3"
    solutions = {label: classes for label, classes in solved}
    for label in exercises:
        assert label in solutions, f"{source.name}: exercise {label} has no solution"
        assert "dropdown" in solutions[label].split(), f"{source.name}: solution to {label} is not folded"


# ---------------------------------------------------------------------------
# Fingerprints of the hidden text
# ---------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _html_words(text: str) -> list[str]:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
    return _words(htmllib.unescape(re.sub(r"<[^>]+>", " ", text)))


def _public_text() -> str:
    """Everything that may legitimately appear in the student edition: the stripped sources,
    and what pages generate from the catalog and the package."""
    parts = [strip_hidden(p.read_text(encoding="utf-8")) for p in toc_files()]
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "rustbelt").glob("*.py"))]
    parts.append((ROOT / "data" / "catalog.yml").read_text(encoding="utf-8"))
    parts.append((ROOT / "data" / "claims.yml").read_text(encoding="utf-8"))  # the scorecard and verdict tables
    parts.append((ROOT / "references.bib").read_text(encoding="utf-8"))  # the bibliography page and citation titles
    # scenario files the teaching guide shows with literalinclude
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "scenarios").glob("*.yml"))]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def hidden() -> dict[str, set]:
    """label -> the word shingles of one hidden block that appear nowhere public."""
    public = _shingles(_words(_public_text()))
    found = {}
    for page in toc_files():
        for i, block in enumerate(hidden_blocks(page.read_text(encoding="utf-8"))):
            found[f"{page.relative_to(ROOT)} #{i + 1}"] = _shingles(_words(block)) - public
    return found


def _leaks(words: list[str], hidden: dict[str, set]) -> list[str]:
    shingles = _shingles(words)
    return [label for label, prints in hidden.items() if prints & shingles]


def test_there_are_solutions_and_teacher_notes_to_hide(hidden):
    chapters = {str(p.relative_to(ROOT)) for p in chapter_sources()}
    assert {label.split(" #")[0] for label in hidden} >= chapters | {"teaching/challenges.md"}
    assert all(prints for prints in hidden.values()), [k for k, v in hidden.items() if not v]


def test_the_full_edition_shows_every_solution_the_fingerprints_find(book_html, hidden):
    """The check has teeth: each hidden block's fingerprints are found in the full edition."""
    pages = {}
    for label in hidden:
        source = label.split(" #")[0]
        page = book_html / Path(source).with_suffix(".html")
        pages.setdefault(page, _html_words(page.read_text(encoding="utf-8")))
    for label, prints in hidden.items():
        page = book_html / Path(label.split(" #")[0]).with_suffix(".html")
        assert prints & _shingles(pages[page]), f"{label}: not found in the full edition's {page.name}"


STUDENT_PRINT = ROOT / "_build" / "print" / "student"


def _student_files() -> list[Path]:
    """Everything `make book-student` and `make pdf-student` write (the PDF and the archive
    are read below): pages, sources, notebooks, search index, doctrees, execution cache."""
    return sorted(p for folder in (STUDENT_BUILD, STUDENT_PRINT) for p in folder.rglob("*") if p.is_file())


def test_no_file_the_student_edition_writes_holds_solution_text(student_html, pdf_student, hidden):
    files = _student_files()
    kinds = {p.suffix for p in files}
    assert {".html", ".ipynb", ".js", ".txt"} <= kinds, kinds  # pages, notebooks, search index, page sources
    assert any(".doctrees" in p.parts for p in files) and any(".jupyter_cache" in p.parts for p in files)
    assert any("printhtml" in p.parts for p in files)
    leaks = {}
    for path in files:
        raw = path.read_bytes().decode("utf-8", errors="ignore")
        words = _html_words(raw) if path.suffix == ".html" else _words(raw)
        found = _leaks(words, hidden)
        if path.suffix == ".ipynb":  # JSON-escaped source lines: read the cells' text too
            try:
                nb = json.loads(raw)
                cells = "\n".join("".join(c.get("source", "")) for c in nb.get("cells", []))
                found += _leaks(_words(cells), hidden)
            except json.JSONDecodeError:
                pass
        if found:
            leaks[str(path.relative_to(ROOT))] = sorted(set(found))
    assert not leaks, leaks


def test_student_search_index_has_no_word_found_only_in_solutions(book_html, student_html):
    from sphinx.search.en import SearchEnglish

    stem = SearchEnglish({}).stem
    hidden_words = set()
    for page in toc_files():
        for block in hidden_blocks(page.read_text(encoding="utf-8")):
            hidden_words |= set(_words(block))
    public = {stem(w) for w in _words(_public_text())}
    stems = {stem(w) for w in hidden_words if not w.isdigit() and len(w) > 2} - public

    def terms(html_dir: Path) -> set[str]:
        text = (html_dir / "searchindex.js").read_text(encoding="utf-8")
        index = json.loads(text[text.index("(") + 1: text.rindex(")")])
        return set(index["terms"]) | set(index.get("titleterms", {}))

    assert stems & terms(book_html), "the full edition's index should hold the solutions' words"
    assert not stems & terms(student_html), sorted(stems & terms(student_html))


def test_student_edition_keeps_the_exercises_and_says_what_it_is(student_html):
    for source in chapter_sources():
        text = source.read_text(encoding="utf-8")
        labels = re.findall(r"^[`:]{3,}\{exercise\}.*\n:label: (\S+)", text, re.M)
        page = (student_html / source.relative_to(ROOT)).with_suffix(".html").read_text(encoding="utf-8")
        for label in labels:
            assert f'id="{label}"' in page, label
        assert 'class="solution' not in page
        nb = json.loads((student_html / "_notebooks" / f"{source.stem}.ipynb").read_text(encoding="utf-8"))
        sources = ["".join(c["source"]) for c in nb["cells"]]
        assert sum(s.count("{exercise}") for s in sources) == len(labels)
        assert not any("{solution" in s for s in sources)
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1  # still a runnable chapter
    assert "(student edition)" in (student_html / "intro.html").read_text(encoding="utf-8")


def test_student_pdf_and_archive_hold_no_solution_text(dist_student, pdf_student, hidden):
    text = pdf_text(pdf_student)
    assert "Exercise" in text and not _leaks(_words(text), hidden)
    with zipfile.ZipFile(dist_student) as z:
        leaks = []
        for name in z.namelist():
            raw = z.read(name).decode("utf-8", errors="ignore")
            words = _html_words(raw) if name.endswith(".html") else _words(raw)
            if _leaks(words, hidden):
                leaks.append(name)
        assert not leaks, leaks
        assert not any("/source/" in n for n in z.namelist())


# ---------------------------------------------------------------------------
# The Chinese student edition (make book-student builds both languages)
# ---------------------------------------------------------------------------

CJK = re.compile(r"[\u4e00-\u9fff]")
CJK_SHINGLE = 12  # characters: a clause of a Chinese sentence
ESCAPED = re.compile(r"\\u([0-9a-fA-F]{4})")


def _cjk_shingles(text: str) -> set[str]:
    chars = "".join(CJK.findall(ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)))
    return {chars[i:i + CJK_SHINGLE] for i in range(len(chars) - CJK_SHINGLE + 1)}


@pytest.fixture(scope="module")
def hidden_zh() -> dict[str, set]:
    """label -> the Chinese shingles of the translations of one hidden block's paragraphs that
    appear in no public translation (other paragraphs, the package's catalogues)."""
    import polib
    import yaml

    from rustbelt.book.i18n_report import CATALOGUES

    public, found = set(), {}
    for path in sorted((ROOT / "rustbelt" / "locale").rglob("*.yml")):
        public |= _cjk_shingles(" ".join((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).values()))
    blocks = {}
    for page in toc_files():
        blocks[page] = [" ".join(b.split()) for b in hidden_blocks(page.read_text(encoding="utf-8"))]
    for po_path in sorted(CATALOGUES.rglob("*.po")):
        page = ROOT / po_path.relative_to(CATALOGUES).with_suffix(".md")
        for entry in polib.pofile(str(po_path)):
            if not entry.msgstr:
                continue
            msgid = " ".join(entry.msgid.split())
            where = [i for i, b in enumerate(blocks.get(page, [])) if len(msgid.split()) >= 6 and msgid in b]
            if where:
                found.setdefault(f"{page.relative_to(ROOT)} #{where[0] + 1}", set()).update(_cjk_shingles(entry.msgstr))
            else:
                public |= _cjk_shingles(entry.msgstr)
    return {label: prints - public for label, prints in found.items()}


def test_the_chinese_solutions_are_found_in_the_full_chinese_edition(zh_html, hidden_zh):
    """The check has teeth: the translated solutions are on the full Chinese pages."""
    assert len(hidden_zh) >= 10 and all(hidden_zh.values()), {k: len(v) for k, v in hidden_zh.items()}
    for label, prints in hidden_zh.items():
        page = zh_html / Path(label.split(" #")[0]).with_suffix(".html")
        assert prints & _cjk_shingles(page.read_text(encoding="utf-8")), f"{label}: not on {page.relative_to(ROOT)}"


def test_no_file_of_the_chinese_student_edition_holds_a_translated_solution(student_html, pdf_student, hidden_zh):
    from rustbelt.book.pdf import pdf_path

    zh_site = student_html / "zh"
    for source in chapter_sources():
        page = (zh_site / source.relative_to(ROOT)).with_suffix(".html").read_text(encoding="utf-8")
        assert 'lang="zh-CN"' in page and 'class="solution' not in page, source.name
    files = sorted(p for folder in (zh_site, STUDENT_PRINT / "zh") for p in folder.rglob("*") if p.is_file())
    assert any(p.suffix == ".ipynb" for p in files) and any(p.name == "searchindex.js" for p in files)
    leaks = {}
    for path in files:
        prints = _cjk_shingles(path.read_bytes().decode("utf-8", errors="ignore"))
        found = sorted(label for label, hidden in hidden_zh.items() if hidden & prints)
        if found:
            leaks[str(path.relative_to(ROOT))] = found
    pdf = pdf_path("student", "zh")
    found = sorted(label for label, hidden in hidden_zh.items() if hidden & _cjk_shingles(pdf_text(pdf)))
    if found:
        leaks[str(pdf.relative_to(ROOT))] = found
    assert not leaks, leaks
