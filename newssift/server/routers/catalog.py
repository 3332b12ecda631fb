"""GET /v1/sources/{domain}, /v1/techniques and /v1/schema/report: reference data, no analysis."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from ...report import json_schema
from ...sources import lookup_for_config
from ...techniques import TECHNIQUES
from ..deps import ReaderLimit, State
from ..schemas import ERROR_RESPONSES, TechniqueOut, TechniquesOut

router = APIRouter(prefix="/v1", tags=["reference"], dependencies=[ReaderLimit])

SOURCE_EXAMPLE = {
    "outlet": "example.com", "host": "example.com", "rated": True,
    "summary": "Rated by 1 of 8 raters; on ordered scales: mbfc reporting high (4 on 0-5)",
    "ratings": [{"rater": "mbfc", "name": "Media Bias/Fact Check", "labels": {"reporting": "high"},
                 "scale": "reporting: very-low < low < mixed < mostly-factual < high < very-high",
                 "ordinal": {"value": 4, "size": 6, "level": "high"}, "data_date": "2026-08-19"}],
    "not_rated_by": ["opensources"],
}


@router.get("/sources/{domain}", summary="What every rater says of an outlet, side by side",
            responses={200: {"content": {"application/json": {"example": SOURCE_EXAMPLE}}},
                       422: ERROR_RESPONSES[422]})
async def get_source(domain: str, state: State) -> dict[str, Any]:
    """Each rater's own label, scale and date for the outlet of `domain` (a domain or host); never combined."""
    return await run_in_threadpool(lookup_for_config, domain[:2048], state.config)


@router.get("/techniques", response_model=TechniquesOut, summary="The propaganda techniques and their definitions")
async def get_techniques() -> TechniquesOut:
    return TechniquesOut(
        source="SemEval-2020 Task 11 (Da San Martino et al., 2020); definitions paraphrase the PTC guidelines",
        techniques=[TechniqueOut(**t.to_dict()) for t in TECHNIQUES],
    )


@router.get("/schema/report", summary="The report's JSON schema",
            responses={200: {"content": {"application/json": {"example": {"$id": "https://newssift.invalid/schema/report.v1.json"}}}}})
async def get_report_schema() -> dict[str, Any]:
    return json_schema()
