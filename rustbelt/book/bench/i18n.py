"""The Chinese edition's figures for ``make bench``: its build time and how much is translated.

``zh cold`` clears the Chinese execution cache first (every chapter executes again in Chinese:
what a change to data/ or rustbelt/ costs); ``zh rebuild`` is the same build with the cache
filled (what ``make book`` adds when only text or translations changed).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time

from rustbelt import ROOT


def _zh_build() -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "rustbelt.book.build", "--lang", "zh"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def bench_zh():
    from rustbelt.book.build import CACHES
    from rustbelt.book.i18n_report import report

    shutil.rmtree(CACHES["full", "zh"], ignore_errors=True)
    cold = _zh_build()
    warm = _zh_build()
    rows = report()
    done, total = sum(r.translated for r in rows), sum(r.total for r in rows)
    return [("zh edition build, cold (executing every chapter in Chinese)", f"{cold:.1f} s"),
            ("zh edition build, cache filled (what make book adds)", f"{warm:.1f} s"),
            ("zh catalogues translated", f"{done} of {total} messages ({100.0 * done / total:.1f}%)")]


SECTIONS = {"zh": bench_zh}
