"""Speed of `analyze` (JSON record -> Article -> text layer + analyzers -> Report) on real articles.

Reads the PTC dev articles and AllSides dev articles (with their outlets'
URLs) from $NEWSSIFT_DATA and prints:
- one process calling `newssift.analyze(record)` per article: articles per
  second and wall-clock latency p50/p95 per article (report included), after a
  warm-up on other AllSides dev articles (``--warmup``), so that the caches hold
  what a long run's would (the words of earlier articles), not the measured ones.
  This is done ``--rounds`` times (3), each in a fresh process forked from one
  that has loaded the models but analyzed nothing, and the figures are the
  median round's with the range over rounds: on a shared machine one run can be
  half as fast again as the next;
- 1 and N worker processes, each building its pipeline once and then running
  `pipe()` over chunks of 32 articles and building every report: articles per
  second, and for 1 worker each step's mean cost per article (a step runs over a
  whole chunk at once, so its model stays in the CPU caches from one article to
  the next: less than one article at a time, where the text layer and the
  other steps evict it in between);
- peak RSS of a single-process round and of the largest worker;
- the source tables' load time and the cost of one outlet lookup.

    .venv/bin/python benchmarks/speed.py [--allsides 400] [--warmup 200] [--rounds 3] [--workers 2] [--analyzers source,...]

``--analyzers`` replaces the configured analyzer list (default: the shipped
default profile), so each analyzer's cost can be read from "mean per step".
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import sys
import time
from multiprocessing import get_context
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newssift import Article, Pipeline, analyze, build_report  # noqa: E402
from newssift.config import as_list, load_config  # noqa: E402
from newssift.data import read_jsonl, require_dataset  # noqa: E402
from newssift.sources import RESOURCE_PATH, _load_bundled, bundled_tables  # noqa: E402

_PIPELINE: Pipeline | None = None
_OVERRIDES: dict[str, dict[str, str]] = {}


def load_articles(allsides: int, warmup: int = 0) -> tuple[list[dict], list[dict]]:
    """The measured articles (PTC dev, then the first ``allsides`` AllSides dev articles) and the ``warmup``
    AllSides dev articles after them."""
    rows: list[dict] = []
    for row in read_jsonl(require_dataset("propaganda-ptc-semeval2020") / "dev.jsonl.gz"):
        rows.append({"id": f"ptc-{row['id']}", "text": row["text"], "url": None})
    others: list[dict] = []
    for index, row in enumerate(read_jsonl(require_dataset("political-bias-allsides-baly2020") / "dev.jsonl.gz")):
        if index >= allsides + warmup:
            break
        (rows if index < allsides else others).append(
            {"id": row["id"], "text": row["text"], "title": row["title"], "url": row["url"] or row["source_url"]})
    return rows, others


def _to_articles(rows: list[dict]) -> list[Article]:
    return [Article(text=r["text"], id=r["id"], title=r.get("title"), url=r.get("url")) for r in rows]


def _init_worker() -> None:
    global _PIPELINE
    _PIPELINE = Pipeline(load_config(overrides=_OVERRIDES))


def _run_chunk(rows: list[dict]) -> tuple[int, dict[str, float]]:
    """Analyze ``rows`` with ``pipe()`` and build each report: how many were done, and each step's total ms."""
    assert _PIPELINE is not None
    done, step_ms = 0, {}
    for article in _PIPELINE.pipe(_to_articles(rows)):
        done += bool(build_report(article, _PIPELINE))
        for step, ms in article.timings_ms.items():
            step_ms[step] = step_ms.get(step, 0.0) + ms
    return done, step_ms


