"""Helpers for the server's tests and benchmarks: test databases, a live server, a rich sample report.

Not used by the server itself. ``NEWSSIFT_TEST_POSTGRES_URL`` names a PostgreSQL
database for the tests (``.ci/run`` starts one); without it the PostgreSQL
variants skip, unless ``NEWSSIFT_REQUIRE_SERVICES=1`` makes that a failure.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from typing import Any

from ..config import Config, load_config

POSTGRES_ENV = "NEWSSIFT_TEST_POSTGRES_URL"
REQUIRE_ENV = "NEWSSIFT_REQUIRE_SERVICES"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]

ARTICLE = (
    "City council approves $412 million bridge plan\n"
    "On Monday night the city council voted 6 to 3 to spend $412 million replacing the Harbor Bridge. "
    "Let's be clear: this is a reckless, shameful gamble with your money, and the radical bureaucrats who "
    "pushed it should be ashamed. Every real patriot in this city already opposes it.\n"
    "According to the city's own engineering report, the current bridge remains structurally sound for at "
    "least another fifteen years. Council member Rosa Alvarez, who voted against the plan, said the majority "
    "had skipped every step that is supposed to protect taxpayers. Mayor Tom Becker said the new bridge would "
    "bring thousands of construction jobs.\n"
    "Either we stop this plan now or the city will be bankrupt within a decade. Can we really trust anything "
    "the council says? Take back our city!\n"
)


def service_missing(message: str) -> None:
    """Skip (or fail under NEWSSIFT_REQUIRE_SERVICES=1) because a test service is absent."""
    import pytest

    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(message + f"; {REQUIRE_ENV}=1 makes this a failure")
    pytest.skip(message)


def postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        service_missing(f"PostgreSQL tests need {POSTGRES_ENV}")
    return url


def reset_database(url: str) -> None:
    """Drop newssift's tables (and Alembic's) so a test starts from an empty database."""
    from sqlalchemy import create_engine, text

    from ..store.models import Base

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    finally:
        engine.dispose()


def pipeline_config(analyzers: str = "source, style", **sections: dict[str, Any]) -> Config:
    overrides: dict[str, dict[str, Any]] = {"pipeline": {"analyzers": analyzers}}
    overrides.update(sections)
    return load_config(overrides=overrides)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """uvicorn serving ``app`` on a free loopback port, in a thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def _find(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    index = text.index(needle, start)
    return index, index + len(needle)


def enrich_report(report: dict[str, Any]) -> dict[str, Any]:
    """Add the analyzers being written elsewhere (techniques, claims, classifiers) to a report, as they will look.

    Spans follow the common result conventions: techniques spans carry canonical
    SemEval labels and overlap; claims carry ClaimReview matches; classifiers carry
    label, probabilities and evidence; one analyzer abstains.
    """
    from ..techniques import BY_LABEL

    text = report["text"]
    spans = []
    for needle, label, score in [
        ("reckless, shameful gamble", "Loaded_Language", 0.91),
        ("this is a reckless, shameful gamble with your money", "Exaggeration,Minimisation", 0.64),
        ("radical bureaucrats", "Name_Calling,Labeling", 0.88),
        ("Every real patriot in this city already opposes it.", "Flag-Waving", 0.71),
        ("Every real patriot in this city already opposes it.", "Bandwagon,Reductio_ad_hitlerum", 0.52),
        ("Either we stop this plan now or the city will be bankrupt within a decade.", "Black-and-White_Fallacy", 0.77),
        ("bankrupt within a decade", "Appeal_to_fear-prejudice", 0.69),
        ("Can we really trust anything the council says?", "Doubt", 0.83),
        ("Take back our city!", "Slogans", 0.95),
    ]:
        if needle not in text:
            continue
        start, end = _find(text, needle)
        spans.append({"start": start, "end": end, "text": text[start:end], "label": label, "score": score})
    counts: dict[str, int] = {}
    for span in spans:
        counts[span["label"]] = counts.get(span["label"], 0) + 1
    analyzers = report["analyzers"]
    analyzers["techniques"] = {
        "name": "techniques", "version": "1", "status": "ok", "reason": None, "time_ms": 30.0,
        "result": {"summary": f"{len(spans)} passages use propaganda techniques.", "counts": counts,
                   "definitions": {label: BY_LABEL[label].definition for label in counts}},
        "spans": spans,
    }
    claim_text = "Council member Rosa Alvarez, who voted against the plan, said the majority had skipped every step"
    claim_spans, claims = [], []
    if claim_text in text:
        start, end = _find(text, claim_text)
        claim_spans.append({"start": start, "end": end, "text": text[start:end], "label": "check-worthy claim",
                            "score": 0.81})
        claims.append({
            "start": start, "end": end, "text": text[start:end], "score": 0.81,
            "matches": [{
                "similarity": 0.74, "verdict_ordinal": 0.25,
                "claim_review": {
                    "@context": "https://schema.org", "@type": "ClaimReview",
                    "claimReviewed": "The council skipped the required cost review for the bridge.",
                    "reviewRating": {"@type": "Rating", "alternateName": "Mostly false"},
                    "author": {"@type": "Organization", "name": "Example Fact Check"},
                    "url": "https://factcheck.example.org/bridge-review", "datePublished": "2026-10-02",
                    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Rosa Alvarez"}},
                },
            }],
        })
    analyzers["claims"] = {
        "name": "claims", "version": "1", "status": "ok", "reason": None, "time_ms": 12.0,
        "result": {"summary": f"{len(claims)} check-worthy claim; 1 has a fact-check.", "threshold": 0.5,
                   "claims": claims},
        "spans": claim_spans,
    }
    first = text.index("Let's be clear")
    sentence_end = text.index(".", first) + 1
    for name, label, probs in [
        ("slant", "right", {"left": 0.18, "center": 0.27, "right": 0.55}),
        ("reliability", "resembles unreliable outlets", {"resembles reliable outlets": 0.31,
                                                         "resembles unreliable outlets": 0.69}),
        ("clickbait", "not clickbait", {"clickbait": 0.12, "not clickbait": 0.88}),
    ]:
        analyzers[name] = {
            "name": name, "version": "1", "status": "ok", "reason": None, "time_ms": 5.0, "spans": [],
            "result": {"summary": f"The writing leans {label} (p={probs[label]:.2f}).", "label": label,
                       "probabilities": probs,
                       "evidence": [{"text": text[first:sentence_end], "start": first, "end": sentence_end,
                                     "weight": 0.42, "toward": label},
                                    {"text": "radical", "weight": 0.2, "toward": label}]},
        }
    # a model's held-out figure, with markup in it: drawn as text
    analyzers["slant"]["result"]["model"] = {"name": "slant", "version": "1", "heldout": {
        "metric": "macro-F1", "value": 0.35, "on": "outlets never seen <b>in training</b>"}}
    analyzers["hyperpartisan"] = {"name": "hyperpartisan", "version": "1", "status": "abstained",
                                  "reason": "the text has 150 words; this analyzer needs at least 200",
                                  "result": None, "spans": [], "time_ms": None}
    report["not_judged"] = list(report.get("not_judged") or []) + [
        {"analyzer": "hyperpartisan", "reason": "the text has 150 words; this analyzer needs at least 200"}]
    report["summary"]["not_judged"] = list(report["summary"].get("not_judged") or []) + [
        "hyperpartisan: the text has 150 words; this analyzer needs at least 200"]
    report["summary"]["points"] = list(report["summary"].get("points") or []) + [
        f"{name}: {analyzers[name]['result']['summary']}" for name in ("techniques", "claims", "slant")]
    report["profile"] = report["profile"] + ",techniques,claims,slant,reliability,clickbait,hyperpartisan"
    return report


def sample_report(text: str = ARTICLE, url: str = "https://www.infowars.com/posts/bridge", **meta: Any) -> dict[str, Any]:
    """A real report of ``text`` (source and style analyzers), enriched by :func:`enrich_report`; schema-valid."""
    from ..api import analyze
    from ..report import Report

    record = {"text": text, "url": url, "title": meta.pop("title", "Council approves bridge"), **meta}
    report = analyze(record, config=pipeline_config()).model_dump(mode="json")
    enriched = enrich_report(report)
    return Report.model_validate(enriched).model_dump(mode="json")

