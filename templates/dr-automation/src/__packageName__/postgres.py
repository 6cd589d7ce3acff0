"""PostgreSQL backups with ``pg_dump --format=custom`` and restores with ``pg_restore``.

The client tools are run as subprocesses with fixed argument lists (never a shell).
Credentials come from the URL or, better, from libpq's own sources: ``PGPASSWORD``,
``~/.pgpass`` or a service file, so no password ends up in a manifest.
"""

from __future__ import annotations

import contextlib
import secrets
import subprocess
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

from .backups import IntegrityError, LocalBackup
from .clock import Clock, utc_now
from .manifest import build_manifest, new_backup_id, redact_url

# One query, exact counts: query_to_xml runs a COUNT(*) per user table.
ROW_COUNTS_SQL = """
SELECT table_schema || '.' || table_name,
       (xpath('/row/c/text()',
              query_to_xml(format('SELECT count(*) AS c FROM %I.%I',
                                  table_schema, table_name), false, true, '')))[1]::text
FROM information_schema.tables
WHERE table_type = 'BASE TABLE'
  AND table_schema NOT IN ('pg_catalog', 'information_schema')
ORDER BY 1
"""


class CommandError(RuntimeError):
    """A client tool exited non-zero or could not be started."""


class CommandRunner(Protocol):
    """Runs an argv list and returns its standard output."""

    def __call__(self, argv: Sequence[str]) -> str: ...


