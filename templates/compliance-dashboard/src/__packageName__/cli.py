"""Command line: scan, serve the dashboard, capture a snapshot, list checks."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError

from . import __version__
from .checks import registered_checks
from .frameworks import FRAMEWORKS, parse_frameworks
from .importers import IMPORTER_CONTROLS, IMPORTERS
from .reports import RENDERERS, render, render_text
from .settings import DEFAULT_FRAMEWORKS, DEFAULT_HOST, DEFAULT_PORT, PROJECT_NAME
from .sources import ScanSources, aws_provider
from .state import capture, dump_snapshot
from .web_security import LOOPBACK_NAMES, DashboardSecurity, is_loopback


def _add_aws_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", help="AWS profile (default: the standard credential chain)")
    parser.add_argument(
        "--region",
        action="append",
        default=[],
        dest="regions",
        help="region to scan for EC2 resources (repeatable; default: the profile's region)",
    )


def _add_source_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("evidence (combine freely)")
    group.add_argument(
        "--demo",
        action="store_true",
        help="bundled sample AWS account and sample bandit/pip-audit/Trivy reports",
    )
    group.add_argument("--aws", action="store_true", help="scan the live AWS account with boto3")
    group.add_argument("--snapshot", type=Path, help="account state JSON saved by 'snapshot'")
    for source in IMPORTERS:
        group.add_argument(
            f"--{source}",
            type=Path,
            action="append",
            default=[],
            dest=source.replace("-", "_"),
            metavar="FILE",
            help=f"{source} JSON report (repeatable)",
        )
    _add_aws_args(parser)
    parser.add_argument(
        "--frameworks",
        action="append",
        default=[],
        help=f"frameworks to score, comma-separated (default: {','.join(DEFAULT_FRAMEWORKS)}; "
        f"known: {', '.join(FRAMEWORKS)})",
    )


def _sources(args: argparse.Namespace) -> ScanSources:
    reports = [
        (source, path) for source in IMPORTERS for path in getattr(args, source.replace("-", "_"))
    ]
    return ScanSources(
        demo=args.demo,
        aws=args.aws,
        profile=args.profile,
        regions=args.regions,
        snapshot=args.snapshot,
        reports=reports,
    )


def _frameworks(args: argparse.Namespace) -> tuple[str, ...]:
    return parse_frameworks(args.frameworks or DEFAULT_FRAMEWORKS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROJECT_NAME,
        description="Security compliance checks, scanner imports, scores and a dashboard.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    scan = sub.add_parser("scan", help="assess evidence and print or write a report")
    _add_source_args(scan)
    scan.add_argument("--format", choices=list(RENDERERS), default="text", help="report format")
    scan.add_argument("--output", type=Path, help="write the report here instead of stdout")
    scan.add_argument(
        "--fail-under",
        type=float,
        metavar="PERCENT",
        help="exit 1 when any framework scores below this (for CI)",
    )

    serve = sub.add_parser("serve", help="run the dashboard (HTML + JSON API + /healthz)")
    _add_source_args(serve)
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"bind address ({DEFAULT_HOST})")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT})")
    serve.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        dest="allowed_hosts",
        metavar="NAME",
        help="extra Host name the dashboard answers to (repeatable; also "
        "$DASHBOARD_ALLOWED_HOSTS, comma-separated); localhost always works",
    )

    snapshot = sub.add_parser("snapshot", help="save the live AWS account state as JSON")
    _add_aws_args(snapshot)
    snapshot.add_argument("--output", type=Path, help="file to write (default: stdout)")

    sub.add_parser("checks", help="list the registered checks and their controls")
    return parser


def cmd_scan(args: argparse.Namespace) -> int:
    sources = _sources(args)
    if sources.empty:
        print(
            "nothing to scan: pass --demo, --aws, --snapshot or a scanner report", file=sys.stderr
        )
        return 2
    assessment = sources.assess(_frameworks(args))
    if args.output is not None:
        args.output.write_text(render(assessment, args.format), encoding="utf-8")
        print(render_text(assessment), end="")
        print(f"\nWrote {args.format} report to {args.output}")
    else:
        print(render(assessment, args.format), end="")
    if args.fail_under is not None:
        below = [s for s in assessment.scores if s.score is not None and s.score < args.fail_under]
        if below:
            names = ", ".join(f"{s.framework} {s.score}%" for s in below)
            print(f"score below {args.fail_under}%: {names}", file=sys.stderr)
            return 1
    return 0


def dashboard_security(host: str, extra_hosts: Sequence[str]) -> DashboardSecurity:
    """The guard for ``serve --host``: loopback names, the bind address, and configured names.

    Changes (``POST /api/rescan``) need ``$DASHBOARD_TOKEN`` once the dashboard listens
    beyond loopback; on 127.0.0.1 the Host and Origin checks are enough.
    """
    configured = os.environ.get("DASHBOARD_ALLOWED_HOSTS", "").split(",")
    names = [*LOOPBACK_NAMES, *extra_hosts, *configured]
    if host not in ("0.0.0.0", "::", ""):  # noqa: S104 - compared, not bound
        names.append(host)
    allowed = tuple(dict.fromkeys(n.strip() for n in names if n.strip()))
    token = os.environ.get("DASHBOARD_TOKEN") or None
    exposed = not is_loopback(host)
    return DashboardSecurity(allowed_hosts=allowed, token=token, require_token=exposed)


def cmd_serve(args: argparse.Namespace) -> int:
    # Imported here so that scan/--help don't pay for the web stack.
    import uvicorn

    from .web import create_app

    sources = _sources(args)
    if sources.empty:
        print("no evidence given: serving the bundled demo data", file=sys.stderr)
        sources.demo = True
    frameworks = _frameworks(args)
    security = dashboard_security(args.host, args.allowed_hosts)
    if security.require_token and security.token is None:
        print(
            f"warning: listening on {args.host} without $DASHBOARD_TOKEN: "
            "POST /api/rescan is disabled",
            file=sys.stderr,
        )
    app = create_app(lambda: sources.assess(frameworks), security)
    uvicorn.run(app, host=args.host, port=args.port)
    return 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    text = dump_snapshot(capture(aws_provider(args.profile, args.regions)))
    if args.output is not None:
        args.output.write_text(text, encoding="utf-8")
        print(f"Wrote account snapshot to {args.output}")
    else:
        print(text, end="")
    return 0


def cmd_checks(_args: argparse.Namespace) -> int:
    for check in registered_checks():
        print(f"{check.id:<28} {check.severity.value:<8} {check.title}")
        print(f"{'':<28} controls: {', '.join(check.controls)}")
    for source, controls in IMPORTER_CONTROLS.items():
        print(f"{'import:' + source:<28} {'varies':<8} findings from {source} JSON reports")
        print(f"{'':<28} controls: {', '.join(controls)}")
    return 0


COMMANDS = {"scan": cmd_scan, "serve": cmd_serve, "snapshot": cmd_snapshot, "checks": cmd_checks}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (BotoCoreError, ClientError) as error:
        print(f"AWS error: {error}", file=sys.stderr)
        return 1
