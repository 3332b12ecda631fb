"""SQLAlchemy 2 models of the report store (the migrations in ``migrations/`` create them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ReportRow(Base):
    """One stored report, with the versions that produced it.

    ``content_hash`` is sha256 over the article (text and metadata) plus the
    pipeline's analyzer list and every analyzer, model and data version: the
    same article analyzed by the same versions has the same hash.
    """

    __tablename__ = "reports"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    newssift_version: Mapped[str] = mapped_column(String(32))
    profile: Mapped[str] = mapped_column(String(500))
    versions: Mapped[dict[str, Any]] = mapped_column(JSON)
    outlet: Mapped[str | None] = mapped_column(String(255), index=True, nullable=True)
    host: Mapped[str | None] = mapped_column(String(255), nullable=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    input_kind: Mapped[str] = mapped_column(String(16))
    key_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    report_json: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_reports_outlet_created", "outlet", "created_at"),)


class ApiKeyRow(Base):
    """An API key: only the sha256 of the secret is stored; ``prefix`` identifies it in listings."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
