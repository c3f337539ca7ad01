"""The contents manager ``make lab`` runs JupyterLab with.

Jupytext's contents manager (chapters open as notebooks, ``jupytext.toml`` keeps a save
byte-identical), plus one step each way for MyST Markdown notebooks: on opening, the
Markdown cells' book-only roles become expressions jupyterlab-myst renders
(:func:`rustbelt.book.lab_view.notebook_to_lab`); on saving (autosave included) they are
turned back (:func:`~rustbelt.book.lab_view.notebook_from_lab`), so the file on disk never
changes. Start it as `make lab` does::

    jupyter lab --ServerApp.contents_manager_class=rustbelt.book.lab_server.ContentsManager \
                --LabApp.app_settings_dir=rustbelt/book/lab_settings
"""
from __future__ import annotations

import copy
from pathlib import Path

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from jupytext.async_contentsmanager import build_async_jupytext_contents_manager_class

from rustbelt.book import lab_view

_Base = build_async_jupytext_contents_manager_class(AsyncLargeFileManager)

#: JupyterLab's settings for the book (``lab_settings/overrides.json``): every cell attached
#: (windowing off, so jupyterlab-myst renders and evaluates every Markdown cell on Run All, not
#: only those in view), and no news pop-up
SETTINGS = Path(__file__).resolve().parent / "lab_settings"
#: what `make lab` and tests/test_lab.py add to ``jupyter lab``
LAB_ARGS = (f"--ServerApp.contents_manager_class={__name__}.ContentsManager", f"--LabApp.app_settings_dir={SETTINGS}")


def _is_myst_notebook(model: dict, path: str) -> bool:
    return model.get("type") == "notebook" and path.endswith(".md")


class ContentsManager(_Base):
    """Jupytext's contents manager, showing the book's MyST prose as jupyterlab-myst renders it."""

    async def get(self, path, content=True, type=None, format=None, **kwargs):
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if content and _is_myst_notebook(model, path) and model.get("content"):
            lab_view.notebook_to_lab(model["content"], lab_view.book_index(self.root_dir))
        return model

    async def save(self, model, path=""):
        if _is_myst_notebook(model, path) and model.get("content"):
            model = dict(model, content=copy.deepcopy(model["content"]))
            lab_view.notebook_from_lab(model["content"])
        return await super().save(model, path)
