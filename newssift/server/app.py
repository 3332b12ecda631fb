"""The FastAPI app: ``create_app(settings)``. A thin shell over the library and the store."""

from __future__ import annotations

import logging
import secrets
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any, AsyncIterator, Callable

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..config import Config
from ..errors import NewssiftError
from ..pipeline import Pipeline
from ..store import Store
from .errors import headers_for, status_for
from .routers import analyze, catalog, health, reports, ui
from .security import BodyLimitMiddleware, SecurityHeadersMiddleware
from .settings import ServerSettings
from .state import AppState
from .view import fmt_score, pct, safe_url

log = logging.getLogger("newssift.server")

DESCRIPTION = """\
newssift reads a news article and reports, with evidence, how far to trust it: what independent raters say
of the outlet, the style of the writing, and whatever other analyzers the server runs. There is no single
verdict. Errors are `{"error": {"code", "message", "next_step"}}` with a code from `newssift/errors.py`.

Writing routes need an API key when the server requires keys (`Authorization: Bearer KEY` or `X-API-Key`);
operators create keys with `newssift keys create`.
"""


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/v1/") or path in ("/healthz", "/readyz", "/openapi.json") or path.endswith(".json")


def _error_response(request: Request, error: NewssiftError) -> JSONResponse | HTMLResponse:
    status, headers = status_for(error), headers_for(error)
    if _is_api(request):
        return JSONResponse({"error": error.to_dict()}, status_code=status, headers=headers)
    templates = request.app.state.templates
    response = templates.TemplateResponse(request, "error.html", {"error": error.to_dict(), "require_keys": False},
                                          status_code=status)
    response.headers.update(headers)
    return response


def _validation_detail(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {err.get('msg')}")
    return "; ".join(parts) or "the body could not be read"


def _templates() -> Jinja2Templates:
    folder = resources.files("newssift.server").joinpath("templates")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True,
                             undefined=jinja2.StrictUndefined if False else jinja2.Undefined)
    env.globals.update(safe_url=safe_url, fmt_score=fmt_score, pct=pct, version=__version__)
    return Jinja2Templates(env=env)


def create_app(
    settings: ServerSettings | None = None,
    *,
    config: Config | None = None,
    store: Store | None = None,
    fetch: Callable[..., Any] | None = None,
    pipeline: Pipeline | None = None,
    migrate: bool = True,
) -> FastAPI:
    """Build the app. ``settings`` default to the ``[server]`` section; ``fetch`` replaces the SSRF-safe
    fetcher (tests pass one with an allow-list); ``migrate`` runs the Alembic migrations on start-up."""
    settings = settings or ServerSettings.load()
    state = AppState.build(settings, config=config, store=store, fetch=fetch, pipeline=pipeline)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if migrate:
            state.store.upgrade()
        state.get_pipeline()  # built once, before the first request
        yield

    app = FastAPI(
        title="newssift", version=__version__, description=DESCRIPTION, lifespan=lifespan,
        docs_url=None, redoc_url=None,  # the bundled Swagger/ReDoc pages load scripts from a CDN
    )
    app.state.newssift = state
    app.state.templates = _templates()

    @app.exception_handler(NewssiftError)
    async def coded(request: Request, exc: NewssiftError):
        return _error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return _error_response(request, NewssiftError("NS607", detail=_validation_detail(exc)))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code in (404, 405):
            error = NewssiftError("NS611", method=request.method, path=request.url.path[:200])
            response = _error_response(request, error)
            response.status_code = exc.status_code
            return response
        return JSONResponse({"error": {"code": f"HTTP{exc.status_code}", "message": str(exc.detail),
                                       "next_step": "see /openapi.json"}}, status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        ref = secrets.token_hex(6)
        log.exception("unexpected error, reference %s", ref)
        return _error_response(request, NewssiftError("NS612", ref=ref))

    for module in (analyze, reports, catalog, health, ui):
        app.include_router(module.router)
    static = resources.files("newssift.server").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type"], max_age=600,
        )
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def serve(settings: ServerSettings) -> None:
    """Run the app with uvicorn (``newssift serve``)."""
    import uvicorn

    app = create_app(settings)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", proxy_headers=False,
                server_header=False)
