"""A batch run: the output folder, its manifest, atomic part files, and the driver loop.

Output folder layout (see ``docs/batch-schema.md``)::

    DIR/run.json            what command made this run (inputs, columns, profile, chunk size)
    DIR/manifest.jsonl      one line per finished chunk: {"start", "end", "rows", "errors", "part", "digest"}
    DIR/parts/part-S-E.parquet   rows of input records S..E-1 (local engine)
    DIR/parts/ray-S-E/*.parquet  rows written by Ray for one wave of chunks (+ _chunks.json)
    DIR/errors/part-S-E.jsonl    bad records of chunk S..E-1: {"id", "code", "message", "seq"}
    DIR/errors.jsonl        all bad records, rebuilt at the end of every run
    DIR/summary.json        counts of the last run
    DIR/tmp/                files being written (deleted when a run starts)

Crash safety: records are numbered in a stable input order and cut into chunks
of ``chunk_size``. A chunk's errors file and then its part file are written
under ``tmp/``, fsynced and renamed into place (``rename`` is atomic), the
folder is fsynced, and only then is the chunk appended to the manifest. A
``kill -9`` therefore leaves each chunk either wholly present (its part file
exists; a missing manifest line is restored from the part file when the run
resumes) or wholly absent (it is analyzed again). No finished record is lost
and none is written twice.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from ..config import as_list, load_config
from ..errors import NewssiftError
from ..registry import get_analyzer, load_builtins
from .readers import ColumnMap, Item, count_items, iter_items, resolve_inputs
from .schema import BATCH_SCHEMA_VERSION, rows_to_table
from .worker import WorkerSettings

PART_RE = re.compile(r"^part-(\d+)-(\d+)\.parquet$")
RAY_RE = re.compile(r"^ray-(\d+)-(\d+)$")
DEFAULT_CHUNK_SIZE = 256
#: File descriptors of held folder locks: forked workers close their copies (see ``local._init_worker``).
LOCK_FDS: set[int] = set()


@dataclass
class Chunk:
    start: int
    end: int
    items: list[Item]

    @property
    def digest(self) -> str:
        """A hash of the chunk's records: a resumed run checks that its input is the one already analyzed."""
        h = hashlib.blake2b(digest_size=12)
        for _, default_id, kind, payload in self.items:
            h.update(f"{default_id}\0{kind}\0{len(payload)}\0".encode())
            h.update(payload)
        return h.hexdigest()


@dataclass
class BatchSummary:
    out: str
    engine: str
    workers: int
    profile: str
    total: int | None  # records in the input (None for stdin)
    resumed: int  # records already done by earlier runs of the same command
    analyzed: int  # rows written by this run
    errors: int  # bad records met by this run
    rows_total: int  # rows in the output folder, all runs
    errors_total: int  # bad records in errors.jsonl, all runs
    elapsed_s: float
    error_codes: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def lines(self) -> list[str]:
        rate = (self.analyzed + self.errors) / self.elapsed_s if self.elapsed_s > 0 else 0.0
        out = [
            f"profile: {self.profile} (engine {self.engine}, {self.workers} worker(s))",
            (f"this run: {self.analyzed} articles analyzed, {self.errors} bad records, "
             f"{self.elapsed_s:.1f} s ({rate:.1f} records/s)"),
        ]
        if self.resumed:
            out.append(f"resumed: {self.resumed} records were already done by an earlier run")
        codes = ", ".join(f"{code} x{n}" for code, n in sorted(self.error_codes.items()))
        out.append(
            f"output: {self.rows_total} rows in {self.out}/parts, {self.errors_total} bad records in "
            f"{self.out}/errors.jsonl" + (f" ({codes})" if codes else "")
        )
        return out


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(target: Path, tmp_dir: Path, write: Callable[[Path], None]) -> None:
    tmp = tmp_dir / (target.name + f".{os.getpid()}.tmp")
    write(tmp)
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)
    _fsync_dir(target.parent)


def write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    import pyarrow.parquet as pq

    pq.write_table(rows_to_table(rows), path, compression="zstd")


