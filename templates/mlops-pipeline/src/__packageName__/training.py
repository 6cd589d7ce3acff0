"""Training, evaluation and the quality gate that guards the registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from sklearn.datasets import load_breast_cancer, load_iris, load_wine
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from .constants import DATASETS, MODEL_KINDS, DatasetName, GateMetric, ModelKind

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


_LOADERS: dict[DatasetName, Callable[..., Any]] = {
    "iris": load_iris,
    "wine": load_wine,
    "breast_cancer": load_breast_cancer,
}


class Predictor(Protocol):
    """What the registry and the server need from a trained model."""

    def predict(self, x: FloatArray, /) -> npt.NDArray[Any]: ...


@dataclass(frozen=True)
class Dataset:
    """A dataset bundled with scikit-learn (no download), split for training."""

    name: DatasetName
    feature_names: tuple[str, ...]
    target_names: tuple[str, ...]
    x_train: FloatArray
    x_test: FloatArray
    y_train: IntArray
    y_test: IntArray


@dataclass(frozen=True)
class TrainedModel:
    """A fitted model with its hold-out metrics and the parameters that made it."""

    model: Predictor
    kind: ModelKind
    metrics: dict[str, float]
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class QualityGate:
    """A model is registered only when ``metrics[metric] >= threshold``."""

    metric: GateMetric = "accuracy"
    threshold: float = 0.9

    def __post_init__(self) -> None:
        if not 0.0 <= self.threshold <= 1.0:
            msg = f"gate threshold must be within [0, 1], got {self.threshold}"
            raise ValueError(msg)


@dataclass(frozen=True)
class GateResult:
    """The outcome of a quality gate for one model."""

    passed: bool
    metric: str
    value: float
    threshold: float

    def describe(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        return f"{verdict}: {self.metric}={self.value:.4f} (threshold {self.threshold:.2f})"


class GateFailedError(RuntimeError):
    """Raised when a model does not meet its quality gate; it is not registered."""

    def __init__(self, result: GateResult) -> None:
        super().__init__(f"quality gate failed: {result.describe()}")
        self.result = result


def load_dataset(name: DatasetName, *, test_size: float = 0.25, seed: int = 42) -> Dataset:
    """Load a scikit-learn bundled dataset and split it (stratified, reproducible)."""
    if name not in _LOADERS:
        msg = f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}"
        raise ValueError(msg)
    bunch = _LOADERS[name]()
    x = np.asarray(bunch.data, dtype=np.float64)
    y = np.asarray(bunch.target, dtype=np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=test_size, random_state=seed, stratify=y
    )
    return Dataset(
        name=name,
        feature_names=tuple(str(f) for f in bunch.feature_names),
        target_names=tuple(str(t) for t in bunch.target_names),
        # train_test_split is documented to return a list of arrays (no type information
        # ships with scikit-learn): asarray states the dtypes without copying.
        x_train=np.asarray(x_train, dtype=np.float64),
        x_test=np.asarray(x_test, dtype=np.float64),
        y_train=np.asarray(y_train, dtype=np.int64),
        y_test=np.asarray(y_test, dtype=np.int64),
    )


# One factory per model kind, each taking the seed. Kept small so training takes milliseconds.
_MODELS: dict[ModelKind, Callable[[int], Any]] = {
    "logistic": lambda _seed: make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)),
    "random_forest": lambda seed: RandomForestClassifier(
        n_estimators=25, max_depth=6, random_state=seed, n_jobs=1
    ),
    "baseline": lambda _seed: DummyClassifier(strategy="most_frequent"),
}


def build_model(kind: ModelKind, *, seed: int = 42) -> Any:
    """Create an unfitted estimator; a kind read from outside the type system is checked too."""
    factory = _MODELS.get(kind)
    if factory is None:
        msg = f"unknown model kind {kind!r}; choose one of {', '.join(MODEL_KINDS)}"
        raise ValueError(msg)
    return factory(seed)


def evaluate(model: Predictor, x: FloatArray, y: IntArray) -> dict[str, float]:
    """Hold-out metrics used by the quality gate and stored in the registry."""
    predicted = model.predict(x)
    return {
        "accuracy": float(accuracy_score(y, predicted)),
        # scikit-learn ships no type information, so pyright infers the parameter's type from
        # its default "warn"; the documented values are "warn", 0.0, 1.0 and nan.
        "f1_macro": float(
            f1_score(y, predicted, average="macro", zero_division=0.0)  # pyright: ignore[reportArgumentType]
        ),
    }


def train(dataset: Dataset, kind: ModelKind, *, seed: int = 42) -> TrainedModel:
    """Fit ``kind`` on the training split and evaluate it on the hold-out split."""
    estimator = build_model(kind, seed=seed)
    estimator.fit(dataset.x_train, dataset.y_train)
    metrics = evaluate(estimator, dataset.x_test, dataset.y_test)
    params = {"model_kind": kind, "seed": str(seed), "estimator": type(estimator).__name__}
    return TrainedModel(model=estimator, kind=kind, metrics=metrics, params=params)


def check_gate(metrics: dict[str, float], gate: QualityGate) -> GateResult:
    """Compare one metric with the gate's threshold."""
    if gate.metric not in metrics:
        msg = f"metric {gate.metric!r} was not computed; have {sorted(metrics)}"
        raise KeyError(msg)
    value = metrics[gate.metric]
    return GateResult(
        passed=value >= gate.threshold,
        metric=gate.metric,
        value=value,
        threshold=gate.threshold,
    )
