"""A precomputed grid travels in the page as integers (rustbelt.web_figure._compact) and
rustbelt.js turns it back into the very rows the model wrote (issue 14: Chapter 3's page weight)."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from rustbelt import ROOT
from rustbelt.web_figure import _columns, _compact, _rounded

HARNESS = r"""
const fs = require("fs"), vm = require("vm");
const ctx = {
  addEventListener() {}, console, requestAnimationFrame: () => 0, setTimeout: () => 0, performance: { mark() {} },
  location: { protocol: "http:", hash: "", href: "http://x/" },
  document: { readyState: "loading", addEventListener() {}, documentElement: { lang: "en" } },
};
ctx.window = ctx;
vm.runInNewContext(fs.readFileSync(process.argv[2], "utf8"), ctx);
const vg = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(ctx.rustbelt.expandColumns(vg).data[0].values));
"""


def _grid_rows():
    """A grid like Chapter 3's: two scenarios, lists of years and shares of two lengths."""
    rows = []
    for scenario, years in (("old_policies", list(range(2019, 2026))), ("new_policies", list(range(2016, 2026)))):
        for rate in (0, 0.05, 0.1, 0.15):
            for operating in (0.1, 0.5, 1):
                shares = [min(1.0, rate * operating * (i + 1) / 3.0 + 1e-7 * i) for i in range(len(years))]
                rows.append({"scenario": scenario, "rate": rate, "operating_share": operating, "phase_years": 3,
                             "year": years, "share": shares, "note": None})
    return _rounded(rows * 3, 4)  # 72 rows: written by column


def test_numeric_columns_become_integers_and_others_stay_as_they_are():
    rows = _grid_rows()
    cols = _columns(rows)["rb_columns"]
    assert cols["scenario"] == [r["scenario"] for r in rows] and cols["note"] == [None] * len(rows)
    assert cols["phase_years"]["rb_scale"] == 0 and cols["rate"]["rb_scale"] == 2
    assert cols["share"]["rb_scale"] == 4 and all(isinstance(x, int) for x in cols["share"]["rb_delta"])
    assert "rb_lengths" in cols["year"] and "rb_lengths" not in cols["rate"]
    assert _compact([0.12345, 1]) == [0.12345, 1]  # five decimals: as it is
    with_nan = [1.0, float("nan")]
    assert _compact(with_nan) is with_nan  # NaN: not a number the integers could carry
    assert _compact([[1, None]]) == [[1, None]] and _compact([True, False]) == [True, False]


def test_rustbelt_js_gives_back_exactly_the_rows_written(tmp_path):
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    rows = _grid_rows()
    script = tmp_path / "harness.js"
    script.write_text(HARNESS, encoding="utf-8")
    spec = {"data": [{"name": "grid", "values": _columns(rows)}]}
    run = subprocess.run([node, str(script), str(ROOT / "_assets" / "rustbelt.js")], input=json.dumps(spec),
                         capture_output=True, text=True, timeout=60, check=True)
    got = json.loads(run.stdout)
    assert len(got) == len(rows)
    for a, b in zip(got, rows):
        assert a.keys() == b.keys()
        for k in a:  # the same numbers, not approximately: float(JS) == float(Python) or the same value
            assert a[k] == b[k], (k, a[k], b[k])
