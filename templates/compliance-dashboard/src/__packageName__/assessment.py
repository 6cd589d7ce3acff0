"""Assessment: findings from checks and importers, and the compliance score per framework."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .checks import Check, registered_checks, run_checks
from .compat import UTC
from .frameworks import get_framework
from .importers import ScannerImport
from .models import Finding, Severity, split_control
from .state import AccountSnapshot

ControlStatusName = Literal["pass", "fail", "not-assessed"]


class ControlStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    control_id: str
    title: str
    status: ControlStatusName
    finding_ids: tuple[str, ...] = ()


class FrameworkScore(BaseModel):
    model_config = ConfigDict(frozen=True)

    framework: str
    name: str
    score: float | None
    """Percentage of assessed controls that pass; ``None`` when nothing was assessed."""
    passed: int
    failed: int
    not_assessed: int
    controls: tuple[ControlStatus, ...]


class Assessment(BaseModel):
    """The outcome of one scan: what was looked at, what failed, and the scores."""

    model_config = ConfigDict(frozen=True)

    generated_at: dt.datetime
    frameworks: tuple[str, ...]
    sources: tuple[str, ...]
    """What fed this assessment, e.g. ``aws:123456789012``, ``bandit``."""
    assessed_controls: tuple[str, ...]
    findings: tuple[Finding, ...]
    scores: tuple[FrameworkScore, ...]
    resources_checked: int = 0

    def score_for(self, framework: str) -> FrameworkScore:
        for score in self.scores:
            if score.framework == framework:
                return score
        msg = f"framework {framework!r} is not part of this assessment"
        raise KeyError(msg)

    def severity_counts(self) -> dict[str, int]:
        counts = {severity.value: 0 for severity in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return counts


def score_framework(
    framework_id: str,
    findings: Sequence[Finding],
    assessed_controls: Sequence[str],
    fail_on: Severity = Severity.LOW,
) -> FrameworkScore:
    """Score one framework: share of its assessed controls with no failing finding.

    A finding fails a control when its severity is at least ``fail_on`` (by default
    everything except ``info``).
    """
    framework = get_framework(framework_id)
    assessed = {
        control_id for fw, control_id in map(split_control, assessed_controls) if fw == framework_id
    }
    failing: dict[str, list[str]] = {}
    for finding in findings:
        if finding.severity.rank < fail_on.rank:
            continue
        for control_id in finding.controls_in(framework_id):
            failing.setdefault(control_id, []).append(finding.id)
    statuses = []
    for control_id, title in framework.controls.items():
        status: ControlStatusName
        if control_id in failing:
            status = "fail"
        elif control_id in assessed:
            status = "pass"
        else:
            status = "not-assessed"
        statuses.append(
            ControlStatus(
                control_id=control_id,
                title=title,
                status=status,
                finding_ids=tuple(failing.get(control_id, ())),
            )
        )
    passed = sum(s.status == "pass" for s in statuses)
    failed = sum(s.status == "fail" for s in statuses)
    total = passed + failed
    return FrameworkScore(
        framework=framework_id,
        name=framework.name,
        score=round(100 * passed / total, 1) if total else None,
        passed=passed,
        failed=failed,
        not_assessed=len(statuses) - total,
        controls=tuple(statuses),
    )


def _ordered(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (-f.severity.rank, f.source, f.id)))


def run_assessment(
    *,
    frameworks: Sequence[str],
    snapshot: AccountSnapshot | None = None,
    imports: Sequence[ScannerImport] = (),
    checks: Sequence[Check] | None = None,
    now: dt.datetime | None = None,
) -> Assessment:
    """Run the AWS checks on ``snapshot`` (if any), merge scanner imports, and score."""
    findings: list[Finding] = []
    assessed: list[str] = []
    sources: list[str] = []
    resources: set[str] = set()
    if snapshot is not None:
        results, check_findings = run_checks(snapshot, checks)
        findings.extend(check_findings)
        resources.update(result.resource for result in results)
        # A check that found nothing to look at (no volumes, say) still assesses its
        # controls, but only when the evidence it reads was collected at all.
        for check in registered_checks() if checks is None else checks:
            if check.collected(snapshot):
                assessed.extend(check.controls)
        sources.append(f"aws:{snapshot.account_id}")
    for imported in imports:
        findings.extend(imported.findings)
        assessed.extend(imported.controls)
        resources.update(f.resource for f in imported.findings)
        sources.append(imported.source + (f":{imported.target}" if imported.target else ""))
    assessed_controls = tuple(sorted(set(assessed)))
    return Assessment(
        generated_at=now or dt.datetime.now(UTC),
        frameworks=tuple(frameworks),
        sources=tuple(sources),
        assessed_controls=assessed_controls,
        findings=_ordered(findings),
        scores=tuple(score_framework(fw, findings, assessed_controls) for fw in frameworks),
        resources_checked=len(resources),
    )
