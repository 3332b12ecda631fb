"""GET /healthz (the process answers) and /readyz (database reachable, pipeline built)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from ..deps import State
from ..schemas import HealthOut

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthOut, summary="Liveness")
async def healthz() -> HealthOut:
    return HealthOut(status="ok")


@router.get("/readyz", response_model=HealthOut, summary="Readiness: database reachable and pipeline built",
            responses={503: {"model": HealthOut, "content": {"application/json": {"example": {
                "status": "not ready", "detail": {"database": False, "pipeline": True}}}}}})
async def readyz(state: State):
    database = await run_in_threadpool(state.store.ping)
    pipeline = state.pipeline is not None
    detail = {"database": database, "pipeline": pipeline}
    if database and pipeline:
        return HealthOut(status="ok", detail=detail)
    return JSONResponse(status_code=503, content={"status": "not ready", "detail": detail})
