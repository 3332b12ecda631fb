"""Batch inputs: JSONL/CSV/Parquet files, folders or globs of .html/.txt files, JSON Lines on stdin.

The reader runs in the main process and only *enumerates* the corpus: it yields
small :data:`Item` tuples ``(seq, default_id, kind, payload)`` in a stable
order, so that the same command enumerates the same records with the same
sequence numbers again (that is what makes a run resumable). Parsing, HTML
extraction and validation happen in the workers (:mod:`newssift.batch.worker`),
where a bad record becomes an entry in the errors file, not a crash.

``kind`` is ``line`` (a raw JSON Lines line, bytes), ``record`` (a CSV or
Parquet row, JSON-encoded bytes) or ``file`` (a path, UTF-8 bytes).
"""

from __future__ import annotations

import csv
import glob
import gzip
import io
import json
import math
import os
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import NewssiftError

#: (seq, default id, kind, payload)
Item = tuple[int, str, str, bytes]

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
CSV_SUFFIXES = (".csv", ".csv.gz")
PARQUET_SUFFIXES = (".parquet",)
FILE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".json")
SUPPORTED = JSONL_SUFFIXES + CSV_SUFFIXES + PARQUET_SUFFIXES + FILE_SUFFIXES

#: Column names tried, in order, for each Article field when no option names one.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "text": ("text", "content", "body"),
    "html": ("html",),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "published": ("published", "date", "publish_date", "published_at"),
    "author": ("author", "authors"),
}


@dataclass(frozen=True)
class ColumnMap:
    """Which input column feeds each Article field; ``None`` means: try :data:`ALIASES`."""

    id: str | None = None
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None

    def given(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}

    def apply(self, record: dict[str, Any]) -> dict[str, Any]:
        """The ``{"text", "title", ...}`` record :func:`article_from_record` takes."""
        out: dict[str, Any] = {}
        for field, column in asdict(self).items():
            candidates = (column,) if column else ALIASES[field]
            for name in candidates:
                value = record.get(name)
                if value is None or value == "":
                    continue
                out[field] = _scalar(value)
                break
        return out


def _scalar(value: Any) -> Any:
    """Numbers, dates and the like become strings; lists/dicts stay (and are refused by the loader)."""
    if isinstance(value, (str, list, dict)):
        return value
    if isinstance(value, float) and math.isnan(value):  # NaN from pandas-written files
        return None
    return str(value)


def suffix_of(path: str | Path) -> str | None:
    name = str(path).lower()
    for suffix in sorted(SUPPORTED, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return None


@dataclass(frozen=True)
class Source:
    """One resolved input: a file path, or ``-`` for stdin."""

    path: str
    suffix: str  # one of SUPPORTED, or "-" for stdin

    def fingerprint(self) -> dict[str, Any]:
        if self.path == "-":
            return {"path": "-"}
        return {"path": os.path.abspath(self.path), "bytes": os.path.getsize(self.path)}


def resolve_inputs(inputs: list[str]) -> list[Source]:
    """Expand paths, folders (recursively) and globs, in a stable order; ``-`` is stdin."""
    if not inputs:
        raise NewssiftError("NS701", pattern="")
    sources: list[Source] = []
    for spec in inputs:
        if spec == "-":
            sources.append(Source("-", "-"))
            continue
        path = Path(spec)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and suffix_of(p))
            if not found:
                raise NewssiftError("NS701", pattern=spec)
            sources.extend(Source(str(p), suffix_of(p) or "") for p in found)
            continue
        if path.is_file():
            matches = [spec]
        else:
            matches = sorted(m for m in glob.glob(spec, recursive=True) if os.path.isfile(m))
            if not matches:
                raise NewssiftError("NS701", pattern=spec)
        for match in matches:
            suffix = suffix_of(match)
            if suffix is None:
                raise NewssiftError("NS702", path=match)
            sources.append(Source(match, suffix))
    return sources


def _open_binary(path: str) -> IO[bytes]:
    return gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb")


def _jsonl_lines(stream: IO[bytes], name: str) -> Iterator[tuple[str, bytes]]:
    for lineno, line in enumerate(stream, 1):
        if line.strip():
            yield f"{name}:{lineno}", line.rstrip(b"\r\n")


