"""Fetch one article page over http(s) without becoming an SSRF proxy.

Threat model
------------
newssift may run as a server that fetches URLs its users choose. A hostile user
can then try to make it request things only the server can reach: the cloud
metadata service (169.254.169.254), admin pages on localhost or the private
network, other services on the host. The target may be hidden behind

* odd spellings of an IP address: ``2130706433``, ``0177.0.0.1``, ``0x7f.1``,
  ``127.1``, ``127.0.0.1.``, ``[::ffff:127.0.0.1]``, 6to4 or NAT64 addresses
  that embed a private IPv4 address;
* a DNS name that resolves to a private address, or to a public address while it
  is checked and a private one when it is connected to (DNS rebinding);
* a redirect from a harmless public page to an internal one;
* another scheme (``file:``, ``gopher:``, ``ftp:``);
* a response that is huge, never ends, or is not a web page at all.

Defences
--------
* Only absolute ``http``/``https`` URLs without user names or passwords (NS203).
* The host is parsed the way the C library parses it (``inet_aton`` accepts every
  odd IPv4 spelling), names are resolved *once*, and every address must be
  public (:func:`is_public_address`) unless the caller's ``allow`` list names it
  (NS202). ``localhost`` and ``*.localhost`` are never fetched.
* The socket is connected to the vetted IP address itself, never to the name, so
  a second DNS answer cannot change where the request goes; the Host header, TLS
  SNI and certificate check still use the name. ``connect()`` re-checks the IP it
  connects to and the peer address it got.
* Redirects are followed by hand (at most ``max_redirects``, NS207) and every hop
  is parsed, resolved and checked again.
* Connect and read timeouts (NS201), a byte cap checked against Content-Length
  and while streaming (NS206), a content-type allow-list (NS205), and
  ``Accept-Encoding: identity`` (gzip/deflate are still decoded, under the same
  cap, for servers that ignore it). ``*_proxy`` environment variables are not
  used: :mod:`http.client` never reads them.

* An overall deadline, ``total_timeout`` (NS201), checked before every hop and
  between reads; each read returns what has arrived (``read1``), so a server
  that trickles one byte at a time cannot hold a fetch past ``total_timeout``
  plus one ``read_timeout``.

Not covered: any port is allowed.
"""

from __future__ import annotations

import codecs
import http.client
import ipaddress
import re
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from typing import Callable, Iterable, Union
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from newssift.errors import NewssiftError

__all__ = [
    "DEFAULT_SETTINGS",
    "FetchResult",
    "fetch_url",
    "decode_body",
    "check_host",
    "parse_host",
    "is_public_address",
]

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
Resolver = Callable[[str, int], list[str]]

#: The ``[fetch]`` defaults; identical to ``newssift/default.cfg`` (a test checks this).
DEFAULT_SETTINGS: dict[str, object] = {
    "connect_timeout": 5.0,
    "read_timeout": 15.0,
    "total_timeout": 30.0,
    "max_bytes": 5000000,
    "max_redirects": 5,
    "user_agent": "newssift/0.1 (+https://github.com/newssift/newssift)",
}

ACCEPTED_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024

# Ranges that are never fetched, whatever this Python's ipaddress flags say
# (their lists have changed between releases; this one is the floor).
_BLOCKED = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",  # "this network", includes 0.0.0.0
        "10.0.0.0/8",
        "100.64.0.0/10",  # shared address space (carrier-grade NAT)
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, cloud metadata
        "172.16.0.0/12",
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",
        "192.88.99.0/24",  # 6to4 relay anycast (deprecated)
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, includes 255.255.255.255
        "::/96",  # unspecified, loopback, deprecated IPv4-compatible addresses
        "::ffff:0:0/96",  # IPv4-mapped (unwrapped before this check)
        "64:ff9b:1::/48",  # local-use NAT64
        "100::/64",  # discard-only
        "2001::/23",  # IETF protocol assignments, includes Teredo 2001::/32
        "2001:db8::/32",
        "3fff::/20",
        "5f00::/16",
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",  # multicast
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

