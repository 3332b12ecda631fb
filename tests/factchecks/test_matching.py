"""Matching sentences against a tiny hand-written fact-check index."""

from __future__ import annotations

import json

import pytest

from newssift.factchecks import FactCheckIndex, FactCheckMatcher
from newssift.factchecks.matching import FEATURES, clean_query, pair_features
from newssift.models.encoder import SentenceEncoder

CLAIMS = [
    ("The Harbor Bridge cost taxpayers 2 billion dollars.", "https://checks.example.org/bridge", "False"),
    ("Unemployment in the state fell to 3 percent last year.", "https://checks.example.org/jobs", "Mostly True"),
    ("Drinking hot water cures the flu.", "https://checks.example.org/flu", "Pants on Fire"),
    ("The governor cut school funding by 40 percent.", "https://checks.example.org/schools", "Half True"),
    ("Wind turbines cause cancer.", "https://checks.example.org/wind", "False"),
]


@pytest.fixture(scope="module")
def matcher(tmp_path_factory):
    encoder = SentenceEncoder.bundled()
    folder = tmp_path_factory.mktemp("fc")
    source = folder / "claims.jsonl"
    source.write_text("\n".join(json.dumps({
        "@type": "ClaimReview", "claimReviewed": claim, "url": url, "datePublished": "2024-01-01",
        "author": {"@type": "Organization", "name": "Example Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": verdict},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Someone"}},
    }) for claim, url, verdict in CLAIMS) + "\n", encoding="utf-8")
    index = FactCheckIndex.open(folder / "index", create=True, encoder=encoder)
    index.import_file(source)
    yield FactCheckMatcher(index), encoder
    index.close()


def test_the_right_fact_check_ranks_first(matcher):
    found, encoder = matcher
    queries = ["Taxpayers paid 2 billion dollars for the Harbor Bridge, officials admitted.",
               "She said wind turbines give people cancer."]
    ranked = found.rank(queries, encoder.encode(queries))
    urls = [found.index.records([row[0][0]])[row[0][0]].url for row in ranked]
    assert urls == ["https://checks.example.org/bridge", "https://checks.example.org/wind"]
    assert all(0.0 <= score <= 1.0 for row in ranked for _, score, _ in row)


def test_matches_are_claim_review_json_ld_above_the_threshold(matcher):
    found, encoder = matcher
    queries = ["The Harbor Bridge cost taxpayers 2 billion dollars.", "The weather was mild on Sunday afternoon."]
    exact, unrelated = found.match(queries, encoder.encode(queries))
    assert unrelated == []
    assert exact, "a sentence identical to a checked claim must match"
    match = exact[0]
    assert set(match) == {"similarity", "score", "verdict_ordinal", "claim_review"}
    review = match["claim_review"]
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == CLAIMS[0][0] and review["reviewRating"]["alternateName"] == "False"
    assert review["author"]["name"] == "Example Checks" and review["url"] == CLAIMS[0][1]
    assert match["similarity"] > 0.95 and match["score"] >= found.threshold and match["verdict_ordinal"] == 0.2


def test_query_cleaning_and_features():
    tweet = "Wind turbines cause cancer! https://t.co/abc pic.twitter.com/xyz — Jo Doe (@jodoe) March 3, 2021"
    assert clean_query(tweet) == "Wind turbines cause cancer!"
    row = pair_features("Wind turbines cause cancer", "Wind turbines cause cancer.", None, [0.9, 0.5], 0, (1.0, 1.0))
    assert len(row) == len(FEATURES) and row[0] == 0.9 and row[3] == 1.0 and row[-2:] == [1.0, 1.0]


def test_a_claim_without_a_title_stands_in_for_it():
    """The reranker learned from claims that all have titles; a title-less record must not lose for that."""
    query, claim = "The Harbor Bridge cost 2 billion dollars, the mayor said.", "The Harbor Bridge cost 2 billion dollars."
    title_coverage = FEATURES.index("title_coverage")
    without = pair_features(query, claim, None, [0.9], 0, (1.0, 1.0))[title_coverage]
    assert without == pair_features(query, claim, claim, [0.9], 0, (1.0, 1.0))[title_coverage] == 1.0
    assert pair_features(query, claim, "Unrelated words entirely", [0.9], 0, (1.0, 1.0))[title_coverage] == 0.0
