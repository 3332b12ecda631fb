"""SQL persistence of reports and API keys: SQLite by default, PostgreSQL by URL.

The schema is created and upgraded by the Alembic migrations shipped in
``newssift/store/migrations`` (:meth:`Store.upgrade`, run by ``newssift serve``
on start-up and by ``newssift db upgrade``). Reports are stored whole, as the
report JSON, next to the columns used to find them (outlet, date, title) and
the versions that produced them. A report's ``content_hash`` covers the article
and those versions (:func:`content_hash`), so re-analyzing the same article with
the same versions can return the stored report.

API keys are random secrets shown once; only their sha256 is stored.

Example:
    >>> store = Store("sqlite:///reports.db"); store.upgrade()
    >>> key, secret = store.create_key("newsroom")
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, Mapping

from sqlalchemy import create_engine, event, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import NewssiftError
from .models import ApiKeyRow, Base, ReportRow

__all__ = ["Store", "StoredReport", "ApiKey", "content_hash", "default_database_url", "KEY_PREFIX"]

KEY_PREFIX = "ns_"


def default_database_url() -> str:
    """``sqlite:///`` + ``$XDG_DATA_HOME/newssift/newssift.db`` (else ``~/.local/share/newssift/newssift.db``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return f"sqlite:///{Path(base) / 'newssift' / 'newssift.db'}"


