"""Human and machine readable renderings of plans and drift reports."""

from __future__ import annotations

import json

from .engine import Action, DriftReport, Plan


def format_summary(the_plan: Plan, *, applied: bool = False) -> str:
    counts = the_plan.summary()
    verb = "created" if applied else "to create"
    verb2 = "updated" if applied else "to update"
    return (
        f"{counts[Action.CREATE.value]} {verb}, {counts[Action.UPDATE.value]} {verb2}, "
        f"{counts[Action.OK.value]} unchanged"
    )


def format_plan(the_plan: Plan, *, applied: bool = False, diffs: bool = True) -> str:
    """One line per changed resource (host, action, resource, why) and its diff."""
    lines: list[str] = []
    for change in the_plan.pending:
        why = ", ".join(change.reasons)
        lines.append(f"{change.host}: {change.action.value} {change.resource} ({why})")
        if diffs and change.diff:
            lines.extend("    " + line for line in change.diff.rstrip("\n").split("\n"))
    if not the_plan.pending:
        lines.append("No changes: every resource is in its desired state.")
    lines.append(format_summary(the_plan, applied=applied))
    return "\n".join(lines)


def format_drift(report: DriftReport, *, as_json: bool = False) -> str:
    if as_json:
        return json.dumps(report.to_dict(), indent=2)
    if not report.has_drift:
        return f"No drift: {report.checked} resources match their desired state."
    lines = [f"DRIFT: {len(report.drifted)} of {report.checked} resources differ"]
    for change in report.drifted:
        lines.append(f"{change.host}: {change.resource} ({', '.join(change.reasons)})")
        lines.extend("    " + line for line in change.diff.rstrip("\n").split("\n"))
    return "\n".join(lines)
