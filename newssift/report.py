"""The report: a versioned, JSON-schema'd record of one analyzed article.

``SCHEMA_VERSION`` changes with any incompatible change; the schema file
``newssift/schema/report.v1.json`` is generated from these models
(``newssift schema``) and a test keeps the two in step.

The summary is a transparent rubric over the analyzers' own one-line
summaries: it states signals and what was not judged. It never gives a single
verdict and never calls an article fake.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from . import __version__
from .article import Article

SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SpanOut(_Model):
    start: int = Field(description="character offset into `text`, inclusive")
    end: int = Field(description="character offset into `text`, exclusive")
    text: str = Field(description="exactly text[start:end]")
    label: str
    score: float | None = None
    detail: str | None = None


class SentenceOut(_Model):
    start: int
    end: int


class ArticleMeta(_Model):
    id: str | None = None
    title: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    host: str | None = None
    outlet: str | None = Field(None, description="registrable domain of the URL (public-suffix aware)")
    author: str | None = None
    published: str | None = None
    site_name: str | None = None
    input_kind: str
    language: str | None = None
    language_confidence: float | None = None
    characters: int
    words: int
    extraction: dict[str, Any] | None = Field(None, description="HTML input: extractor and share of the page kept")


class AnalyzerResult(_Model):
    name: str
    version: str
    status: Literal["ok", "abstained"]
    reason: str | None = Field(None, description="why the analyzer abstained")
    result: dict[str, Any] | None = None
    spans: list[SpanOut] = Field(default_factory=list)
    time_ms: float | None = None


class NotJudged(_Model):
    analyzer: str
    reason: str


class Summary(_Model):
    points: list[str] = Field(description="one line per analyzer that judged, in pipeline order")
    not_judged: list[str] = Field(description="what could not be judged, and why")


class Report(_Model):
    """Everything newssift found about one article."""

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    newssift_version: str = __version__
    created_at: str
    profile: str = Field(description="which analyzers ran (the pipeline's analyzer list)")
    article: ArticleMeta
    text: str = Field(description="the analyzed text; every offset indexes into it")
    sentences: list[SentenceOut]
    summary: Summary
    analyzers: dict[str, AnalyzerResult]
    not_judged: list[NotJudged]
    timings_ms: dict[str, float]
    versions: dict[str, Any]

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent, exclude_none=False)


def build_report(article: Article, pipeline: Any) -> Report:
    """Collect an analyzed Article into a :class:`Report`."""
    analyzers: dict[str, AnalyzerResult] = {}
    points: list[str] = []
    not_judged: list[NotJudged] = []
    for analyzer in pipeline.analyzers:
        name = analyzer.name
        if name in article.abstentions:
            reason = article.abstentions[name]
            analyzers[name] = AnalyzerResult(name=name, version=analyzer.version, status="abstained", reason=reason)
            not_judged.append(NotJudged(analyzer=name, reason=reason))
            continue
        result = article.results.get(name, {})
        spans = [SpanOut(**span.to_dict()) for span in article.spans.get(name, [])]
        analyzers[name] = AnalyzerResult(
            name=name, version=analyzer.version, status="ok", result=result, spans=spans,
            time_ms=article.timings_ms.get(name),
        )
        if result.get("summary"):
            points.append(f"{name}: {result['summary']}")
    if article.language is None:
        not_judged.insert(0, NotJudged(analyzer="language", reason="the language of the text could not be identified"))
    meta = ArticleMeta(
        id=article.id, title=article.title, url=article.url, canonical_url=article.canonical_url,
        host=article.host, outlet=article.outlet, author=article.author, published=article.published,
        site_name=article.site_name, input_kind=article.input_kind, language=article.language,
        language_confidence=article.language_confidence, characters=len(article.text), words=article.word_count,
        extraction=article.extraction,
    )
    timings = dict(article.timings_ms)
    timings["total"] = round(sum(article.timings_ms.values()), 3)
    return Report(
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        profile=",".join(pipeline.analyzer_names),
        article=meta,
        text=article.text,
        sentences=[SentenceOut(start=s.start, end=s.end) for s in article.sentences],
        summary=Summary(points=points, not_judged=[f"{item.analyzer}: {item.reason}" for item in not_judged]),
        analyzers=analyzers,
        not_judged=not_judged,
        timings_ms=timings,
        versions=pipeline.versions(),
    )


def json_schema() -> dict[str, Any]:
    schema = Report.model_json_schema()
    schema["$id"] = f"https://newssift.invalid/schema/report.v{SCHEMA_VERSION.split('.')[0]}.json"
    return schema