def content_hash(fields: Mapping[str, Any], profile: str, versions: Mapping[str, Any]) -> str:
    """sha256 over the article's fields, the analyzer list and every version, as canonical JSON."""
    payload = json.dumps({"article": dict(fields), "profile": profile, "versions": versions}, sort_keys=True,
                         ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(value: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; everything stored is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _safe_url(url: str) -> str:
    """The database URL without its password, for messages."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is shown as the user wrote it
        return url


@dataclass(frozen=True)
class StoredReport:
    id: str
    created_at: datetime
    content_hash: str
    outlet: str | None
    title: str | None
    url: str | None
    profile: str
    newssift_version: str
    versions: dict[str, Any]
    report: dict[str, Any] | None  # None in listings

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id, "created_at": self.created_at.isoformat(timespec="seconds"), "outlet": self.outlet,
            "title": self.title, "url": self.url, "profile": self.profile, "newssift_version": self.newssift_version,
        }


@dataclass(frozen=True)
class ApiKey:
    id: int
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        def iso(value: datetime | None) -> str | None:
            return value.isoformat(timespec="seconds") if value else None

        return {"id": self.id, "name": self.name, "prefix": self.prefix, "created_at": iso(self.created_at),
                "revoked_at": iso(self.revoked_at), "last_used_at": iso(self.last_used_at)}


def _key(row: ApiKeyRow) -> ApiKey:
    return ApiKey(row.id, row.name, row.prefix, _aware(row.created_at), _aware(row.revoked_at),
                  _aware(row.last_used_at))


def _stored(row: ReportRow, with_report: bool = True) -> StoredReport:
    return StoredReport(
        id=row.id, created_at=_aware(row.created_at), content_hash=row.content_hash, outlet=row.outlet,
        title=row.title, url=row.url, profile=row.profile, newssift_version=row.newssift_version,
        versions=row.versions, report=json.loads(row.report_json) if with_report else None,
    )


class Store:
    """Reports and API keys in one SQL database (any SQLAlchemy URL; SQLite and PostgreSQL are tested)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_database_url()
        try:
            self.engine: Engine = self._engine(self.url)
        except (SQLAlchemyError, ValueError, OSError, ImportError) as exc:
            raise NewssiftError("NS610", url=_safe_url(self.url), detail=str(exc).splitlines()[0]) from None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @staticmethod
    def _engine(url: str) -> Engine:
        if url.startswith("sqlite"):
            path = url.split("///", 1)[1] if "///" in url else ""
            if path and path != ":memory:" and not path.startswith("file:"):
                Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_connection: Any, _record: Any) -> None:
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.close()

            return engine
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)

    @contextmanager
    def session(self) -> Iterator[Session]:
        try:
            with self._sessions() as session:
                with session.begin():
                    yield session
        except SQLAlchemyError as exc:
            raise NewssiftError("NS610", url=_safe_url(self.url), detail=str(exc).splitlines()[0]) from None

    # -- schema ---------------------------------------------------------------------

    def upgrade(self, revision: str = "head") -> None:
        """Create or upgrade the schema with the shipped Alembic migrations."""
        from alembic import command
        from alembic.config import Config as AlembicConfig

        folder = resources.files("newssift.store").joinpath("migrations")
        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(folder))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        try:
            with self.engine.begin() as connection:
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, revision)
        except SQLAlchemyError as exc:
            raise NewssiftError("NS610", url=_safe_url(self.url), detail=str(exc).splitlines()[0]) from None

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        try:
            with self.engine.connect() as connection:
                return MigrationContext.configure(connection).get_current_revision()
        except SQLAlchemyError as exc:
            raise NewssiftError("NS610", url=_safe_url(self.url), detail=str(exc).splitlines()[0]) from None

    def ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
            return True
        except SQLAlchemyError:
            return False

    def dispose(self) -> None:
        self.engine.dispose()

    # -- reports ----------------------------------------------------------------------

    def save_report(self, report: Mapping[str, Any], *, content_hash: str, key_id: int | None = None) -> StoredReport:
        """Store a report (a Report's ``model_dump()`` or its parsed JSON) and return it with its new id."""
        article = report.get("article") or {}
        versions = report.get("versions") or {}
        row = ReportRow(
            id=secrets.token_hex(8), content_hash=content_hash, created_at=_now(),
            newssift_version=str(report.get("newssift_version") or versions.get("newssift") or ""),
            profile=str(report.get("profile") or ""), versions=dict(versions),
            outlet=article.get("outlet"), host=article.get("host"), title=article.get("title"),
            url=article.get("url") or article.get("canonical_url"), input_kind=str(article.get("input_kind") or "text"),
            key_id=key_id, report_json=json.dumps(report, ensure_ascii=False),
        )
        with self.session() as session:
            session.add(row)
        return _stored(row)

    def get_report(self, report_id: str) -> StoredReport | None:
        with self.session() as session:
            row = session.get(ReportRow, report_id)
            return _stored(row) if row is not None else None

    def find_by_hash(self, digest: str) -> StoredReport | None:
        """The newest report with this content hash, if any."""
        with self.session() as session:
            row = session.scalars(
                select(ReportRow).where(ReportRow.content_hash == digest).order_by(ReportRow.created_at.desc()).limit(1)
            ).first()
            return _stored(row) if row is not None else None

    def list_reports(
        self,
        *,
        outlet: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> tuple[list[StoredReport], int]:
        """Reports, newest first, filtered by outlet (exact registrable domain or host) and creation date."""
        conditions = []
        if outlet:
            conditions.append(or_(ReportRow.outlet == outlet.lower(), ReportRow.host == outlet.lower()))
        if since is not None:
            conditions.append(ReportRow.created_at >= since)
        if until is not None:
            conditions.append(ReportRow.created_at < until)
        columns = [ReportRow.id, ReportRow.created_at, ReportRow.content_hash, ReportRow.outlet, ReportRow.title,
                   ReportRow.url, ReportRow.profile, ReportRow.newssift_version, ReportRow.versions]
        with self.session() as session:
            total = session.scalar(select(func.count()).select_from(ReportRow).where(*conditions)) or 0
            rows = session.execute(
                select(*columns).where(*conditions).order_by(ReportRow.created_at.desc(), ReportRow.id)
                .limit(limit).offset(offset)
            ).all()
        items = [
            StoredReport(id=r.id, created_at=_aware(r.created_at), content_hash=r.content_hash, outlet=r.outlet,
                         title=r.title, url=r.url, profile=r.profile, newssift_version=r.newssift_version,
                         versions=r.versions, report=None)
            for r in rows
        ]
        return items, int(total)

    def outlets(self, limit: int = 200) -> list[tuple[str, int]]:
        """Outlets with stored reports and how many each has, most first."""
        with self.session() as session:
            rows = session.execute(
                select(ReportRow.outlet, func.count()).where(ReportRow.outlet.is_not(None)).group_by(ReportRow.outlet)
                .order_by(func.count().desc(), ReportRow.outlet).limit(limit)
            ).all()
        return [(outlet, int(count)) for outlet, count in rows]

    # -- API keys -----------------------------------------------------------------------

    def create_key(self, name: str) -> tuple[ApiKey, str]:
        """A new key and its secret; the secret is not stored and cannot be shown again."""
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        row = ApiKeyRow(name=name, prefix=secret[: len(KEY_PREFIX) + 8], secret_sha256=_hash_secret(secret),
                        created_at=_now())
        with self.session() as session:
            session.add(row)
            session.flush()
            key = _key(row)
        return key, secret

    def list_keys(self) -> list[ApiKey]:
        with self.session() as session:
            return [_key(row) for row in session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.id))]

    def revoke_key(self, key: str) -> ApiKey:
        """Revoke the key with this id or prefix (NS609 if none, or if a prefix matches several)."""
        with self.session() as session:
            if key.isdigit():
                rows = [row for row in [session.get(ApiKeyRow, int(key))] if row is not None]
            else:
                rows = list(session.scalars(select(ApiKeyRow).where(ApiKeyRow.prefix == key.rstrip("."))))
            if len(rows) != 1:
                raise NewssiftError("NS609", key=key)
            row = rows[0]
            if row.revoked_at is None:
                row.revoked_at = _now()
            return _key(row)

    def check_key(self, secret: str) -> ApiKey:
        """The key whose secret this is: NS602 if there is none, NS603 if it was revoked."""
        digest = _hash_secret(secret)
        with self.session() as session:
            row = session.scalars(select(ApiKeyRow).where(ApiKeyRow.secret_sha256 == digest)).first()
            if row is None:
                raise NewssiftError("NS602")
            if row.revoked_at is not None:
                raise NewssiftError("NS603", prefix=row.prefix,
                                    revoked_at=_aware(row.revoked_at).isoformat(timespec="seconds"))
            now = _now()
            last = _aware(row.last_used_at)
            if last is None or (now - last).total_seconds() > 60:  # one write a minute per key, not per request
                row.last_used_at = now
            return _key(row)


_ = Base  # re-exported for Alembic autogenerate users