def single_process_round(records: list[dict], warmup_records: list[dict]) -> dict[str, Any]:
    """One round of the single-process figures, run in a child process (see :func:`_in_child`) with the parent's
    ``_PIPELINE``: warm up, then time ``analyze()`` on each record. Returns the total seconds, the latencies (ms)
    and each step's mean (ms)."""
    pipeline = _PIPELINE
    assert pipeline is not None
    for record in warmup_records or records[:20]:  # warm-up: caches primed (on other articles)
        analyze(record, pipeline=pipeline)
    latencies = []
    per_step: dict[str, list[float]] = {}
    started = time.perf_counter()
    for record in records:
        begun = time.perf_counter()
        report = analyze(record, pipeline=pipeline)
        latencies.append((time.perf_counter() - begun) * 1000)
        for step, ms in report.timings_ms.items():
            if step != "total":
                per_step.setdefault(step, []).append(ms)
    return {"seconds": time.perf_counter() - started, "latencies": latencies,
            "steps": {step: statistics.mean(values) for step, values in per_step.items()},
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _in_child(function: Any, *args: Any) -> Any:
    """``function(*args)`` in a forked child process (which starts with this process's memory: models loaded,
    caches as they are here), so that each call starts from the same state. The arguments and the result are
    pickled; what cannot be (a pipeline) is left in a module global before the fork."""
    with get_context("fork").Pool(1) as pool:
        return pool.apply(function, args)


def _median_and_range(values: list[float], digits: int = 2) -> str:
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def run_pool(rows: list[dict], workers: int, warmup_rows: list[dict],
             chunk: int = 32) -> tuple[float, int, dict[str, float]]:
    """Seconds, articles done and each step's mean ms per article, for ``workers`` processes running ``pipe()`` over
    chunks of ``rows`` (after a warm-up on ``warmup_rows``)."""
    chunks = [rows[i : i + chunk] for i in range(0, len(rows), chunk)]
    warm = warmup_rows or rows
    with get_context("fork").Pool(workers, initializer=_init_worker) as pool:
        # warm-up: models loaded, caches primed (each worker gets a share of the other articles)
        pool.map(_run_chunk, [warm[i::workers] for i in range(workers)], chunksize=1)
        started = time.perf_counter()
        results = pool.map(_run_chunk, chunks)
        elapsed = time.perf_counter() - started
    done = sum(count for count, _ in results)
    step_ms: dict[str, float] = {}
    for _, steps in results:
        for step, ms in steps.items():
            step_ms[step] = step_ms.get(step, 0.0) + ms
    return elapsed, done, {step: ms / max(1, done) for step, ms in step_ms.items()}


def source_lookup_figures() -> None:
    started = time.perf_counter()
    _load_bundled.__wrapped__(str(RESOURCE_PATH))  # uncached: the cost a new process pays once
    load_s = time.perf_counter() - started
    tables = bundled_tables()
    keys = [key for key in tables["mbfc"].entries if "/" not in key][:2000]
    for i, key in enumerate(keys):  # first sight of each host (public-suffix split, then cached)
        tables.lookup(f"https://www.{key}/2024/05/story-{i}.html")
    # a full collection now, so that the timed loop does not pay for collecting what the analyses above left
    # (after the 200-article warm-up that took 70 us per lookup here, against 6-7 us in a fresh process)
    gc.collect()
    started = time.perf_counter()
    for i, key in enumerate(keys):
        tables.lookup(f"https://www.{key}/2024/06/other-{i}.html")
    per_lookup_us = (time.perf_counter() - started) / len(keys) * 1e6
    print(f"source tables: load {load_s:.2f} s; lookup {per_lookup_us:.1f} us per URL (host seen before)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--allsides", type=int, default=400, help="AllSides dev articles to add to the 37 PTC dev ones")
    parser.add_argument("--warmup", type=int, default=200,
                        help="other AllSides dev articles analyzed first, not measured (models loaded, caches primed)")
    parser.add_argument("--rounds", type=int, default=3, help="single-process rounds, each in a fresh child process")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--analyzers", help="comma-separated analyzers to run instead of the default profile")
    args = parser.parse_args()
    if args.analyzers:
        _OVERRIDES["pipeline"] = {"analyzers": args.analyzers}

    rows, warmup_rows = load_articles(args.allsides, args.warmup)
    words = [len(r["text"].split()) for r in rows]
    config = load_config(overrides=_OVERRIDES)
    profile = ", ".join(as_list(config["pipeline"]["analyzers"]))
    print(f"articles: {len(rows)} (PTC dev + AllSides dev), mean {statistics.mean(words):.0f} words, "
          f"median {statistics.median(words):.0f}")
    print(f"profile: text layer (language, sentences, outlet) + {profile}")
    print(f"cores: {os.cpu_count()}; warm-up: {len(warmup_rows)} other AllSides dev articles")

    # Single process: newssift.analyze() per article, wall clock; each round in a child forked after the models load.
    global _PIPELINE
    _PIPELINE = Pipeline(config)
    records, warmup_records = ([{k: v for k, v in row.items() if v is not None} for row in part]
                               for part in (rows, warmup_rows))
    results = [_in_child(single_process_round, records, warmup_records) for _ in range(max(1, args.rounds))]
    results.sort(key=lambda result: result["seconds"])
    median = results[len(results) // 2]
    latencies = sorted(median["latencies"])
    p50 = latencies[len(latencies) // 2]
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    rates = [len(rows) / result["seconds"] for result in results]
    print(f"1 process, analyze() each, {len(results)} rounds (median, range): "
          f"{_median_and_range(rates, 1)} articles/s; median round's latency p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    print("  mean per step: " + ", ".join(f"{step} {_median_and_range([r['steps'][step] for r in results])} ms"
                                          for step in median["steps"]))
    print(f"  peak RSS (one round's process): {max(r['rss_mb'] for r in results):.0f} MB")

    for workers in sorted({1, args.workers}):
        elapsed, done, steps = run_pool(rows, workers, warmup_rows)
        print(f"{workers} worker(s), pipe() + reports: {done / elapsed:6.1f} articles/s ({done} articles in {elapsed:.2f} s)")
        if workers == 1:  # (batches of pipeline.batch_size: each step runs over a batch while its model is in cache)
            print("  mean per step, batched: " + ", ".join(f"{step} {ms:.2f} ms" for step, ms in steps.items()
                                                         if step != "total"))
    print(f"  peak RSS (largest worker): {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
    source_lookup_figures()


if __name__ == "__main__":
    main()
