"""Copy the browser libraries the book serves into ``_vendor/`` (a Sphinx static path).

They come from the npm registry, pinned in package.json / package-lock.json and
installed by ``npm ci`` (see the Makefile); nothing is copied by hand. Each
library's licence travels with it. The Vega-Lite version must match Altair's.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from rustbelt import ROOT

NODE = ROOT / "node_modules"
OUT = ROOT / "_vendor"

FILES = {
    "vega": ["build/vega.min.js", "LICENSE"],
    "vega-lite": ["build/vega-lite.min.js", "LICENSE"],
    "vega-embed": ["build/vega-embed.min.js", "LICENSE"],
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
