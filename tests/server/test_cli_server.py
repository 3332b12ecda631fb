"""`newssift keys create|list|revoke`, `newssift db upgrade` and `newssift serve`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from newssift.cli import app
from newssift.store import Store

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, list(args))


def test_keys_create_list_revoke(database_url):
    created = _run("keys", "create", "--name", "newsroom", "--database-url", database_url)
    assert created.exit_code == 0, created.output
    secret = created.output.split("secret (shown once, store it now): ")[1].split()[0]
    assert Store(database_url).check_key(secret).name == "newsroom"
    listed = json.loads(_run("keys", "list", "--json", "--database-url", database_url).output)
    assert [k["name"] for k in listed] == ["newsroom"] and secret not in json.dumps(listed)
    text = _run("keys", "list", "--database-url", database_url).output
    assert "active" in text and listed[0]["prefix"] in text and secret not in text
    revoked = _run("keys", "revoke", listed[0]["prefix"], "--database-url", database_url)
    assert revoked.exit_code == 0 and "revoked key" in revoked.output
    assert "revoked" in _run("keys", "list", "--database-url", database_url).output


def test_revoking_an_unknown_key_exits_2(database_url):
    result = _run("keys", "revoke", "12345", "--database-url", database_url)
    assert result.exit_code == 2 and "error[NS609]" in result.output


def test_db_upgrade(database_url):
    result = _run("db", "upgrade", "--database-url", database_url)
    assert result.exit_code == 0 and "revision 0001" in result.output


def test_bad_database_is_one_line_error():
    result = _run("db", "upgrade", "--database-url", "postgresql+psycopg://x:pw@127.0.0.1:9/none?connect_timeout=2")
    assert result.exit_code == 2 and result.output.startswith("error[NS610]") and "Traceback" not in result.output


def test_no_keys_yet_says_how_to_create_one(tmp_path):
    result = _run("keys", "list", "--database-url", f"sqlite:///{tmp_path / 'k.db'}")
    assert "newssift keys create" in result.output


def test_serve_runs_uvicorn_with_the_settings(monkeypatch, tmp_path):
    seen = {}

    def fake_run(app, **kwargs):
        seen.update(kwargs, title=app.title)

    monkeypatch.setattr("uvicorn.run", fake_run)
    result = _run("serve", "--port", "8123", "--require-keys", "--database-url", f"sqlite:///{tmp_path / 's.db'}")
    assert result.exit_code == 0, result.output
    assert seen["port"] == 8123 and seen["host"] == "127.0.0.1" and seen["title"] == "newssift"
