"""Issue 14, page weight that must not change how a page looks: the stylesheets purged at build
time (rustbelt/book/sphinx_styles.py) style every element of the built pages exactly as the
theme's own stylesheets do — every computed property of every element and of its ::before and
::after, in light and dark mode, on a desktop and on a phone, with the header's download menu
open and a button's hint showing."""
from __future__ import annotations

import gzip

import pytest
from conftest import PageWatch

from rustbelt.book import sphinx_styles

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 375, "height": 812, "is_mobile": True}
DESKTOP = {"width": 1280, "height": 900, "is_mobile": False}
#: pages with every kind of content the book has: charts, tables and code (a chapter), its
#: Chinese twin, long tables and badges (the scorecard), maths (the methods appendix), the
#: search page (its own scripts), the bibliography
PAGES = ["chapters/challenges.html", "zh/chapters/challenges.html", "scorecard.html", "appendices/methods.html",
         "search.html", "references.html"]
#: on a phone (the theme's other layout: sidebars in dialogs, header collapsed)
PHONE_PAGES = ["chapters/challenges.html", "scorecard.html", "search.html"]

#: the elements compared: all of the body's, in document order, but inside an SVG (the charts'
#: marks, styled by the book's own stylesheet, which is not purged) only the <svg> itself
ELEMENTS = """[...document.querySelectorAll('body *')].filter(e => !e.parentElement.closest('svg'))"""
#: the standard properties (CSS variables are compared where they are set, on <html>: every
#: element inherits hundreds of them, which would make the comparison slow, not stronger)
PROPERTIES = """[...getComputedStyle(document.documentElement)].filter(p => !p.startsWith('--')).sort()"""
#: per element: tag, class and a hash of all its computed properties and those of its ::before
#: and ::after where it has them; <html> with its CSS variables
STYLES = """() => {
  const names = %s;
  const hash = s => { let h = 0; for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0; return h; };
  const text = cs => { let out = ''; for (const p of names) out += cs.getPropertyValue(p) + ';'; return out; };
  const root = getComputedStyle(document.documentElement);
  const vars = [...root].filter(p => p.startsWith('--')).sort().map(p => p + ':' + root.getPropertyValue(p)).join(';');
  return [['html', 'variables', hash(vars + text(root))]].concat(%s.map(e => {
    let all = text(getComputedStyle(e));
    for (const pseudo of ['::before', '::after']) {
      const cs = getComputedStyle(e, pseudo);
      if (cs.content !== 'none' && cs.content !== 'normal') all += pseudo + text(cs);
    }
    return [e.tagName.toLowerCase(), e.getAttribute('class') || '', hash(all)];
  }));
}""" % (PROPERTIES, ELEMENTS)
#: the computed properties of the elements at the given positions (for the report; 0 is <html>)
DETAILS = """(at) => { const els = [document.documentElement].concat(%s); return at.map(i => { const out = {};
  for (const pseudo of ['', '::before', '::after']) {
    const cs = getComputedStyle(els[i], pseudo || null);
    if (pseudo && (cs.content === 'none' || cs.content === 'normal')) continue;
    for (const p of cs) if (i === 0 || !p.startsWith('--')) out[pseudo + p] = cs.getPropertyValue(p);
  }
  return out; }); }""" % ELEMENTS


def _open_menus(page) -> None:
    """The header's download menu open and a hint showing (Bootstrap, loaded on demand)."""
    menu = page.locator('button[data-bs-toggle="dropdown"]').first
    if menu.count() and menu.is_visible():
        menu.click()
        page.wait_for_selector(".dropdown-menu.show", timeout=5000)
    hint = page.locator('[data-bs-toggle="tooltip"]').first
    if hint.count() and hint.is_visible():
        hint.hover()
        page.wait_for_selector(".tooltip.show", timeout=5000)
    _settle(page)


