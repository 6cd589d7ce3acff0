"""Provider-neutral resource and recommendation models.

Collectors (AWS, the bundled sample, a future second cloud) all produce these, and the
analyzer only ever sees these: no boto3 types leak past ``collectors.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum


class Category(Enum):
    """Kind of waste a recommendation addresses; reports total savings per category."""

    RIGHTSIZING = "rightsizing"
    UNATTACHED_VOLUME = "unattached-volume"
    UNASSOCIATED_ADDRESS = "unassociated-address"
    OLD_SNAPSHOT = "old-snapshot"
    IDLE_LOAD_BALANCER = "idle-load-balancer"


@dataclass(frozen=True)
class CpuStats:
    """CPU utilisation of one instance over the look-back window, in percent."""

    average: float
    peak: float
    datapoints: int


@dataclass(frozen=True)
class Instance:
    id: str
    region: str
    instance_type: str
    state: str
    tags: dict[str, str] = field(default_factory=dict)
    cpu: CpuStats | None = None


@dataclass(frozen=True)
class Volume:
    id: str
    region: str
    volume_type: str
    size_gb: int
    state: str
    iops: int | None = None
    throughput: int | None = None
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ElasticIp:
    allocation_id: str
    region: str
    public_ip: str
    association_id: str | None = None
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Snapshot:
    id: str
    region: str
    volume_size_gb: int
    start_time: datetime
    description: str = ""
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadBalancer:
    arn: str
    name: str
    region: str
    lb_type: str
    target_count: int
    requests: float
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Inventory:
    """Everything one collection run found, plus when it ran (used for ages)."""

    collected_at: datetime
    lookback_days: int
    instances: list[Instance] = field(default_factory=list)
    volumes: list[Volume] = field(default_factory=list)
    addresses: list[ElasticIp] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)
    load_balancers: list[LoadBalancer] = field(default_factory=list)
    #: Snapshot ids that back a registered AMI: deleting them would break the image.
    image_snapshot_ids: frozenset[str] = frozenset()

    def merge(self, other: Inventory) -> Inventory:
        """Combine two inventories (e.g. two regions) into one."""
        return Inventory(
            collected_at=max(self.collected_at, other.collected_at),
            lookback_days=self.lookback_days,
            instances=[*self.instances, *other.instances],
            volumes=[*self.volumes, *other.volumes],
            addresses=[*self.addresses, *other.addresses],
            snapshots=[*self.snapshots, *other.snapshots],
            load_balancers=[*self.load_balancers, *other.load_balancers],
            image_snapshot_ids=self.image_snapshot_ids | other.image_snapshot_ids,
        )

    def only_tagged(self, required: dict[str, str]) -> Inventory:
        """Keep only resources carrying every ``key=value`` in ``required``."""

        def keep(tags: dict[str, str]) -> bool:
            return all(tags.get(key) == value for key, value in required.items())

        return Inventory(
            collected_at=self.collected_at,
            lookback_days=self.lookback_days,
            instances=[r for r in self.instances if keep(r.tags)],
            volumes=[r for r in self.volumes if keep(r.tags)],
            addresses=[r for r in self.addresses if keep(r.tags)],
            snapshots=[r for r in self.snapshots if keep(r.tags)],
            load_balancers=[r for r in self.load_balancers if keep(r.tags)],
            image_snapshot_ids=self.image_snapshot_ids,
        )


@dataclass(frozen=True)
class Recommendation:
    """One action, with what the resource costs now and what acting on it saves.

    Money is always in USD here; reports convert to the chosen currency.
    """

    category: Category
    resource_id: str
    region: str
    action: str
    reason: str
    current_monthly_cost: float
    estimated_monthly_savings: float
    name: str = ""

    @property
    def estimated_annual_savings(self) -> float:
        return self.estimated_monthly_savings * 12
