"""MLflow tracking + model-registry adapter behind the ``ModelRegistry`` Protocol.

Every registration becomes an MLflow run (params, metrics, the joblib artefact) and
a model version whose tags carry the checksum and the model card. The MLflow client
is injected: tests pass an in-memory fake, ``create_mlflow_registry`` builds a real
``mlflow.tracking.MlflowClient``. ``mlflow`` is imported lazily there, so the rest of
the package (and its type checking) never needs it.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol, cast

from .registry import (
    ModelCard,
    ModelNotFoundError,
    ModelVersion,
    RegistryError,
    card_from_json,
    card_to_json,
    deserialize_model,
    serialize_model,
    sha256_hex,
    utc_now,
    validate_name,
)
from .training import Predictor

ARTIFACT_DIR = "model"
ARTIFACT_FILE = "model.joblib"
TAG_SHA256 = "sha256"
TAG_CARD = "model_card"
TAG_CREATED_AT = "created_at"


class MlflowUnavailableError(RegistryError):
    """MLflow is not installed in this environment."""


class MlflowCallError(RegistryError):
    """An MLflow call failed (server down, refused, bad answer): one line, no traceback."""


def one_line(error: BaseException, limit: int = 240) -> str:
    """The first line of an error, shortened: MLflow messages embed whole tracebacks."""
    lines = str(error).strip().splitlines()
    first = lines[0].strip() if lines else type(error).__name__
    return first if len(first) <= limit else first[: limit - 1] + "…"


@contextmanager
def _mlflow_call() -> Iterator[None]:
    try:
        yield
    except RegistryError:
        raise
    except Exception as error:  # MlflowException, requests/urllib3 errors, OSError...
        raise MlflowCallError(f"MLflow: {one_line(error)}") from error


class MlflowExperiment(Protocol):
    @property
    def experiment_id(self) -> str: ...


class MlflowRunInfo(Protocol):
    @property
    def run_id(self) -> str: ...


class MlflowRun(Protocol):
    @property
    def info(self) -> MlflowRunInfo: ...


class MlflowModelVersion(Protocol):
    @property
    def version(self) -> str | int: ...

    @property
    def run_id(self) -> str | None: ...

    @property
    def tags(self) -> dict[str, str]: ...


class MlflowClientLike(Protocol):
    """The subset of ``mlflow.tracking.MlflowClient`` this adapter uses."""

    def get_experiment_by_name(self, name: str) -> MlflowExperiment | None: ...

    def create_experiment(self, name: str) -> str: ...

    def create_run(self, experiment_id: str) -> MlflowRun: ...

    def log_param(self, run_id: str, key: str, value: Any) -> Any: ...

    def log_metric(self, run_id: str, key: str, value: float) -> Any: ...

    def log_artifact(
        self, run_id: str, local_path: str, artifact_path: str | None = None
    ) -> None: ...

    def set_terminated(self, run_id: str, status: str | None = None) -> None: ...

    def search_registered_models(self, filter_string: str | None = None) -> Sequence[Any]: ...

    def create_registered_model(self, name: str) -> Any: ...

    def create_model_version(
        self, name: str, source: str, run_id: str | None = None, tags: dict[str, Any] | None = None
    ) -> MlflowModelVersion: ...

    def search_model_versions(
        self, filter_string: str | None = None
    ) -> Sequence[MlflowModelVersion]: ...

    def download_artifacts(self, run_id: str, path: str, dst_path: str | None = None) -> str: ...


class MlflowRegistry:
    """``ModelRegistry`` on top of an MLflow tracking server and model registry."""

    def __init__(self, client: MlflowClientLike, experiment: str) -> None:
        self.client = client
        self.experiment = experiment

    def _experiment_id(self) -> str:
        existing = self.client.get_experiment_by_name(self.experiment)
        if existing is not None:
            return existing.experiment_id
        return self.client.create_experiment(self.experiment)

    def _ensure_registered_model(self, name: str) -> None:
        if not self.client.search_registered_models(filter_string=f"name = '{name}'"):
            self.client.create_registered_model(name)

    def register(self, name: str, model: Predictor, card: ModelCard) -> ModelVersion:
        validate_name(name)
        data = serialize_model(model)
        digest = sha256_hex(data)
        created_at = utc_now()
        with _mlflow_call():
            run_id = self.client.create_run(self._experiment_id()).info.run_id
        try:
            with _mlflow_call():
                self._log_run(run_id, data, card)
                self.client.set_terminated(run_id)
                self._ensure_registered_model(name)
                created = self.client.create_model_version(
                    name,
                    source=f"runs:/{run_id}/{ARTIFACT_DIR}",
                    run_id=run_id,
                    tags={
                        TAG_SHA256: digest,
                        TAG_CARD: card_to_json(card),
                        TAG_CREATED_AT: created_at,
                    },
                )
        except RegistryError:
            # A half-logged run must not look like a finished one in the MLflow UI.
            with suppress(Exception):
                self.client.set_terminated(run_id, status="FAILED")
            raise
        return self._to_version(name, created)

    def _log_run(self, run_id: str, data: bytes, card: ModelCard) -> None:
        for key, value in sorted(card.params.items()):
            self.client.log_param(run_id, key, value)
        self.client.log_param(run_id, "dataset", card.dataset)
        for key, metric in sorted(card.metrics.items()):
            self.client.log_metric(run_id, key, metric)
        with tempfile.TemporaryDirectory() as scratch:
            artefact = Path(scratch) / ARTIFACT_FILE
            artefact.write_bytes(data)
            self.client.log_artifact(run_id, str(artefact), artifact_path=ARTIFACT_DIR)

    def _to_version(self, name: str, mv: MlflowModelVersion) -> ModelVersion:
        tags = mv.tags
        missing = {TAG_SHA256, TAG_CARD} - tags.keys()
        if missing or not mv.run_id:
            msg = f"model {name!r} version {mv.version} was not registered by this project"
            raise RegistryError(msg)
        return ModelVersion(
            name=name,
            version=int(mv.version),
            sha256=tags[TAG_SHA256],
            uri=f"runs:/{mv.run_id}/{ARTIFACT_DIR}/{ARTIFACT_FILE}",
            created_at=tags.get(TAG_CREATED_AT, ""),
            card=card_from_json(tags[TAG_CARD]),
        )

    def _search(self, name: str) -> Sequence[MlflowModelVersion]:
        with _mlflow_call():
            return self.client.search_model_versions(
                filter_string=f"name = '{validate_name(name)}'"
            )

    def _model_version(self, name: str, version: int) -> MlflowModelVersion:
        for mv in self._search(name):
            if int(mv.version) == version:
                return mv
        msg = f"model {name!r} version {version} is not registered in MLflow"
        raise ModelNotFoundError(msg)

    def get(self, name: str, version: int) -> ModelVersion:
        return self._to_version(name, self._model_version(name, version))

    def list_versions(self, name: str) -> list[ModelVersion]:
        versions = [self._to_version(name, mv) for mv in self._search(name)]
        return sorted(versions, key=lambda v: v.version)

    def latest(self, name: str) -> ModelVersion:
        versions = self.list_versions(name)
        if not versions:
            msg = f"model {name!r} has no registered versions in MLflow"
            raise ModelNotFoundError(msg)
        return versions[-1]

    def load(self, name: str, version: int) -> Predictor:
        mv = self._model_version(name, version)
        entry = self._to_version(name, mv)
        with tempfile.TemporaryDirectory() as scratch, _mlflow_call():
            local = self.client.download_artifacts(
                str(mv.run_id), f"{ARTIFACT_DIR}/{ARTIFACT_FILE}", dst_path=scratch
            )
            data = Path(local).read_bytes()
        return deserialize_model(data, entry.sha256)


Importer = Callable[[str], ModuleType]


def create_mlflow_registry(
    tracking_uri: str | None,
    experiment: str,
    *,
    importer: Importer = importlib.import_module,
) -> MlflowRegistry:
    """Build an ``MlflowRegistry`` with a real client; ``mlflow`` is imported only here."""
    try:
        tracking = importer("mlflow.tracking")
    except ImportError as exc:
        msg = (
            "MLflow tracking needs the 'mlflow-skinny' package: "
            "`uv add mlflow-skinny` (or choose the local registry)"
        )
        raise MlflowUnavailableError(msg) from exc
    with _mlflow_call():
        client = tracking.MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)
    return MlflowRegistry(cast(MlflowClientLike, client), experiment)