def _settle(page) -> None:
    """Until every transition (the hint's fade-in, a focused button's colours, the theme's) has finished."""
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
        .map(a => a.finished.catch(() => null)))""")


def _differences(pages: list, styles: list[list]) -> list[str]:
    purged, theirs = styles
    if [e[:2] for e in purged] != [e[:2] for e in theirs]:
        return ["the two loads did not build the same elements"]
    at = [i for i, (a, b) in enumerate(zip(purged, theirs, strict=True)) if a[2] != b[2]]
    if not at:
        return []
    mine, orig = (p.evaluate(DETAILS, at[:8]) for p in pages)
    out = []
    for i, a, b in zip(at, mine, orig, strict=False):
        diff = {p: (a.get(p), b.get(p)) for p in sorted(set(a) | set(b)) if a.get(p) != b.get(p)}
        out.append(f"<{purged[i][0]} class={purged[i][1]!r}>: {dict(list(diff.items())[:6])}")
    return out + ([f"... {len(at) - 8} more elements"] if len(at) > 8 else [])


@pytest.fixture(scope="module")
def unpurged(book_html):
    keep = sphinx_styles.unpurged_dir(book_html)
    files = {f.relative_to(keep).as_posix(): f.read_bytes() for f in keep.rglob("*.css")} if keep.exists() else {}
    assert files, f"no unpurged stylesheets kept in {keep}: the build did not purge ({sphinx_styles.__name__})"
    return files


def test_the_purged_stylesheets_are_smaller_and_still_the_theme(book_html, unpurged):
    for rel, before in unpurged.items():
        after = (book_html / rel).read_bytes()
        assert len(after) <= len(before), rel
    theme = "_static/styles/pydata-sphinx-theme.css"
    assert theme in unpurged, sorted(unpurged)
    before, after = len(gzip.compress(unpurged[theme])), len(gzip.compress((book_html / theme).read_bytes()))
    assert after < 0.6 * before, f"the theme's stylesheet is {after} bytes compressed, was {before}: purged nothing?"
    assert b"--pst-color-primary" in (book_html / theme).read_bytes()  # variables kept
    assert not list((book_html / "_static").rglob("pydata-sphinx-theme.css.map"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_purged_page_is_styled_exactly_as_with_the_themes_stylesheets(book_html, book_url, browser, unpurged, viewport):
    """Each page opened twice side by side, as built and with the unpurged stylesheets, compared in
    light mode, then again after the reader's colour scheme turns dark (the theme follows it)."""
    pages = [p for p in (PHONE_PAGES if viewport["is_mobile"] else PAGES) if (book_html / p).exists()]
    assert pages, "none of the pages to compare was built"
    size = {"width": viewport["width"], "height": viewport["height"]}
    mobile = viewport["is_mobile"]
    site = book_url.rstrip("/") + "/"
    failures = {}
    for rel in pages:
        watches = [PageWatch(browser, book_url, color_scheme="light", viewport=size, is_mobile=mobile, has_touch=mobile)
                   for _ in range(2)]
        try:
            # the second: the same page with the stylesheets as they were before the purge
            def serve(route):
                route.fulfill(body=unpurged[route.request.url.split("?")[0].removeprefix(site)], content_type="text/css")

            for css in unpurged:
                watches[1].page.route(f"{site}{css}*", serve)
            for pw in watches:
                _open_menus(pw.goto(f"{site}{rel}"))
            for mode in ("light", "dark"):
                if mode == "dark":
                    for pw in watches:
                        pw.page.emulate_media(color_scheme="dark")
                        pw.page.wait_for_function("document.documentElement.dataset.theme === 'dark'")
                        _settle(pw.page)
                styles = [pw.page.evaluate(STYLES) for pw in watches]
                problems = _differences([pw.page for pw in watches], styles)
                if problems:
                    failures[f"{rel} ({mode})"] = problems
            for pw in watches:
                assert not pw.errors and not pw.failed, (rel, pw.errors, pw.failed)
        finally:
            for pw in watches:
                pw.close()
    assert not failures, failures
