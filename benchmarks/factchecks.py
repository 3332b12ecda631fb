"""Fact-check index benchmark: import synthetic ClaimReview records, then measure size, query latency and the
claims analyzer's per-article cost and load time, with the bundled mpnet model and with the MiniLM fallback.

    .venv/bin/python benchmarks/factchecks.py                   # 100,000 records (the issue's figure)
    .venv/bin/python benchmarks/factchecks.py --records 5000    # quick run on a shared machine

Prints figures only; nothing here is asserted (speed is never a test).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

SUBJECTS = ["The governor", "The senator", "The mayor", "A new study", "The city council", "The president",
            "The school board", "Our state", "The federal government", "Congress", "The county", "Local police",
            "The health department", "A viral video", "The company", "Immigrants", "Farmers", "Teachers"]
VERBS = ["cut", "raised", "doubled", "spent", "lost", "created", "banned", "approved", "tripled", "blocked"]
OBJECTS = ["school funding", "property taxes", "jobs", "the minimum wage", "crime", "hospital beds", "bridges",
           "water prices", "vaccines", "wind farms", "police budgets", "housing permits", "coal plants",
           "college tuition", "gas prices", "unemployment benefits", "voting machines", "the deficit"]
VERDICTS = ["False", "Mostly False", "Half True", "Mostly True", "True", "Pants on Fire", "Misleading", "Unproven"]


def synthetic_claim(rng: random.Random, i: int) -> str:
    return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} by {rng.randint(2, 95)} percent "
            f"in {rng.randint(1995, 2025)}, {rng.choice(['costing', 'saving', 'adding'])} "
            f"${rng.randint(1, 900)} million (case {i}).")


def write_records(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            handle.write(json.dumps({
                "@context": "https://schema.org", "@type": "ClaimReview",
                "url": f"https://checks.example.org/{i}", "claimReviewed": synthetic_claim(rng, i),
                "datePublished": f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "author": {"@type": "Organization", "name": rng.choice(["Example Checks", "FactDesk", "VeriNews"])},
                "reviewRating": {"@type": "Rating", "alternateName": rng.choice(VERDICTS)},
                "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": f"Speaker {i % 500}"}},
            }) + "\n")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


ARTICLE = (
    "The governor said on Monday that the state cut school funding by 12 percent in 2019, saving $300 million. "
    "Critics disagreed. \"We have never seen numbers like these,\" said Dana Ortiz, a teacher in the capital. "
    "According to the budget office, property taxes rose by 4 percent last year while unemployment fell to 3.9 "
    "percent. The mayor also claimed that crime doubled in 2021, a figure police officials dispute. "
    "Residents will vote on the plan in November. The council meets again next week to discuss bridges and "
    "water prices, which went up by 8 percent in 2022. Thank you for reading, and please share your thoughts."
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--keep", type=Path, default=None, help="build the index here and keep it")
    args = parser.parse_args(argv)

    from newssift import Article, Pipeline
    from newssift.config import load_config
    from newssift.factchecks import FactCheckIndex, FactCheckMatcher
    from newssift.models.artifacts import bundled_model_dir
    from newssift.models.checkworthy import CLAIMS_FALLBACK_NAME, CLAIMS_MODEL_NAME, CheckWorthinessModel
    from newssift.models.encoder import SentenceEncoder

    workdir = Path(tempfile.mkdtemp(prefix="newssift-factchecks-bench-"))
    index_dir = args.keep or workdir / "index"
    source = workdir / "claimreviews.jsonl"
    write_records(source, args.records)
    print(f"records: {args.records:,} synthetic ClaimReview lines ({source.stat().st_size / 1e6:.1f} MB)")

    started = time.perf_counter()
    with FactCheckIndex.open(index_dir, create=True) as index:
        summary = index.import_file(source)
    elapsed = time.perf_counter() - started
    print(f"import: {elapsed:.1f} s ({summary.added:,} added; {summary.added / elapsed:,.0f} records/s, "
          "parse + embed + HNSW + SQLite)")
    started = time.perf_counter()
    with FactCheckIndex.open(index_dir, create=True) as index:
        again = index.import_file(source)
    print(f"re-import (idempotent): {time.perf_counter() - started:.1f} s, {again.added} added")
    size = sum(p.stat().st_size for p in Path(index_dir).iterdir() if p.is_file())
    print(f"index size on disk: {size / 1e6:.1f} MB ({size / max(args.records, 1):,.0f} bytes per record)")

    rng = random.Random(11)
    queries = [synthetic_claim(rng, -1).replace(" (case -1)", "") for _ in range(args.queries)]
    encoder = SentenceEncoder.bundled()
    started = time.perf_counter()
    vectors = encoder.encode(queries)
    embed_ms = (time.perf_counter() - started) * 1000 / len(queries)
    with FactCheckIndex.open(index_dir) as index:
        matcher = FactCheckMatcher(index)
        search_ms, full_ms = [], []
        for i, query in enumerate(queries):
            started = time.perf_counter()
            index.search(vectors[i:i + 1], matcher.top_k)
            search_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            matcher.match([query], vectors[i:i + 1])
            full_ms.append((time.perf_counter() - started) * 1000)
    print(f"query latency over {len(queries)} queries (vector given): faiss HNSW top-{matcher.top_k} "
          f"p50 {percentile(search_ms, 50):.2f} ms, p95 {percentile(search_ms, 95):.2f} ms; search + SQLite + "
          f"rerank p50 {percentile(full_ms, 50):.2f} ms, p95 {percentile(full_ms, 95):.2f} ms")
    print(f"embedding one query sentence: {embed_ms:.2f} ms (mean)")

    for choice, folder in (("mpnet", CLAIMS_MODEL_NAME), ("minilm", CLAIMS_FALLBACK_NAME)):
        started = time.perf_counter()
        CheckWorthinessModel(bundled_model_dir(folder))
        print(f"loading the {choice} check-worthiness model: {time.perf_counter() - started:.1f} s")
    for label, overrides in (("(mpnet) with the index", {"index_dir": str(index_dir), "model": "mpnet"}),
                             ("(mpnet) without an index", {"index_dir": str(workdir / "absent"), "model": "mpnet"}),
                             ("(minilm) with the index", {"index_dir": str(index_dir), "model": "minilm"})):
        config = load_config(overrides={"analyzer.claims": overrides})
        pipeline = Pipeline(config, analyzers=["claims"])
        pipeline(Article.from_text(ARTICLE))  # warm-up
        costs = []
        for _ in range(args.articles):
            article = pipeline(Article.from_text(ARTICLE))
            costs.append(article.timings_ms["claims"])
        result = article.results["claims"]
        print(f"claims analyzer {label}: {statistics.mean(costs):.1f} ms per article (mean of {len(costs)}, "
              f"{len(article.sentences)} sentences, {len(result['claims'])} claims, "
              f"{sum(bool(c['matches']) for c in result['claims'])} matched)")
    print(f"machine: {sys.platform}, {os.cpu_count()} CPUs; figures vary with load")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
