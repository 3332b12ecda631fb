"""`newssift train claims-minilm` / `newssift evaluate claims-minilm`: the smaller check-worthiness model.

The ``claims`` analyzer falls back to it when the all-mpnet-base-v2 parts that the bundled ``claims``
adapter builds on are not installed. Recipe, data and measurements: :mod:`newssift.training.claims`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..models.artifacts import bundled_model_dir
from ..models.checkworthy import CLAIMS_FALLBACK_NAME
from .claims import evaluate as evaluate_claims
from .claims import format_metrics, train_minilm

__all__ = ["train", "evaluate", "format_metrics"]


def train(out_dir: Path | None = None, **options: Any) -> dict[str, Any]:
    return train_minilm(out_dir=out_dir, **options)


def evaluate(split: str = "dev", model_dir: Path | None = None, **options: Any) -> dict[str, Any]:
    return evaluate_claims(split, model_dir or bundled_model_dir(CLAIMS_FALLBACK_NAME), **options)
