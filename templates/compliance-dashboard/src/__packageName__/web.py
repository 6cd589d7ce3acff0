"""FastAPI dashboard: HTML overview, JSON API and ``/healthz``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse

from . import __version__
from .assessment import Assessment, FrameworkScore
from .models import Finding, Severity
from .reports import build_sarif, render_html
from .settings import PROJECT_NAME
from .web_security import DashboardSecurity, SecurityMiddleware


class AssessmentCache:
    """Runs the (possibly slow, AWS-calling) assessment lazily, once, until a rescan."""

    def __init__(self, load: Callable[[], Assessment]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._current: Assessment | None = None

    def get(self) -> Assessment:
        with self._lock:
            if self._current is None:
                self._current = self._load()
            return self._current

    def refresh(self) -> Assessment:
        with self._lock:
            self._current = self._load()
            return self._current


def create_app(
    load: Callable[[], Assessment], security: DashboardSecurity | None = None
) -> FastAPI:
    """Build the dashboard app around a function that produces an assessment.

    ``security`` defaults to a dashboard reached as localhost; see web_security.py.
    The interactive /docs pages are off: they load scripts from a CDN, which the
    Content-Security-Policy forbids (``/openapi.json`` stays available).
    """
    cache = AssessmentCache(load)
    app = FastAPI(
        title=f"{PROJECT_NAME} compliance dashboard",
        version=__version__,
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(SecurityMiddleware, security=security or DashboardSecurity())

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/", response_class=HTMLResponse)
    def overview() -> HTMLResponse:
        return HTMLResponse(render_html(cache.get(), dashboard=True))

    @app.get("/api/assessment")
    def assessment() -> Assessment:
        return cache.get()

    @app.get("/api/scores")
    def scores() -> list[FrameworkScore]:
        return list(cache.get().scores)

    @app.get("/api/scores/{framework}")
    def framework_score(framework: str) -> FrameworkScore:
        try:
            return cache.get().score_for(framework)
        except KeyError:
            raise HTTPException(status_code=404, detail=f"unknown framework {framework}") from None

    @app.get("/api/findings")
    def findings(
        severity: Annotated[Severity | None, Query(description="Minimum severity")] = None,
        source: str | None = None,
        framework: str | None = None,
    ) -> list[Finding]:
        result = list(cache.get().findings)
        if severity is not None:
            result = [f for f in result if f.severity.rank >= severity.rank]
        if source is not None:
            result = [f for f in result if f.source == source]
        if framework is not None:
            result = [f for f in result if f.controls_in(framework)]
        return result

    @app.get("/api/report.sarif")
    def sarif() -> dict[str, Any]:
        return build_sarif(cache.get())

    @app.post("/api/rescan")
    def rescan() -> list[FrameworkScore]:
        return list(cache.refresh().scores)

    return app
