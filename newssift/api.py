"""The Python API: ``newssift.analyze(...)``."""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any, Mapping

from .article import Article
from .config import Config, load_config
from .ingest import article_from_record, load_article
from .pipeline import Pipeline
from .report import Report, build_report


@lru_cache(maxsize=8)
def _default_pipeline(config_path: str | None) -> Pipeline:
    return Pipeline(load_config(config_path))


def get_pipeline(config: Config | str | None = None) -> Pipeline:
    """A pipeline for ``config`` (a Config, a path to a user file, or None for defaults); cached by path."""
    if isinstance(config, Config):
        return Pipeline(config)
    return _default_pipeline(config)


def analyze(
    source: str | Article | Mapping[str, Any],
    *,
    url: str | None = None,
    config: Config | str | None = None,
    pipeline: Pipeline | None = None,
) -> Report:
    """Analyze one article and return its :class:`~newssift.report.Report`.

    ``source`` is a path, ``"-"`` (stdin), an http(s) URL, a JSON-like mapping
    with ``text``/``title``/``url``/``published``, or an :class:`Article`.

    Example:
        >>> import newssift
        >>> report = newssift.analyze({"text": "...", "url": "https://www.example.com/a"})
        >>> report.analyzers["source"].result["summary"]
    """
    pipeline = pipeline or get_pipeline(config)
    started = time.perf_counter()
    if isinstance(source, Article):
        article = source
    elif isinstance(source, Mapping):
        article = article_from_record(source, config=pipeline.config)
    else:
        article = load_article(source, url=url, config=pipeline.config)
    if url and article.url != url:  # Article or mapping input: the URL given names the outlet
        article.url, article.host, article.outlet = url, None, None  # the text layer resolves them
    article.timings_ms["ingest"] = round((time.perf_counter() - started) * 1000, 3)
    pipeline(article)
    return build_report(article, pipeline)
