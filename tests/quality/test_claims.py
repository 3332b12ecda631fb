"""Quality gate: the committed `claims` (check-worthiness) artifact on the dev splits.

Floors sit a little below what `newssift evaluate claims --split dev` measured when the artifact was trained
(2026-11-25, the soup of three fine-tuned seeds): ClaimBuster dev positive-class F1 0.7969, CLEF-2019 dev MAP over
debates 0.1859, ClaimBuster ECE 0.0194 (see newssift/resources/models/claims/MODEL_CARD.md). With its weights stored
as uint8 (2026-12-01) it measures the same on a CPU without AVX-512 VNNI (F1 0.7969, MAP 0.1858); stored as int8 it
had scored F1 0.7850 there. The issue's target (F1 >= 0.82) is not reached yet: raise the floors when a better model
is committed.
"""

from __future__ import annotations

import pytest

FLOORS = {"claimbuster_f1": 0.785, "clef2019_map": 0.175}
CEILINGS = {"claimbuster_ece": 0.035}

@pytest.fixture
def metrics(dev_metrics):
    return dev_metrics("claims", "checkworthy-claimbuster", "checkworthy-clef2019-debates")


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_dev_metric_stays_above_its_floor(metrics, key):
    assert metrics[key] >= FLOORS[key], f"claims dev {key} {metrics[key]} fell below its floor {FLOORS[key]}"


@pytest.mark.parametrize("key", sorted(CEILINGS))
def test_calibration_error_stays_below_its_ceiling(metrics, key):
    assert metrics[key] <= CEILINGS[key], f"claims dev {key} {metrics[key]} rose above {CEILINGS[key]}"


def test_every_dev_debate_is_scored(metrics):
    assert len(metrics["clef2019_ap_per_debate"]) == 3
    assert all(0.0 <= ap <= 1.0 for ap in metrics["clef2019_ap_per_debate"].values())
