"""The Chinese edition's downloadable notebooks (issue 15): Markdown cells translated from the
pages' catalogues, the MyST structure and roles kept, the Lab view applied after translation,
and a first code cell that makes the notebook run in Chinese (RUSTBELT_LANG=zh).

The unit tests need no build; the ``zh_html`` tests read ``_build/html/zh/_notebooks/``
(`make book`)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import jupytext
import pytest
from conftest import toc_files

from rustbelt.book import lab_view, notebook_i18n
from rustbelt.book.notebook_i18n import catalogue, translate_caption, translate_markdown, translate_notebook
from rustbelt.book.sphinx_downloads import ENV_CHECK_TAG, _is_notebook, environment_check_source, wheel_name

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
#: every page the book publishes as a notebook (chapters, scorecard, appendices), by docname
NOTEBOOK_DOCS = [p.relative_to(ROOT).with_suffix("").as_posix() for p in toc_files() if _is_notebook(p)]
EXERCISE = re.compile(r"^```\{exercise\}\s+(.+?)\s*$", re.M)


def exercise_titles(doc: str) -> list[str]:
    return EXERCISE.findall((ROOT / f"{doc}.md").read_text(encoding="utf-8"))


# --- the translation function, on a sample cell ----------------------------------------------

SAMPLE = """(sec-sample)=
## Jobs and people

The stock of the jobless meets the year's *openings*: {glue:text}`rate_pct:.0f`% a year
({numref}`fig-rate`), see {ref}`appendix-methods`.

$$
H_t = m \\frac{S_t V_t}{S_t + V_t}
$$

```{admonition} Learning objectives
:class: tip
After this chapter you can

1. state the criterion as a number
   and compute it;
2. name the assumptions.
```

A paragraph nobody translated.

```python
print("not prose")
```
"""
MESSAGES = {
    "Jobs and people": "就业与人口",
    "The stock of the jobless meets the year's *openings*: {glue:text}`rate_pct:.0f`% a year "
    "({numref}`fig-rate`), see {ref}`appendix-methods`.":
        "失业存量与当年的*空缺岗位*相遇：每年 {glue:text}`rate_pct:.0f`%（{numref}`fig-rate`），见{ref}`appendix-methods`。",
    "Learning objectives": "学习目标",
    "After this chapter you can": "学完本章，你将能够：",
    "state the criterion as a number and compute it;": "把标准表述为一个数字并计算它；",
    "name the assumptions.": "指出各项假设。",
    'print("not prose")': "不应出现",
}
EXPECTED = """(sec-sample)=
## 就业与人口

失业存量与当年的*空缺岗位*相遇：每年 {glue:text}`rate_pct:.0f`%（{numref}`fig-rate`），见{ref}`appendix-methods`。

$$
H_t = m \\frac{S_t V_t}{S_t + V_t}
$$

```{admonition} 学习目标
:class: tip
学完本章，你将能够：

1. 把标准表述为一个数字并计算它；
2. 指出各项假设。
```

A paragraph nobody translated.

