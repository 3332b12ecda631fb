"""Per-analyzer rendering: a module ``newssift.render.analyzers.<analyzer name>`` may define

- ``terminal_body(result: AnalyzerResult) -> rich renderable`` and
- ``markdown_lines(result: AnalyzerResult) -> list[str]`` (escape untrusted text with
  ``newssift.render.source_table.md_cell``),

which replace the generic body (summary + spans table) for that analyzer. An
analyzer without such a module is drawn generically, so new analyzers show up
without renderer changes.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType


def custom_renderer(analyzer_name: str) -> ModuleType | None:
    if not analyzer_name.isidentifier():
        return None
    try:
        return import_module(f"{__name__}.{analyzer_name}")
    except ModuleNotFoundError as error:
        if error.name == f"{__name__}.{analyzer_name}":
            return None
        raise
