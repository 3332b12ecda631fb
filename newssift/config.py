"""Settings: shipped defaults in ``default.cfg``, overridden key by key by a user file.

The pattern is trafilatura's ``settings.cfg`` + ``use_config``: the defaults
are a commented INI file in the package; a user file names only the keys it
changes. Unknown sections or keys, and values that do not parse to the
default's type, fail with a coded error when the configuration is loaded.
"""

from __future__ import annotations

import configparser
import os
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from .errors import NewssiftError

_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


def _parse(raw: str) -> Any:
    """Parse a default value: bool, int, float, comma-separated list, or string."""
    value = raw.strip()
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    if "," in value:
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def _coerce(key: str, raw: Any, default: Any) -> Any:
    """Coerce a user value to the type of the default."""
    if not isinstance(raw, str):
        value = raw
    else:
        value = raw.strip()
    try:
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            low = str(value).lower()
            if low in _TRUE | _FALSE:
                return low in _TRUE
            raise ValueError("expected true or false")
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        if isinstance(default, list):
            return as_list(value)
        return value if isinstance(value, str) else str(value)
    except (TypeError, ValueError) as exc:
        raise NewssiftError("NS304", key=key, value=raw, detail=str(exc) or "wrong type") from None


def as_list(value: Any) -> list[str]:
    """A setting as a list of strings (``"a, b"``, ``["a", "b"]`` or ``""``)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return [str(item).strip() for item in value]


class Config:
    """Parsed settings: ``config["pipeline"]["analyzers"]``."""

    def __init__(self, sections: dict[str, dict[str, Any]], sources: list[str]) -> None:
        self.sections = sections
        self.sources = sources  # files that contributed, for the report

    def __getitem__(self, section: str) -> dict[str, Any]:
        return self.sections[section]

    def get(self, section: str, default: Any = None) -> Any:
        return self.sections.get(section, default)

    def analyzer(self, name: str) -> dict[str, Any]:
        return dict(self.sections.get(f"analyzer.{name}", {}))

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return {name: dict(values) for name, values in self.sections.items()}


def _read_ini(text: str, origin: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, inline_comment_prefixes=None)
    parser.optionxform = str  # keep key case
    try:
        parser.read_string(text, source=origin)
    except configparser.Error as exc:
        raise NewssiftError("NS301", path=origin, detail=str(exc).splitlines()[0]) from None
    return parser


def default_text() -> str:
    return resources.files("newssift").joinpath("default.cfg").read_text(encoding="utf-8")


def load_config(
    path: str | os.PathLike[str] | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> Config:
    """Load ``default.cfg``, then the user file ``path`` (or ``$NEWSSIFT_CONFIG``), then ``overrides``.

    ``overrides`` is ``{"section": {"key": value}}``, for programmatic use.
    """
    defaults = _read_ini(default_text(), "newssift/default.cfg")
    sections: dict[str, dict[str, Any]] = {
        name: {key: _parse(raw) for key, raw in defaults[name].items()} for name in defaults.sections()
    }
    sources = ["newssift/default.cfg"]

    layers: list[tuple[str, Mapping[str, Mapping[str, Any]]]] = []
    path = path or os.environ.get("NEWSSIFT_CONFIG") or None
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise NewssiftError("NS301", path=str(path), detail=exc.__class__.__name__ + ": " + str(exc)) from None
        user = _read_ini(text, str(path))
        layers.append((str(path), {name: dict(user[name]) for name in user.sections()}))
    if overrides:
        layers.append(("overrides", overrides))

    for origin, layer in layers:
        for section, values in layer.items():
            if section not in sections:
                raise NewssiftError("NS305", key=f"[{section}]")
            for key, raw in values.items():
                if key not in sections[section]:
                    raise NewssiftError("NS305", key=f"{section}.{key}")
                sections[section][key] = _coerce(f"{section}.{key}", raw, sections[section][key])
        sources.append(origin)
    return Config(sections, sources)
