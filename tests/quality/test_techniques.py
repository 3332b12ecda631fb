"""Quality gate: the committed `techniques` artifact on the PTC dev split (SemEval-2020 Task 11 metrics).

Floors are pinned a little below the figures measured with
`newssift evaluate techniques --split dev` when the artifact was trained (see
its MODEL_CARD.md); a drop below a floor fails CI. Raise them when a better
model is committed.
"""

from __future__ import annotations

import pytest

# measured 2026-11-25 (MiniLM fine-tuned, all 6 layers, encoder lr 1e-4): SI F1 0.4010, TC micro-F1 0.6347,
# joint F1 0.2292 (37 dev articles)
FLOORS = {
    ("si", "f1"): 0.39,
    ("tc", "micro_f1"): 0.62,
    ("joint", "f1"): 0.21,
}


@pytest.fixture
def metrics(dev_metrics):
    return dev_metrics("techniques", "propaganda-ptc-semeval2020")


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_dev_metric_stays_above_its_floor(metrics, key):
    group, name = key
    assert metrics[group][name] >= FLOORS[key], f"{group} {name} = {metrics[group][name]} < floor {FLOORS[key]}"


def test_dev_split_is_the_full_one(metrics):
    assert metrics["articles"] == 37 and metrics["gold_spans"] == 761