_NAME_RE = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")
_NUMERIC_LABEL_RE = re.compile(r"0x[0-9a-f]*|[0-9]+")


@dataclass(frozen=True)
class FetchResult:
    """One fetched page.

    ``redirects`` lists every URL that answered with a redirect, in order (so it
    starts with ``url`` when there was one); ``final_url`` answered with ``status``.
    """

    url: str
    final_url: str
    status: int
    content_type: str  # mime type only, lower case: "text/html"
    charset: str | None  # from the Content-Type header, lower case
    body: bytes
    redirects: list[str]


# -- addresses ------------------------------------------------------------------


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 address."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    return None


def is_public_address(ip: IPAddress | str) -> bool:
    """True if ``ip`` is a globally routable unicast address.

    IPv6 addresses that embed an IPv4 address (``::ffff:a.b.c.d``,
    ``64:ff9b::/96``, ``2002::/16``) are judged by the IPv4 address inside;
    Teredo and scoped (``%eth0``) addresses are never public.
    """
    if isinstance(ip, str):
        ip = ipaddress.ip_address(ip)
    if ip.version == 6:
        if ip.scope_id or ip.teredo is not None:
            return False
        inner = _embedded_ipv4(ip)
        if inner is not None:
            return is_public_address(inner)
    if any(ip in net for net in _BLOCKED):
        return False
    if ip.version == 6 and ip.is_site_local:
        return False
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_unspecified
    )


def parse_host(host: str) -> IPAddress | str:
    """The IP address a URL host spells, or the host as a lower-case ASCII name.

    Every spelling the C resolver accepts counts as an address: ``127.1``,
    ``0x7f.0.0.1``, ``0177.0.0.1``, ``2130706433`` all give ``127.0.0.1``. One
    trailing dot is dropped. Raises :class:`ValueError` for hosts that are neither
    a valid address nor a valid name.
    """
    name = host.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name.endswith("."):
        name = name[:-1]
    if not name:
        raise ValueError("the host is empty")
    if ":" in name:
        if "%" in name:
            raise ValueError("scoped IPv6 addresses are not supported")
        try:
            return ipaddress.IPv6Address(name)
        except ValueError:
            raise ValueError(f"{host!r} is not a valid IPv6 address") from None
    if not name.isascii():
        try:
            name = name.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValueError(f"{host!r} is not a valid host name") from None
    if not _NAME_RE.fullmatch(name):
        raise ValueError(f"{host!r} is not a valid host name")
    try:
        return ipaddress.IPv4Address(socket.inet_aton(name))
    except OSError:
        pass
    if _NUMERIC_LABEL_RE.fullmatch(name.rsplit(".", 1)[-1]):
        raise ValueError(f"{host!r} is not a valid IPv4 address")
    return name


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


class _Policy:
    """Which addresses may be connected to: public ones, plus the ``allow`` list."""

    def __init__(self, allow: Iterable[str] | None) -> None:
        if isinstance(allow, str):
            allow = [allow]
        self.allow = tuple(ipaddress.ip_network(entry, strict=False) for entry in (allow or ()))

    def refusal(self, ip: IPAddress) -> str | None:
        """Why ``ip`` may not be connected to, or None if it may.

        The allow list matches the address exactly as it will be connected to:
        ``127.0.0.1/32`` does not allow ``::ffff:127.0.0.1``.
        """
        if any(ip in net for net in self.allow):
            return None
        if is_public_address(ip):
            return None
        return f"{ip} is not a public address"


