"""Throughput of `newssift batch` on real articles: 1 and 2 local workers, and Ray on 2 CPUs.

Writes AllSides dev articles (``political-bias-allsides-baly2020``, read from
$NEWSSIFT_DATA; topped up from its train split when more are asked for) to a
temporary JSONL file, then runs ``run_batch`` on it once per configuration,
each in a fresh subprocess, into a fresh output folder, and prints:

- articles per second, wall clock of the whole command (pipeline start-up in
  every worker included) and of the analysis alone (local engine: from the
  moment every worker finished its first chunk); for Ray, ``ray.init`` is timed
  apart and the actors' start-up is included;
- peak RSS per worker process (VmHWM, sampled from /proc) and of the driver;
- the projected time for 10 million articles on 16 cores, from the 2-worker
  steady-state rate per worker, assuming linear scaling across cores.

    .venv/bin/python benchmarks/batch.py [--articles 1000] [--analyzers source,style] [--skip-ray]

``--analyzers`` sets the profile (default: the configured ``[pipeline] analyzers``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newssift.config import as_list, load_config
from newssift.data import read_jsonl, require_dataset


def write_corpus(path: Path, n: int) -> dict:
    folder = require_dataset("political-bias-allsides-baly2020")
    words, written = 0, 0
    with open(path, "w", encoding="utf-8") as handle:
        for split in ("dev", "train"):
            for row in read_jsonl(folder / f"{split}.jsonl.gz"):
                if written >= n:
                    break
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                words += len(row["text"].split())
                written += 1
    return {"articles": written, "mean_words": words / max(written, 1)}


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), []):
            out.append(child)
            stack.append(child)
    return out


def _vm_hwm_mb(pid: int) -> tuple[float, str] | None:
    try:
        with open(f"/proc/{pid}/status") as handle:
            status = handle.read()
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            cmd = handle.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024, cmd
    return None


class PeakSampler(threading.Thread):
    """Peak RSS (VmHWM) of every descendant process, sampled every 0.3 s."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peaks: dict[int, tuple[float, str]] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in _descendants(os.getpid()):
                found = _vm_hwm_mb(pid)
                if found and found[0] > self.peaks.get(pid, (0, ""))[0]:
                    self.peaks[pid] = found
            self.stop.wait(0.3)


def child(args: argparse.Namespace) -> None:
    """One configuration, in its own process: prints one JSON line."""
    import newssift.batch.run as run_module
    from newssift.batch import run_batch

    sampler = PeakSampler()
    sampler.start()
    marks: list[tuple[float, int]] = []
    original = run_module.RunDir.commit_chunk

    def commit_chunk(self, chunk, rows, errors):  # (time, records) of every finished chunk
        marks.append((time.perf_counter(), len(chunk.items)))
        return original(self, chunk, rows, errors)

    run_module.RunDir.commit_chunk = commit_chunk
    ray_init_s = None
    if args.engine == "ray":  # start Ray first, so its start-up time is reported apart
        from newssift.batch.ray_engine import connect

        begun = time.perf_counter()
        connect(None, args.workers)
        ray_init_s = time.perf_counter() - begun
    started = time.perf_counter()
    summary = run_batch([args.corpus], args.out, workers=args.workers, engine=args.engine,
                        analyzers=args.analyzers.split(",") if args.analyzers else None,
                        chunk_size=args.chunk_size, progress=False)
    elapsed = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    if args.engine == "ray":
        workers = [mb for mb, cmd in sampler.peaks.values() if "MapWorker" in cmd or "RayAnalyzer" in cmd]
    elif args.workers == 1:
        workers = [_vm_hwm_mb(os.getpid())[0]]  # one worker runs in the driver process
    else:
        workers = [mb for mb, _ in sampler.peaks.values()]
    done = summary.analyzed + summary.errors
    steady = None
    if args.engine == "local" and len(marks) > args.workers:
        # from the moment every worker has finished its first chunk (start-up paid) to the last chunk
        first = marks[args.workers - 1][0]
        after = sum(n for _, n in marks[args.workers:])
        steady = after / (marks[-1][0] - first) if marks[-1][0] > first else None
    print(json.dumps({
        "engine": args.engine, "workers": args.workers, "articles": done, "rows": summary.analyzed,
        "errors": summary.errors, "elapsed_s": elapsed, "rate": done / elapsed, "steady_rate": steady,
        "profile": summary.profile, "worker_peak_mb": sorted(workers, reverse=True),
        "driver_peak_mb": _vm_hwm_mb(os.getpid())[0], "ray_init_s": ray_init_s,
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--analyzers", help="comma-separated profile (default: the configured analyzers)")
    parser.add_argument("--chunk-size", type=int, default=64)
    parser.add_argument("--skip-ray", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    overrides = {"pipeline": {"analyzers": args.analyzers}} if args.analyzers else None
    profile = ", ".join(as_list(load_config(overrides=overrides)["pipeline"]["analyzers"]))
    with tempfile.TemporaryDirectory(prefix="newssift-batch-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        info = write_corpus(corpus, args.articles)
        print(f"articles: {info['articles']} (AllSides dev, then train), mean {info['mean_words']:.0f} words")
        print(f"profile: text layer (language, sentences, outlet) + {profile}")
        print(f"cores: {os.cpu_count()}; chunk size {args.chunk_size}; load average at start "
              f"{os.getloadavg()[0]:.1f}")
        configs = [("local", 1), ("local", 2)] + ([] if args.skip_ray else [("ray", 2)])
        results = []
        for engine, workers in configs:
            cmd = [sys.executable, __file__, "--child", "--corpus", str(corpus), "--out",
                   str(Path(tmp) / f"out-{engine}-{workers}"), "--engine", engine, "--workers", str(workers),
                   "--chunk-size", str(args.chunk_size)]
            if args.analyzers:
                cmd += ["--analyzers", args.analyzers]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
            if proc.returncode or not lines:
                print(f"{engine} x{workers}: failed\n{proc.stderr[-2000:]}")
                continue
            result = json.loads(lines[-1])
            results.append(result)
            label = f"{engine} engine, {workers} {'worker(s)' if engine == 'local' else 'actors on 2 CPUs'}"
            steady = f"; after start-up {result['steady_rate']:.1f} articles/s" if result["steady_rate"] else ""
            if result["ray_init_s"] is not None:
                steady = f" (actor start-up included; ray.init before it took {result['ray_init_s']:.1f} s)"
            peaks = ", ".join(f"{mb:.0f}" for mb in result["worker_peak_mb"][:4]) or "-"
            print(f"{label}: {result['rate']:.1f} articles/s ({result['articles']} in {result['elapsed_s']:.1f} s, "
                  f"start-up included){steady}; peak RSS per worker {peaks} MB; driver {result['driver_peak_mb']:.0f} MB")
        two = next((r for r in results if r["engine"] == "local" and r["workers"] == 2), None)
        if two:
            per_worker = (two["steady_rate"] or two["rate"]) / 2
            seconds = 10_000_000 / (per_worker * 16)
            print(f"projection: 10,000,000 articles on 16 cores (16 workers at {per_worker:.1f} articles/s each, "
                  f"linear scaling assumed): {seconds / 3600:.1f} h")


if __name__ == "__main__":
    main()
