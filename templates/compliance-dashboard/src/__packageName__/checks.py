"""The check registry: AWS checks, each mapped to framework controls.

Add a check by writing a function that yields :class:`CheckResult` for every resource
it looks at (passing *and* failing) and decorating it with :func:`register`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from .frameworks import validate_controls
from .models import Finding, Severity
from .state import AccountSnapshot


@dataclass(frozen=True)
class CheckResult:
    """The verdict of one check on one resource."""

    check_id: str
    resource: str
    passed: bool
    detail: str


Evaluator = Callable[["Check", AccountSnapshot], Iterable[CheckResult]]


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    severity: Severity
    controls: tuple[str, ...]
    remediation: str
    evaluate: Evaluator

    def run(self, snapshot: AccountSnapshot) -> list[CheckResult]:
        return list(self.evaluate(self, snapshot))

    def result(self, resource: str, *, passed: bool, detail: str) -> CheckResult:
        return CheckResult(check_id=self.id, resource=resource, passed=passed, detail=detail)

    def finding(self, result: CheckResult) -> Finding:
        return Finding(
            id=f"aws:{self.id}:{result.resource}",
            title=f"{self.title}: {result.detail}",
            severity=self.severity,
            resource=result.resource,
            controls=self.controls,
            remediation=self.remediation,
            source="aws",
            rule_id=self.id,
        )


_REGISTRY: dict[str, Check] = {}


def register(
    check_id: str,
    *,
    title: str,
    severity: Severity,
    controls: Sequence[str],
    remediation: str,
) -> Callable[[Evaluator], Evaluator]:
    """Decorator adding an evaluator to the registry under ``check_id``."""

    def decorator(evaluate: Evaluator) -> Evaluator:
        if check_id in _REGISTRY:
            msg = f"check {check_id!r} is already registered"
            raise ValueError(msg)
        _REGISTRY[check_id] = Check(
            id=check_id,
            title=title,
            severity=severity,
            controls=validate_controls(controls),
            remediation=remediation,
            evaluate=evaluate,
        )
        return evaluate

    return decorator


def registered_checks() -> list[Check]:
    """All checks, in registration order."""
    return list(_REGISTRY.values())


def get_check(check_id: str) -> Check:
    return _REGISTRY[check_id]


def run_checks(
    snapshot: AccountSnapshot, checks: Sequence[Check] | None = None
) -> tuple[list[CheckResult], list[Finding]]:
    """Run checks on a snapshot; return every result and the findings for failures."""
    results: list[CheckResult] = []
    findings: list[Finding] = []
    for check in registered_checks() if checks is None else checks:
        for result in check.run(snapshot):
            results.append(result)
            if not result.passed:
                findings.append(check.finding(result))
    return results, findings


def _admin_ports(check: Check, snapshot: AccountSnapshot, cidr: str) -> Iterator[CheckResult]:
    for group in snapshot.security_groups:
        ports = group.open_admin_ports(cidr)
        if ports:
            listed = ", ".join(str(port) for port in ports)
            detail = f"{group.name or group.id} allows {cidr} on port(s) {listed}"
        else:
            detail = f"{group.name or group.id} keeps admin ports closed to {cidr}"
        yield check.result(group.resource, passed=not ports, detail=detail)


_SG_REMEDIATION = (
    "Remove the world-open rule for ports 22/3389; reach hosts through SSM Session "
    "Manager, a bastion or a VPN with a restricted source CIDR."
)


@register(
    "ec2-sg-admin-ports-ipv4",
    title="Security group open to 0.0.0.0/0 on an admin port",
    severity=Severity.HIGH,
    controls=("cis-aws:5.2", "soc2:CC6.6", "nist-800-53:SC-7", "nist-800-53:AC-17"),
    remediation=_SG_REMEDIATION,
)
def sg_admin_ports_ipv4(check: Check, snapshot: AccountSnapshot) -> Iterator[CheckResult]:
    return _admin_ports(check, snapshot, "0.0.0.0/0")


@register(
    "ec2-sg-admin-ports-ipv6",
    title="Security group open to ::/0 on an admin port",
    severity=Severity.HIGH,
    controls=("cis-aws:5.3", "soc2:CC6.6", "nist-800-53:SC-7", "nist-800-53:AC-17"),
    remediation=_SG_REMEDIATION,
)
def sg_admin_ports_ipv6(check: Check, snapshot: AccountSnapshot) -> Iterator[CheckResult]:
    return _admin_ports(check, snapshot, "::/0")


@register(
    "s3-bucket-public",
    title="S3 bucket is publicly accessible",
    severity=Severity.CRITICAL,
    controls=("cis-aws:2.1.4", "soc2:CC6.1", "soc2:CC6.7", "nist-800-53:AC-3"),
    remediation=(
        "Turn on all four S3 Block Public Access settings for the bucket and remove "
        "AllUsers/AuthenticatedUsers grants and Principal '*' statements."
    ),
)
def s3_bucket_public(check: Check, snapshot: AccountSnapshot) -> Iterator[CheckResult]:
    for bucket in snapshot.buckets:
        reasons = [
            reason
            for reason, present in (
                ("public ACL", bucket.acl_public),
                ("public policy", bucket.policy_public),
            )
            if present
        ]
        if bucket.is_public:
            detail = f"{bucket.name} is public through its {' and '.join(reasons)}"
        else:
            detail = f"{bucket.name} is not publicly accessible"
        yield check.result(bucket.resource, passed=not bucket.is_public, detail=detail)


@register(
    "iam-user-console-mfa",
    title="IAM user with console password has no MFA",
    severity=Severity.HIGH,
    controls=("cis-aws:1.10", "soc2:CC6.1", "nist-800-53:IA-2(1)", "nist-800-53:IA-2(2)"),
    remediation="Enforce MFA for the user (or move people to IAM Identity Center with MFA).",
)
def iam_user_console_mfa(check: Check, snapshot: AccountSnapshot) -> Iterator[CheckResult]:
    for user in snapshot.iam_users:
        failed = user.console_access and not user.mfa_enabled
        if failed:
            detail = f"{user.name} can sign in to the console without MFA"
        elif user.console_access:
            detail = f"{user.name} signs in with MFA"
        else:
            detail = f"{user.name} has no console password"
        yield check.result(user.resource, passed=not failed, detail=detail)


@register(
    "ec2-ebs-volume-encrypted",
    title="EBS volume is not encrypted",
    severity=Severity.MEDIUM,
    controls=("cis-aws:2.2.1", "soc2:CC6.1", "nist-800-53:SC-28"),
    remediation=(
        "Snapshot the volume, copy the snapshot with encryption (KMS) and replace the "
        "volume; turn on EBS encryption by default in every region."
    ),
)
def ebs_volume_encrypted(check: Check, snapshot: AccountSnapshot) -> Iterator[CheckResult]:
    for volume in snapshot.volumes:
        state = "encrypted" if volume.encrypted else "not encrypted"
        yield check.result(
            volume.resource, passed=volume.encrypted, detail=f"{volume.id} is {state}"
        )


@register(
    "iam-root-access-keys",
    title="Root user has access keys",
    severity=Severity.CRITICAL,
    controls=("cis-aws:1.4", "soc2:CC6.1", "nist-800-53:AC-6"),
    remediation="Delete the root user's access keys; use IAM roles for automation.",
)
def iam_root_access_keys(check: Check, snapshot: AccountSnapshot) -> Iterator[CheckResult]:
    present = snapshot.account_summary.root_access_keys_present
    detail = "root access keys exist" if present else "no root access keys"
    yield check.result(f"iam::{snapshot.account_id}:root", passed=not present, detail=detail)


@register(
    "iam-root-mfa",
    title="Root user has no MFA",
    severity=Severity.CRITICAL,
    controls=("cis-aws:1.5", "soc2:CC6.1", "nist-800-53:IA-2(1)"),
    remediation="Enable a hardware or virtual MFA device for the root user.",
)
def iam_root_mfa(check: Check, snapshot: AccountSnapshot) -> Iterator[CheckResult]:
    enabled = snapshot.account_summary.root_mfa_enabled
    detail = "root user has MFA" if enabled else "root user signs in without MFA"
    yield check.result(f"iam::{snapshot.account_id}:root", passed=enabled, detail=detail)
