"""Inventory loading and variable resolution.

Inventory YAML::

    vars: {ntp_server: pool.ntp.org}       # the implicit ``all`` group
    groups:
      web: {hosts: [web1], vars: {http_port: 8080}}
      prod: {children: [web], vars: {log_level: warning}}
    hosts:
      web1: {vars: {http_port: 8081}, connection: {transport: local}}

Precedence, lowest first: ``all`` vars, then group vars (a parent group before its
children, groups of the same depth by name), then host vars. Every host also gets
``inventory_hostname`` and ``group_names``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .models import ConfigError, Connection, Group, Host, Inventory, Vars
from .settings import DEFAULT_TRANSPORT, TRANSPORTS

ALL_GROUP = "all"
_HOST_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: expected a mapping, got {type(value).__name__}")
    return {str(key): item for key, item in value.items()}


def _names(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: expected a list of names")
    return tuple(value)


def _connection(name: str, raw: Any) -> Connection:
    data = _mapping(raw, f"hosts.{name}.connection")
    transport = str(data.get("transport", DEFAULT_TRANSPORT))
    if transport not in TRANSPORTS:
        raise ConfigError(
            f"hosts.{name}.connection.transport: {transport!r} is not one of "
            f"{', '.join(TRANSPORTS)}"
        )
    default_root = name if transport == "local" else "/"
    port = data.get("port", 22)
    if not isinstance(port, int):
        raise ConfigError(f"hosts.{name}.connection.port: expected an integer")
    address = data.get("address")
    user = data.get("user")
    return Connection(
        transport=transport,
        root=str(data.get("root", default_root)),
        address=None if address is None else str(address),
        port=port,
        user=None if user is None else str(user),
    )


def load_inventory(data: Any) -> Inventory:
    """Build an :class:`Inventory` from parsed YAML, validating every reference."""
    top = _mapping(data, "inventory")
    unknown = set(top) - {"vars", "groups", "hosts"}
    if unknown:
        raise ConfigError(f"inventory: unknown keys {sorted(unknown)}")

    hosts: dict[str, Host] = {}
    for name, raw in _mapping(top.get("hosts"), "hosts").items():
        if not _HOST_NAME.fullmatch(name) or ".." in name:
            # Host names become directory names under --root (with --local).
            raise ConfigError(f"hosts: {name!r} is not a valid host name (letters, digits, . _ -)")
        spec = _mapping(raw, f"hosts.{name}")
        hosts[name] = Host(
            name=name,
            connection=_connection(name, spec.get("connection")),
            vars=_mapping(spec.get("vars"), f"hosts.{name}.vars"),
        )

    groups: dict[str, Group] = {}
    for name, raw in _mapping(top.get("groups"), "groups").items():
        if name == ALL_GROUP:
            raise ConfigError("groups.all: use the top-level 'vars' for the all group")
        spec = _mapping(raw, f"groups.{name}")
        groups[name] = Group(
            name=name,
            hosts=_names(spec.get("hosts"), f"groups.{name}.hosts"),
            children=_names(spec.get("children"), f"groups.{name}.children"),
            vars=_mapping(spec.get("vars"), f"groups.{name}.vars"),
        )

    for group in groups.values():
        for host in group.hosts:
            if host not in hosts:
                raise ConfigError(f"groups.{group.name}.hosts: unknown host {host!r}")
        for child in group.children:
            if child not in groups:
                raise ConfigError(f"groups.{group.name}.children: unknown group {child!r}")

    inventory = Inventory(hosts=hosts, groups=groups, vars=_mapping(top.get("vars"), "vars"))
    for group_name in groups:
        _depth(inventory, group_name, ())  # rejects cycles early
    return inventory


def _parents(inventory: Inventory, group: str) -> list[str]:
    return sorted(g.name for g in inventory.groups.values() if group in g.children)


def _depth(inventory: Inventory, group: str, seen: tuple[str, ...]) -> int:
    if group in seen:
        cycle = " -> ".join((*seen, group))
        raise ConfigError(f"groups: cycle in children: {cycle}")
    parents = _parents(inventory, group)
    if not parents:
        return 1
    return 1 + max(_depth(inventory, parent, (*seen, group)) for parent in parents)


def groups_of(inventory: Inventory, host: str) -> list[str]:
    """Every group ``host`` belongs to, directly or through a parent group, sorted."""
    if host not in inventory.hosts:
        raise ConfigError(f"unknown host {host!r}")
    found: set[str] = set()
    pending = [g.name for g in inventory.groups.values() if host in g.hosts]
    while pending:
        group = pending.pop()
        if group not in found:
            found.add(group)
            pending.extend(_parents(inventory, group))
    return sorted(found)


def host_vars(inventory: Inventory, host: str) -> Vars:
    """The merged variables of ``host`` (see the module docstring for precedence)."""
    groups = groups_of(inventory, host)
    ordered = sorted(groups, key=lambda name: (_depth(inventory, name, ()), name))
    merged: Vars = dict(inventory.vars)
    for group in ordered:
        merged.update(inventory.groups[group].vars)
    merged.update(inventory.hosts[host].vars)
    merged["inventory_hostname"] = host
    merged["group_names"] = groups
    return merged


def select_hosts(inventory: Inventory, patterns: tuple[str, ...]) -> list[str]:
    """Hosts matched by host or group names (``all`` matches every host), sorted."""
    selected: set[str] = set()
    for pattern in patterns:
        if pattern == ALL_GROUP:
            selected.update(inventory.hosts)
        elif pattern in inventory.hosts:
            selected.add(pattern)
        elif pattern in inventory.groups:
            selected.update(h for h in inventory.hosts if pattern in groups_of(inventory, h))
        else:
            raise ConfigError(f"no host or group named {pattern!r}")
    return sorted(selected)
