"""Source: what published rater tables say about the article's outlet, side by side.

Looks the outlet of ``article.url`` (its host, then the host without
``www.``/``m.``/``amp.``, then parent domains up to the registrable domain,
then known aliases such as ``politi.co`` -> ``politico.com``) up in each
rater table and reports every rater's label(s) as written, its scale, a
normalized ordinal only where the scale is ordered, its data date and its
licence. Ratings are never merged into one number, and an outlet no table
lists is reported as "not rated by any rater", never guessed. No spans: this
is a judgement about the outlet, not about the text.

Bundled raters (``newssift/resources/source_ratings.json.gz``, built by
``scripts/build_source_ratings.py``; details in ``NOTICE.sources.md``):

- Media Bias/Fact Check (mediabiasfactcheck.com), via the official MBFC
  browser extension's data (2026-08-19);
- Zimdars, M. et al. OpenSources: professionally curated lists of online
  sources (2017);
- Szpakowski, M. FakeNewsCorpus website list (2018; OpenSources-derived);
- Baly, Karadzhov, Alexandrov, Glass, Nakov. "Predicting Factuality of
  Reporting and Bias of News Media Sources." EMNLP 2018;
- Baly, Karadzhov, An, Kwak, Dinkov, Ali, Glass, Nakov. "What Was Written vs.
  Who Read It: News Media Profiling Using Text Analysis and Social Media
  Context." ACL 2020;
- Burdisso, Sanchez-Cortes, Villatoro-Tello, Motlicek. "Reliability
  Estimation of News Media Sources: Birds of a Feather Flock Together."
  NAACL 2024 (ground truth, MBFC scrape, graph-estimated reliability).

Settings (``[analyzer.source]``): ``extra_tables_dir``, a folder of user
tables (``docs/rater-tables.md``) that add raters or replace bundled ones by
id; ``raters``, the rater ids to use (empty: all).
"""

from __future__ import annotations

from typing import Any, Sequence

from ..article import Article
from ..errors import NewssiftError
from ..ingest.domain import split_host
from ..registry import register_analyzer
from ..sources import OutletRatings, RaterTables, Target, load_tables, parse_target
from .base import Analyzer

NO_URL_REASON = "no URL was given, so the outlet is unknown"
_CACHE_KEY = "source.target"


def _article_target(article: Article) -> tuple[str | None, Target | None]:
    """``(what was looked at, parsed target or None)`` for an article."""
    url = article.url or article.canonical_url
    if url:
        value = url
    else:
        host, outlet = article.host, article.outlet
        if host is None and outlet is None:
            return None, None
        value = host or outlet or ""
    try:
        return value, parse_target(value)
    except NewssiftError:
        return value, None


@register_analyzer("source", version="1", requires=("outlet",), produces=("results.source",))
class SourceAnalyzer(Analyzer):
    """What published rater tables (MBFC, OpenSources, FakeNewsCorpus, Baly et al. 2018/2020, Burdisso et al. 2024) say about the outlet, side by side."""

    languages = None  # a judgement about the outlet, in any language
    min_words = 0

    def __init__(self, extra_tables_dir: str = "", raters: Any = "") -> None:
        super().__init__(extra_tables_dir=extra_tables_dir, raters=raters)
        self.tables: RaterTables = load_tables(extra_tables_dir or "", raters)

    def abstain_reason(self, article: Article) -> str | None:
        value, target = _article_target(article)
        if value is None:
            return NO_URL_REASON
        if target is None:
            host = article.host or split_host(value)[0] or value
            return f"the URL's host {host!r} is not a domain name, so the outlet is unknown"
        article.cache[_CACHE_KEY] = target
        return None

    def predict(self, articles: Sequence[Article]) -> list[OutletRatings]:
        out = []
        for article in articles:
            target = article.cache.pop(_CACHE_KEY, None)
            if target is None:
                _, target = _article_target(article)
            if target is None:  # predict called without abstain_reason: same rule
                raise NewssiftError("NS403", domain=article.url or article.host or "")
            out.append(self.tables.lookup_target(target))
        return out

    def set_annotations(self, article: Article, prediction: OutletRatings) -> None:
        result = prediction.to_dict()
        result["outlet"] = article.outlet or prediction.outlet
        result["host"] = article.host or prediction.host
        article.results["source"] = result

    def versions(self) -> dict[str, str]:
        return self.tables.versions()
