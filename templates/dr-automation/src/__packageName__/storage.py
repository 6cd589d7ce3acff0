"""Storage targets for backups behind one protocol: a local directory and Amazon S3."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .backups import IntegrityError, LocalBackup
from .manifest import MANIFEST_SUFFIX, BackupManifest, plain_name, sha256_file

# S3 allows at most 10,000 parts of 5 MiB .. 5 GiB; 64 MiB parts cover 640 GB.
MULTIPART_THRESHOLD = 64 * 1024 * 1024
PART_SIZE = 64 * 1024 * 1024
ARTIFACT_NAME = "artifact"

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import CompletedPartTypeDef


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
        # Always the storage root plus one plain name: a key can never leave the root.
        return self.root / plain_name(key, "key")

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

    def __init__(
        self,
        client: S3Client,
        bucket: str,
        prefix: str = "",
        *,
        multipart_threshold: int = MULTIPART_THRESHOLD,
        part_size: int = PART_SIZE,
    ) -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix
        self.multipart_threshold = multipart_threshold
        self.part_size = part_size

    def _key(self, key: str) -> str:
        return self.prefix + plain_name(key, "key")

    @property
    def description(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def upload(self, path: Path, key: str, sha256: str) -> None:
        object_key = self._key(key)
        if path.stat().st_size > self.multipart_threshold:
            expected = self._upload_multipart(path, object_key, sha256)
        else:
            with path.open("rb") as body:
                self.client.put_object(
                    Bucket=self.bucket,
                    Key=object_key,
                    Body=body,
                    ChecksumAlgorithm="SHA256",
                    Metadata={"sha256": sha256},
                )
            expected = base64.b64encode(bytes.fromhex(sha256)).decode("ascii")
        head = self.client.head_object(Bucket=self.bucket, Key=object_key, ChecksumMode="ENABLED")
        stored = str(head.get("ChecksumSHA256") or "")
        # A multipart object's checksum is composite: SHA-256 of the parts' SHA-256s, shown
        # with a "-<parts>" suffix. The whole file's SHA-256 stays in the manifest and is
        # checked again after every download, so the chain is end to end.
        if stored.split("-")[0] != expected.split("-")[0]:
            self.client.delete_object(Bucket=self.bucket, Key=object_key)
            raise IntegrityError(
                f"s3://{self.bucket}/{object_key}: stored SHA-256 {_hex(stored)} != {sha256}"
            )

    def _parts(self, path: Path) -> Iterator[bytes]:
        with path.open("rb") as handle:
            yield from iter(lambda: handle.read(self.part_size), b"")

    def _upload_multipart(self, path: Path, object_key: str, sha256: str) -> str:
        """Upload in parts, each with its own SHA-256; returns the expected composite."""
        upload_id = self.client.create_multipart_upload(
            Bucket=self.bucket,
            Key=object_key,
            ChecksumAlgorithm="SHA256",
            Metadata={"sha256": sha256},
        )["UploadId"]
        digests: list[bytes] = []
        parts: list[CompletedPartTypeDef] = []
        try:
            for number, chunk in enumerate(self._parts(path), start=1):
                digest = hashlib.sha256(chunk).digest()
                digests.append(digest)
                encoded = base64.b64encode(digest).decode("ascii")
                response = self.client.upload_part(
                    Bucket=self.bucket,
                    Key=object_key,
                    UploadId=upload_id,
                    PartNumber=number,
                    Body=chunk,
                    ChecksumAlgorithm="SHA256",
                    ChecksumSHA256=encoded,
                )
                parts.append(
                    {"PartNumber": number, "ETag": response["ETag"], "ChecksumSHA256": encoded}
                )
            self.client.complete_multipart_upload(
                Bucket=self.bucket,
                Key=object_key,
                UploadId=upload_id,
                MultipartUpload={"Parts": parts},
            )
        except BaseException:
            # An abandoned upload keeps its parts (and costs) until aborted.
            self.client.abort_multipart_upload(
                Bucket=self.bucket, Key=object_key, UploadId=upload_id
            )
            raise
        composite = hashlib.sha256(b"".join(digests)).digest()
        return f"{base64.b64encode(composite).decode('ascii')}-{len(digests)}"

    def download(self, key: str, dest: Path) -> Path:
        dest.parent.mkdir(parents=True, exist_ok=True)
        response = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        with dest.open("wb") as handle:
            shutil.copyfileobj(response["Body"], handle)
        return dest

    def read_bytes(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()

    def list_keys(self) -> list[str]:
        names: list[str] = []
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
            for obj in page.get("Contents", []):
                # Every field of a listed object is optional in the S3 API reference.
                name = obj.get("Key", "")[len(self.prefix) :]
                if name and "/" not in name:
                    names.append(name)
        return sorted(names)

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))


def _hex(checksum: str) -> str | None:
    try:
        return base64.b64decode(checksum.split("-")[0], validate=True).hex() if checksum else None
    except binascii.Error:
        return None


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


def list_backups(target: StorageTarget, problems: list[str] | None = None) -> list[BackupManifest]:
    """All complete, well-formed backups on ``target``, oldest first.

    A manifest that does not parse, or is stored under another name than its own id,
    is skipped (and described in ``problems``): one forged or damaged object must not
    stop every other restore.
    """
    manifests = []
    for key in target.list_keys():
        if not key.endswith(MANIFEST_SUFFIX):
            continue
        try:
            manifest = BackupManifest.from_json(target.read_bytes(key).decode("utf-8"))
            if manifest.manifest_name != key:
                raise ValueError(f"it describes {manifest.backup_id!r}")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            if problems is not None:
                problems.append(f"skipped manifest {key}: {exc}")
            continue
        manifests.append(manifest)
    return sorted(manifests, key=lambda m: (m.created_at, m.backup_id))


def find_backup(
    backups: StorageTarget | list[BackupManifest], backup_id: str, where: str = ""
) -> BackupManifest:
    """The manifest for ``backup_id``; ``latest`` picks the newest backup."""
    if not isinstance(backups, list):
        where = where or backups.description
        backups = list_backups(backups)
    if backup_id == "latest":
        if not backups:
            raise LookupError(f"no backups on {where}")
        return backups[-1]
    for manifest in backups:
        if manifest.backup_id == backup_id:
            return manifest
    raise LookupError(f"backup {backup_id!r} not found on {where}")


def fetch_backup(target: StorageTarget, manifest: BackupManifest, dest_dir: Path) -> LocalBackup:
    """Download a backup into ``dest_dir`` under fixed names and check size and SHA-256.

    Nothing in the manifest becomes a local path; a mismatching download is deleted and
    IntegrityError raised, so nothing unverified is ever extracted or restored.
    """
    BackupManifest.from_dict(manifest.to_dict())  # re-validate names of a hand-made object
    dest_dir.mkdir(parents=True, exist_ok=True)
    artifact = target.download(manifest.artifact, dest_dir / ARTIFACT_NAME)
    size = artifact.stat().st_size
    actual = sha256_file(artifact)
    if size != manifest.size_bytes or actual != manifest.sha256:
        artifact.unlink()
        raise IntegrityError(
            f"checksum mismatch for {manifest.backup_id}: manifest SHA-256 {manifest.sha256} "
            f"({manifest.size_bytes} bytes), downloaded {actual} ({size} bytes)"
        )
    backup = LocalBackup(artifact, manifest)
    backup.manifest_path.write_text(manifest.to_json(), encoding="utf-8")
    return backup


VERIFIED_SUFFIX = ".verified.json"


def record_verification(target: StorageTarget, manifest: BackupManifest, when: datetime) -> None:
    """Remember that a backup passed a test restore (retention never drops the last one)."""
    with tempfile.TemporaryDirectory(prefix="dr-verified-") as tmp:
        record = Path(tmp) / "record.json"
        record.write_text(json.dumps({"verified_at": when.isoformat()}) + "\n", encoding="utf-8")
        target.upload(record, manifest.backup_id + VERIFIED_SUFFIX, sha256_file(record))


def verified_ids(target: StorageTarget) -> set[str]:
    """Ids of backups with a recorded passing verification."""
    return {
        key.removesuffix(VERIFIED_SUFFIX)
        for key in target.list_keys()
        if key.endswith(VERIFIED_SUFFIX)
    }


def delete_backup(target: StorageTarget, manifest: BackupManifest) -> None:
    """Delete the manifest first so a half-deleted backup is never listed."""
    target.delete(manifest.manifest_name)
    target.delete(manifest.artifact)
    target.delete(manifest.backup_id + VERIFIED_SUFFIX)
