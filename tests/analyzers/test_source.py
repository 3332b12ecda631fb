"""The source analyzer: outlet ratings from the article's URL, side by side."""

from __future__ import annotations

import json

import pytest

from newssift.analyzers.source import NO_URL_REASON, SourceAnalyzer
from newssift.article import Article
from newssift.errors import NewssiftError
from newssift.registry import get_analyzer

TEXT = "The council approved the new budget on Tuesday after a long debate."
RESULT_KEYS = {"outlet", "host", "matched", "rated", "summary", "ratings", "not_rated_by"}


def run(analyzer: SourceAnalyzer, article: Article) -> dict:
    assert analyzer.abstain_reason(article) is None
    [prediction] = analyzer.predict([article])
    analyzer.set_annotations(article, prediction)
    return article.results["source"]


def test_registered_with_its_contract():
    spec = get_analyzer("source")
    assert spec.factory is SourceAnalyzer
    assert spec.version == "1"
    assert spec.requires == ("outlet",)
    assert spec.produces == ("results.source",)
    import newssift.analyzers.source as module

    for cited in ("Baly", "EMNLP 2018", "ACL 2020", "OpenSources", "MBFC", "Burdisso", "NAACL 2024", "FakeNewsCorpus"):
        assert cited in module.__doc__ or cited in spec.doc


def test_rates_the_outlet_of_the_url_without_spans():
    analyzer = SourceAnalyzer()
    article = Article.from_text(TEXT, url="https://www.infowars.com/posts/some-story")
    result = run(analyzer, article)
    assert set(result) == RESULT_KEYS
    assert result["outlet"] == "infowars.com" and result["host"] == "www.infowars.com"
    assert result["rated"] is True
    assert result["summary"].startswith("Rated by 6 of 8 raters")
    assert result["matched"] == {"key": "infowars.com", "how": "exact host", "via": "www.infowars.com"}
    assert [rating["rater"] for rating in result["ratings"]] == [
        "mbfc", "opensources", "fakenewscorpus", "idiap_golden", "idiap_mbfc", "idiap_graph"
    ]
    mbfc = result["ratings"][0]
    assert {"rater", "name", "labels", "scale", "ordinal", "data_date", "license", "matched"} <= set(mbfc)
    assert mbfc["ordinal"]["size"] == 6 and mbfc["ordinal"]["direction"]
    assert "source" not in article.spans
    json.dumps(result)  # JSON-serializable


def test_uses_host_and_outlet_filled_by_the_pipeline():
    analyzer = SourceAnalyzer()
    article = Article.from_text(TEXT, url="https://m.politi.co/x", host="m.politi.co", outlet="politi.co")
    result = run(analyzer, article)
    assert result["outlet"] == "politi.co" and result["host"] == "m.politi.co"
    assert result["matched"]["key"] == "politico.com" and result["matched"]["how"] == "alias of"


def test_host_without_url_is_enough():
    article = Article.from_text(TEXT, host="www.bbc.co.uk", outlet="bbc.co.uk")
    assert run(SourceAnalyzer(), article)["rated"]


def test_unknown_outlet_is_not_rated():
    article = Article.from_text(TEXT, url="https://news.surely-unrated-outlet-zz9.com/a/b")
    result = run(SourceAnalyzer(), article)
    assert result["rated"] is False
    assert result["summary"] == "not rated by any rater"
    assert result["ratings"] == [] and result["matched"] is None


def test_abstains_without_url():
    analyzer = SourceAnalyzer()
    article = Article.from_text(TEXT)
    assert analyzer.abstain_reason(article) == NO_URL_REASON == "no URL was given, so the outlet is unknown"


@pytest.mark.parametrize("url", ["http://127.0.0.1/story", "http://localhost:8000/x", "file:///tmp/a.html"])
def test_abstains_when_the_url_has_no_domain(url):
    reason = SourceAnalyzer().abstain_reason(Article.from_text(TEXT, url=url))
    assert reason and "outlet is unknown" in reason


def test_any_language():
    article = Article.from_text(TEXT, url="https://infowars.com/x", language="xx")
    assert SourceAnalyzer.languages is None
    assert SourceAnalyzer().abstain_reason(article) is None
    assert SourceAnalyzer().abstain_reason(Article.from_text("", url="https://infowars.com/x")) is None


def test_config_kwargs(tmp_path):
    table = tmp_path / "myorg.jsonl"
    table.write_text(
        json.dumps({"rater": {"id": "myorg", "name": "My Org", "data_date": "2025", "license": "CC0"}})
        + "\n"
        + json.dumps({"domain": "infowars.com", "labels": {"rating": "avoid"}})
        + "\n",
        encoding="utf-8",
    )
    analyzer = SourceAnalyzer(extra_tables_dir=str(tmp_path), raters=["myorg", "mbfc"])
    result = run(analyzer, Article.from_text(TEXT, url="https://infowars.com/x"))
    assert [rating["rater"] for rating in result["ratings"]] == ["myorg", "mbfc"]
    assert result["summary"].startswith("Rated by 2 of 2 raters")
    assert set(analyzer.versions()) == {"source_ratings", "myorg", "mbfc"}
    assert SourceAnalyzer(raters="").tables.ids[0] == "mbfc"
    with pytest.raises(NewssiftError) as info:
        SourceAnalyzer(raters="nosuch")
    assert info.value.code == "NS304"


def test_versions_name_every_rater():
    versions = SourceAnalyzer().versions()
    assert versions["source_ratings"].startswith("sha256:")
    assert versions["mbfc"].startswith("2026-08-19 sha256:")
    assert len(versions) == 9


def test_batch_mixes_rated_and_unrated():
    analyzer = SourceAnalyzer()
    articles = [
        Article.from_text(TEXT, url="https://www.infowars.com/a"),
        Article.from_text(TEXT, url="https://surely-unrated-outlet-zz9.com/b"),
        Article.from_text(TEXT, url="https://www.bbc.co.uk/news/c"),
    ]
    assert all(analyzer.abstain_reason(article) is None for article in articles)
    predictions = analyzer.predict(articles)
    for article, prediction in zip(articles, predictions):
        analyzer.set_annotations(article, prediction)
    assert [article.results["source"]["rated"] for article in articles] == [True, False, True]


def test_in_the_pipeline():
    from newssift.pipeline import Pipeline

    pipeline = Pipeline(analyzers=["source"])
    with_url = pipeline(Article.from_text(TEXT, url="https://amp.infowars.com/x"))
    assert with_url.outlet == "infowars.com"
    assert with_url.results["source"]["rated"]
    without_url = pipeline(Article.from_text(TEXT))
    assert without_url.abstentions["source"] == NO_URL_REASON
    assert "source" not in without_url.results
