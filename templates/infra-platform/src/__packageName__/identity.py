"""How each cloud identifies a resource: which names ignore case, which tag is the name.

Plans match desired and existing resources on :func:`identity`, so these rules decide
whether a change is an update or a create + delete. Getting them wrong deletes things.
"""

from __future__ import annotations

from typing import Final

from .models import Resource, ResourceKey

CASE_INSENSITIVE_IDS: Final = frozenset({("azure", "resource_group")})
"""(provider, kind) whose names the cloud compares without regard to case.

Azure resource names, resource group names included, are case-insensitive ("Naming
rules and restrictions for Azure resources"): ``RG-App`` and ``rg-app`` are one group.
"""

ID_TAGS: Final = {("aws", "instance"): "Name"}
"""(provider, kind) whose logical id is carried by a tag: an EC2 instance's ``Name``."""


def identity(resource: Resource) -> ResourceKey:
    """The key under which the cloud itself tells resources apart."""
    if (resource.provider, resource.kind) in CASE_INSENSITIVE_IDS:
        return ResourceKey(resource.provider, resource.kind, resource.id.casefold())
    return resource.key


def same_region(first: str, second: str) -> bool:
    """Regions compare without case: Azure locations are case-insensitive, the others lower."""
    return first.casefold() == second.casefold()
