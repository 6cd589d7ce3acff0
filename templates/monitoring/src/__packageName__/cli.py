"""Command line: demo, serve, collect, check, export-rules, export-dashboard.

Only argparse is imported up front so that ``--help`` answers instantly; the commands
live in :mod:`.commands`.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .settings import DEFAULT_HOST, DEFAULT_INTERVAL_SECONDS, DEFAULT_PORT, SERVICE_NAME


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=SERVICE_NAME,
        description="Host and HTTP monitoring with Prometheus metrics and alerts.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    config_help = "monitoring YAML (targets, rules, routing); default: $MONITOR_CONFIG or bundled"
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("demo", help="run everything once against a local in-process server")

    serve = sub.add_parser("serve", help="serve /metrics, /healthz and /alerts, evaluate rules")
    serve.add_argument("--host", default=DEFAULT_HOST)
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--config", type=Path, help=config_help)
    serve.add_argument(
        "--interval", type=float, default=DEFAULT_INTERVAL_SECONDS, help="seconds between cycles"
    )
    serve.add_argument(
        "--dry-run", action="store_true", help="print notifications instead of sending them"
    )

    collect = sub.add_parser("collect", help="collect once and print the Prometheus exposition")
    collect.add_argument("--config", type=Path, help=config_help)

    check = sub.add_parser("check", help="validate a configuration file")
    check.add_argument("--config", type=Path, help=config_help)

    rules = sub.add_parser("export-rules", help="write a Prometheus alerting-rules file")
    rules.add_argument("--config", type=Path, help=config_help)
    rules.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")

    dashboard = sub.add_parser("export-dashboard", help="write a Grafana dashboard JSON")
    dashboard.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from .commands import run

    return run(args)
