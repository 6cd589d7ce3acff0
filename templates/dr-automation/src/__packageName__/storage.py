"""Storage targets for backups behind one protocol: a local directory and Amazon S3."""

from __future__ import annotations

import base64
import binascii
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .backups import IntegrityError, LocalBackup
from .manifest import MANIFEST_SUFFIX, BackupManifest, sha256_file

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


class StorageTarget(Protocol):
    """Where backups live. Keys are flat names such as ``sqlite-20240101T000000Z.sqlite3``."""

    @property
    def description(self) -> str: ...

    def upload(self, path: Path, key: str, sha256: str) -> None:
        """Store ``path`` under ``key``; raise IntegrityError if the stored copy differs."""
        ...

    def download(self, key: str, dest: Path) -> Path: ...

    def read_bytes(self, key: str) -> bytes:
        """Small objects (manifests) without a temporary file."""
        ...

    def list_keys(self) -> list[str]: ...

    def delete(self, key: str) -> None: ...


class LocalDirectoryTarget:
    """Backups as files in one directory (a mounted NAS or second disk in real life)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def description(self) -> str:
        return f"local directory {self.root}"

    def _path(self, key: str) -> Path:
        if not key or "/" in key or "\\" in key or key.startswith("."):
            raise ValueError(f"invalid key {key!r}")
        return self.root / key

    def upload(self, path: Path, key: str, sha256: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        final = self._path(key)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{key}.", dir=self.root)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            shutil.copyfile(path, tmp)
            actual = sha256_file(tmp)
            if actual != sha256:
                raise IntegrityError(f"{key}: stored SHA-256 {actual} != expected {sha256}")
            tmp.replace(final)
        finally:
            tmp.unlink(missing_ok=True)

    def download(self, key: str, dest: Path) -> Path:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self._path(key), dest)
        return dest

    def read_bytes(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def list_keys(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(
            p.name for p in self.root.iterdir() if p.is_file() and not p.name.startswith(".")
        )

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class S3Target:
    """Backups as objects in an S3 bucket under ``prefix``.

    Every upload asks S3 for a SHA-256 checksum (S3 rejects a corrupted body) and
    reads the stored checksum back with ``head_object`` before trusting the copy.
    """

    def __init__(self, client: S3Client, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    @property
    def description(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def upload(self, path: Path, key: str, sha256: str) -> None:
        object_key = self.prefix + key
        with path.open("rb") as body:
            self.client.put_object(
                Bucket=self.bucket,
                Key=object_key,
                Body=body,
                ChecksumAlgorithm="SHA256",
                Metadata={"sha256": sha256},
            )
        head = self.client.head_object(Bucket=self.bucket, Key=object_key, ChecksumMode="ENABLED")
        stored = head.get("ChecksumSHA256")
        try:
            stored_hex = base64.b64decode(stored, validate=True).hex() if stored else None
        except binascii.Error:
            stored_hex = None
        if stored_hex != sha256:
            self.client.delete_object(Bucket=self.bucket, Key=object_key)
            raise IntegrityError(
                f"s3://{self.bucket}/{object_key}: stored SHA-256 {stored_hex} != {sha256}"
            )

    def download(self, key: str, dest: Path) -> Path:
        dest.parent.mkdir(parents=True, exist_ok=True)
        response = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)
        with dest.open("wb") as handle:
            shutil.copyfileobj(response["Body"], handle)
        return dest

    def read_bytes(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)["Body"].read()

    def list_keys(self) -> list[str]:
        names: list[str] = []
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
            for obj in page.get("Contents", []):
                name = obj["Key"][len(self.prefix) :]
                if name and "/" not in name:
                    names.append(name)
        return sorted(names)

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)


def store_backup(target: StorageTarget, backup: LocalBackup) -> None:
    """Upload the artifact, then the manifest: a listed backup is always complete.

    Refuses to overwrite an existing backup with the same id (ids have 1 s resolution).
    """
    if backup.manifest.manifest_name in target.list_keys():
        raise FileExistsError(f"backup {backup.manifest.backup_id} already exists")
    target.upload(backup.artifact, backup.manifest.artifact, backup.manifest.sha256)
    target.upload(
        backup.manifest_path, backup.manifest.manifest_name, sha256_file(backup.manifest_path)
    )


def list_backups(target: StorageTarget) -> list[BackupManifest]:
    """All complete backups on ``target``, oldest first."""
    manifests = [
        BackupManifest.from_json(target.read_bytes(key).decode("utf-8"))
        for key in target.list_keys()
        if key.endswith(MANIFEST_SUFFIX)
    ]
    return sorted(manifests, key=lambda m: (m.created_at, m.backup_id))


def find_backup(target: StorageTarget, backup_id: str) -> BackupManifest:
    """The manifest for ``backup_id``; ``latest`` picks the newest backup."""
    backups = list_backups(target)
    if backup_id == "latest":
        if not backups:
            raise LookupError(f"no backups on {target.description}")
        return backups[-1]
    for manifest in backups:
        if manifest.backup_id == backup_id:
            return manifest
    raise LookupError(f"backup {backup_id!r} not found on {target.description}")


def fetch_backup(target: StorageTarget, manifest: BackupManifest, dest_dir: Path) -> LocalBackup:
    """Download a backup's artifact and manifest into ``dest_dir``."""
    artifact = target.download(manifest.artifact, dest_dir / manifest.artifact)
    (dest_dir / manifest.manifest_name).write_text(manifest.to_json(), encoding="utf-8")
    return LocalBackup(artifact, manifest)


def delete_backup(target: StorageTarget, manifest: BackupManifest) -> None:
    """Delete the manifest first so a half-deleted backup is never listed."""
    target.delete(manifest.manifest_name)
    target.delete(manifest.artifact)
