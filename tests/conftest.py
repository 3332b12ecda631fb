"""Shared test fixtures.

Dataset-backed tests call :func:`dataset` (or the ``dataset`` fixture): it skips
with a reason when ``$NEWSSIFT_DATA`` lacks the dataset, and fails instead
when ``NEWSSIFT_REQUIRE_DATA=1`` (set by ``.ci/run``), so CI cannot silently
stop running them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newssift.data import data_root


def dataset(name: str) -> Path:
    path = data_root() / name
    if not path.is_dir():
        message = f"dataset {name} not found under {data_root()} (set NEWSSIFT_DATA)"
        if os.environ.get("NEWSSIFT_REQUIRE_DATA") == "1":
            pytest.fail(message + "; NEWSSIFT_REQUIRE_DATA=1 makes this a failure")
        pytest.skip(message)
    return path


@pytest.fixture(name="dataset")
def dataset_fixture():
    return dataset
