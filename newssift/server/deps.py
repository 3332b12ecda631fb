"""FastAPI dependencies, as ``Annotated`` aliases: the app state, the caller's key, the rate limit."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ..errors import NewssiftError
from ..store import ApiKey, Store
from .state import AppState


def get_state(request: Request) -> AppState:
    return request.app.state.newssift


State = Annotated[AppState, Depends(get_state)]


def get_store(state: State) -> Store:
    return state.store


StoreDep = Annotated[Store, Depends(get_store)]


def key_from_headers(request: Request) -> str | None:
    """The secret from ``Authorization: Bearer KEY`` or ``X-API-Key: KEY``, if either was sent."""
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip() or None
    return request.headers.get("x-api-key", "").strip() or None


def client_id(request: Request) -> str:
    return f"address {request.client.host if request.client else 'unknown'}"


def check_writer(state: AppState, request: Request, secret: str | None) -> ApiKey | None:
    """The caller's key for a writing route (NS601/602/603 when keys are required), then the rate limit."""
    key: ApiKey | None = None
    if secret:
        try:
            key = state.store.check_key(secret)
        except NewssiftError:
            if state.settings.require_keys:
                raise
    elif state.settings.require_keys:
        raise NewssiftError("NS601")
    if key is not None:
        state.limiter.hit(f"key {key.id}", who="API key")
    else:
        state.limiter.hit(client_id(request), who="client address")
    return key


def writer_key(state: State, request: Request) -> ApiKey | None:
    return check_writer(state, request, key_from_headers(request))


def reader_limit(state: State, request: Request) -> None:
    """Reading routes are open; they count against the caller's key if one is sent, else its address."""
    secret = key_from_headers(request)
    key: ApiKey | None = None
    if secret:
        try:
            key = state.store.check_key(secret)
        except NewssiftError:
            key = None  # a bad key on an open route counts against the address
    if key is not None:
        state.limiter.hit(f"key {key.id}", who="API key")
    else:
        state.limiter.hit(client_id(request), who="client address")


WriterKey = Annotated[ApiKey | None, Depends(writer_key)]
ReaderLimit = Depends(reader_limit)
