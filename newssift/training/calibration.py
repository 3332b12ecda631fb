"""Calibration measures shared by every probabilistic model.

Expected calibration error follows Guo et al. 2017, "On Calibration of Modern
Neural Networks" (equal-width bins over the predicted probability).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np


def expected_calibration_error(probabilities: Sequence[float] | np.ndarray, outcomes: Sequence[int] | np.ndarray,
                               bins: int = 15) -> float:
    """ECE of binary probabilities: sum over bins of |mean predicted - observed rate| weighted by bin share.

    For a multi-class model pass the top-class probability and whether the top
    class was right (the "confidence" ECE of Guo et al.).
    """
    probs = np.asarray(probabilities, dtype=float)
    hits = np.asarray(outcomes, dtype=float)
    if probs.shape != hits.shape:
        raise ValueError("probabilities and outcomes differ in length")
    if probs.size == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    # bin i holds (edges[i], edges[i+1]]; 0.0 goes to the first bin
    index = np.clip(np.searchsorted(edges, probs, side="left") - 1, 0, bins - 1)
    error = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            error += mask.mean() * abs(probs[mask].mean() - hits[mask].mean())
    return float(error)


def multiclass_ece(probability_rows: np.ndarray, labels: Sequence[int] | np.ndarray, bins: int = 15) -> float:
    """Confidence ECE of a multi-class model (top-class probability vs. top class correct)."""
    rows = np.asarray(probability_rows, dtype=float)
    gold = np.asarray(labels)
    top = rows.argmax(axis=1)
    return expected_calibration_error(rows.max(axis=1), (top == gold).astype(int), bins=bins)


def reliability_table(probabilities: Sequence[float] | np.ndarray, outcomes: Sequence[int] | np.ndarray,
                      bins: int = 10) -> list[dict[str, Any]]:
    """Per-bin count, mean predicted probability and observed rate (for model cards and reports)."""
    probs = np.asarray(probabilities, dtype=float)
    hits = np.asarray(outcomes, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.searchsorted(edges, probs, side="left") - 1, 0, bins - 1)
    table = []
    for b in range(bins):
        mask = index == b
        table.append({
            "bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}",
            "count": int(mask.sum()),
            "mean_predicted": round(float(probs[mask].mean()), 4) if mask.any() else None,
            "observed": round(float(hits[mask].mean()), 4) if mask.any() else None,
        })
    return table
