"""Write every chapter in the form JupyterLab saves it, so opening, running and saving a
chapter in Lab changes nothing in git.

    python -m rustbelt.book.notebook_files          # rewrite the chapters that differ
    python -m rustbelt.book.notebook_files --check  # list them and exit 1 (what the test checks)

A chapter is a MyST Markdown notebook that JupyterLab opens through Jupytext's contents
manager, configured by ``jupytext.toml``. Saving goes notebook -> Markdown, which writes the
front matter and every cell's options with Jupytext's YAML writer: the kernelspec in the
order JupyterLab sets it (name, display_name, language), and long option strings (figure
captions) as plain folded scalars. This script saves each chapter exactly that way, after
making two harmless changes a save would otherwise make differently every time: a
multi-line caption becomes one line (Markdown joins its lines with spaces anyway), and the
kernelspec is the one `make venv` installs (``python3``, "Python 3").
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from rustbelt import ROOT

#: the kernelspec as JupyterLab writes it (key order of @jupyterlab/notebook's panel)
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
LANGUAGE_INFO = {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
                 "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
                 "pygments_lexer": "ipython3", "version": "3.11.0"}


def chapters(root: Path = ROOT) -> list[Path]:
    """Every chapter notebook: the MyST Markdown files in chapters/ (whatever _toc.yml lists)."""
    return sorted(p for p in (root / "chapters").glob("*.md") if "kernelspec:" in p.read_text(encoding="utf-8")[:800])


def _contents_manager(root: Path):
    from jupyter_server.services.contents.largefilemanager import LargeFileManager
    from jupytext.sync_contentsmanager import build_sync_jupytext_contents_manager_class

    return build_sync_jupytext_contents_manager_class(LargeFileManager)(root_dir=str(root))


def _one_line(text):
    return " ".join(line.strip() for line in text.strip().splitlines()) if isinstance(text, str) else text


def lab_save(root: Path, rel: str, *, run: bool = True, canonical: bool = False) -> None:
    """Open ``rel`` (relative to ``root``, which must hold jupytext.toml) as JupyterLab does,
    optionally "run" it (outputs, execution counts, kernel metadata as a kernel leaves them),
    and save it through the same contents manager."""
    cm = _contents_manager(root)
    model = cm.get(rel)
    nb = model["content"]
    spec = nb.metadata.get("kernelspec", {})
    if canonical or run:
        nb.metadata["kernelspec"] = {k: spec.get(k, v) for k, v in KERNELSPEC.items()} if run else dict(KERNELSPEC)
    if run:
        nb.metadata["language_info"] = dict(LANGUAGE_INFO)
    for cell in nb.cells:
        if canonical:
            fig = cell.metadata.get("mystnb", {}).get("figure", {})
            if "caption" in fig:
                fig["caption"] = _one_line(fig["caption"])
        if run and cell.cell_type == "code":
            cell.execution_count = 1
            cell.outputs = [{"output_type": "stream", "name": "stdout", "text": "run\n"}]
            cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
        if run and cell.cell_type == "markdown" and cell.source.lstrip().startswith("#"):
            cell.metadata["jp-MarkdownHeadingCollapsed"] = True  # a reader folded this section
    cm.save(model, rel)


def saved_by_lab(path: Path, **kwargs) -> str:
    """The text of ``path`` after JupyterLab opened, ran and saved it (on a copy)."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "chapters").mkdir()
        shutil.copy2(ROOT / "jupytext.toml", tmp / "jupytext.toml")
        shutil.copy2(path, tmp / "chapters" / path.name)
        lab_save(tmp, f"chapters/{path.name}", **kwargs)
        return (tmp / "chapters" / path.name).read_text(encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only list the chapters a save would change")
    args = ap.parse_args(argv)
    changed = []
    for path in chapters():
        text = path.read_text(encoding="utf-8")
        if saved_by_lab(path) != text:
            changed.append(path)
            if not args.check:
                path.write_text(saved_by_lab(path, run=False, canonical=True), encoding="utf-8")
    for path in changed:
        print(f"{'would change' if args.check else 'normalized'}: {path.relative_to(ROOT)}")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
