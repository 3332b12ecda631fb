"""Rendering of the `techniques` analyzer: each technique found, with its definition, then the spans.

Every technique named is explained (its plain-language definition from
:mod:`newssift.techniques`), as the SemEval-2020 Task 11 labels are not
self-explanatory. Article text is untrusted: Rich shows it as text, Markdown
escapes it.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ...report import AnalyzerResult
from ...techniques import BY_LABEL
from ..common import fmt_value, quoted, shorten
from ..source_table import md_cell

MAX_SPANS = 30


def _definitions(result: AnalyzerResult) -> dict[str, str]:
    data = result.result or {}
    out = dict(data.get("definitions") or {})
    for span in result.spans:  # a span whose technique the result did not define still gets one
        if span.label not in out and span.label in BY_LABEL:
            out[span.label] = BY_LABEL[span.label].definition
    return out


def _name(label: str) -> str:
    technique = BY_LABEL.get(label)
    return technique.name if technique else label


def terminal_body(result: AnalyzerResult) -> Group:
    data = result.result or {}
    counts = data.get("counts") or {}
    parts: list[object] = [Text(data.get("summary", ""))]
    definitions = _definitions(result)
    if definitions:
        table = Table(expand=True, show_lines=True)
        table.add_column("technique", no_wrap=True, style="bold")
        table.add_column("found", justify="right")
        table.add_column("what it is", ratio=1)
        for label, definition in definitions.items():
            table.add_row(Text(_name(label)), str(counts.get(label, 0)), Text(definition))
        parts.append(table)
    if result.spans:
        spans = Table(expand=True)
        spans.add_column("technique", no_wrap=True)
        spans.add_column("confidence", justify="right")
        spans.add_column("offsets", justify="right", no_wrap=True)
        spans.add_column("text", ratio=1)
        for span in result.spans[:MAX_SPANS]:
            spans.add_row(Text(_name(span.label)), fmt_value(span.score), f"{span.start}-{span.end}",
                          Text(quoted(shorten(span.text, 100))))
        parts.append(spans)
        if len(result.spans) > MAX_SPANS:
            parts.append(Text(f"... and {len(result.spans) - MAX_SPANS} more spans (see --format json or ptc)"))
    return Group(*parts)


def markdown_lines(result: AnalyzerResult) -> list[str]:
    data = result.result or {}
    counts = data.get("counts") or {}
    lines = [md_cell(data.get("summary", "")), ""]
    definitions = _definitions(result)
    if definitions:
        lines += ["| technique | found | what it is |", "|---|---:|---|"]
        for label, definition in definitions.items():
            lines.append(f"| {md_cell(_name(label))} (`{md_cell(label)}`) | {counts.get(label, 0)} | "
                         f"{md_cell(definition)} |")
        lines.append("")
    if result.spans:
        lines += ["| technique | confidence | offsets | text |", "|---|---:|---:|---|"]
        for span in result.spans[:MAX_SPANS]:
            lines.append(f"| {md_cell(_name(span.label))} | {fmt_value(span.score)} | {span.start}-{span.end} | "
                         f"{md_cell(quoted(shorten(span.text, 100)))} |")
        if len(result.spans) > MAX_SPANS:
            lines += ["", f"... and {len(result.spans) - MAX_SPANS} more spans (see `--format json` or `ptc`)."]
    return lines
