"""Runtime settings from the environment (see .env.example), with generated defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .defaults import DEFAULT_DATABASE, DEFAULT_S3_BUCKET, DEFAULT_S3_PREFIX, DEFAULT_STORAGE

DATABASES = ("sqlite", "postgres")
STORAGES = ("local", "s3")


@dataclass(frozen=True)
class Settings:
    database: str = DEFAULT_DATABASE
    storage: str = DEFAULT_STORAGE
    backup_dir: Path = Path("backups")
    s3_bucket: str = DEFAULT_S3_BUCKET
    s3_prefix: str = DEFAULT_S3_PREFIX
    sqlite_path: Path = Path("data/app.sqlite3")
    database_url: str | None = None
    scratch_database_url: str | None = None

    def __post_init__(self) -> None:
        if self.database not in DATABASES:
            raise ValueError(f"DR_DATABASE must be one of {DATABASES}, not {self.database!r}")
        if self.storage not in STORAGES:
            raise ValueError(f"DR_STORAGE must be one of {STORAGES}, not {self.storage!r}")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        database_url = env.get("DATABASE_URL") or None
        return cls(
            database=env.get("DR_DATABASE", DEFAULT_DATABASE),
            storage=env.get("DR_STORAGE", DEFAULT_STORAGE),
            backup_dir=Path(env.get("DR_BACKUP_DIR", "backups")),
            s3_bucket=env.get("DR_S3_BUCKET", DEFAULT_S3_BUCKET),
            s3_prefix=env.get("DR_S3_PREFIX", DEFAULT_S3_PREFIX),
            sqlite_path=Path(env.get("DR_SQLITE_PATH", "data/app.sqlite3")),
            database_url=database_url,
            scratch_database_url=env.get("DR_SCRATCH_DATABASE_URL") or database_url,
        )
