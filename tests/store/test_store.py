"""The report store on SQLite and PostgreSQL: migrations, reports by hash/outlet/date, hashed API keys."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, inspect, text

from newssift.errors import NewssiftError
from newssift.server.testing import postgres_url, reset_database
from newssift.store import KEY_PREFIX, Store, content_hash, default_database_url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'sub' / 'store.db'}"
    else:
        url = postgres_url()
        reset_database(url)
    s = Store(url)
    s.upgrade()
    yield s
    s.dispose()


def _report(outlet: str | None = "example.com", title: str = "A title", newssift: str = "0.1.0") -> dict:
    return {
        "newssift_version": newssift, "profile": "source,style",
        "article": {"outlet": outlet, "host": f"www.{outlet}" if outlet else None, "title": title,
                    "url": f"https://www.{outlet}/a" if outlet else None, "input_kind": "text"},
        "text": "Some text.", "versions": {"newssift": newssift, "analyzers": {"source": {"version": "1"}}},
    }


def test_migrations_create_the_tables_and_are_idempotent(store):
    assert store.current_revision() == "0001"
    store.upgrade()  # again: nothing to do
    tables = set(inspect(store.engine).get_table_names())
    assert {"reports", "api_keys", "alembic_version"} <= tables


def test_sqlite_file_is_created_in_missing_folder(tmp_path):
    url = f"sqlite:///{tmp_path / 'a' / 'b' / 'n.db'}"
    Store(url).upgrade()
    assert (tmp_path / "a" / "b" / "n.db").is_file()


def test_default_url_is_a_sqlite_file_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_database_url() == f"sqlite:///{tmp_path / 'newssift' / 'newssift.db'}"


def test_report_round_trip_with_versions(store):
    saved = store.save_report(_report(), content_hash="h1", key_id=None)
    got = store.get_report(saved.id)
    assert got is not None and got.report == _report()
    assert got.versions == {"newssift": "0.1.0", "analyzers": {"source": {"version": "1"}}}
    assert got.newssift_version == "0.1.0" and got.profile == "source,style"
    assert got.created_at.tzinfo is not None
    assert store.get_report("nope") is None


def test_find_by_hash_returns_the_newest(store):
    assert store.find_by_hash("h") is None
    store.save_report(_report(title="old"), content_hash="h")
    newer = store.save_report(_report(title="new"), content_hash="h")
    store.save_report(_report(title="other"), content_hash="other")
    assert store.find_by_hash("h").id == newer.id


def test_list_filters_by_outlet_and_date_and_paginates(store):
    ids = [store.save_report(_report(outlet=o, title=str(i)), content_hash=str(i)).id
           for i, o in enumerate(["a.com", "b.org", "a.com", None, "a.com"])]
    items, total = store.list_reports(outlet="a.com", limit=2)
    assert total == 3 and [i.id for i in items] == [ids[4], ids[2]]
    assert all(item.report is None for item in items)
    items, total = store.list_reports(outlet="a.com", limit=2, offset=2)
    assert [i.id for i in items] == [ids[0]]
    assert store.list_reports(outlet="www.b.org")[1] == 1  # the host matches too
    now = datetime.now(timezone.utc)
    assert store.list_reports(since=now - timedelta(hours=1))[1] == 5
    assert store.list_reports(since=now + timedelta(hours=1))[1] == 0
    assert store.list_reports(until=now - timedelta(hours=1))[1] == 0
    assert dict(store.outlets()) == {"a.com": 3, "b.org": 1}


def test_content_hash_changes_with_article_and_versions():
    base = content_hash({"text": "t", "title": None}, "source,style", {"newssift": "0.1.0"})
    assert base == content_hash({"title": None, "text": "t"}, "source,style", {"newssift": "0.1.0"})
    assert base != content_hash({"text": "t2", "title": None}, "source,style", {"newssift": "0.1.0"})
    assert base != content_hash({"text": "t", "title": None}, "source", {"newssift": "0.1.0"})
    assert base != content_hash({"text": "t", "title": None}, "source,style", {"newssift": "0.2.0"})


def test_keys_are_stored_hashed_and_shown_once(store):
    key, secret = store.create_key("newsroom")
    assert secret.startswith(KEY_PREFIX) and len(secret) > 40 and secret.startswith(key.prefix)
    with store.engine.connect() as connection:
        stored = connection.execute(text("SELECT secret_sha256, prefix FROM api_keys")).one()
    assert stored.secret_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in " ".join(map(str, stored))
    checked = store.check_key(secret)
    assert checked.id == key.id and checked.last_used_at is not None
    assert [k.name for k in store.list_keys()] == ["newsroom"]


def test_wrong_and_revoked_keys_are_refused(store):
    key, secret = store.create_key("k")
    with pytest.raises(NewssiftError) as wrong:
        store.check_key(secret + "x")
    assert wrong.value.code == "NS602"
    revoked = store.revoke_key(key.prefix)
    assert revoked.revoked_at is not None
    with pytest.raises(NewssiftError) as refused:
        store.check_key(secret)
    assert refused.value.code == "NS603" and key.prefix in refused.value.message
    assert store.revoke_key(str(key.id)).revoked_at == revoked.revoked_at  # revoking twice keeps the date


def test_revoking_an_unknown_key_is_NS609(store):
    with pytest.raises(NewssiftError) as excinfo:
        store.revoke_key("ns_nothere")
    assert excinfo.value.code == "NS609"


def test_unreachable_database_is_NS610(tmp_path):
    store = Store("postgresql+psycopg://nobody:secret@127.0.0.1:9/nodb?connect_timeout=2")
    assert store.ping() is False
    with pytest.raises(NewssiftError) as excinfo:
        store.upgrade()
    assert excinfo.value.code == "NS610"
    assert "secret" not in excinfo.value.message  # the password is hidden
    with pytest.raises(NewssiftError) as bad_url:
        Store("nosuchdialect://x")
    assert bad_url.value.code == "NS610"


def test_postgres_and_sqlite_store_unicode_and_large_reports(store):
    report = _report(title="Grüße — ✓ 中文 <script>")
    report["text"] = "ß" * 150_000
    saved = store.save_report(report, content_hash="u")
    assert store.get_report(saved.id).report["article"]["title"] == "Grüße — ✓ 中文 <script>"


def test_reset_helper_empties_the_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    Store(url).upgrade()
    reset_database(url)
    assert inspect(create_engine(url)).get_table_names() == []
