"""Prediction service with A/B routing, and its FastAPI app (/predict, /healthz, /metrics)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from fastapi import FastAPI, HTTPException, Response
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


class PredictionError(ValueError):
    """The request cannot be scored (wrong shape, unknown version)."""


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
            self.metrics.errors.labels("unknown_version").inc()
            msg = f"version {chosen} is not served; routed versions: {self.router.versions}"
            raise PredictionError(msg)
        rows = np.asarray(instances, dtype=np.float64)
        if rows.ndim != 2 or rows.shape[1] != self.n_features:
            self.metrics.errors.labels("bad_shape").inc()
            msg = f"expected rows of {self.n_features} features, got shape {rows.shape}"
            raise PredictionError(msg)
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


class PredictRequest(BaseModel):
    instances: list[list[float]] = Field(min_length=1, max_length=1000)
    key: str | None = Field(default=None, description="Sticky A/B routing key (user id).")
    version: int | None = Field(default=None, description="Pin a version, bypassing A/B.")


class PredictResponse(BaseModel):
    model: str
    version: int
    labels: list[str]
    classes: list[int]


def create_app(service: PredictionService) -> FastAPI:
    app = FastAPI(title="Model serving", version=__version__)

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
