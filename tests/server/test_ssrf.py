"""URL input goes through the SSRF-safe fetcher: the fetcher's own refused-address cases, through the API."""

from __future__ import annotations

import importlib.util
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newssift.ingest import fetch
from newssift.ingest.fetch import fetch_url


def _fetch_tests():
    path = Path(__file__).parents[1] / "ingest" / "test_fetch.py"
    spec = importlib.util.spec_from_file_location("newssift_fetch_tests", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REFUSED = _fetch_tests().REFUSED  # the very cases the fetcher's tests refuse


def _url(host: str) -> str:
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}/article"


@pytest.fixture
def attempts(monkeypatch):
    """Every socket the fetcher opens (none may be opened for a refused address)."""
    opened: list[tuple[str, int]] = []
    real = fetch._open_socket

    def spy(ip, port, timeout):
        opened.append((str(ip), port))
        return real(ip, port, timeout)

    monkeypatch.setattr(fetch, "_open_socket", spy)
    return opened


@pytest.fixture(scope="module")
def ssrf_client(tmp_path_factory, config, pipeline):
    """One app for all refused cases (nothing is stored, so SQLite alone is enough here)."""
    from fastapi.testclient import TestClient

    from newssift.server import ServerSettings, create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('ssrf') / 'r.db'}"
    settings = ServerSettings.from_config(config, database_url=url, rate_limit_per_minute=0)
    with TestClient(create_app(settings, config=config, pipeline=pipeline)) as client:
        yield client


@pytest.mark.parametrize("host", REFUSED)
def test_refused_addresses_are_refused_through_the_api(ssrf_client, attempts, host):
    client = ssrf_client
    response = client.post("/v1/analyze", json={"url": _url(host)})
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "NS202"
    assert attempts == []
    assert client.get("/v1/reports").json()["total"] == 0


def test_redirect_to_a_private_address_is_refused(make_client, attempts):
    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        client = make_client(fetch=lambda url, settings: fetch_url(url, settings=settings, allow=["127.0.0.1/32"]))
        response = client.post("/v1/analyze", json={"url": f"http://127.0.0.1:{server.server_port}/"})
        assert response.json()["error"]["code"] == "NS202"
        assert all(ip == "127.0.0.1" for ip, _ in attempts)
    finally:
        server.shutdown()


def test_allowed_page_is_fetched_and_analyzed(make_client):
    page = ("<html><head><title>Harbor vote</title></head><body><article><h1>Harbor vote</h1><p>"
            + "The council voted on the harbor plan after two public hearings on Monday. " * 6
            + "</p></article></body></html>").encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = make_client(fetch_allow=("127.0.0.1/32",))
        response = client.post("/v1/analyze", json={"url": f"http://127.0.0.1:{server.server_port}/story"})
        assert response.status_code == 201, response.text
        report = response.json()["report"]
        assert report["article"]["input_kind"] == "url" and "harbor plan" in report["text"]
        # by default the same address is refused
        assert make_client().post("/v1/analyze", json={"url": f"http://127.0.0.1:{server.server_port}/x"}).json()[
            "error"]["code"] == "NS202"
    finally:
        server.shutdown()
