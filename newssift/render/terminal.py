"""Terminal renderer (Rich). Untrusted strings go in as ``Text``, never as markup."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..report import AnalyzerResult, Report
from .analyzers import custom_renderer
from .common import evidence_by_label, fmt_value, header_facts, quoted, shorten


def _header(report: Report) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in header_facts(report):
        grid.add_row(label, Text(str(value)))
    return Panel(grid, title="newssift report", subtitle=f"profile: {report.profile}", expand=True)


def _summary(report: Report) -> Panel:
    lines: list[Text] = [Text("• ") + Text(point) for point in report.summary.points]
    for item in report.summary.not_judged:
        lines.append(Text("◦ not judged: ", style="yellow") + Text(item))
    if not lines:
        lines.append(Text("No analyzer produced a signal."))
    return Panel(Group(*lines), title="Signals (no single verdict: read each with its evidence)")


def _signals_table(result: AnalyzerResult) -> Table:
    """One row per signal: its value, what it means, and the first pieces of evidence."""
    table = Table(expand=True, show_lines=True)
    table.add_column("signal", style="bold", no_wrap=True)
    table.add_column("value", justify="right", max_width=22)
    table.add_column("what it means, and the evidence", ratio=1)
    evidence = evidence_by_label(result, limit=2)
    for name, signal in (result.result or {}).get("signals", {}).items():
        unit = signal.get("unit") or ""
        value = fmt_value(signal.get("value")) + (f" {unit}" if len(unit) <= 28 else "")
        cell = Text(signal.get("description", ""))
        examples = evidence.get(name, [])
        if examples and all(len(example) <= 30 for example in examples):  # words: one line
            cell.append("\n  " + ", ".join(quoted(example) for example in examples), style="italic")
        else:  # sentences: one line each
            for example in examples:
                cell.append("\n  " + quoted(shorten(example, 100)), style="italic")
        table.add_row(Text(name), Text(value), cell)
    return table


def _generic(result: AnalyzerResult) -> Group:
    parts: list[object] = []
    summary = (result.result or {}).get("summary")
    if summary:
        parts.append(Text(summary))
    if result.spans:
        table = Table(expand=True)
        table.add_column("label", no_wrap=True)
        table.add_column("score", justify="right")
        table.add_column("text")
        for span in result.spans[:20]:
            table.add_row(Text(span.label), fmt_value(span.score), Text(shorten(span.text)))
        parts.append(table)
    return Group(*parts)


def _analyzer_panel(result: AnalyzerResult) -> Panel:
    title = f"{result.name} (v{result.version})"
    if result.status == "abstained":
        return Panel(Text("not judged: ") + Text(result.reason or ""), title=title, border_style="yellow")
    data = result.result or {}
    custom = custom_renderer(result.name)
    if custom is not None and hasattr(custom, "terminal_body"):
        body: object = custom.terminal_body(result)
    elif result.name == "source":
        from .source_table import source_table

        body = source_table(data)  # its title carries the summary
    elif "signals" in data:
        body = Group(Text(data.get("summary", "")), _signals_table(result))
    else:
        body = _generic(result)
    return Panel(body, title=title)


def renderables(report: Report) -> list[object]:
    out: list[object] = [_header(report), _summary(report)]
    out.extend(_analyzer_panel(result) for result in report.analyzers.values())
    timing = ", ".join(f"{name} {ms:.1f} ms" for name, ms in report.timings_ms.items())
    out.append(Text(f"newssift {report.newssift_version} · report schema {report.schema_version} · {timing}", style="dim"))
    return out


def print_report(report: Report, console: Console | None = None) -> None:
    console = console or Console()
    for item in renderables(report):
        console.print(item)


def render_terminal_text(report: Report, width: int = 110) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=False, color_system=None)
    print_report(report, console)
    return buffer.getvalue()
