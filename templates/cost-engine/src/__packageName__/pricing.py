"""The bundled, dated price table and the arithmetic that turns it into monthly costs.

All prices are USD list prices; ``data/prices.json`` records the date and the source.
Only the regions and instance families in that file can be priced: anything else
raises :class:`PriceNotFoundError` and the analyzer reports it as a note instead of
guessing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .bundled import read_bundled
from .models import Volume

_SIZES = ("nano", "micro", "small", "medium", "large", "xlarge")
_MULTI_XLARGE = re.compile(r"^(\d+)xlarge$")


class PriceNotFoundError(LookupError):
    """The price table has no entry for this region / resource kind."""


def size_rank(size: str) -> float:
    """Order instance sizes: nano < micro < ... < large < xlarge < 2xlarge < 4xlarge."""
    if size in _SIZES:
        return float(_SIZES.index(size))
    match = _MULTI_XLARGE.match(size)
    if match:
        return _SIZES.index("xlarge") + float(match.group(1))
    raise ValueError(f"unknown instance size {size!r}")


@dataclass(frozen=True)
class RegionPrices:
    ec2_hourly: dict[str, float]
    ebs_gb_month: dict[str, float]
    ebs_iops_month: dict[str, float]
    #: io2 IOPS tiers as ``[up_to, usd_per_iops_month]``, ``up_to`` None for the last.
    #: AWS EBS pricing (as of 2025-01-15, us-east-1): $0.065 up to 32,000 IOPS, $0.0455
    #: for 32,001-64,000, $0.032 above 64,000; see ``io2_iops_tiers_source`` in prices.json.
    io2_iops_tiers: list[tuple[int | None, float]]
    gp3_free_iops: int
    gp3_throughput_mbps_month: float
    gp3_free_throughput_mbps: int
    snapshot_gb_month: float
    public_ipv4_hourly: float
    load_balancer_hourly: dict[str, float]


@dataclass(frozen=True)
class PriceTable:
    as_of: str
    source: str
    hours_per_month: int
    regions: dict[str, RegionPrices]

    def region(self, region: str) -> RegionPrices:
        try:
            return self.regions[region]
        except KeyError:
            raise PriceNotFoundError(f"no prices for region {region}") from None

    def instance_monthly(self, region: str, instance_type: str) -> float:
        hourly = self.region(region).ec2_hourly.get(instance_type)
        if hourly is None:
            raise PriceNotFoundError(f"no price for {instance_type} in {region}")
        return hourly * self.hours_per_month

    def next_smaller_type(self, region: str, instance_type: str) -> str | None:
        """The largest priced size of the same family that is smaller, if any."""
        family, _, size = instance_type.partition(".")
        current = size_rank(size)
        candidates = [
            (size_rank(other_size), name)
            for name in self.region(region).ec2_hourly
            for other_family, _, other_size in [name.partition(".")]
            if other_family == family and size_rank(other_size) < current
        ]
        return max(candidates)[1] if candidates else None

    def volume_monthly(self, volume: Volume) -> float:
        prices = self.region(volume.region)
        per_gb = prices.ebs_gb_month.get(volume.volume_type)
        if per_gb is None:
            raise PriceNotFoundError(
                f"no price for {volume.volume_type} volumes in {volume.region}"
            )
        cost = volume.size_gb * per_gb
        iops_price = prices.ebs_iops_month.get(volume.volume_type, 0.0)
        iops = volume.iops or 0
        if volume.volume_type == "io2":
            cost += _tiered(iops, prices.io2_iops_tiers)
        elif volume.volume_type == "gp3":
            # gp3 includes a baseline of IOPS and throughput; only the excess is billed.
            cost += max(iops - prices.gp3_free_iops, 0) * iops_price
            extra_mbps = max((volume.throughput or 0) - prices.gp3_free_throughput_mbps, 0)
            cost += extra_mbps * prices.gp3_throughput_mbps_month
        else:
            cost += iops * iops_price
        return cost

    def snapshot_monthly(self, region: str, size_gb: int) -> float:
        return size_gb * self.region(region).snapshot_gb_month

    def public_ip_monthly(self, region: str) -> float:
        return self.region(region).public_ipv4_hourly * self.hours_per_month

    def load_balancer_monthly(self, region: str, lb_type: str) -> float:
        hourly = self.region(region).load_balancer_hourly.get(lb_type)
        if hourly is None:
            raise PriceNotFoundError(f"no price for {lb_type} load balancers in {region}")
        return hourly * self.hours_per_month


def _tiered(quantity: int, tiers: list[tuple[int | None, float]]) -> float:
    """Price ``quantity`` units where each tier's price applies to the units inside it."""
    cost, lower = 0.0, 0
    for upper, price in tiers:
        top = quantity if upper is None else min(quantity, upper)
        if top > lower:
            cost += (top - lower) * price
        if upper is None or quantity <= upper:
            break
        lower = upper
    return cost


def _region(values: dict[str, Any]) -> RegionPrices:
    tiers = [
        (None if upper is None else int(upper), float(price))
        for upper, price in values["io2_iops_tiers"]
    ]
    return RegionPrices(**{**values, "io2_iops_tiers": tiers})


def parse_price_table(raw: dict[str, Any]) -> PriceTable:
    if raw.get("currency") != "USD":
        raise ValueError("the price table must be in USD")
    regions = {name: _region(values) for name, values in raw["regions"].items()}
    return PriceTable(
        as_of=str(raw["as_of"]),
        source=str(raw["source"]),
        hours_per_month=int(raw["hours_per_month"]),
        regions=regions,
    )


def load_price_table(path: Path | None = None) -> PriceTable:
    """Load a price table from ``path``, or the one bundled with the package."""
    text = read_bundled("prices.json") if path is None else path.read_text(encoding="utf-8")
    return parse_price_table(json.loads(text))
