"""Sphinx extension: the book's editions (``rustbelt_edition``: web, student, print).

The student edition takes the solutions out of the source before anything parses it, and
out of the "show source" copies after the build; which edition is built is chosen by
``rustbelt.book.build`` through the environment (``rustbelt.book.editions.edition``).
"""
from __future__ import annotations

from pathlib import Path

from .editions import EDITIONS, edition, strip_hidden


def student(app) -> bool:
    return app.config.rustbelt_edition == "student"


def check_edition(app, config):
    if config.rustbelt_edition not in EDITIONS:
        raise ValueError(f"rustbelt_edition={config.rustbelt_edition!r}: allowed values are {list(EDITIONS)}")
    if config.rustbelt_edition == "student":
        config.html_title = f"{config.html_title or config.project} (student edition)"


def strip_solutions(app, docname, source):
    """Student edition: take solutions out of the source before Sphinx or myst-nb parse it,
    so no page, doctree, executed notebook or search index ever sees them."""
    if student(app):
        source[0] = strip_hidden(source[0])


def strip_page_sources(app, exception):
    """Student edition: the "show source" copies (``_sources/``) are taken from the files
    on disk, not from the parsed text; strip them too."""
    if exception is not None or app.builder.format != "html" or not student(app):
        return
    for path in (Path(app.outdir) / "_sources").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            stripped = strip_hidden(text)
            if stripped != text:
                path.write_text(stripped, encoding="utf-8")


def setup(app):
    app.add_config_value("rustbelt_edition", edition(), "env", [str])
    app.connect("config-inited", check_edition)
    app.connect("source-read", strip_solutions)
    app.connect("build-finished", strip_page_sources)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
