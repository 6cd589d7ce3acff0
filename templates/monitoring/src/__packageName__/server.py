"""HTTP endpoints on the standard library server: /healthz, /metrics and /alerts.

prometheus_client's own exporter uses the same ThreadingHTTPServer; keeping the web
layer this small means no framework to upgrade. Move to FastAPI when the API grows
(silences, acknowledgements...): :class:`Monitor` does not care who calls it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from prometheus_client import CONTENT_TYPE_LATEST

from . import __version__
from .monitor import Monitor, MonitorLoop
from .settings import MAX_CONNECTIONS, READ_TIMEOUT_SECONDS, SERVICE_NAME

logger = logging.getLogger(__name__)


def alerts_json(monitor: Monitor) -> list[dict[str, Any]]:
    return [
        {
            "name": alert.name,
            "state": alert.state.value,
            "labels": dict(alert.labels),
            "annotations": dict(alert.annotations),
            "value": alert.value,
            "active_since": alert.active_since,
            "fired_at": alert.fired_at,
        }
        for alert in monitor.active_alerts
    ]


def make_handler(monitor: Monitor, read_timeout: float) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = f"{SERVICE_NAME}/{__version__}"
        # Each blocking read of a request gives up after this long (half-open clients).
        timeout = read_timeout

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == "/healthz":
                self._json(HTTPStatus.OK, {"status": "ok"})
            elif path == "/metrics":
                self._send(HTTPStatus.OK, monitor.exporter.render(), CONTENT_TYPE_LATEST)
            elif path == "/alerts":
                self._json(HTTPStatus.OK, alerts_json(monitor))
            else:
                self._json(HTTPStatus.NOT_FOUND, {"error": f"no route {path}"})

        def _json(self, status: HTTPStatus, payload: object) -> None:
            self._send(status, json.dumps(payload).encode(), "application/json")

        def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            logger.debug("%s " + format, self.address_string(), *args)

    return Handler


_BUSY = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class BoundedThreadingHTTPServer(ThreadingHTTPServer):
    """One thread per connection, but at most ``max_connections`` at a time.

    A connection beyond the bound gets an immediate 503 and is closed, so idle or
    half-open clients cannot make the process grow a thread each.
    """

    daemon_threads = True
    block_on_close = False  # shutting down never waits for a stuck client
    request_queue_size = 128  # listen backlog: bursts wait in the kernel, not in threads

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        max_connections: int,
    ) -> None:
        self._slots = threading.BoundedSemaphore(max_connections)
        super().__init__(address, handler)

    def process_request(self, request: socket.socket, client_address: Any) -> None:  # type: ignore[override]
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):  # the client may already be gone
                request.sendall(_BUSY)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: socket.socket, client_address: Any) -> None:  # type: ignore[override]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


class MonitorServer:
    """Serves the endpoints and runs the monitoring loop every ``interval`` seconds.

    ``read_timeout`` bounds every read of a request and ``max_connections`` the
    connections served at once.
    """

    def __init__(
        self,
        monitor: Monitor,
        host: str,
        port: int,
        interval: float,
        *,
        read_timeout: float = READ_TIMEOUT_SECONDS,
        max_connections: int = MAX_CONNECTIONS,
    ) -> None:
        self.monitor = monitor
        self.httpd = BoundedThreadingHTTPServer(
            (host, port), make_handler(monitor, read_timeout), max_connections
        )
        self.loop = MonitorLoop(monitor, interval)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def serve_forever(self) -> None:
        """Block until :meth:`shutdown` (or Ctrl-C), then stop the loop and close."""
        self.loop.start()
        logger.info("serving %s/metrics", self.url)
        try:
            self.httpd.serve_forever(poll_interval=0.1)
        except KeyboardInterrupt:
            logger.info("interrupted")
        finally:
            self.loop.stop()
            self.httpd.server_close()

    def shutdown(self) -> None:
        self.httpd.shutdown()
