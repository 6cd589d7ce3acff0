"""Backup manifests: what was backed up, when, and the SHA-256 of the artifact."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from .clock import UTC

BackupKind = Literal["sqlite", "postgres", "files"]
KINDS: tuple[BackupKind, ...] = ("sqlite", "postgres", "files")
MANIFEST_VERSION = 1
MANIFEST_SUFFIX = ".manifest.json"
_CHUNK = 1024 * 1024


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks so large backups do not fill memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def new_backup_id(kind: BackupKind, created_at: datetime, source: str) -> str:
    """A sortable id such as ``sqlite-20240102T030405Z-1a2b3c4d``.

    The suffix is a hash of the (redacted) source, so two sources backed up in the same
    second get different ids; one source twice in a second is refused by store_backup.
    """
    tag = hashlib.sha256(source.encode("utf-8")).hexdigest()[:8]
    return f"{kind}-{created_at.astimezone(UTC):%Y%m%dT%H%M%SZ}-{tag}"


# Names become file names and object keys, so they must be plain names: no separators,
# no leading dot (hidden files, "." and ".."), nothing a shell or URL would reinterpret.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


def plain_name(value: str, what: str) -> str:
    """``value`` if it is a safe single path component; ValueError naming ``what`` if not."""
    if not _PLAIN_NAME.fullmatch(value) or ".." in value:
        raise ValueError(f"{what} {value!r} is not a plain name ([A-Za-z0-9._-], no '..')")
    return value


def redact_url(url: str) -> str:
    """Remove the password from a database URL before it is written anywhere."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    netloc = f"{parts.username}:***@{host}" if parts.username else f"***@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


@dataclass(frozen=True)
class BackupManifest:
    """Describes one backup artifact; stored next to it as ``<id>.manifest.json``."""

    backup_id: str
    kind: BackupKind
    source: str
    created_at: datetime
    artifact: str
    size_bytes: int
    sha256: str
    details: Mapping[str, int] = field(default_factory=dict)
    version: int = MANIFEST_VERSION

    @property
    def manifest_name(self) -> str:
        return f"{self.backup_id}{MANIFEST_SUFFIX}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "backup_id": self.backup_id,
            "kind": self.kind,
            "source": self.source,
            "created_at": self.created_at.astimezone(UTC).isoformat(),
            "artifact": self.artifact,
            "size_bytes": self.size_bytes,
            "sha256": self.sha256,
            "details": dict(self.details),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BackupManifest:
        kind = data["kind"]
        if kind not in KINDS:
            raise ValueError(f"unknown backup kind {kind!r}")
        version = int(data.get("version", MANIFEST_VERSION))
        if version > MANIFEST_VERSION:
            raise ValueError(f"manifest version {version} is newer than supported")
        created_at = datetime.fromisoformat(str(data["created_at"]))
        if created_at.tzinfo is None:
            raise ValueError("created_at must carry a timezone")
        details = {str(k): int(v) for k, v in dict(data.get("details", {})).items()}
        backup_id = plain_name(str(data["backup_id"]), "backup_id")
        artifact = plain_name(str(data["artifact"]), "artifact")
        if not artifact.startswith(f"{backup_id}."):
            raise ValueError(f"artifact {artifact!r} does not belong to backup {backup_id!r}")
        return cls(
            backup_id=backup_id,
            kind=kind,
            source=str(data["source"]),
            created_at=created_at,
            artifact=artifact,
            size_bytes=int(data["size_bytes"]),
            sha256=str(data["sha256"]),
            details=details,
            version=version,
        )

    @classmethod
    def from_json(cls, text: str) -> BackupManifest:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a manifest must be a JSON object")
        return cls.from_dict(data)


def build_manifest(
    *,
    kind: BackupKind,
    source: str,
    artifact: Path,
    created_at: datetime,
    backup_id: str,
    details: Mapping[str, int] | None = None,
) -> BackupManifest:
    """Hash ``artifact`` and write its manifest beside it."""
    manifest = BackupManifest(
        backup_id=backup_id,
        kind=kind,
        source=source,
        created_at=created_at,
        artifact=artifact.name,
        size_bytes=artifact.stat().st_size,
        sha256=sha256_file(artifact),
        details=dict(details or {}),
    )
    write_manifest(manifest, artifact.parent)
    return manifest


def write_manifest(manifest: BackupManifest, directory: Path) -> Path:
    path = directory / manifest.manifest_name
    path.write_text(manifest.to_json(), encoding="utf-8")
    return path


def read_manifest(path: Path) -> BackupManifest:
    return BackupManifest.from_json(path.read_text(encoding="utf-8"))
