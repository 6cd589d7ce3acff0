"""Provider-neutral account state and the protocol every state provider implements.

Checks never talk to a cloud SDK: a provider (boto3, or the local JSON snapshot used by
the demo and by offline scans) fills an :class:`AccountSnapshot`, and checks read that.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from .compat import UTC

ADMIN_PORTS = (22, 3389)
"""Remote administration ports (SSH and RDP) that must never be open to the world."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IngressRule(_Frozen):
    """One inbound permission of a security group."""

    protocol: str
    """``tcp``, ``udp``, ``icmp`` or ``-1`` (all traffic)."""
    from_port: int | None = None
    to_port: int | None = None
    cidrs: tuple[str, ...] = ()

    def covers_port(self, port: int) -> bool:
        """Whether TCP traffic to ``port`` is allowed by this rule."""
        if self.protocol == "-1":
            return True
        if self.protocol not in ("tcp", "6"):
            return False
        low = self.from_port if self.from_port is not None else 0
        high = self.to_port if self.to_port is not None else 65535
        return low <= port <= high


class SecurityGroup(_Frozen):
    id: str
    name: str
    region: str
    vpc_id: str | None = None
    ingress: tuple[IngressRule, ...] = ()

    @property
    def resource(self) -> str:
        return f"ec2:{self.region}:security-group/{self.id}"

    def open_admin_ports(self, cidr: str) -> list[int]:
        """Admin ports reachable from ``cidr`` (``0.0.0.0/0`` or ``::/0``)."""
        return [
            port
            for port in ADMIN_PORTS
            if any(cidr in rule.cidrs and rule.covers_port(port) for rule in self.ingress)
        ]


class Bucket(_Frozen):
    name: str
    acl_public: bool = False
    """The ACL grants access to AllUsers or AuthenticatedUsers."""
    policy_public: bool = False
    """The bucket policy allows ``Principal: "*"`` without a condition."""
    block_public_access: bool = False
    """All four bucket-level Block Public Access settings are on."""

    @property
    def resource(self) -> str:
        return f"s3:::{self.name}"

    @property
    def is_public(self) -> bool:
        return (self.acl_public or self.policy_public) and not self.block_public_access


class IamUser(_Frozen):
    name: str
    console_access: bool
    """The user has a login profile (console password)."""
    mfa_enabled: bool

    @property
    def resource(self) -> str:
        return f"iam::user/{self.name}"


class Volume(_Frozen):
    id: str
    region: str
    encrypted: bool
    attached_to: str | None = None

    @property
    def resource(self) -> str:
        return f"ec2:{self.region}:volume/{self.id}"


class AccountSummary(_Frozen):
    """Account-wide facts from IAM's account summary."""

    root_access_keys_present: bool
    root_mfa_enabled: bool


class AccountSnapshot(_Frozen):
    """Everything the checks need to know about one AWS account."""

    account_id: str
    captured_at: dt.datetime
    regions: tuple[str, ...] = ()
    security_groups: tuple[SecurityGroup, ...] = ()
    buckets: tuple[Bucket, ...] = ()
    iam_users: tuple[IamUser, ...] = ()
    volumes: tuple[Volume, ...] = ()
    account_summary: AccountSummary


class AccountStateProvider(Protocol):
    """What a cloud adapter must answer. Implemented by boto3 and the JSON snapshot."""

    def account_id(self) -> str: ...

    def regions(self) -> list[str]: ...

    def security_groups(self) -> list[SecurityGroup]: ...

    def buckets(self) -> list[Bucket]: ...

    def iam_users(self) -> list[IamUser]: ...

    def volumes(self) -> list[Volume]: ...

    def account_summary(self) -> AccountSummary: ...


def capture(provider: AccountStateProvider, now: dt.datetime | None = None) -> AccountSnapshot:
    """Read the whole account state once, so checks never call the provider twice."""
    return AccountSnapshot(
        account_id=provider.account_id(),
        captured_at=now or dt.datetime.now(UTC),
        regions=tuple(provider.regions()),
        security_groups=tuple(provider.security_groups()),
        buckets=tuple(provider.buckets()),
        iam_users=tuple(provider.iam_users()),
        volumes=tuple(provider.volumes()),
        account_summary=provider.account_summary(),
    )


class SnapshotProvider:
    """Serves a saved :class:`AccountSnapshot` (JSON) through the provider protocol."""

    def __init__(self, snapshot: AccountSnapshot) -> None:
        self.snapshot = snapshot

    @classmethod
    def from_json(cls, text: str | bytes) -> SnapshotProvider:
        return cls(AccountSnapshot.model_validate_json(text))

    @classmethod
    def from_path(cls, path: Path) -> SnapshotProvider:
        return cls.from_json(path.read_bytes())

    def account_id(self) -> str:
        return self.snapshot.account_id

    def regions(self) -> list[str]:
        return list(self.snapshot.regions)

    def security_groups(self) -> list[SecurityGroup]:
        return list(self.snapshot.security_groups)

    def buckets(self) -> list[Bucket]:
        return list(self.snapshot.buckets)

    def iam_users(self) -> list[IamUser]:
        return list(self.snapshot.iam_users)

    def volumes(self) -> list[Volume]:
        return list(self.snapshot.volumes)

    def account_summary(self) -> AccountSummary:
        return self.snapshot.account_summary


def dump_snapshot(snapshot: AccountSnapshot) -> str:
    """The JSON form :meth:`SnapshotProvider.from_json` reads back."""
    return snapshot.model_dump_json(indent=2) + "\n"
