"""Tests for newssift.ingest.fetch: SSRF defences, limits and errors; all offline.

A ThreadingHTTPServer on 127.0.0.1 plays the web. It is reached only through
``allow=["127.0.0.1/32"]`` (or a test resolver plus that allow list): the default
policy must refuse it. ``attempts`` records every socket the fetcher opens, so a
test can assert that nothing but the allowed server was connected to.
"""

from __future__ import annotations

import gzip
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from newssift.errors import NewssiftError
from newssift.ingest import fetch
from newssift.ingest.fetch import FetchResult, check_host, decode_body, fetch_url, is_public_address, parse_host

LOCAL = ["127.0.0.1/32"]
HTML = "<html><head><title>Grüße</title></head><body><p>Ein Artikel.</p></body></html>".encode("utf-8")
FAST = {"connect_timeout": 2.0, "read_timeout": 2.0}


# -- the local web --------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str | None = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, length: bool = True) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if body:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: C901 - one branch per route
        srv = self.server
        srv.requests.append({"path": self.path, "host": self.headers.get("Host"), "headers": dict(self.headers)})
        path = urlsplit(self.path).path
        query = {key: values[0] for key, values in parse_qs(urlsplit(self.path).query).items()}
        if path in ("/", "/page"):
            self._send(200, HTML)
        elif path == "/plain":
            self._send(200, b"plain text", "text/plain")
        elif path == "/xhtml":
            self._send(200, HTML, "Application/XHTML+XML; Charset=\"UTF-8\"")
        elif path == "/latin1":
            self._send(200, "<p>café</p>".encode("latin-1"), "text/html; charset=ISO-8859-1")
        elif path == "/meta":
            self._send(200, b'<html><head><meta charset="windows-1252"></head><p>caf\xe9</p>', "text/html")
        elif path == "/badcharset":
            self._send(200, b"caf\xc3\xa9 \xff", "text/html; charset=no-such-charset")
        elif path == "/redirect":
            self._send(int(query.get("status", "302")), ctype=None, headers={"Location": query["to"]})
        elif path == "/chain":
            n = int(query["n"])
            self._send(302, ctype=None, headers={"Location": f"/chain?n={n - 1}" if n > 1 else "page"})
        elif path == "/loop":
            self._send(302, ctype=None, headers={"Location": "/loop"})
        elif path == "/pdf":
            self._send(200, b"%PDF-1.4", "application/pdf")
        elif path == "/notype":
            self._send(200, b"<p>no type</p>", None)
        elif path == "/404":
            self._send(404, b"<p>not found</p>")
        elif path == "/huge-length":  # announces far more than it sends
            self._send(200, b"x" * 100, headers={"Content-Length": str(10**9)}, length=False)
        elif path == "/big-stream":  # no Content-Length: the body ends when the connection closes
            self._send(200, ctype="text/html", length=False)
            for _ in range(16):
                self.wfile.write(b"x" * 256)
        elif path in ("/big-chunked", "/small-chunked"):
            self._send(200, ctype="text/html", headers={"Transfer-Encoding": "chunked"}, length=False)
            for _ in range(16 if path == "/big-chunked" else 2):
                self.wfile.write(b"100\r\n" + b"x" * 256 + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/slow":
            srv.stop.wait(5)  # released at teardown
            self._send(200, HTML)
        elif path == "/trickle":  # one byte at a time, each well within the read timeout
            self._send(200, ctype="text/html", length=False)
            for _ in range(40):
                if srv.stop.wait(0.05):
                    break
                self.wfile.write(b"x")
                self.wfile.flush()
        elif path == "/gzip":
            self._send(200, gzip.compress(HTML), headers={"Content-Encoding": "gzip"})
        elif path == "/gzip-bomb":
            self._send(200, gzip.compress(b"a" * 2_000_000, 1), headers={"Content-Encoding": "gzip"})
        elif path == "/brotli":
            self._send(200, b"\x0b\x02\x80hi\x03", headers={"Content-Encoding": "br"})
        else:
            self._send(500, b"unknown route")


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins the handler threads
    block_on_close = True

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        self.requests: list[dict] = []
        self.stop = threading.Event()
        self.port = self.server_address[1]

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early are expected here

    def url(self, path: str = "/", host: str = "127.0.0.1", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.port}{path}"


def _run(srv: _Server):
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.stop.set()
        srv.shutdown()
        srv.server_close()
        thread.join(5)
        assert not thread.is_alive()


@pytest.fixture()
def server():
    yield from _run(_Server())


@pytest.fixture()
def attempts(monkeypatch):
    """Every (ip, port) the fetcher opens a socket to."""
    seen: list[tuple[str, int]] = []
    real = fetch._open_socket

    def spy(ip, port, timeout):
        seen.append((str(ip), port))
        return real(ip, port, timeout)

    monkeypatch.setattr(fetch, "_open_socket", spy)
    return seen


def _redirect(srv: _Server, to: str, status: int = 302) -> str:
    return srv.url(f"/redirect?status={status}&to={quote(to, safe='')}")


def _resolver(table: dict[str, list[str]], calls: list[str] | None = None):
    def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return list(table[host])

    return resolve


def _no_resolver(host: str, port: int) -> list[str]:
    raise AssertionError(f"{host} should not have been resolved")


def _code(excinfo: pytest.ExceptionInfo) -> str:
    return excinfo.value.code


# -- the default policy -----------------------------------------------------------


def test_local_server_is_refused_by_default(server, attempts):
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(server.url(), settings=FAST)
    assert _code(excinfo) == "NS202"
    assert excinfo.value.fields == {"url": server.url(), "detail": "127.0.0.1 is not a public address"}
    assert attempts == []
    assert server.requests == []


def test_allowed_local_page_is_fetched(server, attempts):
    result = fetch_url(server.url("/page"), allow=LOCAL, settings=FAST)
    assert isinstance(result, FetchResult)
    assert result.url == result.final_url == server.url("/page")
    assert (result.status, result.content_type, result.charset) == (200, "text/html", "utf-8")
    assert result.body == HTML
    assert result.redirects == []
    assert decode_body(result).startswith("<html><head><title>Grüße")
    assert attempts == [("127.0.0.1", server.port)]
    (request,) = server.requests
    assert request["host"] == f"127.0.0.1:{server.port}"
    assert request["headers"]["Accept-Encoding"] == "identity"
    assert request["headers"]["User-Agent"] == fetch.DEFAULT_SETTINGS["user_agent"]


def test_settings_user_agent_is_sent(server):
    fetch_url(server.url(), allow=LOCAL, settings={"user_agent": "test-agent/1"})
    assert server.requests[0]["headers"]["User-Agent"] == "test-agent/1"


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.1/",
        "http://[::1]:{port}/",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://[::ffff:7f00:1]/",
        "http://2130706434:{port}/",  # 127.0.0.2: 127.0.0.1 itself is allowed in this test
        "http://167772161/",  # 10.0.0.1
        "http://0x7f.0.0.2:{port}/",
        "http://0177.0.0.2:{port}/",
        "http://127.2:{port}/",
        "http://10.1/",
        "http://[64:ff9b::a00:1]/",
        "http://[2002:a00:1::1]/",
        "http://localhost:{port}/",
        "http://foo.localhost.:{port}/",
        "https://169.254.169.254/",
    ],
)
def test_redirect_to_non_public_address_is_refused(server, attempts, target):
    target = target.format(port=server.port)
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(_redirect(server, target), allow=LOCAL, resolver=_no_resolver, settings=FAST)
    assert _code(excinfo) == "NS202"
    assert excinfo.value.fields["url"] == target
    assert attempts == [("127.0.0.1", server.port)]  # only the first, allowed hop
    assert len(server.requests) == 1


