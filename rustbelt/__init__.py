"""China's Rustbelt: the package behind the executable book.

Organised by concern: ``data`` (the catalog and its validating loader),
``parameters`` (every chapter parameter, declared once), ``regional`` (the
Northeast's macro indicators), ``model`` (Chapter 2's layoff model), ``charts``
(every figure), ``widgets`` (live explorers for a running kernel).
"""
from pathlib import Path

__version__ = "0.1.0"

ROOT = Path(__file__).resolve().parents[1]
#: the datasets: ``data/`` in a checkout of the book; in an installed wheel they are package
#: data, ``rustbelt/_data`` (see pyproject.toml), and there is no repository around them
_PACKAGED = Path(__file__).resolve().parent / "_data"
DATA_DIR = _PACKAGED if (_PACKAGED / "catalog.yml").exists() else ROOT / "data"


def _in_kernel() -> None:
    """In a Jupyter kernel, record glued values for the prose JupyterLab renders (rustbelt.lab)."""
    import sys

    if "ipykernel" in sys.modules:
        from rustbelt import lab

        lab.install()


_in_kernel()
