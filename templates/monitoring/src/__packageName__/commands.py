"""Implementations of the CLI commands (see :mod:`.cli` for the arguments)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from pydantic import ValidationError

from .collectors import HostCollector, HttpProber
from .demo import run_demo
from .exporters import grafana_dashboard, prometheus_rules
from .monitor import Monitor
from .notifiers import DryRunNotifier, Notifier, notifiers_from_env
from .rules import MonitorConfig, load_config
from .server import MonitorServer


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)


def _notifiers(dry_run: bool) -> list[Notifier]:
    notifiers = [] if dry_run else notifiers_from_env()
    if not notifiers:
        print("no notifier configured: notifications are printed (dry run)", file=sys.stderr)
        return [DryRunNotifier(sys.stderr)]
    return notifiers


def _serve(args: argparse.Namespace, config: MonitorConfig) -> int:
    logging.getLogger(__package__).setLevel(logging.INFO)
    prober = HttpProber(config.targets)
    monitor = Monitor(config, [HostCollector(), prober], _notifiers(args.dry_run))
    server = MonitorServer(monitor, args.host, args.port, args.interval)
    prober.self_url = server.url  # "{self}" targets probe this very server
    print(f"serving {server.url}/metrics, /healthz and /alerts", file=sys.stderr, flush=True)
    server.serve_forever()
    return 0


def run(args: argparse.Namespace) -> int:
    if args.command == "demo":
        return run_demo(sys.stdout)
    if args.command == "export-dashboard":
        _write(json.dumps(grafana_dashboard(), indent=2) + "\n", args.output)
        return 0
    env_path = os.environ.get("MONITOR_CONFIG")
    try:
        config = load_config(args.config or (Path(env_path) if env_path else None))
    except (OSError, ValidationError, ValueError) as exc:
        print(f"error: invalid configuration: {exc}", file=sys.stderr)
        return 2
    if args.command == "check":
        print(f"ok: {len(config.targets)} targets, {len(config.rules)} rules")
        return 0
    if args.command == "export-rules":
        _write(prometheus_rules(config), args.output)
        return 0
    if args.command == "collect":
        monitor = Monitor(config, [HostCollector(cpu_interval=0.1), HttpProber(config.targets)], [])
        monitor.tick()
        sys.stdout.write(monitor.exporter.render().decode())
        return 0
    return _serve(args, config)
