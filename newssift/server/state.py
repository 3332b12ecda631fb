"""What the app holds for its lifetime: settings, pipeline, store, limiter, fetcher."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable

from ..config import Config, load_config
from ..pipeline import Pipeline
from ..store import Store
from .security import RateLimiter
from .settings import ServerSettings


@dataclass
class AppState:
    settings: ServerSettings
    config: Config
    store: Store
    limiter: RateLimiter
    analyses: threading.BoundedSemaphore
    fetch: Callable[..., Any]
    pipeline: Pipeline | None = None

    @classmethod
    def build(
        cls,
        settings: ServerSettings,
        *,
        config: Config | None = None,
        store: Store | None = None,
        fetch: Callable[..., Any] | None = None,
        pipeline: Pipeline | None = None,
    ) -> "AppState":
        from ..ingest.fetch import fetch_url

        if config is None:
            config = load_config(settings.config_path)
        else:  # a copy: the caps below must not change the caller's config
            config = Config({name: dict(values) for name, values in config.sections.items()}, list(config.sources))
        # the server's own caps apply to everything it ingests
        config.sections["input"]["max_article_chars"] = min(
            int(config["input"]["max_article_chars"]), settings.max_article_chars
        )
        config.sections["input"]["max_input_bytes"] = min(int(config["input"]["max_input_bytes"]), settings.max_body_bytes)
        if fetch is None:
            fetch = partial(fetch_url, allow=list(settings.fetch_allow) or None)
        return cls(
            settings=settings, config=config, store=store or Store(settings.store_url),
            limiter=RateLimiter(settings.rate_limit_per_minute),
            analyses=threading.BoundedSemaphore(settings.max_concurrent_analyses), fetch=fetch, pipeline=pipeline,
        )

    def get_pipeline(self) -> Pipeline:
        if self.pipeline is None:
            self.pipeline = Pipeline(self.config)
        return self.pipeline
