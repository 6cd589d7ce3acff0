"""SQLite and file/directory backups, with restore and inspection helpers."""

from __future__ import annotations

import os
import sqlite3
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from .clock import Clock, utc_now
from .manifest import BackupManifest, build_manifest, new_backup_id


@dataclass(frozen=True)
class LocalBackup:
    """An artifact and its manifest, side by side in one local directory."""

    artifact: Path
    manifest: BackupManifest

    @property
    def manifest_path(self) -> Path:
        return self.artifact.parent / self.manifest.manifest_name


class IntegrityError(Exception):
    """A backup or a restored copy is not what its manifest promised."""


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_row_counts(path: Path) -> dict[str, int]:
    """Row count of every user table; raises IntegrityError if the file is damaged."""
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            (status,) = conn.execute("PRAGMA integrity_check").fetchone()
            if status != "ok":
                raise IntegrityError(f"integrity_check failed: {status}")
            names = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master "
                    "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            counts: dict[str, int] = {}
            for name in names:
                # The identifier comes from sqlite_master and is quoted, not user input.
                query = f"SELECT COUNT(*) FROM {_quote_identifier(name)}"  # noqa: S608
                counts[name] = int(conn.execute(query).fetchone()[0])
            return counts
    except sqlite3.DatabaseError as exc:
        raise IntegrityError(f"{path.name} is not a readable SQLite database: {exc}") from exc


def backup_sqlite(source: Path, dest_dir: Path, *, clock: Clock = utc_now) -> LocalBackup:
    """Online, consistent copy of a SQLite database with the sqlite3 backup API."""
    if not source.is_file():
        raise FileNotFoundError(f"SQLite database not found: {source}")
    dest_dir.mkdir(parents=True, exist_ok=True)
    created_at = clock()
    backup_id = new_backup_id("sqlite", created_at)
    artifact = dest_dir / f"{backup_id}.sqlite3"
    src_uri = source.resolve().as_uri() + "?mode=ro"
    with (
        closing(sqlite3.connect(src_uri, uri=True)) as src,
        closing(sqlite3.connect(artifact)) as dst,
    ):
        # A staging copy: it is hashed and uploaded next, so skip the journal and fsyncs.
        dst.execute("PRAGMA journal_mode = OFF")
        dst.execute("PRAGMA synchronous = OFF")
        src.backup(dst)
    manifest = build_manifest(
        kind="sqlite",
        source=str(source),
        artifact=artifact,
        created_at=created_at,
        backup_id=backup_id,
        details=sqlite_row_counts(artifact),
    )
    return LocalBackup(artifact, manifest)


def restore_sqlite(artifact: Path, target: Path, *, overwrite: bool = False) -> dict[str, int]:
    """Restore a SQLite backup to ``target`` atomically; returns the restored row counts."""
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} exists; pass overwrite=True to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        src_uri = artifact.resolve().as_uri() + "?mode=ro"
        try:
            with (
                closing(sqlite3.connect(src_uri, uri=True)) as src,
                closing(sqlite3.connect(tmp)) as dst,
            ):
                src.backup(dst)
        except sqlite3.DatabaseError as exc:
            raise IntegrityError(
                f"{artifact.name} is not a readable SQLite database: {exc}"
            ) from exc
        counts = sqlite_row_counts(tmp)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return counts


def _tree_stats(root: Path) -> dict[str, int]:
    files = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def backup_files(source: Path, dest_dir: Path, *, clock: Clock = utc_now) -> LocalBackup:
    """Archive a file or directory as tar.gz (symlinks are stored, not followed)."""
    if not source.exists():
        raise FileNotFoundError(f"path not found: {source}")
    dest_dir.mkdir(parents=True, exist_ok=True)
    created_at = clock()
    backup_id = new_backup_id("files", created_at)
    artifact = dest_dir / f"{backup_id}.tar.gz"
    with tarfile.open(artifact, "w:gz") as tar:
        tar.add(source, arcname=source.name)
    manifest = build_manifest(
        kind="files",
        source=str(source),
        artifact=artifact,
        created_at=created_at,
        backup_id=backup_id,
        details=_tree_stats(source),
    )
    return LocalBackup(artifact, manifest)


def restore_files(artifact: Path, dest_dir: Path) -> dict[str, int]:
    """Extract a tar.gz backup into ``dest_dir`` with the safe ``data`` filter.

    The filter refuses absolute paths, ``..`` and links pointing outside ``dest_dir``.
    Returns the number of files and bytes restored.
    """
    dest_dir.mkdir(parents=True, exist_ok=True)
    with tarfile.open(artifact, "r:gz") as tar:
        members = tar.getmembers()
        tar.extractall(dest_dir, filter="data")
    roots = {Path(m.name).parts[0] for m in members if m.name}
    stats = {"files": 0, "bytes": 0}
    for root in sorted(roots):
        for key, value in _tree_stats(dest_dir / root).items():
            stats[key] += value
    return stats
