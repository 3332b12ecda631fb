"""The Ray engine: the same :class:`~newssift.batch.worker.Worker` as actors of a Ray Data pipeline.

``ray.data.from_items(items) -> map_batches(RayAnalyzer, compute=ActorPoolStrategy(size=N))``:
each actor builds the pipeline once (``__init__``) and then analyzes whole
batches (``__call__``), returning Arrow tables in the batch schema; Ray
writes the Parquet files (``write_parquet``). Work is cut into *waves* of
``wave_chunks`` chunks; a finished wave's folder is moved into ``parts/`` in one
rename and recorded in the manifest, so a killed run resumes from the last
finished wave (the records of the wave in flight are analyzed again, never
written twice).

Local mode: ``ray.init(num_cpus=N, include_dashboard=False)``; a cluster:
``--address ray://HEAD:10001`` (Ray Client) or ``--address HEAD:6379`` from a
cluster node. Needs ``pip install 'newssift[ray]'``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import NewssiftError
from .run import Chunk, RunDir
from .schema import SCHEMA
from .worker import Worker, WorkerSettings


#: The actor's output: the batch schema plus the record's sequence number and its error (JSON) if it failed.
def _output_schema() -> Any:
    import pyarrow as pa

    return SCHEMA.append(pa.field("_seq", pa.int64())).append(pa.field("_error", pa.string()))


class RayAnalyzer:
    """A Ray Data actor: the pipeline is built once per actor, then every batch goes through it."""

    def __init__(self, settings: WorkerSettings) -> None:
        self.worker = Worker(settings)
        self.schema = _output_schema()

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        items = list(zip(batch["seq"].to_pylist(), batch["id"].to_pylist(), batch["kind"].to_pylist(),
                         batch["payload"].to_pylist()))
        rows, errors = self.worker.process(items)
        out: list[dict[str, Any]] = [dict(row, _seq=None, _error=None) for row in rows]
        out.extend({"id": e["id"], "_seq": e["seq"], "_error": json.dumps(e, ensure_ascii=False)} for e in errors)
        return pa.Table.from_pylist(out, schema=self.schema)


def _rows_only(batch: Any) -> Any:
    import pyarrow.compute as pc

    return batch.filter(pc.is_null(batch["_error"])).drop_columns(["_seq", "_error"])


def _errors_only(batch: Any) -> Any:
    import pyarrow.compute as pc

    return batch.filter(pc.is_valid(batch["_error"])).select(["_error"])


def connect(address: str | None, workers: int) -> Any:
    try:
        import ray
    except ImportError:
        raise NewssiftError("NS706") from None
    if not ray.is_initialized():
        try:
            if address and address.startswith("ray://"):  # Ray Client takes few options
                ray.init(address=address)
            elif address:
                ray.init(address=address, log_to_driver=False)
            else:
                # address="local": always a new local instance, never a cluster found by chance
                ray.init(address="local", num_cpus=workers, include_dashboard=False, log_to_driver=False)
        except Exception as exc:  # noqa: BLE001 - ConnectionError, RuntimeError, grpc errors: all mean "no cluster there"
            raise NewssiftError("NS707", address=address or "local", detail=str(exc).splitlines()[0][:300]) from None
    return ray


def _waves(chunks: Iterator[Chunk], size: int) -> Iterator[list[Chunk]]:
    wave: list[Chunk] = []
    for chunk in chunks:
        wave.append(chunk)
        if len(wave) >= size:
            yield wave
            wave = []
    if wave:
        yield wave


def run_ray(
    run: RunDir,
    chunks: Iterator[Chunk],
    settings: WorkerSettings,
    workers: int,
    address: str | None,
    done: Callable[[int, int], None],
    *,
    wave_chunks: int = 64,
    batch_size: int = 256,
) -> None:
    ray = connect(address, workers)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    for wave in _waves(chunks, max(1, wave_chunks)):
        records = [
            {"seq": seq, "id": default_id, "kind": kind, "payload": payload}
            for chunk in wave
            for seq, default_id, kind, payload in chunk.items
        ]
        try:
            blocks = max(len(wave), min(workers, len(records)))  # a short last wave still feeds every actor
            dataset = ray.data.from_items(records, override_num_blocks=blocks).map_batches(
                RayAnalyzer,
                fn_constructor_args=(settings,),
                compute=ray.data.ActorPoolStrategy(size=workers),
                batch_size=batch_size,
                batch_format="pyarrow",
                num_cpus=1,
            ).materialize()
        except Exception as exc:  # noqa: BLE001 - RayTaskError/ActorDiedError wrapping the actor's own error
            lines = [line for line in str(exc).splitlines() if "NS715" in line or "Error" in line]
            raise NewssiftError("NS712", detail=(lines[-1] if lines else str(exc))[:400]) from None
        written = run.tmp / f"ray-{uuid.uuid4().hex}"
        dataset.map_batches(_rows_only, batch_format="pyarrow").write_parquet(str(written), compression="zstd")
        errors = [json.loads(row["_error"]) for row in dataset.map_batches(_errors_only, batch_format="pyarrow")
                  .take_all()]
        errors.sort(key=lambda e: e["seq"])
        written.mkdir(parents=True, exist_ok=True)  # Ray writes no file for a wave with no good record
        meta = []
        for chunk in wave:
            n_errors = sum(1 for e in errors if chunk.start <= e["seq"] < chunk.end)
            meta.append({"start": chunk.start, "end": chunk.end, "rows": len(chunk.items) - n_errors,
                         "errors": n_errors, "digest": chunk.digest})
        run.commit_wave(written, meta, errors)
        done(sum(m["rows"] for m in meta), len(errors))