def _csv_rows(source: Source, columns: ColumnMap) -> Iterator[tuple[str, bytes]]:
    csv.field_size_limit(2**31 - 1)
    name = os.path.basename(source.path)
    try:
        with _open_binary(source.path) as raw:
            reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
            header = reader.fieldnames or []
            _check_columns(source.path, header, columns)
            for rowno, row in enumerate(reader, 1):
                row.pop(None, None)  # surplus cells of a ragged row
                yield f"{name}:{rowno}", json.dumps(row, ensure_ascii=False).encode()
    except (UnicodeDecodeError, csv.Error, OSError, EOFError) as exc:
        raise NewssiftError("NS711", path=source.path, detail=str(exc)) from None


def _parquet_rows(source: Source, columns: ColumnMap) -> Iterator[tuple[str, bytes]]:
    import pyarrow.parquet as pq

    name = os.path.basename(source.path)
    try:
        handle = pq.ParquetFile(source.path)
        header = handle.schema_arrow.names
        _check_columns(source.path, header, columns)
        wanted = set(columns.given().values()) | {n for names in ALIASES.values() for n in names}
        selected = [c for c in header if c in wanted]
        rowno = 0
        for batch in handle.iter_batches(batch_size=512, columns=selected):
            for row in batch.to_pylist():
                rowno += 1
                yield f"{name}:{rowno}", json.dumps(row, ensure_ascii=False, default=str).encode()
    except NewssiftError:
        raise
    except Exception as exc:  # noqa: BLE001 - pyarrow raises ArrowInvalid/OSError for damaged files
        raise NewssiftError("NS711", path=source.path, detail=str(exc).splitlines()[0]) from None


def _check_columns(path: str, header: list[str], columns: ColumnMap) -> None:
    for field, column in columns.given().items():
        if column not in header:
            raise NewssiftError(
                "NS703", path=path, column=column, option=f"--{field}-column", known=", ".join(header) or "(none)"
            )


def iter_items(sources: list[Source], columns: ColumnMap, stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Every record of every source, numbered from 0 in a stable order."""
    seq = 0
    for source in sources:
        if source.suffix == "-":
            rows: Iterator[tuple[str, bytes]] = _jsonl_lines(stdin or sys.stdin.buffer, "stdin")
            kind = "line"
        elif source.suffix in JSONL_SUFFIXES:
            rows = _read_jsonl(source)
            kind = "line"
        elif source.suffix in CSV_SUFFIXES:
            rows, kind = _csv_rows(source, columns), "record"
        elif source.suffix in PARQUET_SUFFIXES:
            rows, kind = _parquet_rows(source, columns), "record"
        else:
            rows, kind = iter([(source.path, source.path.encode())]), "file"
        for default_id, payload in rows:
            yield seq, default_id, kind, payload
            seq += 1


def _read_jsonl(source: Source) -> Iterator[tuple[str, bytes]]:
    try:
        with _open_binary(source.path) as stream:
            yield from _jsonl_lines(stream, os.path.basename(source.path))
    except (OSError, EOFError) as exc:
        raise NewssiftError("NS711", path=source.path, detail=str(exc)) from None


def count_items(sources: list[Source], columns: ColumnMap) -> int | None:
    """How many records the sources hold (``None`` when reading stdin): the progress bar's total."""
    total = 0
    for source in sources:
        if source.suffix == "-":
            return None
        if source.suffix in JSONL_SUFFIXES:
            total += sum(1 for _ in _read_jsonl(source))
        elif source.suffix in CSV_SUFFIXES:
            total += sum(1 for _ in _csv_rows(source, columns))
        elif source.suffix in PARQUET_SUFFIXES:
            import pyarrow.parquet as pq

            try:
                total += pq.ParquetFile(source.path).metadata.num_rows
            except Exception as exc:  # noqa: BLE001 - pyarrow's errors for damaged files
                raise NewssiftError("NS711", path=source.path, detail=str(exc).splitlines()[0]) from None
        else:
            total += 1
    return total
