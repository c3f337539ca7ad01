"""Build an edition of the book with one builder, strictly, into its own folder.

    python -m rustbelt.book.build --edition student              # _build/student/html
    python -m rustbelt.book.build --edition full --builder printhtml   # _build/print/full/printhtml
    python -m rustbelt.book.build --edition student --builder printhtml  # _build/print/student/printhtml
    python -m rustbelt.book.build --lang zh                      # the Chinese edition: _build/html/zh
    python -m rustbelt.book.build --edition student --lang zh    # _build/student/html/zh

Same settings as `make book` (`jupyter-book build -W -n --keep-going --all`), through
Jupyter Book's own build function, so that each edition and builder gets its own output,
doctrees and (per edition and language) execution cache, and two builds never share a folder. The
full edition's cache is the one `make book` fills, so printing it re-executes nothing.

The Chinese edition (``--lang zh``) is the same sources with ``language = "zh_CN"``: Sphinx
takes the translations from ``locales/zh_CN/LC_MESSAGES`` and the kernels run with
``RUSTBELT_LANG=zh`` (charts and glued sentences in Chinese, :mod:`rustbelt.i18n`). It sits
inside the English site, in ``zh/`` (so a site has both languages and each page links to its
twin), and has an execution cache of its own: jupyter-cache keys a notebook on its code,
which is the same in both languages, while the outputs are not.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from rustbelt import ROOT
from rustbelt.book.cache_guard import CACHES as _CACHES
from rustbelt.i18n import ENV_VAR as LANG_VAR
from rustbelt.i18n import LANGS, MISSING_VAR, PO_LOCALE, SITE_PREFIX

#: (edition, language) -> execution cache; the same folders cache_guard clears
CACHES = dict(zip([("full", "en"), ("student", "en"), ("full", "zh"), ("student", "zh")], _CACHES, strict=True))
#: Sphinx's language for each of the book's languages
SPHINX_LANGUAGE = {"en": "en", **PO_LOCALE}


def output_dir(edition: str, builder: str, lang: str = "en") -> Path:
    if builder == "gettext":
        return ROOT / "_build" / "gettext"
    if builder == "html":
        site = ROOT / "_build" / "html" if edition == "full" else ROOT / "_build" / edition / "html"
        return site / SITE_PREFIX[lang] if lang != "en" else site
    return ROOT / "_build" / "print" / edition / builder if lang == "en" else ROOT / "_build" / "print" / edition / lang / builder


def doctree_dir(edition: str, builder: str, lang: str = "en") -> Path:
    """Outside the site: the Chinese site is inside the English one, so its doctrees cannot sit beside it."""
    if builder == "gettext":
        return ROOT / "_build" / ".doctrees-gettext"
    if lang == "en":
        return output_dir(edition, builder).parent / ".doctrees"
    return ROOT / "_build" / lang / edition / builder / ".doctrees"


def language_overrides(lang: str) -> dict:
    """Sphinx settings of a language's edition (the English ones are _config.yml's)."""
    if lang == "en":
        return {}
    return {"language": SPHINX_LANGUAGE[lang], "html_search_language": lang,
            # myst-nb's folded-code buttons ("Show code cell source"): its own setting, not a catalogue string
            "nb_code_prompt_show": "显示代码", "nb_code_prompt_hide": "隐藏代码"}


def build(edition: str, builder: str, lang: str = "en") -> Path:
    if lang not in LANGS:
        raise ValueError(f"lang={lang!r}: allowed values are {list(LANGS)}")
    os.environ["RUSTBELT_EDITION"] = edition
    # the gettext templates are the English text, which executed outputs never enter (glued values
    # stay roles, generated Markdown is left out): they can read the Chinese cache, filled by make
    # book, instead of executing every chapter again; a chapter it must execute runs in Chinese
    cache = CACHES[edition, "zh" if builder == "gettext" else lang]
    os.environ[LANG_VAR] = "zh" if builder == "gettext" else lang
    if lang != "en":  # the chart strings without a translation, from every chapter this build executes
        missing_log = ROOT / "_build" / lang / "chart-strings-missing.jsonl"
        missing_log.parent.mkdir(parents=True, exist_ok=True)
        missing_log.write_text("")
        os.environ[MISSING_VAR] = str(missing_log)
    os.environ.setdefault("RUSTBELT_CHART_OUTPUT", "book")
    os.environ["RUSTBELT_LIVE_WIDGETS"] = "off"  # as in `make book`: the page hides the explorer anyway
    subprocess.run([sys.executable, "-m", "rustbelt.book.cache_guard"], check=True, cwd=ROOT)
    from jupyter_book.sphinx import build_sphinx

    out = output_dir(edition, builder, lang)
    if out.exists():
        shutil.rmtree(out)  # a clean folder: nothing left over from an earlier build or edition
    os.chdir(ROOT)
    result = build_sphinx(
        ROOT, out, use_external_toc=True, noconfig=True, path_config=str(ROOT / "_config.yml"),
        confoverrides={"external_toc_path": (ROOT / "_toc.yml").as_posix(), "nitpicky": True, "latex_individualpages": False,
                       "rustbelt_edition": edition, "rustbelt_lang": lang,
                       "nb_execution_cache_path": str(cache), **language_overrides(lang)},
        builder=builder, warningiserror=True, keep_going=True, freshenv=True,
        doctreedir=doctree_dir(edition, builder, lang),
    )
    if result != 0:
        raise SystemExit(f"the {edition} edition ({lang}, {builder}) failed to build: see the warnings above")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edition", choices=["full", "student"], default="full")
    parser.add_argument("--builder", choices=["html", "printhtml", "gettext"], default="html",
                        help="gettext: the English message templates the Chinese catalogues are made from")
    parser.add_argument("--lang", choices=list(LANGS), default="en", help="en: the English book; zh: the Chinese edition")
    args = parser.parse_args()
    out = build(args.edition, args.builder, args.lang)
    print(f"Built the {args.edition} edition ({args.lang}, {args.builder}): {out.relative_to(ROOT)}/index.html")


if __name__ == "__main__":
    main()
