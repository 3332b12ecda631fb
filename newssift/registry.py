"""Named, versioned factories.

Components register under a name and declare what they need and what they
produce (spaCy's ``Language.factory(requires=, assigns=)``; stanza's
``REQUIRES_DEFAULT``/``PROVIDES_DEFAULT``), so the pipeline can check a
configuration when it is built rather than on the 40,000th article.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable

from .errors import NewssiftError

# Modules that register the built-in analyzers. Later analyzers add a line here
# (or register from a plugin module named in the config's `pipeline.plugins`).
BUILTIN_MODULES = (
    "newssift.analyzers.source",
    "newssift.analyzers.style",
    "newssift.analyzers.techniques",
    "newssift.analyzers.slant",
    "newssift.analyzers.clickbait",
    "newssift.analyzers.claims",
    "newssift.analyzers.hyperpartisan",
    "newssift.analyzers.reliability",
)


@dataclass(frozen=True)
class AnalyzerSpec:
    name: str
    version: str
    factory: Callable[..., Any]
    requires: tuple[str, ...]
    produces: tuple[str, ...]
    default_config: dict[str, Any] = field(default_factory=dict)
    doc: str = ""

    @property
    def registry_name(self) -> str:
        return f"newssift.{self.name}.v{self.version}"


_ANALYZERS: dict[str, AnalyzerSpec] = {}
_loaded = False


def register_analyzer(
    name: str,
    *,
    version: str,
    requires: tuple[str, ...] | list[str] = (),
    produces: tuple[str, ...] | list[str] = (),
    default_config: dict[str, Any] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Class decorator registering an analyzer factory under ``name``.

    ``requires``/``produces`` name Article attributes (``"sentences"``,
    ``"language"``, ``"outlet"``) or other analyzers' results
    (``"results.claims"``).
    """

    def decorate(factory: Callable[..., Any]) -> Callable[..., Any]:
        _ANALYZERS[name] = AnalyzerSpec(
            name=name,
            version=str(version),
            factory=factory,
            requires=tuple(requires),
            produces=tuple(produces) or (f"results.{name}",),
            default_config=dict(default_config or {}),
            doc=(factory.__doc__ or "").strip(),
        )
        return factory

    return decorate


def load_builtins(extra_modules: tuple[str, ...] | list[str] = ()) -> None:
    global _loaded
    if not _loaded:
        for module in BUILTIN_MODULES:
            importlib.import_module(module)
        _loaded = True
    for module in extra_modules:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise NewssiftError("NS307", name=module, detail=str(exc)) from None


def get_analyzer(name: str) -> AnalyzerSpec:
    load_builtins()
    try:
        return _ANALYZERS[name]
    except KeyError:
        raise NewssiftError("NS302", name=name, known=", ".join(sorted(_ANALYZERS))) from None


def analyzers() -> dict[str, AnalyzerSpec]:
    load_builtins()
    return dict(_ANALYZERS)
