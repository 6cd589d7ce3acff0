"""Importers: scanner JSON output (bandit, pip-audit, Trivy) to normalised findings.

Each importer knows which controls its scanner evaluates: importing a report with no
findings is evidence that those controls pass.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .frameworks import validate_controls
from .models import Finding, Location, Severity


class ReportFormatError(ValueError):
    """A scanner report could not be read."""


@dataclass(frozen=True)
class ScannerImport:
    """Findings read from one scanner report, and the controls that scanner evaluates."""

    source: str
    findings: list[Finding]
    controls: tuple[str, ...]
    target: str = ""
    errors: list[str] = field(default_factory=list)


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


@contextmanager
def _reading(source: str) -> Iterator[None]:
    """Turn JSON and schema errors of a scanner report into one clear ReportFormatError."""
    try:
        yield
    except json.JSONDecodeError as error:
        msg = f"{source}: not JSON ({error})"
        raise ReportFormatError(msg) from error
    except ValidationError as error:
        msg = f"{source}: unexpected report format ({error.error_count()} problem(s)): {error}"
        raise ReportFormatError(msg) from error


# --- bandit (`bandit -r src -f json`) -------------------------------------------------

BANDIT_CONTROLS = validate_controls(("soc2:CC8.1", "nist-800-53:SA-11"))


class _BanditResult(_Lenient):
    test_id: str
    test_name: str = ""
    filename: str
    line_number: int | None = None
    issue_severity: str = "LOW"
    issue_confidence: str = ""
    issue_text: str
    more_info: str = ""


class _BanditReport(_Lenient):
    results: list[_BanditResult]
    errors: list[dict[str, object]] = []


def import_bandit(text: str | bytes) -> ScannerImport:
    """Import ``bandit -f json`` output."""
    with _reading("bandit"):
        report = _BanditReport.model_validate(json.loads(text))
    findings = [
        Finding(
            id=f"bandit:{r.test_id}:{r.filename}:{r.line_number or 0}",
            title=f"{r.test_id} {r.test_name}: {r.issue_text}".replace("  ", " "),
            severity=Severity.parse(r.issue_severity),
            resource=f"{r.filename}:{r.line_number}" if r.line_number else r.filename,
            controls=BANDIT_CONTROLS,
            remediation=(
                f"Fix or justify the code ({r.issue_confidence.lower() or 'unknown'} "
                f"confidence); guidance: {r.more_info or 'bandit documentation'}"
            ),
            source="bandit",
            rule_id=r.test_id,
            location=Location(path=r.filename, line=r.line_number),
            rule_title=f"{r.test_id} {r.test_name}".strip(),
            rule_description=f"bandit test {r.test_id} ({r.test_name or 'unnamed'})",
            help_uri=r.more_info,
        )
        for r in report.results
    ]
    errors = [str(e.get("reason", e)) for e in report.errors]
    return ScannerImport("bandit", findings, BANDIT_CONTROLS, errors=errors)


# --- pip-audit (`pip-audit -f json`) ---------------------------------------------------

PIP_AUDIT_CONTROLS = validate_controls(("soc2:CC7.1", "nist-800-53:RA-5", "nist-800-53:SI-2"))
PIP_AUDIT_SEVERITY = Severity.HIGH
"""pip-audit reports no severity: known-vulnerable dependencies count as high until triaged."""
DEPENDENCY_MANIFEST = "pyproject.toml"
"""Where pip-audit findings are located in SARIF: the file that declares the dependencies."""


class _PipAuditVuln(_Lenient):
    id: str
    fix_versions: list[str] = []
    aliases: list[str] = []
    description: str = ""


class _PipAuditDependency(_Lenient):
    name: str
    version: str | None = None
    vulns: list[_PipAuditVuln] = []
    skip_reason: str | None = None


class _PipAuditReport(_Lenient):
    dependencies: list[_PipAuditDependency]


def import_pip_audit(text: str | bytes) -> ScannerImport:
    """Import ``pip-audit -f json`` output (2.x object or 1.x list form)."""
    with _reading("pip-audit"):
        data = json.loads(text)
        if isinstance(data, list):
            # pip-audit 1.x printed a bare list of dependencies.
            data = {"dependencies": data}
        report = _PipAuditReport.model_validate(data)
    findings = []
    for dep in report.dependencies:
        for vuln in dep.vulns:
            aliases = f" ({', '.join(vuln.aliases)})" if vuln.aliases else ""
            if vuln.fix_versions:
                remediation = f"Upgrade {dep.name} to {vuln.fix_versions[0]} or later."
            else:
                remediation = f"No fixed release of {dep.name} yet: replace it or mitigate."
            summary = vuln.description.strip().splitlines()[0] if vuln.description.strip() else ""
            findings.append(
                Finding(
                    id=f"pip-audit:{vuln.id}:{dep.name}@{dep.version}",
                    title=f"{vuln.id}{aliases} in {dep.name} {dep.version}: {summary}".rstrip(": "),
                    severity=PIP_AUDIT_SEVERITY,
                    resource=f"{dep.name}=={dep.version}",
                    controls=PIP_AUDIT_CONTROLS,
                    remediation=remediation,
                    source="pip-audit",
                    rule_id=vuln.id,
                    location=Location(path=DEPENDENCY_MANIFEST),
                    rule_title=f"{vuln.id}{aliases}",
                    rule_description=f"Known vulnerability {vuln.id}{aliases} (pip-audit)",
                )
            )
    errors = [f"{d.name}: {d.skip_reason}" for d in report.dependencies if d.skip_reason]
    return ScannerImport("pip-audit", findings, PIP_AUDIT_CONTROLS, errors=errors)


# --- Trivy (`trivy image|fs|config --format json`, schema version 2) -------------------

TRIVY_VULN_CONTROLS = PIP_AUDIT_CONTROLS
TRIVY_MISCONFIG_CONTROLS = validate_controls(("soc2:CC7.1", "nist-800-53:CM-6"))
TRIVY_SECRET_CONTROLS = validate_controls(("soc2:CC6.1", "nist-800-53:IA-5(7)"))
TRIVY_CONTROLS = tuple(
    dict.fromkeys(TRIVY_VULN_CONTROLS + TRIVY_MISCONFIG_CONTROLS + TRIVY_SECRET_CONTROLS)
)


class _TrivyVuln(_Lenient):
    vulnerability_id: str = Field(alias="VulnerabilityID")
    pkg_name: str = Field(alias="PkgName")
    installed_version: str = Field(default="", alias="InstalledVersion")
    fixed_version: str = Field(default="", alias="FixedVersion")
    severity: str = Field(default="UNKNOWN", alias="Severity")
    title: str = Field(default="", alias="Title")


class _TrivyMisconfig(_Lenient):
    id: str = Field(alias="ID")
    title: str = Field(default="", alias="Title")
    message: str = Field(default="", alias="Message")
    resolution: str = Field(default="", alias="Resolution")
    severity: str = Field(default="UNKNOWN", alias="Severity")
    status: str = Field(default="FAIL", alias="Status")


class _TrivySecret(_Lenient):
    rule_id: str = Field(alias="RuleID")
    title: str = Field(default="", alias="Title")
    severity: str = Field(default="UNKNOWN", alias="Severity")
    start_line: int | None = Field(default=None, alias="StartLine")


class _TrivyResult(_Lenient):
    target: str = Field(alias="Target")
    result_class: str = Field(default="", alias="Class")
    vulnerabilities: list[_TrivyVuln] | None = Field(default=None, alias="Vulnerabilities")
    misconfigurations: list[_TrivyMisconfig] | None = Field(default=None, alias="Misconfigurations")
    secrets: list[_TrivySecret] | None = Field(default=None, alias="Secrets")


class _TrivyReport(_Lenient):
    schema_version: int = Field(alias="SchemaVersion")
    artifact_name: str = Field(default="", alias="ArtifactName")
    artifact_type: str = Field(default="", alias="ArtifactType")
    results: list[_TrivyResult] | None = Field(default=None, alias="Results")


_TRIVY_CLASS_CONTROLS = {
    "os-pkgs": TRIVY_VULN_CONTROLS,
    "lang-pkgs": TRIVY_VULN_CONTROLS,
    "config": TRIVY_MISCONFIG_CONTROLS,
    "secret": TRIVY_SECRET_CONTROLS,
}
IMAGE_MANIFEST = "Dockerfile"
"""Where vulnerabilities of an image's OS packages are located in SARIF."""


