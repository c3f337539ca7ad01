"""Copy the browser libraries the book serves into ``_vendor/`` (a Sphinx static path).

They come from the npm registry, pinned in package.json / package-lock.json and
installed by ``npm ci`` (see the Makefile); nothing is copied by hand. Each
library's licence travels with it. The Vega-Lite version must match Altair's.

``vega/vega.min.js`` is the book's own build of Vega (``js/vega-book.mjs``: Vega's modules
less those no chart of the book uses), bundled from the npm packages by esbuild.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from rustbelt import ROOT

NODE = ROOT / "node_modules"
OUT = ROOT / "_vendor"
VEGA_ENTRY = ROOT / "js" / "vega-book.mjs"
#: modules Vega imports for features no chart of the book uses, bundled as a stub that says so
#: if ever called: d3-geo (only for the expression functions geoArea, geoBounds and geoCentroid
#: without a projection) and topojson-client (only for data in the TopoJSON format); about
#: 6 kB of the bundle's 149 kB gzip
STUBS = {
    "d3-geo": ["geoArea", "geoBounds", "geoCentroid"],
    "topojson-client": ["feature", "mesh"],
}
BUNDLE = """
const esbuild = require(process.argv[1] + '/esbuild');
const version = require(process.argv[1] + '/vega/package.json').version;
const stubs = JSON.parse(process.argv[4]);
const stub = {name: 'stub', setup(b) {
  const names = new RegExp('^(' + Object.keys(stubs).join('|') + ')$');
  b.onResolve({filter: names}, a => ({path: a.path, namespace: 'stub'}));
  b.onLoad({filter: /.*/, namespace: 'stub'}, a => ({loader: 'js', contents: stubs[a.path].map(n =>
    `export function ${n}() { throw new Error('${a.path} (${n}) is not in the Vega the book serves'); }`).join('\\n')}));
}};
esbuild.build({entryPoints: [process.argv[2]], bundle: true, minify: true, format: 'iife', globalName: 'vega',
  platform: 'browser', target: 'es2020', outfile: process.argv[3], legalComments: 'none', logLevel: 'warning',
  plugins: [stub], define: {VEGA_VERSION: JSON.stringify(version)}}).catch(() => process.exit(1));
"""


def bundle_vega(dest: Path) -> None:
    """The book's Vega (``js/vega-book.mjs``) bundled and minified by esbuild into ``dest``,
    with the licences of the packages bundled in it beside it (``THIRD-PARTY-LICENSES``)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["node", "-e", BUNDLE, str(NODE), str(VEGA_ENTRY), str(dest), json.dumps(STUBS)], check=True, cwd=ROOT)
    parts = []
    for pkg in sorted(p for p in NODE.iterdir() if (p.name.startswith(("vega-", "d3-")) or p.name in ("internmap", "delaunator", "robust-predicates"))
                      and p.name not in STUBS):
        lic = next((f for f in sorted(pkg.glob("LICEN[CS]E*"))), None)
        if lic is not None:
            parts.append(f"{pkg.name}\n{'=' * len(pkg.name)}\n{lic.read_text(encoding='utf-8').strip()}\n")
    (dest.parent / "THIRD-PARTY-LICENSES").write_text("\n".join(parts), encoding="utf-8")

FILES = {
    "vega": ["build/vega.min.js", "LICENSE"],
    "vega-lite": ["build/vega-lite.min.js", "LICENSE"],
    "mathjax": ["es5/tex-chtml.js", "es5/output/chtml/fonts/woff-v2", "LICENSE"],
}


def main() -> int:
    import altair

    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    vl = lock["node_modules/vega-lite"]["version"]
    if f"v{vl}" != altair.SCHEMA_VERSION:
        print(f"vega-lite {vl} in package.json does not match Altair's {altair.SCHEMA_VERSION}", file=sys.stderr)
        return 1
    if OUT.exists():
        shutil.rmtree(OUT)
    manifest = {}
    for pkg, items in FILES.items():
        src_root = NODE / pkg
        if not src_root.exists():
            print(f"{src_root} is missing: run `npm ci --ignore-scripts` first", file=sys.stderr)
            return 1
        dest_root = OUT / pkg
        for item in items:
            if pkg == "vega" and item == "build/vega.min.js":
                bundle_vega(dest_root / "vega.min.js")
                continue
            src = src_root / item
            # keep MathJax's es5 layout (tex-chtml.js finds its fonts at output/chtml/fonts)
            rel = Path(item).relative_to("es5") if item.startswith("es5/") else Path(Path(item).name)
            dest = dest_root / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dest)
            else:
                shutil.copy2(src, dest)
        manifest[pkg] = lock[f"node_modules/{pkg}"]["version"]
    (OUT / "VERSIONS.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print("vendored:", ", ".join(f"{k} {v}" for k, v in manifest.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
