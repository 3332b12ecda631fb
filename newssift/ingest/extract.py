"""HTML -> main text + metadata, with trafilatura (Barbaresi, ACL 2021 demo).

Besides the text, title, author, date, site name and canonical URL, it
records how much of the page's visible text was kept, so that a user can tell
a bad extraction (a kept share near 0 % or 100 % of a long page is suspect).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from lxml import html as lxml_html

from ..errors import NewssiftError

# HTML whose extracted text has fewer words than this holds no article.
MIN_ARTICLE_WORDS = 10
_SPACES = re.compile(r"\s+")


@dataclass
class Extraction:
    text: str
    title: str | None
    author: str | None
    published: str | None
    site_name: str | None
    canonical_url: str | None
    description: str | None
    links: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)


def _visible_chars(html: str) -> int:
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return 0
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    body = tree.find("body")
    root = body if body is not None else tree
    return len(_SPACES.sub(" ", root.text_content()).strip())


def extract_html(html: str, *, url: str | None = None, source: str = "the page") -> Extraction:
    """Extract the article from ``html``; NS105 when there is none."""
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_links=True, include_comments=False, include_tables=True
    )
    raw_text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if len(raw_text.split()) < MIN_ARTICLE_WORDS:
        raise NewssiftError("NS105", source=source)

    links: list[str] = []
    body = getattr(document, "body", None)
    if body is not None:
        for ref in body.iter("ref"):
            target = ref.get("target")
            if target and target not in links:
                links.append(target)
    # include_links renders links as Markdown "[label](target)"; keep the label only.
    text = raw_text
    for target in links:
        text = re.sub(r"\[([^\]]*)\]\(" + re.escape(target) + r"\)", r"\1", text)

    page_chars = _visible_chars(html)
    stats = {
        "extractor": f"trafilatura {trafilatura.__version__}",
        "page_bytes": len(html.encode("utf-8", "replace")),
        "page_text_chars": page_chars,
        "kept_chars": len(text),
        "kept_ratio": round(len(text) / page_chars, 3) if page_chars else None,
    }
    return Extraction(
        text=text,
        title=document.title,
        author=document.author,
        published=document.date,
        site_name=document.sitename,
        canonical_url=document.url,
        description=document.description,
        links=links,
        stats=stats,
    )
