"""The fact-check index: both import formats, idempotent and incremental imports, bad lines, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newssift.cli import app
from newssift.errors import NewssiftError
from newssift.factchecks import FactCheckIndex, normalize_verdict, parse_file
from newssift.factchecks.store import VECTORS_NAME
from newssift.models.encoder import SentenceEncoder


def claim_review(claim: str, url: str, verdict: str = "False", claimant: str = "A. Senator",
                 publisher: str = "Example Checks") -> dict:
    return {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": url, "claimReviewed": claim,
        "datePublished": "2024-03-02", "author": {"@type": "Organization", "name": publisher,
                                                  "url": "https://checks.example.org"},
        "reviewRating": {"@type": "Rating", "alternateName": verdict},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": claimant},
                         "datePublished": "2024-02-28"},
    }


RECORDS = [
    claim_review("The Harbor Bridge cost taxpayers 2 billion dollars.", "https://checks.example.org/bridge", "False"),
    claim_review("Unemployment in the state fell to 3 percent last year.", "https://checks.example.org/jobs",
                 "Mostly True", claimant="Governor Ray"),
    claim_review("Drinking hot water cures the flu.", "https://checks.example.org/flu", "Pants on Fire!"),
]

GOOGLE = {"claims": [
    {"text": "The city planted one million trees in 2020.", "claimant": "Mayor Lee", "claimDate": "2021-01-05T00:00:00Z",
     "claimReview": [{"publisher": {"name": "FactDesk", "site": "factdesk.example"},
                      "url": "https://factdesk.example/trees", "title": "No, the city did not plant a million trees",
                      "reviewDate": "2021-01-09T12:00:00Z", "textualRating": "Mostly False", "languageCode": "en"}]},
]}


@pytest.fixture(scope="module")
def encoder():
    return SentenceEncoder.bundled()


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_claim_review_lines_and_lists_are_parsed(tmp_path):
    path = write_lines(tmp_path / "cr.jsonl", [json.dumps(RECORDS[0]), json.dumps(RECORDS[1:])])
    parsed = [record for records, errors in parse_file(path) for record in records]
    assert [r.url for r in parsed] == [r["url"] for r in RECORDS]
    first = parsed[0]
    assert (first.claimant, first.publisher, first.verdict, first.verdict_ordinal) == (
        "A. Senator", "Example Checks", "False", 0.2)
    assert first.review_date == "2024-03-02" and first.claim_date == "2024-02-28"
    review = first.claim_review()
    assert review["@type"] == "ClaimReview" and review["reviewRating"]["alternateName"] == "False"
    assert review["itemReviewed"]["author"]["name"] == "A. Senator"


def test_google_fact_check_tools_json_is_parsed(tmp_path):
    path = tmp_path / "google.json"
    path.write_text(json.dumps(GOOGLE, indent=2), encoding="utf-8")  # pretty-printed, as saved from the API
    (records, errors), = list(parse_file(path))
    assert not errors
    record = records[0]
    assert record.claim.startswith("The city planted") and record.claimant == "Mayor Lee"
    assert (record.publisher, record.publisher_site, record.verdict) == ("FactDesk", "factdesk.example", "Mostly False")
    assert record.verdict_ordinal == 0.4 and record.review_date == "2021-01-09" and record.claim_date == "2021-01-05"


def test_verdicts_normalize_to_an_ordinal_or_none():
    assert normalize_verdict("Pants on Fire!") == 0.0
    assert normalize_verdict("barely-true") == 0.4
    assert normalize_verdict("Half True") == 0.6
    assert normalize_verdict("TRUE") == 1.0
    assert normalize_verdict("Mixture") == 0.6
    assert normalize_verdict("Unproven") is None
    assert normalize_verdict("full-flop") is None
    assert normalize_verdict(None) is None


def test_import_is_idempotent_and_incremental(tmp_path, encoder):
    first = write_lines(tmp_path / "a.jsonl", [json.dumps(r) for r in RECORDS[:2]])
    second = write_lines(tmp_path / "b.jsonl", [json.dumps(r) for r in RECORDS])
    with FactCheckIndex.open(tmp_path / "index", create=True, encoder=encoder) as index:
        summary = index.import_file(first)
        assert (summary.added, summary.already_present, summary.failed) == (2, 0, 0)
        again = index.import_file(first)
        assert (again.added, again.already_present) == (0, 2)
        more = index.import_file(second)
        assert (more.added, more.already_present) == (1, 2)
        assert len(index) == 3 and index.vectors.ntotal == 3
    with FactCheckIndex.open(tmp_path / "index", encoder=encoder) as reopened:
        assert len(reopened) == 3
        hits = reopened.search(encoder.encode(["Does hot water cure the flu?"]), k=3)
        best = reopened.records([hits[0][0][0]])[hits[0][0][0]]
        assert best.url == "https://checks.example.org/flu"


def test_a_malformed_line_is_reported_with_its_number_and_the_rest_imports(tmp_path, encoder):
    path = write_lines(tmp_path / "bad.jsonl", [
        json.dumps(RECORDS[0]),
        '{"@type": "ClaimReview", "url": ',  # line 2: broken JSON
        json.dumps({"@type": "ClaimReview", "url": "https://x.example/1"}),  # line 3: no claimReviewed
        json.dumps(RECORDS[2]),
    ])
    with FactCheckIndex.open(tmp_path / "index", create=True, encoder=encoder) as index:
        summary = index.import_file(path)
    assert (summary.added, summary.failed) == (2, 2)
    assert [(e.line, e.error.code) for e in summary.errors] == [(2, "NS520"), (3, "NS521")]
    assert "line 2 of" in summary.errors[0].error.message
    assert "claimReviewed" in summary.errors[1].error.message


def test_cli_import_counts_failures_and_exits_non_zero(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSSIFT_FACTCHECKS", str(tmp_path / "index"))
    path = write_lines(tmp_path / "bad.jsonl", [json.dumps(RECORDS[0]), "not json", json.dumps(RECORDS[1])])
    runner = CliRunner()
    result = runner.invoke(app, ["factchecks", "import", str(path)])
    assert result.exit_code == 2
    assert "error[NS520]: line 2 of" in result.output
    assert "2 added" in result.output and "1 failed" in result.output
    assert "error[NS525]" in result.output
    clean = write_lines(tmp_path / "good.jsonl", [json.dumps(RECORDS[0])])
    again = runner.invoke(app, ["factchecks", "import", str(clean)])
    assert again.exit_code == 0 and "0 added, 1 already present" in again.output
    stats = runner.invoke(app, ["factchecks", "stats", "--json"])
    assert stats.exit_code == 0 and json.loads(stats.output)["records"] == 2


def test_missing_file_and_missing_index_have_codes(tmp_path):
    with pytest.raises(NewssiftError) as missing_file:
        list(parse_file(tmp_path / "nope.jsonl"))
    assert missing_file.value.code == "NS522"
    with pytest.raises(NewssiftError) as missing_index:
        FactCheckIndex.open(tmp_path / "empty")
    assert missing_index.value.code == "NS524"


def test_vectors_out_of_step_with_records_are_detected_and_repaired(tmp_path, encoder):
    path = write_lines(tmp_path / "a.jsonl", [json.dumps(r) for r in RECORDS])
    with FactCheckIndex.open(tmp_path / "index", create=True, encoder=encoder) as index:
        index.import_file(path)
    (tmp_path / "index" / VECTORS_NAME).unlink()  # as if an import was interrupted
    with pytest.raises(NewssiftError) as damaged:
        FactCheckIndex.open(tmp_path / "index", encoder=encoder)
    assert damaged.value.code == "NS523"
    with FactCheckIndex.open(tmp_path / "index", create=True, encoder=encoder) as repaired:
        assert repaired.vectors.ntotal == 3
