"""Grandfather-father-son retention: keep dailies, weeklies and monthlies; prune the rest.

Periods are calendar periods counted back from "now" (an injected clock), in UTC.
Within a period the newest backup is kept. Backups are grouped by (kind, source) so
each database or directory keeps its own history. Pruning is idempotent: a second run
with the same clock deletes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .clock import UTC, Clock, utc_now
from .manifest import BackupManifest
from .storage import StorageTarget, delete_backup, list_backups


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


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def plan_retention(
    backups: list[BackupManifest], policy: RetentionPolicy, now: datetime
) -> RetentionPlan:
    """Decide which backups to keep (with the reasons) and which to delete."""
    today = now.astimezone(UTC).date()
    this_monday = today - timedelta(days=today.weekday())
    groups: dict[tuple[str, str], list[BackupManifest]] = defaultdict(list)
    for manifest in backups:
        groups[(manifest.kind, manifest.source)].append(manifest)

    plan = RetentionPlan()
    for members in groups.values():
        members.sort(key=lambda m: (m.created_at, m.backup_id), reverse=True)
        reasons: dict[str, list[str]] = defaultdict(list)
        seen: set[tuple[str, int]] = set()
        for index, manifest in enumerate(members):
            day = manifest.created_at.astimezone(UTC).date()
            if index < policy.keep_last:
                reasons[manifest.backup_id].append("latest")
            if day > today:
                reasons[manifest.backup_id].append("newer than now (clock skew)")
                continue
            week = day.isocalendar()
            weeks_ago = (this_monday - (day - timedelta(days=day.weekday()))).days // 7
            buckets = (
                ("daily", (today - day).days, policy.daily, day.isoformat()),
                ("weekly", weeks_ago, policy.weekly, f"{week[0]}-W{week[1]:02d}"),
                (
                    "monthly",
                    _month_index(today) - _month_index(day),
                    policy.monthly,
                    f"{day:%Y-%m}",
                ),
            )
            for label, age, limit, period in buckets:
                if age < limit and (label, age) not in seen:
                    seen.add((label, age))
                    reasons[manifest.backup_id].append(f"{label} {period}")
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
    plan = plan_retention(list_backups(target), policy, clock())
    if not dry_run:
        for manifest in plan.delete:
            delete_backup(target, manifest)
    return plan
