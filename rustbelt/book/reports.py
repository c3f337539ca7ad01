"""HTML pages the book's tools write outside Sphinx, from Jinja2 templates.

The scenario runner's reports and comparison, and the offline archive's landing page,
are rendered from ``rustbelt/templates/`` (autoescaped: text from a scenario file or
a dataset name can never inject markup; a chart's SVG is marked safe explicitly).

Their words are in the language they are rendered in (``lang``): the templates mark them with
Jinja2's ``{% trans %}`` (the ``i18n`` extension), looked up in the package's catalogue
(:func:`rustbelt.i18n.t`, ``rustbelt/locale/zh/reports.yml``); :func:`messages` lists them, so a
test can check that every one has Chinese.
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


#: the ``lang`` attribute of a report's page
HTML_LANG = {"en": "en", "zh": "zh-CN"}


@functools.cache
def environment(lang: str = "en"):
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    from rustbelt.i18n import t

    env = Environment(loader=PackageLoader("rustbelt", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      extensions=["jinja2.ext.i18n"])
    env.filters["number"] = number
    env.install_gettext_callables(gettext=lambda text: t(text, lang),
                                  ngettext=lambda one, many, n: t(one if n == 1 else many, lang), newstyle=True)
    env.globals["html_lang"] = HTML_LANG[lang]
    return env


def render(template: str, lang: str = "en", **context: Any) -> str:
    """``template`` rendered with ``context``, its words in ``lang`` (``en`` or ``zh``)."""
    return environment(lang).get_template(template).render(**context)


def messages() -> set[str]:
    """Every English message the templates mark for translation (``{% trans %}``, ``_()``)."""
    env = environment()
    found = set()
    for name in env.list_templates(extensions=["j2"]):
        source = env.loader.get_source(env, name)[0]
        for _line, _func, message in env.extract_translations(source):
            found.update([message] if isinstance(message, str) else [m for m in message if m])
    return found
