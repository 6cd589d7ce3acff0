"""The provider-neutral core: inventory, tag policy, plan and apply."""

from __future__ import annotations

from collections.abc import Iterable

from .desired import DesiredState, load_desired
from .models import PRESENT, Action, ActionType, ApplyResult, Plan, Resource, TagViolation
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

    Missing resources are created; existing ones whose tags or state differ are updated;
    resources tagged ``managed-by: <project>`` that are no longer desired are deleted.
    Anything else is reported as unmanaged and never touched.
    """
    state = desired if isinstance(desired, DesiredState) else load_desired(desired)
    wanted = {resource.key: resource for resource in state.to_resources()}
    existing = {resource.key: resource for resource in actual}

    creates: list[Action] = []
    updates: list[Action] = []
    deletes: list[Action] = []
    unmanaged: list[Resource] = []
    for key, resource in sorted(wanted.items()):
        current = existing.get(key)
        if current is None:
            creates.append(Action(ActionType.CREATE, resource))
            continue
        changes = _differences(current, resource)
        if changes:
            updates.append(Action(ActionType.UPDATE, resource, current, changes))
    for key, current in sorted(existing.items()):
        if key in wanted:
            continue
        if current.tags.get(MANAGED_BY_TAG) == state.project:
            deletes.append(Action(ActionType.DELETE, current, current))
        else:
            unmanaged.append(current)
    return Plan(tuple(creates + updates + deletes), tuple(unmanaged))


def apply(plan: Plan, providers: Iterable[Provider], *, dry_run: bool = False) -> list[ApplyResult]:
    """Carry out ``plan`` through ``providers`` (matched by name), in plan order.

    Every action is checked (provider configured, kind supported) before the first
    change, so an impossible plan changes nothing. With ``dry_run`` nothing is changed.
    """
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
    return tuple(changes)