def run_command(argv: Sequence[str]) -> str:
    """Default runner: ``subprocess.run`` without a shell; raises CommandError."""
    try:
        # Fixed argv list built by this module, no shell involved.
        proc = subprocess.run(  # noqa: S603
            list(argv), capture_output=True, text=True, check=False, timeout=3600
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CommandError(f"{argv[0]}: {exc}") from exc
    if proc.returncode != 0:
        raise CommandError(f"{argv[0]} exited {proc.returncode}: {proc.stderr.strip()}")
    return proc.stdout


def _runner(runner: CommandRunner | None) -> CommandRunner:
    return runner if runner is not None else run_command


def psql(url: str, sql: str, *, runner: CommandRunner | None = None) -> list[list[str]]:
    """Run one SQL statement with ``psql`` and return rows as lists of strings."""
    out = _runner(runner)(
        ["psql", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-At", "-F", "|", "-c", sql, url]
    )
    return [line.split("|") for line in out.splitlines() if line]


def postgres_row_counts(url: str, *, runner: CommandRunner | None = None) -> dict[str, int]:
    """``schema.table`` → exact row count for every user table."""
    return {row[0]: int(row[1]) for row in psql(url, ROW_COUNTS_SQL, runner=runner)}


class Snapshot(Protocol):
    """An open transaction whose snapshot other sessions (pg_dump) can adopt."""

    snapshot_id: str

    def query(self, sql: str) -> list[list[str]]: ...


SnapshotOpener = Callable[[str], AbstractContextManager[Snapshot]]
_END = "__dr_end_of_result__"


class PsqlSnapshot:
    """A ``psql`` session holding ``BEGIN ISOLATION LEVEL REPEATABLE READ`` open.

    ``pg_export_snapshot()`` names the transaction's snapshot; ``pg_dump --snapshot``
    dumps exactly that state, and queries in this session see it too (PostgreSQL docs,
    "Snapshot Synchronization Functions"). The snapshot lives while the session does.
    """

    def __init__(self, url: str) -> None:
        try:
            # Fixed argv, no shell; psql comes from PATH like pg_dump; SQL goes to stdin.
            self._proc = subprocess.Popen(  # noqa: S603
                ["psql", "--no-psqlrc", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-F", "|", url],  # noqa: S607
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        except OSError as exc:
            raise CommandError(f"psql: {exc}") from exc
        self.snapshot_id = ""
        rows = self.query(
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot()"
        )
        self.snapshot_id = rows[-1][0] if rows and rows[-1] else ""
        if not self.snapshot_id:
            raise CommandError("psql: pg_export_snapshot() returned nothing")

    def query(self, sql: str) -> list[list[str]]:
        stdin, stdout = self._proc.stdin, self._proc.stdout
        if stdin is None or stdout is None:  # pragma: no cover - Popen(PIPE) sets both
            raise CommandError("psql: no pipes")
        try:
            stdin.write(f"{sql.strip().rstrip(';')};\n\\echo {_END}\n")
            stdin.flush()
        except BrokenPipeError:
            pass  # psql exited; its stderr says why
        rows: list[list[str]] = []
        for line in stdout:
            if line.rstrip("\n") == _END:
                return rows
            if line.strip():
                rows.append(line.rstrip("\n").split("|"))
        detail = self._proc.stderr.read().strip() if self._proc.stderr else ""
        self.close()
        raise CommandError(f"psql exited {self._proc.returncode}: {detail}")

    def close(self) -> None:
        if self._proc.poll() is None and self._proc.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                self._proc.stdin.write("COMMIT;\n\\q\n")
                self._proc.stdin.close()
        try:
            self._proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        for stream in (self._proc.stdin, self._proc.stdout, self._proc.stderr):
            if stream is not None:
                with contextlib.suppress(BrokenPipeError):
                    stream.close()


@contextmanager
def exported_snapshot(url: str) -> Iterator[Snapshot]:
    session = PsqlSnapshot(url)
    try:
        yield session
    finally:
        session.close()


def backup_postgres(
    url: str,
    dest_dir: Path,
    *,
    clock: Clock = utc_now,
    runner: CommandRunner | None = None,
    open_snapshot: SnapshotOpener = exported_snapshot,
) -> LocalBackup:
    """``pg_dump --format=custom`` of one database, plus its manifest.

    The row counts and the dump come from one exported snapshot, so a database that
    is written to during the backup still verifies: counting first and dumping later
    would record rows the dump does not hold (or miss ones it does).
    """
    dest_dir.mkdir(parents=True, exist_ok=True)
    created_at = clock()
    backup_id = new_backup_id("postgres", created_at, redact_url(url))
    artifact = dest_dir / f"{backup_id}.dump"
    with open_snapshot(url) as snapshot:
        counts = {row[0]: int(row[1]) for row in snapshot.query(ROW_COUNTS_SQL)}
        _runner(runner)(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot.snapshot_id}",
                f"--file={artifact}",
                f"--dbname={url}",
            ]
        )
    if not artifact.is_file():
        raise CommandError(f"pg_dump reported success but wrote no file at {artifact}")
    manifest = build_manifest(
        kind="postgres",
        source=redact_url(url),
        artifact=artifact,
        created_at=created_at,
        backup_id=backup_id,
        details=counts,
    )
    return LocalBackup(artifact, manifest)


def restore_postgres(
    artifact: Path,
    url: str,
    *,
    clean: bool = False,
    runner: CommandRunner | None = None,
) -> dict[str, int]:
    """``pg_restore`` a custom-format dump into ``url``; returns the restored row counts.

    With ``clean=True`` existing objects are dropped first (``--clean --if-exists``).
    """
    argv = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
    if clean:
        argv += ["--clean", "--if-exists"]
    argv += [f"--dbname={url}", str(artifact)]
    _runner(runner)(argv)
    return postgres_row_counts(url, runner=runner)


def with_database(url: str, database: str) -> str:
    """The same server URL pointing at another database name."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))


@contextmanager
def scratch_database(
    url: str, *, runner: CommandRunner | None = None, prefix: str = "dr_scratch"
) -> Iterator[str]:
    """Create a throw-away database on the server of ``url``; drop it afterwards.

    ``url`` must point to an existing database the role can connect to and the role
    needs CREATEDB. Yields the scratch database's URL.
    """
    name = f"{prefix}_{secrets.token_hex(4)}"
    # template0: never has connections (template1 may) and is what pg_restore expects.
    psql(url, f'CREATE DATABASE "{name}" TEMPLATE template0', runner=runner)
    try:
        yield with_database(url, name)
    finally:
        psql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', runner=runner)


def verify_postgres_restore(
    artifact: Path,
    expected: dict[str, int],
    server_url: str,
    *,
    runner: CommandRunner | None = None,
) -> dict[str, int]:
    """Restore into a scratch database on ``server_url`` and compare row counts."""
    with scratch_database(server_url, runner=runner) as scratch_url:
        counts = restore_postgres(artifact, scratch_url, runner=runner)
    if counts != expected:
        raise IntegrityError(f"restored row counts {counts} differ from manifest {expected}")
    return counts
