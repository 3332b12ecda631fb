"""GET /v1/reports and /v1/reports/{id}."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool

from ...errors import NewssiftError
from ...store import StoredReport
from ..deps import ReaderLimit, StoreDep
from ..schemas import ERROR_RESPONSES, ReportOut, ReportPage, ReportSummaryOut, links

router = APIRouter(prefix="/v1", tags=["reports"], dependencies=[ReaderLimit])


def parse_day(value: str | None, name: str) -> datetime | None:
    """``2026-11-03`` or a full ISO timestamp, as an aware UTC datetime (NS607 otherwise)."""
    if not value:
        return None
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(), tzinfo=timezone.utc)
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise NewssiftError("NS607", detail=f"{name} must be a date such as 2026-11-03, got {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def summary_out(item: StoredReport) -> ReportSummaryOut:
    return ReportSummaryOut(**item.summary(), links=links(item.id))


class ListQuery:
    def __init__(
        self,
        outlet: Annotated[str | None, Query(max_length=255, description="registrable domain or host, e.g. example.com",
                                            examples=["example.com"])] = None,
        since: Annotated[str | None, Query(description="reports created on or after this date (UTC)",
                                           examples=["2026-11-01"])] = None,
        until: Annotated[str | None, Query(description="reports created on or before this date (UTC, inclusive)",
                                           examples=["2026-11-30"])] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> None:
        self.outlet, self.limit, self.offset = (outlet or "").strip() or None, limit, offset
        self.since = parse_day(since, "since")
        until_at = parse_day(until, "until")
        if until_at is not None and until and len(until) == 10:
            until_at += timedelta(days=1)  # a day is inclusive
        self.until = until_at
        self.raw = {"outlet": outlet, "since": since, "until": until}


@router.get("/reports", response_model=ReportPage, responses={422: ERROR_RESPONSES[422]},
            summary="List stored reports, newest first, by outlet and date")
async def list_reports(store: StoreDep, query: Annotated[ListQuery, Depends()]) -> ReportPage:
    items, total = await run_in_threadpool(
        store.list_reports, outlet=query.outlet, since=query.since, until=query.until, limit=query.limit,
        offset=query.offset,
    )
    next_url = None
    if query.offset + len(items) < total:
        params = {k: v for k, v in query.raw.items() if v}
        params.update(limit=query.limit, offset=query.offset + query.limit)
        next_url = "/v1/reports?" + urlencode(params)
    return ReportPage(items=[summary_out(item) for item in items], total=total, limit=query.limit,
                      offset=query.offset, next=next_url)


@router.get("/reports/{report_id}", response_model=ReportOut,
            responses={404: {"model": ERROR_RESPONSES[401]["model"], "description": "no such report (NS606)"}},
            summary="One stored report")
async def get_report(report_id: str, store: StoreDep) -> ReportOut:
    """The report with this id, as stored (`cached` is always true here)."""
    stored = await run_in_threadpool(load_report, store, report_id)
    return ReportOut(id=stored.id, created_at=stored.created_at.isoformat(timespec="seconds"), cached=True,
                     links=links(stored.id), report=stored.report or {})


def load_report(store, report_id: str) -> StoredReport:
    stored = store.get_report(report_id) if len(report_id) <= 64 else None
    if stored is None:
        raise NewssiftError("NS606", report_id=report_id[:64])
    return stored
