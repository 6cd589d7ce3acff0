"""Plan, apply and drift detection.

``plan`` compares the desired state of every resource on every targeted host with
what the host's transport reports and returns one :class:`Change` per resource
(with a unified diff). ``apply`` executes the changes of a fresh plan, so running
it twice changes nothing the second time. Drift is a plan with changes after an
apply: something on the host was edited by hand.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from .inventory import host_vars, select_hosts
from .models import (
    ConfigError,
    DirectoryResource,
    FileResource,
    LineInFileResource,
    LineState,
    TemplateResource,
    resource_id,
)
from .project import Project
from .settings import DEFAULT_DIR_MODE, DEFAULT_FILE_MODE
from .transport import KEEP, Owner, PathStat, Transport


class Action(Enum):
    OK = "ok"
    CREATE = "create"
    UPDATE = "update"


@dataclass(frozen=True)
class Change:
    """The difference between desired and actual state of one resource on one host."""

    host: str
    resource: str
    path: str
    action: Action
    reasons: tuple[str, ...] = ()
    diff: str = ""
    is_dir: bool = False
    content: bytes | None = None  # desired content; None when only mode/owner change
    mode: int = DEFAULT_FILE_MODE
    owner: Owner = KEEP  # (uid, gid) to set; None keeps the current one

    @property
    def changed(self) -> bool:
        return self.action is not Action.OK


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)

    @property
    def pending(self) -> list[Change]:
        return [change for change in self.changes if change.changed]

    def summary(self) -> dict[str, int]:
        counts = {action.value: 0 for action in Action}
        for change in self.changes:
            counts[change.action.value] += 1
        return counts


def unified_diff(path: str, before: str | None, after: str) -> str:
    """A ``diff -u`` style patch; ``before=None`` means the file does not exist."""
    old = [] if before is None else before.splitlines(keepends=True)
    lines = difflib.unified_diff(
        old,
        after.splitlines(keepends=True),
        fromfile="/dev/null" if before is None else f"a{path}",
        tofile=f"b{path}",
    )
    out: list[str] = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text, cannot diff or edit it") from exc


def edit_lines(current: str, resource: LineInFileResource) -> str:
    """Return ``current`` with ``resource.line`` ensured present or absent.

    Follows Ansible's lineinfile: lines are split on ``\n`` only, a CRLF file stays
    CRLF, and when ``regexp`` matches nothing but ``line`` is already there, nothing
    changes (so a regexp that does not match its own replacement is still idempotent).
    """
    newline = "\r\n" if "\r\n" in current else "\n"
    ends_with_newline = current.endswith("\n")
    body = current[: -len(newline)] if current.endswith(newline) else current
    raw = body.split("\n") if body else []
    # Compare without the CR of a CRLF line; write every untouched line back as it was.
    lines = [line.removesuffix("\r") if newline == "\r\n" else line for line in raw]
    pattern = re.compile(resource.regexp) if resource.regexp is not None else None

    def matches(line: str) -> bool:
        return bool(pattern.search(line)) if pattern else line == resource.line

    if resource.state is LineState.ABSENT:
        kept = [line for line in lines if not matches(line)]
        if kept == lines:
            return current
        return "".join(line + newline for line in kept)

    hits = [index for index, line in enumerate(lines) if matches(line)]
    if hits:
        if lines[hits[-1]] == resource.line:
            return current
        lines[hits[-1]] = resource.line
    elif resource.line in lines:
        return current
    else:
        lines.append(resource.line)
    text = newline.join(lines) + newline
    return text if ends_with_newline or not hits else text.removesuffix(newline)


class _HostState:
    """The host as the transport sees it, plus the changes planned so far.

    Several resources may touch one file (e.g. two ``lineinfile`` entries); each
    must see the result of the previous one, so planned writes overlay reads.
    """

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.files: dict[str, tuple[bytes, PathStat]] = {}
        self.dirs: dict[str, PathStat] = {}

    def stat(self, path: str) -> PathStat | None:
        if path in self.files:
            return self.files[path][1]
        if path in self.dirs:
            return self.dirs[path]
        return self.transport.stat(path)

    def planned(self, before: PathStat | None, is_dir: bool, mode: int, owner: Owner) -> PathStat:
        """What a path will look like after the planned change."""
        uid = owner[0] if owner[0] is not None else (before.uid if before else None)
        gid = owner[1] if owner[1] is not None else (before.gid if before else None)
        return PathStat(is_dir=is_dir, mode=mode, uid=uid, gid=gid)

    def read(self, path: str) -> bytes:
        if path in self.files:
            return self.files[path][0]
        return self.transport.read(path)


def _mode_reason(before: int, after: int) -> str:
    return f"mode {before:04o} -> {after:04o}"


def _owner_reasons(current: PathStat, owner: Owner) -> list[str]:
    """Ownership differences; a side not declared (None) is never a difference."""
    reasons = []
    if owner[0] is not None and current.uid != owner[0]:
        reasons.append(f"owner {current.uid} -> {owner[0]}")
    if owner[1] is not None and current.gid != owner[1]:
        reasons.append(f"group {current.gid} -> {owner[1]}")
    return reasons


def _plan_dir(host: str, resource: DirectoryResource, state: _HostState) -> Change:
    rid = resource_id(resource)
    current = state.stat(resource.path)
    if current is not None and not current.is_dir:
        raise ConfigError(f"{host}: {resource.path} exists and is not a directory")
    mode = resource.mode if resource.mode is not None else DEFAULT_DIR_MODE
    owner = state.transport.lookup_ids(resource.owner, resource.group)
    if current is None:
        state.dirs[resource.path] = state.planned(None, True, mode, owner)
        return Change(
            host,
            rid,
            resource.path,
            Action.CREATE,
            ("missing",),
            f"+ directory {resource.path} ({mode:04o})\n",
            True,
            None,
            mode,
            owner,
        )
    reasons = _owner_reasons(current, owner)
    if resource.mode is not None and current.mode != resource.mode:
        reasons.insert(0, _mode_reason(current.mode, mode))
    if reasons:
        state.dirs[resource.path] = state.planned(current, True, mode, owner)
        return Change(
            host,
            rid,
            resource.path,
            Action.UPDATE,
            tuple(reasons),
            "".join(f"~ directory {resource.path}: {reason}\n" for reason in reasons),
            True,
            None,
            mode,
            owner,
        )
    return Change(host, rid, resource.path, Action.OK, is_dir=True, mode=current.mode)


FileLike = FileResource | TemplateResource | LineInFileResource


def _desired_text(project: Project, host: str, resource: FileLike, before: str | None) -> str:
    if isinstance(resource, FileResource):
        return resource.content
    if isinstance(resource, TemplateResource):
        variables = host_vars(project.inventory, host)
        return project.render(resource.template, variables, host=host)
    return edit_lines(before or "", resource)


def _plan_file(project: Project, host: str, resource: FileLike, state: _HostState) -> Change:
    rid = resource_id(resource)
    current = state.stat(resource.path)
    if current is not None and current.is_dir:
        raise ConfigError(f"{host}: {resource.path} is a directory, expected a file")
    if current is None and isinstance(resource, LineInFileResource):
        if resource.state is LineState.ABSENT:
            return Change(host, rid, resource.path, Action.OK)
        if not resource.create:
            # Ansible's lineinfile fails on a missing file unless create: true.
            raise ConfigError(
                f"{host}: {resource.path} does not exist; set `create: true` on the "
                f"lineinfile resource to create it"
            )
    before = None if current is None else _decode(state.read(resource.path), resource.path)
    after = _desired_text(project, host, resource, before)
    # An unspecified mode keeps the file's current mode.
    if resource.mode is not None:
        mode = resource.mode
    else:
        mode = DEFAULT_FILE_MODE if current is None else current.mode
    owner = state.transport.lookup_ids(resource.owner, resource.group)
    data = after.encode("utf-8")

    if current is None:
        state.files[resource.path] = (data, state.planned(None, False, mode, owner))
        return Change(
            host,
            rid,
            resource.path,
            Action.CREATE,
            ("missing",),
            unified_diff(resource.path, None, after),
            False,
            data,
            mode,
            owner,
        )
    reasons: list[str] = []
    diff = ""
    if before != after:
        reasons.append("content")
        diff = unified_diff(resource.path, before, after)
    meta = _owner_reasons(current, owner)
    if current.mode != mode:
        meta.insert(0, _mode_reason(current.mode, mode))
    reasons.extend(meta)
    diff = "".join(f"~ {reason}\n" for reason in meta) + diff
    if not reasons:
        return Change(host, rid, resource.path, Action.OK, mode=mode)
    state.files[resource.path] = (data, state.planned(current, False, mode, owner))
    content = data if before != after else None
    return Change(
        host, rid, resource.path, Action.UPDATE, tuple(reasons), diff, False, content, mode, owner
    )


def plan(
    project: Project, transports: Mapping[str, Transport], limit: tuple[str, ...] = ()
) -> Plan:
    """Compare desired and actual state, host by host in resource order; writes nothing."""
    inventory = project.inventory
    allowed = set(select_hosts(inventory, limit or ("all",)))
    targets = [
        set(select_hosts(inventory, resource.hosts)) & allowed for resource in project.resources
    ]
    result = Plan()
    for host in sorted(set().union(*targets)):
        if host not in transports:
            raise ConfigError(f"no transport for host {host!r}")
        state = _HostState(transports[host])
        for resource, hosts in zip(project.resources, targets, strict=True):
            if host not in hosts:
                continue
            if isinstance(resource, DirectoryResource):
                result.changes.append(_plan_dir(host, resource, state))
            else:
                result.changes.append(_plan_file(project, host, resource, state))
    return result


def execute(the_plan: Plan, transports: Mapping[str, Transport]) -> None:
    """Carry out every pending change of ``the_plan``, in order."""
    for change in the_plan.pending:
        transport = transports[change.host]
        if change.is_dir:
            transport.make_dir(change.path, change.mode, change.owner)
        elif change.content is not None:
            transport.write(change.path, change.content, change.mode, change.owner)
        else:
            transport.chmod(change.path, change.mode)
            transport.chown(change.path, change.owner)


def apply(
    project: Project, transports: Mapping[str, Transport], limit: tuple[str, ...] = ()
) -> Plan:
    """Plan, then execute; returns the plan that was executed."""
    the_plan = plan(project, transports, limit)
    execute(the_plan, transports)
    return the_plan


@dataclass(frozen=True)
class DriftReport:
    checked: int
    drifted: list[Change]

    @property
    def has_drift(self) -> bool:
        return bool(self.drifted)

    def to_dict(self) -> dict[str, object]:
        return {
            "checked": self.checked,
            "drifted": [
                {
                    "host": change.host,
                    "resource": change.resource,
                    "action": change.action.value,
                    "reasons": list(change.reasons),
                    "diff": change.diff,
                }
                for change in self.drifted
            ],
        }


def detect_drift(
    project: Project, transports: Mapping[str, Transport], limit: tuple[str, ...] = ()
) -> DriftReport:
    """Which resources no longer match their desired state."""
    the_plan = plan(project, transports, limit)
    return DriftReport(checked=len(the_plan.changes), drifted=the_plan.pending)
