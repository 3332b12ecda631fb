"""`newssift train` / `newssift evaluate` dispatch and the shared calibration helpers."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from newssift.cli import app
from newssift.errors import NewssiftError
from newssift.models.artifacts import require_model_dir, write_model_card, read_json
from newssift.training import task_module
from newssift.training.calibration import ece_by_chance, expected_calibration_error, multiclass_ece, reliability_table


def test_unknown_task_is_NS501_with_the_known_tasks():
    with pytest.raises(NewssiftError) as caught:
        task_module("astrology")
    assert caught.value.code == "NS501"
    assert "techniques" in caught.value.one_line()


def test_cli_unknown_task_exits_2_without_traceback():
    result = CliRunner().invoke(app, ["evaluate", "astrology"])
    assert result.exit_code == 2
    assert "NS501" in result.output
    assert "Traceback" not in result.output


def test_missing_artifact_is_NS502_and_names_the_train_command(tmp_path):
    with pytest.raises(NewssiftError) as caught:
        require_model_dir("slant", tmp_path / "nowhere")
    assert caught.value.code == "NS502"
    assert "newssift train slant" in caught.value.one_line()


def test_missing_training_package_is_NS503(monkeypatch):
    import newssift.training as training

    monkeypatch.setitem(training.TASKS, "needs-a-missing-package", "tests.training.fixture_missing_dependency")
    with pytest.raises(NewssiftError) as caught:
        task_module("needs-a-missing-package")
    assert caught.value.code == "NS503"
    assert "newssift[train]" in caught.value.one_line()
    assert "a_training_package_that_is_not_installed" in caught.value.one_line()


def test_ece_is_zero_when_probabilities_match_observed_rates():
    # four predictions at 0.25 with one hit, four at 0.75 with three hits
    probs = [0.25] * 4 + [0.75] * 4
    hits = [1, 0, 0, 0, 1, 1, 1, 0]
    assert expected_calibration_error(probs, hits, bins=10) == pytest.approx(0.0)


def test_ece_of_overconfident_predictions_by_hand():
    # all at 0.9 with half right: |0.9 - 0.5| = 0.4
    assert expected_calibration_error([0.9] * 4, [1, 0, 1, 0]) == pytest.approx(0.4)
    # two bins, each holding half: |0.1-0| and |0.9-0.5| -> (0.1 + 0.4) / 2
    assert expected_calibration_error([0.1, 0.1, 0.9, 0.9], [0, 0, 1, 0]) == pytest.approx(0.25)


def test_multiclass_ece_uses_the_top_class():
    rows = np.array([[0.8, 0.1, 0.1], [0.2, 0.8, 0.0]])
    # both at 0.8 confidence, one right -> |0.8 - 0.5|
    assert multiclass_ece(rows, [0, 2]) == pytest.approx(0.3)


def test_ece_by_chance_is_the_spread_of_a_calibrated_models_ece():
    """Outcomes drawn from the predictions themselves (a calibrated model by construction) give ECEs that fall
    in the range about nine times in ten; the range narrows as the set grows, and certainty leaves no spread."""
    rng = np.random.default_rng(7)
    probs = rng.uniform(0.5, 1.0, 67)
    low, high = ece_by_chance(probs)
    assert 0 < low < high
    inside = [low <= expected_calibration_error(probs, rng.random(67) < probs) <= high for _ in range(400)]
    assert 0.8 < np.mean(inside) < 0.98
    assert ece_by_chance(rng.uniform(0.5, 1.0, 3000))[1] < high / 3
    assert ece_by_chance([1.0, 1.0, 0.0]) == (0.0, 0.0) and ece_by_chance([]) == (0.0, 0.0)


def test_reliability_table_counts_every_prediction():
    table = reliability_table([0.05, 0.15, 0.95, 1.0], [0, 0, 1, 1], bins=10)
    assert sum(row["count"] for row in table) == 4
    assert table[-1]["count"] == 2 and table[-1]["observed"] == 1.0


def test_model_card_records_data_split_metrics_date_and_command(tmp_path):
    write_model_card(tmp_path, name="toy", summary="A toy.", data="toy data", split="toy split",
                     metrics={"f1": 0.5}, reproduce="newssift train toy", references=["Ref"], limitations=["Small"])
    card = (tmp_path / "MODEL_CARD.md").read_text()
    for part in ("toy data", "toy split", '"f1": 0.5', "Trained:", "newssift train toy"):
        assert part in card
    assert read_json(tmp_path / "metrics.json") == {"f1": 0.5}


def test_a_restated_model_card_keeps_the_date_the_weights_were_fitted(tmp_path):
    write_model_card(tmp_path, name="toy", summary="A toy.", data="toy data", split="toy split", metrics={"f1": 0.5},
                     reproduce="newssift train toy", references=[], limitations=[], trained="2026-11-25")
    assert "- **Trained:** 2026-11-25" in (tmp_path / "MODEL_CARD.md").read_text()
