"""Sphinx extension: page weight. The theme's and extensions' stylesheets cut down to the rules
the built site can use.

pydata-sphinx-theme's stylesheet carries the whole of Bootstrap (forms, carousels, offcanvas
panels, a grid for every breakpoint...): about 46 kB compressed on every page, of which the
book's pages use less than half. On a slow phone connection those bytes arrive before Vega,
which every chart waits for, and each of the rules is matched against the page whenever it is
restyled (issue 14). At the end of an HTML build this step reads the *built* site — never the
theme's own files, which stay as installed — and rewrites the stylesheets named in ``PURGED``
in the output with PurgeCSS (an npm devDependency, installed with Vega by ``make vendor``),
which keeps a rule if any of its selectors can match: every class, id, element and attribute
that occurs on any page or in any script in ``_static`` (the theme's, Bootstrap's, Sphinx's,
the book's own), plus ``SAFELIST``, the names Bootstrap's script composes at run time. CSS
variables, ``@font-face`` and ``@keyframes`` are all kept.

The book's own stylesheet is not purged: it styles the classes Vega writes into the charts
at run time, which no page holds. ``tests/test_page_weight.py`` checks that a purged page is
styled exactly as the unpurged one (every element's computed style, light and dark, desktop
and phone, with the header's menu and a hint open).
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from rustbelt import ROOT

NODE_MODULES = ROOT / "node_modules"
#: the stylesheets purged, as globs in the output's _static
PURGED = ("basic.css", "styles/pydata-sphinx-theme.css", "styles/sphinx-book-theme.css", "mystnb.*.css",
          "sphinx-design.*.css", "togglebutton.css", "copybutton.css", "exercise.css")
#: selectors kept whatever the pages hold (PurgeCSS "greedy" patterns): the tooltip's classes and
#: the dropdown's and Popper's data attributes that Bootstrap's script writes from templates
#: (`bs-${name}-auto`, `data-bs-${key}`), so no page or script spells them out
SAFELIST = [r"bs-tooltip", r"bs-popover", r"data-bs-popper", r"data-popper-"]

PURGE = """
const {PurgeCSS} = require(process.argv[1] + '/purgecss');
const fs = require('fs');
const [root, files, safelist] = [process.argv[2], JSON.parse(process.argv[3]), JSON.parse(process.argv[4])];
new PurgeCSS().purge({
  content: [root + '/**/*.html', root + '/_static/**/*.js'],
  css: files, safelist: {greedy: safelist.map(s => new RegExp(s))},
  variables: false, keyframes: false, fontFace: false,
}).then(results => {
  results.forEach((r, i) => fs.writeFileSync(files[i], r.css.replace(/\\/\\*# sourceMappingURL=[^*]*\\*\\/\\s*$/, '')));
}).catch(e => { console.error(e); process.exit(1); });
"""


def stylesheets(outdir: Path) -> list[Path]:
    static = Path(outdir) / "_static"
    return sorted({p for pattern in PURGED for p in static.glob(pattern) if p.is_file()})


def unpurged_dir(outdir: Path) -> Path:
    """Where the stylesheets of the site in ``outdir`` are kept as they were before the purge,
    outside the site (for the test that compares the two, and for a reader of the build)."""
    outdir = Path(outdir).resolve()
    build = ROOT / "_build"
    rel = outdir.relative_to(build) if outdir.is_relative_to(build) else Path(*outdir.parts[1:])
    return build / ".unpurged-styles" / rel


def purge_styles(outdir: Path) -> None:
    """Rewrite ``stylesheets(outdir)`` keeping the rules the site's pages and scripts can use;
    the files as they were go to ``unpurged_dir(outdir)``. Their source maps (which would
    point into the unpurged files) are removed."""
    files = stylesheets(outdir)
    if not files:
        return
    keep = unpurged_dir(outdir)  # (the Chinese site's, inside the English one, keeps its own)
    for f in files:
        dest = keep / f.relative_to(outdir)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(f, dest)
    if shutil.which("node") is None or not (NODE_MODULES / "purgecss").is_dir():
        raise RuntimeError("purging the stylesheets needs Node.js and purgecss in node_modules: run `make vendor`")
    subprocess.run(["node", "-e", PURGE, str(NODE_MODULES), str(outdir), json.dumps([str(f) for f in files]),
                    json.dumps(SAFELIST)], check=True, cwd=ROOT)
    for f in files:
        f.with_name(f.name + ".map").unlink(missing_ok=True)


def purge_after_build(app, exception):
    # the web book only: the print builder's pages become a PDF, where bytes do not matter
    if exception is not None or app.builder.name != "html":
        return
    purge_styles(Path(app.outdir))


def setup(app):
    # after sphinx_icons has pruned the icon rules (priority 500)
    app.connect("build-finished", purge_after_build, priority=800)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
