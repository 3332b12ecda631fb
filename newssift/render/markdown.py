"""Markdown renderer. Untrusted text is escaped so it renders as text, never as markup or HTML."""

from __future__ import annotations

from ..report import AnalyzerResult, Report
from .analyzers import custom_renderer
from .common import evidence_by_label, fmt_value, header_facts, quoted, shorten
from .source_table import md_cell as md_escape


def _signals(result: AnalyzerResult) -> list[str]:
    lines = ["| signal | value | what it means | evidence |", "|---|---:|---|---|"]
    evidence = evidence_by_label(result)
    for name, signal in (result.result or {}).get("signals", {}).items():
        value = f"{fmt_value(signal.get('value'))} {signal.get('unit') or ''}".strip()
        examples = "; ".join(md_escape(quoted(shorten(e, 60))) for e in evidence.get(name, []))
        lines.append(f"| {md_escape(name)} | {md_escape(value)} | {md_escape(signal.get('description', ''))} | {examples} |")
    return lines


def _analyzer(result: AnalyzerResult) -> list[str]:
    lines = [f"## {md_escape(result.name)} (v{md_escape(result.version)})", ""]
    if result.status == "abstained":
        return lines + [f"Not judged: {md_escape(result.reason or '')}", ""]
    data = result.result or {}
    custom = custom_renderer(result.name)
    if custom is not None and hasattr(custom, "markdown_lines"):
        return lines + custom.markdown_lines(result) + [""]
    if result.name == "source":
        from .source_table import source_markdown

        if data.get("rated"):  # unrated: the table itself says "not rated by any rater"
            lines += [md_escape(data.get("summary", "")), ""]
        return lines + [source_markdown(data), ""]
    if data.get("summary"):
        lines += [md_escape(data["summary"]), ""]
    if "signals" in data:
        lines += _signals(result) + [""]
    elif result.spans:
        lines += ["| label | score | text |", "|---|---:|---|"]
        for span in result.spans[:50]:
            lines.append(f"| {md_escape(span.label)} | {fmt_value(span.score)} | {md_escape(shorten(span.text))} |")
        lines.append("")
    return lines


def render_markdown(report: Report) -> str:
    lines = ["# newssift report", ""]
    for label, value in header_facts(report):
        lines.append(f"- **{label}:** {md_escape(value)}")
    lines += ["", "## Signals", "", "No single verdict: read each signal with its evidence.", ""]
    lines += [f"- {md_escape(point)}" for point in report.summary.points]
    lines += [f"- *Not judged:* {md_escape(item)}" for item in report.summary.not_judged]
    lines.append("")
    for result in report.analyzers.values():
        lines += _analyzer(result)
    lines.append(
        f"*newssift {md_escape(report.newssift_version)}, report schema {report.schema_version}, "
        f"profile {md_escape(report.profile)}, {report.timings_ms.get('total', 0):.1f} ms*"
    )
    return "\n".join(lines) + "\n"
