"""The ``[server]`` section of the configuration, typed."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..config import Config, as_list, load_config
from ..store import default_database_url


@dataclass(frozen=True)
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = ""
    require_keys: bool = False
    rate_limit_per_minute: int = 60
    max_body_bytes: int = 2_000_000
    max_article_chars: int = 100_000
    max_concurrent_analyses: int = 1
    queue_timeout: float = 30.0
    cors_origins: tuple[str, ...] = ()
    fetch_allow: tuple[str, ...] = ()
    config_path: str | None = field(default=None, compare=False)

    @classmethod
    def from_config(cls, config: Config, config_path: str | None = None, **changes: Any) -> "ServerSettings":
        section = dict(config["server"])
        settings = cls(
            host=str(section["host"]),
            port=int(section["port"]),
            database_url=str(section["database_url"] or ""),
            require_keys=bool(section["require_keys"]),
            rate_limit_per_minute=int(section["rate_limit_per_minute"]),
            max_body_bytes=int(section["max_body_bytes"]),
            max_article_chars=int(section["max_article_chars"]),
            max_concurrent_analyses=max(1, int(section["max_concurrent_analyses"])),
            queue_timeout=float(section["queue_timeout"]),
            cors_origins=tuple(as_list(section["cors_origins"])),
            fetch_allow=tuple(as_list(section["fetch_allow"])),
            config_path=config_path,
        )
        return replace(settings, **changes) if changes else settings

    @classmethod
    def load(cls, config_path: str | None = None, **changes: Any) -> "ServerSettings":
        return cls.from_config(load_config(config_path), config_path, **changes)

    @property
    def store_url(self) -> str:
        return self.database_url or default_database_url()
