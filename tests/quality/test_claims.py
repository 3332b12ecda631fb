"""Quality gate: the committed check-worthiness artifacts on the dev splits.

`claims` (the bundled model: all-mpnet-base-v2 + LoRA adapter, rebuilt over the installed mpnet parts) measured
with `newssift evaluate claims --split dev` when it was trained (2026-12-01): ClaimBuster dev positive-class F1
0.8314 (precision 0.8715, recall 0.7949, threshold 0.6 fitted on held-out training sentences), CLEF-2019 dev
MAP over debates 0.2071, ClaimBuster ECE 0.0174 (see newssift/resources/models/claims/MODEL_CARD.md). The issue
asks for F1 >= 0.82, so that is its floor.

`claims-minilm` (the fallback used when the mpnet parts are absent; 2026-11-25, the soup of three fine-tuned
MiniLM seeds, weights stored as uint8): F1 0.7969, MAP 0.1858, ECE 0.0194 on this machine's AVX2 CPU (stored as
int8 it had scored F1 0.7850 there).
"""

from __future__ import annotations

import pytest

DATASETS = ("checkworthy-claimbuster", "checkworthy-clef2019-debates")
FLOORS = {
    "claims": {"claimbuster_f1": 0.82, "clef2019_map": 0.20},
    "claims-minilm": {"claimbuster_f1": 0.785, "clef2019_map": 0.175},
}
CEILINGS = {"claims": {"claimbuster_ece": 0.03}, "claims-minilm": {"claimbuster_ece": 0.035}}


@pytest.fixture(params=sorted(FLOORS))
def task(request):
    return request.param


@pytest.fixture
def metrics(dev_metrics, task):
    return dev_metrics(task, *DATASETS)


@pytest.mark.parametrize("key", ["claimbuster_f1", "clef2019_map"])
def test_dev_metric_stays_above_its_floor(task, metrics, key):
    floor = FLOORS[task][key]
    assert metrics[key] >= floor, f"{task} dev {key} {metrics[key]} fell below its floor {floor}"


def test_calibration_error_stays_below_its_ceiling(task, metrics):
    ceiling = CEILINGS[task]["claimbuster_ece"]
    assert metrics["claimbuster_ece"] <= ceiling, f"{task} dev ECE {metrics['claimbuster_ece']} rose above {ceiling}"


def test_every_dev_debate_is_scored(metrics):
    assert len(metrics["clef2019_ap_per_debate"]) == 3
    assert all(0.0 <= ap <= 1.0 for ap in metrics["clef2019_ap_per_debate"].values())


def test_the_mpnet_model_is_the_one_evaluated(dev_metrics):
    """`evaluate claims` must score the adapter itself, never the fallback (CI installs the mpnet parts)."""
    assert dev_metrics("claims", *DATASETS)["model"] == "claims"
