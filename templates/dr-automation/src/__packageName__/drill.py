"""In-memory fakes for failover drills: a simulated clock, database nodes and DNS."""

from __future__ import annotations

from datetime import datetime, timedelta


class SimulatedClock:
    """A clock that only moves when ``sleep`` or ``advance`` is called."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class FakeNode:
    """A database node whose health and data position are set by the drill."""

    def __init__(
        self,
        name: str,
        endpoint: str,
        *,
        healthy: bool = True,
        last_transaction_at: datetime | None = None,
        clock: SimulatedClock | None = None,
        promote_seconds: float = 0.0,
        healthy_after_promote: bool = True,
    ) -> None:
        self._name = name
        self._endpoint = endpoint
        self.healthy = healthy
        self._last_transaction_at = last_transaction_at
        self.clock = clock
        self.promote_seconds = promote_seconds
        self.healthy_after_promote = healthy_after_promote
        self.promoted = False
        self.health_checks = 0

    @property
    def name(self) -> str:
        return self._name

    @property
    def endpoint(self) -> str:
        return self._endpoint

    def is_healthy(self) -> bool:
        self.health_checks += 1
        return self.healthy

    def promote(self) -> None:
        if self.clock is not None:
            self.clock.advance(self.promote_seconds)
        self.promoted = True
        self.healthy = self.healthy_after_promote

    def last_transaction_at(self) -> datetime | None:
        return self._last_transaction_at


class InMemoryDns:
    """A DNS zone as a dict; remembers every change."""

    def __init__(self, records: dict[str, str] | None = None, ttl: int = 0) -> None:
        self.records = dict(records or {})
        self.ttls: dict[str, int] = dict.fromkeys(self.records, ttl)
        self.changes: list[tuple[str, str, int]] = []

    def current_value(self, record: str) -> str | None:
        return self.records.get(record)

    def switch(self, record: str, value: str, ttl: int) -> int:
        old_ttl = self.ttls.get(record, 0)
        self.records[record] = value
        self.ttls[record] = ttl
        self.changes.append((record, value, ttl))
        return old_ttl
