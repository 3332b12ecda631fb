"""The claims analyzer: ranked check-worthy sentences with exact offsets, spans, matches, and the no-index case."""

from __future__ import annotations

import json

import pytest

from newssift import Article, Pipeline
from newssift.config import load_config
from newssift.errors import NewssiftError
from newssift.factchecks import FactCheckIndex
from newssift.models.encoder import SentenceEncoder

TEXT = (
    "The Harbor Bridge cost taxpayers 2 billion dollars, the mayor said on Tuesday. "
    "Unemployment in the state fell to 3 percent last year, according to the labor department. "
    "Thank you all for coming tonight. "
    "I think we can do better together. "
    "The city council approved 40 new bus lines in 2023."
)


def claims_pipeline(tmp_path, **settings) -> Pipeline:
    config = load_config(overrides={"analyzer.claims": {"index_dir": str(tmp_path / "no-index"), **settings}})
    return Pipeline(config, analyzers=["claims"])


def test_claims_are_ranked_with_exact_offsets_and_spans(tmp_path):
    article = claims_pipeline(tmp_path)(Article.from_text(TEXT))
    result = article.results["claims"]
    assert result["sentences_scored"] == len(article.sentences) == 5
    claims = result["claims"]
    assert claims, result["summary"]
    scores = [c["score"] for c in claims]
    assert scores == sorted(scores, reverse=True)
    assert all(s >= result["threshold"] for s in scores)
    for claim in claims:
        assert article.text[claim["start"]:claim["end"]] == claim["text"]
        assert claim["matches"] == []
    texts = [c["text"] for c in claims]
    assert any("Unemployment" in t for t in texts)
    assert not any(t.startswith("Thank you") for t in texts)
    spans = article.spans["claims"]
    assert [s.label for s in spans] == ["check-worthy claim"] * len(claims)
    assert [(s.start, s.end) for s in spans] == [(c["start"], c["end"]) for c in claims]
    json.dumps(result)


def test_without_an_index_the_summary_says_so_and_how_to_fill_it(tmp_path):
    result = claims_pipeline(tmp_path)(Article.from_text(TEXT)).results["claims"]
    assert result["index"]["loaded"] is False
    assert "No fact-check index is loaded" in result["summary"]
    assert "newssift factchecks import" in result["summary"]
    assert "fake" not in result["summary"].lower()


def test_claims_are_matched_against_an_index(tmp_path):
    source = tmp_path / "checks.jsonl"
    source.write_text(json.dumps({
        "@type": "ClaimReview", "claimReviewed": "The Harbor Bridge cost taxpayers 2 billion dollars.",
        "url": "https://checks.example.org/bridge", "author": {"@type": "Organization", "name": "Example Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"}, "datePublished": "2024-01-02",
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "The Mayor"}},
    }) + "\n", encoding="utf-8")
    with FactCheckIndex.open(tmp_path / "index", create=True, encoder=SentenceEncoder.bundled()) as index:
        index.import_file(source)
    config = load_config(overrides={"analyzer.claims": {"index_dir": str(tmp_path / "index")}})
    article = Pipeline(config, analyzers=["claims"])(Article.from_text(TEXT))
    result = article.results["claims"]
    assert result["index"] == {"loaded": True, "path": str(tmp_path / "index"), "records": 1}
    bridge = next(c for c in result["claims"] if "Harbor Bridge" in c["text"])
    assert len(bridge["matches"]) == 1
    review = bridge["matches"][0]["claim_review"]
    assert review["@type"] == "ClaimReview" and review["reviewRating"]["alternateName"] == "False"
    assert review["itemReviewed"]["author"]["name"] == "The Mayor"
    assert "resembles a claim already fact-checked" in result["summary"]
    assert any(s.detail and "Example Checks" in s.detail for s in article.spans["claims"])


def test_non_english_text_abstains(tmp_path):
    article = Article.from_text("El puente costó dos mil millones de dólares, dijo el alcalde el martes por la tarde.")
    claims_pipeline(tmp_path)(article)
    assert "claims" in article.abstentions and "claims" not in article.results


@pytest.mark.parametrize("key,value", [("threshold", 1.5), ("match_threshold", "high"), ("max_claims", 0),
                                       ("model", "gpt")])
def test_bad_settings_fail_when_the_pipeline_is_built(tmp_path, key, value):
    with pytest.raises(NewssiftError) as error:
        claims_pipeline(tmp_path, **{key: value})
    assert error.value.code in {"NS304"}


def test_either_bundled_model_can_be_chosen_and_the_report_names_it(tmp_path):
    for choice, folder in (("minilm", "claims-minilm"), ("mpnet", "claims")):
        pipeline = claims_pipeline(tmp_path, model=choice)
        article = pipeline(Article.from_text(TEXT))
        assert f"({folder})" in pipeline.analyzers[0].versions()["model"]
        texts = [c["text"] for c in article.results["claims"]["claims"]]
        assert any("Unemployment" in text for text in texts) and "Thank you all for coming tonight." not in texts


def test_claims_render_with_their_matches():
    from rich.console import Console

    from newssift.render.analyzers import claims as render_claims
    from newssift.report import AnalyzerResult

    review = {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "Bridge cost <b>2bn</b>",
              "reviewRating": {"@type": "Rating", "alternateName": "False"},
              "author": {"@type": "Organization", "name": "Example Checks"}, "url": "https://checks.example.org/b",
              "datePublished": "2024-01-02", "itemReviewed": {"@type": "Claim", "author": {"@type": "Person",
                                                                                             "name": "Mayor"}}}
    result = AnalyzerResult(name="claims", version="1", status="ok", result={
        "summary": "1 of 2 sentences read as check-worthy factual claims.", "threshold": 0.4,
        "claims": [{"start": 0, "end": 20, "text": "The bridge cost 2bn.", "score": 0.9,
                    "matches": [{"similarity": 0.8, "score": 0.9, "verdict_ordinal": 0.2, "claim_review": review}]}]})
    markdown = "\n".join(render_claims.markdown_lines(result))
    assert "Example Checks rated" in markdown and "'False'" in markdown and "https://checks.example.org/b" in markdown
    assert "<b>" not in markdown  # fact-check text is escaped
    console = Console(record=True, width=120)
    console.print(render_claims.terminal_body(result))
    assert "Example Checks" in console.export_text()
