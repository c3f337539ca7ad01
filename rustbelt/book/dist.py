"""Pack an offline edition of the book into one zip, for a USB stick.

    python -m rustbelt.book.dist                     # _build/dist/chinas-rustbelt-offline.zip
    python -m rustbelt.book.dist --edition student   # _build/dist/chinas-rustbelt-student-offline.zip

`make dist` / `make dist-student` build the web book and the PDF first. The archive holds
one folder, ``chinas-rustbelt/`` (``chinas-rustbelt-student/``), with:

    index.html        start here: links to everything below
    README.txt        how to open it with no network, or serve it locally
    site/             the web book (open site/intro.html from disk, or serve the folder); site/zh/
                      the Chinese edition (中文版, site/zh/intro.html), with a switch on every page
    <name>.pdf        the whole book as a PDF; <name>-zh.pdf the Chinese edition (中文版)
    notebooks/        every chapter as a Jupyter notebook (.ipynb)
    data/             every dataset as CSV, with catalog.yml (sources, units, vintages, licences)
    source/           the book's Python package, chapters and scenario files, to run the
                      notebooks and the scenario runner where Python is installed
    wheels/           the book's package as a wheel, with its datasets (rustbelt-<version>-py3-none-any.whl)
    wheelhouse/       every dependency of ``rustbelt[notebook]`` (JupyterLab included) as wheels for
                      Python 3.11 on Linux x86-64 and Windows x86-64, so that
                      ``pip install --no-index --find-links wheelhouse "rustbelt[notebook]"`` works with
                      no internet (full edition only; downloaded once from PyPI, cached in
                      ``_build/wheelhouse/``)
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from rustbelt import ROOT
from rustbelt.book.build import output_dir
from rustbelt.book.pdf import pdf_path
from rustbelt.book.reports import render

ARCHIVES = {"full": "chinas-rustbelt-offline.zip", "student": "chinas-rustbelt-student-offline.zip"}
FOLDERS = {"full": "chinas-rustbelt", "student": "chinas-rustbelt-student"}
SOURCE = ["rustbelt/*.py", "data/*", "chapters/*.md", "scenarios/*.yml", "pyproject.toml", "requirements.txt",
          "README.md"]


#: the wheelhouse's platforms: (folder, pip's --platform tags)
PLATFORMS = {"linux-x86_64": ["manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux_2_28_x86_64",
                              "manylinux_2_5_x86_64", "manylinux1_x86_64", "linux_x86_64"],
             "win-amd64": ["win_amd64"]}
PYTHON_VERSION = "3.11"
WHEELHOUSE = ROOT / "_build" / "wheelhouse"


def wheel_path() -> Path:
    from rustbelt.book.sphinx_downloads import WHEEL_DIR, wheel_name

    return WHEEL_DIR / wheel_name()


def wheelhouse() -> Path:
    """Every wheel ``rustbelt[notebook]`` needs, for each platform, into one folder (pip picks
    the right file by its tags). Downloaded once per package version; a finished platform is
    marked and not downloaded again."""
    wheel = wheel_path()
    if not wheel.exists():
        raise SystemExit(f"{wheel.relative_to(ROOT)} is missing: run `make wheel` first (or `make dist`)")
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    for name, tags in PLATFORMS.items():
        # the marker names the package's requirements too: a new dependency or extra is downloaded
        requirements = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:12]
        done = WHEELHOUSE / f".done-{name}-{wheel.name}-{requirements}"
        if done.exists():
            continue
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--dest", str(WHEELHOUSE),
               "--python-version", PYTHON_VERSION, "--implementation", "cp", "--abi", "cp311", "--abi", "abi3",
               "--abi", "none", *[a for t in tags for a in ("--platform", t)], "--platform", "any",
               "--find-links", str(wheel.parent), f"{wheel}[notebook]"]
        print(f"wheelhouse: downloading the wheels for {name} (once) ...", flush=True)
        subprocess.run(cmd, check=True)
        done.touch()
    shutil.copy2(wheel, WHEELHOUSE / wheel.name)  # always this build's package, not the one first downloaded
    return WHEELHOUSE


def archive_path(edition: str) -> Path:
    return ROOT / "_build" / "dist" / ARCHIVES[edition]


README = """China's Rustbelt — offline edition{student}
{underline}

