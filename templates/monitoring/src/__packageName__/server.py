"""HTTP endpoints on the standard library server: /healthz, /metrics and /alerts.

prometheus_client's own exporter uses the same ThreadingHTTPServer; keeping the web
layer this small means no framework to upgrade. Move to FastAPI when the API grows
(silences, acknowledgements...): :class:`Monitor` does not care who calls it.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from prometheus_client import CONTENT_TYPE_LATEST

from . import __version__
from .monitor import Monitor, MonitorLoop
from .settings import SERVICE_NAME

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


def make_handler(monitor: Monitor) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = f"{SERVICE_NAME}/{__version__}"

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


class MonitorServer:
    """Serves the endpoints and runs the monitoring loop every ``interval`` seconds."""

    def __init__(self, monitor: Monitor, host: str, port: int, interval: float) -> None:
        self.monitor = monitor
        self.httpd = ThreadingHTTPServer((host, port), make_handler(monitor))
        self.httpd.daemon_threads = True
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
