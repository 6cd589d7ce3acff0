"""Collectors: host metrics via psutil and HTTP probes via httpx."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol

import httpx
import psutil

from .models import Sample
from .rules import SELF_URL, ProbeTarget

#: psutil compares CPU times with its previous call; shorter windows read as 0 % or noise
#: (psutil docs recommend at least 0.1 s between non-blocking calls).

MIN_CPU_WINDOW_SECONDS = 0.1


class Collector(Protocol):
    """Anything that produces samples on demand (add database, queue, cloud collectors...)."""

    def collect(self) -> list[Sample]: ...


class HostCollector:
    """CPU, memory, disk and load of the machine this process runs on."""

    def __init__(self, mountpoints: Sequence[str] = ("/",), cpu_interval: float | None = None):
        self.mountpoints = tuple(mountpoints)
        self.cpu_interval = cpu_interval
        # psutil measures CPU since the previous call *in the same thread*; `serve` reads
        # from its loop thread, so each thread's first reading blocks for one window.
        self._cpu_read_at: dict[int | None, float] = {}

    def _cpu_percent(self) -> float:
        if self.cpu_interval is not None:
            return psutil.cpu_percent(interval=self.cpu_interval)
        thread = threading.current_thread().ident
        last = self._cpu_read_at.get(thread)
        if last is None:
            value = psutil.cpu_percent(interval=MIN_CPU_WINDOW_SECONDS)
        else:
            short = MIN_CPU_WINDOW_SECONDS - (time.monotonic() - last)
            if short > 0:
                time.sleep(short)
            value = psutil.cpu_percent(interval=None)
        self._cpu_read_at[thread] = time.monotonic()
        return value

    def collect(self) -> list[Sample]:
        samples = [
            Sample("host_cpu_percent", self._cpu_percent()),
            Sample("host_memory_percent", psutil.virtual_memory().percent),
            Sample("host_load1", psutil.getloadavg()[0]),
        ]
        samples.extend(
            Sample("host_disk_percent", psutil.disk_usage(mount).percent, {"mountpoint": mount})
            for mount in self.mountpoints
        )
        return samples


class HttpProber:
    """Probes HTTP targets; a transport error or an unexpected status counts as down.

    A target URL starting with ``{self}`` is probed against ``self_url`` (set by
    ``serve`` once its port is bound) and skipped while there is none.
    """

    def __init__(
        self,
        targets: Sequence[ProbeTarget],
        client: httpx.Client | None = None,
        timer: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.targets = tuple(targets)
        self._client = client if client is not None else httpx.Client(follow_redirects=True)
        self._timer = timer
        self.self_url: str | None = None

    def probe(self, target: ProbeTarget) -> list[Sample]:
        url = target.url
        if url.startswith(SELF_URL):
            if self.self_url is None:
                return []
            url = self.self_url + url.removeprefix(SELF_URL)
        labels = {"target": target.name}
        started = self._timer()
        try:
            response = self._client.get(url, timeout=target.timeout)
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
