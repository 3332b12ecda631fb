"""Quality gate: the committed `claims` (check-worthiness) artifact on the dev splits.

`newssift evaluate claims --split dev` measured, for the soup of three fine-tuned seeds committed 2026-11-25:
ClaimBuster dev positive-class F1 0.7969, CLEF-2019 dev MAP over debates 0.1859, ClaimBuster ECE 0.0194 on the
machine that trained it, and F1 0.7850, MAP 0.1833, ECE 0.0204 with the same artifact and onnxruntime 1.32.0 on
an AMD EPYC with AVX2 but no AVX-512/VNNI (2026-12-01). Dynamic int8 matrix kernels differ by CPU, and sentences
near the 0.6 threshold flip, so the F1 floor leaves room for that spread (see
newssift/resources/models/claims/MODEL_CARD.md). The issue's target (F1 >= 0.82) is not reached yet: raise the
floors when a better model is committed.
"""

from __future__ import annotations

import pytest

FLOORS = {"claimbuster_f1": 0.775, "clef2019_map": 0.175}
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
