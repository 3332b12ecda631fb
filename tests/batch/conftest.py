"""Fixtures for the batch tests: a small corpus written here, and synthetic reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newssift.article import Article
from newssift.report import build_report

STORY = (
    "The city council voted on Tuesday to expand the night bus service to three new districts. "
    "Officials said the change would cost about two million dollars a year. "
    "Residents who spoke at the meeting mostly welcomed the plan, although some asked for more stops. "
    "The new routes start running in the spring, according to the transport office."
)


def story(n: int) -> str:
    return f"Report number {n}. " + STORY


class FakeAnalyzer:
    def __init__(self, name: str, version: str = "1") -> None:
        self.name, self.version = name, version

    def versions(self) -> dict:
        return {}


class FakePipeline:
    """Just what build_report reads: analyzers (name, version), analyzer_names, versions()."""

    def __init__(self, names: list[str]) -> None:
        self.analyzers = [FakeAnalyzer(n) for n in names]

    @property
    def analyzer_names(self) -> list[str]:
        return [a.name for a in self.analyzers]

    def versions(self) -> dict:
        return {"newssift": "test", "analyzers": {a.name: {"version": a.version} for a in self.analyzers}}


def synthetic_report(
    article_id: str,
    *,
    outlet: str = "example.com",
    slant: str = "left",
    published: str | None = "2024-03-05",
    techniques: int = 2,
    claims: int = 1,
    matched: bool = True,
    names: tuple[str, ...] = ("techniques", "claims", "slant", "reliability"),
    abstain: dict[str, str] | None = None,
):
    """A Report as the analyzers being written in parallel will produce them (result conventions)."""
    text = STORY
    article = Article(text=text, id=article_id, url=f"https://www.{outlet}/a/{article_id}", published=published,
                      title=f"Title {article_id}", language="en")
    article.host, article.outlet = f"www.{outlet}", outlet
    first = text.index(".") + 1
    for name, reason in (abstain or {}).items():
        article.abstentions[name] = reason
    if "techniques" in names and "techniques" not in article.abstentions:
        spans = [article.span(4, 8 + i, "Loaded_Language", 0.9 - 0.1 * i) for i in range(techniques)]
        article.spans["techniques"] = spans
        article.results["techniques"] = {"summary": f"{techniques} technique spans", "counts":
                                         {"Loaded_Language": techniques}, "definitions": {"Loaded_Language": "..."}}
    if "claims" in names and "claims" not in article.abstentions:
        review = {
            "@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "Night buses cost millions",
            "reviewRating": {"@type": "Rating", "alternateName": "Mostly True"},
            "author": {"@type": "Organization", "name": "PolitiFact"}, "url": "https://checker.example/1",
            "datePublished": "2024-01-01",
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Person"}},
        }
        items = [
            {"start": 0, "end": first, "text": text[:first], "score": 0.8 - 0.1 * i,
             "matches": [{"similarity": 0.91, "verdict_ordinal": 0.75, "claim_review": review}] if matched else []}
            for i in range(claims)
        ]
        article.results["claims"] = {"summary": f"{claims} check-worthy claims", "threshold": 0.5, "claims": items}
        article.spans["claims"] = [article.span(0, first, "check-worthy claim", 0.8)] * claims
    if "slant" in names and "slant" not in article.abstentions:
        probs = {"left": 0.2, "center": 0.2, "right": 0.2}
        probs[slant] = 0.6
        article.results["slant"] = {"summary": f"leans {slant}", "label": slant, "probabilities": probs,
                                    "evidence": [{"text": "council", "weight": 0.3, "toward": slant}]}
    if "reliability" in names and "reliability" not in article.abstentions:
        article.results["reliability"] = {"summary": "writing resembles reliable outlets", "label": "reliable",
                                          "probabilities": {"reliable": 0.7, "unreliable": 0.3}, "evidence": []}
    article.sentences = []
    return build_report(article, FakePipeline(list(names)))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """12 JSONL records: 9 good (3 outlets), 3 bad (empty text, bad JSON, not an object)."""
    lines = []
    outlets = ["alphanews.com", "betadaily.com", "gammapost.com"]
    for i in range(9):
        lines.append(json.dumps({"id": f"a{i}", "text": story(i), "title": f"Story {i}",
                                 "url": f"https://www.{outlets[i % 3]}/news/{i}", "date": f"2024-0{1 + i % 3}-10",
                                 "label": "ignored"}))
    lines.insert(3, json.dumps({"id": "empty", "text": "   "}))
    lines.insert(6, '{"id": "broken", "text": ')
    lines.append('["not", "an", "object"]')
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
