"""Sphinx extension: finish every chart's panel, and a "Cite this book" entry on every page.

:mod:`rustbelt.web_figure` writes each chart's HTML while the chapter executes, before
the page knows its figure numbers. When a page is written (the public
``html-page-context`` event), this extension

* writes ``_figures/<name>.csv`` (the data behind the chart; for an explorer that picks
  from a precomputed grid, the whole grid) and ``_figures/<name>.zip`` (that CSV, the
  catalog metadata of its datasets with every row's source, a README and a citation),
  and points the chart's Download links at them;
* fills the chart's Cite tab: book, chapter, figure number, build date and commit, in
  plain text and BibTeX;
* adds "Cite this book" (from ``CITATION.cff``, with build date and commit) to the end
  of every page.

The build date is today's (UTC) unless ``SOURCE_DATE_EPOCH`` is set; the commit is
``git rev-parse --short HEAD`` of the book's sources (``unknown`` outside git).
"""
from __future__ import annotations

import datetime as dt
import html
import io
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import yaml

from .. import DATA_DIR
from ..i18n import t, tf

ROOT = Path(__file__).resolve().parents[2]
CITATION = ROOT / "CITATION.cff"
PAYLOAD_RE = re.compile(r'<script type="application/json" class="rb-figure-data" id="([^"]+)-data">(.*?)</script>', re.S)
FIGURE_RE = re.compile(r'<div class="rb-figure" id="([^"]+)-figure" data-name="([^"]+)">')
CAPTION_RE = re.compile(r'<span class="caption-number">(?:Fig\.|Figure|图)\s*([\d.]+)\s*</span>')
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def build_date() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


def build_commit(root: Path = ROOT) -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "unknown"


def citation_meta(path: Path = CITATION) -> dict:
    """Title, authors, licence and URL of the book, from CITATION.cff."""
    cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    authors = [a.get("name") or " ".join(x for x in (a.get("given-names"), a.get("family-names")) if x)
               for a in cff.get("authors", [])]
    return {"title": cff["title"], "authors": authors, "licence": cff.get("license", ""),
            "url": cff.get("url", ""), "version": str(cff.get("version", "")), "message": cff.get("message", "")}


#: a figure's BibTeX ``howpublished`` (English template; its Chinese in rustbelt/locale/zh.yml)
HOWPUBLISHED = "{fig}, chapter ``{chapter}'', in \\emph{{{book}}}"


def _bib_escape(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", text)


def book_citation(meta: dict, date: dt.date, commit: str, lang: str = "en") -> tuple[str, str]:
    """(plain text, BibTeX) citing the whole book, its words in ``lang``."""
    authors = " and ".join(meta["authors"])
    plain = (tf("{authors} ({year}). {book}. An executable book, built {date} from commit {commit}.", lang,
                authors="; ".join(meta["authors"]), year=date.year, book=meta["title"], date=date.isoformat(),
                commit=commit) + (f" {meta['url']}" if meta["url"] else ""))
    bib = ("@book{chinas_rustbelt,\n"
           f"  author = {{{{{_bib_escape(authors)}}}}},\n"
           f"  title = {{{_bib_escape(meta['title'])}}},\n"
           f"  year = {{{date.year}}},\n"
           + (f"  url = {{{meta['url']}}},\n" if meta["url"] else "")
           + f"  note = {{{_built(date, commit, lang)}}}\n}}")
    return plain, bib


def _built(date: dt.date, commit: str, lang: str) -> str:
    return tf("Built {date} from commit {commit}", lang, date=date.isoformat(), commit=commit)


def figure_citation(meta: dict, date: dt.date, commit: str, *, name: str, title: str, chapter: str,
                    number: str | None, lang: str = "en") -> tuple[str, str]:
    """(plain text, BibTeX) citing one figure: book, chapter, figure number, build date (words in ``lang``)."""
    fig = tf("Figure {number}", lang, number=number) if number else t("Figure", lang)
    plain = tf("{authors} ({year}). “{title}”. {fig} in the chapter “{chapter}” of {book}. Built {date} from "
               "commit {commit}.", lang, authors="; ".join(meta["authors"]), year=date.year, title=title, fig=fig,
               chapter=chapter, book=meta["title"], date=date.isoformat(), commit=commit)
    key = "chinas_rustbelt_" + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    bib = (f"@misc{{{key},\n"
           f"  author = {{{{{_bib_escape(' and '.join(meta['authors']))}}}}},\n"
           f"  title = {{{_bib_escape(title)}}},\n"
           f"  howpublished = {{{tf(HOWPUBLISHED, lang, fig=fig, chapter=_bib_escape(chapter), book=_bib_escape(meta['title']))}}},\n"
           f"  year = {{{date.year}}},\n"
           f"  note = {{{_built(date, commit, lang)}}}\n}}")
    return plain, bib


def _cite_block(plain: str, bib: str, label: str, lang: str = "en") -> str:
    return (f'<p class="rb-cite-plain">{html.escape(plain)}</p>'
            f'<p class="rb-cite-label">BibTeX</p>'
            f'<pre class="rb-cite-bibtex" tabindex="0" aria-label="{html.escape(tf("{label} in BibTeX", lang, label=label))}">'
            f'{html.escape(bib)}</pre>')


def _row_sources(dataset: str) -> list[dict]:
    path = Path(DATA_DIR) / f"{dataset}.csv"
    if not path.exists():
        return []
    import pandas as pd

    frame = pd.read_csv(path)
    cols = [c for c in ("source_title", "source_url") if c in frame.columns]
    if not cols:
        return []
    return frame[cols].drop_duplicates().fillna("").to_dict("records")


#: the zip's README (English template; its Chinese in rustbelt/locale/zh.yml)
README = ("{title}\n{rule}\n\n{description}\n\n"
          "Files\n-----\n{name}.csv       the data behind the chart\n"
          "metadata.yml    the catalog entry of every dataset behind it: title, unit, vintage, coverage,\n"
          "                licence, caveats and sources (row_sources: every source its rows cite)\n"
          "CITATION.txt    how to cite this figure (plain text and BibTeX)\n\n"
          "{source_line}\n\nFrom the book China's Rustbelt, built {date} from commit {commit}.\n")


def figure_zip(name: str, csv: str, meta: dict, citation: tuple[str, str], date: dt.date, commit: str,
               lang: str = "en") -> bytes:
    """The zip a reader downloads: the CSV, the catalog metadata, a README (in ``lang``) and a citation."""
    for ds in meta["datasets"]:
        ds["row_sources"] = _row_sources(ds["name"])
    # the title's underline: as wide as the title (a CJK character takes two columns)
    width = len(meta["title"]) if lang == "en" else sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in meta["title"])
    readme = tf(README, lang, title=meta["title"], rule="=" * width, description=meta["description"], name=name,
                source_line=meta["source_line"], date=date.isoformat(), commit=commit)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for arcname, text in ((f"{name}.csv", csv),
                              ("metadata.yml", yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)),
                              ("README.txt", readme),
                              ("CITATION.txt", f"{citation[0]}\n\n{citation[1]}\n")):
            info = zipfile.ZipInfo(arcname, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text)
    return buf.getvalue()


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text or "")).strip()


