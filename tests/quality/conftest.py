"""Shared by the quality gates: each committed model is evaluated on its dev split once per test session."""

from __future__ import annotations

from typing import Any, Callable

import pytest

_EVALUATED: dict[tuple, dict[str, Any]] = {}


@pytest.fixture
def dev_metrics(dataset) -> Callable[..., dict[str, Any]]:
    """``dev_metrics(task, *datasets, **options)``: the task's dev metrics, after checking its datasets exist
    (a skip on a clone without data, a failure in CI)."""

    def measure(task: str, *datasets: str, **options: Any) -> dict[str, Any]:
        for name in datasets:
            dataset(name)
        key = (task, tuple(sorted(options.items())))
        if key not in _EVALUATED:
            from newssift.training import run_evaluate

            _EVALUATED[key] = run_evaluate(task, "dev", **options)
        return _EVALUATED[key]

    return measure
