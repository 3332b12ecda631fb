"""The `reliability` and `hyperpartisan` analyzers with the bundled models (`clickbait` too, for the wording).

Each gives a label, calibrated probabilities and evidence with exact offsets;
the reliability wording says what the writing resembles, never "fake"; both
abstain on short or non-English text.
"""

from __future__ import annotations

import pytest

from newssift import Pipeline
from newssift.analyzers.clickbait import ClickbaitAnalyzer
from newssift.analyzers.hyperpartisan import HyperpartisanAnalyzer
from newssift.analyzers.reliability import ReliabilityAnalyzer
from newssift.article import Article
from newssift.config import load_config
from newssift.models.artifacts import read_metrics
from newssift.numbers import probability_phrase

CALM = (
    "The city council voted 7 to 2 on Tuesday to approve a $12 million budget for road repairs, according to "
    "minutes released by the clerk's office. Council member Maria Lopez, who proposed the measure, said the "
    "money would cover about 40 miles of resurfacing over three years. Two members voted against the plan, "
    "saying they wanted more time to review cost estimates from the transportation department. The department "
    "said work would begin in the spring and that residents would be notified a week before crews arrive. A "
    "spokesperson for the mayor said the mayor supports the budget and expects to sign it this week. Officials "
    "said the repairs would be paid for from an existing infrastructure fund, without new taxes."
)
LOUD = (
    "WAKE UP, America! The corrupt elites and their lapdog media are LYING to you again, and they think you are "
    "too stupid to notice. These traitors will stop at nothing to destroy our country, ruin our families and "
    "take away everything we love. They hate you. They hate your faith, your guns and your freedom. The radical "
    "mob is coming for all of us, and the cowards in Washington are cheering them on. Share this before they "
    "delete it! Patriots must stand up now and fight back against the tyranny before it is too late. The truth "
    "is out there and they cannot hide it forever, no matter how hard the globalist puppets try to silence us."
)


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(load_config(), analyzers=["reliability", "hyperpartisan"])


@pytest.mark.parametrize("name, labels", [("reliability", {"reliable", "unreliable"}),
                                          ("hyperpartisan", {"hyperpartisan", "not_hyperpartisan"})])
def test_result_has_label_probabilities_and_evidence_with_exact_spans(pipeline, name, labels):
    article = pipeline(Article(text=LOUD, title="They are lying to you"))
    result = article.results[name]
    assert result["label"] in labels and set(result["probabilities"]) == labels
    assert abs(sum(result["probabilities"].values()) - 1) < 1e-3
    assert probability_phrase(result["probabilities"][result["label"]]) in result["summary"]
    assert "fake" not in result["summary"].lower()
    assert result["evidence"] and all(e["toward"] == result["label"] and e["weight"] > 0 for e in result["evidence"])
    for e in result["evidence"]:
        if "start" in e:
            assert article.text[e["start"]:e["end"]] == e["text"]
    for span in article.spans.get(name, []):
        assert article.text[span.start:span.end] == span.text and span.label == result["label"]
    assert result["model"]["name"] == name and result["model"]["version"]


def test_charged_writing_scores_higher_than_plain_reporting(pipeline):
    calm = pipeline(Article(text=CALM, title="Council approves road repair budget")).results
    loud = pipeline(Article(text=LOUD, title="They are lying to you")).results
    assert loud["hyperpartisan"]["probabilities"]["hyperpartisan"] > calm["hyperpartisan"]["probabilities"]["hyperpartisan"]
    assert loud["reliability"]["probabilities"]["unreliable"] > calm["reliability"]["probabilities"]["unreliable"]
    assert calm["reliability"]["summary"].startswith("The writing resembles that of outlets raters judge")


def test_abstains_on_short_and_non_english_text(pipeline):
    short = pipeline(Article(text="The council approved the budget on Tuesday, the clerk said."))
    assert "needs at least 80" in short.abstentions["reliability"]
    assert "needs at least 80" in short.abstentions["hyperpartisan"]
    spanish = pipeline(Article(text=("El consejo de la ciudad aprobó el martes un presupuesto de doce millones de "
                                     "dólares para reparar las carreteras, según las actas publicadas. ") * 6))
    assert "language" in spanish.abstentions["reliability"]


def test_batch_and_single_runs_agree(pipeline):
    texts = [CALM, LOUD]
    single = [pipeline(Article(text=t)).results["reliability"]["probabilities"] for t in texts]
    batch = [a.results["reliability"]["probabilities"] for a in pipeline.pipe([Article(text=t) for t in texts])]
    assert single == batch


@pytest.mark.parametrize("cls, label, other, definite, unclear", [
    (ReliabilityAnalyzer, "unreliable", "reliable", "The writing resembles that of outlets raters judge unreliable",
     "No clear resemblance either way"),
    (HyperpartisanAnalyzer, "hyperpartisan", "not_hyperpartisan", "The article reads as hyperpartisan writing",
     "Unclear whether the article reads as hyperpartisan"),
    (ClickbaitAnalyzer, "non_clickbait", "clickbait", "The headline does not read like clickbait",
     "Unclear whether the headline reads like clickbait"),
])
def test_two_label_summaries_name_a_finding_only_at_odds_of_3_to_2_or_more(cls, label, other, definite, unclear):
    """At p=0.50 "resembles unreliable outlets" would read as a verdict the model does not give."""
    analyzer = cls()
    for p, start in ((0.5, unclear), (0.59, unclear), (0.5996, definite), (0.6, definite), (0.93, definite)):
        summary = analyzer.summary(label, {label: p, other: round(1 - p, 2)})
        assert summary.startswith(start) and f"p={p:.2f}" in summary, (p, summary)


@pytest.mark.parametrize("cls, label, other", [(ReliabilityAnalyzer, "unreliable", "reliable"),
                                                (ClickbaitAnalyzer, "clickbait", "non_clickbait")])
def test_summaries_never_round_a_probability_to_certainty(cls, label, other):
    """p=0.998 printed with two decimals reads "p=1.00", a certainty that no calibrated model here has."""
    analyzer = cls()
    assert "(p>0.99)" in analyzer.summary(label, {label: 0.998, other: 0.002})
    assert "p=0.99" in analyzer.summary(label, {label: 0.9949, other: 0.0051})
    assert "p=1.00" not in analyzer.summary(label, {label: 1.0, other: 0.0})


def test_hyperpartisan_states_its_outlet_grouped_cross_validation_figure():
    """The figure a reader is shown comes from the 577 train articles scored out of fold (by outlet), not the 67
    dev articles, whose accuracy is higher and its standard error about three times as wide."""
    analyzer = HyperpartisanAnalyzer()
    recorded = read_metrics(analyzer.model_dir)["model"]
    heldout = analyzer.model_info()["heldout"]
    assert heldout["value"] == round(recorded["train_group_cv"]["accuracy"], 4) != round(recorded["dev"]["accuracy"], 4)
    assert "cross-validation by outlet" in heldout["on"]
