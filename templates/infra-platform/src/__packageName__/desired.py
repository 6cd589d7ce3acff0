"""The desired-state file: which resources should exist, with which tags and state."""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .identity import ID_TAGS, identity
from .models import PRESENT, Resource
from .safe_yaml import UnsafeYamlError, load_yaml
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
    ``providers`` names providers this file manages even when none of its resources uses
    them any more, so removing a provider's last resource still plans its deletion.
    """

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    project: str = Field(default=RESOURCE_PREFIX, min_length=1)
    tags: dict[str, str] = Field(default_factory=dict)
    providers: list[str] = Field(default_factory=list)
    resources: list[DesiredResource] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_resources(self) -> DesiredState:
        seen: set[tuple[str, str, str]] = set()
        problems = []
        for resource in self._merged():
            key = identity(resource)
            if key in seen:
                problems.append(f"resource {resource.key} is declared more than once")
            seen.add(key)
            id_tag = ID_TAGS.get((resource.provider, resource.kind))
            value = resource.tags.get(id_tag or "")
            if id_tag and value is not None and value != resource.id:
                problems.append(
                    f"{resource.key}: tag {id_tag}={value} contradicts its id {resource.id} "
                    f"(the {id_tag} tag is the id; change id instead)"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def provider_names(self) -> list[str]:
        """Every provider this file manages: the declared ones, then those its resources use."""
        return list(dict.fromkeys([*self.providers, *(r.provider for r in self.resources)]))

    def to_resources(self) -> list[Resource]:
        resources = []
        for resource in self._merged():
            # A tag that carries the id is the id (validated equal above), not a tag.
            id_tag = ID_TAGS.get((resource.provider, resource.kind))
            tags = {key: value for key, value in resource.tags.items() if key != id_tag}
            resources.append(resource.model_copy(update={"tags": tags}))
        return resources

    def _merged(self) -> list[Resource]:
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
        data: Any = load_yaml(text)
    except UnsafeYamlError as error:
        msg = f"desired state refused: {error}"
        raise DesiredStateError(msg) from error
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
