"""Verify a backup: checksum first, then a real test restore into a scratch target."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .backups import IntegrityError, LocalBackup, restore_files, restore_sqlite
from .manifest import sha256_file
from .postgres import CommandError, CommandRunner, verify_postgres_restore


@dataclass(frozen=True)
class VerificationResult:
    backup_id: str
    checksum_ok: bool
    restore_ok: bool
    message: str
    restored: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.checksum_ok and self.restore_ok


def verify_backup(
    backup: LocalBackup,
    *,
    postgres_server_url: str | None = None,
    runner: CommandRunner | None = None,
) -> VerificationResult:
    """Check the SHA-256, then restore into a scratch database/directory and compare.

    SQLite backups are restored into a temporary file, file backups into a temporary
    directory; PostgreSQL backups need ``postgres_server_url`` (any database on a server
    where the role may CREATE DATABASE) to create and drop a scratch database.
    """
    manifest = backup.manifest
    actual = sha256_file(backup.artifact)
    if actual != manifest.sha256:
        return VerificationResult(
            manifest.backup_id,
            checksum_ok=False,
            restore_ok=False,
            message=f"checksum mismatch: manifest {manifest.sha256}, artifact {actual}",
        )
    expected = dict(manifest.details)
    try:
        with tempfile.TemporaryDirectory(prefix="dr-verify-") as tmp:
            if manifest.kind == "sqlite":
                restored = restore_sqlite(backup.artifact, Path(tmp) / "scratch.sqlite3")
            elif manifest.kind == "files":
                restored = restore_files(backup.artifact, Path(tmp))
            else:
                if postgres_server_url is None:
                    return VerificationResult(
                        manifest.backup_id,
                        checksum_ok=True,
                        restore_ok=False,
                        message="test restore needs a PostgreSQL server URL for a scratch db",
                    )
                restored = verify_postgres_restore(
                    backup.artifact, expected, postgres_server_url, runner=runner
                )
    except (IntegrityError, CommandError) as exc:
        return VerificationResult(
            manifest.backup_id, checksum_ok=True, restore_ok=False, message=str(exc)
        )
    except Exception as exc:  # any restore error is a failed verification, never a traceback
        return VerificationResult(
            manifest.backup_id,
            checksum_ok=True,
            restore_ok=False,
            message=f"test restore failed: {type(exc).__name__}: {exc}",
        )
    if restored != expected:
        return VerificationResult(
            manifest.backup_id,
            checksum_ok=True,
            restore_ok=False,
            message=f"restored {restored} but manifest says {expected}",
            restored=restored,
        )
    return VerificationResult(
        manifest.backup_id,
        checksum_ok=True,
        restore_ok=True,
        message="checksum ok, test restore matches manifest",
        restored=restored,
    )
