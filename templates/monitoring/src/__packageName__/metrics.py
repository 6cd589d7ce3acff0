"""Metric catalogue and the Prometheus exporter built on prometheus_client."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest

from .models import Alert, AlertState, Sample
from .settings import METRIC_PREFIX


@dataclass(frozen=True)
class MetricSpec:
    """A metric a collector produces: the name alert rules refer to, without prefix."""

    name: str
    help: str
    labels: tuple[str, ...] = ()


CATALOGUE: dict[str, MetricSpec] = {
    spec.name: spec
    for spec in (
        MetricSpec("host_cpu_percent", "CPU utilisation of the host in percent."),
        MetricSpec("host_memory_percent", "Used virtual memory of the host in percent."),
        MetricSpec("host_disk_percent", "Used disk space in percent.", ("mountpoint",)),
        MetricSpec("host_load1", "One-minute load average of the host."),
        MetricSpec("probe_up", "1 if the HTTP probe succeeded, else 0.", ("target",)),
        MetricSpec("probe_duration_seconds", "Duration of the HTTP probe in seconds.", ("target",)),
        MetricSpec("probe_status_code", "HTTP status code of the probe (0 on error).", ("target",)),
    )
}


def metric_name(name: str) -> str:
    """Full exported name of a catalogue metric, e.g. ``<prefix>_host_cpu_percent``."""
    return f"{METRIC_PREFIX}_{name}"


class MetricsExporter:
    """Holds an isolated CollectorRegistry and mirrors samples and alert states into it."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        self._gauges = {
            spec.name: Gauge(metric_name(spec.name), spec.help, spec.labels, registry=self.registry)
            for spec in CATALOGUE.values()
        }
        self._alerts = Gauge(
            metric_name("alerts"),
            "Alert instances by rule and state (pending or firing).",
            ("alertname", "state"),
            registry=self.registry,
        )
        self._notifications = Counter(
            metric_name("notifications"),
            "Notification deliveries by notifier and outcome.",
            ("notifier", "outcome"),
            registry=self.registry,
        )
        self._ticks = Counter(
            metric_name("evaluations"), "Completed collect-evaluate cycles.", registry=self.registry
        )

    def update(self, samples: Iterable[Sample]) -> None:
        """Replace the series of every metric present in ``samples`` (drops stale series)."""
        by_name: dict[str, list[Sample]] = defaultdict(list)
        for sample in samples:
            if sample.name not in self._gauges:
                raise KeyError(f"unknown metric {sample.name!r}; add it to CATALOGUE")
            by_name[sample.name].append(sample)
        for name, group in by_name.items():
            gauge = self._gauges[name]
            spec = CATALOGUE[name]
            if spec.labels:
                gauge.clear()
                for sample in group:
                    gauge.labels(*(sample.labels[label] for label in spec.labels)).set(sample.value)
            else:
                gauge.set(group[-1].value)

    def record_alerts(self, alerts: Iterable[Alert]) -> None:
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for alert in alerts:
            if alert.state in (AlertState.PENDING, AlertState.FIRING):
                counts[(alert.name, alert.state.value)] += 1
        self._alerts.clear()
        for (alertname, state), count in counts.items():
            self._alerts.labels(alertname, state).set(count)

    def record_delivery(self, notifier: str, outcome: str) -> None:
        self._notifications.labels(notifier, outcome).inc()

    def record_evaluation(self) -> None:
        self._ticks.inc()

    def render(self) -> bytes:
        """Prometheus text exposition of everything in the registry."""
        return generate_latest(self.registry)
