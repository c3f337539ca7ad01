"""Sphinx extension: page weight. The theme's icon font and icon styles cut down to the icons
the book uses, and each page loads only the theme scripts and styles it needs.

pydata-sphinx-theme ships Font Awesome's whole solid, regular and brands fonts (about
0.3 MB of woff2) for the dozen icons on the book's buttons (search, menu, theme switch,
download, full screen, admonition titles). At the end of an HTML build this step reads
the *built* site — never the theme's own files, which stay as installed — and collects

* every ``fa-<name>`` class on any page or in any script the pages load, mapped to its
  code point by the theme's stylesheet (``.fa-bars:before{content:"\\f0c9"}``), and
* every icon code point the stylesheets use themselves (admonition titles, links),

then rewrites ``_static/vendor/fontawesome/webfonts/*`` in the output keeping only those
glyphs (fontTools), and drops the stylesheet's rules for icons no page uses. The buttons
keep their accessible names (they come from the theme's labels, not from the font).

Per page (``html-page-context``, a public event), scripts and styles that have nothing
to act on are left out: sphinx-design's tabs where the page has no sphinx-design
component, the search index's scripts except on the search page, the copy button
where the page has no code block, the toggle button where nothing folds; the theme's
scripts that wait for the DOM anyway are loaded ``defer`` (``DEFER``), off the first paint.

Bootstrap's script (about 24 kB compressed), which the theme uses only for the header's
download menu and its buttons' hover hints, is not loaded with the page: ``_templates/layout.html``
leaves it out (with the ``without_preload`` and ``without_script`` template filters of
:mod:`rustbelt.book.sphinx_markup`), and
``rustbelt.js`` loads it the first time a reader points at, focuses or clicks one of those
buttons, replaying that click.
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


def prune_icon_styles(outdir: Path) -> None:
    used: set[str] = set()
    for page in outdir.rglob("*.html"):
        used |= set(FA_CLASS.findall(page.read_text(encoding="utf-8", errors="replace")))
    for js in (outdir / "_static").rglob("*.js"):
        if "fontawesome" not in js.parts:
            used |= set(FA_CLASS.findall(js.read_text(encoding="utf-8", errors="replace")))

    def keep(m):
        return m.group(0) if set(re.findall(r"\.fa-([a-z0-9-]+):", m.group(1))) & used else ""

    for css in (outdir / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        if FA_RULE.search(text):
            css.write_text(FA_RULE.sub(keep, text), encoding="utf-8")


def prune_icons(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    subset_icon_fonts(app, exception)
    prune_icon_styles(Path(app.outdir))


#: asset file name -> what in a page's body needs it
NEEDS = {
    "design-tabs.js": ("sd-",), "sphinx-design.min.css": ("sd-",),
    "searchtools.js": (), "language_data.js": (),
    "clipboard.min.js": ('class="highlight',), "copybutton.js": ('class="highlight',), "copybutton.css": ('class="highlight',),
    # Vega (most of a chapter page's bytes) only where there is a chart to draw
    "vega.min.js": ('class="rb-vega',),
}


#: theme and extension scripts that wait for the DOM anyway (each runs its work when the
#: document is ready): loaded ``defer``, so they no longer hold up the first paint
#: (documentation_options.js stays as it is: inline scripts after it use what it defines)
DEFER = ("doctools.js", "sphinx_highlight.js", "clipboard.min.js", "copybutton.js", "sphinx-book-theme.js",
         "togglebutton.js",
         # Sphinx's interface strings of the Chinese edition call doctools.js's Documentation at
         # once: deferred too, after it (deferred scripts run in the order of the page)
         "translations.js")


def _deferred(asset):
    """A copy of the script ``asset`` loaded ``defer`` (the theme's asset objects are shared by
    every page: changing one would defer it on the search page too, whose inline scripts need it)."""
    attrs = dict(getattr(asset, "attributes", None) or {})
    if "async" in attrs or "defer" in attrs:
        return asset
    return type(asset)(asset.filename, priority=asset.priority, **attrs, defer="defer")


def _asset_name(asset) -> str:
    return Path(str(getattr(asset, "filename", asset)).split("?")[0]).name


def drop_unused_assets(app, pagename, templatename, context, doctree):
    if app.builder.name != "html":
        return
    body = context.get("body") or ""
    # the search page's inline scripts need the theme's and Sphinx's scripts as they are;
    # of the assets above it is spared all but Vega (it has no chart)
    search = pagename == "search"

    def needed(asset) -> bool:
        marks = NEEDS.get(_asset_name(asset))
        if search and _asset_name(asset) != "vega.min.js":
            return True
        return marks is None or any(m in body for m in marks)

    for key in ("script_files", "css_files"):
        if isinstance(context.get(key), list):
            context[key] = [a for a in context[key] if needed(a)]
    if not search and isinstance(context.get("script_files"), list):
        context["script_files"] = [_deferred(a) if _asset_name(a) in DEFER and hasattr(a, "priority") else a
                                   for a in context["script_files"]]


def setup(app):
    app.connect("build-finished", prune_icons)
    app.connect("html-page-context", drop_unused_assets, priority=900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
