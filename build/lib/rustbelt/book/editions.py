"""The book's two editions: the full (teacher's) edition and the student edition.

The student edition is the same book with every solution taken out *before* Sphinx
parses a page, so no page, page source, notebook or search index can hold one. What
counts as hidden in the student edition, in MyST source (found
from markdown-it-py's block tokens, as MyST itself parses the page):

* a ``{solution}`` directive block (sphinx-exercise), with ``` or ::: fences;
* everything from a ``{solution-start}`` directive to the end of its
  ``{solution-end}`` directive (sphinx-exercise's gated form, which may hold code cells);
* a ``{code-cell}`` tagged ``solution``;
* any directive block whose ``:class:`` includes ``teacher-only`` (e.g. the teaching
  guide's notes on what to listen for).

:func:`strip_hidden` removes them; :func:`hidden_blocks` returns them (the tests use it
to know which text must not appear in the student edition).
"""
from __future__ import annotations

import functools
import os
import re

EDITIONS = ("full", "student")
ENV_VAR = "RUSTBELT_EDITION"

DIRECTIVE_RE = re.compile(r"^\{(?P<name>[a-zA-Z0-9_:-]+)\}")
FENCE_TYPES = ("fence", "colon_fence")


@functools.cache
def _parser():
    """CommonMark with the two MyST block syntaxes that matter here: front matter, ::: fences."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").use(front_matter_plugin).use(colon_fence_plugin)


def edition() -> str:
    """The edition being built, from ``RUSTBELT_EDITION`` (default ``full``)."""
    value = os.environ.get(ENV_VAR, "full")
    if value not in EDITIONS:
        raise ValueError(f"{ENV_VAR}={value!r}: allowed values are {list(EDITIONS)}")
    return value


def _options(content: str) -> tuple[set[str], set[str]]:
    """The classes and tags a directive block declares (``:class:``/``:tags:`` or YAML front)."""
    classes: set[str] = set()
    tags: set[str] = set()
    for line in content.split("\n")[:12]:  # options come first; a directive's content never needs scanning
        m = re.match(r"^\s*:?(class|tags)\s*:\s*(.*)$", line)
        if not m:
            continue
        words = set(re.findall(r"[A-Za-z0-9_-]+", m.group(2)))
        (classes if m.group(1) == "class" else tags).update(words)
    return classes, tags


def _check_closed(token, lines: list[str]) -> None:
    # markdown-it runs an unclosed fence to the end of the document; here that is a mistake
    start, end = token.map
    closing = lines[end - 1].strip() if end - 1 > start else ""
    if not (closing and set(closing) == {token.markup[0]} and len(closing) >= len(token.markup)):
        raise ValueError(f"unclosed {token.markup} block opened on line {start + 1}: {lines[start].strip()}")


def _hidden_spans(text: str) -> list[tuple[int, int]]:
    """(first line, line after last) of every block hidden in the student edition."""
    lines = text.split("\n")
    spans: list[tuple[int, int]] = []
    gated_start: int | None = None
    for token in _parser().parse(text):
        if token.type not in FENCE_TYPES or token.level != 0 or not token.info.strip():
            continue
        _check_closed(token, lines)
        start, end = token.map
        d = DIRECTIVE_RE.match(token.info.strip())
        name = d["name"] if d else ""
        if name == "solution-start":
            if gated_start is not None:
                raise ValueError(f"solution-start on line {start + 1} inside another solution (line {gated_start + 1})")
            gated_start = start
        elif name == "solution-end":
            if gated_start is None:
                raise ValueError(f"solution-end on line {start + 1} without a solution-start")
            spans.append((gated_start, end))
            gated_start = None
        elif gated_start is None:
            classes, tags = _options(token.content)
            if name == "solution" or "teacher-only" in classes or (name == "code-cell" and "solution" in tags):
                spans.append((start, end))
    if gated_start is not None:
        raise ValueError(f"solution-start on line {gated_start + 1} has no solution-end")
    return spans


def hidden_blocks(text: str) -> list[str]:
    """The source text of every block the student edition leaves out."""
    lines = text.split("\n")
    return ["\n".join(lines[a:b]) for a, b in _hidden_spans(text)]


def strip_hidden(text: str) -> str:
    """``text`` without the blocks the student edition leaves out."""
    spans = _hidden_spans(text)
    if not spans:
        return text
    lines = text.split("\n")
    keep: list[str] = []
    pos = 0
    for a, b in spans:
        keep.extend(lines[pos:a])
        pos = b
    keep.extend(lines[pos:])
    out = "\n".join(keep)
    # a removed block between two cell breaks leaves an empty markdown cell behind
    out = re.sub(r"\n\+\+\+[^\n]*\n(\s*\n)*(?=\+\+\+)", "\n", out)
    return re.sub(r"\n{3,}", "\n\n", out)
