"""Notebook users: chapters survive a JupyterLab save, downloads say what they need, the
package installs with its data, and charts are live in JupyterLab and readable as images."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from rustbelt import charts, data, regional
from rustbelt.book.sphinx_downloads import ENV_CHECK_TAG, add_environment_check, environment_check_source, wheel_name

ROOT = Path(__file__).resolve().parents[1]

from rustbelt.book.notebook_files import chapters, saved_by_lab  # noqa: E402

CHAPTERS = chapters()


def test_every_chapter_in_the_toc_is_checked():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r"file:\s*chapters/([a-z0-9_]+)", toc))
    assert listed and listed <= {p.stem for p in CHAPTERS}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_opening_running_and_saving_in_jupyterlab_changes_nothing(path):
    """Jupytext's contents manager (what JupyterLab uses), with jupytext.toml: open, give every
    code cell outputs and an execution count, set the kernel's metadata, fold a heading, save."""
    before = path.read_text(encoding="utf-8")
    after = saved_by_lab(path)
    assert after == before, (f"saving {path.name} in JupyterLab would change it; run "
                             "`.venv/bin/python -m rustbelt.book.notebook_files`")
    assert "rustbelt_datasets:" in after and "jupytext_version" not in after


def test_the_environment_check_names_the_wheel_and_the_pip_command(tmp_path):
    wheel = wheel_name()
    src = environment_check_source(wheel)
    # run it where nothing is installed: Python with no site-packages, from an empty folder
    res = subprocess.run([sys.executable, "-S", "-I", "-c", src], cwd=tmp_path, capture_output=True, text=True)
    assert res.returncode != 0
    assert "ModuleNotFoundError" in res.stderr and "missing: rustbelt" in res.stderr
    assert wheel in res.stderr and f'pip install "./{wheel}[notebook]"' in res.stderr
    assert 'pip install --no-index --find-links wheelhouse "rustbelt[notebook]"' in res.stderr
    ok = subprocess.run([sys.executable, "-c", src], cwd=tmp_path, capture_output=True, text=True)
    assert ok.returncode == 0 and "Environment OK" in ok.stdout


def test_the_check_comes_first_in_a_downloaded_notebook_not_in_the_chapter():
    import jupytext

    path = CHAPTERS[0]
    nb = jupytext.read(path)
    assert not any(ENV_CHECK_TAG in c.metadata.get("tags", []) for c in nb.cells)
    add_environment_check(nb, wheel_name())
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert first.metadata["tags"] == [ENV_CHECK_TAG] and wheel_name() in first.source
    assert "parameters" in next(c for c in nb.cells if c.cell_type == "code" and c is not first).metadata.get("tags", [])


def test_downloaded_notebooks_start_with_the_check(book_html):
    for path in CHAPTERS:
        nb = json.loads((book_html / "_notebooks" / f"{path.stem}.ipynb").read_text(encoding="utf-8"))
        first = next(c for c in nb["cells"] if c["cell_type"] == "code")
        assert ENV_CHECK_TAG in first["metadata"].get("tags", []), path.stem
        assert nb["metadata"]["kernelspec"]["name"] == "python3"


