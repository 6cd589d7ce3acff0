"""Reports of an assessment: console text, Markdown, HTML, JSON and SARIF 2.1.0."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

import jinja2

from . import __version__
from .assessment import Assessment
from .models import Finding, Severity
from .settings import PROJECT_NAME

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
CLOUD_ACCOUNT_URI = "aws-account.json"
"""SARIF location of cloud findings: the file ``snapshot --output aws-account.json`` writes
(GitHub shows such alerts without a code snippet when the file is not committed)."""
SARIF_LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub code scanning reads this property to rank security results (0.0-10.0).
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}


def _score_text(score: float | None) -> str:
    return "n/a" if score is None else f"{score:.1f}%"


def jinja_environment() -> jinja2.Environment:
    """The Jinja2 environment for the HTML templates shipped in this package."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(__name__.rpartition(".")[0], "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_text(assessment: Assessment, max_findings: int = 20) -> str:
    """A compact console summary."""
    lines = [f"Sources: {', '.join(assessment.sources) or 'none'}", "", "Compliance scores"]
    for score in assessment.scores:
        lines.append(
            f"  {score.name:<40} {_score_text(score.score):>7}  "
            f"({score.passed} pass, {score.failed} fail, {score.not_assessed} not assessed)"
        )
    counts = assessment.severity_counts()
    summary = ", ".join(f"{n} {sev}" for sev, n in counts.items() if n)
    lines += ["", f"Findings: {len(assessment.findings)} ({summary or 'none'})"]
    for finding in assessment.findings[:max_findings]:
        title = finding.title if len(finding.title) <= 100 else finding.title[:99] + "…"
        lines.append(f"  [{finding.severity.value.upper():<8}] {finding.source:<9} {title}")
        lines.append(f"  {'':<10} {'':<9} -> {finding.resource}")
    hidden = len(assessment.findings) - max_findings
    if hidden > 0:
        lines.append(f"  ... and {hidden} more (use --format json/markdown/html/sarif)")
    return "\n".join(lines) + "\n"


# CommonMark lets a backslash escape any ASCII punctuation; these are the characters
# that could start HTML (a tag, a comment, an entity), a link, emphasis, code or a cell.
_MD_SPECIAL = frozenset("\\`*_[]<>|~&")


def _md(text: str) -> str:
    """Scanner text as literal Markdown: no HTML, links, emphasis or broken table cells."""
    flat = " ".join(text.split())
    return "".join(f"\\{char}" if char in _MD_SPECIAL else char for char in flat)


def render_markdown(assessment: Assessment) -> str:
    out = [
        "# Compliance report",
        "",
        f"Generated {assessment.generated_at:%Y-%m-%d %H:%M UTC} from "
        f"{_md(', '.join(assessment.sources) or 'no sources')}.",
        "",
        "## Scores",
        "",
        "| Framework | Score | Pass | Fail | Not assessed |",
        "|---|---:|---:|---:|---:|",
    ]
    out += [
        f"| {_md(s.name)} | {_score_text(s.score)} | {s.passed} | {s.failed} | {s.not_assessed} |"
        for s in assessment.scores
    ]
    for score in assessment.scores:
        out += ["", f"## {_md(score.name)}", "", "| Control | Status | Title |", "|---|---|---|"]
        out += [f"| {_md(c.control_id)} | {c.status} | {_md(c.title)} |" for c in score.controls]
    out += ["", f"## Findings ({len(assessment.findings)})", ""]
    if assessment.findings:
        out += ["| Severity | Source | Finding | Resource | Controls | Remediation |"]
        out += ["|---|---|---|---|---|---|"]
        out += [
            f"| {f.severity.value} | {_md(f.source)} | {_md(f.title)} | {_md(f.resource)} | "
            f"{_md(', '.join(f.controls))} | {_md(f.remediation)} |"
            for f in assessment.findings
        ]
    else:
        out.append("No findings.")
    return "\n".join(out) + "\n"


