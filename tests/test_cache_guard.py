"""The execution cache is cleared when data/ or rustbelt/ change (jupyter-cache hashes only code cells)."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _guard(root: Path):
    spec = importlib.util.spec_from_file_location("cache_guard", ROOT / "rustbelt" / "book" / "cache_guard.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.ROOT, mod.BUILD = root, root / "_build"
    mod.CACHES = (root / "_build" / ".jupyter_cache", root / "_build" / "student" / ".jupyter_cache")
    mod.DOCTREES, mod.STAMP = root / "_build" / ".doctrees", root / "_build" / ".inputs.sha256"
    return mod


def _tree(tmp_path: Path) -> Path:
    for folder in ("data", "rustbelt", "_assets", "_templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("requirements.txt", "_config.yml", "_toc.yml", "references.bib"):
        shutil.copy2(ROOT / name, tmp_path / name)
    return tmp_path


def _cache(root: Path) -> Path:
    c = root / "_build" / ".jupyter_cache"
    c.mkdir(parents=True, exist_ok=True)
    (c / "entry").write_text("cached outputs")
    d = root / "_build" / ".doctrees"
    d.mkdir(parents=True, exist_ok=True)
    (d / "environment.pickle").write_text("env")
    return c


def test_unchanged_inputs_keep_the_cache(tmp_path):
    root = _tree(tmp_path)
    g = _guard(root)
    g.main()
    cache = _cache(root)
    g.main()
    assert (cache / "entry").exists()
    assert (root / "_build" / ".doctrees" / "environment.pickle").exists()


def test_changed_data_clears_the_cache(tmp_path):
    root = _tree(tmp_path)
    g = _guard(root)
    g.main()
    cache = _cache(root)
    csv = root / "data" / "census_population.csv"
    csv.write_text(csv.read_text().replace("43746323", "43746324"))
    g.main()
    assert not cache.exists()
    assert not (root / "_build" / ".doctrees").exists()  # pages re-read, so they show the new outputs


def test_changed_package_code_clears_the_cache(tmp_path):
    root = _tree(tmp_path)
    g = _guard(root)
    g.main()
    cache = _cache(root)
    (root / "rustbelt" / "regional.py").write_text((root / "rustbelt" / "regional.py").read_text() + "\n# changed\n")
    g.main()
    assert not cache.exists()


def test_changed_site_assets_force_a_re_read_but_keep_the_cache(tmp_path):
    root = _tree(tmp_path)
    g = _guard(root)
    g.main()
    cache = _cache(root)
    css = root / "_assets" / "rustbelt.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    g.main()
    assert (cache / "entry").exists()
    assert not (root / "_build" / ".doctrees").exists()


def test_changed_book_machinery_re_reads_pages_but_keeps_the_cache(tmp_path):
    # the chapters never import rustbelt.book (Sphinx hooks, PDF, archive): no re-execution
    root = _tree(tmp_path)
    g = _guard(root)
    g.main()
    cache = _cache(root)
    ext = root / "rustbelt" / "book" / "sphinx_ext.py"
    ext.write_text(ext.read_text() + "\n# changed\n")
    g.main()
    assert (cache / "entry").exists()
    assert not (root / "_build" / ".doctrees").exists()


def test_changed_code_in_a_subpackage_clears_the_cache(tmp_path):
    root = _tree(tmp_path)
    g = _guard(root)
    g.main()
    cache = _cache(root)
    sub = root / "rustbelt" / "chapters_probe"
    sub.mkdir()
    (sub / "__init__.py").write_text("X = 1\n")
    g.main()
    assert not cache.exists()