def test_odd_spelling_of_an_allowed_address_is_that_address(server, attempts):
    """2130706433 *is* 127.0.0.1: it is checked, and connected to, as such."""
    result = fetch_url(f"http://2130706433:{server.port}/", allow=LOCAL, settings=FAST)
    assert result.status == 200
    assert attempts == [("127.0.0.1", server.port)]
    assert server.requests[0]["host"] == f"127.0.0.1:{server.port}"
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(f"http://2130706433:{server.port}/", settings=FAST)
    assert _code(excinfo) == "NS202"
    assert len(attempts) == 1


def test_allow_list_does_not_cover_ipv4_mapped_form(server, attempts):
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(f"http://[::ffff:127.0.0.1]:{server.port}/", allow=LOCAL, settings=FAST)
    assert _code(excinfo) == "NS202"
    assert attempts == []


@pytest.mark.parametrize("target", ["file:///etc/passwd", "gopher://127.0.0.1:70/_stats", "ftp://example.com/"])
def test_redirect_to_other_scheme_is_unsupported(server, attempts, target):
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(_redirect(server, target), allow=LOCAL, settings=FAST)
    assert _code(excinfo) == "NS203"
    assert attempts == [("127.0.0.1", server.port)]


# -- DNS: resolve once, connect to the vetted address, re-check every hop ----------


