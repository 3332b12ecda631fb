"""Request and response models of the REST API (with the examples shown in the OpenAPI document)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

EXAMPLE_TEXT = (
    "The council voted 6 to 3 on Monday to replace the Harbor Bridge. Let's be clear: this is a reckless, "
    "shameful gamble with your money, council member Rosa Alvarez said."
)


class AnalyzeIn(BaseModel):
    """One article: ``text`` or ``html`` (with an optional ``url`` naming the outlet), or a ``url`` alone to fetch."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"text": EXAMPLE_TEXT, "title": "Council approves bridge", "url": "https://www.example.com/bridge"},
                {"url": "https://www.example.com/news/2026/11/03/bridge"},
                {"html": "<html><body><article><p>...</p></article></body></html>", "fresh": True},
            ]
        },
    )

    text: str | None = Field(None, description="the article as plain text; every offset in the report indexes into it")
    html: str | None = Field(None, description="the article page as HTML (the text is extracted)")
    url: str | None = Field(
        None, max_length=2048,
        description="alone: an http(s) page fetched by the SSRF-safe fetcher; with text or html: names the outlet",
    )
    title: str | None = Field(None, max_length=2000)
    author: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=64, description="publication date, e.g. 2026-11-03")
    fresh: bool = Field(False, description="analyze again even if this article was analyzed by the same versions")


class Links(BaseModel):
    self: str
    html: str
    json_download: str


class ReportOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "3f9c2a1b7d4e5f60", "created_at": "2026-11-24T12:00:00+00:00", "cached": False,
                    "links": {"self": "/v1/reports/3f9c2a1b7d4e5f60", "html": "/reports/3f9c2a1b7d4e5f60",
                              "json_download": "/reports/3f9c2a1b7d4e5f60.json"},
                    "report": {"schema_version": "1.0", "profile": "source,style", "article": {"outlet": "example.com"},
                               "text": "...", "analyzers": {}, "not_judged": []},
                }
            ]
        }
    )

    id: str
    created_at: str
    cached: bool = Field(description="true when a stored report of the same article and versions was returned")
    links: Links
    report: dict[str, Any] = Field(description="the report; its JSON schema is at GET /v1/schema/report")


class ReportSummaryOut(BaseModel):
    id: str
    created_at: str
    outlet: str | None
    title: str | None
    url: str | None
    profile: str
    newssift_version: str
    links: Links


class ReportPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [{"id": "3f9c2a1b7d4e5f60", "created_at": "2026-11-24T12:00:00+00:00",
                               "outlet": "example.com", "title": "Council approves bridge",
                               "url": "https://www.example.com/bridge", "profile": "source,style",
                               "newssift_version": "0.1.0",
                               "links": {"self": "/v1/reports/3f9c2a1b7d4e5f60", "html": "/reports/3f9c2a1b7d4e5f60",
                                         "json_download": "/reports/3f9c2a1b7d4e5f60.json"}}],
                    "total": 1, "limit": 20, "offset": 0, "next": None,
                }
            ]
        }
    )

    items: list[ReportSummaryOut]
    total: int
    limit: int
    offset: int
    next: str | None = Field(description="the URL of the next page, or null on the last page")


class TechniqueOut(BaseModel):
    label: str
    name: str
    definition: str
    example: str


class TechniquesOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"source": "SemEval-2020 Task 11 (Da San Martino et al., 2020)",
                 "techniques": [{"label": "Loaded_Language", "name": "Loaded language",
                                 "definition": "Uses words with strong emotional charge to sway the reader.",
                                 "example": '"a reckless, shameful betrayal"'}]}
            ]
        }
    )

    source: str
    techniques: list[TechniqueOut]


class ErrorDetail(BaseModel):
    code: str = Field(description="a stable code from newssift/errors.py, e.g. NS601")
    message: str
    next_step: str


class ErrorOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"error": {"code": "NS601", "message": "this route needs an API key and none was sent",
                           "next_step": "ask the server's operator for a key (they create one with "
                                        "`newssift keys create --name NAME`) and send it as `Authorization: Bearer KEY`"}}
            ]
        }
    )

    error: ErrorDetail


class HealthOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "ok"}]})

    status: str
    detail: dict[str, Any] | None = None


def links(report_id: str) -> Links:
    return Links(self=f"/v1/reports/{report_id}", html=f"/reports/{report_id}",
                 json_download=f"/reports/{report_id}.json")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in {
        401: "missing, wrong or revoked API key (NS601, NS602, NS603)",
        413: "request body or article too long (NS605, NS104, NS108)",
        422: "invalid input (NS607, NS608, NS1xx, NS202, NS203)",
        429: "rate limit reached (NS604)",
        502: "the URL could not be fetched (NS201, NS204-NS207)",
        503: "too many analyses waiting (NS613)",
    }.items()
}
