"""One monitoring cycle: collect -> export -> evaluate -> dispatch."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .collectors import Collector
from .dispatch import Delivery, Dispatcher
from .evaluator import Evaluator
from .metrics import MetricsExporter
from .models import Alert, Sample
from .notifiers import Notifier
from .rules import MonitorConfig

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TickResult:
    """Everything one cycle observed and did."""

    now: float
    samples: list[Sample]
    alerts: list[Alert]
    deliveries: list[Delivery]


class Monitor:
    """Wires collectors, the exporter, the evaluator and the dispatcher together.

    ``clock`` returns seconds since the epoch; tests and the demo inject a fake one.
    """

    def __init__(
        self,
        config: MonitorConfig,
        collectors: Sequence[Collector],
        notifiers: Sequence[Notifier],
        *,
        exporter: MetricsExporter | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.collectors = tuple(collectors)
        self.exporter = exporter if exporter is not None else MetricsExporter()
        self.evaluator = Evaluator(config.rules)
        self.dispatcher = Dispatcher(notifiers, config.routing)
        self.clock = clock
        self._lock = threading.Lock()

    def collect(self) -> list[Sample]:
        return [sample for collector in self.collectors for sample in collector.collect()]

    def tick(self) -> TickResult:
        with self._lock:
            now = self.clock()
            samples = self.collect()
            self.exporter.update(samples)
            alerts = self.evaluator.evaluate(samples, now)
            self.exporter.record_alerts(alerts)
            deliveries = self.dispatcher.dispatch(alerts, now)
            for delivery in deliveries:
                self.exporter.record_delivery(delivery.notifier, delivery.outcome)
                if delivery.outcome != "sent":
                    logger.warning(
                        "notification %s via %s: %s %s",
                        delivery.notification.title,
                        delivery.notifier,
                        delivery.outcome,
                        delivery.error,
                    )
            self.exporter.record_evaluation()
            return TickResult(now, samples, alerts, deliveries)

    @property
    def active_alerts(self) -> list[Alert]:
        return self.evaluator.active


class MonitorLoop:
    """Runs :meth:`Monitor.tick` every ``interval`` seconds in a daemon thread."""

    def __init__(self, monitor: Monitor, interval: float) -> None:
        self.monitor = monitor
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="monitor-loop", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.monitor.tick()
            except Exception:
                # Keep serving /metrics even when one cycle breaks; the log says why.
                logger.exception("monitoring cycle failed")
            self._stop.wait(self.interval)
