"""Versioned model registry: the Protocol, the artefact format and the local backend.

Local layout (the default backend)::

    <root>/registry.db                      SQLite index of every version
    <root>/models/<name>/v<N>/model.joblib  the serialised estimator
    <root>/models/<name>/v<N>/metadata.json the same metadata, human-readable

Models are serialised with joblib (pickle underneath). Unpickling runs code, so a
registry is code: whoever can write to it can run anything as whoever serves from it.
Two guards follow from that:

- the local registry only opens a directory owned by the current user that no group or
  other user can write (and refuses entries owned by someone else, or symbolic links),
  and creates it private (0700);
- every artefact's SHA-256 is recorded at registration and verified before the bytes
  are deserialised (this catches corruption and tampering of the artefact, not a
  compromised index: hence the ownership checks).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol, cast

import joblib

from .training import Predictor

_NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class RegistryError(RuntimeError):
    """Base class for registry failures."""


class ModelNotFoundError(RegistryError, LookupError):
    """The requested model or version is not registered."""


class ChecksumMismatchError(RegistryError):
    """The stored artefact does not match the checksum recorded at registration."""


class UnsafeRegistryError(RegistryError):
    """The registry (or one of its files) could be written by someone else: not loaded."""


def check_private(path: Path) -> None:
    """Refuse ``path`` unless this user owns it and no group/other user can write it.

    A registry someone else can write is code someone else can run (pickles), so this
    runs before anything in it is read. Symbolic links are refused: they could point
    at a file the attacker controls.
    """
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        msg = f"refusing registry entry {path}: it is a symbolic link"
        raise UnsafeRegistryError(msg)
    uid = os.geteuid()
    if info.st_uid != uid:
        msg = (
            f"refusing registry entry {path}: {path.name} is owned by uid {info.st_uid}, not"
            f" by you (uid {uid}); a registry is code, use a directory of your own"
        )
        raise UnsafeRegistryError(msg)
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        msg = (
            f"refusing registry entry {path}: it is writable by group or others"
            f" (mode {stat.S_IMODE(info.st_mode):o}); run `chmod go-w {path}`"
        )
        raise UnsafeRegistryError(msg)


@dataclass(frozen=True)
class ModelCard:
    """What is known about a model when it is registered."""

    dataset: str
    feature_names: tuple[str, ...]
    target_names: tuple[str, ...]
    metrics: dict[str, float]
    params: dict[str, str]


@dataclass(frozen=True)
class ModelVersion:
    """One registered version of a named model."""

    name: str
    version: int
    sha256: str
    uri: str
    created_at: str
    card: ModelCard

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class ModelRegistry(Protocol):
    """What the pipeline and the server need from any registry backend."""

    def register(self, name: str, model: Predictor, card: ModelCard) -> ModelVersion: ...

    def get(self, name: str, version: int) -> ModelVersion: ...

    def latest(self, name: str) -> ModelVersion: ...

    def list_versions(self, name: str) -> list[ModelVersion]: ...

    def load(self, name: str, version: int) -> Predictor: ...


def validate_name(name: str) -> str:
    """Model names become folder names: keep them to a safe character set."""
    if not _NAME_PATTERN.fullmatch(name):
        msg = f"invalid model name {name!r}: use letters, digits, '.', '_' and '-'"
        raise ValueError(msg)
    return name


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def serialize_model(model: Predictor) -> bytes:
    """Serialise a model this project trained to joblib bytes."""
    buffer = io.BytesIO()
    joblib.dump(model, buffer)
    return buffer.getvalue()


def deserialize_model(data: bytes, expected_sha256: str) -> Predictor:
    """Verify the checksum, then deserialise exactly the bytes that were verified."""
    actual = sha256_hex(data)
    if actual != expected_sha256:
        msg = f"checksum mismatch: expected {expected_sha256}, got {actual}"
        raise ChecksumMismatchError(msg)
    # joblib.load unpickles (bandit B301 / ruff S301 class of risk). Accepted here:
    # the bytes come from this project's own registry and match the recorded SHA-256.
    return cast(Predictor, joblib.load(io.BytesIO(data)))


def utc_now() -> str:
    """ISO 8601 UTC timestamp, e.g. ``2026-01-31T12:00:00Z``."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def card_to_json(card: ModelCard) -> str:
    return json.dumps(asdict(card), sort_keys=True)


def card_from_json(raw: str) -> ModelCard:
    data = json.loads(raw)
    return ModelCard(
        dataset=str(data["dataset"]),
        feature_names=tuple(str(f) for f in data["feature_names"]),
        target_names=tuple(str(t) for t in data["target_names"]),
        metrics={str(k): float(v) for k, v in data["metrics"].items()},
        params={str(k): str(v) for k, v in data["params"].items()},
    )


