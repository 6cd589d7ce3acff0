"""Train -> evaluate -> quality gate -> register, and the registry factory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .constants import ModelKind
from .mlflow_registry import create_mlflow_registry
from .registry import LocalRegistry, ModelCard, ModelRegistry, ModelVersion
from .settings import MLFLOW_EXPERIMENT, Tracking
from .training import (
    Dataset,
    GateFailedError,
    GateResult,
    QualityGate,
    TrainedModel,
    check_gate,
    train,
)


@dataclass(frozen=True)
class PipelineResult:
    trained: TrainedModel
    gate: GateResult
    registered: ModelVersion | None


def run_pipeline(
    registry: ModelRegistry,
    dataset: Dataset,
    kind: ModelKind,
    gate: QualityGate,
    *,
    model_name: str,
    seed: int = 42,
    raise_on_failure: bool = True,
) -> PipelineResult:
    """Train ``kind`` on ``dataset``; register it only if it passes ``gate``.

    A failing model raises ``GateFailedError`` (or, with ``raise_on_failure=False``,
    comes back with ``registered=None``) and never reaches the registry. A model name
    already registered for other features is refused before anything is trained.
    """
    check_same_features(registry.list_versions(model_name), dataset, model_name)
    trained = train(dataset, kind, seed=seed)
    result = check_gate(trained.metrics, gate)
    if not result.passed:
        if raise_on_failure:
            raise GateFailedError(result)
        return PipelineResult(trained=trained, gate=result, registered=None)
    card = ModelCard(
        dataset=dataset.name,
        feature_names=dataset.feature_names,
        target_names=dataset.target_names,
        metrics=trained.metrics,
        params={**trained.params, "gate": f"{gate.metric}>={gate.threshold}"},
    )
    version = registry.register(model_name, trained.model, card)
    return PipelineResult(trained=trained, gate=result, registered=version)


def check_same_features(
    versions: Sequence[ModelVersion], dataset: Dataset, model_name: str
) -> None:
    """Every version of a name takes the same features, or A/B serving cannot work."""
    if not versions:
        return
    served = versions[-1].card
    if served.feature_names != dataset.feature_names:
        msg = (
            f"model {model_name!r} is registered for {served.dataset} ({len(served.feature_names)}"
            f" features); {dataset.name} has {len(dataset.feature_names)}: train it under"
            " another --model-name"
        )
        raise ValueError(msg)


def build_registry(
    tracking: Tracking, *, registry_dir: Path, tracking_uri: str | None = None
) -> ModelRegistry:
    """The configured registry backend: local filesystem + SQLite, or MLflow."""
    if tracking == "mlflow":
        return create_mlflow_registry(tracking_uri, MLFLOW_EXPERIMENT)
    return LocalRegistry(registry_dir)
