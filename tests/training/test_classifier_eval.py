"""The paired outlet bootstrap that says how sure a model's macro-F1 lead over a baseline is, and the interval
printed beside an accuracy."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import f1_score, roc_auc_score

from newssift.training.classifier_eval import (_macro_f1_of_confusions, _weighted_roc_auc, accuracy_interval,
                                              accuracy_text, binary_flag_metrics, bootstrap_text,
                                              classification_metrics, largest_outlet_text, largest_outlet_weight,
                                              paired_outlet_bootstrap, paired_outlet_bootstrap_auc, recorded_block)

LABELS = ["left", "center", "right"]


def _random_predictions(seed: int, n: int = 300):
    rng = np.random.default_rng(seed)
    gold = rng.choice(LABELS, n)
    good = np.where(rng.random(n) < 0.7, gold, rng.choice(LABELS, n))
    poor = np.where(rng.random(n) < 0.3, gold, rng.choice(LABELS, n))
    outlets = [f"outlet{i}" for i in rng.integers(0, 30, n)]
    return gold, good, poor, outlets


@pytest.mark.parametrize("seed", range(5))
def test_macro_f1_from_a_confusion_matrix_is_scikit_learns(seed):
    gold, good, _, _ = _random_predictions(seed, 40)
    gold[:5] = "left"  # and a label may be missing from the predictions
    good = np.where(good == "right", "left", good)
    confusion = np.zeros((3, 3))
    for g, p in zip(gold, good):
        confusion[LABELS.index(g), LABELS.index(p)] += 1
    expected = f1_score(gold, good, labels=LABELS, average="macro", zero_division=0)
    assert _macro_f1_of_confusions(confusion) == pytest.approx(expected)


def test_a_clearly_better_model_is_ahead_in_nearly_every_draw():
    gold, good, poor, outlets = _random_predictions(0)
    result = paired_outlet_bootstrap(gold, good, poor, outlets, LABELS)
    expected = (f1_score(gold, good, labels=LABELS, average="macro")
                - f1_score(gold, poor, labels=LABELS, average="macro"))
    assert result["difference"] == pytest.approx(expected, abs=1e-4)
    low, high = result["interval_95"]
    assert 0 < low < result["difference"] < high and result["share_a_higher"] > 0.99
    assert result["outlets"] == len(set(outlets))
    assert "95% interval" in bootstrap_text(result)


def test_the_same_predictions_are_never_ahead():
    gold, good, _, outlets = _random_predictions(1)
    result = paired_outlet_bootstrap(gold, good, good, outlets, LABELS)
    assert result["difference"] == 0 and result["interval_95"] == [0, 0] and result["share_a_higher"] == 0


def test_whole_outlets_are_resampled_not_articles():
    # one outlet: every draw picks it whole, so the interval is the observed difference; resampling articles
    # would spread it
    gold, good, poor, _ = _random_predictions(2)
    result = paired_outlet_bootstrap(gold, good, poor, ["one outlet"] * len(gold), LABELS)
    assert result["interval_95"] == [result["difference"]] * 2


def test_recorded_block_reads_what_training_wrote(tmp_path):
    (tmp_path / "metrics.json").write_text('{"baseline_tfidf_lr": {"macro_f1": 0.25}, "note": "text"}')
    assert recorded_block(tmp_path, "baseline_tfidf_lr") == {"macro_f1": 0.25}
    assert recorded_block(tmp_path, "note") is None  # not a block of figures
    assert recorded_block(tmp_path, "absent") is None


@pytest.mark.parametrize("content", [None, "not json {", "[1, 2]"])
def test_recorded_block_is_none_without_readable_metrics(tmp_path, content):
    if content is not None:
        (tmp_path / "metrics.json").write_text(content)
    assert recorded_block(tmp_path, "baseline_tfidf_lr") is None


def test_largest_outlet_weight_says_how_far_one_outlet_decides_the_figure():
    # outlet "big" (4 left articles, half read wrong) and two small outlets read right
    gold = ["left", "left", "left", "left", "center", "right"]
    predicted = ["left", "center", "right", "left", "center", "right"]
    outlets = ["big", "big", "big", "big", "small1", "small2"]
    result = largest_outlet_weight(gold, predicted, outlets, LABELS)
    assert (result["outlet"], result["n"], result["share"]) == ("big", 4, pytest.approx(0.6667, abs=1e-4))
    assert result["macro_f1_without"] == pytest.approx(
        f1_score(gold[4:], predicted[4:], labels=LABELS, average="macro", zero_division=0), abs=1e-4)
    assert result["macro_f1_if_its_articles_read_right"] == 1.0
    assert result["macro_f1_if_its_articles_read_right"] > round(
        f1_score(gold, predicted, labels=LABELS, average="macro"), 4)
    text = largest_outlet_text(result)
    assert text.startswith("largest outlet big: 4 articles (67%)") and "1.0000 with each of its articles" in text


def test_largest_outlet_weight_of_a_single_outlet_has_no_rest():
    result = largest_outlet_weight(["left", "right"], ["right", "right"], ["only", "only"], LABELS)
    assert result["macro_f1_without"] is None and result["share"] == 1.0
    assert "without it" not in largest_outlet_text(result)


@pytest.mark.parametrize("seed", range(4))
def test_weighted_roc_auc_is_scikit_learns_with_sample_weights_and_ties(seed):
    rng = np.random.default_rng(seed)
    positive = rng.random(200) < 0.3
    scores = np.round(rng.random(200) * 0.5 + 0.3 * positive, 1)  # rounded: many tied scores
    weights = rng.integers(0, 3, size=(5, 200)).astype(float)
    ours = _weighted_roc_auc(scores, positive, weights)
    for row, value in zip(weights, ours):
        assert value == pytest.approx(roc_auc_score(positive, scores, sample_weight=row), abs=1e-12)


def test_weighted_roc_auc_without_both_classes_is_nan():
    assert np.isnan(_weighted_roc_auc(np.array([0.1, 0.9]), np.array([True, True]), np.ones((1, 2))))[0]


def test_auc_bootstrap_sees_a_better_ranking_and_not_the_same_one():
    rng = np.random.default_rng(7)
    positive = rng.random(600) < 0.3
    outlets = [f"outlet{i}" for i in rng.integers(0, 40, 600)]
    good = positive + rng.normal(0, 0.6, 600)
    poor = positive + rng.normal(0, 3.0, 600)
    better = paired_outlet_bootstrap_auc(positive, good, poor, outlets)
    assert better["a"] == pytest.approx(roc_auc_score(positive, good), abs=1e-4)
    assert better["difference"] > 0.1 and better["interval_95"][0] > 0 and better["share_a_higher"] > 0.99
    same = paired_outlet_bootstrap_auc(positive, good, good, outlets)
    assert same["difference"] == 0 and same["share_a_higher"] == 0
    assert bootstrap_text(same).startswith("ROC AUC +0.000")


def test_accuracy_interval_is_the_wilson_score_interval():
    # 56 of 67 (hyperpartisan's dev figure): p = 0.836, z = 1.96; the Wilson bounds worked by hand are 0.7294 and 0.9058
    assert accuracy_interval(56, 67) == [0.7294, 0.9058]
    low, high = accuracy_interval(3154, 3200)  # more examples, a narrower interval around the same kind of figure
    assert low < 3154 / 3200 < high and high - low < 0.01
    assert accuracy_interval(10, 10)[1] == 1.0 and accuracy_interval(10, 10)[0] < 1.0
    assert accuracy_interval(0, 0) == []


def test_both_metric_blocks_carry_the_interval_and_the_text_shows_it():
    gold = ["a"] * 6 + ["b"] * 4
    p_b = np.array([0.1, 0.2, 0.3, 0.6, 0.2, 0.1, 0.9, 0.8, 0.4, 0.7])  # 8 of 10 right at 0.5
    flag = binary_flag_metrics(gold, p_b, "b", "a")
    assert flag["accuracy"] == 0.8 and flag["accuracy_interval"] == accuracy_interval(8, 10)
    multi = classification_metrics(gold, np.column_stack([1 - p_b, p_b]), ["a", "b"])
    assert multi["accuracy_interval"] == flag["accuracy_interval"]
    low, high = flag["accuracy_interval"]
    assert accuracy_text(flag) == f"accuracy 0.800 (95% interval {low:.3f}-{high:.3f})"
    # a block recorded before the interval was computed is printed without one
    assert accuracy_text({"accuracy": 0.718}) == "accuracy 0.718"