Everything here works with no internet connection.

  * Read the book: open site/intro.html in any web browser (double-click it), or
    index.html in this folder, which links to everything. Charts, their controls,
    search and maths all work from disk.
  * Or serve it on the local network, e.g. with Python installed:
        python3 -m http.server --directory site 8000
    and open http://127.0.0.1:8000/intro.html
  * 中文版 (the Chinese edition): open site/zh/intro.html; every page has a switch
    (English ⇄ 中文) to the same page in the other language.
  * The PDF: {pdf}; in Chinese: {pdf_zh}
  * The notebooks (notebooks/*.ipynb) run in Jupyter with the book's Python package
    installed{source}.
  * Install the book's package with everything a notebook needs, with no internet:
        pip install --no-index --find-links wheelhouse "rustbelt[notebook]"
    (Python 3.11 on Linux x86-64 or Windows x86-64; JupyterLab included), or, with a
    package index, pip install "wheels/<the .whl file>[notebook]".
  * The data: data/*.csv, described in data/catalog.yml (sources, units, vintages,
    caveats, licences).

Text CC BY 4.0; code MIT; data: see data/catalog.yml.
"""


def landing(edition: str, pdf_name: str, pdf_zh_name: str, notebooks: list[str], datasets: list[str]) -> str:
    title = "China's Rustbelt" + (" (student edition)" if edition == "student" else "")
    return render("landing.html.j2", title=title, pdf_name=pdf_name, pdf_zh_name=pdf_zh_name, notebooks=notebooks,
                  datasets=datasets)


def make(edition: str, with_wheelhouse: bool = False) -> Path:
    site = output_dir(edition, "html")
    pdf, pdf_zh = pdf_path(edition), pdf_path(edition, "zh")
    for needed, how in ((site / "intro.html", "make book" if edition == "full" else "make book-student"),
                        (site / "zh" / "intro.html", "make book" if edition == "full" else "make book-student"),
                        (pdf, "make pdf" if edition == "full" else "make pdf-student"),
                        (pdf_zh, "make pdf" if edition == "full" else "make pdf-student")):
        if not needed.exists():
            raise SystemExit(f"{needed.relative_to(ROOT)} is missing: run `{how}` first (or `make dist`)")
    folder = FOLDERS[edition]
    out = archive_path(edition)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".zip.part")
    notebooks = sorted(p.name for p in (site / "_notebooks").glob("*.ipynb"))
    datasets = sorted(p.name for p in (site / "_data").iterdir())
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        def add(path: Path, arcname: str):
            z.write(path, f"{folder}/{arcname}")

        z.writestr(f"{folder}/index.html", landing(edition, pdf.name, pdf_zh.name, notebooks, datasets))
        z.writestr(f"{folder}/README.txt", README.format(
            student=" (student edition)" if edition == "student" else "",
            underline="=" * (34 + (len(" (student edition)") if edition == "student" else 0)), pdf=pdf.name,
            pdf_zh=pdf_zh.name,
            source=(": source/ holds it with the chapters, the data and the scenario files\n"
                    "    (pip install -r source/requirements.txt needs a package index once; see source/README.md)"
                    if edition == "full" else " (your teacher has it)")))
        for path in sorted(site.rglob("*")):
            if path.is_file() and path.name != ".buildinfo":
                add(path, f"site/{path.relative_to(site).as_posix()}")
        add(pdf, pdf.name)
        add(pdf_zh, pdf_zh.name)
        for name in notebooks:
            add(site / "_notebooks" / name, f"notebooks/{name}")
        for name in datasets:
            add(site / "_data" / name, f"data/{name}")
        add(wheel_path(), f"wheels/{wheel_path().name}")
        if edition == "full" and with_wheelhouse:
            for path in sorted(wheelhouse().glob("*.whl")):
                add(path, f"wheelhouse/{path.name}")
        if edition == "full":
            # the student edition's source would carry the solutions: it gets notebooks, not chapters
            for pattern in SOURCE:
                for path in sorted(ROOT.glob(pattern)):
                    if path.is_file():
                        add(path, f"source/{path.relative_to(ROOT).as_posix()}")
    shutil.move(tmp, out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edition", choices=sorted(ARCHIVES), default="full")
    parser.add_argument("--wheelhouse", action="store_true",
                        help="add the wheelhouse for Linux and Windows x86-64, Python 3.11 (full edition; make dist)")
    args = parser.parse_args()
    out = make(args.edition, with_wheelhouse=args.wheelhouse)
    with zipfile.ZipFile(out) as z:
        n = len(z.namelist())
    print(f"Offline edition: {out.relative_to(ROOT)} ({out.stat().st_size / 1e6:.1f} MB, {n} files)")


if __name__ == "__main__":
    main()
