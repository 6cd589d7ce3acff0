"""Catalog of the compliance frameworks and the controls the checks map to.

Only the controls that at least one check or importer evaluates are listed: a score is
"share of *assessed* controls that pass", never a claim about a whole framework.
Control IDs follow CIS AWS Foundations Benchmark v3.0.0, the AICPA 2017 Trust Services
Criteria (SOC 2) and NIST SP 800-53 Rev. 5; check them against your own copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .models import split_control


@dataclass(frozen=True)
class Framework:
    """A framework and the titles of its controls, in report order."""

    id: str
    name: str
    controls: Mapping[str, str]


FRAMEWORKS: dict[str, Framework] = {
    "cis-aws": Framework(
        id="cis-aws",
        name="CIS AWS Foundations Benchmark v3.0.0",
        controls={
            "1.4": "Ensure no 'root' user account access key exists",
            "1.5": "Ensure MFA is enabled for the 'root' user account",
            "1.10": "Ensure MFA is enabled for all IAM users that have a console password",
            "2.1.4": "Ensure that S3 buckets are configured with 'Block public access'",
            "2.2.1": "Ensure EBS volume encryption is enabled",
            "5.2": "Ensure no security groups allow ingress from 0.0.0.0/0 to admin ports",
            "5.3": "Ensure no security groups allow ingress from ::/0 to admin ports",
        },
    ),
    "soc2": Framework(
        id="soc2",
        name="SOC 2 Trust Services Criteria (2017)",
        controls={
            "CC6.1": "Logical access security over protected information assets",
            "CC6.6": "Security measures against threats from outside system boundaries",
            "CC6.7": "Restriction of transmission, movement and removal of information",
            "CC7.1": "Detection of configuration changes and newly discovered vulnerabilities",
            "CC8.1": "Changes are authorised, designed, developed, tested and approved",
        },
    ),
    "nist-800-53": Framework(
        id="nist-800-53",
        name="NIST SP 800-53 Rev. 5",
        controls={
            "AC-3": "Access Enforcement",
            "AC-6": "Least Privilege",
            "AC-17": "Remote Access",
            "CM-6": "Configuration Settings",
            "IA-2(1)": "Multi-factor Authentication to Privileged Accounts",
            "IA-2(2)": "Multi-factor Authentication to Non-privileged Accounts",
            "IA-5(7)": "No Embedded Unencrypted Static Authenticators",
            "RA-5": "Vulnerability Monitoring and Scanning",
            "SA-11": "Developer Testing and Evaluation",
            "SC-7": "Boundary Protection",
            "SC-28": "Protection of Information at Rest",
            "SI-2": "Flaw Remediation",
        },
    ),
}


def get_framework(framework_id: str) -> Framework:
    """Look a framework up by ID, with a helpful error for unknown IDs."""
    try:
        return FRAMEWORKS[framework_id]
    except KeyError:
        known = ", ".join(FRAMEWORKS)
        msg = f"unknown framework {framework_id!r} (known: {known})"
        raise ValueError(msg) from None


def parse_frameworks(values: Iterable[str]) -> tuple[str, ...]:
    """Validate framework IDs (comma-separated strings allowed), keeping order, no repeats."""
    result: list[str] = []
    for value in values:
        for part in value.split(","):
            framework_id = part.strip()
            if framework_id and framework_id not in result:
                get_framework(framework_id)
                result.append(framework_id)
    if not result:
        msg = "choose at least one framework"
        raise ValueError(msg)
    return tuple(result)


def validate_controls(refs: Iterable[str]) -> tuple[str, ...]:
    """Check that every ``framework:control`` reference exists in the catalog."""
    checked = []
    for ref in refs:
        framework_id, control_id = split_control(ref)
        if control_id not in get_framework(framework_id).controls:
            msg = f"unknown control {ref!r}"
            raise ValueError(msg)
        checked.append(ref)
    return tuple(checked)
