"""In a Jupyter kernel: the glued values, for the prose JupyterLab renders.

``make lab`` shows each chapter with its ``{glue:text}`` roles as jupyterlab-myst
``{eval}`glue_text("key:.2f")``` expressions (:mod:`rustbelt.book.lab_view`); jupyterlab-myst
evaluates them in this kernel when a Markdown cell runs. :func:`install` (called when
``rustbelt`` is imported in an IPython kernel) records every value ``myst_nb.glue`` displays,
and puts :func:`glue_text` and :func:`glue_block` in the notebook's namespace. Values are
formatted exactly as myst-nb formats ``{glue:text}`` in the book, so the prose reads the same
in Lab as on the web, for whatever parameters the reader set.
"""
from __future__ import annotations

from ast import literal_eval
from typing import Any

from .i18n import UNIT_SCALES, scaled_format

#: the last bundle glued under each key in this kernel: {key: {mimetype: data}}
GLUED: dict[str, dict[str, Any]] = {}
_INSTALLED: set[int] = set()


def _record(msg: dict) -> dict:
    """An IPython display-publisher hook: keep what ``glue`` displays, then let it through."""
    try:
        content = msg.get("content", {})
        scrap = (content.get("metadata") or {}).get("scrapbook")
        if isinstance(scrap, dict) and "name" in scrap:
            prefix = scrap.get("mime_prefix", "")
            GLUED[scrap["name"]] = {k[len(prefix):]: v for k, v in content.get("data", {}).items() if k.startswith(prefix)}
    except Exception:  # never break a cell's display
        pass
    return msg


def format_plain_text(text: str, fmt_spec: str) -> str:
    """myst-nb's formatting of a glued ``text/plain`` (``myst_nb.core.variables``)."""
    try:
        value = literal_eval(text)
    except (SyntaxError, ValueError):
        value = text
    if fmt_spec == "":
        return str(value)
    kind = fmt_spec[-1]
    if kind == "s":
        value = str(value)
    elif kind in "bcdoxX":
        value = int(value)
    elif kind in "eEfFgGn%":
        value = float(value)
    return format(value, fmt_spec)


class Text(str):
    """A string shown without quotes (IPython's plain-text repr)."""

    def _repr_pretty_(self, p, cycle):
        p.text(str(self))


def _bundle(key: str) -> dict[str, Any]:
    if key not in GLUED:
        raise KeyError(f"{key!r} is not glued yet: run the code cells above this one (Run All)")
    return GLUED[key]


def glue_text(content: str, role: str = "glue:text") -> Text:
    """The text ``{glue:text}`content``` shows: ``key`` or ``key:format_spec``; with a unit
    conversion's role (``glue:million-to-wan``) the value scaled as the Chinese page prints it."""
    key, _, spec = content.rpartition(":") if ":" in content else (content, "", "")
    data = _bundle(key)
    if "text/plain" not in data:
        raise ValueError(f"{key!r} has no text/plain output to show")
    conversion = role.removeprefix("glue:")
    if conversion in UNIT_SCALES:
        return Text(scaled_format(float(literal_eval(data["text/plain"])), f"{spec}@{conversion}"))
    return Text(format_plain_text(data["text/plain"], spec if role == "glue:text" else ""))


class _Rich:
    def __init__(self, data: dict[str, Any]):
        self.data = data

    def _repr_mimebundle_(self, include=None, exclude=None):
        return dict(self.data)


def glue_block(key: str, directive: str = "glue:", options: str = "") -> _Rich:
    """What a ``{glue:md}`` / ``{glue:}`` block shows: the glued output itself (Markdown, a table)."""
    data = dict(_bundle(key))
    if directive == "glue:md" and "text/plain" in data:
        text = format_plain_text(data["text/plain"], "")
        return _Rich({"text/markdown": text, "text/plain": text})
    return _Rich(data)


def install(shell=None) -> None:
    """Record glued values in this IPython kernel and offer ``glue_text``/``glue_block``."""
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    publisher = getattr(shell, "display_pub", None)
    if shell is None or not hasattr(publisher, "register_hook") or id(shell) in _INSTALLED:
        return
    publisher.register_hook(_record)
    shell.user_ns.setdefault("glue_text", glue_text)
    shell.user_ns.setdefault("glue_block", glue_block)
    _INSTALLED.add(id(shell))
