"""Analyzers: one thin module each. Article -> model inputs -> findings on the Article."""

from .base import Analyzer

__all__ = ["Analyzer"]
