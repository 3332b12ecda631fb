"""The on-disk fact-check index: records in SQLite, claim vectors in a faiss HNSW file.

Layout of an index folder::

    factchecks.sqlite   one row per fact-check (claim, claimant, verdict as written, normalized
                        ordinal, publisher, URL, title, review date, claim date, language, source)
    vectors.faiss       faiss IndexHNSWFlat (inner product on L2-normalised all-MiniLM-L6-v2
                        vectors, i.e. cosine); vector i belongs to the row with vec_id i
    lexical.npz         BM25 weights of the claims (:mod:`newssift.factchecks.lexical`); column i is
                        vec_id i. Derived from the rows: rebuilt after each import that adds records,
                        and on first use when it is missing or out of date (an index made before it
                        existed, or an interrupted import)

Imports are idempotent and incremental: a record's identity is a hash of its
(url, claim), rows already present are skipped, and only new claims are
embedded and appended to the vector file. The vector file is written (to a
temporary name, then renamed) before the new rows are committed; if the two
ever disagree (an interrupted import), the vectors are rebuilt from the rows
when the index is next opened for writing.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from ..errors import NewssiftError
from .lexical import LexicalIndex
from .records import FactCheck, LineError, parse_file

DB_NAME = "factchecks.sqlite"
VECTORS_NAME = "vectors.faiss"
DIMENSIONS = 384
HNSW_M = 32
EF_CONSTRUCTION = 80
EF_SEARCH = 96
COLUMNS = ("claim", "url", "claimant", "verdict", "verdict_ordinal", "publisher", "publisher_site", "title",
           "review_date", "claim_date", "language")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS factchecks (
    vec_id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    claim TEXT NOT NULL,
    url TEXT NOT NULL,
    claimant TEXT,
    verdict TEXT,
    verdict_ordinal REAL,
    publisher TEXT,
    publisher_site TEXT,
    title TEXT,
    review_date TEXT,
    claim_date TEXT,
    language TEXT,
    source TEXT
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
"""


def default_index_dir(configured: str | None = None) -> Path:
    """``configured`` if set, else ``$NEWSSIFT_FACTCHECKS``, else ``$XDG_DATA_HOME/newssift/factchecks``
    (``~/.local/share/newssift/factchecks``)."""
    if configured:
        return Path(configured).expanduser()
    env = os.environ.get("NEWSSIFT_FACTCHECKS")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newssift" / "factchecks"


@dataclass
class ImportSummary:
    source: str
    lines_read: int = 0
    records_read: int = 0
    added: int = 0
    already_present: int = 0
    failed: int = 0
    errors: list[LineError] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "records_read": self.records_read, "added": self.added,
                "already_present": self.already_present, "failed": self.failed,
                "errors": [{"line": e.line, **e.error.to_dict()} for e in self.errors]}


def _faiss() -> Any:
    import faiss

    return faiss


