"""The `techniques` analyzer: spans on the Article, result conventions, abstention, renderers and PTC export."""

from __future__ import annotations

import json

import pytest

import newssift
from newssift import Pipeline
from newssift.article import Article
from newssift.render import render
from newssift.techniques import BY_LABEL, LABELS
from newssift.training.techniques import write_ptc_tsv

TEXT = (
    "The radical bureaucrats in Washington have launched a shameful, reckless attack on our freedom.\n"
    "Every patriot already knows the truth: this is a scam, a total scam, a scam from start to finish.\n"
    "If this bill passes, criminals will be walking into your home next, and nobody will stop them.\n"
    "Can we really trust anything the corrupt committee says? Of course not. Enough said.\n"
)


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(analyzers=["techniques"])


@pytest.fixture(scope="module")
def article(pipeline):
    return pipeline(Article.from_text(TEXT, id="111"))


def test_is_registered_and_in_the_default_pipeline():
    assert "techniques" in Pipeline().analyzer_names


def test_spans_have_exact_offsets_canonical_labels_and_confidence(article):
    spans = article.spans["techniques"]
    assert spans, "the tagger should find loaded language in this text"
    for span in spans:
        assert article.text[span.start:span.end] == span.text
        assert span.label in LABELS
        assert 0.0 <= span.score <= 1.0
        assert span.detail == BY_LABEL[span.label].name


def test_result_follows_the_conventions(article):
    result = article.results["techniques"]
    assert set(result) >= {"summary", "counts", "definitions"}
    assert sum(result["counts"].values()) == len(article.spans["techniques"])
    assert set(result["definitions"]) == set(result["counts"])
    for label, definition in result["definitions"].items():
        assert definition == BY_LABEL[label].definition
    assert "fake" not in result["summary"].lower()
    json.dumps(result)


def test_min_confidence_filters_spans():
    strict = Pipeline(analyzers=["techniques"])
    strict.analyzers[0].min_confidence = 1.01
    article = strict(Article.from_text(TEXT))
    assert article.spans["techniques"] == []
    assert article.results["techniques"]["counts"] == {}
    assert article.results["techniques"]["summary"].startswith("No fragment")


def test_abstains_on_non_english_text(pipeline):
    spanish = ("El gobierno anunció hoy un nuevo plan para mejorar las carreteras del país. "
               "Los ministros dijeron que las obras empezarán el próximo mes en varias provincias. ") * 3
    article = pipeline(Article.from_text(spanish))
    assert "techniques" not in article.results
    assert "es" in article.abstentions["techniques"]


def test_renderers_show_definitions():
    report = newssift.analyze({"text": TEXT, "id": "111"})
    found = report.analyzers["techniques"].result["counts"]
    assert found
    for fmt in ("markdown", "terminal"):
        out = render(report, fmt)
        for label in found:
            assert BY_LABEL[label].definition[:40] in " ".join(out.split())


def test_ptc_format_lists_every_span_with_offsets_into_the_input():
    report = newssift.analyze({"text": TEXT, "id": "111"})
    rows = [line.split("\t") for line in render(report, "ptc").splitlines()]
    spans = report.analyzers["techniques"].spans
    assert len(rows) == len(spans)
    for (article_id, technique, begin, end), span in zip(rows, sorted(spans, key=lambda s: (s.start, s.end))):
        assert article_id == "111" and technique in LABELS
        assert TEXT[int(begin):int(end)] == span.text


def test_write_ptc_tsv_for_many_articles(tmp_path):
    path = write_ptc_tsv(tmp_path / "out.tsv", {"1": [(5, 9, "Doubt"), (0, 3, "Slogans")], "2": []})
    assert path.read_text() == "1\tSlogans\t0\t3\n1\tDoubt\t5\t9\n"
