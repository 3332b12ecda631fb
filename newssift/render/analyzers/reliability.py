"""Rendering of `reliability` results: the shared classifier body (probabilities, evidence sentences, weighted words)."""

from .classifier import markdown_lines, terminal_body

__all__ = ["markdown_lines", "terminal_body"]
