"""The [server] section: defaults, a user file, and how the server's caps reach ingest."""

from __future__ import annotations

from newssift.config import load_config
from newssift.server.settings import ServerSettings
from newssift.server.state import AppState
from newssift.store import Store


def test_defaults():
    settings = ServerSettings.load()
    assert (settings.host, settings.port, settings.require_keys) == ("127.0.0.1", 8000, False)
    assert settings.database_url == "" and settings.store_url.startswith("sqlite:///")
    assert settings.cors_origins == () and settings.rate_limit_per_minute == 60


def test_user_file_overrides(tmp_path):
    path = tmp_path / "my.cfg"
    path.write_text("[server]\nport = 9000\nrequire_keys = true\ncors_origins = https://a.example, https://b.example\n"
                    "database_url = postgresql+psycopg://u:p@db/newssift\n")
    settings = ServerSettings.load(str(path))
    assert settings.port == 9000 and settings.require_keys is True
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.store_url == "postgresql+psycopg://u:p@db/newssift"
    assert ServerSettings.load(str(path), port=1234).port == 1234


def test_server_caps_apply_to_ingest_without_changing_the_callers_config(tmp_path):
    config = load_config()
    settings = ServerSettings.from_config(config, max_article_chars=1000, max_body_bytes=5000)
    state = AppState.build(settings, config=config, store=Store(f"sqlite:///{tmp_path / 'x.db'}"))
    assert state.config["input"]["max_article_chars"] == 1000 and state.config["input"]["max_input_bytes"] == 5000
    assert config["input"]["max_article_chars"] == 200000
