"""NewssiftError -> HTTP status, and the JSON error body ``{"error": {"code", "message", "next_step"}}``."""

from __future__ import annotations

from ..errors import NewssiftError

_STATUS = {
    "NS104": 413, "NS108": 413, "NS605": 413,
    "NS201": 502, "NS204": 502, "NS205": 422, "NS206": 502, "NS207": 502,
    "NS601": 401, "NS602": 401, "NS603": 401,
    "NS604": 429, "NS606": 404, "NS611": 404, "NS612": 500, "NS613": 503, "NS610": 503,
}


def status_for(error: NewssiftError) -> int:
    if error.code in _STATUS:
        return _STATUS[error.code]
    if error.code.startswith(("NS1", "NS2", "NS4", "NS6")):
        return 422
    return 500


def headers_for(error: NewssiftError) -> dict[str, str]:
    headers: dict[str, str] = {}
    if error.code == "NS604":
        headers["Retry-After"] = str(error.fields.get("retry_after", 60))
    if error.code in ("NS601", "NS602", "NS603"):
        headers["WWW-Authenticate"] = 'Bearer realm="newssift"'
    return headers
