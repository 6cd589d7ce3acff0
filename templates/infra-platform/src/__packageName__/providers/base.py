"""The contract between the provider-neutral core and each cloud adapter."""

from __future__ import annotations

from typing import Protocol

from ..models import Resource


class ProviderError(RuntimeError):
    """A provider cannot do what was asked (bad input, missing configuration, API error)."""


class Provider(Protocol):
    """What the core needs from a cloud: list, create, update and delete resources.

    ``update`` receives the existing resource (with its provider-native ``attributes``)
    and the desired one, and must converge tags and state.
    """

    @property
    def name(self) -> str: ...

    @property
    def kinds(self) -> frozenset[str]:
        """Resource kinds this provider manages, e.g. ``{"instance", "bucket"}``."""
        ...

    def list_resources(self) -> list[Resource]: ...

    def create(self, resource: Resource) -> Resource: ...

    def update(self, current: Resource, desired: Resource) -> Resource: ...

    def delete(self, resource: Resource) -> None: ...


def check_kind(provider: Provider, resource: Resource) -> None:
    """Raise a clear error when ``resource`` is of a kind ``provider`` cannot manage."""
    if resource.kind not in provider.kinds:
        supported = ", ".join(sorted(provider.kinds))
        msg = (
            f"{provider.name} cannot manage {resource.key}: kind {resource.kind!r} "
            f"is not one of {supported}"
        )
        raise ProviderError(msg)
