"""The book's two editions: the full (teacher's) edition and the student edition.

The student edition is the same book with every solution taken out *before* Sphinx
parses a page, so no page, page source, notebook or search index can hold one. What
counts as hidden in the student edition, in MyST source:

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

import os
import re

EDITIONS = ("full", "student")
ENV_VAR = "RUSTBELT_EDITION"

FENCE_RE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|:{3,})\s*(?P<info>.*?)\s*$")
DIRECTIVE_RE = re.compile(r"^\{(?P<name>[a-zA-Z0-9_:-]+)\}")


def edition() -> str:
    """The edition being built, from ``RUSTBELT_EDITION`` (default ``full``)."""
    value = os.environ.get(ENV_VAR, "full")
    if value not in EDITIONS:
        raise ValueError(f"{ENV_VAR}={value!r}: allowed values are {list(EDITIONS)}")
    return value


def _block_end(lines: list[str], start: int) -> int:
    """Index of the line after the fenced block opening at ``start``."""
    m = FENCE_RE.match(lines[start])
    char, length = m["fence"][0], len(m["fence"])
    for i in range(start + 1, len(lines)):
        close = FENCE_RE.match(lines[i])
        if close and close["fence"][0] == char and len(close["fence"]) >= length and not close["info"]:
            return i + 1
    raise ValueError(f"unclosed {m['fence']} block opened on line {start + 1}: {lines[start].strip()}")


def _options(lines: list[str], start: int, end: int) -> tuple[set[str], set[str]]:
    """The classes and tags a directive block declares (``:class:``/``:tags:`` or YAML front)."""
    classes: set[str] = set()
    tags: set[str] = set()
    body = lines[start + 1:end - 1]
    for line in body[:12]:  # options come first; a directive's content never needs scanning
        m = re.match(r"^\s*:?(class|tags)\s*:\s*(.*)$", line)
        if not m:
            continue
        words = set(re.findall(r"[A-Za-z0-9_-]+", m.group(2)))
        (classes if m.group(1) == "class" else tags).update(words)
    return classes, tags


def _hidden_spans(text: str) -> list[tuple[int, int]]:
    """(first line, line after last) of every block hidden in the student edition."""
    lines = text.split("\n")
    spans: list[tuple[int, int]] = []
    i = 0
    gated_start: int | None = None
    while i < len(lines):
        m = FENCE_RE.match(lines[i])
        if not m or not m["info"]:
            i += 1
            continue
        end = _block_end(lines, i)
        d = DIRECTIVE_RE.match(m["info"])
        name = d["name"] if d else ""
        if name == "solution-start":
            if gated_start is not None:
                raise ValueError(f"solution-start on line {i + 1} inside another solution (line {gated_start + 1})")
            gated_start = i
        elif name == "solution-end":
            if gated_start is None:
                raise ValueError(f"solution-end on line {i + 1} without a solution-start")
            spans.append((gated_start, end))
            gated_start = None
        elif gated_start is None:
            classes, tags = _options(lines, i, end)
            if name == "solution" or "teacher-only" in classes or (name == "code-cell" and "solution" in tags):
                spans.append((i, end))
        i = end
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
