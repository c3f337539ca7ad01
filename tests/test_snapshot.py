"""Behaviour must not change by accident: every chapter's glued values equal the snapshot.

Regenerate on purpose with ``python -m rustbelt.book.snapshot`` (see its docstring).
"""
from __future__ import annotations

import json

import pytest

from rustbelt.book import snapshot as S


@pytest.mark.papermill
@pytest.mark.parametrize("chapter, params", [(c, p) for c, runs in S.RUNS.items() for p in runs],
                         ids=lambda v: v if isinstance(v, str) else json.dumps(v, sort_keys=True))
def test_glued_values_equal_the_snapshot(chapter, params):
    recorded = json.loads(S.SNAPSHOT.read_text(encoding="utf-8"))
    key, values = S._run((chapter, params))
    assert key in recorded, f"{key} is not in {S.SNAPSHOT.name}: run python -m rustbelt.book.snapshot"
    moved = S.differences(recorded[key], values)
    assert not moved, "glued values moved (regenerate the snapshot only on purpose):\n" + "\n".join(moved)


def test_differences_sees_a_moved_number_a_new_key_and_a_changed_phrase():
    old = {"run": {"a": 1.0, "b": "more than half", "c": [1, 2]}}
    assert S.differences(old, old) == []
    assert S.differences(old, {"run": {"a": 1.0 + 1e-12, "b": "more than half", "c": [1, 2]}}) == []
    moved = S.differences(old, {"run": {"a": 1.01, "b": "less than half", "c": [1, 3], "d": 0}})
    assert len(moved) == 4 and any("a: 1.0 -> 1.01" in m for m in moved)
