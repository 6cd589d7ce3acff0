"""Collectors: where the inventory comes from.

``Collector`` is the protocol the rest of the code depends on. ``AwsCollector`` reads a
region with boto3 (EC2, ELBv2) and takes its utilisation numbers from a
``MetricsSource`` (CloudWatch in production, a fake in tests). ``SampleCollector``
reads the bundled sample so the demo needs no account. A second cloud is one more
class with a ``collect()`` method.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

import boto3.session

from .bundled import read_bundled
from .clock import utc_now
from .models import (
    CpuStats,
    ElasticIp,
    Instance,
    Inventory,
    LoadBalancer,
    Snapshot,
    Volume,
)

if TYPE_CHECKING:
    from mypy_boto3_cloudwatch import CloudWatchClient
    from mypy_boto3_cloudwatch.type_defs import DimensionTypeDef
    from mypy_boto3_ec2 import EC2Client
    from mypy_boto3_ec2.type_defs import TagTypeDef
    from mypy_boto3_elbv2 import ElasticLoadBalancingv2Client
    from mypy_boto3_elbv2.type_defs import LoadBalancerTypeDef

DAY_SECONDS = 86_400
# AWS documents every field of a Describe* record as optional. A record without its id
# cannot be named in a recommendation, so it is skipped; any other missing field gets
# this value, which the analyzer treats as "do not recommend" (or notes as unpriced).
UNKNOWN = "unknown"
# Traffic metric per load balancer type: RequestCount for ALBs, new flows for NLBs.
_LB_TRAFFIC_METRIC = {
    "application": ("AWS/ApplicationELB", "RequestCount"),
    "network": ("AWS/NetworkELB", "NewFlowCount"),
    "gateway": ("AWS/GatewayELB", "NewFlowCount"),
}


class Collector(Protocol):
    def collect(self) -> Inventory: ...


class MetricsSource(Protocol):
    """Utilisation numbers for the look-back window ``[start, end)``."""

    def cpu_utilization(self, instance_id: str, start: datetime, end: datetime) -> CpuStats | None:
        """Average and peak CPU in percent, or ``None`` without datapoints."""
        ...

    def load_balancer_traffic(
        self, lb_arn: str, lb_type: str, start: datetime, end: datetime
    ) -> float:
        """Requests (ALB) or new flows (NLB/GWLB) summed over the window."""
        ...


def _tags(raw: Iterable[TagTypeDef] | None) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in raw or () if "Key" in t and "Value" in t}


def lb_metric_dimension(lb_arn: str) -> str:
    """``arn:...:loadbalancer/app/web/123`` -> ``app/web/123`` (CloudWatch's dimension)."""
    return lb_arn.split(":loadbalancer/", 1)[1]


class CloudWatchMetrics:
    """``MetricsSource`` backed by CloudWatch ``GetMetricStatistics`` (daily periods)."""

    def __init__(self, client: CloudWatchClient) -> None:
        self._client = client

    def cpu_utilization(self, instance_id: str, start: datetime, end: datetime) -> CpuStats | None:
        points = self._client.get_metric_statistics(
            Namespace="AWS/EC2",
            MetricName="CPUUtilization",
            Dimensions=[{"Name": "InstanceId", "Value": instance_id}],
            StartTime=start,
            EndTime=end,
            Period=DAY_SECONDS,
            Statistics=["Average", "Maximum"],
        )["Datapoints"]
        if not points:
            return None
        averages = [p.get("Average", 0.0) for p in points]
        return CpuStats(
            average=sum(averages) / len(averages),
            peak=max(p.get("Maximum", 0.0) for p in points),
            datapoints=len(points),
        )

    def load_balancer_traffic(
        self, lb_arn: str, lb_type: str, start: datetime, end: datetime
    ) -> float:
        namespace, metric = _LB_TRAFFIC_METRIC.get(lb_type, _LB_TRAFFIC_METRIC["application"])
        dimensions: list[DimensionTypeDef] = [
            {"Name": "LoadBalancer", "Value": lb_metric_dimension(lb_arn)}
        ]
        points = self._client.get_metric_statistics(
            Namespace=namespace,
            MetricName=metric,
            Dimensions=dimensions,
            StartTime=start,
            EndTime=end,
            Period=DAY_SECONDS,
            Statistics=["Sum"],
        )["Datapoints"]
        # No datapoints means no traffic: ELB metrics are only reported when non-zero.
        return sum(p.get("Sum", 0.0) for p in points)


class AwsCollector:
    """Collects one AWS region. Build one per region and ``Inventory.merge`` them."""

    def __init__(
        self,
        *,
        region: str,
        ec2: EC2Client,
        elbv2: ElasticLoadBalancingv2Client,
        metrics: MetricsSource,
        lookback_days: int = 14,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.region = region
        self._ec2 = ec2
        self._elbv2 = elbv2
        self._metrics = metrics
        self.lookback_days = lookback_days
        self._clock = clock

    def collect(self) -> Inventory:
        now = self._clock()
        start = now - timedelta(days=self.lookback_days)
        return Inventory(
            collected_at=now,
            lookback_days=self.lookback_days,
            instances=self.instances(start, now),
            volumes=self.volumes(),
            addresses=self.addresses(),
            snapshots=self.snapshots(),
            load_balancers=self.load_balancers(start, now),
            image_snapshot_ids=self.image_snapshot_ids(),
        )

    def instances(self, start: datetime, end: datetime) -> list[Instance]:
        """Running instances with their CPU statistics (rightsizing candidates)."""
        found: list[Instance] = []
        paginator = self._ec2.get_paginator("describe_instances")
        pages = paginator.paginate(Filters=[{"Name": "instance-state-name", "Values": ["running"]}])
        for page in pages:
            for reservation in page.get("Reservations", []):
                for raw in reservation.get("Instances", []):
                    instance_id = raw.get("InstanceId")
                    if instance_id is None:
                        continue
                    found.append(
                        Instance(
                            id=instance_id,
                            region=self.region,
                            instance_type=raw.get("InstanceType", UNKNOWN),
                            state=raw.get("State", {}).get("Name", UNKNOWN),
                            tags=_tags(raw.get("Tags")),
                            cpu=self._metrics.cpu_utilization(instance_id, start, end),
                        )
                    )
        return found

    def volumes(self) -> list[Volume]:
        found: list[Volume] = []
        for page in self._ec2.get_paginator("describe_volumes").paginate():
            for raw in page.get("Volumes", []):
                volume_id = raw.get("VolumeId")
                if volume_id is None:
                    continue
                found.append(
                    Volume(
                        id=volume_id,
                        region=self.region,
                        volume_type=raw.get("VolumeType", UNKNOWN),
                        size_gb=raw.get("Size", 0),
                        state=raw.get("State", UNKNOWN),
                        iops=raw.get("Iops"),
                        throughput=raw.get("Throughput"),
                        tags=_tags(raw.get("Tags")),
                    )
                )
        return found

    def addresses(self) -> list[ElasticIp]:
        return [
            ElasticIp(
                allocation_id=raw.get("AllocationId", raw.get("PublicIp", "")),
                region=self.region,
                public_ip=raw.get("PublicIp", ""),
                association_id=raw.get("AssociationId"),
                tags=_tags(raw.get("Tags")),
            )
            for raw in self._ec2.describe_addresses()["Addresses"]
        ]

    def snapshots(self) -> list[Snapshot]:
        found: list[Snapshot] = []
        # Without a start time the age is unknown: taken as new, so never called old.
        now = self._clock()
        pages = self._ec2.get_paginator("describe_snapshots").paginate(OwnerIds=["self"])
        for page in pages:
            for raw in page.get("Snapshots", []):
                snapshot_id = raw.get("SnapshotId")
                if snapshot_id is None:
                    continue
                found.append(
                    Snapshot(
                        id=snapshot_id,
                        region=self.region,
                        volume_size_gb=raw.get("VolumeSize", 0),
                        start_time=raw.get("StartTime", now),
                        description=raw.get("Description", ""),
                        tags=_tags(raw.get("Tags")),
                    )
                )
        return found

    def image_snapshot_ids(self) -> frozenset[str]:
        """Snapshots that back this account's AMIs (never recommended for deletion)."""
        ids: set[str] = set()
        for image in self._ec2.describe_images(Owners=["self"])["Images"]:
            for mapping in image.get("BlockDeviceMappings", []):
                snapshot_id = mapping.get("Ebs", {}).get("SnapshotId")
                if snapshot_id:
                    ids.add(snapshot_id)
        return frozenset(ids)

    def load_balancers(self, start: datetime, end: datetime) -> list[LoadBalancer]:
        raw_lbs: list[tuple[str, LoadBalancerTypeDef]] = []
        for page in self._elbv2.get_paginator("describe_load_balancers").paginate():
            raw_lbs.extend(
                (lb["LoadBalancerArn"], lb)
                for lb in page.get("LoadBalancers", [])
                if "LoadBalancerArn" in lb
            )
        if not raw_lbs:
            return []
        tags = self._load_balancer_tags([arn for arn, _ in raw_lbs])
        targets = self._target_counts()
        found: list[LoadBalancer] = []
        for arn, raw in raw_lbs:
            lb_type = raw.get("Type", "application")
            found.append(
                LoadBalancer(
                    arn=arn,
                    name=raw.get("LoadBalancerName", arn),
                    region=self.region,
                    lb_type=lb_type,
                    target_count=targets.get(arn, 0),
                    requests=self._metrics.load_balancer_traffic(arn, lb_type, start, end),
                    tags=tags.get(arn, {}),
                )
            )
        return found

    def _target_counts(self) -> dict[str, int]:
        """Registered targets per load balancer ARN, from one listing of target groups."""
        counts: dict[str, int] = {}
        for page in self._elbv2.get_paginator("describe_target_groups").paginate():
            for group in page.get("TargetGroups", []):
                lb_arns = group.get("LoadBalancerArns", [])
                group_arn = group.get("TargetGroupArn")
                if not lb_arns or group_arn is None:
                    continue
                health = self._elbv2.describe_target_health(TargetGroupArn=group_arn)
                registered = len(health.get("TargetHealthDescriptions", []))
                for lb_arn in lb_arns:
                    counts[lb_arn] = counts.get(lb_arn, 0) + registered
        return counts

    def _load_balancer_tags(self, arns: Sequence[str]) -> dict[str, dict[str, str]]:
        result: dict[str, dict[str, str]] = {}
        for offset in range(0, len(arns), 20):  # DescribeTags takes at most 20 ARNs
            response = self._elbv2.describe_tags(ResourceArns=list(arns[offset : offset + 20]))
            for description in response.get("TagDescriptions", []):
                result[description.get("ResourceArn", "")] = {
                    t["Key"]: t.get("Value", "") for t in description.get("Tags", [])
                }
        return result


def _parse_time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp without a time zone: {value!r}")
    return parsed


def inventory_from_dict(raw: dict[str, Any]) -> Inventory:
    """Build an ``Inventory`` from the JSON shape of ``data/sample_inventory.json``."""
    instances = []
    for item in raw.get("instances", []):
        cpu = item.get("cpu")
        instances.append(
            Instance(
                id=item["id"],
                region=item["region"],
                instance_type=item["instance_type"],
                state=item.get("state", "running"),
                tags=item.get("tags", {}),
                cpu=CpuStats(**cpu) if cpu else None,
            )
        )
    return Inventory(
        collected_at=_parse_time(raw["collected_at"]),
        lookback_days=int(raw.get("lookback_days", 14)),
        instances=instances,
        volumes=[Volume(**item) for item in raw.get("volumes", [])],
        addresses=[ElasticIp(**item) for item in raw.get("addresses", [])],
        snapshots=[
            Snapshot(**{**item, "start_time": _parse_time(item["start_time"])})
            for item in raw.get("snapshots", [])
        ],
        load_balancers=[LoadBalancer(**item) for item in raw.get("load_balancers", [])],
        image_snapshot_ids=frozenset(raw.get("image_snapshot_ids", [])),
    )


class SampleCollector:
    """The bundled sample account: what ``analyze --demo`` runs on."""

    def __init__(self, text: str | None = None) -> None:
        self._text = text

    def collect(self) -> Inventory:
        text = self._text if self._text is not None else read_bundled("sample_inventory.json")
        return inventory_from_dict(json.loads(text))


def aws_collector(
    session: boto3.session.Session, region: str, lookback_days: int = 14
) -> AwsCollector:
    """An ``AwsCollector`` for ``region`` wired to real boto3 clients and CloudWatch."""
    return AwsCollector(
        region=region,
        ec2=session.client("ec2", region_name=region),
        elbv2=session.client("elbv2", region_name=region),
        metrics=CloudWatchMetrics(session.client("cloudwatch", region_name=region)),
        lookback_days=lookback_days,
    )
