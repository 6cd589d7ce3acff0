"""Typed domain model: inventory (hosts, groups, variables) and desired-state resources."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

Vars = dict[str, Any]


class ConfigError(ValueError):
    """An inventory or resource file is invalid; the message says where and why."""


@dataclass(frozen=True)
class Connection:
    """How to reach a host.

    ``transport`` is ``local`` (a directory on this machine acts as the host's ``/``)
    or ``ssh``. ``root`` is the directory all resource paths are confined to.
    """

    transport: str
    root: str
    address: str | None = None
    port: int = 22
    user: str | None = None


@dataclass(frozen=True)
class Host:
    name: str
    connection: Connection
    vars: Vars = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    name: str
    hosts: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    vars: Vars = field(default_factory=dict)


@dataclass(frozen=True)
class Inventory:
    hosts: dict[str, Host]
    groups: dict[str, Group]
    vars: Vars = field(default_factory=dict)


class LineState(Enum):
    PRESENT = "present"
    ABSENT = "absent"


@dataclass(frozen=True)
class FileResource:
    """A file with literal content."""

    path: str
    content: str
    mode: int | None = None
    hosts: tuple[str, ...] = ("all",)
    owner: str | None = None  # user name or numeric uid; None keeps the current owner
    group: str | None = None

    @property
    def kind(self) -> str:
        return "file"


@dataclass(frozen=True)
class TemplateResource:
    """A file rendered from a Jinja2 template with the host's variables."""

    path: str
    template: str
    mode: int | None = None
    hosts: tuple[str, ...] = ("all",)
    owner: str | None = None
    group: str | None = None

    @property
    def kind(self) -> str:
        return "template"


@dataclass(frozen=True)
class DirectoryResource:
    path: str
    mode: int | None = None
    hosts: tuple[str, ...] = ("all",)
    owner: str | None = None
    group: str | None = None

    @property
    def kind(self) -> str:
        return "directory"


@dataclass(frozen=True)
class LineInFileResource:
    """Ensure one line is present in (or absent from) a file.

    With ``regexp``, the last line matching it is replaced by ``line`` (present) or
    every matching line is removed (absent). Without it, ``line`` is matched exactly.
    As in Ansible, a missing file is an error unless ``create`` is true.
    """

    path: str
    line: str
    regexp: str | None = None
    state: LineState = LineState.PRESENT
    mode: int | None = None
    hosts: tuple[str, ...] = ("all",)
    owner: str | None = None
    group: str | None = None
    create: bool = False

    @property
    def kind(self) -> str:
        return "lineinfile"


Resource = FileResource | TemplateResource | DirectoryResource | LineInFileResource


def resource_id(resource: Resource) -> str:
    return f"{resource.kind}:{resource.path}"
