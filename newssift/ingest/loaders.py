"""Read an article from a path, stdin (``-``), a URL, or a JSON object.

Every way of failing is a coded :class:`~newssift.errors.NewssiftError`
(empty, binary, not UTF-8, over the size cap, no article in the HTML,
unreachable or refused URL). Plain text is kept exactly as given, with no
normalization, because every offset in the report indexes into it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, Callable, Mapping

from ..article import Article
from ..config import Config, load_config
from ..errors import NewssiftError
from .domain import split_host
from .extract import extract_html

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|article|meta|div|p)\b", re.I | re.S)
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_JSON_FIELDS = {"id", "text", "html", "title", "url", "published", "author"}


def is_url(value: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://", value))


def _check_bytes(data: bytes, source: str, limit: int, html: bool = False) -> str:
    """Apply the size cap, refuse binary and non-UTF-8 data, return the text.

    An HTML page that is not UTF-8 but declares its charset (``<meta charset>``)
    is decoded with that charset, as a browser would.
    """
    if len(data) > limit:
        raise NewssiftError("NS104", source=source, size=len(data), limit=limit)
    if not data.strip():
        raise NewssiftError("NS101")
    sample = data[:8192]
    control = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    if b"\x00" in sample or control > len(sample) * 0.05:
        raise NewssiftError("NS102", source=source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        from .fetch import declared_html_charset, usable_codec

        codec = usable_codec(declared_html_charset(data)) if html else None
        if codec in (None, "utf-8"):
            raise NewssiftError("NS103", source=source, offset=exc.start) from None
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            raise NewssiftError("NS103", source=source, offset=exc.start) from None
    return text[1:] if text.startswith("\ufeff") else text


def _check_length(article: Article, limit: int) -> Article:
    if not article.text.strip():
        raise NewssiftError("NS101")
    if len(article.text) > limit:
        raise NewssiftError("NS108", chars=len(article.text), limit=limit)
    return article


def _attach_url(article: Article, url: str | None) -> Article:
    if url:
        article.url = url
    target = article.url or article.canonical_url
    if target:
        article.host, article.outlet = split_host(target)
    return article


def article_from_html(html: str, *, source: str, url: str | None = None, kind: str = "html") -> Article:
    extraction = extract_html(html, url=url, source=source)
    return Article(
        text=extraction.text,
        title=extraction.title,
        url=url,
        author=extraction.author,
        published=extraction.published,
        site_name=extraction.site_name,
        canonical_url=extraction.canonical_url,
        input_kind=kind,
        extraction=extraction.stats,
        links=extraction.links,
    )


def article_from_record(
    record: Mapping[str, Any], *, source: str = "the JSON input", config: Config | None = None
) -> Article:
    """An Article from ``{"text"|"html", "title", "url", "published", "author", "id"}``, within the length cap."""
    config = config or load_config()
    if not isinstance(record, Mapping):
        raise NewssiftError("NS107", detail="expected a JSON object")
    unknown = set(record) - _JSON_FIELDS
    if unknown:
        raise NewssiftError("NS107", detail=f"unknown field(s) {', '.join(sorted(unknown))}")
    for key in _JSON_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise NewssiftError("NS107", detail=f"field {key!r} must be a string")
    if record.get("html"):
        article = article_from_html(record["html"], source=source, url=record.get("url"), kind="json")
        article.title = record.get("title") or article.title
        article.published = record.get("published") or article.published
    elif record.get("text"):
        article = Article(text=record["text"], title=record.get("title"), url=record.get("url"), input_kind="json")
        article.published = record.get("published")
        article.author = record.get("author")
    else:
        raise NewssiftError("NS107", detail="it needs a non-empty 'text' (or 'html') field")
    article.id = record.get("id")
    return _check_length(_attach_url(article, None), config["input"]["max_article_chars"])


def article_from_bytes(data: bytes, *, source: str, url: str | None = None, config: Config | None = None,
                       hint: str | None = None) -> Article:
    """Sniff ``data`` (JSON object, HTML page or plain text) and build the Article.

    ``hint`` is a file suffix or a content type that settles the kind.
    """
    config = config or load_config()
    hint = (hint or "").lower()
    looks_html = hint in _HTML_SUFFIXES or hint in ("text/html", "application/xhtml+xml") or (
        hint not in (".txt", "text/plain", ".json", "application/json") and bool(_HTML_START.match(data[:4096]))
    )
    text = _check_bytes(data, source, config["input"]["max_input_bytes"], html=looks_html)
    stripped = text.lstrip()
    if hint in (".json", "application/json") or (hint in ("", ".jsonl", ".txt") and stripped.startswith("{")):
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            if hint == ".json":
                raise NewssiftError("NS107", detail=f"{exc.msg} at line {exc.lineno} column {exc.colno}") from None
            record = None
        if record is not None:
            return _attach_url(article_from_record(record, source=source, config=config), url)
    if looks_html:
        article = article_from_html(text, source=source, url=url)
    else:
        article = Article(text=text, url=url, input_kind="text")
    return _check_length(_attach_url(article, url), config["input"]["max_article_chars"])


def load_article(
    source: str,
    *,
    url: str | None = None,
    config: Config | None = None,
    stdin: Any = None,
    fetch: Callable[..., Any] | None = None,
) -> Article:
    """Load ``source``: a path, ``-`` for stdin, or an http(s) URL.

    ``url`` attaches an address to local input (it names the outlet).
    ``fetch`` replaces the SSRF-safe fetcher (tests; servers with an allow-list).
    """
    config = config or load_config()
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(config["input"]["max_input_bytes"] + 1)
        return article_from_bytes(data, source="stdin", url=url, config=config)
    if is_url(source):
        from .fetch import decode_body, fetch_url

        result = (fetch or fetch_url)(source, settings=config["fetch"])
        text = decode_body(result)
        article = article_from_bytes(
            text.encode("utf-8"), source=result.final_url, url=url or result.final_url, config=config,
            hint=result.content_type,
        )
        article.input_kind = "url"
        return article
    path = Path(source)
    if not path.is_file():
        raise NewssiftError("NS106", source=source)
    limit = config["input"]["max_input_bytes"]
    size = path.stat().st_size
    if size > limit:
        raise NewssiftError("NS104", source=source, size=size, limit=limit)
    return article_from_bytes(path.read_bytes(), source=source, url=url, config=config, hint=path.suffix)
