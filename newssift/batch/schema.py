"""The batch output's Parquet schema (version ``BATCH_SCHEMA_VERSION``) and the row builder.

One row per analyzed article. The column set is FIXED whatever analyzers ran,
so part files written by different profiles (or by a later newssift with more
analyzers) concatenate and DuckDB reads them as one table:

- article columns (``id``, ``url``, ``outlet``, ``host``, ``title``,
  ``published``, ``language``, ``words``, ...), ``profile`` and ``versions``;
- ``analyzers``: a list of structs, one per analyzer of the profile, keyed by
  ``name`` (status, abstain reason, summary, label, top probability, score,
  the full probability distribution, per-label counts and the analyzer's whole
  result as JSON). A new analyzer adds an element, never a column;
- ``spans``: every span of every analyzer (analyzer, label, start, end, score);
- ``claims``: the claims analyzer's ranked claims with their fact-check matches.

Rows are built from :func:`newssift.report.build_report`, so they hold what a
report holds, generically: an analyzer that follows the result conventions
(``label``/``probabilities``/``score``/``counts``/``claims``) fills the typed
fields; anything else it returns is still in ``result_json``.
See ``docs/batch-schema.md``.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pyarrow as pa

from ..report import Report

#: Bumped on any incompatible change to :data:`SCHEMA`; stored in every row and in the file metadata.
BATCH_SCHEMA_VERSION = "1"

#: Columns that hold timings: they differ between two runs of the same input.
TIMING_COLUMNS = ("time_ms",)

LABEL_PROBABILITY = pa.struct([("label", pa.string()), ("probability", pa.float64())])
LABEL_COUNT = pa.struct([("label", pa.string()), ("n", pa.int64())])

ANALYZER = pa.struct(
    [
        ("name", pa.string()),
        ("version", pa.string()),
        ("status", pa.string()),  # ok | abstained
        ("reason", pa.string()),  # why it abstained
        ("summary", pa.string()),
        ("label", pa.string()),
        ("probability", pa.float64()),  # probability of `label` (the top one)
        ("score", pa.float64()),
        ("probabilities", pa.list_(LABEL_PROBABILITY)),
        ("counts", pa.list_(LABEL_COUNT)),
        ("n_spans", pa.int64()),
        ("result_json", pa.string()),
    ]
)

SPAN = pa.struct(
    [
        ("analyzer", pa.string()),
        ("label", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("score", pa.float64()),
    ]
)

MATCH = pa.struct(
    [
        ("similarity", pa.float64()),
        ("verdict", pa.string()),
        ("verdict_ordinal", pa.float64()),
        ("publisher", pa.string()),
        ("url", pa.string()),
        ("claim", pa.string()),
    ]
)

CLAIM = pa.struct(
    [
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("score", pa.float64()),
        ("matches", pa.list_(MATCH)),
    ]
)

SCHEMA = pa.schema(
    [
        ("schema_version", pa.string()),
        ("id", pa.string()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("host", pa.string()),
        ("title", pa.string()),
        ("published", pa.string()),
        ("author", pa.string()),
        ("input_kind", pa.string()),
        ("language", pa.string()),
        ("language_confidence", pa.float64()),
        ("characters", pa.int64()),
        ("words", pa.int64()),
        ("sentences", pa.int64()),
        ("profile", pa.string()),
        ("newssift_version", pa.string()),
        ("versions", pa.string()),  # JSON: pipeline, analyzer, model and data versions
        ("analyzers", pa.list_(ANALYZER)),
        ("spans", pa.list_(SPAN)),
        ("claims", pa.list_(CLAIM)),
        ("time_ms", pa.float64()),
    ],
    metadata={b"newssift.batch_schema_version": BATCH_SCHEMA_VERSION.encode()},
)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _analyzer_row(name: str, entry: Any) -> dict[str, Any]:
    result = entry.result if isinstance(entry.result, dict) else {}
    probabilities = result.get("probabilities")
    dist: list[dict[str, Any]] = []
    if isinstance(probabilities, dict):
        for label, p in sorted(probabilities.items()):
            if _number(p) is not None:
                dist.append({"label": str(label), "probability": _number(p)})
    label = _text(result.get("label"))
    probability = None
    if dist:
        probability = {d["label"]: d["probability"] for d in dist}.get(label) if label else None
        if probability is None:
            top = max(dist, key=lambda d: d["probability"])
            label = label or top["label"]
            probability = top["probability"] if top["label"] == label else None
    score = _number(result.get("score"))
    if score is None:
        score = _number(result.get("probability"))
    counts_raw = result.get("counts")
    counts = []
    if isinstance(counts_raw, dict):
        counts = [
            {"label": str(k), "n": int(v)}
            for k, v in sorted(counts_raw.items())
            if isinstance(v, (int, float)) and not isinstance(v, bool)
        ]
    return {
        "name": name,
        "version": entry.version,
        "status": entry.status,
        "reason": entry.reason,
        "summary": _text(result.get("summary")),
        "label": label,
        "probability": probability,
        "score": score,
        "probabilities": dist,
        "counts": counts,
        "n_spans": len(entry.spans),
        "result_json": json.dumps(entry.result, sort_keys=True, ensure_ascii=False, default=str)
        if entry.result is not None
        else None,
    }


def _match_row(match: Any) -> dict[str, Any]:
    match = match if isinstance(match, dict) else {}
    review = match.get("claim_review") if isinstance(match.get("claim_review"), dict) else {}
    rating = review.get("reviewRating") if isinstance(review.get("reviewRating"), dict) else {}
    author = review.get("author") if isinstance(review.get("author"), dict) else {}
    return {
        "similarity": _number(match.get("similarity")),
        "verdict": _text(rating.get("alternateName")) or _text(match.get("verdict")),
        "verdict_ordinal": _number(match.get("verdict_ordinal")),
        "publisher": _text(author.get("name")) or _text(match.get("publisher")),
        "url": _text(review.get("url")) or _text(match.get("url")),
        "claim": _text(review.get("claimReviewed")) or _text(match.get("claim")),
    }


def _claim_rows(report: Report) -> list[dict[str, Any]]:
    entry = report.analyzers.get("claims")
    if entry is None or entry.status != "ok" or not isinstance(entry.result, dict):
        return []
    rows = []
    for claim in entry.result.get("claims") or []:
        if not isinstance(claim, dict):
            continue
        rows.append(
            {
                "start": int(claim["start"]) if isinstance(claim.get("start"), int) else None,
                "end": int(claim["end"]) if isinstance(claim.get("end"), int) else None,
                "text": _text(claim.get("text")),
                "score": _number(claim.get("score")),
                "matches": [_match_row(m) for m in claim.get("matches") or []],
            }
        )
    return rows


def report_to_row(report: Report) -> dict[str, Any]:
    """One Parquet row (a dict matching :data:`SCHEMA`) from a report."""
    meta = report.article
    spans = [
        {"analyzer": name, "label": span.label, "start": span.start, "end": span.end, "score": span.score}
        for name, entry in report.analyzers.items()
        for span in entry.spans
    ]
    return {
        "schema_version": BATCH_SCHEMA_VERSION,
        "id": meta.id,
        "url": meta.url or meta.canonical_url,
        "outlet": meta.outlet,
        "host": meta.host,
        "title": meta.title,
        "published": meta.published,
        "author": meta.author,
        "input_kind": meta.input_kind,
        "language": meta.language,
        "language_confidence": meta.language_confidence,
        "characters": meta.characters,
        "words": meta.words,
        "sentences": len(report.sentences),
        "profile": report.profile,
        "newssift_version": report.newssift_version,
        "versions": json.dumps(report.versions, sort_keys=True, default=str),
        "analyzers": [_analyzer_row(name, entry) for name, entry in report.analyzers.items()],
        "spans": spans,
        "claims": _claim_rows(report),
        "time_ms": _number(report.timings_ms.get("total")),
    }


def rows_to_table(rows: list[dict[str, Any]]) -> pa.Table:
    """An Arrow table with exactly :data:`SCHEMA` (also for zero rows)."""
    return pa.Table.from_pylist(rows, schema=SCHEMA)
