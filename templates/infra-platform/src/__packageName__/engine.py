"""The provider-neutral core: inventory, tag policy, plan and apply."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .desired import DesiredState, load_desired
from .identity import identity, same_region
from .models import (
    PRESENT,
    Action,
    ActionType,
    ApplyResult,
    Plan,
    Resource,
    ResourceKey,
    TagViolation,
)
from .providers.base import Provider, ProviderError, check_kind
from .settings import MANAGED_BY_TAG

RESERVED_TAG_PREFIXES = ("aws:",)
"""Tags the cloud sets itself and that nobody can remove; plans ignore them."""


def inventory(providers: Iterable[Provider]) -> list[Resource]:
    """Every resource of every provider, sorted by provider, kind and id."""
    resources = [resource for provider in providers for resource in provider.list_resources()]
    return sorted(resources, key=lambda resource: resource.key)


def missing_tags(resources: Iterable[Resource], required: Iterable[str]) -> list[TagViolation]:
    """Resources lacking any of the ``required`` tags (an empty value counts as missing)."""
    wanted = tuple(dict.fromkeys(required))
    violations = []
    for resource in resources:
        missing = tuple(tag for tag in wanted if not resource.tags.get(tag, "").strip())
        if missing:
            violations.append(TagViolation(resource, missing))
    return violations


def plan(desired: str | DesiredState, actual: Iterable[Resource]) -> Plan:
    """Compare the desired state (YAML text or parsed) with what exists.

    Resources are matched on :func:`~.identity.identity` (Azure names ignore case).
    Missing resources are created; existing ones whose tags or state differ are updated;
    one in another region than desired is shown as an update apply refuses (a region
    cannot change in place); resources tagged ``managed-by: <project>`` that are no
    longer desired are deleted. Anything else is reported as unmanaged and never touched.
    Two existing resources with one logical id that the plan would act on are an error.
    """
    state = desired if isinstance(desired, DesiredState) else load_desired(desired)
    wanted = {identity(resource): resource for resource in state.to_resources()}
    groups: defaultdict[ResourceKey, list[Resource]] = defaultdict(list)
    for resource in actual:
        groups[identity(resource)].append(resource)
    _refuse_ambiguous(groups, wanted.keys(), state.project)

    creates: list[Action] = []
    updates: list[Action] = []
    deletes: list[Action] = []
    unmanaged: list[Resource] = []
    for key, resource in sorted(wanted.items()):
        if key not in groups:
            creates.append(Action(ActionType.CREATE, resource))
            continue
        (current,) = groups[key]
        changes = _differences(current, resource)
        if not same_region(current.region, resource.region):
            refusal = (
                f"{current.key} is in {current.region}, wanted in {resource.region}: a region "
                "cannot be changed in place; move it back, or delete and re-create it"
            )
            updates.append(Action(ActionType.UPDATE, resource, current, changes, refusal))
        elif changes:
            updates.append(Action(ActionType.UPDATE, resource, current, changes))
    for key, members in sorted(groups.items()):
        if key in wanted:
            continue
        for current in members:
            if _is_managed(current, state.project):
                deletes.append(Action(ActionType.DELETE, current, current))
            else:
                unmanaged.append(current)
    return Plan(tuple(creates + updates + deletes), tuple(unmanaged))


def _is_managed(resource: Resource, project: str) -> bool:
    return resource.tags.get(MANAGED_BY_TAG) == project


def _refuse_ambiguous(
    groups: dict[ResourceKey, list[Resource]], wanted: Iterable[ResourceKey], project: str
) -> None:
    """Raise when a logical id the plan would act on names several resources."""
    desired = set(wanted)
    problems = []
    for key, members in sorted(groups.items()):
        acted_on = key in desired or any(_is_managed(member, project) for member in members)
        if len(members) > 1 and acted_on:
            natives = ", ".join(
                member.attributes.get("instance_id") or member.id for member in members
            )
            problems.append(f"logical id not unique: {members[0].key} names {natives}")
    if problems:
        msg = "; ".join(problems) + " (rename all but one so plan can tell them apart)"
        raise ProviderError(msg)


def apply(plan: Plan, providers: Iterable[Provider], *, dry_run: bool = False) -> list[ApplyResult]:
    """Carry out ``plan`` through ``providers`` (matched by name), in plan order.

    Every action is checked (provider configured, kind supported) before the first
    change, so an impossible plan changes nothing. With ``dry_run`` nothing is changed.
    """
    refused = [action.refusal for action in plan.actions if action.refusal]
    if refused:
        raise ProviderError("; ".join(refused))
    by_name = {provider.name: provider for provider in providers}
    for action in plan.actions:
        provider = by_name.get(action.resource.provider)
        if provider is None:
            msg = f"no provider named {action.resource.provider!r} is configured for {action.key}"
            raise ProviderError(msg)
        check_kind(provider, action.resource)

    results = []
    for action in plan.actions:
        if dry_run:
            results.append(ApplyResult(action, applied=False))
            continue
        provider = by_name[action.resource.provider]
        if action.type is ActionType.CREATE:
            results.append(ApplyResult(action, True, provider.create(action.resource)))
        elif action.type is ActionType.UPDATE:
            current = action.current or action.resource
            results.append(ApplyResult(action, True, provider.update(current, action.resource)))
        else:
            provider.delete(action.current or action.resource)
            results.append(ApplyResult(action, applied=True))
    return results


def _differences(current: Resource, desired: Resource) -> tuple[str, ...]:
    changes = []
    for tag in sorted(current.tags.keys() | desired.tags.keys()):
        if tag.startswith(RESERVED_TAG_PREFIXES):
            continue
        before, after = current.tags.get(tag), desired.tags.get(tag)
        if before == after:
            continue
        if before is None:
            changes.append(f"+tag {tag}={after}")
        elif after is None:
            changes.append(f"-tag {tag}")
        else:
            changes.append(f"tag {tag}: {before} -> {after}")
    if desired.state not in (PRESENT, current.state):
        changes.append(f"state: {current.state} -> {desired.state}")
    if not same_region(current.region, desired.region):
        changes.append(f"region: {current.region} -> {desired.region}")
    return tuple(changes)
