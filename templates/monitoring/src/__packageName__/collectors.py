"""Collectors: host metrics via psutil and HTTP probes via httpx."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Protocol

import httpx
import psutil

from .models import Sample
from .rules import ProbeTarget


class Collector(Protocol):
    """Anything that produces samples on demand (add database, queue, cloud collectors...)."""

    def collect(self) -> list[Sample]: ...


class HostCollector:
    """CPU, memory, disk and load of the machine this process runs on."""

    def __init__(self, mountpoints: Sequence[str] = ("/",), cpu_interval: float | None = None):
        self.mountpoints = tuple(mountpoints)
        self.cpu_interval = cpu_interval
        # psutil measures CPU since the previous call; prime it so the first
        # non-blocking reading is meaningful instead of 0.0.
        psutil.cpu_percent(interval=None)

    def collect(self) -> list[Sample]:
        samples = [
            Sample("host_cpu_percent", psutil.cpu_percent(interval=self.cpu_interval)),
            Sample("host_memory_percent", psutil.virtual_memory().percent),
            Sample("host_load1", psutil.getloadavg()[0]),
        ]
        samples.extend(
            Sample("host_disk_percent", psutil.disk_usage(mount).percent, {"mountpoint": mount})
            for mount in self.mountpoints
        )
        return samples


class HttpProber:
    """Probes HTTP targets; a transport error or an unexpected status counts as down."""

    def __init__(
        self,
        targets: Sequence[ProbeTarget],
        client: httpx.Client | None = None,
        timer: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.targets = tuple(targets)
        self._client = client if client is not None else httpx.Client(follow_redirects=True)
        self._timer = timer

    def probe(self, target: ProbeTarget) -> list[Sample]:
        labels = {"target": target.name}
        started = self._timer()
        try:
            response = self._client.get(target.url, timeout=target.timeout)
        except httpx.HTTPError:
            status = 0
        else:
            status = response.status_code
        elapsed = self._timer() - started
        up = 1.0 if target.accepts(status) else 0.0
        return [
            Sample("probe_up", up, labels),
            Sample("probe_duration_seconds", elapsed, labels),
            Sample("probe_status_code", float(status), labels),
        ]

    def collect(self) -> list[Sample]:
        return [sample for target in self.targets for sample in self.probe(target)]

    def close(self) -> None:
        self._client.close()
