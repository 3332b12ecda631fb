"""Outlet profiles from rater labels, and the political-symmetry (false-flag) figures."""

from __future__ import annotations

import numpy as np
import pytest

from newssift.training.symmetry import (
    RELIABLE,
    UNRELIABLE,
    OutletProfile,
    false_flag_rates,
    format_labels_by_leaning,
    format_symmetry,
    labels_by_leaning,
    outlet_of,
    outlet_profile,
    profile_from_ratings,
)


def test_mbfc_reporting_decides_first_and_maps_levels():
    assert profile_from_ratings({"mbfc": {"reporting": "high", "bias": "left-center"}}).factual == RELIABLE
    assert profile_from_ratings({"mbfc": {"reporting": "mostly-factual"}}).factual == RELIABLE
    assert profile_from_ratings({"mbfc": {"reporting": "mixed"}}).factual == UNRELIABLE
    both = profile_from_ratings({"mbfc": {"reporting": "low"}, "baly2020": {"fact": "high"}})
    assert (both.factual, both.factual_from) == (UNRELIABLE, "mbfc")


def test_fallbacks_when_a_rater_is_silent():
    profile = profile_from_ratings({"mbfc": {"bias": "fake-news"}, "baly2020": {"fact": "mixed", "bias": "right"}})
    assert (profile.factual, profile.factual_from) == (UNRELIABLE, "baly2020")
    # MBFC's "fake-news" category carries no leaning: the next rater's bias is used
    assert (profile.leaning, profile.leaning_from) == ("right", "baly2020")
    assert profile_from_ratings({"idiap_mbfc": {"factual_reporting": "very high", "bias": "least biased"}}) == \
        OutletProfile(None, RELIABLE, "idiap_mbfc", "center", "idiap_mbfc")
    assert profile_from_ratings({"opensources": {"tags": ["conspiracy"]}}).factual == UNRELIABLE
    assert profile_from_ratings({"opensources": {"tags": ["political", "reliable"]}}).factual == RELIABLE
    assert profile_from_ratings({}) == OutletProfile(None)


def test_bias_folds_to_three_leanings():
    for written, leaning in [("left-center", "left"), ("extreme-left", "left"), ("right-center", "right"),
                             ("extreme-right", "right"), ("center", "center")]:
        assert profile_from_ratings({"baly2018": {"bias": written}}).leaning == leaning


def test_outlet_is_the_registrable_domain():
    assert outlet_of("https://money.cnn.com/2020/story.html") == "cnn.com"
    assert outlet_of("www.online.wsj.com") == "wsj.com"
    assert outlet_of("") is None


def test_bundled_tables_profile_known_outlets():
    assert outlet_profile("https://www.nytimes.com/x") == OutletProfile("nytimes.com", RELIABLE, "mbfc", "left", "mbfc")
    assert outlet_profile("www.nationalreview.com").leaning == "right"
    assert outlet_profile("no-such-outlet-xyz.com").factual is None


def _profiles():
    return {
        "left1.com": OutletProfile("left1.com", RELIABLE, "mbfc", "left", "mbfc"),
        "left2.com": OutletProfile("left2.com", RELIABLE, "mbfc", "left", "mbfc"),
        "right1.com": OutletProfile("right1.com", RELIABLE, "mbfc", "right", "mbfc"),
        "bad.com": OutletProfile("bad.com", UNRELIABLE, "mbfc", "right", "mbfc"),
        "mid.com": OutletProfile("mid.com", RELIABLE, "mbfc", "center", "mbfc"),
    }


