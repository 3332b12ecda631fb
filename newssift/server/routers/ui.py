"""The web UI: the form, the report page, the history page and the JSON download. Works without JavaScript."""

from __future__ import annotations

import json
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...errors import NewssiftError
from ..deps import State, check_writer, key_from_headers, reader_limit
from ..errors import status_for
from ..service import find_or_analyze
from ..view import default_hidden, report_view
from .reports import ListQuery, load_report

router = APIRouter(include_in_schema=False)
PAGE = 25


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    templates = request.app.state.templates
    state = request.app.state.newssift
    return templates.TemplateResponse(request, name, {"require_keys": state.settings.require_keys, **context},
                                      status_code=status)


def error_page(request: Request, error: NewssiftError) -> HTMLResponse:
    return render(request, "error.html", status_for(error), error=error.to_dict())


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> HTMLResponse:
    return render(request, "index.html", form={})


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_form(
    request: Request,
    state: State,
    text: Annotated[str, Form(max_length=10_000_000)] = "",
    url: Annotated[str, Form(max_length=2048)] = "",
    title: Annotated[str, Form(max_length=2000)] = "",
    author: Annotated[str, Form(max_length=2000)] = "",
    api_key: Annotated[str, Form(max_length=200)] = "",
    fresh: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    form = {"text": text, "url": url, "title": title, "author": author}
    fields = {"text": text if text.strip() else None, "url": url.strip() or None, "title": title.strip() or None,
              "author": author.strip() or None}
    try:
        key = await run_in_threadpool(check_writer, state, request, api_key.strip() or key_from_headers(request))
        stored, _ = await run_in_threadpool(find_or_analyze, state, fields, fresh=bool(fresh),
                                            key_id=key.id if key else None)
    except NewssiftError as error:
        return render(request, "index.html", status_for(error), form=form, error=error.to_dict())
    return RedirectResponse(f"/reports/{stored.id}", status_code=303)


@router.get("/reports/{report_id}.json")
async def report_json(request: Request, report_id: str, state: State) -> Response:
    try:
        reader_limit(state, request)
        stored = await run_in_threadpool(load_report, state.store, report_id)
    except NewssiftError as error:
        return Response(json.dumps({"error": error.to_dict()}), status_code=status_for(error),
                        media_type="application/json")
    body = json.dumps({"id": stored.id, **(stored.report or {})}, indent=2, ensure_ascii=False)
    return Response(body, media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="newssift-report-{stored.id}.json"'})


@router.get("/reports/{report_id}", response_class=HTMLResponse)
async def report_page(
    request: Request, report_id: str, state: State,
    hide: Annotated[list[str], Query(max_length=64)] = [],  # noqa: B006 - FastAPI query list
    show: Annotated[list[str], Query(max_length=64)] = [],  # noqa: B006
) -> HTMLResponse:
    try:
        reader_limit(state, request)
        stored = await run_in_threadpool(load_report, state.store, report_id)
    except NewssiftError as error:
        return error_page(request, error)
    report = stored.report or {}
    defaults = default_hidden(report)
    hidden = (defaults - set(show)) | {h for h in hide if h}
    view = report_view(report, hidden)
    toggles = {}
    for layer in view["layers"]:
        other = hidden ^ {layer.analyzer}
        params = [("hide", h) for h in sorted(other - defaults)] + [("show", h) for h in sorted(defaults - other)]
        toggles[layer.analyzer] = f"/reports/{stored.id}" + ("?" + urlencode(params) if params else "")
    return render(request, "report.html", stored=stored, view=view, toggles=toggles)


@router.get("/reports", response_class=HTMLResponse)
async def history(
    request: Request, state: State,
    outlet: Annotated[str | None, Query(max_length=255)] = None,
    since: Annotated[str | None, Query(max_length=40)] = None,
    until: Annotated[str | None, Query(max_length=40)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    try:
        reader_limit(state, request)
        query = ListQuery(outlet=outlet, since=since or None, until=until or None, limit=PAGE, offset=(page - 1) * PAGE)
        items, total = await run_in_threadpool(
            state.store.list_reports, outlet=query.outlet, since=query.since, until=query.until, limit=PAGE,
            offset=query.offset)
        outlets = await run_in_threadpool(state.store.outlets)
    except NewssiftError as error:
        return error_page(request, error)
    params = {k: v for k, v in {"outlet": outlet, "since": since, "until": until}.items() if v}
    pages = {
        "prev": "/reports?" + urlencode({**params, "page": page - 1}) if page > 1 else None,
        "next": "/reports?" + urlencode({**params, "page": page + 1}) if page * PAGE < total else None,
    }
    return render(request, "history.html", items=items, total=total, outlets=outlets, filters=params,
                  pages=pages, page=page)


