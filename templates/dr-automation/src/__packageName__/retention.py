"""Grandfather-father-son retention: keep dailies, weeklies and monthlies; prune the rest.

Like restic's and borg's ``--keep-daily/weekly/monthly``: the last N days (weeks, months)
*that have a backup* each keep their newest backup; periods are UTC calendar periods.
Backups are grouped by (kind, source) so each database or directory keeps its own
history. Pruning is idempotent: a second run with the same clock deletes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from .clock import UTC, Clock, utc_now
from .manifest import BackupManifest
from .storage import StorageTarget, delete_backup, list_backups, verified_ids


@dataclass(frozen=True)
class RetentionPolicy:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    keep_last: int = 1  # never prune the newest N backups of a group, whatever their age

    def __post_init__(self) -> None:
        if min(self.daily, self.weekly, self.monthly, self.keep_last) < 0:
            raise ValueError("retention counts must be >= 0")


@dataclass
class RetentionPlan:
    keep: dict[str, list[str]] = field(default_factory=dict)  # backup id -> reasons
    delete: list[BackupManifest] = field(default_factory=list)


def _periods(manifest: BackupManifest) -> tuple[tuple[str, str], ...]:
    day = manifest.created_at.astimezone(UTC).date()
    year, week, _ = day.isocalendar()
    return (
        ("daily", day.isoformat()),
        ("weekly", f"{year}-W{week:02d}"),
        ("monthly", f"{day:%Y-%m}"),
    )


def plan_retention(
    backups: list[BackupManifest],
    policy: RetentionPolicy,
    now: datetime,
    verified: set[str] | None = None,
) -> RetentionPlan:
    """Decide which backups to keep (with the reasons) and which to delete.

    restic/borg semantics: ``daily=7`` keeps the newest backup of each of the last 7 days
    *that have a backup*, however long ago they were, so a source that stopped being
    backed up keeps its history instead of losing it all once the calendar moves on.
    A group never loses its last verified backup (``verified`` holds the ids).
    """
    today = now.astimezone(UTC).date()
    groups: dict[tuple[str, str], list[BackupManifest]] = defaultdict(list)
    for manifest in backups:
        groups[(manifest.kind, manifest.source)].append(manifest)
    limits = {"daily": policy.daily, "weekly": policy.weekly, "monthly": policy.monthly}

    plan = RetentionPlan()
    for members in groups.values():
        members.sort(key=lambda m: (m.created_at, m.backup_id), reverse=True)
        reasons: dict[str, list[str]] = defaultdict(list)
        seen: dict[str, set[str]] = defaultdict(set)
        for index, manifest in enumerate(members):
            if index < policy.keep_last:
                reasons[manifest.backup_id].append("latest")
            if manifest.created_at.astimezone(UTC).date() > today:
                reasons[manifest.backup_id].append("newer than now (clock skew)")
                continue
            for label, period in _periods(manifest):
                if period not in seen[label] and len(seen[label]) < limits[label]:
                    seen[label].add(period)
                    reasons[manifest.backup_id].append(f"{label} {period}")
        checked = [m for m in members if verified is not None and m.backup_id in verified]
        if checked and not any(m.backup_id in reasons for m in checked):
            reasons[checked[0].backup_id].append("newest verified backup")
        for manifest in members:
            if manifest.backup_id in reasons:
                plan.keep[manifest.backup_id] = reasons[manifest.backup_id]
            else:
                plan.delete.append(manifest)
    plan.delete.sort(key=lambda m: (m.created_at, m.backup_id))
    return plan


def apply_retention(
    target: StorageTarget,
    policy: RetentionPolicy,
    *,
    clock: Clock = utc_now,
    dry_run: bool = False,
) -> RetentionPlan:
    """Plan retention for every backup on ``target`` and delete the expired ones."""
    plan = plan_retention(list_backups(target), policy, clock(), verified_ids(target))
    if not dry_run:
        for manifest in plan.delete:
            delete_backup(target, manifest)
    return plan
