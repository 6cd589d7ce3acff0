"""Prometheus text-format metrics for node_exporter's textfile collector."""

from __future__ import annotations

from datetime import datetime

from .defaults import METRIC_PREFIX
from .failover import FailoverReport
from .manifest import BackupManifest


def render_metrics(
    backups: list[BackupManifest],
    now: datetime,
    *,
    failover: FailoverReport | None = None,
    prefix: str = METRIC_PREFIX,
) -> str:
    """Newest backup per kind (timestamp, age, size) and, if given, a drill's RPO/RTO."""
    newest: dict[str, BackupManifest] = {}
    for manifest in backups:
        current = newest.get(manifest.kind)
        if current is None or manifest.created_at > current.created_at:
            newest[manifest.kind] = manifest
    metrics = [
        ("backup_last_timestamp_seconds", "gauge", "Creation time of the newest backup."),
        ("backup_age_seconds", "gauge", "Seconds since the newest backup was created."),
        ("backup_size_bytes", "gauge", "Size of the newest backup artifact."),
    ]
    lines: list[str] = []
    for name, kind, help_text in metrics:
        lines += [f"# HELP {prefix}_{name} {help_text}", f"# TYPE {prefix}_{name} {kind}"]
        for backup_kind, manifest in sorted(newest.items()):
            value = {
                "backup_last_timestamp_seconds": manifest.created_at.timestamp(),
                "backup_age_seconds": (now - manifest.created_at).total_seconds(),
                "backup_size_bytes": float(manifest.size_bytes),
            }[name]
            lines.append(f'{prefix}_{name}{{kind="{backup_kind}"}} {value}')
    if failover is not None:
        for name, achieved in (("rpo", failover.rpo_seconds), ("rto", failover.rto_seconds)):
            if achieved is not None:
                metric = f"{prefix}_failover_{name}_seconds"
                lines += [
                    f"# HELP {metric} Achieved {name.upper()} of the last failover run.",
                    f"# TYPE {metric} gauge",
                    f"{metric} {achieved}",
                ]
    return "\n".join(lines) + "\n"
