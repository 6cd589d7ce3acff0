"""The demo: the whole backup → verify → loss → restore → retention → failover cycle."""

from __future__ import annotations

import sqlite3
import tempfile
from contextlib import closing
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import TextIO

from .backups import backup_sqlite, restore_sqlite, sqlite_row_counts
from .clock import Clock, fixed_clock, utc_now
from .drill import FakeNode, InMemoryDns, SimulatedClock
from .failover import FailoverPolicy, run_failover
from .metrics import render_metrics
from .retention import RetentionPolicy, apply_retention
from .storage import LocalDirectoryTarget, fetch_backup, find_backup, list_backups, store_backup
from .verify import verify_backup


def create_sample_database(path: Path) -> dict[str, int]:
    """Create the bundled sample shop database at ``path``; returns its row counts."""
    script = resources.files(__package__ or __name__).joinpath("data/sample.sql").read_text("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(script)
        conn.commit()
    return sqlite_row_counts(path)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{table}={rows}" for table, rows in sorted(counts.items()))


def run_demo(
    out: TextIO, workdir: Path | None = None, *, clock: Clock = utc_now, history_days: int = 90
) -> int:
    """Print each step; returns 0 when every check passed, 1 otherwise."""
    with tempfile.TemporaryDirectory(prefix="dr-demo-") as tmp:
        return _run(out, workdir or Path(tmp), clock, history_days)


def _run(out: TextIO, root: Path, clock: Clock, history_days: int) -> int:
    def step(title: str) -> None:
        print(f"\n== {title}", file=out)

    ok = True
    step("1. Sample SQLite database (embedded default)")
    db = root / "data" / "app.sqlite3"
    original = create_sample_database(db)
    print(f"created {db}: {_counts(original)}", file=out)

    step("2. Backup with the sqlite3 backup API -> local directory target")
    target = LocalDirectoryTarget(root / "backups")
    backup = backup_sqlite(db, root / "staging", clock=clock)
    store_backup(target, backup)
    manifest = backup.manifest
    print(f"backup   {manifest.backup_id} ({manifest.size_bytes} bytes)", file=out)
    print(f"sha256   {manifest.sha256}", file=out)
    print(f"stored   on {target.description}: {', '.join(target.list_keys())}", file=out)

    step("3. Verify: checksum + test restore into a scratch database")
    fetched = fetch_backup(target, find_backup(target, "latest"), root / "verify")
    result = verify_backup(fetched)
    ok &= result.ok
    print(
        f"{'PASS' if result.ok else 'FAIL'}  {result.message}: {_counts(result.restored)}", file=out
    )

    step("4. Disaster: the database file is lost")
    db.unlink()
    print(f"deleted {db.name}; exists now: {db.exists()}", file=out)

    step("5. Restore the latest backup")
    latest = fetch_backup(target, find_backup(target, "latest"), root / "restore")
    restored = restore_sqlite(latest.artifact, db)
    ok &= restored == original
    verdict = "match" if restored == original else "DIFFER FROM"
    print(f"restored {db.name} from {latest.manifest.backup_id}: {_counts(restored)}", file=out)
    print(f"row counts {verdict} the original", file=out)

    step(f"6. Grandfather-father-son retention on {history_days} days of nightly backups")
    history = LocalDirectoryTarget(root / "history")
    now = clock()
    for days_ago in range(history_days):
        when = now - timedelta(days=days_ago, hours=1)
        store_backup(history, backup_sqlite(db, root / "history-staging", clock=fixed_clock(when)))
    policy = RetentionPolicy(daily=7, weekly=4, monthly=3)
    plan = apply_retention(history, policy, clock=fixed_clock(now))
    print(
        f"policy daily={policy.daily} weekly={policy.weekly} monthly={policy.monthly}: "
        f"kept {len(plan.keep)}, deleted {len(plan.delete)}",
        file=out,
    )
    for backup_id, reasons in sorted(plan.keep.items(), reverse=True):
        print(f"  keep {backup_id}  ({', '.join(reasons)})", file=out)
    again = apply_retention(history, policy, clock=fixed_clock(now))
    ok &= not again.delete and len(list_backups(history)) == len(plan.keep)
    print(f"second run deleted {len(again.delete)} (pruning is idempotent)", file=out)

    step("7. Failover drill (simulated primary outage, fake nodes and DNS)")
    drill_clock = SimulatedClock(now)
    primary = FakeNode("db-primary", "10.0.1.10", healthy=False)
    standby = FakeNode(
        "db-standby",
        "10.0.2.10",
        last_transaction_at=now - timedelta(seconds=4),
        clock=drill_clock,
        promote_seconds=12,
    )
    dns = InMemoryDns({"db.internal.example": primary.endpoint}, ttl=60)
    report = run_failover(
        primary,
        standby,
        dns,
        "db.internal.example",
        policy=FailoverPolicy(health_attempts=3, interval_seconds=5),
        clock=drill_clock,
        sleep=drill_clock.sleep,
        last_backup_at=manifest.created_at,
        fence=lambda node: print(
            f"  (fencing {node.name}: stand-in for stopping its VM)", file=out
        ),
    )
    for s in report.steps:
        print(f"  +{(s.at - now).total_seconds():5.1f}s  {s.action:<12} {s.detail}", file=out)
    print(report.summary(), file=out)
    ok &= report.failed_over and bool(report.rpo_met) and bool(report.rto_met)

    step("8. Metrics for node_exporter's textfile collector")
    print(render_metrics(list_backups(target), now, failover=report), end="", file=out)

    print(f"\nDemo {'succeeded' if ok else 'FAILED'}.", file=out)
    return 0 if ok else 1
