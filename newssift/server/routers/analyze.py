"""POST /v1/analyze."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response
from fastapi.concurrency import run_in_threadpool

from ..deps import State, WriterKey
from ..schemas import ERROR_RESPONSES, AnalyzeIn, ReportOut, links
from ..service import find_or_analyze

router = APIRouter(prefix="/v1", tags=["analyze"])


@router.post(
    "/analyze",
    response_model=ReportOut,
    responses={200: {"description": "a stored report of the same article and versions (cached: true)"},
               201: {"description": "a new report"}, **ERROR_RESPONSES},
    status_code=201,
    summary="Analyze an article given as text, HTML or a URL",
)
async def analyze_article(
    body: AnalyzeIn, state: State, key: WriterKey, response: Response,
    fresh: bool = Query(False, description="analyze again even if a stored report matches (same as the body field)"),
) -> ReportOut:
    """Analyze one article and store its report.

    When keys are enabled (`require_keys` in [server]) this route needs an API key sent as
    `Authorization: Bearer KEY` or `X-API-Key: KEY`; the server's operator creates keys with
    `newssift keys create`. The same article analyzed by the same pipeline and model versions returns
    the stored report (`cached: true`, status 200) unless `fresh` is true.
    """
    stored, cached = await run_in_threadpool(
        find_or_analyze, state, body.model_dump(exclude={"fresh"}), fresh=fresh or body.fresh,
        key_id=key.id if key else None,
    )
    if cached:
        response.status_code = 200
    response.headers["Location"] = f"/v1/reports/{stored.id}"
    return ReportOut(id=stored.id, created_at=stored.created_at.isoformat(timespec="seconds"), cached=cached,
                     links=links(stored.id), report=stored.report or {})
