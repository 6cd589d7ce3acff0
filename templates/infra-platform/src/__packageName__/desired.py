"""The desired-state file: which resources should exist, with which tags and state."""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .models import PRESENT, Resource
from .settings import MANAGED_BY_TAG, RESOURCE_PREFIX


class DesiredStateError(ValueError):
    """The desired-state document is not valid YAML or does not match the schema."""


class DesiredResource(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    provider: str = Field(min_length=1)
    kind: str = Field(min_length=1)
    id: str = Field(min_length=1)
    region: str = Field(min_length=1)
    tags: dict[str, str] = Field(default_factory=dict)
    state: str = PRESENT
    attributes: dict[str, str] = Field(default_factory=dict)


class DesiredState(BaseModel):
    """Top level of ``desired.yaml``.

    ``tags`` apply to every resource (a resource's own tags win). Every desired resource
    also gets ``managed-by: <project>``; plan only ever deletes resources with that tag.
    """

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    project: str = Field(default=RESOURCE_PREFIX, min_length=1)
    tags: dict[str, str] = Field(default_factory=dict)
    resources: list[DesiredResource] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_resources(self) -> DesiredState:
        seen: set[tuple[str, str, str]] = set()
        for item in self.resources:
            key = (item.provider, item.kind, item.id)
            if key in seen:
                msg = f"resource {'/'.join(key)} is declared more than once"
                raise ValueError(msg)
            seen.add(key)
        return self

    def to_resources(self) -> list[Resource]:
        return [
            Resource(
                provider=item.provider,
                kind=item.kind,
                id=item.id,
                region=item.region,
                tags={**self.tags, **item.tags, MANAGED_BY_TAG: self.project},
                state=item.state,
                attributes=item.attributes,
            )
            for item in self.resources
        ]


def load_desired(text: str) -> DesiredState:
    """Parse and validate a desired-state YAML document."""
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        msg = f"desired state is not valid YAML: {error}"
        raise DesiredStateError(msg) from error
    if data is None:
        data = {}
    try:
        return DesiredState.model_validate(data)
    except ValidationError as error:
        msg = f"desired state is invalid: {error}"
        raise DesiredStateError(msg) from error
