"""A provider backed by one JSON file: the embedded default, for demos and tests."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ..models import PRESENT, Resource
from .base import ProviderError, check_kind

DEFAULT_KINDS = frozenset({"instance", "bucket", "resource_group", "network"})


class LocalJsonProvider:
    """Keeps resources in a JSON file ``{"resources": [...]}``; writes are atomic."""

    def __init__(self, path: Path, *, name: str = "local", kinds: frozenset[str] = DEFAULT_KINDS):
        self._path = path
        self._name = name
        self._kinds = kinds

    @property
    def name(self) -> str:
        return self._name

    @property
    def kinds(self) -> frozenset[str]:
        return self._kinds

    @property
    def path(self) -> Path:
        return self._path

    def list_resources(self) -> list[Resource]:
        return sorted(self._load().values(), key=lambda resource: resource.key)

    def create(self, resource: Resource) -> Resource:
        check_kind(self, resource)
        resources = self._load()
        if (resource.kind, resource.id) in resources:
            msg = f"{resource.key} already exists in {self._path}"
            raise ProviderError(msg)
        state = "available" if resource.state == PRESENT else resource.state
        created = resource.model_copy(update={"provider": self._name, "state": state})
        resources[(resource.kind, resource.id)] = created
        self._save(resources)
        return created

    def update(self, current: Resource, desired: Resource) -> Resource:
        resources = self._load()
        if (current.kind, current.id) not in resources:
            msg = f"{current.key} does not exist in {self._path}"
            raise ProviderError(msg)
        state = current.state if desired.state == PRESENT else desired.state
        updated = current.model_copy(update={"tags": dict(desired.tags), "state": state})
        resources[(current.kind, current.id)] = updated
        self._save(resources)
        return updated

    def delete(self, resource: Resource) -> None:
        resources = self._load()
        if resources.pop((resource.kind, resource.id), None) is None:
            msg = f"{resource.key} does not exist in {self._path}"
            raise ProviderError(msg)
        self._save(resources)

    def _load(self) -> dict[tuple[str, str], Resource]:
        if not self._path.exists():
            return {}
        try:
            document = json.loads(self._path.read_text(encoding="utf-8"))
            items: list[dict[str, Any]] = document["resources"]
            resources = [Resource(provider=self._name, **item) for item in items]
        except (ValueError, KeyError, TypeError) as error:
            msg = f"{self._path} is not a valid state file: {error}"
            raise ProviderError(msg) from error
        return {(resource.kind, resource.id): resource for resource in resources}

    def _save(self, resources: dict[tuple[str, str], Resource]) -> None:
        items = [
            resource.model_dump(exclude={"provider"})
            for resource in sorted(resources.values(), key=lambda resource: resource.key)
        ]
        text = json.dumps({"resources": items}, indent=2, sort_keys=True) + "\n"
        self._path.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the target and rename: a crash never leaves a half-written file.
        fd, tmp_name = tempfile.mkstemp(dir=self._path.parent, prefix=".state-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp_name).replace(self._path)
