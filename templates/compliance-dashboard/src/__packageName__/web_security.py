"""The dashboard's HTTP guard: Host allow list, cross-site and token checks on state
changes, a body size limit and security headers, as one pure ASGI middleware.

Why each rule exists:

- ``Host`` allow list: DNS rebinding lets any web page reach a localhost server under
  its own name; refusing unknown ``Host`` headers closes that (400). ``/healthz`` is
  exempt: Kubernetes probes send the pod IP as ``Host`` and it reveals nothing.
- State-changing requests (``POST /api/rescan`` runs AWS calls) are refused when the
  browser says they come from another site (``Origin``/``Sec-Fetch-Site``, 403), need
  ``Authorization: Bearer $DASHBOARD_TOKEN`` when a token is set (401), and are closed
  (403) when the dashboard listens beyond loopback without a token.
- Bodies above ``max_body_bytes`` are refused (413): by ``Content-Length`` at once, and
  a chunked body of a state-changing request is read up to the limit, never further.
- Every response carries CSP (no scripts, no framing), nosniff and no-referrer.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
ANY_HOST_PATHS = frozenset({"/healthz"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SECURITY_HEADERS = (
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
        b"base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)


def is_loopback(host: str) -> bool:
    """Whether a bind address or host name only reaches this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(value: str) -> str | None:
    """The host part of a ``Host`` header (``name``, ``name:port``, ``[v6]:port``)."""
    parsed = urlsplit(f"//{value}")
    try:
        parsed.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return None
    name = parsed.hostname
    if not name or any(c.isspace() for c in value):
        return None
    return name.lower()


@dataclass(frozen=True)
class DashboardSecurity:
    """What the guard allows; the defaults suit a dashboard bound to 127.0.0.1."""

    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES
    token: str | None = None
    require_token: bool = False
    """Close state-changing requests unless a token is set (listening beyond loopback)."""
    max_body_bytes: int = 64 * 1024

    def host_allowed(self, header: str) -> bool:
        name = host_name(header)
        return name is not None and name in {h.lower().strip("[]") for h in self.allowed_hosts}


class _RefusedError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class SecurityMiddleware:
    """Applies :class:`DashboardSecurity` to every HTTP request of the wrapped app."""

    def __init__(self, app: ASGIApp, security: DashboardSecurity) -> None:
        self.app = app
        self.security = security

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            self._check(scope["method"], scope["path"], headers)
            if scope["method"].upper() not in SAFE_METHODS:
                receive = await self._buffered(receive)
        except _RefusedError as refused:
            await _reply(send, refused.status, refused.detail)
            return
        await self.app(scope, receive, _with_headers(send))

    def _check(self, method: str, path: str, headers: dict[str, str]) -> None:
        host = headers.get("host", "")
        if path not in ANY_HOST_PATHS and not self.security.host_allowed(host):
            raise _RefusedError(400, "Host header not allowed (set DASHBOARD_ALLOWED_HOSTS)")
        length = headers.get("content-length", "0")
        if not length.isdigit() or int(length) > self.security.max_body_bytes:
            raise _RefusedError(413, f"request body over {self.security.max_body_bytes} bytes")
        if method.upper() in SAFE_METHODS:
            return
        origin = headers.get("origin")
        if origin is not None and not self.security.host_allowed(urlsplit(origin).netloc):
            raise _RefusedError(403, "cross-site request refused")
        if origin is None and headers.get("sec-fetch-site", "same-origin") == "cross-site":
            raise _RefusedError(403, "cross-site request refused")
        if self.security.token is not None:
            given = headers.get("authorization", "")
            expected = f"Bearer {self.security.token}"
            if not hmac.compare_digest(given.encode(), expected.encode()):
                raise _RefusedError(401, "missing or wrong bearer token")
        elif self.security.require_token:
            raise _RefusedError(403, "set DASHBOARD_TOKEN to allow changes on a non-local address")

    async def _buffered(self, receive: Receive) -> Receive:
        """Read a state-changing request's body up to the limit (chunked ones too)."""
        limit = self.security.max_body_bytes
        body = b""
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                raise _RefusedError(400, "client went away")
            body += message.get("body", b"")
            if len(body) > limit:
                raise _RefusedError(413, f"request body over {limit} bytes")
            more = bool(message.get("more_body", False))
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        return replay


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
        await send(message)

    return sending


async def _reply(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *SECURITY_HEADERS,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
