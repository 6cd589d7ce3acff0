"""Request body limit for the prediction API, as a pure ASGI middleware.

A declared ``Content-Length`` over the limit is answered 413 before anything is read;
a chunked body is read up to the limit and no further. Each refusal is counted in the
``prediction_errors`` metric (reason ``body_too_large``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .serving import ServiceMetrics

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class _TooLargeError(Exception):
    pass


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, limit: int, metrics: ServiceMetrics) -> None:
        self.app = app
        self.limit = limit
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"].upper() not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length", b"0").decode("latin-1")
        try:
            if not length.isdigit() or int(length) > self.limit:
                raise _TooLargeError
            receive = await self._buffered(receive)
        except _TooLargeError:
            self.metrics.errors.labels("body_too_large").inc()
            await _reply_413(send, self.limit)
            return
        await self.app(scope, receive, send)

    async def _buffered(self, receive: Receive) -> Receive:
        body = b""
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return _replaying(message)
            body += message.get("body", b"")
            if len(body) > self.limit:
                raise _TooLargeError
            more = bool(message.get("more_body", False))
        return _replaying({"type": "http.request", "body": body, "more_body": False}, receive)


def _replaying(first: Message, then: Receive | None = None) -> Receive:
    """A receive channel that hands over ``first``, then (if any) the real channel."""
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if delivered and then is not None:
            return await then()
        delivered = True
        return first

    return replay


async def _reply_413(send: Send, limit: int) -> None:
    body = f'{{"detail": "request body over {limit} bytes"}}'.encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