def _check_host(
    host: str, port: int, policy: _Policy, resolver: Resolver, url: str
) -> tuple[IPAddress | str, list[IPAddress]]:
    try:
        parsed = parse_host(host)
    except ValueError as exc:
        raise NewssiftError("NS203", url=url, detail=str(exc)) from None
    if isinstance(parsed, str):
        if parsed == "localhost" or parsed.endswith(".localhost"):
            raise NewssiftError("NS202", url=url, detail=f"{parsed} is a local host name")
        try:
            answers = resolver(parsed, port)
        except (OSError, UnicodeError) as exc:
            raise NewssiftError("NS201", url=url, detail=f"could not resolve {parsed}: {exc}") from None
        addresses: list[IPAddress] = []
        for answer in answers:
            try:
                ip = ipaddress.ip_address(answer)
            except ValueError:
                raise NewssiftError("NS201", url=url, detail=f"{parsed} resolved to {answer!r}") from None
            if ip not in addresses:
                addresses.append(ip)
        if not addresses:
            raise NewssiftError("NS201", url=url, detail=f"{parsed} has no address")
    else:
        addresses = [parsed]
    for ip in addresses:
        reason = policy.refusal(ip)
        if reason is not None:
            detail = reason if ip == parsed else f"{parsed} resolves to {ip}, which is not a public address"
            raise NewssiftError("NS202", url=url, detail=detail)
    return parsed, addresses


def check_host(
    host: str,
    port: int = 80,
    *,
    resolver: Resolver | None = None,
    allow: Iterable[str] | None = None,
    url: str | None = None,
) -> list[IPAddress]:
    """The vetted addresses of ``host``, or a :class:`NewssiftError`.

    NS203 for a malformed host, NS202 for a local name or if *any* address is not
    public (and not in ``allow``), NS201 if the name does not resolve.
    """
    _, addresses = _check_host(host, port, _Policy(allow), resolver or _system_resolver, url or host)
    return addresses


# -- connections ----------------------------------------------------------------


class _Refused(Exception):
    """Raised by ``connect()`` when the pinned address fails the re-check."""


def _open_socket(ip: IPAddress, port: int, timeout: float) -> socket.socket:
    """A TCP socket connected to exactly ``ip``: no name lookup happens here."""
    family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect((str(ip), port))
        peer = ipaddress.ip_address(sock.getpeername()[0])
        if peer != ip:
            raise _Refused(f"connected to {peer}, not to the vetted {ip}")
    except BaseException:
        sock.close()
        raise
    return sock


class _PinnedMixin:
    """``connect()`` goes to the vetted IP; ``self.host`` stays the name for Host/SNI."""

    _ip: IPAddress
    _policy: _Policy
    _read_timeout: float
    host: str
    port: int
    timeout: float
    sock: socket.socket | None

    def _connect_pinned(self) -> socket.socket:
        reason = self._policy.refusal(self._ip)
        if reason is not None:
            raise _Refused(reason)
        sock = _open_socket(self._ip, self.port, self.timeout)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        return sock


class _PinnedHTTPConnection(_PinnedMixin, http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, ip: IPAddress, policy: _Policy, connect_timeout: float,
                 read_timeout: float) -> None:
        super().__init__(host, port, timeout=connect_timeout)
        self._ip, self._policy, self._read_timeout = ip, policy, read_timeout

    def connect(self) -> None:
        self.sock = self._connect_pinned()
        self.sock.settimeout(self._read_timeout)


class _PinnedHTTPSConnection(_PinnedMixin, http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, ip: IPAddress, policy: _Policy, connect_timeout: float,
                 read_timeout: float, context: ssl.SSLContext) -> None:
        super().__init__(host, port, timeout=connect_timeout, context=context)
        self._ip, self._policy, self._read_timeout = ip, policy, read_timeout
        self._tls = context

    def connect(self) -> None:
        sock = self._connect_pinned()
        try:
            self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        self.sock.settimeout(self._read_timeout)


def _ssl_context() -> ssl.SSLContext:
    return ssl.create_default_context()  # verifies the certificate and the host name


