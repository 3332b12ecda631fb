"""Quality gate: the committed `reliability` artifact on its outlet-disjoint dev split.

Floors sit a little below what `newssift evaluate reliability --split dev` measured when the artifact was
trained (see its MODEL_CARD.md: held-out-outlet macro-F1 0.5631, ECE 0.0301; false-flag rates on
reliable outlets' dev articles: left 0.044, right 0.040, gap -0.4 points). Raise the floors when a better model is
committed.
"""

from __future__ import annotations

import pytest

FLOORS = {"macro_f1": 0.55, "accuracy": 0.76}
CEILINGS = {"ece": 0.045}
#: the false-flag rates of left- and right-leaning reliable outlets may differ by at most this many points
MAX_GAP_POINTS = 3.0

@pytest.fixture
def metrics(dev_metrics):
    return dev_metrics("reliability", "political-bias-allsides-baly2020", "articles-buzzfeed-webis-2016",
                       "articles-horne2017", "articles-fakenewscorpus-sample", "fakenewsnet-politifact")


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_heldout_outlet_metric_stays_above_its_floor(metrics, key):
    value = metrics["dev_heldout_outlets"][key]
    assert value >= FLOORS[key], f"reliability held-out-outlet {key} {value} fell below its floor {FLOORS[key]}"


@pytest.mark.parametrize("key", sorted(CEILINGS))
def test_calibration_error_stays_below_its_ceiling(metrics, key):
    value = metrics["dev_heldout_outlets"][key]
    assert value <= CEILINGS[key], f"reliability held-out-outlet {key} {value} rose above {CEILINGS[key]}"


def test_false_flags_of_left_and_right_reliable_outlets_stay_close(metrics):
    symmetry = metrics["symmetry"]
    assert symmetry["left"]["articles"] > 100 and symmetry["right"]["articles"] > 100
    assert abs(symmetry["gap_points"]) <= MAX_GAP_POINTS, symmetry["gap_points"]


def test_the_split_keeps_outlets_apart(metrics):
    from newssift.training.reliability import assign_splits, load_rows

    splits = assign_splits(load_rows())
    train_outlets = {r["outlet"] for r in splits["train"] if r["outlet"]}
    assert not train_outlets & {r["outlet"] for r in splits["dev"]}


def test_the_baseline_is_compared_on_the_same_articles(metrics):
    comparison = metrics["baseline_comparison"]
    lead = comparison["model_minus_baseline"]
    assert comparison["baseline"]["n"] == metrics["dev_heldout_outlets"]["n"]
    assert lead["outlets"] == metrics["dev_heldout_outlets"]["outlets"]
    assert lead["difference"] == pytest.approx(
        metrics["dev_heldout_outlets"]["macro_f1"] - comparison["baseline"]["macro_f1"], abs=2e-4)
    low, high = lead["interval_95"]
    assert low <= lead["difference"] <= high


def test_the_printed_metrics_show_the_baseline_and_the_lead(metrics):
    from newssift.training import format_metrics

    text = format_metrics("reliability", metrics)
    assert "[baseline: TF-IDF word 1-2-grams" in text and "[model - baseline, dev held-out outlets]" in text
    assert "95% interval" in text and "symmetry" in text


def test_evaluate_shows_how_far_the_labels_follow_the_outlets_leaning(metrics):
    from newssift.training import format_metrics

    by_leaning = metrics["labels_by_leaning"]
    assert sum(sum(cell.values()) for cell in by_leaning["counts"].values()) == metrics["dev_heldout_outlets"]["n"]
    flagged = sum(cell.get("unreliable", 0) for cell in by_leaning["counts"].values())
    assert flagged == metrics["dev_heldout_outlets"]["counts"]["unreliable"]
    assert "a rule that reads no text" in format_metrics("reliability", metrics)


def test_the_ranking_lead_and_the_baselines_false_flags_are_shown_too(metrics):
    from newssift.training import format_metrics

    comparison = metrics["baseline_comparison"]
    auc = comparison["model_minus_baseline_auc"]
    assert auc["outlets"] == comparison["model_minus_baseline"]["outlets"]
    assert auc["difference"] == pytest.approx(auc["a"] - auc["b"], abs=2e-4)
    assert auc["interval_95"][0] <= auc["difference"] <= auc["interval_95"][1]
    assert comparison["baseline_symmetry"]["left"]["articles"] == metrics["symmetry"]["left"]["articles"]
    assert "ROC AUC" in format_metrics("reliability", metrics)
