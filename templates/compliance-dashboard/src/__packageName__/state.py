"""Provider-neutral account state and the protocol every state provider implements.

Checks never talk to a cloud SDK: a provider (boto3, or the local JSON snapshot used by
the demo and by offline scans) fills an :class:`AccountSnapshot`, and checks read that.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, model_validator

from .compat import UTC

ADMIN_PORTS = (22, 3389)
"""Remote administration ports (SSH and RDP) that must never be open to the world."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# CIS AWS Foundations 5.2/5.3 audit admin ports "using either the TCP (6), UDP (17) or
# ALL (-1) protocols" (RDP also listens on UDP 3389).
_PORT_PROTOCOLS = {"tcp": "tcp", "6": "tcp", "udp": "udp", "17": "udp"}
_ALL_PROTOCOLS = ("-1", "all")


class IngressRule(_Frozen):
    """One inbound permission of a security group."""

    protocol: str
    """``tcp``, ``udp``, ``icmp``, a protocol number, or ``-1`` (all traffic)."""
    from_port: int | None = None
    to_port: int | None = None
    cidrs: tuple[str, ...] = ()

    def protocol_to(self, port: int) -> str | None:
        """The protocol (``tcp``, ``udp`` or ``all``) this rule lets reach ``port``, if any."""
        protocol = self.protocol.lower()
        if protocol in _ALL_PROTOCOLS:
            return "all"
        name = _PORT_PROTOCOLS.get(protocol)
        if name is None:
            return None
        low = self.from_port if self.from_port is not None else 0
        high = self.to_port if self.to_port is not None else 65535
        return name if low <= port <= high else None

    def covers_port(self, port: int) -> bool:
        """Whether TCP, UDP or all traffic to ``port`` is allowed by this rule."""
        return self.protocol_to(port) is not None


class SecurityGroup(_Frozen):
    id: str
    name: str
    region: str
    vpc_id: str | None = None
    ingress: tuple[IngressRule, ...] = ()

    @property
    def resource(self) -> str:
        return f"ec2:{self.region}:security-group/{self.id}"

    def open_admin_ports(self, cidr: str) -> list[tuple[int, str]]:
        """Admin ports reachable from ``cidr`` (``0.0.0.0/0`` or ``::/0``), with protocol."""
        found: list[tuple[int, str]] = []
        for port in ADMIN_PORTS:
            for rule in self.ingress:
                protocol = rule.protocol_to(port) if cidr in rule.cidrs else None
                if protocol is not None and (port, protocol) not in found:
                    found.append((port, protocol))
        return found


class PublicAccessBlock(_Frozen):
    """The four S3 Block Public Access settings (bucket or account level)."""

    block_public_acls: bool = False
    """Refuses *new* public ACLs; existing ones stay effective."""
    ignore_public_acls: bool = False
    """S3 ignores every public ACL on the bucket and its objects."""
    block_public_policy: bool = False
    """Refuses *new* public bucket policies; an existing one stays effective."""
    restrict_public_buckets: bool = False
    """A public policy only grants AWS service principals and the owner account."""

    @classmethod
    def all_on(cls) -> PublicAccessBlock:
        return cls(
            block_public_acls=True,
            ignore_public_acls=True,
            block_public_policy=True,
            restrict_public_buckets=True,
        )

    @property
    def complete(self) -> bool:
        return self == PublicAccessBlock.all_on()

    def combined(self, other: PublicAccessBlock | None) -> PublicAccessBlock:
        """S3 applies the most restrictive combination of account and bucket settings."""
        if other is None:
            return self
        return PublicAccessBlock(
            block_public_acls=self.block_public_acls or other.block_public_acls,
            ignore_public_acls=self.ignore_public_acls or other.ignore_public_acls,
            block_public_policy=self.block_public_policy or other.block_public_policy,
            restrict_public_buckets=self.restrict_public_buckets or other.restrict_public_buckets,
        )


class Bucket(_Frozen):
    name: str
    acl_public: bool = False
    """The ACL grants access to AllUsers or AuthenticatedUsers."""
    policy_public: bool = False
    """The bucket policy allows ``Principal: "*"`` without a condition."""
    public_access_block: PublicAccessBlock = PublicAccessBlock()
    """The bucket-level Block Public Access settings."""

    @model_validator(mode="before")
    @classmethod
    def _legacy_flag(cls, data: Any) -> Any:
        # Snapshots saved by earlier versions had one "all four settings on" flag.
        if isinstance(data, dict) and "block_public_access" in data:
            data = dict(data)
            on = bool(data.pop("block_public_access"))
            data.setdefault("public_access_block", PublicAccessBlock.all_on() if on else {})
        return data

    @property
    def resource(self) -> str:
        return f"s3:::{self.name}"

    def effective_block(self, account: PublicAccessBlock | None) -> PublicAccessBlock:
        return self.public_access_block.combined(account)

    def public_through(self, account: PublicAccessBlock | None) -> list[str]:
        """What still makes the bucket public once Block Public Access is applied."""
        block = self.effective_block(account)
        reasons = []
        if self.acl_public and not block.ignore_public_acls:
            reasons.append("public ACL")
        if self.policy_public and not block.restrict_public_buckets:
            reasons.append("public policy")
        return reasons

    def is_public(self, account: PublicAccessBlock | None = None) -> bool:
        return bool(self.public_through(account))


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
    account_public_access_block: PublicAccessBlock | None = None
    """Account-level S3 Block Public Access; ``None`` when it was not collected."""
    ebs_encryption_by_default: dict[str, bool] | None = None
    """Per region: is EBS encryption by default on? ``None`` when it was not collected."""


class AccountStateProvider(Protocol):
    """What a cloud adapter must answer. Implemented by boto3 and the JSON snapshot."""

    def account_id(self) -> str: ...

    def regions(self) -> list[str]: ...

    def security_groups(self) -> list[SecurityGroup]: ...

    def buckets(self) -> list[Bucket]: ...

    def iam_users(self) -> list[IamUser]: ...

    def volumes(self) -> list[Volume]: ...

    def account_summary(self) -> AccountSummary: ...

    def account_public_access_block(self) -> PublicAccessBlock | None: ...

    def ebs_encryption_by_default(self) -> dict[str, bool] | None: ...


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
        account_public_access_block=provider.account_public_access_block(),
        ebs_encryption_by_default=provider.ebs_encryption_by_default(),
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

    def account_public_access_block(self) -> PublicAccessBlock | None:
        return self.snapshot.account_public_access_block

    def ebs_encryption_by_default(self) -> dict[str, bool] | None:
        return self.snapshot.ebs_encryption_by_default


def dump_snapshot(snapshot: AccountSnapshot) -> str:
    """The JSON form :meth:`SnapshotProvider.from_json` reads back."""
    return snapshot.model_dump_json(indent=2) + "\n"