# -- settings and URLs ------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    connect_timeout: float
    read_timeout: float
    total_timeout: float
    max_bytes: int
    max_redirects: int
    user_agent: str


def _options(settings: dict | None) -> _Options:
    merged = dict(DEFAULT_SETTINGS)
    merged.update(settings or {})
    values: dict[str, object] = {}
    for key, kind, minimum in (
        ("connect_timeout", float, 0.0),
        ("read_timeout", float, 0.0),
        ("total_timeout", float, 0.0),
        ("max_bytes", int, 1),
        ("max_redirects", int, 0),
    ):
        raw = merged[key]
        try:
            value = kind(raw)
        except (TypeError, ValueError):
            raise NewssiftError("NS304", key=f"fetch.{key}", value=raw, detail=f"expected {kind.__name__}") from None
        if value < minimum or (kind is float and value == 0):
            raise NewssiftError("NS304", key=f"fetch.{key}", value=raw, detail="too small")
        values[key] = value
    values["user_agent"] = str(merged["user_agent"]).strip() or str(DEFAULT_SETTINGS["user_agent"])
    return _Options(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class _Target:
    url: str  # normalized, without fragment
    scheme: str
    host: str  # from the URL, as written
    port: int
    request_target: str  # path?query


_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


def _parse_url(url: str) -> _Target:
    if not isinstance(url, str):
        raise NewssiftError("NS203", url=repr(url), detail="not a string")
    raw = url.strip()
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in raw):
        raise NewssiftError("NS203", url=url, detail="it contains control characters")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise NewssiftError("NS203", url=url, detail=str(exc)) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}:" if scheme else "no scheme"
        raise NewssiftError("NS203", url=url, detail=f"{shown} is not allowed, only http: and https:")
    if "@" in parts.netloc:
        raise NewssiftError("NS203", url=url, detail="user names and passwords in URLs are not supported")
    if not parts.hostname:
        raise NewssiftError("NS203", url=url, detail="it has no host")
    if port is None:
        port = 443 if scheme == "https" else 80
    elif port == 0:
        raise NewssiftError("NS203", url=url, detail="port 0 is not valid")
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    query = quote(parts.query, safe=_PATH_SAFE + "?")
    normalized = urlunsplit((scheme, parts.netloc, path, query, ""))
    return _Target(normalized, scheme, parts.hostname, port, path + (f"?{query}" if query else ""))


def _parse_content_type(value: str | None) -> tuple[str, str | None]:
    if not value:
        return "", None
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'").strip().lower() or None
    return mime.strip().lower(), charset


# -- fetching ---------------------------------------------------------------------


def _connection_error(url: str, exc: BaseException, opts: _Options, connecting: bool) -> NewssiftError:
    if isinstance(exc, (socket.timeout, TimeoutError)):
        if connecting:
            detail = f"could not connect within {opts.connect_timeout:g} s"
        else:
            detail = f"no answer within {opts.read_timeout:g} s"
    elif isinstance(exc, ConnectionRefusedError):
        detail = "the connection was refused"
    elif isinstance(exc, ssl.SSLError):
        detail = f"TLS failed: {exc.reason or exc}"
    elif isinstance(exc, http.client.HTTPException):
        detail = f"bad HTTP response ({exc.__class__.__name__}: {exc})"
    else:
        detail = str(exc) or exc.__class__.__name__
    return NewssiftError("NS201", url=url, detail=detail)