def _trivy_assessed(result: _TrivyResult) -> tuple[str, ...]:
    """The controls one Trivy result is evidence for: only what that scanner looked at."""
    if result.result_class:
        return _TRIVY_CLASS_CONTROLS.get(result.result_class, ())
    controls: tuple[str, ...] = ()
    if result.vulnerabilities is not None:
        controls += TRIVY_VULN_CONTROLS
    if result.misconfigurations is not None:
        controls += TRIVY_MISCONFIG_CONTROLS
    if result.secrets is not None:
        controls += TRIVY_SECRET_CONTROLS
    return controls


def _trivy_vuln_path(report: _TrivyReport, result: _TrivyResult) -> str:
    """A repository file for a vulnerability: the lock file, or the image's Dockerfile."""
    if result.result_class == "os-pkgs" or report.artifact_type == "container_image":
        return IMAGE_MANIFEST
    return result.target


def import_trivy(text: str | bytes) -> ScannerImport:
    """Import ``trivy ... --format json`` output (vulnerabilities, misconfigs, secrets)."""
    with _reading("trivy"):
        report = _TrivyReport.model_validate(json.loads(text))
    if report.schema_version != 2:
        msg = f"trivy: unsupported SchemaVersion {report.schema_version} (expected 2)"
        raise ReportFormatError(msg)
    findings: list[Finding] = []
    assessed: list[str] = []
    for result in report.results or []:
        assessed.extend(_trivy_assessed(result))
        for v in result.vulnerabilities or []:
            fix = (
                f"Upgrade {v.pkg_name} from {v.installed_version} to {v.fixed_version}."
                if v.fixed_version
                else f"No fixed version of {v.pkg_name} yet: rebuild on a newer base or mitigate."
            )
            findings.append(
                Finding(
                    id=f"trivy:{v.vulnerability_id}:{v.pkg_name}@{v.installed_version}:{result.target}",
                    title=f"{v.vulnerability_id} in {v.pkg_name} {v.installed_version}"
                    + (f": {v.title}" if v.title else ""),
                    severity=Severity.parse(v.severity),
                    resource=f"{result.target} ({v.pkg_name})",
                    controls=TRIVY_VULN_CONTROLS,
                    remediation=fix,
                    source="trivy",
                    rule_id=v.vulnerability_id,
                    location=Location(path=_trivy_vuln_path(report, result)),
                    rule_title=v.vulnerability_id + (f": {v.title}" if v.title else ""),
                    rule_description=f"Known vulnerability {v.vulnerability_id} (Trivy)",
                )
            )
        for m in result.misconfigurations or []:
            if m.status.upper() != "FAIL":
                continue
            findings.append(
                Finding(
                    id=f"trivy:{m.id}:{result.target}",
                    title=f"{m.id} {m.title}: {m.message}".rstrip(": "),
                    severity=Severity.parse(m.severity),
                    resource=result.target,
                    controls=TRIVY_MISCONFIG_CONTROLS,
                    remediation=m.resolution or "See the Trivy misconfiguration guide.",
                    source="trivy",
                    rule_id=m.id,
                    location=Location(path=result.target),
                    rule_title=f"{m.id} {m.title}".strip(),
                    rule_description=f"Trivy misconfiguration check {m.id}: {m.title or m.id}",
                )
            )
        for s in result.secrets or []:
            findings.append(
                Finding(
                    id=f"trivy:{s.rule_id}:{result.target}:{s.start_line or 0}",
                    title=f"Secret in source: {s.title or s.rule_id}",
                    severity=Severity.parse(s.severity),
                    resource=result.target,
                    controls=TRIVY_SECRET_CONTROLS,
                    remediation="Remove the secret from the file and history, then rotate it.",
                    source="trivy",
                    rule_id=s.rule_id,
                    location=Location(path=result.target, line=s.start_line),
                    rule_title=f"Secret: {s.title or s.rule_id}",
                    rule_description=f"Trivy secret rule {s.rule_id}",
                )
            )
    controls = tuple(c for c in TRIVY_CONTROLS if c in assessed)
    return ScannerImport("trivy", findings, controls, target=report.artifact_name)


IMPORTERS: dict[str, Callable[[str | bytes], ScannerImport]] = {
    "bandit": import_bandit,
    "pip-audit": import_pip_audit,
    "trivy": import_trivy,
}


IMPORTER_CONTROLS: dict[str, tuple[str, ...]] = {
    "bandit": BANDIT_CONTROLS,
    "pip-audit": PIP_AUDIT_CONTROLS,
    "trivy": TRIVY_CONTROLS,
}


def import_report(source: str, path: Path) -> ScannerImport:
    """Read a scanner report file with the importer for ``source``."""
    try:
        importer = IMPORTERS[source]
    except KeyError:
        msg = f"no importer for {source!r} (known: {', '.join(IMPORTERS)})"
        raise ReportFormatError(msg) from None
    return importer(path.read_bytes())
