"""Keep incremental builds honest.

Sphinx rebuilds only pages whose source changed, and jupyter-cache hashes only a
notebook's code cells. So:

* when ``data/``, ``rustbelt/`` or the pinned requirements change, the execution
  cache is cleared (a changed CSV or function would otherwise leave stale outputs)
  and every page is re-read;
* when the site's own assets or configuration change (``_assets/``, ``_templates/``,
  the vendored libraries, ``_config.yml``, ``_toc.yml``, ``references.bib``), every
  page is re-read, so Sphinx also copies the static files again.

An unchanged rebuild therefore re-executes nothing and rewrites nothing.
"""
from __future__ import annotations

import hashlib
import shutil

from rustbelt import ROOT

BUILD = ROOT / "_build"
# the full edition's cache (make book) and the student edition's (make book-student), then the
# same for the Chinese edition (the kernels' outputs differ by language, their code does not)
CACHES = (BUILD / ".jupyter_cache", BUILD / "student" / ".jupyter_cache",
          BUILD / "zh" / ".jupyter_cache", BUILD / "zh" / "student" / ".jupyter_cache")
DOCTREES = BUILD / ".doctrees"
STAMP = BUILD / ".inputs.sha256"

# what a chapter's code can import (and the package's Chinese catalogue, which its charts read): the package, less its book machinery (which the
# build runs, not the chapters); a change there re-reads every page instead
EXECUTION_INPUTS = (("data", "**/*"), ("rustbelt", "**/*.py"), ("rustbelt/locale", "**/*.yml"), (".", "requirements.txt"))
EXECUTION_EXCLUDED = ("rustbelt/book/",)
SITE_INPUTS = (("_assets", "**/*"), ("_templates", "**/*"), ("_vendor", "VERSIONS.json"), (".", "_config.yml"),
               (".", "_toc.yml"), (".", "references.bib"), (".", "CITATION.cff"), ("rustbelt/book", "**/*.py"))


def _hash(inputs, excluded: tuple[str, ...] = ()) -> str:
    h = hashlib.sha256()
    for folder, pattern in inputs:
        for path in sorted((ROOT / folder).glob(pattern)):
            if path.relative_to(ROOT).as_posix().startswith(excluded):
                continue
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(ROOT).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def inputs_hash() -> str:
    return _hash(EXECUTION_INPUTS, EXECUTION_EXCLUDED)


def main() -> None:
    new = {"execution": inputs_hash(), "site": _hash(SITE_INPUTS)}
    old = {}
    if STAMP.exists():
        for line in STAMP.read_text().splitlines():
            if "=" in line:
                k, v = line.split("=", 1)
                old[k] = v
    if old.get("execution") != new["execution"]:
        for cache in CACHES:
            if cache.exists():
                shutil.rmtree(cache)
                print(f"data/, rustbelt/ or requirements changed: execution cache {cache.relative_to(ROOT)} cleared")
    if old != new and DOCTREES.exists():
        shutil.rmtree(DOCTREES)
        print("inputs changed: every page will be re-read")
    BUILD.mkdir(parents=True, exist_ok=True)
    STAMP.write_text("".join(f"{k}={v}\n" for k, v in new.items()))


if __name__ == "__main__":
    main()