def render_html(assessment: Assessment, *, dashboard: bool = False) -> str:
    """A standalone HTML report (also the dashboard's overview page)."""
    template = jinja_environment().get_template("report.html")
    return template.render(
        assessment=assessment,
        counts=assessment.severity_counts(),
        score_text=_score_text,
        dashboard=dashboard,
        project=PROJECT_NAME,
    )


def render_json(assessment: Assessment) -> str:
    return assessment.model_dump_json(indent=2) + "\n"


def _rule_id(finding: Finding) -> str:
    return f"{finding.source}/{finding.rule_id}"


def sarif_uri(path: str) -> str:
    """A repository-relative, percent-encoded URI, as GitHub code scanning expects."""
    posix = path.replace("\\", "/")
    candidate = PurePosixPath(posix)
    if candidate.is_absolute():
        try:
            candidate = PurePosixPath(Path(posix).resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            candidate = PurePosixPath(candidate.name)
    parts = [part for part in candidate.parts if part not in (".", "/")]
    return quote("/".join(parts) or CLOUD_ACCOUNT_URI, safe="/")


def _sarif_location(finding: Finding) -> dict[str, Any]:
    # GitHub rejects results without a physical location: cloud resources have no file,
    # so they point at the documented placeholder and keep the resource as a logical one.
    path = finding.location.path if finding.location is not None else CLOUD_ACCOUNT_URI
    physical: dict[str, Any] = {"artifactLocation": {"uri": sarif_uri(path)}}
    if finding.location is not None and finding.location.line and finding.location.line > 0:
        physical["region"] = {"startLine": finding.location.line}
    return {
        "physicalLocation": physical,
        "logicalLocations": [{"fullyQualifiedName": finding.resource, "kind": "resource"}],
    }


def _sarif_rule(finding: Finding) -> dict[str, Any]:
    title = finding.rule_title or finding.rule_id
    rule: dict[str, Any] = {
        "id": _rule_id(finding),
        "name": finding.rule_id,
        "shortDescription": {"text": title[:1024]},
        "fullDescription": {"text": (finding.rule_description or title)[:1024]},
        "help": {"text": finding.remediation},
        "defaultConfiguration": {"level": SARIF_LEVELS[finding.severity]},
        "properties": {
            "tags": ["security", "compliance", *finding.controls][:20],
            "security-severity": SECURITY_SEVERITY[finding.severity],
        },
    }
    if finding.help_uri.startswith(("https://", "http://")):
        rule["helpUri"] = finding.help_uri
    return rule


def build_sarif(assessment: Assessment) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run, one rule per distinct check/scanner rule."""
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    for finding in assessment.findings:
        rule_id = _rule_id(finding)
        if rule_id not in index:
            index[rule_id] = len(rules)
            rules.append(_sarif_rule(finding))
        results.append(
            {
                "ruleId": rule_id,
                "ruleIndex": index[rule_id],
                "level": SARIF_LEVELS[finding.severity],
                "message": {"text": f"{finding.title} ({finding.resource})"},
                "locations": [_sarif_location(finding)],
                "partialFingerprints": {"findingId/v1": finding.id},
                "properties": {
                    "severity": finding.severity.value,
                    "controls": list(finding.controls),
                    "remediation": finding.remediation,
                },
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": PROJECT_NAME,
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": results,
                "properties": {
                    "frameworks": list(assessment.frameworks),
                    "scores": {s.framework: s.score for s in assessment.scores},
                },
            }
        ],
    }


def render_sarif(assessment: Assessment) -> str:
    return json.dumps(build_sarif(assessment), indent=2) + "\n"


RENDERERS: dict[str, Callable[[Assessment], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "html": render_html,
    "json": render_json,
    "sarif": render_sarif,
}


def render(assessment: Assessment, fmt: str) -> str:
    """Render ``assessment`` in one of :data:`RENDERERS`' formats."""
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        msg = f"unknown report format {fmt!r} (known: {', '.join(RENDERERS)})"
        raise ValueError(msg)
    return renderer(assessment)
