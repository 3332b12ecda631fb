"""OutletRobustTextClassifier: outlet-spread vocabulary, outlet-balanced weights, plain artifact format."""

from __future__ import annotations

import numpy as np

from newssift.models.linear_text import LinearTextClassifier
from newssift.models.outlet_robust import OutletRobustTextClassifier

CALM = ["officials said the council approved the budget", "the report said the plan was approved",
        "the council said officials approved it", "approved by the council, officials said"]
LOUD = ["SHOCKING betrayal exposed, wake up now", "they lied again, total betrayal exposed",
        "wake up, the shocking truth exposed", "exposed: the betrayal they hide"]


def _fit(**params):
    texts = CALM + LOUD
    labels = ["ok"] * 4 + ["bad"] * 4
    # a house phrase only outlet "a" writes, in its articles of both labels
    texts = [t + (" dailyfoo exclusive" if g == "a" else "") for t, g in zip(texts, ["a", "b", "c", "d"] * 2)]
    model = OutletRobustTextClassifier(min_df=1, max_df=1.0, **params)
    return model.fit(texts, labels, groups=["a", "b", "c", "d"] * 2)


def test_terms_of_a_single_outlet_are_dropped():
    model = _fit(min_groups=2)
    names = model.feature_names_
    assert "dailyfoo" not in names and "exclusive" not in names
    assert "betrayal" in names and "council" in names
    assert model.predict(["the council approved the plan", "a shocking betrayal exposed"]) == ["ok", "bad"]


def test_min_groups_one_keeps_everything():
    assert "dailyfoo" in _fit(min_groups=1).feature_names_


def test_features_after_restriction_match_a_fresh_transform(tmp_path):
    model = _fit(min_groups=2, char_ngrams=(2, 3))
    model.save(tmp_path)
    loaded = LinearTextClassifier.load(tmp_path)
    probe = ["officials said the betrayal was approved", "wake up"]
    assert np.allclose(loaded.predict_proba(probe), model.predict_proba(probe))
    row = model.features(probe[:1])
    assert np.isclose(np.sqrt(row[:, : len(model.vectorizers_[0].vocabulary_)].power(2).sum()), 1.0, atol=1e-5)


def test_group_balance_changes_the_fit():
    texts = CALM + LOUD + ["the council said the budget was approved"] * 6
    labels = ["ok"] * 4 + ["bad"] * 4 + ["ok"] * 6
    groups = ["a", "b", "c", "d"] * 2 + ["big"] * 6
    balanced = OutletRobustTextClassifier(min_df=1, max_df=1.0).fit(texts, labels, groups=groups)
    plain = OutletRobustTextClassifier(min_df=1, max_df=1.0, group_balance=False).fit(texts, labels, groups=groups)
    assert not np.allclose(balanced.coef_, plain.coef_)


def test_calibrate_logits_learns_a_temperature():
    model = _fit(min_groups=1)
    logits = np.array([[-4.0, 4.0], [4.0, -4.0], [-4.0, 4.0], [4.0, -4.0], [-4.0, 4.0], [-4.0, 4.0]])
    # overconfident logits that are wrong a third of the time: the temperature must grow
    labels = [model.classes_[1], model.classes_[0], model.classes_[0], model.classes_[1], model.classes_[1],
              model.classes_[1]]
    model.calibrate_logits(logits, labels)
    assert model.temperature_ > 1.5
