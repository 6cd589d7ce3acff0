"""Checks that turn an inventory into priced recommendations.

Every check is a pure function of the inventory, the price table and the policy, so
it is tested without AWS. A resource the price table cannot price becomes a note in
the report instead of a made-up number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .models import (
    Category,
    ElasticIp,
    Instance,
    Inventory,
    LoadBalancer,
    Recommendation,
    Snapshot,
    Volume,
)
from .pricing import PriceNotFoundError, PriceTable


@dataclass(frozen=True)
class Policy:
    """Thresholds that decide what counts as waste."""

    #: Downsize when average CPU is below this (percent) ...
    cpu_average_below: float = 10.0
    #: ... and the peak stays below this (percent), so the smaller size still fits.
    cpu_peak_below: float = 40.0
    #: Snapshots older than this (days) that back no AMI are deletion candidates.
    snapshot_max_age_days: int = 90
    #: A load balancer with fewer requests/flows than this over the look-back is idle.
    idle_lb_requests: float = 100.0


@dataclass
class Analysis:
    recommendations: list[Recommendation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _name(tags: dict[str, str]) -> str:
    return tags.get("Name", "")


class Analyzer:
    def __init__(self, prices: PriceTable, policy: Policy | None = None) -> None:
        self.prices = prices
        self.policy = policy or Policy()
        self.notes: list[str] = []

    def analyze(self, inventory: Inventory) -> Analysis:
        """Run every check; recommendations come back sorted by savings, largest first."""
        self.notes = []
        recommendations = [
            *self.rightsizing(inventory.instances, inventory.lookback_days),
            *self.unattached_volumes(inventory.volumes),
            *self.unassociated_addresses(inventory.addresses),
            *self.old_snapshots(
                inventory.snapshots, inventory.image_snapshot_ids, inventory.collected_at
            ),
            *self.idle_load_balancers(inventory.load_balancers, inventory.lookback_days),
        ]
        recommendations.sort(key=lambda r: (-r.estimated_monthly_savings, r.resource_id))
        return Analysis(recommendations=recommendations, notes=list(self.notes))

    def rightsizing(self, instances: list[Instance], lookback_days: int) -> list[Recommendation]:
        found = []
        for instance in instances:
            if instance.state != "running":
                continue
            if instance.cpu is None or instance.cpu.datapoints == 0:
                self.notes.append(f"{instance.id}: no CPU datapoints, rightsizing skipped")
                continue
            cpu = instance.cpu
            if cpu.average >= self.policy.cpu_average_below:
                continue
            if cpu.peak >= self.policy.cpu_peak_below:
                continue
            try:
                smaller = self.prices.next_smaller_type(instance.region, instance.instance_type)
                current = self.prices.instance_monthly(instance.region, instance.instance_type)
            except (PriceNotFoundError, ValueError) as error:
                self.notes.append(f"{instance.id}: {error}; rightsizing not priced")
                continue
            if smaller is None:
                continue  # already the smallest size we know: nothing to recommend
            target = self.prices.instance_monthly(instance.region, smaller)
            found.append(
                Recommendation(
                    category=Category.RIGHTSIZING,
                    resource_id=instance.id,
                    region=instance.region,
                    action=f"downsize {instance.instance_type} -> {smaller}",
                    reason=(
                        f"avg CPU {cpu.average:.1f}%, peak {cpu.peak:.1f}% "
                        f"over {lookback_days} days"
                    ),
                    current_monthly_cost=current,
                    estimated_monthly_savings=current - target,
                    name=_name(instance.tags),
                )
            )
        return found

    def unattached_volumes(self, volumes: list[Volume]) -> list[Recommendation]:
        found = []
        for volume in volumes:
            if volume.state != "available":
                continue
            try:
                cost = self.prices.volume_monthly(volume)
            except PriceNotFoundError as error:
                self.notes.append(f"{volume.id}: {error}")
                continue
            found.append(
                Recommendation(
                    category=Category.UNATTACHED_VOLUME,
                    resource_id=volume.id,
                    region=volume.region,
                    action="snapshot if needed, then delete",
                    reason=f"{volume.size_gb} GiB {volume.volume_type} attached to nothing",
                    current_monthly_cost=cost,
                    estimated_monthly_savings=cost,
                    name=_name(volume.tags),
                )
            )
        return found

    def unassociated_addresses(self, addresses: list[ElasticIp]) -> list[Recommendation]:
        found = []
        for address in addresses:
            if address.association_id:
                continue
            try:
                cost = self.prices.public_ip_monthly(address.region)
            except PriceNotFoundError as error:
                self.notes.append(f"{address.allocation_id}: {error}")
                continue
            found.append(
                Recommendation(
                    category=Category.UNASSOCIATED_ADDRESS,
                    resource_id=address.allocation_id,
                    region=address.region,
                    action="release the Elastic IP",
                    reason=f"{address.public_ip} is not associated with anything",
                    current_monthly_cost=cost,
                    estimated_monthly_savings=cost,
                    name=_name(address.tags),
                )
            )
        return found

    def old_snapshots(
        self, snapshots: list[Snapshot], image_snapshot_ids: frozenset[str], now: datetime
    ) -> list[Recommendation]:
        found = []
        for snapshot in snapshots:
            age_days = (now - snapshot.start_time).days
            if age_days <= self.policy.snapshot_max_age_days:
                continue
            if snapshot.id in image_snapshot_ids:
                continue  # backs an AMI: deleting it would break the image
            try:
                cost = self.prices.snapshot_monthly(snapshot.region, snapshot.volume_size_gb)
            except PriceNotFoundError as error:
                self.notes.append(f"{snapshot.id}: {error}")
                continue
            found.append(
                Recommendation(
                    category=Category.OLD_SNAPSHOT,
                    resource_id=snapshot.id,
                    region=snapshot.region,
                    action="delete (or archive) the snapshot",
                    # Snapshots are incremental: the source volume size is an upper bound.
                    reason=f"{age_days} days old, up to {snapshot.volume_size_gb} GiB",
                    current_monthly_cost=cost,
                    estimated_monthly_savings=cost,
                    name=_name(snapshot.tags),
                )
            )
        return found

    def idle_load_balancers(
        self, load_balancers: list[LoadBalancer], lookback_days: int
    ) -> list[Recommendation]:
        found = []
        for lb in load_balancers:
            if lb.target_count == 0:
                reason = "no registered targets"
            elif lb.requests < self.policy.idle_lb_requests:
                unit = "requests" if lb.lb_type == "application" else "new flows"
                reason = f"{lb.requests:.0f} {unit} in {lookback_days} days"
            else:
                continue
            try:
                cost = self.prices.load_balancer_monthly(lb.region, lb.lb_type)
            except PriceNotFoundError as error:
                self.notes.append(f"{lb.name}: {error}")
                continue
            found.append(
                Recommendation(
                    category=Category.IDLE_LOAD_BALANCER,
                    resource_id=lb.name,
                    region=lb.region,
                    action=f"delete the idle {lb.lb_type} load balancer",
                    reason=reason,
                    current_monthly_cost=cost,
                    estimated_monthly_savings=cost,
                    name=_name(lb.tags),
                )
            )
        return found
