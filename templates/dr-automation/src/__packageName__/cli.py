"""Command line: backup, list, verify, restore, prune, failover, metrics, demo."""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from . import __version__
from .backups import (
    IntegrityError,
    LocalBackup,
    backup_files,
    backup_sqlite,
    restore_files,
    restore_sqlite,
)
from .clock import utc_now
from .config import STORAGES, Settings
from .demo import run_demo
from .failover import FailoverPolicy, PostgresNode, Route53Dns, command_fencer, run_failover
from .manifest import KINDS, BackupManifest
from .metrics import render_metrics
from .postgres import CommandError, backup_postgres, restore_postgres
from .retention import RetentionPolicy, apply_retention
from .storage import (
    LocalDirectoryTarget,
    S3Target,
    StorageTarget,
    fetch_backup,
    find_backup,
    list_backups,
    record_verification,
    store_backup,
)
from .verify import verify_backup


def build_target(settings: Settings) -> StorageTarget:
    """The configured storage target (credentials for S3 come from the AWS chain)."""
    if settings.storage == "s3":
        import boto3

        return S3Target(boto3.client("s3"), settings.s3_bucket, settings.s3_prefix)
    return LocalDirectoryTarget(settings.backup_dir)


def _parser(settings: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Disaster recovery automation: backups, verification, restore, "
        "retention and failover."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--storage", choices=STORAGES, default=settings.storage)
    parser.add_argument("--backup-dir", type=Path, default=settings.backup_dir)
    parser.add_argument("--bucket", default=settings.s3_bucket, help="S3 bucket")
    parser.add_argument("--prefix", default=settings.s3_prefix, help="S3 key prefix")
    sub = parser.add_subparsers(dest="command", required=True)

    backup = sub.add_parser("backup", help="back up a database or a path and store it")
    backup.add_argument("--kind", choices=KINDS, default=settings.database)
    backup.add_argument("source", nargs="?", help="SQLite file, PostgreSQL URL or path")

    sub.add_parser("list", help="list stored backups")

    verify = sub.add_parser("verify", help="checksum + test restore of a backup")
    verify.add_argument("backup_id", nargs="?", default="latest")
    verify.add_argument(
        "--scratch-url",
        default=settings.scratch_database_url,
        help="PostgreSQL server URL used to create a scratch database",
    )

    restore = sub.add_parser("restore", help="restore a backup")
    restore.add_argument("backup_id", nargs="?", default="latest")
    restore.add_argument("--to", dest="to", help="SQLite file, PostgreSQL URL or directory")
    restore.add_argument("--force", action="store_true", help="replace existing data")

    prune = sub.add_parser("prune", help="grandfather-father-son retention")
    for name, default in (("daily", 7), ("weekly", 4), ("monthly", 12), ("keep-last", 1)):
        prune.add_argument(f"--{name}", type=int, default=default)
    prune.add_argument("--dry-run", action="store_true")

    failover = sub.add_parser("failover", help="PostgreSQL failover runbook with Route 53")
    failover.add_argument("--primary-url", required=True)
    failover.add_argument("--standby-url", required=True)
    failover.add_argument("--standby-endpoint", required=True, help="new DNS value")
    failover.add_argument("--zone-id", required=True, help="Route 53 hosted zone id")
    failover.add_argument("--record", required=True, help="e.g. db.example.com")
    failover.add_argument("--attempts", type=int, default=3)
    failover.add_argument("--interval", type=float, default=5.0)
    failover.add_argument("--ttl", type=int, default=60)
    failover.add_argument(
        "--fence-command",
        required=True,
        help="command (no shell) that makes the old primary unable to accept writes, e.g. "
        "'aws ec2 stop-instances --instance-ids i-0abc'; gets the node name appended; "
        "promotion happens only after it exits 0",
    )

    metrics = sub.add_parser("metrics", help="Prometheus textfile metrics of stored backups")
    metrics.add_argument("--output", type=Path, help="write here instead of stdout")

    demo = sub.add_parser("demo", help="run the whole cycle on a bundled sample database")
    demo.add_argument("--workdir", type=Path, help="keep the demo files here")
    return parser


def _cmd_backup(args: argparse.Namespace, settings: Settings, target: StorageTarget) -> int:
    with tempfile.TemporaryDirectory(prefix="dr-backup-") as tmp:
        staging = Path(tmp)
        backup: LocalBackup
        if args.kind == "sqlite":
            backup = backup_sqlite(Path(args.source or settings.sqlite_path), staging)
        elif args.kind == "postgres":
            url = args.source or settings.database_url
            if not url:
                print("error: give a PostgreSQL URL or set DATABASE_URL", file=sys.stderr)
                return 2
            backup = backup_postgres(url, staging)
        else:
            if not args.source:
                print("error: files backups need a path", file=sys.stderr)
                return 2
            backup = backup_files(Path(args.source), staging)
        store_backup(target, backup)
    m = backup.manifest
    print(f"{m.backup_id}  {m.size_bytes} bytes  sha256 {m.sha256}  -> {target.description}")
    return 0


def _backups(target: StorageTarget) -> list[BackupManifest]:
    """Every usable backup; skipped (forged or damaged) manifests are named on stderr."""
    problems: list[str] = []
    backups = list_backups(target, problems)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    return backups


def _find(target: StorageTarget, backup_id: str) -> BackupManifest:
    return find_backup(_backups(target), backup_id, target.description)


def _cmd_list(target: StorageTarget) -> int:
    backups = _backups(target)
    for m in backups:
        print(f"{m.backup_id:<28} {m.created_at:%Y-%m-%d %H:%M:%S}  {m.size_bytes:>10}  {m.source}")
    print(f"{len(backups)} backup(s) on {target.description}")
    return 0


def _cmd_verify(args: argparse.Namespace, target: StorageTarget) -> int:
    manifest = _find(target, args.backup_id)
    with tempfile.TemporaryDirectory(prefix="dr-verify-") as tmp:
        try:
            backup = fetch_backup(target, manifest, Path(tmp))
        except IntegrityError as exc:
            print(f"FAIL {manifest.backup_id}: {exc}")
            return 1
        result = verify_backup(backup, postgres_server_url=args.scratch_url)
    if result.ok:
        record_verification(target, manifest, utc_now())
    print(f"{'PASS' if result.ok else 'FAIL'} {result.backup_id}: {result.message}")
    return 0 if result.ok else 1


def _cmd_restore(args: argparse.Namespace, settings: Settings, target: StorageTarget) -> int:
    manifest = _find(target, args.backup_id)
    if manifest.kind == "files" and not args.to:
        print("error: files restores need --to DIRECTORY (never the current one)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="dr-restore-") as tmp:
        try:
            # Downloads to a fixed name and checks size + SHA-256 before anything else.
            backup = fetch_backup(target, manifest, Path(tmp))
        except IntegrityError as exc:
            print(f"refusing to restore: {exc}", file=sys.stderr)
            return 1
        if manifest.kind == "sqlite":
            dest = str(args.to or settings.sqlite_path)
            counts = restore_sqlite(backup.artifact, Path(dest), overwrite=args.force)
        elif manifest.kind == "postgres":
            url = args.to or settings.database_url
            if not url:
                print("error: give --to URL or set DATABASE_URL", file=sys.stderr)
                return 2
            dest = str(url)
            counts = restore_postgres(backup.artifact, dest, clean=args.force)
        else:
            dest = str(args.to)
            counts = restore_files(backup.artifact, Path(dest), overwrite=args.force)
    summary = ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
    print(f"restored {manifest.backup_id} -> {dest}: {summary}")
    return 0


def _cmd_prune(args: argparse.Namespace, target: StorageTarget) -> int:
    policy = RetentionPolicy(args.daily, args.weekly, args.monthly, args.keep_last)
    plan = apply_retention(target, policy, dry_run=args.dry_run)
    verb = "would delete" if args.dry_run else "deleted"
    for m in plan.delete:
        print(f"{verb} {m.backup_id}")
    print(f"kept {len(plan.keep)}, {verb} {len(plan.delete)}")
    return 0


def _cmd_failover(args: argparse.Namespace) -> int:
    import boto3

    primary = PostgresNode("primary", args.primary_url, endpoint="")
    standby = PostgresNode("standby", args.standby_url, endpoint=args.standby_endpoint)
    dns = Route53Dns(boto3.client("route53"), args.zone_id)
    policy = FailoverPolicy(
        health_attempts=args.attempts, interval_seconds=args.interval, dns_ttl=args.ttl
    )
    fence = command_fencer(shlex.split(args.fence_command))
    report = run_failover(primary, standby, dns, args.record, policy=policy, fence=fence)
    for step in report.steps:
        print(f"{step.at:%H:%M:%S} {step.action:<12} {step.detail}")
    print(report.summary())
    return 0 if report.failed_over or not report.detected_at else 1


def main(argv: Sequence[str] | None = None) -> int:
    settings = Settings.from_env()
    args = _parser(settings).parse_args(argv)
    settings = Settings(
        database=settings.database,
        storage=args.storage,
        backup_dir=args.backup_dir,
        s3_bucket=args.bucket,
        s3_prefix=args.prefix,
        sqlite_path=settings.sqlite_path,
        database_url=settings.database_url,
        scratch_database_url=settings.scratch_database_url,
    )
    if args.command == "demo":
        return run_demo(sys.stdout, args.workdir)
    target = build_target(settings)
    try:
        if args.command == "failover":
            return _cmd_failover(args)
        if args.command == "backup":
            return _cmd_backup(args, settings, target)
        if args.command == "list":
            return _cmd_list(target)
        if args.command == "verify":
            return _cmd_verify(args, target)
        if args.command == "restore":
            return _cmd_restore(args, settings, target)
        if args.command == "prune":
            return _cmd_prune(args, target)
        text = render_metrics(_backups(target), utc_now())
        if args.output:
            args.output.write_text(text, encoding="utf-8")
        else:
            print(text, end="")
        return 0
    except (
        LookupError,
        FileNotFoundError,
        FileExistsError,
        CommandError,
        IntegrityError,
        ValueError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except NoCredentialsError:
        print(
            "error: no AWS credentials (S3 storage, Route 53 failover): set AWS_PROFILE "
            "(aws sso login) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use --storage local",
            file=sys.stderr,
        )
        return 1
    except (BotoCoreError, ClientError) as exc:
        print(f"error: {target.description}: {exc}", file=sys.stderr)
        return 1