```python
print("not prose")
```
"""


def test_a_sample_cell_is_translated_block_by_block_and_keeps_its_structure():
    text, missing = translate_markdown(SAMPLE, MESSAGES)
    assert text == EXPECTED
    assert missing == ["A paragraph nobody translated."]


def test_the_translated_cell_gets_the_lab_view_with_the_same_roles():
    text, _ = translate_markdown(SAMPLE, MESSAGES)
    english, _ = lab_view.to_lab(SAMPLE, lab_view.book_index(str(ROOT)))
    shown, results = lab_view.to_lab(text, lab_view.book_index(str(ROOT)))
    assert not lab_view.ROLE.search(shown)
    assert re.findall(r"\{eval\}`[^`]*`", shown) == re.findall(r"\{eval\}`[^`]*`", english)
    assert lab_view.from_lab(shown) == text and results


def test_a_block_is_matched_as_sphinx_forms_its_msgid():
    # newlines become spaces; a list item's continuation indent is not part of the message
    assert notebook_i18n.message_id("  a\nb c \n") == "a b c"
    text, missing = translate_markdown("- one\n  two\n- three\n", {"one two": "一二"})
    assert text == "- 一二\n- three\n" and missing == ["three"]


def test_directive_labels_and_options_are_never_translated():
    source = "```{solution-start} ex-x\n:label: sol-x\n:class: dropdown\n```\n"
    assert translate_markdown(source, {"ex-x": "X", "sol-x": "Y", "dropdown": "Z"}) == (source, [])


def test_a_figure_caption_in_a_code_cell_s_metadata_is_translated():
    cell = {"cell_type": "code", "source": "chart()",
            "metadata": {"mystnb": {"figure": {"name": "fig-a", "caption": "The share.\nHover for values."}}}}
    assert translate_caption(cell, {"The share. Hover for values.": "份额。悬停查看数值。"}) == []
    assert cell["metadata"]["mystnb"]["figure"] == {"name": "fig-a", "caption": "份额。悬停查看数值。"}
    assert translate_caption(cell, {}) == ["份额。悬停查看数值。"]


def test_every_notebook_page_has_a_translation_for_every_block():
    """The catalogues translate every paragraph, heading, list item, admonition, caption and
    exercise title of every published notebook (the titles are messages of their page's
    catalogue: rustbelt.book.sphinx_i18n.ExerciseTitles)."""
    assert {"chapters/challenges", "chapters/transitional_pain", "chapters/feasibility",
            "chapters/ten_years_on"} <= set(NOTEBOOK_DOCS)
    for doc in NOTEBOOK_DOCS:
        nb = jupytext.read(ROOT / f"{doc}.md")
        missing = translate_notebook(nb, catalogue(doc))
        assert missing == [], doc


def test_translation_keeps_every_glued_key_and_cross_reference_of_a_notebook():
    role = re.compile(r"\{(glue:text|glue|numref|ref|doc|cite:p|cite:t|glue:[a-z]+-to-[a-z]+)\}`([^`]*)`")

    def keys(text):
        # a number the Chinese prints in 万 or 亿 (glue:million-to-wan ...) keeps its key; its format
        # changes with its scale
        return sorted(("glue", body.rsplit(":", 1)[0]) if name.startswith("glue:") and name != "glue:text" or name == "glue:text"
                      else (name, body) for name, body in role.findall(text))

    def formats(text):
        return Counter(body for name, body in role.findall(text) if name == "glue:text")

    for doc in NOTEBOOK_DOCS:
        nb = jupytext.read(ROOT / f"{doc}.md")
        english = [c.source for c in nb.cells if c.cell_type == "markdown"]
        translate_notebook(nb, catalogue(doc))
        chinese = [c.source for c in nb.cells if c.cell_type == "markdown"]
        assert len(chinese) == len(english), doc
        for en, zh in zip(english, chinese, strict=True):
            assert keys(zh) == keys(en), (doc, en[:80])
            assert not formats(zh) - formats(en), (doc, en[:80])


# --- the environment check in Chinese --------------------------------------------------------

def test_the_chinese_check_sets_the_language_and_speaks_chinese(tmp_path):
    wheel = wheel_name()
    src = environment_check_source(wheel, "zh")
    assert src.index('os.environ.setdefault("RUSTBELT_LANG", "zh")') < src.index("import importlib.util")
    comments = [line for line in src.splitlines() if line.startswith("#")]
    assert comments and all(CJK.search(line) for line in comments)
    assert any('"en"' in line for line in comments)  # how to switch to English
    res = subprocess.run([sys.executable, "-S", "-I", "-c", src], cwd=tmp_path, capture_output=True, text=True)
    assert res.returncode != 0 and "ModuleNotFoundError" in res.stderr and "缺少：rustbelt" in res.stderr
    assert f'pip install "./{wheel}[notebook]"' in res.stderr
    env = {k: v for k, v in os.environ.items() if k != "RUSTBELT_LANG"}
    probe = src + "\nfrom rustbelt.i18n import lang\nprint('LANG=' + lang())\n"
    ok = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert ok.returncode == 0 and "环境正常" in ok.stdout and "LANG=zh" in ok.stdout
    # a reader's own choice wins
    mine = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                          env={**env, "RUSTBELT_LANG": "en"})
    assert "LANG=en" in mine.stdout
    assert "RUSTBELT_LANG" not in environment_check_source(wheel)
    with pytest.raises(ValueError, match="'fr'"):
        environment_check_source(wheel, "fr")


# --- the built Chinese downloads -------------------------------------------------------------

def _prose(text: str) -> bool:
    """Whether a block has words of its own (not only roles, maths, code or numbers)."""
    bare = re.sub(r"\{[^}]+\}`[^`]*`|`[^`]*`|\$[^$]*\$", " ", text)
    return re.search(r"[A-Za-z]{3,}", bare) is not None


def _blocks(markdown: str) -> list[str]:
    """Every block Sphinx would make a message of (translate_markdown with no catalogue)."""
    return translate_markdown(markdown, {})[1]


@pytest.mark.parametrize("doc", NOTEBOOK_DOCS)
def test_chinese_downloads_are_chinese_and_run_in_chinese(book_html, zh_html, doc):
    name = f"{doc.rsplit('/', 1)[-1]}.ipynb"
    zh = json.loads((zh_html / "_notebooks" / name).read_text(encoding="utf-8"))
    en = json.loads((book_html / "_notebooks" / name).read_text(encoding="utf-8"))
    shown = ["".join(c["source"]) for c in zh["cells"] if c["cell_type"] == "markdown"]
    # no raw Sphinx role: the Lab view applies to the translated prose
    raw = [m.group(0) for text in shown for m in lab_view.ROLE.finditer(text)]
    raw += [m.group(0) for text in shown for m in lab_view.GLUE_BLOCK.finditer(text)]
    assert not raw, f"{doc}: raw roles in the Chinese download: {raw[:5]}"
    # Chinese in every prose block, the exercises' titles included
    english = [b for text in shown for b in _blocks(lab_view.from_lab(text)) if _prose(b) and not CJK.search(b)]
    assert english == [], f"{doc}: English blocks: {english[:5]}"
    # every cell with English prose in the English download has Chinese in the Chinese one
    en_shown = ["".join(c["source"]) for c in en["cells"] if c["cell_type"] == "markdown"]
    assert len(en_shown) == len(shown), doc
    prose = [(e, z) for e, z in zip(en_shown, shown, strict=True) if any(map(_prose, _blocks(lab_view.from_lab(e))))]
    assert prose and [e[:80] for e, z in prose if not CJK.search(z)] == [], doc
    captions = [c["metadata"]["mystnb"]["figure"]["caption"] for c in zh["cells"]
                if isinstance(c["metadata"].get("mystnb", {}).get("figure", {}).get("caption"), str)]
    assert all(CJK.search(caption) for caption in captions), doc
    # exactly what the translation function makes of the page's source
    nb = jupytext.read(ROOT / f"{doc}.md")
    translate_notebook(nb, catalogue(doc))
    assert [lab_view.from_lab(text) for text in shown] == [c.source for c in nb.cells if c.cell_type == "markdown"]
    # the same code as the English download, after a first cell that sets the language
    zh_code = [c for c in zh["cells"] if c["cell_type"] == "code"]
    en_code = [c for c in en["cells"] if c["cell_type"] == "code"]
    assert ENV_CHECK_TAG in zh_code[0]["metadata"]["tags"] and ENV_CHECK_TAG in en_code[0]["metadata"]["tags"]
    assert [("".join(c["source"]), c["metadata"].get("tags")) for c in zh_code[1:]] == \
           [("".join(c["source"]), c["metadata"].get("tags")) for c in en_code[1:]], doc
    check = "".join(zh_code[0]["source"])
    assert 'os.environ.setdefault("RUSTBELT_LANG", "zh")' in check and "环境正常" in check
    assert "RUSTBELT_LANG" not in "".join(en_code[0]["source"])


def test_the_chinese_lab_view_shows_translated_titles_and_chinese_figure_numbers():
    english = lab_view.book_index(str(ROOT))
    chinese = notebook_i18n.translated_index(english, "zh", "图 %s")
    assert english.text("ref", "appendix-methods") == "Methods"
    assert chinese.text("ref", "appendix-methods") == catalogue("appendices/methods")["Methods"]
    assert english.text("numref", "fig-gdp-share") == "Fig. 1.1" and chinese.text("numref", "fig-gdp-share") == "图 1.1"
    assert chinese.cites == english.cites and english.titles["appendix-methods"] == "Methods"  # the original is kept
