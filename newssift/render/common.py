"""Helpers the renderers share: evidence per analyzer, number formatting."""

from __future__ import annotations

from typing import Any

from ..report import AnalyzerResult, Report


def fmt_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if value is None:
        return "n/a"
    return str(value)


def evidence_by_label(result: AnalyzerResult, limit: int = 3) -> dict[str, list[str]]:
    """The first ``limit`` evidence texts per span label."""
    out: dict[str, list[str]] = {}
    for span in result.spans:
        bucket = out.setdefault(span.label, [])
        if len(bucket) < limit and span.text not in bucket:
            bucket.append(span.text)
    return out


def shorten(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


_QUOTE_MARKS = "\"“”'‘’«»"
_DOUBLE_QUOTE_MARKS = "\"“”«»"


def quoted(text: str) -> str:
    """``“text”``, unless the text is already a quotation with its own marks; ``‘text’`` when the text holds
    double quotation marks of its own (“We will,” he said), as English nests a quotation in a quotation."""
    if len(text) >= 2 and text[0] in _QUOTE_MARKS and text[-1] in _QUOTE_MARKS + "…":
        return text
    if any(mark in text for mark in _DOUBLE_QUOTE_MARKS):
        return f"‘{text}’"
    return f"“{text}”"


def header_facts(report: Report) -> list[tuple[str, str]]:
    meta = report.article
    facts = [
        ("Title", meta.title),
        ("Outlet", f"{meta.outlet} (host {meta.host})" if meta.outlet else None),
        ("URL", meta.url or meta.canonical_url),
        ("Site name", meta.site_name),
        ("Author", meta.author),
        ("Published", meta.published),
        ("Language", f"{meta.language} (confidence {meta.language_confidence:.2f})" if meta.language else "unknown"),
        ("Length", f"{meta.words} words, {len(report.sentences)} sentences"),
    ]
    if meta.extraction:
        ratio = meta.extraction.get("kept_ratio")
        kept = f"{ratio:.0%} of the page's visible text" if ratio is not None else "n/a"
        facts.append(("Extraction", f"{meta.extraction.get('extractor')}: kept {kept}"))
    return [(label, value) for label, value in facts if value]
