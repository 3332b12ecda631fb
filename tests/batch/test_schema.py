"""The Parquet row built from a Report: generic per-analyzer columns, spans, claims and matches."""

from __future__ import annotations

import json

import pyarrow as pa

from newssift.batch.schema import BATCH_SCHEMA_VERSION, SCHEMA, report_to_row, rows_to_table

from .conftest import synthetic_report


def _analyzer(row, name):
    return next(a for a in row["analyzers"] if a["name"] == name)


def test_classifier_columns_come_from_the_result_conventions():
    row = report_to_row(synthetic_report("x1", slant="right"))
    slant = _analyzer(row, "slant")
    assert slant["status"] == "ok" and slant["label"] == "right"
    assert slant["probability"] == 0.6
    assert {d["label"]: d["probability"] for d in slant["probabilities"]} == {"left": 0.2, "center": 0.2, "right": 0.6}
    assert json.loads(slant["result_json"])["label"] == "right"
    assert _analyzer(row, "reliability")["label"] == "reliable"


def test_spans_claims_and_matches_are_nested_columns():
    row = report_to_row(synthetic_report("x2", techniques=3, claims=2))
    techniques = [s for s in row["spans"] if s["analyzer"] == "techniques"]
    assert len(techniques) == 3 and techniques[0]["label"] == "Loaded_Language"
    assert techniques[0]["score"] == 0.9
    assert _analyzer(row, "techniques")["counts"] == [{"label": "Loaded_Language", "n": 3}]
    assert len(row["claims"]) == 2
    match = row["claims"][0]["matches"][0]
    assert match == {"similarity": 0.91, "verdict": "Mostly True", "verdict_ordinal": 0.75,
                     "publisher": "PolitiFact", "url": "https://checker.example/1",
                     "claim": "Night buses cost millions"}


def test_abstentions_keep_their_reason_and_no_label():
    row = report_to_row(synthetic_report("x3", abstain={"slant": "text is not in English"}))
    slant = _analyzer(row, "slant")
    assert slant["status"] == "abstained" and slant["reason"] == "text is not in English"
    assert slant["label"] is None and slant["result_json"] is None


def test_schema_is_the_same_whatever_analyzers_ran():
    full = rows_to_table([report_to_row(synthetic_report("a"))])
    small = rows_to_table([report_to_row(synthetic_report("b", names=("slant",)))])
    empty = rows_to_table([])
    assert full.schema.equals(small.schema) and full.schema.equals(empty.schema) and full.schema.equals(SCHEMA)
    merged = pa.concat_tables([full, small, empty])
    assert merged.num_rows == 2
    assert merged.column("schema_version").to_pylist() == [BATCH_SCHEMA_VERSION] * 2
    assert SCHEMA.metadata[b"newssift.batch_schema_version"] == BATCH_SCHEMA_VERSION.encode()


def test_article_columns():
    row = report_to_row(synthetic_report("x4", outlet="news.example", published="2023-11-30"))
    assert row["id"] == "x4" and row["outlet"] == "news.example" and row["host"] == "www.news.example"
    assert row["published"] == "2023-11-30" and row["words"] > 10
    assert row["profile"] == "techniques,claims,slant,reliability"
    assert json.loads(row["versions"])["analyzers"]["slant"]["version"] == "1"
