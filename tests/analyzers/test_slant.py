"""The `slant` analyzer with the bundled model: a label, calibrated probabilities, evidence with exact offsets."""

from __future__ import annotations

import pytest

from newssift import Pipeline
from newssift.article import Article
from newssift.config import load_config

TEXT = (
    "Republican lawmakers in the House on Tuesday pushed a bill to cut taxes for small businesses and to secure "
    "the southern border, arguing that illegal immigration and government overreach hurt working families. "
    "Democrats said the plan favors the wealthy and would slash funding for health care and climate programs. "
    "The Speaker said a vote could come next week. Conservative groups praised the proposal as a defense of "
    "freedom and the Second Amendment, while progressive activists called it an attack on immigrants and on "
    "the social safety net. Economists were divided over how much the tax cuts would cost the Treasury over "
    "the next decade, and several senators said they had not yet read the bill."
)


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(load_config(), analyzers=["slant"])


def test_result_has_label_probabilities_and_evidence_with_exact_spans(pipeline):
    article = pipeline(Article(text=TEXT, title="House Republicans push tax and border bill"))
    result = article.results["slant"]
    assert result["label"] in {"left", "center", "right"}
    assert set(result["probabilities"]) == {"left", "center", "right"}
    assert abs(sum(result["probabilities"].values()) - 1) < 1e-3
    assert "fake" not in result["summary"].lower() and f"p={result['probabilities'][result['label']]:.2f}" in result["summary"]
    sentences = [e for e in result["evidence"] if "start" in e]
    words = [e for e in result["evidence"] if "start" not in e]
    assert words and all(e["toward"] == result["label"] and e["weight"] > 0 for e in result["evidence"])
    for e in sentences:
        assert article.text[e["start"]:e["end"]] == e["text"]
    for span in article.spans.get("slant", []):
        assert article.text[span.start:span.end] == span.text and span.label == result["label"]
    assert result["model"]["name"] == "slant" and result["model"]["version"]


def test_states_how_weak_the_signal_is_on_unseen_outlets(pipeline):
    import json

    from newssift.models.artifacts import bundled_model_dir

    disjoint = json.loads((bundled_model_dir("slant") / "metrics.json").read_text())["outlet_disjoint"]["macro_f1"]
    result = pipeline(Article(text=TEXT)).results["slant"]
    assert result["model"]["heldout"] == {"metric": "macro-F1", "value": round(disjoint, 4),
                                          "on": "dev articles of outlets never seen in training"}
    assert f"A weak signal: on outlets it never saw in training, this model's labels reach macro-F1 {disjoint:.2f}" \
        in result["summary"]


def test_abstains_on_short_text(pipeline):
    article = pipeline(Article(text="Taxes were cut on Tuesday, the Speaker said."))
    assert "needs at least 50" in article.abstentions["slant"]


def test_batch_and_single_runs_agree(pipeline):
    texts = [TEXT, TEXT.replace("Republican", "Democratic")]
    single = [pipeline(Article(text=t)).results["slant"]["probabilities"] for t in texts]
    batch = [a.results["slant"]["probabilities"] for a in pipeline.pipe([Article(text=t) for t in texts])]
    assert single == batch
