"""Outlet identity: the registrable domain of a URL, public-suffix aware.

Private suffixes (blogspot.com, github.io) count, so each blog is its own outlet.
Uses tldextract's bundled Public Suffix List snapshot; ``suffix_list_urls=()``
and ``cache_dir=None`` guarantee no list download at run time.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)

# Host prefixes that never change the outlet (mobile, AMP, www mirrors); see sources._strip_trivial.
TRIVIAL_PREFIXES = ("www", "www1", "www2", "m", "mobile", "amp", "amp-www")


@lru_cache(maxsize=65536)
def split_host(value: str) -> tuple[str | None, str | None]:
    """``(host, registrable_domain)`` for a URL or bare host name.

    >>> split_host("https://amp.news.bbc.co.uk/x")
    ('amp.news.bbc.co.uk', 'bbc.co.uk')
    """
    value = (value or "").strip()
    if not value:
        return None, None
    if "://" not in value:
        value = "http://" + value
    try:
        host = urlsplit(value).hostname
    except ValueError:
        return None, None
    if not host:
        return None, None
    host = host.rstrip(".").lower()
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    parts = _EXTRACT(host)
    if not parts.domain or not parts.suffix:
        return host, None
    return host, f"{parts.domain}.{parts.suffix}"