def test_false_flag_rates_count_only_reliable_left_and_right_outlets():
    outlets = ["left1.com"] * 4 + ["left2.com"] * 2 + ["right1.com"] * 4 + ["bad.com"] * 3 + ["mid.com"] * 2
    flagged = [1, 0, 0, 0] + [1, 1] + [1, 1, 0, 0] + [1, 1, 1] + [1, 1]
    probs = np.linspace(0.1, 0.9, len(outlets))
    out = false_flag_rates(flagged, outlets, profiles=_profiles(), probabilities=probs)
    assert (out["left"]["articles"], out["left"]["flagged"], out["left"]["outlets"]) == (6, 3, 2)
    assert out["left"]["false_flag_rate"] == 0.5
    assert out["left"]["false_flag_rate_outlet_macro"] == pytest.approx((0.25 + 1.0) / 2, abs=1e-4)
    assert (out["right"]["articles"], out["right"]["flagged"]) == (4, 2)  # bad.com (unreliable) left out
    assert out["gap_points"] == 0.0
    assert out["gap_points_outlet_macro"] == pytest.approx(100 * (0.5 - 0.625), abs=0.01)
    assert set(out["left"]["by_outlet"]) == {"left1.com", "left2.com"}
    text = format_symmetry(out)
    assert "left-leaning reliable outlets: false-flag rate 0.500" in text and "gap (right - left)" in text
    unlabelled = format_symmetry(out, rate_name="flag rate")  # (clickbait: the headlines carry no clickbait labels)
    assert "left-leaning reliable outlets: flag rate 0.500" in unlabelled and "false-flag" not in unlabelled


def test_false_flag_rates_without_one_side():
    out = false_flag_rates([True], ["left1.com"], profiles=_profiles())
    assert out["right"]["articles"] == 0 and out["gap_points"] is None
    assert "right-leaning reliable outlets: no articles" in format_symmetry(out)
    with pytest.raises(ValueError):
        false_flag_rates([True, False], ["left1.com"], profiles=_profiles())


def test_outlet_macro_rate_over_outlets_with_enough_articles():
    """One-article outlets (rate 0 or 100%) are left out of the second outlet-macro figure."""
    outlets = ["left1.com"] * 5 + ["left2.com"] + ["right1.com"] * 6
    flagged = [1, 0, 0, 0, 0] + [1] + [1, 0, 0, 0, 0, 0]
    out = false_flag_rates(flagged, outlets, profiles=_profiles())
    assert out["min_articles"] == 5
    assert out["left"]["outlets_min_articles"] == 1 and out["right"]["outlets_min_articles"] == 1
    assert out["left"]["false_flag_rate_outlet_macro"] == pytest.approx(0.6, abs=1e-4)  # (0.2 + 1.0) / 2
    assert out["left"]["false_flag_rate_outlet_macro_min_articles"] == pytest.approx(0.2, abs=1e-4)
    assert out["gap_points_outlet_macro_min_articles"] == pytest.approx(100 * (1 / 6 - 0.2), abs=0.01)
    assert "outlets with 5+ articles -3.3" in format_symmetry(out)


def test_labels_by_leaning_counts_labels_per_side_and_scores_the_text_free_rule():
    # nytimes.com leans left, nationalreview.com right (bundled tables, see above); the third outlet is unrated
    outlets = ["https://www.nytimes.com/a", "https://www.nytimes.com/b", "www.nationalreview.com",
               "www.nationalreview.com", "no-such-outlet-xyz.com"]
    gold = [RELIABLE, RELIABLE, UNRELIABLE, RELIABLE, UNRELIABLE]
    result = labels_by_leaning(gold, outlets, UNRELIABLE)
    assert result["counts"] == {"left": {RELIABLE: 2}, "right": {UNRELIABLE: 1, RELIABLE: 1},
                                "unrated": {UNRELIABLE: 1}}
    # flagging the two right-leaning articles: one hit, one false flag, one miss (the unrated outlet)
    truth, flagged_right = [False, False, True, False, True], [False, False, True, True, False]
    from sklearn.metrics import f1_score

    assert result["rule_macro_f1"]["right"] == pytest.approx(f1_score(truth, flagged_right, average="macro"), abs=1e-4)
    assert result["rule_macro_f1"]["left"] == pytest.approx(
        f1_score(truth, [True, True, False, False, False], average="macro", zero_division=0), abs=1e-4)
    text = format_labels_by_leaning(result)
    assert "right 1 unreliable of 2" in text and "unrated 1 unreliable of 1" in text
    assert f"macro-F1 {result['rule_macro_f1']['right']:.3f}" in text
