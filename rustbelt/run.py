"""Execute a chapter with papermill and read back the numbers it glued.

Chapters are MyST Markdown notebooks; papermill reads only ``.ipynb``, so the
chapter is converted in memory with jupytext (which keeps the ``parameters``
tag) and executed from the chapter's folder.
"""
from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import Any

from . import ROOT
from .i18n import ENV_VAR as LANG_VAR
from .parameters import BOOK, CHAPTERS, validate, validate_book

CHAPTER_DIR = ROOT / "chapters"
GLUE_PREFIX = "application/papermill.record/"


def chapter_path(chapter: str) -> Path:
    path = CHAPTER_DIR / f"{chapter}.md"
    if not path.exists():
        raise ValueError(f"unknown chapter {chapter!r}; chapters: {sorted(p.stem for p in CHAPTER_DIR.glob('*.md'))}")
    return path


def execute_chapter(chapter: str, parameters: dict[str, Any] | None = None, output_path: str | Path | None = None,
                    timeout: int = 600, validate_first: bool = True, chart_output: str = "book",
                    progress_bar: bool = False):
    """Run ``chapters/<chapter>.md`` with ``parameters``; return the executed notebook.

    ``timeout`` bounds each cell (seconds): a stalled kernel fails instead of hanging.
    By default (``validate_first=True``) the parameters are checked against the book's
    parameter table before a kernel starts, so a bad value fails in well under a second
    with :class:`rustbelt.parameters.ParameterError` naming the parameter, the value and
    what is allowed. The chapter checks them again in its first cell either way
    (``validate_first=False`` lets that in-notebook check be the one that fails).
    """
    parameters = dict(parameters or {})
    # book-wide parameters (``lang``) are not in a chapter's parameters cell: the kernel reads them
    # from its environment (rustbelt.i18n.lang), so they are checked here, always, and passed that way
    book = validate_book(**{p.name: parameters.pop(p.name) for p in BOOK if p.name in parameters})
    if validate_first and chapter in CHAPTERS:
        validate(chapter, **parameters)  # before the slow imports and the kernel
    import jupytext
    import papermill as pm

    nb = jupytext.read(chapter_path(chapter))
    out = str(output_path) if output_path is not None else None
    # the kernel inherits these: the chart output mode, and no live widgets in a batch run
    # (see rustbelt.widgets: their comms can stall a parallel run until the cell timeout)
    batch_env = {"RUSTBELT_CHART_OUTPUT": chart_output, "RUSTBELT_LIVE_WIDGETS": "off", LANG_VAR: book["lang"]}
    env_before = {k: os.environ.get(k) for k in batch_env}
    os.environ.update(batch_env)
    try:
        for attempt in range(KERNEL_START_ATTEMPTS):
            try:
                return pm.execute_notebook(
                    nb, out, parameters=parameters, cwd=str(CHAPTER_DIR), execution_timeout=timeout,
                    kernel_name="python3", progress_bar=progress_bar, log_output=False,
                )
            except RuntimeError as e:  # the kernel died before running anything: start another
                if str(e) != KERNEL_DIED_AT_START or attempt == KERNEL_START_ATTEMPTS - 1:
                    raise
    finally:
        for k, v in env_before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


#: jupyter_client picks free TCP ports, releases them and starts the kernel, which binds them;
#: when several chapters start kernels at once (the test grid, a seminar's scenarios) another
#: process can take one in between, and the kernel dies at start-up ("Address already in use",
#: then this error), before any cell has run: a new kernel, with new ports, is then started
KERNEL_DIED_AT_START = "Kernel died before replying to kernel_info"
KERNEL_START_ATTEMPTS = 3


def glued(nb) -> dict[str, Any]:
    """The values a notebook glued with ``myst_nb.glue``, as Python objects (from their text repr)."""
    values: dict[str, Any] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("scrapbook")
            if not meta:
                continue
            data = output.get("data", {})
            text = data.get(meta.get("mime_prefix", "") + "text/plain")
            if text is None:
                continue
            try:
                values[meta["name"]] = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                values[meta["name"]] = text
    return values