def finish_page(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if not body or app.builder.format != "html":
        return
    date, commit, meta = app.rb_build
    lang = getattr(app.config, "rustbelt_lang", "en")
    up = "../" * pagename.count("/")
    chapter = _plain(context.get("title", ""))
    if "rb-figure-data" in body:
        out = Path(app.outdir) / "_figures"
        out.mkdir(exist_ok=True)
        starts = [(m.start(), m.group(1), m.group(2)) for m in FIGURE_RE.finditer(body)]
        numbers = {}
        for pos, slug, _name in starts:
            end = body.find("</figure>", pos)
            nxt = [p for p, _, _ in starts if p > pos]
            cap = CAPTION_RE.search(body, pos, end) if end != -1 and (not nxt or end < nxt[0]) else None
            numbers[slug] = cap.group(1).rstrip(".") if cap else None

        def fill(m):
            slug, payload = m.group(1), json.loads(m.group(2))
            fmeta = payload["meta"]
            name = fmeta["figure"]
            cite = figure_citation(meta, date, commit, name=name, title=fmeta["title"], chapter=chapter,
                                   number=numbers.get(slug), lang=lang)
            (out / f"{name}.csv").write_text(payload["csv"], encoding="utf-8")
            (out / f"{name}.zip").write_bytes(figure_zip(name, payload["csv"], fmeta, cite, date, commit, lang))
            fill.cites[slug] = (name, cite)
            return ""  # the payload has been used: it does not weigh on the page

        fill.cites = {}
        body = PAYLOAD_RE.sub(fill, body)
        for slug, (name, cite) in fill.cites.items():
            label = tf("Citation of {title}", lang, title=fill_title(body, slug) or name)
            body = body.replace(f'<div class="rb-cite" data-rb-cite="{html.escape(name)}"></div>',
                                f'<div class="rb-cite" data-rb-cite="{html.escape(name)}">{_cite_block(*cite, label, lang)}</div>', 1)
            esc = html.escape(name)
            body = re.sub(rf'download="{re.escape(esc)}\.csv" href="[^"]*"',
                          lambda _m, esc=esc: f'download="{esc}.csv" href="{up}_figures/{esc}.csv"', body, count=1)
            body = body.replace(f'download="{esc}.zip" href="#"', f'download="{esc}.zip" href="{up}_figures/{esc}.zip"', 1)
    plain, bib = book_citation(meta, date, commit, lang)
    body += (f'<details class="rb-cite-book" id="cite-this-book"><summary>{html.escape(t("Cite this book", lang))}</summary>'
             f'{_cite_block(plain, bib, t("Citation of the book", lang), lang)}</details>')
    context["body"] = body


def fill_title(body: str, slug: str) -> str:
    m = re.search(rf'id="{re.escape(slug)}-figure"[^>]*>\s*<div class="rb-tablist" role="tablist" aria-label="([^"]*?)(?:: chart|——图表)', body)
    return html.unescape(m.group(1)) if m else ""


def remember_build(app):
    app.rb_build = (build_date(), build_commit(Path(app.srcdir)), citation_meta())


def setup(app):
    app.connect("builder-inited", remember_build)
    app.connect("html-page-context", finish_page, priority=600)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
