"""Shared fixtures: a recording HTTP server on 127.0.0.1 and one HTTP client."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from _support import HttpServer, Recorded


@pytest.fixture
def http_server() -> Iterator[HttpServer]:
    state = HttpServer(url="")

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length) if length else b""
            state.requests.append(
                Recorded(self.command, self.path, body, dict(self.headers.items()))
            )
            status = state.statuses.get(self.path, state.default_status)
            payload = b"ok" if status < 400 else b"boom"
            self.send_response(status)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = _answer  # noqa: N815 - method names are fixed by BaseHTTPRequestHandler
        do_POST = _answer  # noqa: N815 - method names are fixed by BaseHTTPRequestHandler

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def client() -> Iterator[httpx.Client]:
    """One client for the whole run: building its TLS context costs ~0.1 s each time."""
    with httpx.Client() as client:
        yield client
