"""Fact-check records and the two import formats.

Formats read by :func:`parse_file`:

- schema.org ClaimReview JSON-LD, one object or a list of objects per line
  (JSON Lines). An ``{"@graph": [...]}`` wrapper is unwrapped.
- The Google Fact Check Tools API ``claims:search`` response
  (``{"claims": [{"text", "claimant", "claimDate", "claimReview": [{"publisher":
  {"name", "site"}, "url", "title", "reviewDate", "textualRating",
  "languageCode"}]}]}``), as one JSON document (pretty-printed or not) or one
  response per line. Each review of a claim becomes one record.

Every record is keyed on a hash of (url, claim), so importing the same file
twice adds nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterator

from ..errors import NewssiftError
from .verdicts import normalize_verdict, ordinal_from_rating

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class FactCheck:
    claim: str
    url: str
    claimant: str | None = None
    verdict: str | None = None
    verdict_ordinal: float | None = None
    publisher: str | None = None
    publisher_site: str | None = None
    title: str | None = None
    review_date: str | None = None
    claim_date: str | None = None
    language: str | None = None

    @property
    def key(self) -> str:
        """Identity of a record: SHA-256 of the URL and the whitespace-normalised claim."""
        claim = _SPACES.sub(" ", self.claim).strip().lower()
        return hashlib.sha256(f"{self.url.strip()}\n{claim}".encode("utf-8")).hexdigest()[:32]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def claim_review(self) -> dict[str, Any]:
        """The record as schema.org ClaimReview JSON-LD."""
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": self.claim,
            "reviewRating": {"@type": "Rating", "alternateName": self.verdict},
            "author": {"@type": "Organization", "name": self.publisher},
            "url": self.url,
            "datePublished": self.review_date,
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": self.claimant}},
        }
        if self.publisher_site:
            review["author"]["url"] = self.publisher_site
        if self.claim_date:
            review["itemReviewed"]["datePublished"] = self.claim_date
        if self.title:
            review["name"] = self.title
        return review


@dataclass(frozen=True)
class LineError:
    line: int
    error: NewssiftError


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, dict):
        return _text(value.get("name"))
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def _date(value: Any) -> str | None:
    text = _text(value)
    return text[:10] if text and re.match(r"\d{4}-\d{2}-\d{2}", text) else text


def from_claim_review(obj: Any, source: str, line: int) -> FactCheck:
    """One ClaimReview object -> :class:`FactCheck`, or NS521 naming what is missing."""
    if not isinstance(obj, dict):
        raise NewssiftError("NS521", source=source, line=line, detail=f"expected a JSON object, got {type(obj).__name__}")
    kind = obj.get("@type")
    if kind is not None and kind != "ClaimReview" and not (isinstance(kind, list) and "ClaimReview" in kind):
        raise NewssiftError("NS521", source=source, line=line, detail=f"@type is {kind!r}, not 'ClaimReview'")
    claim = _text(obj.get("claimReviewed"))
    url = _text(obj.get("url"))
    missing = [name for name, value in (("claimReviewed", claim), ("url", url)) if not value]
    if missing:
        raise NewssiftError("NS521", source=source, line=line, detail="missing " + " and ".join(missing))
    rating = obj.get("reviewRating") if isinstance(obj.get("reviewRating"), dict) else {}
    verdict = _text(rating.get("alternateName")) or _text(rating.get("name"))
    ordinal = normalize_verdict(verdict)
    if ordinal is None:
        ordinal = ordinal_from_rating(rating.get("ratingValue"), rating.get("bestRating", 5),
                                      rating.get("worstRating", 1)) if "ratingValue" in rating else None
    author = obj.get("author")
    item = obj.get("itemReviewed") if isinstance(obj.get("itemReviewed"), dict) else {}
    return FactCheck(
        claim=claim, url=url,  # type: ignore[arg-type]
        claimant=_text(item.get("author")),
        verdict=verdict, verdict_ordinal=ordinal,
        publisher=_text(author),
        publisher_site=_text(author.get("url")) if isinstance(author, dict) else None,
        title=_text(obj.get("name")) or _text(obj.get("headline")),
        review_date=_date(obj.get("datePublished")),
        claim_date=_date(item.get("datePublished")),
        language=_text(obj.get("inLanguage")),
    )


def from_google(obj: dict[str, Any], source: str, line: int) -> tuple[list[FactCheck], list[LineError]]:
    """A Google Fact Check Tools ``claims:search`` response -> records (one per review)."""
    records, errors = [], []
    claims = obj.get("claims")
    if not isinstance(claims, list):
        return [], [LineError(line, NewssiftError("NS521", source=source, line=line, detail="'claims' is not a list"))]
    for number, entry in enumerate(claims):
        where = f"claims[{number}]"
        if not isinstance(entry, dict) or not _text(entry.get("text")):
            errors.append(LineError(line, NewssiftError("NS521", source=source, line=line,
                                                         detail=f"{where} has no 'text'")))
            continue
        reviews = entry.get("claimReview") or []
        if not isinstance(reviews, list) or not reviews:
            errors.append(LineError(line, NewssiftError("NS521", source=source, line=line,
                                                        detail=f"{where} has no 'claimReview'")))
            continue
        for review in reviews:
            url = _text(review.get("url")) if isinstance(review, dict) else None
            if not url:
                errors.append(LineError(line, NewssiftError("NS521", source=source, line=line,
                                                            detail=f"a review of {where} has no 'url'")))
                continue
            publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
            verdict = _text(review.get("textualRating"))
            records.append(FactCheck(
                claim=_text(entry.get("text")),  # type: ignore[arg-type]
                url=url, claimant=_text(entry.get("claimant")),
                verdict=verdict, verdict_ordinal=normalize_verdict(verdict),
                publisher=_text(publisher.get("name")), publisher_site=_text(publisher.get("site")),
                title=_text(review.get("title")), review_date=_date(review.get("reviewDate")),
                claim_date=_date(entry.get("claimDate")), language=_text(review.get("languageCode")),
            ))
    return records, errors


def _from_value(value: Any, source: str, line: int) -> tuple[list[FactCheck], list[LineError]]:
    if isinstance(value, dict) and "claims" in value:
        return from_google(value, source, line)
    if isinstance(value, dict) and isinstance(value.get("@graph"), list):
        value = value["@graph"]
    items = value if isinstance(value, list) else [value]
    records, errors = [], []
    for item in items:
        try:
            records.append(from_claim_review(item, source, line))
        except NewssiftError as error:
            errors.append(LineError(line, error))
    return records, errors


def parse_file(path: str | Path) -> Iterator[tuple[list[FactCheck], list[LineError]]]:
    """Records and per-line errors of a file, one (records, errors) pair per line (or one for the whole document)."""
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise NewssiftError("NS522", path=source, detail="no such file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise NewssiftError("NS522", path=source, detail=f"{exc.__class__.__name__}: {exc}") from None
    stripped = text.strip()
    if not stripped:
        return
    if "\n" in stripped:  # a pretty-printed single document (e.g. a saved claims:search response)?
        try:
            whole = json.loads(stripped)
        except json.JSONDecodeError:
            whole = None
        if isinstance(whole, (dict, list)):
            yield _from_value(whole, source, 1)
            return
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield [], [LineError(number, NewssiftError("NS520", source=source, line=number, detail=exc.msg))]
            continue
        yield _from_value(value, source, number)
