"""The numbers and phrases each chapter's prose quotes, one function per section.

A chapter glues what a section function returns, in one line placed before the prose
that uses it (:func:`glue_all`); the functions are ordinary code, unit tested without
running a notebook (``tests/test_chapter_numbers*.py``; Chapter 4's live in
:mod:`rustbelt.tenyears`). The analysis a reader should see (loading a dataset, the key
computation, the table behind a figure) stays in the chapter's visible cells.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def glue_all(values: Mapping[str, Any]) -> None:
    """Glue every value under its key, for ``{glue:text}`` in the prose (no cell output).
    A string is glued in the run's language (``lang``, :mod:`rustbelt.i18n`): a sentence whose
    words depend on the parameters is already written in it by the function that writes it (each
    takes ``lang``, default the run's); a name, a vintage or a fixed phrase is looked up in the
    package's catalogue here. Numbers are glued as they are in every language."""
    from myst_nb import glue

    from ..i18n import t

    for key, value in values.items():
        glue(key, t(value) if isinstance(value, str) else value, display=False)
