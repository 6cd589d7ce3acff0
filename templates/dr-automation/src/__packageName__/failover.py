"""Failover runbook: health-check the primary, promote the standby, switch DNS, report.

RPO (data lost) = moment the failure was detected - newest moment the standby is known
to hold all of the primary's data (see PostgresNode.last_transaction_at), or the newest
backup when the standby cannot tell.
RTO (downtime) = moment the DNS change is INSYNC on every authoritative server + the old
record's TTL (resolvers may serve the old address that long) - moment of detection.
The old primary is fenced before the standby is promoted: two writable primaries
(split brain) lose data no RPO figure shows.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from .clock import UTC, Clock, utc_now
from .postgres import CommandError, CommandRunner, psql, run_command

if TYPE_CHECKING:
    from mypy_boto3_route53 import Route53Client
    from mypy_boto3_route53.literals import RRTypeType


class DatabaseNode(Protocol):
    """A database server that can be health-checked and promoted."""

    @property
    def name(self) -> str: ...

    @property
    def endpoint(self) -> str:
        """Host name or IP address clients should use for this node."""
        ...

    def is_healthy(self) -> bool: ...

    def promote(self) -> None: ...

    def last_transaction_at(self) -> datetime | None:
        """Commit time of the newest data this node has, if it can tell."""
        ...


class DnsProvider(Protocol):
    def current_value(self, record: str) -> str | None: ...

    def switch(self, record: str, value: str, ttl: int) -> int:
        """Change the record, wait until it is live; returns the *old* TTL in seconds."""
        ...


Fencer = Callable[[DatabaseNode], None]
"""Makes sure a node can no longer accept writes (stop its VM, revoke its network, ...);
raises if that cannot be confirmed."""


@dataclass(frozen=True)
class FailoverPolicy:
    health_attempts: int = 3
    interval_seconds: float = 5.0
    promote_timeout_seconds: float = 60.0
    dns_ttl: int = 60
    rpo_target_seconds: float = 300.0
    rto_target_seconds: float = 900.0

    def __post_init__(self) -> None:
        if self.health_attempts < 1:
            raise ValueError("health_attempts must be >= 1")


@dataclass(frozen=True)
class Step:
    at: datetime
    action: str
    detail: str


@dataclass
class FailoverReport:
    record: str
    failed_over: bool = False
    outcome: str = ""
    steps: list[Step] = field(default_factory=list)
    detected_at: datetime | None = None
    recovered_at: datetime | None = None
    rpo_seconds: float | None = None
    rto_seconds: float | None = None
    rpo_target_seconds: float = 0.0
    rto_target_seconds: float = 0.0

    @property
    def rpo_met(self) -> bool | None:
        return None if self.rpo_seconds is None else self.rpo_seconds <= self.rpo_target_seconds

    @property
    def rto_met(self) -> bool | None:
        return None if self.rto_seconds is None else self.rto_seconds <= self.rto_target_seconds

    def summary(self) -> str:
        def fmt(value: float | None, met: bool | None, target: float) -> str:
            if value is None:
                return "unknown"
            verdict = "met" if met else "MISSED"
            return f"{value:.1f}s (target {target:.0f}s, {verdict})"

        return (
            f"{self.outcome}; RPO {fmt(self.rpo_seconds, self.rpo_met, self.rpo_target_seconds)}"
            f"; RTO {fmt(self.rto_seconds, self.rto_met, self.rto_target_seconds)}"
        )


def run_failover(
    primary: DatabaseNode,
    standby: DatabaseNode,
    dns: DnsProvider,
    record: str,
    *,
    policy: FailoverPolicy | None = None,
    clock: Clock = utc_now,
    sleep: Callable[[float], None] = time.sleep,
    last_backup_at: datetime | None = None,
    fence: Fencer,
) -> FailoverReport:
    """Run the runbook once. Fails over only if the primary fails every health check
    and has been fenced."""
    policy = policy or FailoverPolicy()
    report = FailoverReport(
        record=record,
        rpo_target_seconds=policy.rpo_target_seconds,
        rto_target_seconds=policy.rto_target_seconds,
    )

    def log(action: str, detail: str) -> datetime:
        now = clock()
        report.steps.append(Step(now, action, detail))
        return now

    for attempt in range(1, policy.health_attempts + 1):
        healthy = primary.is_healthy()
        at = log("health-check", f"{primary.name} attempt {attempt}: {_word(healthy)}")
        if healthy:
            report.outcome = f"primary {primary.name} is healthy; no failover"
            return report
        if report.detected_at is None:
            report.detected_at = at
        if attempt < policy.health_attempts:
            sleep(policy.interval_seconds)
    detected_at = report.detected_at or clock()

    if not standby.is_healthy():
        log("abort", f"standby {standby.name} is unhealthy too; manual recovery needed")
        report.outcome = "failover aborted: standby unhealthy"
        return report

    newest_data = standby.last_transaction_at() or last_backup_at
    if newest_data is not None:
        report.rpo_seconds = max(0.0, (detected_at - newest_data).total_seconds())
    try:
        fence(primary)
    except Exception as exc:  # any failure to fence: never promote into a split brain
        log("abort", f"could not fence {primary.name}: {exc}")
        report.outcome = "failover aborted: old primary not fenced"
        return report
    log("fence", f"{primary.name} fenced (cannot accept writes)")
    log("promote", f"promoting {standby.name}")
    standby.promote()
    waited = 0.0
    while not standby.is_healthy():
        if waited >= policy.promote_timeout_seconds:
            log("abort", f"{standby.name} not healthy {waited:.0f}s after promotion")
            report.outcome = "failover aborted: promotion did not complete"
            return report
        sleep(policy.interval_seconds)
        waited += policy.interval_seconds
    log("promoted", f"{standby.name} accepts connections")

    previous = dns.current_value(record)
    old_ttl = dns.switch(record, standby.endpoint, policy.dns_ttl)
    insync = log("dns", f"{record}: {previous} -> {standby.endpoint} (INSYNC)")
    # Resolvers that cached the old answer keep it for up to its TTL.
    report.recovered_at = insync + timedelta(seconds=old_ttl)
    report.steps.append(
        Step(report.recovered_at, "dns-ttl", f"old answer expires from caches (TTL {old_ttl}s)")
    )
    report.rto_seconds = (report.recovered_at - detected_at).total_seconds()
    report.failed_over = True
    report.outcome = f"failed over from {primary.name} to {standby.name}"
    return report


def _word(healthy: bool) -> str:
    return "healthy" if healthy else "UNHEALTHY"


CAUGHT_UP_SQL = (
    "SELECT extract(epoch FROM pg_last_xact_replay_timestamp()), "
    "extract(epoch FROM (SELECT last_msg_receipt_time FROM pg_stat_wal_receiver)), "
    "pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()"
)


def command_fencer(argv: list[str], runner: CommandRunner | None = None) -> Fencer:
    """A Fencer running ``argv`` (no shell), e.g. ``aws ec2 stop-instances ...``.

    The command must exit 0 only once the old primary can no longer accept writes.
    """

    def fence(node: DatabaseNode) -> None:
        (runner or run_command)([*argv, node.name])

    return fence


class PostgresNode:
    """A PostgreSQL server reached with ``psql`` (health: ``SELECT 1``)."""

    def __init__(
        self, name: str, url: str, endpoint: str, *, runner: CommandRunner | None = None
    ) -> None:
        self._name = name
        self._endpoint = endpoint
        self.url = url
        self.runner = runner

    @property
    def name(self) -> str:
        return self._name

    @property
    def endpoint(self) -> str:
        return self._endpoint

    def is_healthy(self) -> bool:
        try:
            return psql(self.url, "SELECT 1", runner=self.runner) == [["1"]]
        except CommandError:
            return False

    def promote(self) -> None:
        """``pg_promote()`` waits up to 60 s; a no-op error if already a primary."""
        rows = psql(self.url, "SELECT pg_promote(true, 60)", runner=self.runner)
        if rows != [["t"]]:
            raise CommandError(f"pg_promote on {self.name} returned {rows}")

    def last_transaction_at(self) -> datetime | None:
        """Newest moment this standby provably had everything the primary sent.

        ``pg_last_xact_replay_timestamp()`` alone overstates RPO on an idle primary (no
        commits for an hour is not an hour of lost data). When everything received is
        replayed, the last message from the primary (``pg_stat_wal_receiver``; primaries
        send keepalives while idle) is a later, still safe bound.
        """
        rows = psql(self.url, CAUGHT_UP_SQL, runner=self.runner)
        row = rows[0] if rows else []
        replayed, receipt, caught_up = [*row, "", "", ""][:3]
        times = [float(replayed)] if replayed else []
        if caught_up == "t" and receipt:
            times.append(float(receipt))
        return datetime.fromtimestamp(max(times), tz=UTC) if times else None


class Route53Dns:
    """Points a record of a Route 53 hosted zone at a new value (UPSERT)."""

    def __init__(self, client: Route53Client, hosted_zone_id: str) -> None:
        self.client = client
        self.hosted_zone_id = hosted_zone_id

    @staticmethod
    def _fqdn(record: str) -> str:
        return record if record.endswith(".") else record + "."

    @staticmethod
    def record_type(value: str) -> RRTypeType:
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return "CNAME"
        return "A" if address.version == 4 else "AAAA"

    def current_value(self, record: str) -> str | None:
        fqdn = self._fqdn(record)
        response = self.client.list_resource_record_sets(
            HostedZoneId=self.hosted_zone_id, StartRecordName=fqdn, MaxItems="10"
        )
        for record_set in response["ResourceRecordSets"]:
            if record_set["Name"] == fqdn and record_set["Type"] in ("A", "AAAA", "CNAME"):
                values = record_set.get("ResourceRecords", [])
                return values[0]["Value"] if values else None
        return None

    def current_ttl(self, record: str) -> int:
        fqdn = self._fqdn(record)
        response = self.client.list_resource_record_sets(
            HostedZoneId=self.hosted_zone_id, StartRecordName=fqdn, MaxItems="10"
        )
        for record_set in response["ResourceRecordSets"]:
            if record_set["Name"] == fqdn and record_set["Type"] in ("A", "AAAA", "CNAME"):
                return int(record_set.get("TTL", 0))
        return 0

    def switch(self, record: str, value: str, ttl: int) -> int:
        """UPSERT, then wait until Route 53 reports the change INSYNC; returns the old TTL."""
        old_ttl = self.current_ttl(record)
        change = self.client.change_resource_record_sets(
            HostedZoneId=self.hosted_zone_id,
            ChangeBatch={
                "Comment": "dr-automation failover",
                "Changes": [
                    {
                        "Action": "UPSERT",
                        "ResourceRecordSet": {
                            "Name": self._fqdn(record),
                            "Type": self.record_type(value),
                            "TTL": ttl,
                            "ResourceRecords": [{"Value": value}],
                        },
                    }
                ],
            },
        )
        # PENDING -> INSYNC once every Route 53 authoritative server answers the new value.
        self.client.get_waiter("resource_record_sets_changed").wait(
            Id=change["ChangeInfo"]["Id"], WaiterConfig={"Delay": 5, "MaxAttempts": 60}
        )
        return old_ttl
