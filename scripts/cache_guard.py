"""Clear the execution cache when the data or the package change.

jupyter-cache hashes only a notebook's code cells, so a changed CSV in data/ or a
changed function in rustbelt/ would otherwise leave stale outputs in the book.
"""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the full edition's cache (make book) and the student edition's (make book-student)
CACHES = (ROOT / "_build" / ".jupyter_cache", ROOT / "_build" / "student" / ".jupyter_cache")
STAMP = ROOT / "_build" / ".inputs.sha256"


def inputs_hash() -> str:
    h = hashlib.sha256()
    for folder, pattern in (("data", "*"), ("rustbelt", "*.py"), (".", "requirements.txt")):
        for path in sorted((ROOT / folder).glob(pattern)):
            if path.is_file():
                h.update(path.relative_to(ROOT).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def main() -> None:
    new = inputs_hash()
    old = STAMP.read_text().strip() if STAMP.exists() else None
    if old != new:
        for cache in CACHES:
            if cache.exists():
                shutil.rmtree(cache)
                print(f"data/ or rustbelt/ changed: execution cache {cache.relative_to(ROOT)} cleared")
    STAMP.parent.mkdir(parents=True, exist_ok=True)
    STAMP.write_text(new + "\n")


if __name__ == "__main__":
    main()
