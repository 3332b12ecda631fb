"""PTC TSV export: the SemEval-2020 Task 11 submission format.

One row per technique span: ``article_id<TAB>technique<TAB>begin<TAB>end``,
character offsets into the article text exactly as given, end exclusive
(Da San Martino et al. 2020). ``newssift analyze FILE --format ptc`` writes an
analyzed article's `techniques` spans this way;
:func:`newssift.training.techniques.write_ptc_tsv` writes many articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..report import Report

ANALYZER = "techniques"


def ptc_lines(article_id: str, spans: Iterable[Sequence]) -> list[str]:
    """Rows for one article from ``(start, end, technique)`` triples, sorted by offset."""
    safe_id = str(article_id).replace("\t", " ").replace("\n", " ")
    return [f"{safe_id}\t{technique}\t{int(start)}\t{int(end)}" for start, end, technique in sorted(
        spans, key=lambda s: (int(s[0]), int(s[1]), str(s[2])))]


def article_id_of(report: Report) -> str:
    """The id used in the first column: the article's id, else its URL, else ``article``."""
    article = getattr(report, "article", None)
    for name in ("id", "url"):
        value = getattr(article, name, None) if article is not None else None
        if value:
            return str(value)
    return "article"


def render_ptc(report: Report) -> str:
    result = report.analyzers.get(ANALYZER)
    spans = [] if result is None else [(s.start, s.end, s.label) for s in (result.spans or [])]
    return "".join(line + "\n" for line in ptc_lines(article_id_of(report), spans))
