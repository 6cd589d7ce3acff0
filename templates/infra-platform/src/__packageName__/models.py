"""The provider-neutral vocabulary: resources, plans and their actions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

PRESENT = "present"
"""Desired state meaning "exists, in whatever state the provider starts it"."""


class ResourceKey(NamedTuple):
    """Identity of a resource across providers: what plans match on."""

    provider: str
    kind: str
    id: str

    def __str__(self) -> str:
        return f"{self.provider}/{self.kind}/{self.id}"


class Resource(BaseModel):
    """One cloud resource, described the same way whatever cloud it lives in.

    ``id`` is the logical name (an S3 bucket name, the ``Name`` tag of an EC2 instance,
    an Azure resource group name); provider-native identifiers such as an EC2 instance
    id go in ``attributes``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    provider: str = Field(min_length=1)
    kind: str = Field(min_length=1)
    id: str = Field(min_length=1)
    region: str = Field(min_length=1)
    tags: dict[str, str] = Field(default_factory=dict)
    state: str = PRESENT
    attributes: dict[str, str] = Field(default_factory=dict)

    @property
    def key(self) -> ResourceKey:
        return ResourceKey(self.provider, self.kind, self.id)


class ActionType(Enum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(frozen=True)
class Action:
    """One change a plan wants to make.

    ``resource`` is the desired resource for create and update, and the existing one for
    delete; ``current`` is what exists today (update and delete). ``refusal`` says why
    apply cannot carry the action out (e.g. a region change); plan shows it, apply stops.
    """

    type: ActionType
    resource: Resource
    current: Resource | None = None
    changes: tuple[str, ...] = ()
    refusal: str = ""

    @property
    def key(self) -> ResourceKey:
        return self.resource.key

    def describe(self) -> str:
        symbol = {ActionType.CREATE: "+", ActionType.UPDATE: "~", ActionType.DELETE: "-"}
        text = f"{symbol[self.type]} {self.type.value} {self.key} ({self.resource.region})"
        if self.changes:
            text += ": " + ", ".join(self.changes)
        if self.refusal:
            text += " [cannot be changed in place: apply refuses]"
        return text


@dataclass(frozen=True)
class Plan:
    """Ordered actions (creates, then updates, then deletes) plus what was left alone."""

    actions: tuple[Action, ...] = ()
    unmanaged: tuple[Resource, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.actions

    def count(self, action_type: ActionType) -> int:
        return sum(1 for action in self.actions if action.type is action_type)

    def summary(self) -> str:
        return (
            f"{self.count(ActionType.CREATE)} to create, "
            f"{self.count(ActionType.UPDATE)} to update, "
            f"{self.count(ActionType.DELETE)} to delete"
        )


@dataclass(frozen=True)
class TagViolation:
    """A resource that lacks some of the required tags."""

    resource: Resource
    missing: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.resource.key}: missing {', '.join(self.missing)}"


@dataclass(frozen=True)
class ApplyResult:
    """What apply did with one action (``resource`` is the provider's view after it)."""

    action: Action
    applied: bool
    resource: Resource | None = None

    def describe(self) -> str:
        verb = "done" if self.applied else "dry-run, skipped"
        return f"{self.action.describe()} [{verb}]"
