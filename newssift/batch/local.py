"""The local engine: a process pool whose workers each build the pipeline once and analyze chunks.

With one worker the chunks run in this process (no pool). With more, a
``ProcessPoolExecutor`` (fork on Linux) gets at most ``2 x workers`` chunks in
flight, so memory stays bounded on corpora of any size; the main process
alone writes part files and the manifest, in the order chunks finish.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..errors import NewssiftError
from . import run as run_module
from .readers import Item
from .run import Chunk, RunDir
from .worker import Worker, WorkerSettings

_WORKER: Worker | None = None
_INIT_ERROR: list[tuple[str, dict[str, Any]]] = []


def _init_worker(settings: WorkerSettings) -> None:
    global _WORKER
    for fd in list(run_module.LOCK_FDS):  # only the driver holds the output folder's lock
        try:
            os.close(fd)
        except OSError:
            pass
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    try:
        _WORKER = Worker(settings)
    except NewssiftError as error:  # reported by the first chunk as the same coded error, not a broken pool
        _INIT_ERROR.append((error.code, dict(error.fields)))


def _exit_with_parent(parent: int) -> None:
    """A worker whose driver was killed (kill -9) exits instead of waiting forever."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _process(items: list[Item]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if _WORKER is None:
        code, fields = _INIT_ERROR[0] if _INIT_ERROR else ("NS712", {"detail": "the worker was not initialized"})
        raise WorkerInitError(code, fields)
    return _WORKER.process(items)


class WorkerInitError(RuntimeError):
    """A worker's start-up error, ``(code, fields)``, carried back to the driver (picklable)."""


def run_local(
    run: RunDir, chunks: Iterator[Chunk], settings: WorkerSettings, workers: int, done: Callable[[int, int], None]
) -> None:
    if workers == 1:
        worker = Worker(settings)
        for chunk in chunks:
            rows, errors = worker.process(chunk.items)
            run.commit_chunk(chunk, rows, errors)
            done(len(rows), len(errors))
        return
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    inflight: dict[Future, Chunk] = {}
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                 initargs=(settings,)) as pool:

            def drain(block_until: int) -> None:
                while len(inflight) > block_until:
                    finished, _ = wait(inflight, return_when=FIRST_COMPLETED)
                    for future in finished:
                        chunk = inflight.pop(future)
                        try:
                            rows, errors = future.result()
                        except WorkerInitError as exc:
                            code, fields = exc.args
                            raise NewssiftError(code, **fields) from None
                        run.commit_chunk(chunk, rows, errors)
                        done(len(rows), len(errors))

            for chunk in chunks:
                drain(2 * workers - 1)
                inflight[pool.submit(_process, chunk.items)] = chunk
            drain(0)
    except BrokenProcessPool as exc:
        raise NewssiftError("NS712", detail=str(exc) or "a worker process was killed") from None
