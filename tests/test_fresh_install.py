"""A reader's machine: a fresh virtual environment outside the repository installs the book's
wheel from a local wheelhouse (no package index), and every downloaded chapter notebook runs
there from an empty folder, in batch (live widgets off), gluing the same values as the book."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

from rustbelt.book.notebook_files import chapters  # noqa: E402
from rustbelt.run import execute_chapter, glued  # noqa: E402

TIMEOUT = 600


@pytest.fixture(scope="module")
def fresh_venv(book_html, tmp_path_factory) -> Path:
    """``pip install --no-index --find-links wheelhouse "rustbelt[notebook]"`` in a new venv
    under the system's temporary folder (the wheelhouse is downloaded once, as `make dist` does)."""
    from filelock import FileLock

    from rustbelt.book import dist

    with FileLock(str(ROOT / "_build" / "wheelhouse.lock")):
        house = dist.wheelhouse()
    venv = Path(tempfile.mkdtemp(prefix="rustbelt-reader-")) / "venv"
    assert not venv.is_relative_to(ROOT)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    res = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-index",
                          "--find-links", str(house), "rustbelt[notebook]"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-3000:]
    yield venv
    shutil.rmtree(venv.parent, ignore_errors=True)


def test_downloaded_notebooks_run_in_a_fresh_install_and_glue_the_book_s_values(fresh_venv, book_html, tmp_path):
    """One test for every chapter, so that one venv serves them all whichever xdist worker runs it."""
    for path in chapters():
        _run_downloaded(path.stem, fresh_venv, book_html, tmp_path / path.stem)


def _run_downloaded(chapter: str, fresh_venv: Path, book_html: Path, tmp_path: Path) -> None:
    import nbformat

    work = tmp_path / "reader"
    work.mkdir(parents=True)
    shutil.copy2(book_html / "_notebooks" / f"{chapter}.ipynb", work / f"{chapter}.ipynb")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RUSTBELT_", "PYTHON", "JUPYTER", "VIRTUAL_ENV"))}
    env.update(RUSTBELT_LIVE_WIDGETS="off", PATH=f"{fresh_venv / 'bin'}:/usr/bin:/bin")
    res = subprocess.run([str(fresh_venv / "bin" / "papermill"), f"{chapter}.ipynb", "out.ipynb", "-k", "python3",
                          "--execution-timeout", str(TIMEOUT), "--no-progress-bar"],
                         cwd=work, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert res.returncode == 0, res.stderr[-3000:]
    out = nbformat.read(work / "out.ipynb", as_version=4)
    first = next(c for c in out.cells if c.cell_type == "code")
    assert "Environment OK: rustbelt" in json.dumps(first.outputs)
    # the package came from the fresh install, not from this repository
    probe = subprocess.run([str(fresh_venv / "bin" / "python"), "-c", "import rustbelt; print(rustbelt.DATA_DIR)"],
                           cwd=work, env=env, capture_output=True, text=True)
    assert str(fresh_venv) in probe.stdout and str(ROOT) not in probe.stdout
    book = glued(execute_chapter(chapter, timeout=TIMEOUT))
    reader = glued(out)
    assert reader.keys() == book.keys() and len(book) > 5, chapter
    assert reader == book, chapter


def test_without_the_package_the_first_code_cell_says_what_to_install(book_html, tmp_path):
    """A reader's Jupyter without the book's package (a fresh venv with only papermill and a
    kernel, from the same local wheelhouse): a downloaded chapter stops at its first code cell,
    whose error names the missing package, the wheel and the pip command."""
    import nbformat
    from filelock import FileLock

    from rustbelt.book import dist
    from rustbelt.book.sphinx_downloads import wheel_name

    with FileLock(str(ROOT / "_build" / "wheelhouse.lock")):
        house = dist.wheelhouse()
    venv = Path(tempfile.mkdtemp(prefix="rustbelt-bare-")) / "venv"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        res = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-index",
                              "--find-links", str(house), "papermill", "ipykernel"], capture_output=True, text=True)
        assert res.returncode == 0, res.stderr[-3000:]
        chapter = chapters()[0].stem
        work = tmp_path / "reader"
        work.mkdir()
        shutil.copy2(book_html / "_notebooks" / f"{chapter}.ipynb", work / f"{chapter}.ipynb")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("RUSTBELT_", "PYTHON", "JUPYTER", "VIRTUAL_ENV"))}
        env.update(PATH=f"{venv / 'bin'}:/usr/bin:/bin")
        res = subprocess.run([str(venv / "bin" / "papermill"), f"{chapter}.ipynb", "out.ipynb", "-k", "python3",
                              "--no-progress-bar"], cwd=work, env=env, capture_output=True, text=True, timeout=TIMEOUT)
        assert res.returncode != 0
        out = nbformat.read(work / "out.ipynb", as_version=4)
        first = next(c for c in out.cells if c.cell_type == "code")
        errors = [o for o in first.outputs if o.output_type == "error"]
        assert errors, first.outputs
        assert errors[0].ename == "ModuleNotFoundError"
        assert "missing: rustbelt" in errors[0].evalue
        assert f'pip install "./{wheel_name()}[notebook]"' in errors[0].evalue
        # and nothing after it ran
        later = [c for c in out.cells if c.cell_type == "code" and c is not first]
        assert all(c.execution_count is None for c in later)
    finally:
        shutil.rmtree(venv.parent, ignore_errors=True)
