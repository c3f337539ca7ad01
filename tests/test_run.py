"""rustbelt.run: a kernel that dies at start-up (a TCP port taken by another process between
jupyter_client's choice and the kernel's bind) is replaced; any other failure is not retried."""
from __future__ import annotations

import papermill
import pytest

from rustbelt import run


def _flaky(monkeypatch, failures: list[Exception]):
    calls = []

    def execute_notebook(*args, **kwargs):
        calls.append(kwargs)
        if failures:
            raise failures.pop(0)
        return "executed"

    monkeypatch.setattr(papermill, "execute_notebook", execute_notebook)
    return calls


def test_a_kernel_that_dies_at_start_up_is_replaced(monkeypatch):
    calls = _flaky(monkeypatch, [RuntimeError(run.KERNEL_DIED_AT_START)])
    assert run.execute_chapter("challenges", {}) == "executed"
    assert len(calls) == 2


def test_a_kernel_that_keeps_dying_fails_after_the_last_attempt(monkeypatch):
    calls = _flaky(monkeypatch, [RuntimeError(run.KERNEL_DIED_AT_START)] * run.KERNEL_START_ATTEMPTS)
    with pytest.raises(RuntimeError, match="Kernel died"):
        run.execute_chapter("challenges", {})
    assert len(calls) == run.KERNEL_START_ATTEMPTS


def test_other_failures_are_not_retried(monkeypatch):
    calls = _flaky(monkeypatch, [RuntimeError("a cell failed")])
    with pytest.raises(RuntimeError, match="a cell failed"):
        run.execute_chapter("challenges", {})
    assert len(calls) == 1
