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
Collected = Callable[[AccountSnapshot], bool]


def _always(_snapshot: AccountSnapshot) -> bool:
    return True


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    severity: Severity
    controls: tuple[str, ...]
    remediation: str
    evaluate: Evaluator
    collected: Collected = _always
    """Whether the snapshot holds the evidence this check reads (else: not assessed)."""
    description: str = ""
    """What the rule checks, independent of any one resource (SARIF fullDescription)."""

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
            rule_title=self.title,
            rule_description=self.description or self.title,
        )


_REGISTRY: dict[str, Check] = {}


def register(
    check_id: str,
    *,
    title: str,
    severity: Severity,
    controls: Sequence[str],
    remediation: str,
    description: str = "",
    collected: Collected = _always,
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
            collected=collected,
            description=description,
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
            listed = ", ".join(f"{port}/{protocol}" for port, protocol in ports)
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
    description=(
        "A public ACL grant (AllUsers/AuthenticatedUsers) or an unconditioned Principal '*' "
        "policy statement that Block Public Access (bucket or account level) does not "
        "neutralise: IgnorePublicAcls disarms ACLs, RestrictPublicBuckets disarms policies."
    ),
    severity=Severity.CRITICAL,
    controls=("cis-aws:2.1.4", "soc2:CC6.1", "soc2:CC6.7", "nist-800-53:AC-3"),
    remediation=(
        "Turn on all four S3 Block Public Access settings for the bucket (or the account) "
        "and remove AllUsers/AuthenticatedUsers grants and Principal '*' statements."
    ),
)
def s3_bucket_public(check: Check, snapshot: AccountSnapshot) -> Iterator[CheckResult]:
    account = snapshot.account_public_access_block
    for bucket in snapshot.buckets:
        reasons = bucket.public_through(account)
        if reasons:
            detail = f"{bucket.name} is public through its {' and '.join(reasons)}"
        else:
            detail = f"{bucket.name} is not publicly accessible"
        yield check.result(bucket.resource, passed=not reasons, detail=detail)


@register(
    "s3-block-public-access",
    title="S3 bucket is not covered by all four Block Public Access settings",
    description=(
        "CIS 2.1.4: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and "
        "RestrictPublicBuckets must all be on, at bucket level or account level."
    ),
    severity=Severity.MEDIUM,
    controls=("cis-aws:2.1.4", "soc2:CC6.1", "nist-800-53:AC-3"),
    remediation=(
        "Turn on all four Block Public Access settings at the account level "
        "(`aws s3control put-public-access-block`) or on each bucket."
    ),
)
def s3_block_public_access(check: Check, snapshot: AccountSnapshot) -> Iterator[CheckResult]:
    account = snapshot.account_public_access_block
    for bucket in snapshot.buckets:
        covered = bucket.effective_block(account).complete
        state = "has" if covered else "lacks"
        detail = f"{bucket.name} {state} all four Block Public Access settings"
        yield check.result(bucket.resource, passed=covered, detail=detail)


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
    controls=("soc2:CC6.1", "nist-800-53:SC-28"),
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


def _ebs_default_collected(snapshot: AccountSnapshot) -> bool:
    return snapshot.ebs_encryption_by_default is not None


@register(
    "ec2-ebs-encryption-by-default",
    title="EBS encryption by default is off in a region",
    description=(
        "CIS 2.2.1: the per-region account setting (ec2 get-ebs-encryption-by-default) "
        "must be on so that every new volume is encrypted."
    ),
    severity=Severity.MEDIUM,
    controls=("cis-aws:2.2.1", "soc2:CC6.1", "nist-800-53:SC-28"),
    remediation="Run `aws ec2 enable-ebs-encryption-by-default --region <region>`.",
    collected=_ebs_default_collected,
)
def ebs_encryption_by_default(check: Check, snapshot: AccountSnapshot) -> Iterator[CheckResult]:
    for region, enabled in sorted((snapshot.ebs_encryption_by_default or {}).items()):
        state = "on" if enabled else "off"
        yield check.result(
            f"ec2:{region}:account-setting/ebs-encryption-by-default",
            passed=enabled,
            detail=f"EBS encryption by default is {state} in {region}",
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
