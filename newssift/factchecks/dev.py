"""`newssift factchecks build-dev`: a development index from research-only data sets.

Sources (read in place from ``$NEWSSIFT_DATA``; research-only licences, so
the index they make is for development and evaluation, never shipped):

- ``claimmatch-checkthat-debates-politifact/vclaims`` (PolitiFact claims with
  Truth-O-Meter verdicts, claimant, dates and URL; Shaar et al. ACL 2020);
- ``factcheck-liar`` train and dev (PolitiFact statements with verdicts;
  Wang, ACL 2017). LIAR has no article URLs, so its records point at the
  PolitiFact API URL given in the data set.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from ..data import read_jsonl, require_dataset
from .records import FactCheck
from .store import FactCheckIndex, ImportSummary
from .verdicts import normalize_verdict

POLITIFACT = "claimmatch-checkthat-debates-politifact"
LIAR = "factcheck-liar"


def politifact_records() -> Iterator[FactCheck]:
    for row in read_jsonl(require_dataset(POLITIFACT) / "vclaims.jsonl.gz"):
        verdict = row.get("verdict")
        yield FactCheck(
            claim=row["claim"], url=row["url"], claimant=row.get("speaker"), verdict=verdict,
            verdict_ordinal=normalize_verdict(verdict), publisher=row.get("publisher") or "PolitiFact",
            publisher_site="politifact.com", title=row.get("title"), review_date=row.get("factcheck_date"),
            claim_date=row.get("claim_date"), language="en",
        )


def liar_records() -> Iterator[FactCheck]:
    for split in ("train", "dev"):
        for row in read_jsonl(require_dataset(LIAR) / f"{split}.jsonl.gz"):
            speaker = (row.get("speaker") or "").replace("-", " ").title() or None
            yield FactCheck(
                claim=row["statement"], url=row.get("politifact_api_url") or f"liar:{row['id']}",
                claimant=speaker, verdict=row.get("label"), verdict_ordinal=normalize_verdict(row.get("label")),
                publisher="PolitiFact", publisher_site="politifact.com", language="en",
            )


class _CachedEncoder:
    """Encode through the training cache, so a development index reuses vectors evaluation already made."""

    def encode(self, texts: list[str]) -> Any:
        from ..training.factchecks import cached_encode

        return cached_encode(list(texts))


def build_dev_index(path: str | Path) -> list[ImportSummary]:
    with FactCheckIndex.open(path, create=True, encoder=_CachedEncoder()) as index:
        summaries = []
        for name, records in ((POLITIFACT, politifact_records()), (LIAR, liar_records())):
            summary = ImportSummary(source=name)
            rows = list(records)
            summary.records_read = len(rows)
            summary.added, summary.already_present = index.add(rows, source=name, batch=10 ** 9)
            summaries.append(summary)
        return summaries
