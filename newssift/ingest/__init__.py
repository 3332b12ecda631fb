"""Ingest: turn a file, stdin, a URL or a JSON record into an :class:`~newssift.article.Article`."""

from .loaders import article_from_bytes, article_from_record, load_article

__all__ = ["load_article", "article_from_bytes", "article_from_record"]
