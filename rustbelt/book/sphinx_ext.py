"""The book's Sphinx extensions, one module per concern; listing this one in ``_config.yml``
sets them all up.

- ``sphinx_downloads``: each chapter as a downloadable notebook (with an environment check),
  its datasets as CSV, the package as a wheel;
- ``sphinx_editions``: the web, student and print editions (solutions stripped for students);
- ``sphinx_print``: the one-page print builder behind ``make pdf``;
- ``sphinx_markup``: the ``{chapter}`` role, the ``{claims-list}`` directive, the accessible
  bibliography and the ``without_script`` template filter.

The figure panels (``sphinx_figures``) and the icon subset (``sphinx_icons``) are listed in
``_config.yml`` on their own.
"""
from __future__ import annotations

PARTS = ("sphinx_editions", "sphinx_downloads", "sphinx_print", "sphinx_markup")


def setup(app):
    for part in PARTS:
        app.setup_extension(f"rustbelt.book.{part}")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
