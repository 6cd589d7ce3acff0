"""Self-contained demo: real host metrics, real HTTP probes of a local server, fake clock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TextIO

from .collectors import HostCollector, HttpProber
from .models import AlertState, Sample
from .monitor import Monitor, TickResult
from .notifiers import ADAPTERS, DryRunNotifier, render_text
from .rules import ProbeTarget, load_config

START = 1_735_732_800.0  # 2025-01-01T12:00:00Z; the demo runs on a fake clock
STEP_SECONDS = 30.0
# Ticks during which the shop's API endpoints answer 503 (a simulated outage).
OUTAGE_TICKS = range(1, 5)
TICKS = 7


class FakeClock:
    """A clock the demo (and tests) move forward by hand."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class ReplayCollector:
    """Returns the same samples on every call (ticks are simulated, so is host time)."""

    def __init__(self, samples: list[Sample]) -> None:
        self.samples = samples

    def collect(self) -> list[Sample]:
        return list(self.samples)


def _handler(outage: threading.Event) -> type[BaseHTTPRequestHandler]:
    class DemoHandler(BaseHTTPRequestHandler):
        """``/api/*`` answers 503 while ``outage`` is set; everything else 200."""

        def do_GET(self) -> None:
            failing = self.path.startswith("/api/") and outage.is_set()
            body = b"unavailable\n" if failing else b"ok\n"
            self.send_response(503 if failing else 200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Silence the default access log."""

    return DemoHandler


@contextmanager
def local_server() -> Iterator[tuple[str, threading.Event]]:
    """A throwaway HTTP server on 127.0.0.1 with a random free port."""
    outage = threading.Event()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(outage))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", outage
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _clock_label(clock: FakeClock) -> str:
    return f"t+{int(clock.now - START):>3}s"


def _print_tick(result: TickResult, out: TextIO) -> None:
    probes = [
        f"{sample.labels['target']}={'up' if sample.value else 'DOWN'}"
        for sample in result.samples
        if sample.name == "probe_up"
    ]
    print(f"  probes: {', '.join(probes)}", file=out)
    for alert in result.alerts:
        where = ", ".join(
            f"{key}={value}"
            for key, value in sorted(alert.labels.items())
            if key not in {"alertname", "severity"}
        )
        move = f"{alert.previous.value} -> {alert.state.value}" if alert.changed else "unchanged"
        where = f"{{{where}}}" if where else ""
        print(f"  alert {alert.name}{where} {alert.state.value.upper()} ({move})", file=out)
    for delivery in result.deliveries:
        text = render_text(delivery.notification).replace("\n", "\n      ")
        print(f"  notify via {delivery.notifier} [{delivery.outcome}]: {text}", file=out)
    if not result.deliveries and any(a.state is AlertState.FIRING for a in result.alerts):
        print("  no notification: firing alerts were already sent (deduplicated)", file=out)


def run_demo(out: TextIO) -> int:
    """Collect, probe, evaluate the bundled rules over simulated ticks, print everything."""
    config = load_config()
    host = ReplayCollector(HostCollector(cpu_interval=0.2).collect())
    print("Host metrics (psutil, collected once and replayed on every tick):", file=out)
    for sample in host.samples:
        where = f" {dict(sample.labels)}" if sample.labels else ""
        print(f"  {sample.name}{where} = {sample.value:.1f}", file=out)

    enabled = ", ".join(ADAPTERS) or "none"
    print(f"\nNotifier adapters in this build: {enabled} (dry-run in the demo)", file=out)

    clock = FakeClock(START)
    notifier = DryRunNotifier()
    with local_server() as (base_url, outage):
        targets = (
            ProbeTarget(name="homepage", url=f"{base_url}/"),
            ProbeTarget(name="orders-api", url=f"{base_url}/api/orders"),
            ProbeTarget(name="payments-api", url=f"{base_url}/api/payments"),
        )
        demo_config = config.model_copy(update={"targets": targets})
        prober = HttpProber(targets)
        monitor = Monitor(demo_config, [host, prober], [notifier], clock=clock)
        print(
            f"\nProbing {len(targets)} targets on {base_url}; rules: "
            + ", ".join(rule.alert for rule in config.rules),
            file=out,
        )
        try:
            for tick in range(TICKS):
                if tick in OUTAGE_TICKS:
                    outage.set()
                else:
                    outage.clear()
                state = "outage of /api/*" if outage.is_set() else "all endpoints healthy"
                print(f"\n[{_clock_label(clock)}] tick {tick}: {state}", file=out)
                _print_tick(monitor.tick(), out)
                clock.advance(STEP_SECONDS)
        finally:
            prober.close()

    print(
        f"\nSummary: {len(notifier.sent)} notifications sent, "
        f"{monitor.dispatcher.deduplicated} duplicate alert notifications suppressed.",
        file=out,
    )
    exposition = monitor.exporter.render().decode()
    series = [line for line in exposition.splitlines() if line and not line.startswith("#")]
    print(f"/metrics exposes {len(series)} series, among them:", file=out)
    for line in series:
        if "_probe_up" in line or "_notifications_total" in line:
            print(f"  {line}", file=out)
    return 0
