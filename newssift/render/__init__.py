"""Renderers: a Report in, a string (or terminal output) out.

Every renderer treats the article's text and metadata as untrusted: Rich
output never parses them as markup, Markdown escapes them.
"""

from __future__ import annotations

from typing import Callable

from ..errors import NewssiftError
from ..report import Report


def _json(report: Report) -> str:
    return report.to_json()


def _markdown(report: Report) -> str:
    from .markdown import render_markdown

    return render_markdown(report)


def _terminal(report: Report) -> str:
    from .terminal import render_terminal_text

    return render_terminal_text(report)


RENDERERS: dict[str, Callable[[Report], str]] = {"terminal": _terminal, "json": _json, "markdown": _markdown}


def _ptc(report: Report) -> str:
    from .ptc import render_ptc

    return render_ptc(report)


RENDERERS["ptc"] = _ptc  # SemEval-2020 Task 11 TSV of the techniques spans


def render(report: Report, fmt: str) -> str:
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise NewssiftError("NS306", name=fmt, known=", ".join(RENDERERS)) from None
    return renderer(report)