def check_parent(path: Path) -> None:
    """Refuse a registry whose parent lets others rename it away and plant their own.

    A parent others can write is fine only with the sticky bit (as ``/tmp`` has): then
    only the owner may rename or remove what is inside.
    """
    parent = path.resolve().parent
    mode = parent.stat().st_mode
    if mode & (stat.S_IWGRP | stat.S_IWOTH) and not mode & stat.S_ISVTX:
        msg = (
            f"refusing registry {path}: its parent {parent} is writable by others without"
            " the sticky bit, so anyone could swap the registry; move it elsewhere"
        )
        raise UnsafeRegistryError(msg)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS model_versions (
    name       TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    sha256     TEXT    NOT NULL,
    path       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    card       TEXT    NOT NULL,
    PRIMARY KEY (name, version)
)
"""


class LocalRegistry:
    """Filesystem artefacts plus a SQLite index; safe for several local processes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        if not root.exists():
            root.mkdir(parents=True, mode=0o700)
        check_private(root)
        check_parent(root)
        for entry in (root / "models", root / ".gitignore", root / "registry.db"):
            if entry.exists() or entry.is_symlink():
                check_private(entry)
        # Like .venv and .pytest_cache: binary artefacts never end up in a commit by accident.
        ignore = root / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by the model registry.\n*\n", encoding="utf-8")
        self.db_path = root / "registry.db"
        with self._connect() as conn:
            # WAL lets `serve` read while `train` registers; NORMAL sync is crash-safe in WAL.
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if self.db_path.exists():
            check_private(self.db_path)
        conn = sqlite3.connect(self.db_path, timeout=10, isolation_level=None)
        conn.execute("PRAGMA synchronous=NORMAL")
        try:
            yield conn
        finally:
            conn.close()

    def register(self, name: str, model: Predictor, card: ModelCard) -> ModelVersion:
        validate_name(name)
        data = serialize_model(model)
        digest = sha256_hex(data)
        created_at = utc_now()
        with self._connect() as conn:
            # BEGIN IMMEDIATE takes the write lock before reading MAX(version), so two
            # concurrent registrations can never get the same version number.
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute(
                    "SELECT COALESCE(MAX(version), 0) FROM model_versions WHERE name = ?",
                    (name,),
                ).fetchone()
                version = int(row[0]) + 1
                folder = self._fresh_folder(name, version)
                try:
                    entry = self._write_version(
                        folder, name, version, data, digest, created_at, card
                    )
                except BaseException:
                    # Never leave a folder the index does not know: it would block vN forever.
                    shutil.rmtree(folder, ignore_errors=True)
                    raise
                conn.execute(
                    "INSERT INTO model_versions (name, version, sha256, path, created_at, card)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        name,
                        version,
                        digest,
                        str(folder / "model.joblib"),
                        created_at,
                        card_to_json(card),
                    ),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return entry

    def _fresh_folder(self, name: str, version: int) -> Path:
        """``models/<name>/v<N>``, setting aside what a crashed registration left there."""
        models = self.root / "models"
        models.mkdir(mode=0o700, exist_ok=True)
        parent = models / name
        parent.mkdir(mode=0o700, exist_ok=True)
        check_private(parent)
        folder = parent / f"v{version}"
        if folder.exists() or folder.is_symlink():
            # No index row points here (we hold the write lock): a crash's leftover.
            stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
            folder.rename(parent / f"v{version}.orphaned-{stamp}-{os.getpid()}")
        folder.mkdir(mode=0o700)
        return folder

    def _write_version(
        self,
        folder: Path,
        name: str,
        version: int,
        data: bytes,
        digest: str,
        created_at: str,
        card: ModelCard,
    ) -> ModelVersion:
        artefact = folder / "model.joblib"
        artefact.write_bytes(data)
        entry = ModelVersion(
            name=name,
            version=version,
            sha256=digest,
            uri=artefact.as_uri(),
            created_at=created_at,
            card=card,
        )
        (folder / "metadata.json").write_text(
            json.dumps(entry.to_dict(), indent=2, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        return entry

    def _row_to_version(self, row: tuple[Any, ...]) -> ModelVersion:
        name, version, digest, path, created_at, card = row
        return ModelVersion(
            name=str(name),
            version=int(version),
            sha256=str(digest),
            uri=Path(path).as_uri(),
            created_at=str(created_at),
            card=card_from_json(str(card)),
        )

    def _fetch(self, name: str, version: int) -> tuple[ModelVersion, Path]:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT name, version, sha256, path, created_at, card FROM model_versions"
                " WHERE name = ? AND version = ?",
                (name, version),
            ).fetchone()
        if row is None:
            msg = f"model {name!r} version {version} is not registered"
            raise ModelNotFoundError(msg)
        # Built from the root, never taken from the index: an artefact lives in its folder.
        path = self.root / "models" / validate_name(name) / f"v{version}" / "model.joblib"
        return self._row_to_version(row), path

    def get(self, name: str, version: int) -> ModelVersion:
        return self._fetch(name, version)[0]

    def list_versions(self, name: str) -> list[ModelVersion]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT name, version, sha256, path, created_at, card FROM model_versions"
                " WHERE name = ? ORDER BY version",
                (name,),
            ).fetchall()
        return [self._row_to_version(row) for row in rows]

    def latest(self, name: str) -> ModelVersion:
        versions = self.list_versions(name)
        if not versions:
            msg = f"model {name!r} has no registered versions"
            raise ModelNotFoundError(msg)
        return versions[-1]

    def load(self, name: str, version: int) -> Predictor:
        entry, path = self._fetch(name, version)
        # The artefact and every folder up to the root must be ours before unpickling.
        for checked in (path, path.parent, path.parent.parent):
            check_private(checked)
        return deserialize_model(path.read_bytes(), entry.sha256)