class RunDir:
    """The output folder of one batch run (see the module docstring)."""

    def __init__(self, out: Path, fingerprint: dict[str, Any]) -> None:
        self.out = out
        self.parts = out / "parts"
        self.error_parts = out / "errors"
        self.tmp = out / "tmp"
        self.manifest = out / "manifest.jsonl"
        out.mkdir(parents=True, exist_ok=True)
        self._lock = open(out / ".lock", "w")  # noqa: SIM115 - held for the whole run, closed by close()
        try:  # one run per folder at a time; the lock goes with the process, even on kill -9
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            raise NewssiftError("NS714", out=str(out)) from None
        LOCK_FDS.add(self._lock.fileno())
        for folder in (self.parts, self.error_parts, self.tmp):
            folder.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.tmp, ignore_errors=True)  # leftovers of a killed run
        self.tmp.mkdir()
        run_file = out / "run.json"
        if run_file.exists():
            try:
                previous = json.loads(run_file.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                previous = None
            if previous != fingerprint:
                self.close()
                raise NewssiftError("NS704", out=str(out), detail=_difference(previous, fingerprint))
        else:
            _write_atomic(run_file, self.tmp, lambda p: p.write_text(json.dumps(fingerprint, indent=2), "utf-8"))
        self.done: dict[tuple[int, int], dict[str, Any]] = {}
        self._load_manifest()

    def close(self) -> None:
        """Release the folder's lock."""
        if not self._lock.closed:
            LOCK_FDS.discard(self._lock.fileno())
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()

    # -- reading state ------------------------------------------------------
    def _load_manifest(self) -> None:
        if self.manifest.exists():
            text = self.manifest.read_text(encoding="utf-8")
            if text and not text.endswith("\n"):  # end a line cut short by a kill before appending more
                with open(self.manifest, "a", encoding="utf-8") as handle:
                    handle.write("\n")
            for line in text.splitlines():
                try:  # a line cut short by a kill is simply ignored; the part file restores it below
                    entry = json.loads(line)
                    key = (int(entry["start"]), int(entry["end"]))
                except (json.JSONDecodeError, KeyError, TypeError, ValueError):
                    continue
                if (self.out / entry["part"]).exists():
                    self.done[key] = entry
        restored = []
        for path in sorted(self.parts.iterdir()):
            match = PART_RE.match(path.name)
            if match:
                key = (int(match[1]), int(match[2]))
                if key not in self.done:
                    restored.append(self._entry(key, path, _parquet_rows(path), self._error_count(key)))
            elif path.is_dir() and RAY_RE.match(path.name) and (path / "_chunks.json").exists():
                chunks = json.loads((path / "_chunks.json").read_text(encoding="utf-8"))
                for chunk in chunks:
                    key = (int(chunk["start"]), int(chunk["end"]))
                    if key not in self.done:
                        restored.append(self._entry(key, path, int(chunk["rows"]), int(chunk["errors"]),
                                                    chunk.get("digest")))
        for entry in restored:
            self.done[(entry["start"], entry["end"])] = entry
        if restored:
            self._append_manifest(restored)

    def _error_count(self, key: tuple[int, int]) -> int:
        path = self.error_parts / f"part-{key[0]:012d}-{key[1]:012d}.jsonl"
        return sum(1 for line in path.read_text("utf-8").splitlines() if line.strip()) if path.exists() else 0

    def _entry(self, key: tuple[int, int], part: Path, rows: int, errors: int,
               digest: str | None = None) -> dict[str, Any]:
        return {"start": key[0], "end": key[1], "rows": rows, "errors": errors,
                "part": str(part.relative_to(self.out)), "digest": digest}

    def records_done(self) -> int:
        return sum(e["rows"] + e["errors"] for e in self.done.values())

    # -- writing ------------------------------------------------------------
    def _append_manifest(self, entries: list[dict[str, Any]]) -> None:
        with open(self.manifest, "a", encoding="utf-8") as handle:
            handle.writelines(json.dumps(entry) + "\n" for entry in entries)
            handle.flush()
            os.fsync(handle.fileno())

    def write_errors(self, key: tuple[int, int], errors: list[dict[str, Any]]) -> None:
        target = self.error_parts / f"part-{key[0]:012d}-{key[1]:012d}.jsonl"
        if not errors:
            target.unlink(missing_ok=True)
            return
        text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors)
        _write_atomic(target, self.tmp, lambda p: p.write_text(text, encoding="utf-8"))

    def commit_chunk(self, chunk: Chunk, rows: list[dict[str, Any]], errors: list[dict[str, Any]]) -> None:
        """Errors file, then part file (both atomic), then the manifest line."""
        key = (chunk.start, chunk.end)
        self.write_errors(key, errors)
        part = self.parts / f"part-{chunk.start:012d}-{chunk.end:012d}.parquet"
        _write_atomic(part, self.tmp, lambda p: write_parquet(rows, p))
        entry = self._entry(key, part, len(rows), len(errors), chunk.digest)
        self._append_manifest([entry])
        self.done[key] = entry

    def commit_wave(self, written: Path, chunks: list[dict[str, Any]], errors: list[dict[str, Any]]) -> None:
        """A folder of Parquet files written by Ray for several chunks, moved into parts/ at once."""
        for chunk in chunks:
            key = (chunk["start"], chunk["end"])
            self.write_errors(key, [e for e in errors if key[0] <= e["seq"] < key[1]])
        (written / "_chunks.json").write_text(json.dumps(chunks), encoding="utf-8")
        for path in written.iterdir():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(written)
        target = self.parts / f"ray-{chunks[0]['start']:012d}-{chunks[-1]['end']:012d}"
        os.replace(written, target)
        _fsync_dir(self.parts)
        entries = [self._entry((c["start"], c["end"]), target, c["rows"], c["errors"], c.get("digest"))
                   for c in chunks]
        self._append_manifest(entries)
        for entry in entries:
            self.done[(entry["start"], entry["end"])] = entry

    def finalize(self) -> tuple[int, int, dict[str, int]]:
        """Rebuild errors.jsonl from the chunks' error files; return (rows, errors, errors by code)."""
        keys = {(e["start"], e["end"]) for e in self.done.values()}
        lines: list[str] = []
        codes: dict[str, int] = {}
        for path in sorted(self.error_parts.glob("part-*.jsonl")):
            start, end = (int(x) for x in path.stem.split("-")[1:3])
            if (start, end) not in keys:
                continue  # a chunk killed after its errors file but before its part file: redone later
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    lines.append(line + "\n")
                    code = json.loads(line).get("code", "?")
                    codes[code] = codes.get(code, 0) + 1
        _write_atomic(self.out / "errors.jsonl", self.tmp, lambda p: p.write_text("".join(lines), encoding="utf-8"))
        rows = sum(e["rows"] for e in self.done.values())
        return rows, len(lines), codes


