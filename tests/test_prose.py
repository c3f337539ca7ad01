"""Every number in a chapter's prose comes from code (myst-nb glue), never typed by hand.

What may stay typed: years, single digits (list items, claim ids C1–C15, chapter numbers)
and a few definitions of the method (an index base of 100, a rate capped at 100%)."""
from __future__ import annotations

import re

import jupytext
import pytest

from conftest import ROOT

CHAPTERS = sorted(p.stem for p in (ROOT / "chapters").glob("*.md"))
DEFINITIONS = (r"previous year = 100", r"base of 100", r"capped at 100%")


def prose_numbers(chapter: str) -> list[str]:
    nb = jupytext.read(ROOT / "chapters" / f"{chapter}.md")
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for phrase in DEFINITIONS:
        prose = re.sub(phrase, "", prose)
    prose = re.sub(r"\{(?:glue:text|glue|numref|ref|cite:p|cite:t|term|doc|download)\}`[^`]+`", "", prose)
    # directive fences and their options go; the text inside admonitions, exercises and solutions stays
    prose = re.sub(r"^```\{[^}]+\}.*$|^```\s*$|^:[a-z-]+:.*$", "", prose, flags=re.M)
    prose = re.sub(r"`[^`\n]*`", "", prose)  # inline code: parameter values, function calls
    numbers = re.findall(r"(?<![\w.])\d(?:[\d,.]*\d)?%?", prose)
    allowed = re.compile(r"^(19|20)\d\d$|^\d$")
    return [n for n in numbers if not allowed.match(n)]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_number_is_typed_in_the_prose(chapter):
    assert prose_numbers(chapter) == []


def test_the_check_catches_a_typed_number(tmp_path, monkeypatch):
    fake = tmp_path / "chapters"
    fake.mkdir()
    (fake / "x.md").write_text("---\njupytext:\n  text_representation:\n    format_name: myst\n---\n\n"
                               "# X\n\nThe share fell to 4.7% in 2024 ({glue:text}`share:.1f`).\n")
    monkeypatch.setitem(prose_numbers.__globals__, "ROOT", tmp_path)
    assert prose_numbers("x") == ["4.7%"]
