"""Sphinx extension: the print builder (``printhtml``), the whole book on one page for ``make pdf``."""
from __future__ import annotations

from sphinx.builders.singlehtml import SingleFileHTMLBuilder


class PrintHTMLBuilder(SingleFileHTMLBuilder):
    """The whole book on one page, for printing to PDF (``make pdf``).

    A single-page build under a name of its own: Sphinx gives a builder the node handlers
    registered for its name, or for its format when no extension registered any for the
    name. sphinx-exercise registers ``singlehtml`` handlers, which would hide every other
    extension's ``html`` ones (myst-nb's hidden code cells) from the stock ``singlehtml``
    builder; under this name every extension's HTML handlers apply.
    """

    name = "printhtml"


def print_builder_settings(app, config):
    """myst-nb picks outputs by builder name: print the same outputs as the single-page HTML."""
    from myst_nb.core.render import base_render_priority

    config.nb_mime_priority_overrides = [
        *config.nb_mime_priority_overrides,
        *((PrintHTMLBuilder.name, mime, rank) for mime, rank in base_render_priority()["singlehtml"].items()),
    ]


def print_builder_assets(app):
    # one page holds every chapter: load MathJax whether or not Sphinx saw maths on "the" page
    if app.builder.name == PrintHTMLBuilder.name:
        app.set_html_assets_policy("always")


def setup(app):
    app.add_builder(PrintHTMLBuilder)
    app.connect("config-inited", print_builder_settings)
    app.connect("builder-inited", print_builder_assets)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
