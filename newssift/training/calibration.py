"""Calibration measures shared by every probabilistic model.

Expected calibration error follows Guo et al. 2017, "On Calibration of Modern
Neural Networks" (equal-width bins over the predicted probability).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np


def _bin_of(probs: np.ndarray, bins: int) -> np.ndarray:
    """Equal-width bin of each probability: bin i holds (i/bins, (i+1)/bins]; 0.0 goes to the first bin."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    return np.clip(np.searchsorted(edges, probs, side="left") - 1, 0, bins - 1)


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
    index = _bin_of(probs, bins)
    error = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            error += mask.mean() * abs(probs[mask].mean() - hits[mask].mean())
    return float(error)


def ece_by_chance(probabilities: Sequence[float] | np.ndarray, bins: int = 15, draws: int = 2000,
                  seed: int = 0) -> tuple[float, float]:
    """5th and 95th percentile of the ECE that a perfectly calibrated model making these very predictions would
    show on this many examples: each outcome drawn as a coin flip with its predicted probability.

    ECE is biased upward on small sets (every bin's observed rate is noisy, and the error takes its absolute
    value): on 67 articles a perfectly calibrated model can show 0.10. An ECE inside this range is no evidence
    of miscalibration; an aim such as ECE <= 0.03 cannot be judged where the range lies above it.
    """
    probs = np.asarray(probabilities, dtype=float)
    if probs.size == 0:
        return 0.0, 0.0
    members = np.zeros((probs.size, bins))
    members[np.arange(probs.size), _bin_of(probs, bins)] = 1.0
    counts = members.sum(axis=0)
    used = counts > 0
    predicted = (probs @ members)[used] / counts[used]
    outcomes = np.random.default_rng(seed).random((draws, probs.size)) < probs  # (draws, examples)
    observed = (outcomes @ members)[:, used] / counts[used]
    errors = (np.abs(observed - predicted) * (counts[used] / probs.size)).sum(axis=1)
    low, high = np.percentile(errors, [5, 95])
    return round(float(low), 4), round(float(high), 4)


def ece_text(metrics: dict[str, Any], digits: int = 3) -> str:
    """``ECE 0.124 (calibrated-model range at this n: 0.061-0.165)`` from a metrics block holding ``ece`` and,
    where computed, ``ece_by_chance`` (:func:`ece_by_chance`)."""
    text = f"ECE {metrics['ece']:.{digits}f}"
    if metrics.get("ece_by_chance"):
        low, high = metrics["ece_by_chance"]
        text += f" (calibrated-model range at this n: {low:.{digits}f}-{high:.{digits}f})"
    return text


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
    index = _bin_of(probs, bins)
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
