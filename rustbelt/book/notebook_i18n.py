"""The Chinese edition's downloadable notebooks: each chapter's Markdown cells translated from
the same Sphinx catalogues (``locales/zh_CN/LC_MESSAGES/<docname>.po``) the Chinese pages use.

Sphinx translates a page node by node: every paragraph, heading, list item's paragraph, table
cell, admonition or exercise title and figure caption is a message whose ``msgid`` is the
node's ``rawsource`` with its newlines turned into spaces and stripped
(:func:`sphinx.util.nodes.extract_messages`). MyST gives a paragraph or a heading the inline
text of its markdown-it token as ``rawsource``, so parsing a Markdown cell with MyST's own
markdown-it configuration yields, block by block, exactly the ``msgid`` Sphinx looked up, and
the source lines the block came from. :func:`translate_markdown` replaces those lines with the
``msgstr`` (on one line, after the block's own prefix: ``#``, a list marker, indentation), and
leaves everything else alone: labels ``(name)=``, directive fences and their options, maths,
code. Directive bodies (admonitions, exercises) are translated the same way, recursively, and
a directive's argument (an admonition's or exercise's title) when it is a message. A figure
caption in a code cell's ``mystnb: figure: caption:`` metadata is a message too.

A block without a translation stays English (as on the Chinese page, where Sphinx keeps the
English when a ``msgstr`` is missing) and is returned, so the build and the tests can say which.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from rustbelt import ROOT
from rustbelt.book.build import SPHINX_LANGUAGE

LOCALE_DIR = ROOT / "locales"
#: the book's language -> the catalogue folder Sphinx reads
CATALOGUE_LANGUAGE = SPHINX_LANGUAGE
#: directives whose body is not MyST prose (code, maths, raw output, glued values)
LITERAL_DIRECTIVES = {"code", "code-block", "sourcecode", "code-cell", "math", "raw", "eval-rst", "literalinclude",
                      "csv-table", "glue", "glue:", "glue:md", "glue:text", "glue:figure", "glue:math", "glue:any",
                      "mermaid", "graphviz", "bibliography", "toctree"}
#: directives whose argument is a title Sphinx translates (others take a label, a path or nothing)
TITLE_DIRECTIVES = {"admonition", "exercise", "solution", "topic", "sidebar", "dropdown", "card", "tab-item", "rubric"}
DIRECTIVE = re.compile(r"^\{(?P<name>[^}\s]+)\}\s*(?P<argument>.*)$")
FENCES = ("fence", "colon_fence")
#: the block tokens whose inline text Sphinx makes a message of (paragraph, heading, table cell)
TEXT_BLOCKS = ("paragraph_open", "heading_open", "th_open", "td_open")


def message_id(text: str) -> str:
    """The ``msgid`` Sphinx forms from a node's ``rawsource``."""
    return text.replace("\n", " ").strip()


def catalogue(docname: str, lang: str = "zh", locale_dir: Path = LOCALE_DIR) -> dict[str, str]:
    """``msgid -> msgstr`` of a page's catalogue, as Sphinx compiles it: translated entries only
    (neither fuzzy nor obsolete). Empty when the page has no catalogue."""
    import polib

    path = Path(locale_dir) / CATALOGUE_LANGUAGE[lang] / "LC_MESSAGES" / f"{docname}.po"
    if not path.exists():
        return {}
    return {e.msgid: e.msgstr for e in polib.pofile(str(path))
            if e.msgid and e.msgstr and not e.obsolete and "fuzzy" not in e.flags}


@functools.cache
def all_catalogues(lang: str = "zh", locale_dir: Path = LOCALE_DIR) -> dict[str, str]:
    """Every page's catalogue in one (for titles that a page refers to on another page)."""
    folder = Path(locale_dir) / CATALOGUE_LANGUAGE[lang] / "LC_MESSAGES"
    merged: dict[str, str] = {}
    for po in sorted(folder.rglob("*.po")):
        merged.update(catalogue(po.relative_to(folder).with_suffix("").as_posix(), lang, locale_dir))
    return merged


@functools.cache
def _parser():
    """markdown-it as MyST configures it for the book (_config.yml's myst_enable_extensions)."""
    import yaml
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    extensions = set(config["parse"]["myst_enable_extensions"])
    return create_md_parser(MdParserConfig(enable_extensions=extensions), RendererHTML)


def _split_options(body: str) -> tuple[str, str]:
    """A directive's body as (options, content): a ``---`` YAML block or leading ``:key:`` lines."""
    lines = body.splitlines(keepends=True)
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                return "".join(lines[:i + 1]), "".join(lines[i + 1:])
        return body, ""
    i = 0
    while i < len(lines) and re.match(r"^\s*:[\w\-]+:", lines[i]):
        i += 1
    return "".join(lines[:i]), "".join(lines[i:])