def _new_vector_index() -> Any:
    faiss = _faiss()
    index = faiss.IndexHNSWFlat(DIMENSIONS, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = EF_CONSTRUCTION
    index.hnsw.efSearch = EF_SEARCH
    return index


class FactCheckIndex:
    """A folder holding fact-check records and their claim vectors.

    Example::

        >>> index = FactCheckIndex.open("/tmp/fc", create=True)
        >>> summary = index.import_file("claimreviews.jsonl")
        >>> hits = index.search(encoder.encode(["The bridge cost $2 billion."]), k=5)
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, vectors: Any, encoder: Any = None) -> None:
        self.path = path
        self.db = connection
        self.vectors = vectors
        self._encoder = encoder
        self._lexical: LexicalIndex | None = None

    # -- opening -------------------------------------------------------------------------------------

    @classmethod
    def exists(cls, path: str | Path) -> bool:
        return (Path(path) / DB_NAME).is_file()

    @classmethod
    def open(cls, path: str | Path, create: bool = False, encoder: Any = None) -> "FactCheckIndex":
        """Open the index in ``path`` (creating an empty one when ``create``), or NS523."""
        path = Path(path).expanduser()
        if not create and not cls.exists(path):
            raise NewssiftError("NS524", path=str(path))
        try:
            path.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(str(path / DB_NAME), check_same_thread=False)
            connection.executescript(_SCHEMA)
            count = connection.execute("SELECT COUNT(*) FROM factchecks").fetchone()[0]
        except (OSError, sqlite3.Error) as exc:
            raise NewssiftError("NS523", path=str(path), detail=f"{exc.__class__.__name__}: {exc}") from None
        vector_path = path / VECTORS_NAME
        vectors = None
        if vector_path.is_file():
            try:
                vectors = _faiss().read_index(str(vector_path))
            except RuntimeError as exc:
                if not create:
                    raise NewssiftError("NS523", path=str(path), detail=f"{VECTORS_NAME}: {exc}") from None
            if vectors is not None:
                vectors.hnsw.efSearch = EF_SEARCH
        index = cls(path, connection, vectors, encoder)
        if (vectors.ntotal if vectors is not None else 0) != count:
            if not create:
                raise NewssiftError("NS523", path=str(path),
                                    detail=f"{count} records but {vectors.ntotal if vectors else 0} vectors")
            index.rebuild_vectors()
        return index

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "FactCheckIndex":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def encoder(self) -> Any:
        if self._encoder is None:
            from ..models.encoder import SentenceEncoder

            self._encoder = SentenceEncoder(batch_size=32, threads=int(os.environ.get("NEWSSIFT_ENCODER_THREADS", "2")))
        return self._encoder

    def __len__(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM factchecks").fetchone()[0])

    # -- writing -------------------------------------------------------------------------------------

    def _write_vectors(self, vectors: Any) -> None:
        target = self.path / VECTORS_NAME
        partial = self.path / (VECTORS_NAME + ".partial")
        _faiss().write_index(vectors, str(partial))
        os.replace(partial, target)
        self.vectors = vectors

    def rebuild_vectors(self, batch: int = 4096) -> None:
        """Embed every record again and rewrite the vector file (after an interrupted import)."""
        vectors = _new_vector_index()
        rows = self.db.execute("SELECT vec_id, claim FROM factchecks ORDER BY vec_id").fetchall()
        for begin in range(0, len(rows), batch):
            chunk = rows[begin:begin + batch]
            vectors.add(self.encoder.encode([claim for _, claim in chunk]))
        self._write_vectors(vectors)

    def add(self, records: Iterable[FactCheck], source: str = "", batch: int = 4096) -> tuple[int, int]:
        """Add records not yet present; returns (added, already present)."""
        existing = {key for (key,) in self.db.execute("SELECT key FROM factchecks")}
        fresh: list[FactCheck] = []
        seen = 0
        for record in records:
            seen += 1
            key = record.key
            if key in existing:
                continue
            existing.add(key)
            fresh.append(record)
        if not fresh:
            return 0, seen
        vectors = self.vectors if self.vectors is not None else _new_vector_index()
        start = int(vectors.ntotal)
        for begin in range(0, len(fresh), batch):
            vectors.add(self.encoder.encode([r.claim for r in fresh[begin:begin + batch]]))
        self._write_vectors(vectors)
        with self.db:
            self.db.executemany(
                f"INSERT INTO factchecks (vec_id, key, {', '.join(COLUMNS)}, source) "
                f"VALUES (?, ?, {', '.join('?' * len(COLUMNS))}, ?)",
                [(start + i, r.key, *(getattr(r, c) for c in COLUMNS), source) for i, r in enumerate(fresh)],
            )
        self._lexical = self._build_lexical()
        return len(fresh), seen - len(fresh)

    def _build_lexical(self) -> LexicalIndex:
        """BM25 weights of every record's claim, saved when the folder is writable."""
        lexical = LexicalIndex.build(self.db.execute("SELECT vec_id, claim FROM factchecks ORDER BY vec_id"))
        try:
            lexical.save(self.path)
        except OSError:
            pass  # a read-only index still matches; the weights are rebuilt in memory on each open
        return lexical

    def import_file(self, path: str | Path) -> ImportSummary:
        """Import a ClaimReview JSON-LD or Google ``claims:search`` file; bad lines are counted, not fatal."""
        summary = ImportSummary(source=str(path))
        records: list[FactCheck] = []
        for line_records, line_errors in parse_file(path):
            summary.lines_read += 1
            records.extend(line_records)
            summary.errors.extend(line_errors)
        summary.records_read = len(records)
        summary.failed = len(summary.errors)
        summary.added, summary.already_present = self.add(records, source=Path(path).name)
        return summary

    # -- reading -------------------------------------------------------------------------------------

    def search(self, queries: np.ndarray, k: int = 20) -> list[list[tuple[int, float]]]:
        """Top-``k`` (vec_id, cosine) per query row, best first."""
        if self.vectors is None or self.vectors.ntotal == 0 or len(queries) == 0:
            return [[] for _ in range(len(queries))]
        sims, ids = self.vectors.search(np.ascontiguousarray(queries, dtype=np.float32), min(k, self.vectors.ntotal))
        return [[(int(i), float(s)) for i, s in zip(row_ids, row_sims) if i >= 0] for row_ids, row_sims in zip(ids, sims)]

    @property
    def lexical(self) -> LexicalIndex:
        """The BM25 index of the claims (loaded, or rebuilt when missing or out of date)."""
        if self._lexical is None:
            saved = LexicalIndex.load(self.path)
            expected = self.db.execute("SELECT COALESCE(MAX(vec_id) + 1, 0) FROM factchecks").fetchone()[0]
            self._lexical = saved if saved is not None and saved.n_docs == expected else self._build_lexical()
        return self._lexical

    def records(self, vec_ids: Sequence[int]) -> dict[int, FactCheck]:
        if not vec_ids:
            return {}
        marks = ", ".join("?" * len(vec_ids))
        rows = self.db.execute(f"SELECT vec_id, {', '.join(COLUMNS)} FROM factchecks WHERE vec_id IN ({marks})",
                               [int(i) for i in vec_ids]).fetchall()
        return {row[0]: FactCheck(**dict(zip(COLUMNS, row[1:]))) for row in rows}

    def stats(self) -> dict[str, Any]:
        publishers = self.db.execute(
            "SELECT COALESCE(publisher, '?'), COUNT(*) FROM factchecks GROUP BY 1 ORDER BY 2 DESC LIMIT 20").fetchall()
        with_ordinal = self.db.execute("SELECT COUNT(*) FROM factchecks WHERE verdict_ordinal IS NOT NULL").fetchone()[0]
        size = sum(p.stat().st_size for p in self.path.iterdir() if p.is_file())
        return {"path": str(self.path), "records": len(self), "with_verdict_ordinal": int(with_ordinal),
                "vectors": int(self.vectors.ntotal) if self.vectors is not None else 0,
                "publishers": {name: n for name, n in publishers}, "size_bytes": size}
