"""Shared body for classifier results (slant, hyperpartisan, reliability, clickbait).

Such a result holds ``summary``, ``label``, ``probabilities`` ({label: p}) and
``evidence`` (sentences with offsets, and weighted words/phrases), as the
:mod:`newssift.analyzers.text_classifier` base writes them. A thin module per
analyzer name re-exports :func:`terminal_body` and :func:`markdown_lines`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ...numbers import probability_text
from ...report import AnalyzerResult
from ..common import quoted, shorten
from ..source_table import md_cell

BAR_WIDTH = 20


def _parts(result: AnalyzerResult) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    data = result.result or {}
    evidence = data.get("evidence") or []
    sentences = [e for e in evidence if "start" in e]
    terms = [e for e in evidence if "start" not in e]
    return data, sentences, terms


def class_name(label: Any) -> str:
    """A label as a reader reads it ("non_clickbait" -> "not clickbait", "not_hyperpartisan" -> "not
    hyperpartisan"); the report's JSON keeps the model's labels."""
    text = str(label).replace("_", " ")
    return "not " + text[4:] if text.startswith("non ") else text


def _bar(p: float) -> str:
    filled = max(0, min(BAR_WIDTH, round(float(p) * BAR_WIDTH)))
    return "█" * filled + "·" * (BAR_WIDTH - filled)


def heldout_phrase(model: Any) -> str:
    """"accuracy 0.84 on dev articles of ..." when a result's ``model`` states its held-out figure, else ""."""
    heldout = model.get("heldout") if isinstance(model, Mapping) else None
    if not isinstance(heldout, Mapping) or not isinstance(heldout.get("value"), (int, float)):
        return ""
    return f"{heldout.get('metric', 'score')} {float(heldout['value']):.2f} on {heldout.get('on', 'held-out data')}"


def heldout_text(model: Any) -> str:
    phrase = heldout_phrase(model)
    return f"; {phrase}" if phrase else ""


def terminal_body(result: AnalyzerResult) -> Group:
    data, sentences, terms = _parts(result)
    parts: list[object] = [Text(str(data.get("summary", "")))]
    probabilities = data.get("probabilities") or {}
    if probabilities:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True)
        table.add_column(justify="right")
        table.add_column()
        for label, p in sorted(probabilities.items(), key=lambda item: -item[1]):
            style = "bold" if label == data.get("label") else ""
            table.add_row(Text(class_name(label), style=style), probability_text(p), _bar(p))
        parts.append(table)
    if sentences:
        parts.append(Text(f"Sentences that push most toward {class_name(data.get('label'))}:", style="bold"))
        for e in sentences:
            parts.append(Text(f"  {float(e['weight']):+.2f}  ") + Text(quoted(shorten(str(e["text"]), 100)),
                                                                        style="italic"))
    if terms:
        words = ", ".join(f"{quoted(str(e['text']))} ({float(e['weight']):+.2f})" for e in terms)
        parts.append(Text(f"Words and phrases toward {class_name(data.get('label'))}: ", style="bold") + Text(words))
    model = data.get("model") or {}
    if model:
        parts.append(Text(f"model {model.get('name')} {model.get('version')}; input: {data.get('input', 'text')}"
                          + heldout_text(model),
                          style="dim"))
    return Group(*parts)


def markdown_lines(result: AnalyzerResult) -> list[str]:
    data, sentences, terms = _parts(result)
    lines = [md_cell(str(data.get("summary", ""))), ""]
    probabilities = data.get("probabilities") or {}
    if probabilities:
        lines += ["| label | probability |", "|---|---:|"]
        for label, p in sorted(probabilities.items(), key=lambda item: -item[1]):
            name = md_cell(class_name(label))
            shown = f"**{name}**" if label == data.get("label") else name
            lines.append(f"| {shown} | {md_cell(probability_text(p))} |")
        lines.append("")
    if sentences:
        lines += [f"Sentences that push most toward {md_cell(class_name(data.get('label')))}:", ""]
        lines += [f"- ({float(e['weight']):+.2f}) {md_cell(quoted(shorten(str(e['text']), 160)))}" for e in sentences]
        lines.append("")
    if terms:
        words = ", ".join(f"{md_cell(quoted(str(e['text'])))} ({float(e['weight']):+.2f})" for e in terms)
        lines += [f"Words and phrases toward {md_cell(class_name(data.get('label')))}: {words}", ""]
    model = data.get("model") or {}
    if model:
        lines.append(f"*model {md_cell(str(model.get('name')))} {md_cell(str(model.get('version')))}; "
                     f"input: {md_cell(str(data.get('input', 'text')))}{md_cell(heldout_text(model))}*")
    return lines
