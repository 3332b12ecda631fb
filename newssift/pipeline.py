"""The pipeline: text layer (language, sentences, outlet) then the configured analyzers.

Built from a :class:`~newssift.config.Config`; building checks that every
analyzer exists, that its settings are valid, and that what it needs is
produced earlier, so a misconfiguration fails before the first article.
``pipe()`` hands analyzers whole batches, so costly model calls are batched.
"""

from __future__ import annotations

import time
from itertools import islice
from typing import Iterable, Iterator

from . import __version__
from .analyzers.base import Analyzer
from .article import Article
from .config import Config, as_list, load_config
from .errors import NewssiftError
from .ingest.domain import split_host
from .ingest.language import LanguageIdentifier
from .ingest.segment import segment
from .registry import get_analyzer, load_builtins

#: What the text layer puts on every Article before analyzers run.
TEXT_LAYER_PRODUCES = frozenset(
    {"text", "title", "url", "published", "author", "links", "sentences", "language", "host", "outlet"}
)


class Pipeline:
    """``Pipeline(config)(article)`` analyzes one article; ``pipe(articles)`` a stream of them.

    Example:
        >>> from newssift import Pipeline, Article
        >>> nlp = Pipeline()
        >>> article = nlp(Article(text="...", url="https://www.example.com/story"))
    """

    def __init__(self, config: Config | None = None, *, analyzers: list[str] | None = None) -> None:
        self.config = config or load_config()
        load_builtins(as_list(self.config["pipeline"]["plugins"]))
        names = analyzers if analyzers is not None else as_list(self.config["pipeline"]["analyzers"])
        self.batch_size = int(self.config["pipeline"]["batch_size"])
        if self.batch_size < 1:
            raise NewssiftError("NS304", key="pipeline.batch_size", value=self.batch_size, detail="must be 1 or more")
        self.language_identifier = LanguageIdentifier.from_config(self.config["language"])
        self.analyzers: list[Analyzer] = []
        available = set(TEXT_LAYER_PRODUCES)
        for name in names:
            spec = get_analyzer(name)
            for need in spec.requires:
                if need not in available:
                    raise NewssiftError("NS303", name=name, needs=need)
            settings = self.config.analyzer(name)
            try:
                analyzer = spec.factory(**settings)
            except TypeError as exc:
                raise NewssiftError("NS304", key=f"analyzer.{name}", value=settings, detail=str(exc)) from None
            analyzer.name, analyzer.version = name, spec.version
            self.analyzers.append(analyzer)
            available.update(spec.produces)

    @property
    def analyzer_names(self) -> list[str]:
        return [analyzer.name for analyzer in self.analyzers]

    def versions(self) -> dict[str, object]:
        """Pipeline, analyzer, model and data versions, as recorded in every report."""
        return {
            "newssift": __version__,
            "analyzers": {
                analyzer.name: {"version": analyzer.version, **analyzer.versions()} for analyzer in self.analyzers
            },
        }

    def prepare(self, article: Article) -> Article:
        """The text layer: outlet from the URL, language, sentences with offsets."""
        started = time.perf_counter()
        if article.outlet is None and (article.url or article.canonical_url):
            article.host, article.outlet = split_host(article.url or article.canonical_url or "")
        if article.language is None:
            article.language, article.language_confidence = self.language_identifier.identify(article.text)
        if not article.sentences:
            article.sentences = segment(article.text)
        article.timings_ms["text_layer"] = round((time.perf_counter() - started) * 1000, 3)
        return article

    def __call__(self, article: Article) -> Article:
        self._process([article])
        return article

    def pipe(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[Article]:
        """Analyze a stream of articles in batches; yields them in input order."""
        size = batch_size or self.batch_size
        iterator = iter(articles)
        while batch := list(islice(iterator, size)):
            self._process(batch)
            yield from batch

    def _process(self, batch: list[Article]) -> None:
        for article in batch:
            self.prepare(article)
        for analyzer in self.analyzers:
            eligible = []
            for article in batch:
                reason = analyzer.abstain_reason(article)
                if reason:
                    article.abstentions[analyzer.name] = reason
                else:
                    eligible.append(article)
            if not eligible:
                continue
            started = time.perf_counter()
            predictions = analyzer.predict(eligible)
            for article, prediction in zip(eligible, predictions, strict=True):
                analyzer.set_annotations(article, prediction)
            share = (time.perf_counter() - started) * 1000 / len(eligible)
            for article in eligible:
                article.timings_ms[analyzer.name] = round(share, 3)
