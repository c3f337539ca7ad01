"""Sphinx extension: the theme's icon font, cut down to the icons the book uses.

pydata-sphinx-theme ships Font Awesome's whole solid, regular and brands fonts (about
0.3 MB of woff2) for the dozen icons on the book's buttons (search, menu, theme switch,
download, full screen, admonition titles). At the end of an HTML build this step reads
the *built* site — never the theme's own files, which stay as installed — and collects

* every ``fa-<name>`` class on any page or in any script the pages load, mapped to its
  code point by the theme's stylesheet (``.fa-bars:before{content:"\\f0c9"}``), and
* every icon code point the stylesheets use themselves (admonition titles, links),

then rewrites ``_static/vendor/fontawesome/webfonts/*`` in the output keeping only those
glyphs (fontTools). The buttons keep their accessible names (they come from the theme's
labels, not from the font).
"""
from __future__ import annotations

import re
from pathlib import Path

FA_RULE = re.compile(r"((?:\.fa-[a-z0-9-]+:{1,2}before,?)+)\{content:\s*\"\\([0-9a-f]{4,5})\"\}")
FA_CLASS = re.compile(r"\bfa-([a-z0-9-]+)")
ESCAPED = re.compile(r"\\(f[0-9a-f]{3}|e[0-9a-f]{3})\b", re.I)
PRIVATE = re.compile("[\ue000-\uf8ff]")
FONT_DIR = Path("_static") / "vendor" / "fontawesome" / "webfonts"


def icon_codepoints(outdir: Path) -> set[int]:
    """The code points of every icon the built site can show."""
    static = outdir / "_static"
    by_class: dict[str, int] = {}
    own: set[int] = set()
    for css in static.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for selectors, code in FA_RULE.findall(text):
            for name in re.findall(r"\.fa-([a-z0-9-]+):", selectors):
                by_class[name] = int(code, 16)
        rest = FA_RULE.sub("", text)
        own |= {ord(c) for c in PRIVATE.findall(rest)}
        own |= {int(c, 16) for c in ESCAPED.findall(rest)}
    used: set[str] = set()
    for page in outdir.rglob("*.html"):
        used |= set(FA_CLASS.findall(page.read_text(encoding="utf-8", errors="replace")))
    for js in static.rglob("*.js"):
        if "fontawesome" in js.parts:
            continue
        used |= set(FA_CLASS.findall(js.read_text(encoding="utf-8", errors="replace")))
    return own | {by_class[n] for n in used if n in by_class}


def subset_icon_fonts(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    from fontTools import subset
    from fontTools.ttLib import TTFont

    outdir = Path(app.outdir)
    fonts = sorted((outdir / FONT_DIR).glob("*.woff2")) + sorted((outdir / FONT_DIR).glob("*.ttf"))
    if not fonts:
        return
    codes = icon_codepoints(outdir)
    for path in fonts:
        font = TTFont(path)
        if font["maxp"].numGlyphs < 100:  # already cut down (an unchanged rebuild)
            continue
        have = set(font.getBestCmap())
        keep = sorted(codes & have)
        options = subset.Options()
        options.flavor = "woff2" if path.suffix == ".woff2" else None
        options.layout_features = ["*"]
        options.notdef_outline = True
        sub = subset.Subsetter(options)
        sub.populate(unicodes=keep or [0x20])
        sub.subset(font)
        font.flavor = options.flavor
        font.save(path)


def setup(app):
    app.connect("build-finished", subset_icon_fonts)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