def test_downloaded_notebooks_show_no_raw_role_and_keep_the_chapter_s_text(book_html):
    """The prose of a downloaded chapter is the Lab view (make lab): jupyterlab-myst {eval}
    expressions for glued numbers, citations, terms and cross-references, never a raw Sphinx role;
    undoing the view gives the chapter's own Markdown back, cell for cell."""
    import jupytext

    from rustbelt.book import lab_view

    for path in CHAPTERS:
        nb = json.loads((book_html / "_notebooks" / f"{path.stem}.ipynb").read_text(encoding="utf-8"))
        shown = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
        raw = [m.group(0) for text in shown for m in lab_view.ROLE.finditer(text)]
        raw += [m.group(0) for text in shown for m in lab_view.GLUE_BLOCK.finditer(text)]
        assert not raw, f"{path.stem}: raw roles in the download: {raw[:5]}"
        assert sum(text.count("{eval}`glue_text(") for text in shown) > 10, path.stem
        source = [c.source for c in jupytext.read(path).cells if c.cell_type == "markdown"]
        assert [lab_view.from_lab(text) for text in shown] == source, path.stem
        # the static texts (citations, terms) are stored, so they show before anything runs
        assert any(c["metadata"].get(lab_view.METADATA_KEY) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_each_chapter_page_offers_the_wheel(book_html):
    wheel = book_html / "_wheels" / wheel_name()
    assert wheel.is_file()
    for path in CHAPTERS:
        page = (book_html / "chapters" / f"{path.stem}.html").read_text(encoding="utf-8")
        downloads = re.search(r'<p class="rb-downloads">(.*?)</p>', page, re.S).group(1)
        assert f'href="../_wheels/{wheel.name}"' in downloads and f"../_notebooks/{path.stem}.ipynb" in downloads


def test_the_wheel_holds_the_data_and_loads_it_without_the_repository(book_html, tmp_path):
    """Installed from the wheel into a folder of its own, run from an empty folder: every
    dataset loads and validates from the package data."""
    wheel = ROOT / "_build" / "wheel" / wheel_name()
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        meta = z.read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert {f"rustbelt/_data/{p.name}" for p in (ROOT / "data").iterdir() if p.suffix in (".csv", ".yml")} <= names
    assert "Provides-Extra: notebook" in meta and "myst-nb" in meta and "jupyterlab" in meta
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    work = tmp_path / "empty"
    work.mkdir()
    code = ("import rustbelt, rustbelt.data as d; from pathlib import Path; "
            "assert Path(rustbelt.__file__).is_relative_to(Path(r'%s')), rustbelt.__file__; "
            "print(d.DATA_DIR); print(sum(len(d.load(n)) for n in d.names()))" % target)
    res = subprocess.run([sys.executable, "-c", code], cwd=work, capture_output=True, text=True,
                         env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert res.returncode == 0, res.stderr
    data_dir, rows = res.stdout.split()
    assert Path(data_dir) == target / "rustbelt" / "_data"
    assert int(rows) == sum(len(data.load(n)) for n in data.names())


# --- charts in notebooks ----------------------------------------------------------------

def _growth():
    return charts.growth_chart(regional.growth(), [data.load("real_growth")])


def test_a_reader_s_notebook_gets_a_live_vega_chart(monkeypatch):
    monkeypatch.delenv("RUSTBELT_CHART_OUTPUT", raising=False)
    monkeypatch.setenv("RUSTBELT_LIVE_WIDGETS", "on")
    assert charts.output_mode() == "notebook"
    bundle, meta = _growth()._repr_mimebundle_()
    spec = bundle[charts.VEGA_MIME]
    text = json.dumps(spec)
    # as wide as the cell: the width follows the window (Lab's renderer hangs on container sizes),
    # between the narrowest readable chart and the book's width
    assert "containerSize" not in text and '"container"' not in text
    width = next(s for s in spec["signals"] if s["name"] == "width")
    assert charts.NOTEBOOK_SIZE in width["init"] and any("window:resize" in str(o["events"]) for o in width["on"])
    # every other measurement reads the window's width through a signal, so it follows a resize too
    window = next(s for s in spec["signals"] if s["name"] == charts.WINDOW_SIGNAL)
    assert any("window:resize" in str(o["events"]) for o in window["on"]) and spec["signals"][0] is window
    assert f"{charts.NOTEBOOK_MIN_WIDTH}, {charts.NOTEBOOK_WIDTH})" in charts.NOTEBOOK_SIZE
    assert any(s.get("bind") for s in spec["signals"])  # the radio buttons are there
    assert meta[charts.VEGA_MIME]["embed_options"]["renderer"] == "svg"
    assert "image/svg+xml" not in bundle and "text/html" not in bundle


def _legend_labels_at(spec: dict, width: int) -> tuple[int, list[tuple[str, float, float]]]:
    """The chart drawn by Vega (vl-convert's scenegraph) in a window that gives it ``width`` px:
    its whole width, and each legend label's left edge and its text limit."""
    import vl_convert as vlc

    window = width + charts.LAB_CHROME
    sized = json.loads(json.dumps(spec).replace(charts.NOTEBOOK_SIZE, f"[{width}, 900]")
                       .replace('"init": "windowSize()[0]"', f'"init": "{window}"'))
    graph = vlc.vega_to_scenegraph(sized)
    labels = []

    def walk(node, x0):
        if node.get("marktype") == "text" and node.get("role") == "legend-label":
            labels.extend((it["text"], x0 + it.get("x", 0), it.get("limit", 0)) for it in node["items"])
            return
        for item in node.get("items", []):
            walk(item, x0 + (item.get("x", 0) if node.get("marktype") == "group" else 0))

    walk(graph["scenegraph"], graph["origin"][0])
    return graph["width"], labels


def test_a_notebook_chart_s_legend_wraps_to_the_cell_and_keeps_its_labels_whole(monkeypatch):
    """JupyterLab's narrowest chart (360 px): the three long vintage names of the GDP-share chart
    are stacked inside the chart, each with room for its whole text (Vega's default 160 px would
    end it in an ellipsis); at the widest (880 px) they sit side by side."""
    monkeypatch.setenv("RUSTBELT_CHART_OUTPUT", "notebook")
    shares = regional.gdp_share_all_vintages(["Liaoning", "Jilin", "Heilongjiang"])
    fig = charts.gdp_share_chart(shares, [data.load("provincial_gdp"), data.load("china_gdp")], "the Northeast")
    spec = fig.to_vega()
    narrow, labels = _legend_labels_at(spec, charts.NOTEBOOK_MIN_WIDTH)
    assert len(labels) == 3 and narrow == charts.NOTEBOOK_MIN_WIDTH
    for text, left, limit in labels:
        least = len(text) * 12 * 0.5  # 12 px labels: no sans-serif averages under half an em a character
        assert limit >= least, f"{text!r} would be cut at {limit} px"
        assert left + least <= narrow, f"{text!r} starts at {left} px: it runs past the chart's {narrow} px"
    _, wide = _legend_labels_at(spec, charts.NOTEBOOK_WIDTH)
    assert len({round(left) for _, left, _ in wide}) >= 2  # columns side by side


def test_a_notebook_chart_s_label_limits_follow_a_resize():
    """The width follows each window resize (its own handler); a long label's limit, computed
    from the width of the window, reads it through a signal, so it is recomputed then too
    (windowSize() alone is computed once: after a resize the labels kept the old room)."""
    vega = {"signals": [{"name": "width", "init": "containerSize()[0]",
                         "on": [{"events": "window:resize", "update": "containerSize()[0]"}]}],
            "axes": [{"labelLimit": {"signal": "clamp(containerSize()[0] * 0.45, 80, 420)"}}]}
    out = charts._window_sized(vega)
    names = [s["name"] for s in out["signals"]]
    assert names == [charts.WINDOW_SIGNAL, "width"]
    assert charts.NOTEBOOK_SIZE in out["signals"][1]["init"] and charts.NOTEBOOK_SIZE in str(out["signals"][1]["on"])
    limit = out["axes"][0]["labelLimit"]["signal"]
    assert charts.WINDOW_SIGNAL in limit and "containerSize" not in limit and "windowSize()[0]" not in limit


def test_a_batch_run_gets_a_readable_static_svg(monkeypatch):
    monkeypatch.delenv("RUSTBELT_CHART_OUTPUT", raising=False)
    monkeypatch.setenv("RUSTBELT_LIVE_WIDGETS", "off")
    assert charts.output_mode() == "svg"
    svg = _growth()._repr_mimebundle_()["image/svg+xml"]
    # a white card behind black ink: readable on JupyterLab's dark theme, where an image's
    # currentColor cannot follow the page
    m = re.search(r'<svg[^>]*width="([0-9.]+)" height="([0-9.]+)"[^>]*>\s*<rect width="([0-9.]+)" height="([0-9.]+)" fill="white"/>', svg)
    assert m and m.group(1) == m.group(3) and m.group(2) == m.group(4), svg[:300]
    width = float(re.search(r'<svg[^>]*width="([0-9.]+)"', svg).group(1))
    assert width >= charts.SVG_WIDTH


def test_notebook_text_follows_the_theme():
    spec = charts._ink_config(_growth().spec())
    for part in ("axis", "legend"):
        assert spec["config"][part]["labelColor"] == charts.INK and spec["config"][part]["titleColor"] == charts.INK
    assert spec["config"]["title"]["color"] == charts.INK and spec["config"]["title"]["subtitleColor"] == charts.INK


# --- the Python API rejects a bad parameter before starting a kernel ---------------------

def test_execute_chapter_validates_before_starting_a_kernel(monkeypatch):
    import time

    import papermill

    from rustbelt.parameters import ParameterError
    from rustbelt.run import execute_chapter

    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was started for a bad parameter")

    monkeypatch.setattr(papermill, "execute_notebook", no_kernel)
    t0 = time.perf_counter()
    with pytest.raises(ParameterError, match=r"parameter 'gdp_vintage' = '2019' is not allowed: expected one of "
                                             r"\['current', 'v4', 'old'\]"):
        execute_chapter("challenges", {"gdp_vintage": "2019"})
    assert time.perf_counter() - t0 < 5


def test_a_static_image_does_not_ask_the_reader_to_move_sliders(monkeypatch):
    from rustbelt import model

    monkeypatch.setenv("RUSTBELT_CHART_OUTPUT", "svg")
    fig = charts.layoffs_explorer_chart(
        model.explorer_rows(), [data.load("transition_benchmarks"), data.load("sector_output")],
        cut_share=0.3, cut_basis="overcapacity", workers_per_mt_steel=1000.0, workers_per_mt_coal=1000.0,
        northeast_share=0.2, sectors=["steel", "coal"], operating_share=0.7, official_persons=1.8e6,
        article_persons=model.ARTICLE.layoffs_persons)
    live = fig.spec()["title"]["subtitle"]
    assert "sliders" in live.lower()  # the live chart (web, JupyterLab) has them
    svg = fig.to_svg()
    assert "Move the sliders" not in svg and charts.STATIC_NOTE[:40] in svg


def test_every_package_folder_goes_into_the_wheel():
    """pyproject.toml lists the packages by hand (the data folder is mapped in): none is missing."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "rustbelt").rglob("*.py")
             if "__pycache__" not in p.parts}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert "rustbelt._data" in listed