def _open(
    target: _Target, name: IPAddress | str, addresses: list[IPAddress], policy: _Policy, opts: _Options,
    context: ssl.SSLContext | None,
) -> http.client.HTTPConnection:
    """A connection to the first vetted address that answers."""
    host = str(name)
    last: BaseException | None = None
    for ip in addresses:
        conn: http.client.HTTPConnection
        if target.scheme == "https":
            assert context is not None
            conn = _PinnedHTTPSConnection(host, target.port, ip=ip, policy=policy, context=context,
                                          connect_timeout=opts.connect_timeout, read_timeout=opts.read_timeout)
        else:
            conn = _PinnedHTTPConnection(host, target.port, ip=ip, policy=policy,
                                         connect_timeout=opts.connect_timeout, read_timeout=opts.read_timeout)
        try:
            conn.connect()
        except _Refused as exc:
            conn.close()
            raise NewssiftError("NS202", url=target.url, detail=str(exc)) from None
        except OSError as exc:
            conn.close()
            last = exc
            continue
        return conn
    assert last is not None
    raise _connection_error(target.url, last, opts, connecting=True) from None


def _check_deadline(url: str, deadline: float, opts: _Options) -> None:
    if time.monotonic() > deadline:
        raise NewssiftError("NS201", url=url, detail=f"the page took longer than {opts.total_timeout:g} s in all")


