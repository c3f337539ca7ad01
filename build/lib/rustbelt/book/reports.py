"""HTML pages the book's tools write outside Sphinx, from Jinja2 templates.

The scenario runner's reports and comparison, and the offline archive's landing page,
are rendered from ``rustbelt/templates/`` (autoescaped: text from a scenario file or
a dataset name can never inject markup; a chart's SVG is marked safe explicitly).
"""
from __future__ import annotations

import functools
import math
from typing import Any


def number(value: Any) -> str:
    """A number as the reports print it: 3 decimals below 1,000, none above; — for no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


@functools.cache
def environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("rustbelt", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["number"] = number
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
