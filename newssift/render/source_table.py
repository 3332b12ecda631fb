"""The source result as a table: one row per rater, side by side, never combined.

Used by ``newssift source DOMAIN`` and by the terminal and Markdown reports.
Everything in a source result can come from a user rater table, so it is
treated as untrusted: Rich markup is escaped with :func:`rich.markup.escape`,
and Markdown cells escape ``|``, HTML and the characters that would change
the table or its emphasis.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from rich.markup import escape
from rich.table import Table

COLUMNS = ("Rater", "Label (as written)", "Scale", "Normalized", "Date")
NO_ORDINAL = "—"


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_value_text(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "n/a"
    return str(value)


def label_text(labels: Mapping[str, Any] | None) -> str:
    """``bias: conspiracy-pseudoscience; reporting: very-low`` (labels as the rater wrote them)."""
    return "; ".join(f"{name}: {_value_text(value)}" for name, value in (labels or {}).items())


def ordinal_text(ordinal: Mapping[str, Any] | None) -> str:
    """``0 on 0-5 (very-low); higher = more factual reporting ...``, or an em dash when the scale is not ordered."""
    if not ordinal:
        return NO_ORDINAL
    size = ordinal.get("size")
    text = f"{ordinal.get('value')} on 0–{size - 1 if isinstance(size, int) else '?'}"
    if ordinal.get("level") is not None:
        text += f" ({_value_text(ordinal['level'])})"
    if ordinal.get("direction"):
        text += f"; {ordinal['direction']}"
    return text


def rater_text(rating: Mapping[str, Any]) -> str:
    """Rater name and id, plus how the outlet matched when it was not the host itself."""
    text = f"{rating.get('name') or rating.get('rater')} [{rating.get('rater')}]"
    matched = rating.get("matched") or {}
    if matched and matched.get("how") != "exact host":
        text += f"\n{matched.get('via')}: {matched.get('how')} {matched.get('key')}"
    elif matched and "/" in str(matched.get("key", "")):
        text += f"\nkey {matched.get('key')}"
    return text


def main_scale(rating: Mapping[str, Any]) -> str:
    """The scale that matters most: the ordered field's (``reporting: very-low < ... < very-high``), else all of it."""
    return str((rating.get("ordinal") or {}).get("scale") or rating.get("scale") or "")


def _rows(result: Mapping[str, Any]) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for rating in result.get("ratings") or ():
        rows.append(
            (
                rater_text(rating),
                label_text(rating.get("labels")),
                main_scale(rating),
                ordinal_text(rating.get("ordinal")),
                str(rating.get("data_date") or ""),
            )
        )
    return rows


def _caption(result: Mapping[str, Any]) -> str:
    parts = []
    unrated = result.get("not_rated_by") or []
    if unrated:
        parts.append("Not rated by: " + ", ".join(map(str, unrated)) + ".")
    if result.get("ratings"):
        parts.append("Each row is one rater's own label; rows are not combined into a score.")
    return " ".join(parts)


def source_table(result: Mapping[str, Any]) -> Table:
    """A Rich table of a source result (``article.results["source"]`` or ``newssift source --json``)."""
    outlet = result.get("outlet") or result.get("host") or "outlet"
    title = f"{outlet}: {result.get('summary') or ''}".rstrip(": ")
    table = Table(title=escape(title), caption=escape(_caption(result)) or None, show_lines=True, expand=False)
    table.add_column(COLUMNS[0], overflow="fold")
    table.add_column(COLUMNS[1], overflow="fold")
    table.add_column(COLUMNS[2], overflow="fold", style="dim")
    table.add_column(COLUMNS[3], overflow="fold")
    table.add_column(COLUMNS[4], no_wrap=True)
    rows = _rows(result)
    for rater, labels, scale, ordinal, date in rows:
        # cells are rendered as markup, so every untrusted string is escaped first
        table.add_row(escape(rater), escape(labels.replace("; ", "\n")), escape(scale), escape(ordinal), escape(date))
    if not rows:
        table.add_row(escape(str(result.get("summary") or "not rated by any rater")), "", "", "", "")
    return table


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def md_cell(value: Any) -> str:
    """One Markdown table cell: one line, HTML-escaped, ``|`` and emphasis characters escaped."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def source_markdown(result: Mapping[str, Any]) -> str:
    """A Markdown table of a source result (one row per rater), with the unrated raters below it."""
    lines = []
    rows = _rows(result)
    if rows:
        lines.append("| " + " | ".join(COLUMNS) + " |")
        lines.append("|" + "---|" * len(COLUMNS))
        for row in rows:
            lines.append("| " + " | ".join(md_cell(cell) for cell in row) + " |")
    else:
        lines.append(md_cell(result.get("summary") or "not rated by any rater"))
    caption = _caption(result)
    if caption:
        lines += ["", md_cell(caption)]
    return "\n".join(lines)
