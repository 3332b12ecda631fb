"""Quality gate: the committed `clickbait` artifact on the clickbait-chakraborty2016 dev split.

Floors sit a little below what `newssift evaluate clickbait --split dev` measured when the artifact was trained
(accuracy 0.9856, macro-F1 0.9856, ECE 0.0063; see its MODEL_CARD.md). Raise them when a better model is committed.

The dataset's sites capitalise differently, so a model can score well by reading the capitalisation; the case
test holds the model to the same floor on the dev headlines written in Title Case and in lower case (the model
that kept case scored 0.828 and 0.507 there).
"""

from __future__ import annotations

import pytest

from newssift.models.artifacts import require_model_dir
from newssift.models.linear_text import LinearTextClassifier
from newssift.training import clickbait

FLOORS = {"accuracy": 0.985, "macro_f1": 0.985}
CEILINGS = {"ece": 0.015}
#: AllSides headlines of reliable outlets flagged, right minus left, in points: -10.6 when this gate was set
#: (2026-12-03; the refitted baseline -11.2). A regression guard, not the 2-point aim of the other two checks.
MAX_HEADLINE_GAP_POINTS = 15.0


@pytest.fixture
def metrics(dev_metrics):
    return dev_metrics("clickbait", "clickbait-chakraborty2016")


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_dev_metric_stays_above_its_floor(metrics, key):
    assert metrics[key] >= FLOORS[key], f"clickbait dev {key} {metrics[key]} fell below its floor {FLOORS[key]}"


@pytest.mark.parametrize("key", sorted(CEILINGS))
def test_calibration_error_stays_below_its_ceiling(metrics, key):
    assert metrics[key] <= CEILINGS[key], f"clickbait dev {key} {metrics[key]} rose above {CEILINGS[key]}"


def _title_case(headline: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in headline.split())


@pytest.mark.parametrize("rewrite", [_title_case, str.lower, str.upper], ids=["Title Case", "lower", "UPPER"])
def test_accuracy_does_not_depend_on_capitalisation(dataset, rewrite):
    dataset("clickbait-chakraborty2016")
    headlines, labels = clickbait.load_split("dev")
    model = LinearTextClassifier.load(require_model_dir("clickbait"))
    predicted = model.predict([rewrite(h) for h in headlines])
    accuracy = sum(p == g for p, g in zip(predicted, labels)) / len(labels)
    assert accuracy >= FLOORS["accuracy"], f"clickbait dev accuracy {accuracy:.4f} with {rewrite.__name__} headlines"


def test_the_model_beats_the_baseline_refitted_by_evaluate(metrics):
    base = metrics["baseline_tfidf_lr"]
    assert metrics["accuracy"] > base["accuracy"], (metrics["accuracy"], base)


def test_headline_symmetry_is_measured_and_stated_as_flags_not_errors(metrics):
    """The AllSides headlines carry no clickbait labels: the report says "flag rate", never "false-flag rate"."""
    symmetry = metrics["symmetry"]
    assert symmetry["left"]["articles"] > 500 and symmetry["right"]["articles"] > 500
    assert abs(symmetry["gap_points"]) <= MAX_HEADLINE_GAP_POINTS, symmetry["gap_points"]
    assert metrics["baseline_tfidf_lr"]["symmetry"]["gap_points"] is not None
    text = clickbait.format_metrics(metrics)
    assert "not known to be wrong" in text and "flag rate" in text and "false-flag" not in text