def _parquet_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def _difference(previous: dict[str, Any] | None, current: dict[str, Any]) -> str:
    if not isinstance(previous, dict):
        return "its run.json is unreadable"
    keys = [k for k in sorted(set(previous) | set(current)) if previous.get(k) != current.get(k)]
    return "different " + ", ".join(keys)


def part_files(out: Path) -> list[Path]:
    """Every Parquet file of a batch output folder, local and Ray parts alike."""
    parts = out / "parts"
    if not parts.is_dir():
        return []
    return sorted(p for p in parts.glob("*.parquet")) + sorted(parts.glob("ray-*/*.parquet"))


def pending_chunks(items: Iterator[Item], chunk_size: int, done: dict[tuple[int, int], dict[str, Any]],
                   out: Path | None = None) -> Iterator[Chunk]:
    """The chunks not done yet; a done chunk whose records differ from the first run's is NS704."""
    for index, group in groupby(items, key=lambda item: item[0] // chunk_size):
        start, end = index * chunk_size, (index + 1) * chunk_size
        chunk = Chunk(start, end, list(group))
        entry = done.get((start, end))
        if entry is None:
            yield chunk
        elif entry.get("digest") and entry["digest"] != chunk.digest:
            raise NewssiftError("NS704", out=str(out), detail=f"records {start}-{end - 1} of the input have changed")


def run_batch(
    inputs: list[str],
    out: str | Path,
    *,
    workers: int = 1,
    engine: str = "local",
    address: str | None = None,
    columns: ColumnMap | None = None,
    analyzers: list[str] | None = None,
    config_path: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: bool = True,
    stdin: IO[bytes] | None = None,
    ray_wave: int = 64,
    max_chunks: int | None = None,
) -> BatchSummary:
    """Analyze every record of ``inputs`` into Parquet under ``out``; resumes a run of the same command.

    ``max_chunks`` stops after that many chunks (tests and the crash benchmark use it).
    """
    if workers < 1:
        raise NewssiftError("NS710", option="--workers", value=workers, detail="must be 1 or more")
    if chunk_size < 1:
        raise NewssiftError("NS710", option="--chunk-size", value=chunk_size, detail="must be 1 or more")
    if engine not in ("local", "ray"):
        raise NewssiftError("NS705", name=engine)
    columns = columns or ColumnMap()
    out = Path(out)
    sources = resolve_inputs(inputs)
    config = load_config(config_path, overrides={"pipeline": {"analyzers": ",".join(analyzers)}} if analyzers else None)
    profile = as_list(config["pipeline"]["analyzers"])
    load_builtins(as_list(config["pipeline"]["plugins"]))
    for name in profile:  # an unknown analyzer fails here (NS302), not in every worker
        get_analyzer(name)
    settings = WorkerSettings(config_path=config_path, analyzers=tuple(profile), columns=columns)
    fingerprint = {
        "batch_schema_version": BATCH_SCHEMA_VERSION,
        "inputs": [s.fingerprint() for s in sources],
        "columns": columns.given(),
        "profile": profile,
        "config": os.path.abspath(config_path) if config_path else None,
        "chunk_size": chunk_size,
    }
    run = RunDir(out, fingerprint)
    try:
        return _drive(run, sources, columns, settings, profile, out, workers=workers, engine=engine,
                      address=address, chunk_size=chunk_size, progress=progress, stdin=stdin, ray_wave=ray_wave,
                      max_chunks=max_chunks)
    finally:
        run.close()


def _drive(run: RunDir, sources: list, columns: ColumnMap, settings: WorkerSettings, profile: list[str], out: Path,
           *, workers: int, engine: str, address: str | None, chunk_size: int, progress: bool,
           stdin: IO[bytes] | None, ray_wave: int, max_chunks: int | None) -> BatchSummary:
    started = time.perf_counter()
    resumed = run.records_done()
    total = count_items(sources, columns) if progress else None
    chunks: Iterator[Chunk] = pending_chunks(iter_items(sources, columns, stdin), chunk_size, run.done, out)
    if max_chunks is not None:
        chunks = (c for i, c in enumerate(chunks) if i < max_chunks)
    counts = {"rows": 0, "errors": 0}

    with _progress_bar(progress, total, resumed) as advance:

        def done(rows: int, errors: int) -> None:
            counts["rows"] += rows
            counts["errors"] += errors
            advance(rows + errors)

        if engine == "local":
            from .local import run_local

            run_local(run, chunks, settings, workers, done)
        else:
            from .ray_engine import run_ray

            run_ray(run, chunks, settings, workers, address, done, wave_chunks=ray_wave, batch_size=chunk_size)

    rows_total, errors_total, codes = run.finalize()
    summary = BatchSummary(
        out=str(out), engine=engine, workers=workers, profile=",".join(profile), total=total, resumed=resumed,
        analyzed=counts["rows"], errors=counts["errors"], rows_total=rows_total, errors_total=errors_total,
        elapsed_s=round(time.perf_counter() - started, 3), error_codes=codes,
    )
    _write_atomic(out / "summary.json", run.tmp, lambda p: p.write_text(json.dumps(summary.to_dict(), indent=2)))
    return summary


class _progress_bar:
    """Rich progress (done/total, rate, ETA) or a no-op; ``with`` yields ``advance(n)``."""

    def __init__(self, enabled: bool, total: int | None, completed: int) -> None:
        self.enabled, self.total, self.completed = enabled, total, completed
        self.progress: Any = None

    def __enter__(self) -> Callable[[int], None]:
        if not self.enabled:
            return lambda n: None
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class RateColumn(ProgressColumn):
            def render(self, task: Any) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:,.1f} articles/s" if speed else "-- articles/s")

        from rich.console import Console

        self.progress = Progress(
            TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeElapsedColumn(),
            TextColumn("ETA"), TimeRemainingColumn(), transient=False, console=Console(stderr=True),
        )
        self.progress.start()
        task = self.progress.add_task("batch", total=self.total, completed=self.completed)
        return lambda n: self.progress.advance(task, n)

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()
