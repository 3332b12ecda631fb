"""The web UI and REST API: ``create_app(settings)`` (FastAPI), run by ``newssift serve``.

A thin shell: analysis is :func:`newssift.api.analyze`, URL input goes through the
SSRF-safe :mod:`newssift.ingest.fetch`, storage is :mod:`newssift.store`.
"""

from .app import create_app, serve
from .settings import ServerSettings

__all__ = ["create_app", "serve", "ServerSettings"]