def test_redirect_to_name_resolving_to_non_allowed_address_is_refused(server, attempts):
    calls: list[str] = []
    resolver = _resolver({"start.test": ["127.0.0.1"], "rebind.test": ["127.0.0.2"]}, calls)
    start = f"http://start.test:{server.port}/redirect?to=" + quote(f"http://rebind.test:{server.port}/", safe="")
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(start, allow=LOCAL, resolver=resolver, settings=FAST)
    assert _code(excinfo) == "NS202"
    assert "rebind.test resolves to 127.0.0.2" in excinfo.value.fields["detail"]
    assert calls == ["start.test", "rebind.test"]
    assert attempts == [("127.0.0.1", server.port)]
    assert [r["host"] for r in server.requests] == [f"start.test:{server.port}"]


def test_rebinding_public_then_private_is_refused(server, monkeypatch):
    """rebind.test answers 93.184.216.34 first, 127.0.0.1 after; no allow list.

    A fake network routes 93.184.216.34 to the local server, so the first,
    public hop really happens; it redirects back to rebind.test, whose second
    answer is private and must be refused before any connection.
    """
    answers = iter([["93.184.216.34"], ["127.0.0.1"], ["127.0.0.1"]])
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    opened: list[tuple[str, int]] = []

    def fake_network(ip, port, timeout):
        opened.append((str(ip), port))
        assert str(ip) == "93.184.216.34", "only the vetted public address may be connected to"
        return socket.create_connection(("127.0.0.1", server.port), timeout)

    monkeypatch.setattr(fetch, "_open_socket", fake_network)
    url = f"http://rebind.test:{server.port}/redirect?to=%2F"
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(url, resolver=resolver, settings=FAST)
    assert _code(excinfo) == "NS202"
    assert excinfo.value.fields["url"] == f"http://rebind.test:{server.port}/"
    assert calls == ["rebind.test", "rebind.test"]  # once per hop, never again at connect time
    assert opened == [("93.184.216.34", server.port)]
    assert [r["host"] for r in server.requests] == [f"rebind.test:{server.port}"]


def test_connection_goes_to_the_vetted_ip_not_the_name(server, attempts, monkeypatch):
    """Resolution happens once; the socket goes to that answer while Host keeps the name."""
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])  # a second lookup would rebind to 10.0.0.1
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    def no_system_dns(*args, **kwargs):
        raise AssertionError("the system resolver must not be asked")

    monkeypatch.setattr(socket, "getaddrinfo", no_system_dns)
    result = fetch_url(f"http://name.test:{server.port}/", resolver=resolver, allow=LOCAL, settings=FAST)
    assert result.status == 200
    assert calls == ["name.test"]
    assert attempts == [("127.0.0.1", server.port)]
    assert server.requests[0]["host"] == f"name.test:{server.port}"


def test_name_with_public_and_private_addresses_is_refused(attempts):
    resolver = _resolver({"mixed.test": ["93.184.216.34", "10.0.0.1"]})
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url("http://mixed.test/", resolver=resolver, settings=FAST)
    assert _code(excinfo) == "NS202"
    assert "10.0.0.1" in excinfo.value.fields["detail"]
    assert attempts == []


def test_name_with_allowed_and_other_private_addresses_is_refused(attempts):
    resolver = _resolver({"mixed.test": ["127.0.0.1", "127.0.0.2"]})
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url("http://mixed.test/", resolver=resolver, allow=LOCAL, settings=FAST)
    assert _code(excinfo) == "NS202"
    assert attempts == []


def test_connect_rechecks_the_pinned_address(attempts):
    conn = fetch._PinnedHTTPConnection("name.test", 80, ip=ipaddress.ip_address("10.0.0.1"),
                                       policy=fetch._Policy(None), connect_timeout=1.0, read_timeout=1.0)
    with pytest.raises(fetch._Refused):
        conn.connect()
    conn = fetch._PinnedHTTPSConnection("name.test", 443, ip=ipaddress.ip_address("169.254.169.254"),
                                        policy=fetch._Policy(LOCAL), connect_timeout=1.0, read_timeout=1.0,
                                        context=ssl.create_default_context())
    with pytest.raises(fetch._Refused):
        conn.connect()
    assert attempts == []


