"""Verdict words -> a normalized ordinal in [0, 1] (0 = false, 1 = true), or None.

The scale follows PolitiFact's six-step Truth-O-Meter (pants on fire, false,
mostly false / barely true, half true, mostly true, true -> 0, 0.2, 0.4, 0.6,
0.8, 1.0); Snopes and other publishers' common ratings are placed on it by
meaning ("mixture" sits with "half true", "misleading" with "mostly false").
Ratings that say nothing about truth (unproven, outdated, satire,
Flip-O-Meter ratings, "lacks context") map to None: the verdict as the
fact-checker wrote it is always kept and shown; the ordinal is only a
convenience for sorting and colouring.
"""

from __future__ import annotations

import re

ORDINALS: dict[str, float] = {
    # PolitiFact Truth-O-Meter (and its URL slugs)
    "pants on fire": 0.0, "pants fire": 0.0, "pants-fire": 0.0, "pants on fire!": 0.0,
    "false": 0.2, "barely true": 0.4, "mostly false": 0.4, "half true": 0.6, "mostly true": 0.8, "true": 1.0,
    # Snopes and common ClaimReview wording
    "fake": 0.0, "fabricated": 0.0, "hoax": 0.0, "scam": 0.0, "four pinocchios": 0.0,
    "incorrect": 0.2, "wrong": 0.2, "not true": 0.2, "untrue": 0.2, "inaccurate": 0.2, "baseless": 0.2,
    "false claim": 0.2, "no evidence": 0.2, "three pinocchios": 0.2, "miscaptioned": 0.2, "misattributed": 0.2,
    "misleading": 0.4, "partly false": 0.4, "partially false": 0.4, "exaggerated": 0.4, "exaggeration": 0.4,
    "two pinocchios": 0.4, "distorts the facts": 0.4, "cherry picks": 0.4, "mostly inaccurate": 0.4,
    "mixture": 0.6, "mixed": 0.6, "half-true": 0.6, "partly true": 0.6, "partially true": 0.6,
    "half right": 0.6, "one pinocchio": 0.6,
    "mostly-true": 0.8, "mostly correct": 0.8, "mostly accurate": 0.8, "largely accurate": 0.8,
    "correct": 1.0, "accurate": 1.0, "correct attribution": 1.0, "geppetto checkmark": 1.0, "verified": 1.0,
    "barely-true": 0.4,
}

_SPACES = re.compile(r"[\s_\-]+")
_TRAILING = re.compile(r"[.!]+$")


def normalize_verdict(verdict: str | None) -> float | None:
    """The ordinal of a verdict as written (case, hyphens and trailing dots ignored), or None when unknown."""
    if not verdict:
        return None
    key = _TRAILING.sub("", _SPACES.sub(" ", verdict.strip().lower())).strip()
    if key in ORDINALS:
        return ORDINALS[key]
    return None


def ordinal_from_rating(value: object, best: object, worst: object) -> float | None:
    """A numeric ClaimReview rating (``ratingValue`` between ``worstRating`` and ``bestRating``) scaled to [0, 1]."""
    try:
        v, b, w = float(value), float(best), float(worst)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if b == w or not min(w, b) <= v <= max(w, b):
        return None
    return round((v - w) / (b - w), 4)
