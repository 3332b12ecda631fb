"""What runs on a worker (a local process or a Ray actor): items -> Articles -> pipeline -> rows.

:class:`Worker` builds the :class:`~newssift.pipeline.Pipeline` once and then
turns chunks of :data:`~newssift.batch.readers.Item` into Parquet rows
(:func:`~newssift.batch.schema.report_to_row`) and error entries
``{"id", "code", "message", "seq"}``. Records are made into Articles with
:func:`newssift.ingest.loaders.article_from_record` / :func:`load_article`, so a
bad record gets the same coded error as on the command line.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from ..article import Article
from ..config import load_config
from ..errors import NewssiftError
from ..ingest.loaders import article_from_record, load_article
from ..pipeline import Pipeline
from ..report import build_report
from .readers import ColumnMap, Item
from .schema import report_to_row


@dataclass(frozen=True)
class WorkerSettings:
    """Everything a worker needs to rebuild the same pipeline anywhere (picklable, JSON-able)."""

    config_path: str | None = None
    analyzers: tuple[str, ...] | None = None  # replaces [pipeline] analyzers (the profile)
    columns: ColumnMap = field(default_factory=ColumnMap)
    threads: int = 1  # intra-op threads for numeric libraries in each worker

    def overrides(self) -> dict[str, dict[str, Any]]:
        return {"pipeline": {"analyzers": ",".join(self.analyzers)}} if self.analyzers else {}


def limit_threads(threads: int) -> None:
    """One worker per core: keep each worker's numeric libraries to ``threads`` threads."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "ORT_NUM_THREADS"):
        os.environ.setdefault(var, str(threads))


class Worker:
    """Holds one pipeline; :meth:`process` analyzes a chunk of items."""

    def __init__(self, settings: WorkerSettings) -> None:
        limit_threads(settings.threads)
        self.settings = settings
        self.config = load_config(settings.config_path, overrides=settings.overrides())
        try:
            self.pipeline = Pipeline(self.config)
        except NewssiftError:
            raise
        except Exception as exc:  # noqa: BLE001 - a missing or broken model file, an analyzer bug: say so in one line
            raise NewssiftError("NS715", detail=f"{type(exc).__name__}: {exc}"[:400]) from None

    def article(self, item: Item) -> Article:
        _, default_id, kind, payload = item
        if kind == "file":
            article = load_article(payload.decode("utf-8"), config=self.config)
            article.id = article.id or default_id
            return article
        limit = self.config["input"]["max_input_bytes"]
        if len(payload) > limit:
            raise NewssiftError("NS104", source=default_id, size=len(payload), limit=limit)
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NewssiftError("NS103", source=default_id, offset=exc.start) from None
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise NewssiftError("NS107", detail=f"{exc.msg} at column {exc.colno}") from None
        if not isinstance(record, dict):
            raise NewssiftError("NS107", detail="expected a JSON object")
        mapped = self.settings.columns.apply(record)
        record_id = mapped.get("id") if isinstance(mapped.get("id"), str) else None
        try:
            article = article_from_record(mapped, source=default_id, config=self.config)
        except NewssiftError as error:
            error.record_id = record_id  # type: ignore[attr-defined]
            raise
        article.id = article.id or default_id
        return article

    def process(self, items: list[Item]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Rows (input order) and errors for one chunk; never raises for a bad record."""
        articles: list[Article] = []
        errors: list[dict[str, Any]] = []
        seqs: list[int] = []
        for item in items:
            try:
                articles.append(self.article(item))
                seqs.append(item[0])
            except NewssiftError as error:
                errors.append(_error_entry(item, error))
        try:
            analyzed = list(self.pipeline.pipe(articles))
        except Exception:  # noqa: BLE001 - one record broke an analyzer: redo the chunk one by one to isolate it
            analyzed = []
            kept = []
            for seq, article in zip(seqs, articles):
                try:
                    analyzed.append(self.pipeline(article))
                    kept.append(seq)
                except Exception as exc:  # noqa: BLE001 - reported per record, the run goes on
                    error = NewssiftError("NS713", detail=f"{type(exc).__name__}: {exc}"[:300])
                    errors.append(_error_entry((seq, article.id or "", "", b""), error))
            seqs = kept
        rows = [report_to_row(build_report(article, self.pipeline)) for article in analyzed]
        errors.sort(key=lambda e: e["seq"])
        return rows, errors


def _error_entry(item: Item, error: NewssiftError) -> dict[str, Any]:
    record_id = getattr(error, "record_id", None) or item[1]
    return {"id": record_id, "code": error.code, "message": error.message, "seq": item[0]}