def test_unresolvable_name_is_unreachable(attempts):
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url("http://nowhere.test/", resolver=_resolver({}), settings=FAST)
    assert _code(excinfo) == "NS201"
    assert "could not resolve nowhere.test" in excinfo.value.fields["detail"]
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url("http://empty.test/", resolver=_resolver({"empty.test": []}), settings=FAST)
    assert _code(excinfo) == "NS201"
    assert attempts == []


# -- TLS: SNI and certificate use the name, the socket uses the vetted IP ----------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=name.test",
         "-addext", "subjectAltName=DNS:name.test"],
        check=True, capture_output=True,
    )
    return cert, key


@pytest.fixture()
def tls_server(certificate):
    cert, key = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    yield from _run(_Server(tls=context))


def test_https_verifies_certificate_for_the_name(tls_server, certificate, attempts, monkeypatch):
    cert, _ = certificate

    def trusting_context() -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(cert))
        return context

    monkeypatch.setattr(fetch, "_ssl_context", trusting_context)
    resolver = _resolver({"name.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
    result = fetch_url(tls_server.url(host="name.test", scheme="https"), resolver=resolver, allow=LOCAL,
                       settings=FAST)
    assert (result.status, result.body) == (200, HTML)
    assert tls_server.requests[0]["host"] == f"name.test:{tls_server.port}"

    with pytest.raises(NewssiftError) as excinfo:  # the certificate does not name other.test
        fetch_url(tls_server.url(host="other.test", scheme="https"), resolver=resolver, allow=LOCAL,
                  settings=FAST)
    assert _code(excinfo) == "NS201"
    assert "TLS failed" in excinfo.value.fields["detail"]
    assert attempts == [("127.0.0.1", tls_server.port)] * 2
    assert len(tls_server.requests) == 1


def test_https_with_untrusted_certificate_fails(tls_server):
    resolver = _resolver({"name.test": ["127.0.0.1"]})
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(tls_server.url(host="name.test", scheme="https"), resolver=resolver, allow=LOCAL, settings=FAST)
    assert _code(excinfo) == "NS201"
    assert tls_server.requests == []


def test_https_to_plain_http_server_fails(server):
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(server.url(scheme="https"), allow=LOCAL, settings=FAST)
    assert _code(excinfo) == "NS201"


# -- the address check --------------------------------------------------------------

REFUSED = [
    "127.0.0.1", "127.1", "0x7f.0.0.1", "0x7f.1", "0177.0.0.1", "2130706433", "127.0.0.1.", "0.0.0.0", "0",
    "10.1.2.3", "10.1", "172.16.0.1", "192.168.1.1", "100.64.0.1", "169.254.169.254", "224.0.0.1", "240.0.0.1",
    "255.255.255.255", "192.0.2.1", "198.18.0.1",
    "::1", "[::1]", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "fec0::1", "::ffff:10.0.0.1",
    "::ffff:7f00:1", "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::a00:1", "64:ff9b::7f00:1",
    "2002:0a00:0001::1", "2002:7f00:1::", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1", "100::1",
    "localhost", "LOCALHOST.", "foo.localhost", "a.b.localhost.",
]
ACCEPTED = [
    "93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "[2606:4700:4700::1111]", "::ffff:93.184.216.34",
    "2002:5db8:d822::1", "64:ff9b::5db8:d822",
]


@pytest.mark.parametrize("host", REFUSED)
def test_non_public_hosts_are_refused(host):
    with pytest.raises(NewssiftError) as excinfo:
        check_host(host, resolver=_no_resolver)
    assert _code(excinfo) == "NS202"


@pytest.mark.parametrize("host", ACCEPTED)
def test_public_addresses_are_accepted(host):
    assert check_host(host, resolver=_no_resolver) == [ipaddress.ip_address(host.strip("[]"))]


def test_public_name_is_accepted():
    assert check_host("news.test", resolver=_resolver({"news.test": ["93.184.216.34", "93.184.216.34"]})) == [
        ipaddress.ip_address("93.184.216.34")
    ]


@pytest.mark.parametrize(
    "host,expected",
    [
        ("127.1", "127.0.0.1"), ("0x7f.0.0.1", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"), ("0", "0.0.0.0"), ("[::FFFF:127.0.0.1]", "::ffff:7f00:1"),
        ("Example.COM.", "example.com"), ("bücher.de", "xn--bcher-kva.de"),
    ],
)
def test_parse_host_normalizes(host, expected):
    assert str(parse_host(host)) == expected


@pytest.mark.parametrize("host", ["256.1.1.1", "1.2.3.4.5", "1.2.3.0x", "exa mple.com", "a..b", "fe80::1%eth0",
                                  "::1::2", "", "."])
def test_parse_host_rejects_malformed(host):
    with pytest.raises(ValueError):
        parse_host(host)
    with pytest.raises(NewssiftError) as excinfo:
        check_host(host, resolver=_no_resolver)
    assert _code(excinfo) == "NS203"


def test_is_public_address_unwraps_embedded_ipv4():
    assert not is_public_address("::ffff:169.254.169.254")
    assert not is_public_address("2002:a9fe:a9fe::1")  # 6to4 of 169.254.169.254
    assert is_public_address(ipaddress.ip_address("2002:5db8:d822::1"))


# -- URLs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd", "ftp://example.com/", "gopher://127.0.0.1:70/_stats", "javascript:alert(1)",
        "data:text/html,hi", "example.com/page", "//example.com/", "http://", "http:///path",
        "http://user:pass@example.com/", "http://user@example.com/", "http://example.com:0/",
        "http://example.com:99999/", "http://exa mple.com/", "http://[::1/", "http://ex\nample.com/",
        "http://example.com/\r\nX-Injected: 1",
    ],
)
def test_unsupported_urls(url, attempts):
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(url, resolver=_no_resolver, settings=FAST)
    assert _code(excinfo) == "NS203"
    assert attempts == []


def test_spaces_and_non_ascii_in_path_are_quoted(server):
    fetch_url(server.url("/page"), allow=LOCAL, settings=FAST)
    with pytest.raises(NewssiftError):
        fetch_url(server.url("/a b/ä?q=x y#frag"), allow=LOCAL, settings=FAST)  # unknown route: 500
    assert server.requests[1]["path"] == "/a%20b/%C3%A4?q=x%20y"


# -- redirects ----------------------------------------------------------------------


def test_relative_redirect_chain(server):
    result = fetch_url(server.url("/chain?n=3"), allow=LOCAL, settings={"max_redirects": 3})
    assert result.final_url == server.url("/page")
    assert result.redirects == [server.url("/chain?n=3"), server.url("/chain?n=2"), server.url("/chain?n=1")]
    assert result.url == server.url("/chain?n=3")
    assert result.body == HTML


@pytest.mark.parametrize("status", [301, 303, 307, 308])
def test_other_redirect_statuses(server, status):
    result = fetch_url(_redirect(server, "/plain", status), allow=LOCAL, settings=FAST)
    assert (result.final_url, result.content_type, result.charset) == (server.url("/plain"), "text/plain", None)


def test_too_many_redirects(server):
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(server.url("/chain?n=3"), allow=LOCAL, settings={"max_redirects": 2})
    assert _code(excinfo) == "NS207"
    assert excinfo.value.fields == {"url": server.url("/chain?n=3"), "limit": 2}


def test_redirect_loop(server):
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(server.url("/loop"), allow=LOCAL, settings=FAST)
    assert _code(excinfo) == "NS207"
    assert excinfo.value.fields["limit"] == 5
    assert len(server.requests) == 6


# -- responses ----------------------------------------------------------------------


def test_http_error_status(server):
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(server.url("/404"), allow=LOCAL, settings=FAST)
    assert _code(excinfo) == "NS204"
    assert excinfo.value.fields == {"url": server.url("/404"), "status": 404}


@pytest.mark.parametrize("path,shown", [("/pdf", "application/pdf"), ("/notype", "(none given)"),
                                        ("/brotli", "text/html (Content-Encoding: br)")])
def test_content_type_refused(server, path, shown):
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(server.url(path), allow=LOCAL, settings=FAST)
    assert _code(excinfo) == "NS205"
    assert excinfo.value.fields["content_type"] == shown


def test_xhtml_and_plain_are_accepted(server):
    result = fetch_url(server.url("/xhtml"), allow=LOCAL, settings=FAST)
    assert (result.content_type, result.charset) == ("application/xhtml+xml", "utf-8")
    assert fetch_url(server.url("/plain"), allow=LOCAL, settings=FAST).body == b"plain text"


@pytest.mark.parametrize("path", ["/huge-length", "/big-stream", "/big-chunked", "/gzip-bomb"])
def test_body_over_max_bytes(server, path):
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(server.url(path), allow=LOCAL, settings={"max_bytes": 1000, **FAST})
    assert _code(excinfo) == "NS206"
    assert excinfo.value.fields == {"url": server.url(path), "limit": 1000}


def test_body_at_the_limit_is_read(server):
    result = fetch_url(server.url("/small-chunked"), allow=LOCAL, settings={"max_bytes": 512})
    assert result.body == b"x" * 512
    result = fetch_url(server.url("/big-stream"), allow=LOCAL, settings={"max_bytes": 4096})
    assert result.body == b"x" * 4096


def test_gzip_body_is_decoded(server):
    result = fetch_url(server.url("/gzip"), allow=LOCAL, settings=FAST)
    assert result.body == HTML


def test_read_timeout(server):
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(server.url("/slow"), allow=LOCAL, settings={"read_timeout": 0.5, "connect_timeout": 0.5})
    assert _code(excinfo) == "NS201"
    assert excinfo.value.fields["detail"] == "no answer within 0.5 s"


def test_total_timeout_stops_a_trickling_server(server):
    # the trickle would finish, successfully, after 2 s: only the deadline can raise here
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(server.url("/trickle"), allow=LOCAL, settings={"read_timeout": 1.0, "total_timeout": 0.3})
    assert _code(excinfo) == "NS201"
    assert excinfo.value.fields["detail"] == "the page took longer than 0.3 s in all"


def test_connection_refused():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url(f"http://127.0.0.1:{port}/", allow=LOCAL, settings=FAST)
    assert _code(excinfo) == "NS201"
    assert excinfo.value.fields["detail"] == "the connection was refused"


def test_next_address_is_tried_when_one_refuses(server, attempts):
    # the server listens on 127.0.0.1 only, so 127.0.0.2 on its port refuses
    resolver = _resolver({"two.test": ["127.0.0.2", "127.0.0.1"]})
    result = fetch_url(f"http://two.test:{server.port}/", resolver=resolver, allow=["127.0.0.0/30"], settings=FAST)
    assert result.status == 200
    assert attempts == [("127.0.0.2", server.port), ("127.0.0.1", server.port)]


# -- decoding and settings ----------------------------------------------------------


def _result(body: bytes, content_type: str = "text/html", charset: str | None = None) -> FetchResult:
    return FetchResult("http://x.test/", "http://x.test/", 200, content_type, charset, body, [])


def test_decode_body_uses_declared_charset(server):
    result = fetch_url(server.url("/latin1"), allow=LOCAL, settings=FAST)
    assert result.charset == "iso-8859-1"
    assert decode_body(result) == "<p>café</p>"


def test_decode_body_uses_meta_charset(server):
    result = fetch_url(server.url("/meta"), allow=LOCAL, settings=FAST)
    assert result.charset is None
    assert decode_body(result).endswith("<p>café</p>")


def test_decode_body_falls_back_to_utf8_with_replacement(server):
    result = fetch_url(server.url("/badcharset"), allow=LOCAL, settings=FAST)
    assert result.charset == "no-such-charset"
    assert decode_body(result) == "café \ufffd"
    assert decode_body(_result(b"caf\xe9", charset="utf-8")) == "caf\ufffd"  # declared charset fails
    assert decode_body(_result(b"caf\xc3\xa9", charset="base64")) == "café"  # not a text encoding


def test_decode_body_bom_and_default():
    assert decode_body(_result("\ufeffcafé".encode("utf-8"), charset="latin-1")) == "café"
    assert decode_body(_result("café".encode("utf-16"))) == "café"
    assert decode_body(_result("café".encode("utf-8"), content_type="text/plain")) == "café"


def test_defaults_match_default_cfg():
    from newssift.config import load_config

    assert load_config(path=None)["fetch"] == fetch.DEFAULT_SETTINGS


@pytest.mark.parametrize("settings", [{"max_bytes": "lots"}, {"read_timeout": 0}, {"max_redirects": -1}])
def test_bad_settings(settings):
    with pytest.raises(NewssiftError) as excinfo:
        fetch_url("http://93.184.216.34/", settings=settings)
    assert _code(excinfo) == "NS304"
