"""Desired-state resources loaded from YAML.

Resource YAML::

    resources:
      - {type: directory, path: /etc/shop, mode: "0755"}
      - {type: file, path: /etc/shop/motd, content: "hello\\n"}
      - {type: template, path: /etc/shop/app.conf, template: app.conf.j2, hosts: [web]}
      - {type: lineinfile, path: /etc/hosts, line: "10.0.0.5 db", regexp: " db$"}

``hosts`` (default ``[all]``) selects hosts or groups; ``mode`` is an octal string;
``owner``/``group`` (names or numeric ids) are set when given and kept when not.
``lineinfile`` creates a missing file only with ``create: true`` (as Ansible).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .models import (
    ConfigError,
    DirectoryResource,
    FileResource,
    LineInFileResource,
    LineState,
    Resource,
    TemplateResource,
    resource_id,
)

_COMMON = {"type", "path", "mode", "hosts", "owner", "group"}
_KEYS: dict[str, set[str]] = {
    "file": _COMMON | {"content"},
    "template": _COMMON | {"template"},
    "directory": set(_COMMON),
    "lineinfile": _COMMON | {"line", "regexp", "state", "create"},
}


def parse_mode(value: Any, where: str) -> int | None:
    """Accept ``"0644"``/``"644"``/``"0o644"`` strings (YAML ints are ambiguous)."""
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"(0o?)?[0-7]{3,4}", value):
        raise ConfigError(f'{where}.mode: expected an octal string such as "0644"')
    return int(value.removeprefix("0o"), 8)


def _principal(spec: Mapping[str, Any], key: str, where: str) -> str | None:
    """A user/group name or numeric id, as Ansible's ``owner``/``group`` accept."""
    value = spec.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ConfigError(f"{where}.{key}: expected a name or a numeric id")
    text = str(value)
    if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}\$?", text):
        raise ConfigError(f"{where}.{key}: {text!r} is not a valid user or group name")
    return text


def _text(spec: Mapping[str, Any], key: str, where: str) -> str:
    value = spec.get(key)
    if not isinstance(value, str):
        raise ConfigError(f"{where}.{key}: required string")
    return value


def _resource(spec: Mapping[str, Any], where: str) -> Resource:
    kind = spec.get("type")
    if kind not in _KEYS:
        raise ConfigError(f"{where}.type: expected one of {', '.join(_KEYS)}, got {kind!r}")
    unknown = set(spec) - _KEYS[kind]
    if unknown:
        raise ConfigError(f"{where}: unknown keys for {kind}: {sorted(unknown)}")
    path = _text(spec, "path", where)
    if not path.startswith("/"):
        raise ConfigError(f"{where}.path: must be absolute (inside the host root), got {path!r}")
    mode = parse_mode(spec.get("mode"), where)
    hosts_raw = spec.get("hosts", ["all"])
    if not isinstance(hosts_raw, list) or not all(isinstance(h, str) for h in hosts_raw):
        raise ConfigError(f"{where}.hosts: expected a list of host or group names")
    hosts = tuple(hosts_raw)
    owner = _principal(spec, "owner", where)
    group = _principal(spec, "group", where)

    if kind == "file":
        return FileResource(path, _text(spec, "content", where), mode, hosts, owner, group)
    if kind == "template":
        return TemplateResource(path, _text(spec, "template", where), mode, hosts, owner, group)
    if kind == "directory":
        return DirectoryResource(path, mode, hosts, owner, group)
    regexp = spec.get("regexp")
    if regexp is not None:
        if not isinstance(regexp, str):
            raise ConfigError(f"{where}.regexp: expected a string")
        try:
            re.compile(regexp)
        except re.error as exc:
            raise ConfigError(f"{where}.regexp: invalid regular expression: {exc}") from exc
    state = spec.get("state", "present")
    if state not in {s.value for s in LineState}:
        raise ConfigError(f"{where}.state: expected present or absent, got {state!r}")
    create = spec.get("create", False)
    if not isinstance(create, bool):
        raise ConfigError(f"{where}.create: expected true or false")
    return LineInFileResource(
        path,
        _text(spec, "line", where),
        regexp,
        LineState(state),
        mode,
        hosts,
        owner,
        group,
        create,
    )


def load_resources(data: Any) -> list[Resource]:
    """Parse the ``resources`` list; two resources may not manage the same path."""
    if not isinstance(data, Mapping) or not isinstance(data.get("resources"), list):
        raise ConfigError("resources: expected a mapping with a 'resources' list")
    resources: list[Resource] = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(data["resources"]):
        where = f"resources[{index}]"
        if not isinstance(raw, Mapping):
            raise ConfigError(f"{where}: expected a mapping")
        resource = _resource(raw, where)
        # Several lineinfile entries may edit one file; whole-file owners must be unique.
        if not isinstance(resource, LineInFileResource):
            if resource.path in seen:
                raise ConfigError(
                    f"{where}: {resource.path} is already managed by {seen[resource.path]}"
                )
            seen[resource.path] = resource_id(resource)
        resources.append(resource)
    return resources
