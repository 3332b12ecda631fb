"""Rendering of the `claims` analyzer: check-worthy sentences, best first, each with its fact-check matches.

A match shows the checked claim, the verdict as its publisher wrote it, the
publisher, the URL and the similarity: the verdict is about that earlier
claim, which is why the claim is shown beside it. Article and fact-check
text is untrusted: Rich shows it as text, Markdown escapes it.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ...report import AnalyzerResult
from ..common import fmt_value, quoted, shorten
from ..source_table import md_cell


def _match_line(match: dict) -> str:
    review = match.get("claim_review") or {}
    verdict = (review.get("reviewRating") or {}).get("alternateName") or "no rating given"
    publisher = (review.get("author") or {}).get("name") or "a fact-checker"
    return (f"{publisher} rated {quoted(shorten(review.get('claimReviewed') or '', 90))} as {verdict!r} "
            f"({review.get('datePublished') or 'undated'}; similarity {fmt_value(match.get('similarity'))}) "
            f"{review.get('url') or ''}").strip()


def terminal_body(result: AnalyzerResult) -> Group:
    data = result.result or {}
    parts: list[object] = [Text(data.get("summary", ""))]
    claims = data.get("claims") or []
    if claims:
        table = Table(expand=True, show_lines=True)
        table.add_column("score", justify="right", no_wrap=True)
        table.add_column("offsets", justify="right", no_wrap=True)
        table.add_column("claim, and earlier fact-checks of similar claims", ratio=1)
        for claim in claims:
            cell = Text(quoted(shorten(claim.get("text", ""), 160)))
            for match in claim.get("matches") or []:
                cell.append("\n  matches: " + _match_line(match), style="italic")
            table.add_row(fmt_value(claim.get("score")), f"{claim.get('start')}-{claim.get('end')}", cell)
        parts.append(table)
    return Group(*parts)


def markdown_lines(result: AnalyzerResult) -> list[str]:
    data = result.result or {}
    lines = [md_cell(data.get("summary", "")), ""]
    claims = data.get("claims") or []
    if claims:
        lines += ["| score | offsets | claim | earlier fact-checks of similar claims |", "|---:|---:|---|---|"]
        for claim in claims:
            matches = "; ".join(md_cell(_match_line(m)) for m in claim.get("matches") or []) or "none found"
            lines.append(f"| {fmt_value(claim.get('score'))} | {claim.get('start')}-{claim.get('end')} | "
                         f"{md_cell(quoted(shorten(claim.get('text', ''), 160)))} | {matches} |")
    return lines
