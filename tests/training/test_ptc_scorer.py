"""The SemEval-2020 Task 11 scorer on hand-made cases; every expected value is worked out in the comments."""

from __future__ import annotations

import pytest

from newssift.training.ptc_scorer import joint_score, merge_spans, si_score, tc_score


def test_merge_spans_joins_overlaps_but_not_touching_spans():
    assert merge_spans([(10, 20), (0, 5), (15, 30), (5, 8), (40, 40)]) == [(0, 5), (5, 8), (10, 30)]


def test_si_partial_overlap_by_hand():
    # gold t = [0, 10) (10 chars); prediction s = [5, 15) (10 chars); |s ∩ t| = 5
    # P = 5/10 = 0.5, R = 5/10 = 0.5, F1 = 0.5
    result = si_score({"a": [(5, 15)]}, {"a": [(0, 10)]})
    assert result["precision"] == pytest.approx(0.5)
    assert result["recall"] == pytest.approx(0.5)
    assert result["f1"] == pytest.approx(0.5)


def test_si_one_prediction_covering_two_gold_spans():
    # gold [0,4) and [6,10); prediction [0,10) (10 chars)
    # P = (4/10 + 4/10) / 1 = 0.8; R = (4/4 + 4/4) / 2 = 1.0; F1 = 2*0.8*1/1.8 = 0.8889
    result = si_score({"a": [(0, 10)]}, {"a": [(0, 4), (6, 10)]})
    assert result["precision"] == pytest.approx(0.8)
    assert result["recall"] == pytest.approx(1.0)
    assert result["f1"] == pytest.approx(16 / 18)


def test_si_merges_overlapping_gold_and_ignores_techniques():
    # gold [0,10) Loaded + [5,20) Doubt merge into [0,20) (20 chars); prediction [0,10)
    # P = 10/10 = 1; R = 10/20 = 0.5; F1 = 2/3
    result = si_score({"a": [(0, 10, "Doubt")]}, {"a": [(0, 10, "Loaded_Language"), (5, 20, "Doubt")]})
    assert result["gold"] == 1
    assert result["precision"] == pytest.approx(1.0)
    assert result["recall"] == pytest.approx(0.5)
    assert result["f1"] == pytest.approx(2 / 3)


def test_si_sums_over_the_corpus_not_averaged_per_article():
    # article a: gold [0,10), prediction [0,10) -> P num 1, R num 1
    # article b: gold [0,10), two predictions [20,30) and [40,50) -> 0
    # P = 1/3, R = 1/2 (not the mean of per-article scores), F1 = 2*(1/3)(1/2)/(5/6) = 0.4
    result = si_score({"a": [(0, 10)], "b": [(20, 30), (40, 50)]}, {"a": [(0, 10)], "b": [(0, 10)]})
    assert result["precision"] == pytest.approx(1 / 3)
    assert result["recall"] == pytest.approx(1 / 2)
    assert result["f1"] == pytest.approx(0.4)


def test_si_no_spans_at_all_is_perfect_and_missing_predictions_score_zero():
    assert si_score({}, {"a": []})["f1"] == 1.0
    assert si_score({"a": []}, {"a": [(0, 3)]})["f1"] == 0.0


def test_tc_micro_f1_with_a_span_carrying_two_techniques():
    # gold: [0,5) Loaded + Name_Calling (same span twice), [7,9) Doubt -> 3 gold labels
    # prediction: [0,5) Name_Calling + Slogans, [7,9) Doubt
    # alignment pairs Name_Calling with Name_Calling; Slogans vs Loaded is wrong; Doubt right -> 2/3
    gold = {"a": [(0, 5, "Loaded_Language"), (0, 5, "Name_Calling,Labeling"), (7, 9, "Doubt")]}
    pred = {"a": [(0, 5, "Name_Calling,Labeling"), (0, 5, "Slogans"), (7, 9, "Doubt")]}
    result = tc_score(pred, gold)
    assert (result["correct"], result["total"]) == (2, 3)
    assert result["micro_f1"] == pytest.approx(2 / 3)


def test_tc_missing_prediction_counts_against_recall():
    # two gold spans, one predicted (right): P = 1/1, R = 1/2, F1 = 2/3
    result = tc_score({"a": [(0, 5, "Doubt")]}, {"a": [(0, 5, "Doubt"), (6, 9, "Slogans")]})
    assert result["micro_f1"] == pytest.approx(2 / 3)


def test_joint_needs_the_same_technique():
    # gold [0,10) Loaded, [20,30) Doubt; predictions [0,10) Loaded (right), [20,30) Slogans (wrong technique)
    # P = (1 + 0) / 2 = 0.5; R = (1 + 0) / 2 = 0.5; F1 = 0.5. SI on the same input would be 1.0.
    gold = {"a": [(0, 10, "Loaded_Language"), (20, 30, "Doubt")]}
    pred = {"a": [(0, 10, "Loaded_Language"), (20, 30, "Slogans")]}
    assert joint_score(pred, gold)["f1"] == pytest.approx(0.5)
    assert si_score(pred, gold)["f1"] == pytest.approx(1.0)


def test_joint_partial_credit_within_technique():
    # gold [0,20) Loaded (20 chars); prediction [10,15) Loaded (5 chars): P = 5/5 = 1, R = 5/20 = 0.25
    # F1 = 2*0.25/1.25 = 0.4
    result = joint_score({"a": [(10, 15, "Loaded_Language")]}, {"a": [(0, 20, "Loaded_Language")]})
    assert result["precision"] == pytest.approx(1.0)
    assert result["recall"] == pytest.approx(0.25)
    assert result["f1"] == pytest.approx(0.4)