def _read_body(resp: http.client.HTTPResponse, url: str, mime: str, opts: _Options, deadline: float) -> bytes:
    encoding = (resp.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding in ("", "identity"):
        decoder = None
    elif encoding in ("gzip", "x-gzip", "deflate"):
        decoder = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header
    else:
        raise NewssiftError("NS205", url=url, content_type=f"{mime} (Content-Encoding: {encoding})")
    if resp.length is not None and resp.length > opts.max_bytes:
        raise NewssiftError("NS206", url=url, limit=opts.max_bytes)
    limit = opts.max_bytes
    parts: list[bytes] = []
    raw_total = total = 0
    while True:
        _check_deadline(url, deadline, opts)
        chunk = resp.read1(_CHUNK)  # what has arrived, at most one wait of read_timeout
        if not chunk:
            break
        raw_total += len(chunk)
        if raw_total > limit:
            raise NewssiftError("NS206", url=url, limit=limit)
        if decoder is None:
            parts.append(chunk)
            total = raw_total
            continue
        data = chunk
        try:
            while data:
                out = decoder.decompress(data, limit - total + 1)
                total += len(out)
                if total > limit:
                    raise NewssiftError("NS206", url=url, limit=limit)
                parts.append(out)
                data = decoder.unconsumed_tail
        except zlib.error as exc:
            raise NewssiftError("NS201", url=url, detail=f"could not decompress the {encoding} body: {exc}") from None
    if decoder is not None:
        try:
            out = decoder.flush()
        except zlib.error as exc:
            raise NewssiftError("NS201", url=url, detail=f"could not decompress the {encoding} body: {exc}") from None
        total += len(out)
        if total > limit:
            raise NewssiftError("NS206", url=url, limit=limit)
        parts.append(out)
    return b"".join(parts)


def _redirect_location(resp: http.client.HTTPResponse) -> str | None:
    location = resp.getheader("Location")
    if location is None or not location.strip():
        return None
    location = location.strip()
    try:  # http.client decodes header bytes as latin-1; servers mostly send UTF-8
        location = location.encode("latin-1").decode("utf-8")
    except UnicodeError:
        pass
    return location


def fetch_url(
    url: str,
    *,
    settings: dict | None = None,
    resolver: Resolver | None = None,
    allow: Iterable[str] | None = None,
) -> FetchResult:
    """GET ``url`` (http or https, public addresses only) and return the page.

    ``settings`` is the ``[fetch]`` section (missing keys take the defaults of
    ``default.cfg``). ``resolver(host, port)`` returns IP address strings
    (default: :func:`socket.getaddrinfo`; raise :class:`OSError` for unknown
    names). ``allow`` lists IP networks (``"127.0.0.1/32"``) that may be fetched
    although they are not public (matched exactly: ``127.0.0.1/32`` does not
    cover ``::ffff:127.0.0.1``; a malformed entry raises :class:`ValueError`);
    nothing non-public is fetched by default.

    Raises :class:`NewssiftError`: NS201 unreachable (DNS, connect, timeout, bad
    HTTP), NS202 refused address, NS203 unsupported URL, NS204 non-2xx status,
    NS205 content type, NS206 too large, NS207 too many redirects.
    """
    opts = _options(settings)
    policy = _Policy(allow)
    resolve = resolver or _system_resolver
    context: ssl.SSLContext | None = None
    redirects: list[str] = []
    current = url
    deadline = time.monotonic() + opts.total_timeout
    while True:
        target = _parse_url(current)
        _check_deadline(target.url, deadline, opts)
        name, addresses = _check_host(target.host, target.port, policy, resolve, target.url)
        if target.scheme == "https" and context is None:
            context = _ssl_context()
        conn = _open(target, name, addresses, policy, opts, context)
        resp: http.client.HTTPResponse | None = None
        try:
            try:
                conn.request(
                    "GET",
                    target.request_target,
                    headers={
                        "User-Agent": opts.user_agent,
                        "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
                        "Accept-Encoding": "identity",
                        "Connection": "close",
                    },
                )
                resp = conn.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                raise _connection_error(target.url, exc, opts, connecting=False) from None

            if resp.status in REDIRECT_STATUSES:
                location = _redirect_location(resp)
                if location is not None:
                    if len(redirects) >= opts.max_redirects:
                        raise NewssiftError("NS207", url=url, limit=opts.max_redirects)
                    redirects.append(target.url)
                    current = urljoin(target.url, location)
                    continue
            if not 200 <= resp.status < 300:
                raise NewssiftError("NS204", url=target.url, status=resp.status)
            mime, charset = _parse_content_type(resp.getheader("Content-Type"))
            if mime not in ACCEPTED_TYPES:
                raise NewssiftError("NS205", url=target.url, content_type=mime or "(none given)")
            try:
                body = _read_body(resp, target.url, mime, opts, deadline)
            except (OSError, http.client.HTTPException) as exc:
                raise _connection_error(target.url, exc, opts, connecting=False) from None
            return FetchResult(
                url=url,
                final_url=target.url,
                status=resp.status,
                content_type=mime,
                charset=charset,
                body=body,
                redirects=redirects,
            )
        finally:
            if resp is not None:
                resp.close()  # with "Connection: close" the response owns the socket
            conn.close()


# -- decoding ---------------------------------------------------------------------

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Text codecs that are not character sets of web pages.
_NOT_CHARSETS = {"idna", "punycode", "unicode_escape", "raw_unicode_escape", "undefined"}


def usable_codec(name: str | None) -> str | None:
    """Python's name for a web page charset, or None for unknown and non-text codecs."""
    if not name:
        return None
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name


def declared_html_charset(body: bytes) -> str | None:
    """The charset a ``<meta charset>`` (or ``http-equiv`` Content-Type) in the first 1024 bytes declares."""
    match = _META_CHARSET_RE.search(body[:1024])
    if not match:
        return None
    charset = match.group(1).decode("ascii").lower()
    return "utf-8" if charset.startswith("utf-16") else charset  # a meta tag readable as ASCII is not UTF-16


def decode_body(result: FetchResult) -> str:
    """The body of ``result`` as text.

    The charset is, in order: a byte-order mark; the charset of the Content-Type
    header; for HTML, a ``<meta charset>`` (or ``http-equiv`` Content-Type) in the
    first 1024 bytes; else UTF-8. The body is decoded strictly with it; if that
    charset is unknown or the bytes are not valid in it, the body is decoded as
    UTF-8 with ``errors="replace"`` (bad bytes become U+FFFD). Never raises.
    """
    body = result.body
    for bom, name in _BOMS:
        if body.startswith(bom):
            charset: str | None = name
            break
    else:
        charset = result.charset
        if charset is None and result.content_type != "text/plain":
            charset = declared_html_charset(body)
    codec = usable_codec(charset or "utf-8")
    if codec is not None:
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            pass
    return body.decode("utf-8", errors="replace")
