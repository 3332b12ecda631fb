"""The `clickbait` analyzer: judges the headline with the bundled model, abstains without one."""

from __future__ import annotations

import pytest

from newssift import Pipeline
from newssift.article import Article
from newssift.config import load_config
from newssift.errors import NewssiftError

BODY = ("The city council met on Tuesday to discuss the budget for the coming year. Members debated road repairs, "
        "school funding and the cost of running the public library, and agreed to vote next month.")


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(load_config(), analyzers=["clickbait"])


def _run(pipeline, title):
    return pipeline(Article(text=BODY, title=title))


def test_bait_headline_is_flagged_with_word_evidence(pipeline):
    article = _run(pipeline, "You Won't Believe What This Dog Did Next")
    result = article.results["clickbait"]
    assert result["label"] == "clickbait" and result["probabilities"]["clickbait"] > 0.8
    assert result["summary"].startswith("The headline reads like clickbait (p")  # p=0.97, or p>0.99
    assert result["input"] == "headline"
    assert result["evidence"] and all("start" not in e and e["toward"] == "clickbait" for e in result["evidence"])
    assert "clickbait" not in article.spans  # the headline is not part of article.text: no spans


def test_plain_headline_is_not_flagged(pipeline):
    result = _run(pipeline, "City Council Delays Vote on Library Budget").results["clickbait"]
    assert result["label"] == "non_clickbait" and "does not read like clickbait" in result["summary"]
    assert "fake" not in result["summary"].lower()


def test_abstains_without_a_headline_or_with_a_two_word_one(pipeline):
    assert _run(pipeline, None).abstentions["clickbait"] == "there is no headline (title) to judge"
    assert "needs at least 3" in _run(pipeline, "Budget vote").abstentions["clickbait"]


def test_evaluating_another_tasks_artifact_is_NS540(tmp_path):
    from newssift.models.linear_text import LinearTextClassifier
    from newssift.training.clickbait import evaluate

    LinearTextClassifier(min_df=1, max_df=1.0).fit(["a b", "c d"] * 3, ["x", "y"] * 3).save(
        tmp_path, extra_config={"task": "weather"})
    with pytest.raises(NewssiftError) as error:
        evaluate("dev", model_dir=tmp_path)
    assert error.value.code == "NS540" and "weather" in error.value.one_line()


def test_unknown_split_is_NS504():
    from newssift.training.clickbait import evaluate

    with pytest.raises(NewssiftError) as error:
        evaluate("test")
    assert error.value.code == "NS504"


def test_the_symmetry_check_reads_the_headlines_the_analyzer_judges():
    from newssift.analyzers.clickbait import ClickbaitAnalyzer
    from newssift.training.clickbait import MIN_HEADLINE_WORDS

    assert ClickbaitAnalyzer.min_title_words == MIN_HEADLINE_WORDS
