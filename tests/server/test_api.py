"""The REST API: analyze/report routes, storage reuse, limits, headers, errors (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import jsonschema
import pytest

from newssift.server.security import CSP, RateLimiter
from newssift.errors import NewssiftError
from newssift.server.testing import ARTICLE

SCHEMA = json.loads((Path(__file__).parents[2] / "newssift" / "schema" / "report.v1.json").read_text())
ARTICLE_IN = {"text": ARTICLE, "title": "Council approves bridge", "url": "https://www.infowars.com/posts/bridge",
              "author": "Dana Whitfield", "published": "2026-11-03"}


def _error(response, code: str, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "next_step"}
    assert body["error"]["code"] == code, body
    return body["error"]


def test_analyze_text_stores_a_valid_report(client):
    response = client.post("/v1/analyze", json=ARTICLE_IN)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["cached"] is False and response.headers["location"] == f"/v1/reports/{body['id']}"
    assert body["links"] == {"self": f"/v1/reports/{body['id']}", "html": f"/reports/{body['id']}",
                             "json_download": f"/reports/{body['id']}.json"}
    report = body["report"]
    jsonschema.validate(report, SCHEMA)
    assert report["text"] == ARTICLE and report["article"]["outlet"] == "infowars.com"
    assert report["article"]["author"] == "Dana Whitfield" and report["article"]["published"] == "2026-11-03"
    assert report["analyzers"]["source"]["result"]["rated"] is True
    stored = client.get(f"/v1/reports/{body['id']}")
    assert stored.status_code == 200 and stored.json()["report"] == report


def test_same_article_and_versions_returns_the_stored_report_unless_fresh(client):
    first = client.post("/v1/analyze", json=ARTICLE_IN).json()
    again = client.post("/v1/analyze", json=ARTICLE_IN)
    assert again.status_code == 200 and again.json()["cached"] is True and again.json()["id"] == first["id"]
    fresh = client.post("/v1/analyze", json={**ARTICLE_IN, "fresh": True})
    assert fresh.status_code == 201 and fresh.json()["id"] != first["id"] and fresh.json()["cached"] is False
    by_query = client.post("/v1/analyze?fresh=true", json=ARTICLE_IN)
    assert by_query.status_code == 201
    other = client.post("/v1/analyze", json={**ARTICLE_IN, "title": "Another title"})
    assert other.status_code == 201 and other.json()["id"] != first["id"]
    # the newest report of this article and versions is returned from now on
    assert client.post("/v1/analyze", json=ARTICLE_IN).json()["id"] == by_query.json()["id"]


def test_other_versions_do_not_reuse_a_stored_report(client, monkeypatch):
    first = client.post("/v1/analyze", json=ARTICLE_IN).json()
    pipeline = client.app.state.newssift.pipeline
    real = pipeline.versions
    monkeypatch.setattr(pipeline, "versions", lambda: {**real(), "newssift": "9.9.9"})
    second = client.post("/v1/analyze", json=ARTICLE_IN)
    assert second.status_code == 201 and second.json()["id"] != first["id"]
    assert second.json()["report"]["versions"]["newssift"] == "9.9.9"


def test_analyze_html(client):
    html = ("<html><head><title>Bridge vote</title></head><body><article><h1>Bridge vote</h1><p>"
            + "The council voted on the bridge plan on Monday night after two hearings. " * 8
            + "</p></article></body></html>")
    response = client.post("/v1/analyze", json={"html": html, "url": "https://www.example.com/bridge"})
    assert response.status_code == 201, response.text
    report = response.json()["report"]
    assert "The council voted" in report["text"] and "<p>" not in report["text"]
    assert report["article"]["outlet"] == "example.com"


@pytest.mark.parametrize(
    "body,code",
    [
        ({}, "NS608"),
        ({"text": "a", "html": "<p>a</p>"}, "NS608"),
        ({"title": "only a title"}, "NS608"),
        ({"text": "x", "bogus": 1}, "NS607"),
        ({"text": 5}, "NS607"),
        ({"text": "   "}, "NS101"),
        ({"url": "/etc/passwd"}, "NS203"),
        ({"url": "file:///etc/passwd"}, "NS203"),
        ({"url": "ftp://example.com/"}, "NS203"),
    ],
)
def test_bad_input_is_a_coded_error(client, body, code):
    _error(client.post("/v1/analyze", json=body), code, 422)


def test_malformed_json_is_NS607(client):
    _error(client.post("/v1/analyze", content=b"{not json", headers={"content-type": "application/json"}),
           "NS607", 422)


def test_article_length_cap(make_client):
    client = make_client(max_article_chars=500)
    _error(client.post("/v1/analyze", json={"text": "word " * 200}), "NS108", 413)


def test_body_size_cap_with_and_without_content_length(make_client):
    client = make_client(max_body_bytes=1000)
    error = _error(client.post("/v1/analyze", json={"text": "x" * 2000}), "NS605", 413)
    assert "1000" in error["message"]

    def chunks():
        for _ in range(10):
            yield b"x" * 200

    _error(client.post("/v1/analyze", content=chunks(), headers={"content-type": "application/json"}), "NS605", 413)
    assert client.post("/v1/analyze", json={"text": ARTICLE[:600]}).status_code == 201


def test_report_not_found_is_NS606(client):
    _error(client.get("/v1/reports/0000000000000000"), "NS606", 404)
    _error(client.get("/v1/reports/" + "x" * 300), "NS606", 404)


def test_unknown_route_is_NS611(client):
    _error(client.get("/v1/nothing"), "NS611", 404)
    _error(client.delete("/v1/analyze"), "NS611", 405)


def test_list_reports_by_outlet_and_date_with_pages(client):
    ids = []
    for i, url in enumerate(["https://a.example.com/1", "https://www.other.org/2", "https://b.example.com/3"]):
        ids.append(client.post("/v1/analyze", json={"text": f"Story number {i}. " + ARTICLE[:300], "url": url}).json()["id"])
    page = client.get("/v1/reports", params={"outlet": "example.com", "limit": 1}).json()
    assert page["total"] == 2 and [i["id"] for i in page["items"]] == [ids[2]]
    assert page["next"] == "/v1/reports?outlet=example.com&limit=1&offset=1"
    second = client.get(page["next"]).json()
    assert [i["id"] for i in second["items"]] == [ids[0]] and second["next"] is None
    assert second["items"][0]["links"]["html"] == f"/reports/{ids[0]}"
    today = second["items"][0]["created_at"][:10]
    assert client.get("/v1/reports", params={"since": today, "until": today}).json()["total"] == 3
    assert client.get("/v1/reports", params={"until": "2000-01-01"}).json()["total"] == 0
    assert client.get("/v1/reports", params={"since": "2999-01-01T00:00:00+00:00"}).json()["total"] == 0
    _error(client.get("/v1/reports", params={"since": "yesterday"}), "NS607", 422)
    _error(client.get("/v1/reports", params={"limit": 1000}), "NS607", 422)


def test_sources_and_techniques_and_schema(client):
    source = client.get("/v1/sources/infowars.com").json()
    assert source["outlet"] == "infowars.com" and source["rated"] is True
    assert all({"rater", "labels", "data_date"} <= set(r) for r in source["ratings"])
    _error(client.get("/v1/sources/not a domain"), "NS403", 422)
    techniques = client.get("/v1/techniques").json()["techniques"]
    assert len(techniques) == 14 and techniques[0]["definition"]
    assert client.get("/v1/schema/report").json()["$id"].endswith("report.v1.json")


def test_health_and_readiness(client, monkeypatch):
    assert client.get("/healthz").json() == {"status": "ok", "detail": None}
    assert client.get("/readyz").json()["status"] == "ok"
    monkeypatch.setattr(client.app.state.newssift.store, "ping", lambda: False)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["detail"]["database"] is False


def test_openapi_has_an_example_for_every_route(client):
    spec = client.get("/openapi.json").json()
    components = spec["components"]["schemas"]

    def expand(node, seen=()):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref and ref not in seen:
                yield from expand(components[ref.rsplit("/", 1)[1]], seen + (ref,))
            for key, value in node.items():
                if key in ("example", "examples"):
                    yield key
                yield from expand(value, seen)
        elif isinstance(node, list):
            for value in node:
                yield from expand(value, seen)

    routes = [(path, method) for path, ops in spec["paths"].items() for method in ops]
    assert {("/v1/analyze", "post"), ("/v1/reports/{report_id}", "get"), ("/v1/reports", "get"),
            ("/v1/sources/{domain}", "get"), ("/v1/techniques", "get"), ("/healthz", "get"),
            ("/readyz", "get")} <= set(routes)
    for path, method in routes:
        assert list(expand(spec["paths"][path][method])), f"no example for {method.upper()} {path}"
    assert client.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN


def test_security_headers_on_every_kind_of_response(client):
    for response in (client.get("/"), client.get("/v1/techniques"), client.get("/v1/reports/nope"),
                     client.get("/static/style.css"), client.post("/v1/analyze", json={})):
        headers = response.headers
        assert headers["content-security-policy"] == CSP
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in CSP and "frame-ancestors 'none'" in CSP and "unsafe-inline" not in CSP


def test_cors_only_for_configured_origins(make_client):
    client = make_client(cors_origins=("https://newsroom.example",))
    allowed = client.get("/v1/techniques", headers={"Origin": "https://newsroom.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://newsroom.example"
    other = client.get("/v1/techniques", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    preflight = client.options("/v1/analyze", headers={"Origin": "https://newsroom.example",
                                                        "Access-Control-Request-Method": "POST",
                                                        "Access-Control-Request-Headers": "X-API-Key"})
    assert preflight.status_code == 200
    assert "access-control-allow-origin" not in make_client().get(
        "/v1/techniques", headers={"Origin": "https://newsroom.example"}).headers


def test_rate_limit_per_caller(make_client):
    client = make_client(rate_limit_per_minute=3)
    for _ in range(3):
        assert client.get("/v1/techniques").status_code == 200
    error = _error(client.get("/v1/techniques"), "NS604", 429)
    assert "3 requests per minute" in error["message"]
    assert int(client.get("/v1/techniques").headers["retry-after"]) >= 1


def test_rate_limit_is_per_key(make_client):
    client = make_client(rate_limit_per_minute=2, require_keys=True)
    store = client.app.state.newssift.store
    _, first = store.create_key("a")
    _, second = store.create_key("b")
    for _ in range(2):
        assert client.get("/v1/techniques", headers={"X-API-Key": first}).status_code == 200
    _error(client.get("/v1/techniques", headers={"X-API-Key": first}), "NS604", 429)
    assert client.get("/v1/techniques", headers={"Authorization": f"Bearer {second}"}).status_code == 200


def test_token_bucket_refills():
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    for _ in range(60):
        limiter.hit("k")
    with pytest.raises(NewssiftError) as excinfo:
        limiter.hit("k")
    assert excinfo.value.code == "NS604" and excinfo.value.fields["retry_after"] == 1
    limiter.hit("other")
    now[0] = 1.0
    limiter.hit("k")
    RateLimiter(0).hit("k")  # 0 turns the limit off


def test_full_analysis_queue_is_NS613(make_client):
    client = make_client(queue_timeout=0.05)
    state = client.app.state.newssift
    assert state.analyses.acquire()
    try:
        _error(client.post("/v1/analyze", json={"text": ARTICLE}), "NS613", 503)
    finally:
        state.analyses.release()
    assert client.post("/v1/analyze", json={"text": ARTICLE}).status_code == 201


def test_unexpected_error_is_NS612_without_a_traceback(make_client, monkeypatch):
    client = make_client(raise_server_exceptions=False)

    def broken(report_id):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(client.app.state.newssift.store, "get_report", broken)
    response = client.get("/v1/reports/abc")
    error = _error(response, "NS612", 500)
    assert "secret internals" not in response.text and "reference" in error["message"]


def test_concurrent_requests_reuse_one_report_store(client):
    results = []

    def call():
        results.append(client.post("/v1/analyze", json={"text": ARTICLE, "title": "threads"}).status_code)

    threads = [threading.Thread(target=call) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results)[0] in (200, 201) and set(results) <= {200, 201}
