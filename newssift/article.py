"""The :class:`Article`: one object that ingest fills and every analyzer reads and writes.

Offsets are a contract: every :class:`Span` and :class:`Sentence` indexes into
``Article.text`` with Python ``str`` indices, end exclusive, so that
``article.text[span.start:span.end] == span.text`` always holds.
Analyzers write their findings under their own name (``article.results[name]``,
``article.spans[name]``), as spaCy components write ``doc.spans[key]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of evidence: a character range of the article and what was found there."""

    start: int
    end: int
    text: str
    label: str
    score: float | None = None
    detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text, "label": self.label}
        if self.score is not None:
            out["score"] = round(float(self.score), 4)
        if self.detail is not None:
            out["detail"] = self.detail
        return out


@dataclass
class Article:
    """Text plus metadata plus whatever the analyzers found.

    Build one with :func:`newssift.ingest.load_article` (files, URLs, JSON) or
    :meth:`Article.from_text`; the pipeline then fills ``language``,
    ``sentences``, ``results``, ``spans``, ``abstentions`` and ``timings_ms``.
    """

    text: str
    id: str | None = None
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    input_kind: str = "text"  # text | html | url | json | record
    extraction: dict[str, Any] | None = None  # how much of an HTML page was kept, by what
    # outlet identity, filled by ingest.domain
    host: str | None = None
    outlet: str | None = None
    # text layer, filled by the pipeline's ingest steps
    language: str | None = None
    language_confidence: float | None = None
    sentences: list[Sentence] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # hrefs found in the article body (HTML input)
    # analyzer output, each under its own name
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    spans: dict[str, list[Span]] = field(default_factory=dict)
    abstentions: dict[str, str] = field(default_factory=dict)
    timings_ms: dict[str, float] = field(default_factory=dict)
    # scratch space analyzers may share (e.g. cached encodings); never serialized
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_text(cls, text: str, **meta: Any) -> "Article":
        return cls(text=text, **meta)

    def span(self, start: int, end: int, label: str, score: float | None = None, detail: str | None = None) -> Span:
        """Make a :class:`Span` whose text is cut from this article, so offsets cannot drift."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) outside text of length {len(self.text)}")
        return Span(start, end, self.text[start:end], label, score, detail)

    @property
    def word_count(self) -> int:
        return len(self.text.split())