def translate_markdown(source: str, messages: dict[str, str]) -> tuple[str, list[str]]:
    """``source`` (MyST Markdown) with every block that has a ``msgstr`` in ``messages``
    translated, and the ``msgid`` of every block that has none (in order)."""
    lines = source.splitlines(keepends=True)
    tokens = _parser().parse(source)
    edits: list[tuple[int, int, list[str]]] = []  # (first line, end line, replacement lines)
    missing: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "inline" and i and tokens[i - 1].type in TEXT_BLOCKS and token.map:
            msgid = message_id(token.content)
            if not msgid:
                continue
            if msgid not in messages:
                missing.append(msgid)
                continue
            first, end = token.map
            if tokens[i - 1].type in ("th_open", "td_open"):  # a table row: replace the cell in its line
                row = lines[first]
                at = row.find(token.content.strip())
                if at < 0:
                    missing.append(msgid)
                    continue
                new = row[:at] + messages[msgid] + row[at + len(token.content.strip()):]
                edits.append((first, first + 1, [new]))
                continue
            head = token.content.split("\n", 1)[0].strip()
            at = lines[first].find(head) if head else -1
            if at < 0:  # cannot place it: keep the English, say so
                missing.append(msgid)
                continue
            ending = "\n" if lines[end - 1].endswith("\n") else ""
            edits.append((first, end, [lines[first][:at] + messages[msgid] + ending]))
        elif token.type in FENCES and token.map:
            m = DIRECTIVE.match(token.info.strip())
            if not m or m.group("name") in LITERAL_DIRECTIVES:
                continue
            first, end = token.map
            opening = lines[first]
            new_opening = opening
            argument = m.group("argument").strip()
            if argument and m.group("name") in TITLE_DIRECTIVES:
                arg_id = message_id(argument)
                if arg_id in messages:
                    at = opening.rfind(argument)
                    new_opening = opening[:at] + messages[arg_id] + opening[at + len(argument):]
                else:
                    missing.append(arg_id)
            closed = end - first >= 2 and lines[end - 1].strip().startswith(token.markup)
            body_end = end - 1 if closed else end
            options, content = _split_options(token.content)
            translated, lacking = translate_markdown(content, messages)
            missing += lacking
            indent = opening[:len(opening) - len(opening.lstrip())]
            body = options + translated
            body_lines = [(indent + line if line.strip() else line) for line in body.splitlines(keepends=True)]
            if body_lines and not body_lines[-1].endswith("\n") and closed:
                body_lines[-1] += "\n"
            edits.append((first, body_end, [new_opening, *body_lines]))
    for first, end, new in sorted(edits, reverse=True):
        lines[first:end] = new
    return "".join(lines), missing


def translate_caption(cell, messages: dict[str, str]) -> list[str]:
    """Translate the figure caption in a code cell's ``mystnb`` metadata, in place; the caption's
    ``msgid`` in a list if it has no translation."""
    figure = cell.get("metadata", {}).get("mystnb", {}).get("figure", {})
    caption = figure.get("caption") if isinstance(figure, dict) else None
    if not isinstance(caption, str) or not message_id(caption):
        return []
    msgid = message_id(caption)
    if msgid not in messages:
        return [msgid]
    figure["caption"] = messages[msgid]
    return []


def _source(cell) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def translate_notebook(nb, messages: dict[str, str]) -> list[str]:
    """Translate every Markdown cell and figure caption of ``nb`` in place; the ``msgid`` of
    every block left in English."""
    missing: list[str] = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text, lacking = translate_markdown(_source(cell), messages)
            cell["source"] = text
            missing += lacking
        elif cell["cell_type"] == "code":
            missing += translate_caption(cell, messages)
    return missing


def translated_index(index, lang: str = "zh", figure_format: str | None = None):
    """A copy of the Lab view's :class:`~rustbelt.book.lab_view.BookIndex` whose section and
    page titles are the catalogues' translations, and whose figure numbers use ``figure_format``
    (Sphinx's ``numfig_format['figure']`` of the edition, e.g. ``"图 %s"``)."""
    import dataclasses

    messages = all_catalogues(lang)
    figures = dict(index.figures)
    if figure_format:
        figures = {name: figure_format % text.split(" ", 1)[-1] for name, text in figures.items()}
    return dataclasses.replace(
        index,
        titles={k: messages.get(message_id(v), v) for k, v in index.titles.items()},
        doc_titles={k: messages.get(message_id(v), v) for k, v in index.doc_titles.items()},
        figures=figures,
    )
