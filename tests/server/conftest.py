"""Fixtures for the server tests: each store-backed test runs on SQLite and on PostgreSQL.

PostgreSQL comes from NEWSSIFT_TEST_POSTGRES_URL (``.ci/run`` starts one); without it
those variants skip, and fail under NEWSSIFT_REQUIRE_SERVICES=1.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from newssift.pipeline import Pipeline
from newssift.server import ServerSettings, create_app
from newssift.server.testing import pipeline_config, postgres_url, reset_database


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'reports.db'}"
    url = postgres_url()
    reset_database(url)
    return url


@pytest.fixture(scope="session")
def config():
    return pipeline_config()


@pytest.fixture(scope="session")
def pipeline(config):
    return Pipeline(config)


@pytest.fixture
def make_client(database_url, config, pipeline):
    """``make_client(require_keys=True, ...)``: a TestClient on a fresh database with these [server] settings."""
    clients: list[TestClient] = []

    def make(fetch: Any = None, raise_server_exceptions: bool = True, **changes: Any) -> TestClient:
        changes.setdefault("rate_limit_per_minute", 0)
        settings = ServerSettings.from_config(config, database_url=database_url, **changes)
        app = create_app(settings, config=config, pipeline=pipeline, fetch=fetch)
        client = TestClient(app, raise_server_exceptions=raise_server_exceptions)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)
        client.app.state.newssift.store.dispose()


@pytest.fixture
def client(make_client):
    return make_client()
