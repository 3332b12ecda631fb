"""The one thing the server does beyond the library: find or make a stored report for an input.

Ingest and analysis are the library's (:mod:`newssift.ingest`, :func:`newssift.api.analyze`);
this module only decides whether a stored report can be returned and stores new ones.
"""

from __future__ import annotations

from typing import Any

from ..api import analyze
from ..article import Article
from ..errors import NewssiftError
from ..ingest import article_from_record, load_article
from ..ingest.loaders import is_url
from ..store import StoredReport, content_hash
from .state import AppState

_HASHED_FIELDS = ("text", "title", "url", "author", "published", "site_name", "canonical_url", "input_kind")


def build_article(state: AppState, fields: dict[str, Any]) -> Article:
    """An Article from the request fields (``text``/``html``/``url``, ``title``, ``author``, ``published``)."""
    text, html, url = fields.get("text"), fields.get("html"), fields.get("url")
    if text is not None and html is not None:
        raise NewssiftError("NS608", got="both text and html were sent; send one")
    meta = {key: fields.get(key) for key in ("title", "author", "published") if fields.get(key)}
    if text is not None or html is not None:
        record: dict[str, Any] = {"url": url, **meta}
        record["text" if text is not None else "html"] = text if text is not None else html
        return article_from_record({k: v for k, v in record.items() if v is not None}, source="the request",
                                   config=state.config)
    if not url:
        raise NewssiftError("NS608", got="none of them was sent")
    if not is_url(url):  # never let a request name a local path
        raise NewssiftError("NS203", url=url, detail="only absolute http:// and https:// URLs are fetched")
    article = load_article(url, config=state.config, fetch=state.fetch)
    for key, value in meta.items():
        setattr(article, key, value)
    return article


def find_or_analyze(state: AppState, fields: dict[str, Any], *, fresh: bool = False,
                    key_id: int | None = None) -> tuple[StoredReport, bool]:
    """The stored report for this article and these versions (``cached=True``), or a new one.

    ``fresh=True`` always analyzes again (and stores the new report).
    """
    article = build_article(state, fields)
    pipeline = state.get_pipeline()
    digest = content_hash({key: getattr(article, key) for key in _HASHED_FIELDS}, ",".join(pipeline.analyzer_names),
                          pipeline.versions())
    if not fresh:
        stored = state.store.find_by_hash(digest)
        if stored is not None:
            return stored, True
    if not state.analyses.acquire(timeout=state.settings.queue_timeout):
        raise NewssiftError("NS613", limit=state.settings.max_concurrent_analyses)
    try:
        report = analyze(article, pipeline=pipeline)
    finally:
        state.analyses.release()
    return state.store.save_report(report.model_dump(mode="json"), content_hash=digest, key_id=key_id), False
