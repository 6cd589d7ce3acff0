"""SQLite and file/directory backups, with restore and inspection helpers."""

from __future__ import annotations

import os
import sqlite3
import stat
import tarfile
import tempfile
import zlib
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from .clock import Clock, utc_now
from .manifest import BackupManifest, build_manifest, new_backup_id
from .safe_tar import RestoreStats, UnsafeArchiveError, extract


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
    backup_id = new_backup_id("sqlite", created_at, str(source))
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
    """Regular files, their bytes and symlinks under ``root``, never following a link."""
    files = size = links = 0
    paths = [root] if not root.is_dir() or root.is_symlink() else [root, *root.rglob("*")]
    for path in paths:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            links += 1
        elif stat.S_ISREG(info.st_mode):
            files += 1
            size += info.st_size
    return RestoreStats(files, size, links).as_details()


def _unrestorable(source: Path) -> list[str]:
    """Entries a restore could not reproduce inside its destination, with the reason."""
    problems = []
    root = source.parent
    paths = [source] if not source.is_dir() or source.is_symlink() else [source, *source.rglob("*")]
    for path in paths:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            target = path.readlink()
            inside = os.path.normpath(path.parent.relative_to(root) / target)
            if target.is_absolute() or inside == ".." or inside.startswith("../"):
                problems.append(f"{path} -> {target} points outside {source}")
        elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            problems.append(f"{path} is a special file (socket, FIFO or device)")
    return problems


class UnrestorableSourceError(ValueError):
    """The source holds entries a restore could not reproduce faithfully."""


def backup_files(source: Path, dest_dir: Path, *, clock: Clock = utc_now) -> LocalBackup:
    """Archive a file or directory as tar.gz; symlinks are stored as symlinks.

    Refused before anything is written: symlinks leaving the backed-up tree (absolute
    ones included: restored elsewhere they would point at the live system) and special
    files, since a restore could not bring them back inside its destination.
    """
    if not source.exists() and not source.is_symlink():
        raise FileNotFoundError(f"path not found: {source}")
    problems = _unrestorable(source)
    if problems:
        shown = "; ".join(problems[:10])
        raise UnrestorableSourceError(
            f"cannot back up {source} so that it restores: {shown} "
            "(make links relative and inside the tree, or back up their target)"
        )
    dest_dir.mkdir(parents=True, exist_ok=True)
    created_at = clock()
    backup_id = new_backup_id("files", created_at, str(source))
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


def restore_files(artifact: Path, dest_dir: Path, *, overwrite: bool = False) -> dict[str, int]:
    """Extract a tar.gz backup into ``dest_dir`` after checking every member (safe_tar).

    Existing paths are replaced only with ``overwrite=True``. Returns files/bytes restored.
    """
    try:
        with tarfile.open(artifact, "r:gz") as tar:
            return extract(tar, dest_dir, overwrite=overwrite).as_details()
    except UnsafeArchiveError as exc:
        raise IntegrityError(str(exc)) from exc
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise IntegrityError(f"{artifact.name} is not a readable archive: {exc}") from exc
