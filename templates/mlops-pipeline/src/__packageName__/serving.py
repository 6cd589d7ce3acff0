"""Prediction service with A/B routing, and its FastAPI app (/predict, /healthz, /metrics)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from pydantic import BaseModel, Field

from . import __version__
from .body_limit import BodyLimitMiddleware
from .registry import ModelRegistry, ModelVersion
from .routing import ABRouter
from .settings import METRIC_PREFIX
from .training import Predictor


@dataclass(frozen=True)
class Prediction:
    model: str
    version: int
    labels: list[str]
    classes: list[int]


MAX_ROWS = 1000
"""Rows per /predict request; more is answered 422 (batch scoring is not this API)."""
MAX_BODY_BYTES = 2 * 1024 * 1024
"""Request body limit: 1000 rows of a few dozen features fit; 40 MB would not reach the
JSON parser (it would cost ~30x its size in Python objects against a 512 Mi pod)."""


class PredictionError(ValueError):
    """The request cannot be scored (wrong shape, unknown version, non-finite numbers)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class ServiceMetrics:
    """Prometheus metrics of one service, in their own registry (no global state)."""

    def __init__(self, prefix: str = METRIC_PREFIX) -> None:
        self.registry = CollectorRegistry()
        self.predictions = Counter(
            f"{prefix}_predictions",
            "Rows scored, by model version.",
            ["model", "version"],
            registry=self.registry,
        )
        self.errors = Counter(
            f"{prefix}_prediction_errors",
            "Rejected prediction requests.",
            ["reason"],
            registry=self.registry,
        )
        self.latency = Histogram(
            f"{prefix}_prediction_latency_seconds",
            "Time to score one request, by model version.",
            ["model", "version"],
            registry=self.registry,
        )
        self.traffic_weight = Gauge(
            f"{prefix}_ab_traffic_weight",
            "Configured share of traffic per model version.",
            ["model", "version"],
            registry=self.registry,
        )

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class PredictionService:
    """Loads every routed version once (checksum-verified) and scores requests."""

    def __init__(
        self,
        registry: ModelRegistry,
        router: ABRouter,
        model_name: str,
        metrics: ServiceMetrics | None = None,
    ) -> None:
        self.model_name = model_name
        self.router = router
        self.metrics = metrics or ServiceMetrics()
        self.entries: dict[int, ModelVersion] = {}
        self.models: dict[int, Predictor] = {}
        for version in router.versions:
            self.entries[version] = registry.get(model_name, version)
            self.models[version] = registry.load(model_name, version)
        features = {len(e.card.feature_names) for e in self.entries.values()}
        if len(features) != 1:
            msg = f"routed versions disagree on the number of features: {sorted(features)}"
            raise ValueError(msg)
        self.n_features = features.pop()
        for version, weight in router.weights.items():
            self.metrics.traffic_weight.labels(model_name, str(version)).set(weight)

    def predict(
        self, instances: list[list[float]], *, key: str | None = None, version: int | None = None
    ) -> Prediction:
        chosen = self.router.choose(key) if version is None else version
        if chosen not in self.models:
            msg = f"version {chosen} is not served; routed versions: {self.router.versions}"
            raise self._rejected(msg, "unknown_version")
        if len({len(row) for row in instances}) > 1:
            msg = "every row must have the same number of features"
            raise self._rejected(msg, "bad_shape")
        rows = np.asarray(instances, dtype=np.float64)
        if rows.ndim != 2 or rows.shape[1] != self.n_features:
            msg = f"expected rows of {self.n_features} features, got shape {rows.shape}"
            raise self._rejected(msg, "bad_shape")
        if not np.all(np.isfinite(rows)):
            bad = sorted({int(i) for i in np.argwhere(~np.isfinite(rows))[:, 0]})[:5]
            msg = f"features must be finite numbers (no NaN or infinity); see rows {bad}"
            raise self._rejected(msg, "non_finite")
        started = time.perf_counter()
        classes = [int(c) for c in self.models[chosen].predict(rows)]
        labels = self.metrics.latency.labels(self.model_name, str(chosen))
        labels.observe(time.perf_counter() - started)
        self.metrics.predictions.labels(self.model_name, str(chosen)).inc(len(classes))
        names = self.entries[chosen].card.target_names
        return Prediction(
            model=self.model_name,
            version=chosen,
            labels=[names[c] for c in classes],
            classes=classes,
        )

    def _rejected(self, message: str, reason: str) -> PredictionError:
        self.metrics.errors.labels(reason).inc()
        return PredictionError(message, reason)


class PredictRequest(BaseModel):
    instances: list[list[float]] = Field(min_length=1, max_length=MAX_ROWS)
    key: str | None = Field(default=None, description="Sticky A/B routing key (user id).")
    version: int | None = Field(default=None, description="Pin a version, bypassing A/B.")


class PredictResponse(BaseModel):
    model: str
    version: int
    labels: list[str]
    classes: list[int]


def create_app(service: PredictionService) -> FastAPI:
    app = FastAPI(title="Model serving", version=__version__)
    app.add_middleware(BodyLimitMiddleware, limit=MAX_BODY_BYTES, metrics=service.metrics)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI answers 422 itself; counting it keeps /metrics honest about rejections.
        service.metrics.errors.labels("invalid_request").inc()
        return JSONResponse(status_code=422, content={"detail": jsonable_encoder(exc.errors())})

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(content=service.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    @app.get("/models")
    def models() -> dict[str, object]:
        return {
            "model": service.model_name,
            "weights": {str(v): w for v, w in service.router.weights.items()},
            "versions": [entry.to_dict() for entry in service.entries.values()],
        }

    @app.post("/predict")
    def predict(request: PredictRequest) -> PredictResponse:
        try:
            result = service.predict(request.instances, key=request.key, version=request.version)
        except PredictionError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
        return PredictResponse(
            model=result.model,
            version=result.version,
            labels=result.labels,
            classes=result.classes,
        )

    return app
