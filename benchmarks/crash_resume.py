"""Kill a `newssift batch` run with SIGKILL at random moments, resume it, and count lost and duplicated records.

Writes N real articles (AllSides dev + train from $NEWSSIFT_DATA, default
10,000) plus a few bad records to a temporary JSONL file, starts
``newssift batch`` on it in its own process group, kills the whole group
(driver and workers) with ``kill -9`` after a random delay, and re-runs the
same command; five kills, then a run to the end. It then reads every Parquet
part and errors.jsonl and prints:

- lost: input ids found neither in the Parquet rows nor in errors.jsonl;
- duplicated: ids written more than once (rows and errors together).

Each kill comes a random delay (``--min-delay`` to ``--max-delay`` seconds)
after the (resumed) run has finished its first chunk, so that every kill lands
while records are being analyzed and written, whatever the start-up time.

Both must be 0. The default profile is the fast ``source,style`` (say so when
quoting); ``--analyzers`` changes it.

    .venv/bin/python benchmarks/crash_resume.py [--articles 10000] [--kills 5] [--workers 2]
        [--min-delay 0] [--max-delay 30] [--seed 7] [--analyzers source,style] [--chunk-size 64]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyarrow.parquet as pq

from newssift.batch import part_files
from newssift.data import read_jsonl, require_dataset

BAD = ['{"id": "bad-empty", "text": ""}', '{"id": "bad-json", "text": ', '["bad", "not an object"]']


def write_corpus(path: Path, n: int) -> list[str]:
    folder = require_dataset("political-bias-allsides-baly2020")
    ids: list[str] = []
    with open(path, "w", encoding="utf-8") as handle:
        for split in ("dev", "train"):
            for row in read_jsonl(folder / f"{split}.jsonl.gz"):
                if len(ids) >= n:
                    break
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                ids.append(row["id"])
                step = max(1, n // len(BAD))
                if len(ids) % step == step // 2:  # one bad record of each kind, spread over the file
                    handle.write(BAD[(len(ids) // step) % len(BAD)] + "\n")
    return ids


def done_records(out: Path) -> int:
    manifest = out / "manifest.jsonl"
    total = 0
    if manifest.exists():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
                total += entry["rows"] + entry["errors"]
            except (json.JSONDecodeError, KeyError):
                pass
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk-size", type=int, default=64)
    parser.add_argument("--analyzers", default="source,style")
    parser.add_argument("--min-delay", type=float, default=0.0,
                        help="seconds after the run's first finished chunk before a kill")
    parser.add_argument("--max-delay", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="newssift-crash-") as tmp:
        corpus, out = Path(tmp) / "corpus.jsonl", Path(tmp) / "out"
        ids = write_corpus(corpus, args.articles)
        n_lines = sum(1 for line in corpus.open(encoding="utf-8") if line.strip())
        print(f"corpus: {len(ids)} real articles (AllSides dev + train) + {n_lines - len(ids)} bad records; "
              f"profile: {args.analyzers}; {args.workers} workers; chunk size {args.chunk_size}")
        cmd = [sys.executable, "-m", "newssift.cli", "batch", str(corpus), "--out", str(out), "--workers",
               str(args.workers), "--analyzers", args.analyzers, "--chunk-size", str(args.chunk_size),
               "--no-progress"]
        kills = 0
        runs = 0
        started = time.perf_counter()
        while True:
            runs += 1
            before = done_records(out)
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
            if kills < args.kills:
                # kill at a random moment, but only once this run has finished a chunk of its own, so that
                # every kill lands while records are being analyzed and written
                delay = rng.uniform(args.min_delay, args.max_delay)
                begun = time.perf_counter()
                while proc.poll() is None and done_records(out) == before:
                    time.sleep(0.05)
                progressed = time.perf_counter()
                while proc.poll() is None and time.perf_counter() - progressed < delay:
                    time.sleep(0.01)
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)  # kill -9 of the driver and its workers
                    proc.wait()
                    kills += 1
                    print(f"kill {kills}: SIGKILL {delay:.1f} s after the run's first finished chunk "
                          f"({time.perf_counter() - begun:.1f} s after its start); "
                          f"records done {before} -> {done_records(out)}")
                    continue
            output = proc.communicate()[0].decode(errors="replace")
            if proc.returncode != 0:
                print(output[-3000:])
                raise SystemExit(f"run {runs} failed with status {proc.returncode}")
            if kills < args.kills:
                print(f"run {runs} finished before its kill (raise --articles or lower --max-delay)")
            print("final run: " + " | ".join(line.strip() for line in output.strip().splitlines()))
            break
        elapsed = time.perf_counter() - started

        seen = collections.Counter()
        for path in part_files(out):
            seen.update(pq.read_table(path, columns=["id"]).column("id").to_pylist())
        errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
                  if line.strip()]
        seen.update(e["id"] for e in errors)
        expected = set(ids) | {e["id"] for e in errors}
        lost = len(set(ids) - set(seen))
        duplicated = sum(n - 1 for n in seen.values() if n > 1)
        rows = sum(pq.ParquetFile(p).metadata.num_rows for p in part_files(out))
        print(f"kills: {kills}; runs: {runs}; wall clock {elapsed:.0f} s")
        print(f"rows: {rows}; bad records in errors.jsonl: {len(errors)} "
              f"({', '.join(sorted({e['code'] for e in errors}))}); input records: {n_lines}")
        print(f"lost: {lost}")
        print(f"duplicated: {duplicated}")
        if lost or duplicated or rows + len(errors) != n_lines or len(expected) != n_lines:
            raise SystemExit("FAILED: records were lost or duplicated")


if __name__ == "__main__":
    main()
