"""Load benchmark for `newssift serve`: N concurrent clients against a server on loopback for a bounded time.

    .venv/bin/python benchmarks/load.py                      # 50 clients, 120 s
    .venv/bin/python benchmarks/load.py --clients 10 --seconds 10

It starts the server in a subprocess (uvicorn, one process, a fresh SQLite database in a temporary folder,
rate limit off) unless --url names a running one, seeds a few reports, then runs the clients. Each client
loops over a mix of requests: reading a report through the API and as HTML, listing reports by outlet,
re-submitting a stored article (a cache hit), the health check, and (--analyze-share) a new article that
is really analyzed. It prints requests per second, p50/p95/p99 latency overall and per kind of request,
error counts, and the server's resident memory (RSS) at the start and at the end.

Figures depend on the machine; nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newssift.server.testing import ARTICLE, free_port  # noqa: E402

LAUNCH = """
import sys, uvicorn
from newssift.server import ServerSettings, create_app
from newssift.server.testing import pipeline_config
config = pipeline_config(sys.argv[3]) if sys.argv[3] else None
from newssift.config import load_config
config = config or load_config()
settings = ServerSettings.from_config(config, database_url=sys.argv[2], rate_limit_per_minute=0, port=int(sys.argv[1]))
uvicorn.run(create_app(settings, config=config), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
            access_log=False)
"""

OUTLETS = ["https://www.infowars.com/a", "https://www.example.com/b", "https://news.example.org/c",
           "https://www.bbc.co.uk/d", "https://apnews.com/e"]


def rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


async def wait_ready(client: httpx.AsyncClient, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if (await client.get("/readyz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit("the server did not become ready")


async def seed(client: httpx.AsyncClient) -> list[str]:
    ids = []
    for i, url in enumerate(OUTLETS):
        response = await client.post("/v1/analyze", json={"text": f"Report {i}. " + ARTICLE, "url": url,
                                                           "title": f"Seed {i}"})
        response.raise_for_status()
        ids.append(response.json()["id"])
    return ids


async def run_client(n: int, client: httpx.AsyncClient, ids: list[str], stop: float, analyze_share: float,
                     latencies: dict[str, list[float]], errors: Counter) -> None:
    rng = random.Random(n)
    counter = 0
    while time.monotonic() < stop:
        roll = rng.random()
        index = rng.randrange(len(ids))
        if roll < analyze_share:
            counter += 1
            kind, method, path = "analyze (new)", "POST", "/v1/analyze"
            body = {"text": f"Client {n} article {counter}. " + ARTICLE, "url": OUTLETS[index]}
        elif roll < 0.35:
            kind, method, path, body = "GET /v1/reports/{id}", "GET", f"/v1/reports/{ids[index]}", None
        elif roll < 0.55:
            kind, method, path, body = "GET /reports/{id} (HTML)", "GET", f"/reports/{ids[index]}", None
        elif roll < 0.75:
            kind, method, path = "analyze (stored)", "POST", "/v1/analyze"
            body = {"text": f"Report {index}. " + ARTICLE, "url": OUTLETS[index], "title": f"Seed {index}"}
        elif roll < 0.90:
            outlet = OUTLETS[index].split("/")[2].removeprefix("www.")
            kind, method, path, body = "GET /v1/reports?outlet=", "GET", f"/v1/reports?outlet={outlet}&limit=10", None
        else:
            kind, method, path, body = "GET /healthz", "GET", "/healthz", None
        started = time.perf_counter()
        try:
            response = await client.request(method, path, json=body)
            elapsed = time.perf_counter() - started
            if response.status_code >= 400:
                errors[f"{kind}: HTTP {response.status_code}"] += 1
            else:
                latencies[kind].append(elapsed)
        except httpx.HTTPError as exc:
            errors[f"{kind}: {type(exc).__name__}"] += 1


async def main_async(args: argparse.Namespace) -> None:
    process = None
    pid = args.pid
    url = args.url
    tmp = tempfile.TemporaryDirectory(prefix="newssift-load-")
    if url is None:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        database = f"sqlite:///{Path(tmp.name) / 'load.db'}"
        env = dict(os.environ, OMP_NUM_THREADS="1")
        process = subprocess.Popen([sys.executable, "-c", LAUNCH, str(port), database, args.analyzers], env=env,
                                   cwd=str(ROOT))
        pid = process.pid
    limits = httpx.Limits(max_connections=args.clients + 5, max_keepalive_connections=args.clients + 5)
    try:
        async with httpx.AsyncClient(base_url=url, timeout=args.timeout, limits=limits) as client:
            await wait_ready(client, time.monotonic() + 120)
            ids = await seed(client)
            for _ in range(20):  # warm-up
                await client.get(f"/reports/{ids[0]}")
            rss_start = rss_mb(pid)
            latencies: dict[str, list[float]] = defaultdict(list)
            errors: Counter = Counter()
            rss_samples = [rss_start] if rss_start else []
            started = time.monotonic()
            stop = started + args.seconds

            async def sample_rss() -> None:
                while time.monotonic() < stop:
                    await asyncio.sleep(1.0)
                    value = rss_mb(pid)
                    if value:
                        rss_samples.append(value)

            await asyncio.gather(
                sample_rss(),
                *(run_client(n, client, ids, stop, args.analyze_share, latencies, errors) for n in range(args.clients)),
            )
            elapsed = time.monotonic() - started
            rss_end = rss_mb(pid)
    finally:
        if process is not None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        tmp.cleanup()

    every = [value for values in latencies.values() for value in values]
    total = len(every) + sum(errors.values())
    print(f"newssift load benchmark: {args.clients} clients for {args.seconds:g} s against {url}"
          f" (analyzers: {args.analyzers or 'default pipeline'}, analyze share {args.analyze_share:g})")
    print(f"requests: {total} in {elapsed:.1f} s = {total / elapsed:.1f} req/s; ok {len(every)}, "
          f"errors {sum(errors.values())}")
    print(f"latency ms (all ok requests): p50 {1000 * percentile(every, 50):.1f}  p95 {1000 * percentile(every, 95):.1f}"
          f"  p99 {1000 * percentile(every, 99):.1f}  max {1000 * max(every, default=float('nan')):.1f}")
    for kind in sorted(latencies):
        values = latencies[kind]
        print(f"  {kind:28s} n={len(values):6d}  p50 {1000 * percentile(values, 50):7.1f}  "
              f"p95 {1000 * percentile(values, 95):7.1f}  p99 {1000 * percentile(values, 99):7.1f}  "
              f"mean {1000 * statistics.fmean(values):7.1f}")
    if errors:
        print("errors:")
        for key, count in errors.most_common():
            print(f"  {key}: {count}")
    else:
        print("errors: none")
    if rss_start is not None and rss_end is not None:
        print(f"server RSS: start {rss_start:.1f} MB, end {rss_end:.1f} MB, max {max(rss_samples):.1f} MB "
              f"(after seeding and warm-up)")
    else:
        print("server RSS: unknown (pass --pid with --url)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--url", help="a running server instead of starting one")
    parser.add_argument("--pid", type=int, help="the running server's process id, for its RSS (with --url)")
    parser.add_argument("--analyze-share", type=float, default=0.02,
                        help="share of requests that submit a new article (really analyzed); default 0.02")
    parser.add_argument("--analyzers", default="",
                        help="analyzer list of the started server (default: the configured pipeline)")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
