"""Command line: ``plan``, ``apply``, ``drift`` and ``inventory``."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TextIO

import yaml

from . import __version__
from .engine import apply, detect_drift, plan
from .inventory import groups_of, host_vars, select_hosts
from .models import ConfigError
from .project import Project, example_project, load_project
from .report import format_drift, format_plan, format_summary
from .settings import RESOURCE_PREFIX
from .transport import LocalTransport, Transport, TransportError, open_transport

EXIT_DRIFT = 3


@contextmanager
def open_transports(
    project: Project, base: Path, *, force_local: bool, limit: tuple[str, ...] = ()
) -> Iterator[dict[str, Transport]]:
    """One open transport per selected host, all closed on exit."""
    hosts = select_hosts(project.inventory, limit or ("all",))
    with ExitStack() as stack:
        transports: dict[str, Transport] = {}
        for name in hosts:
            transport = open_transport(project.inventory.hosts[name], base, force_local=force_local)
            stack.callback(transport.close)
            transports[name] = transport
        yield transports


@contextmanager
def _project(args: argparse.Namespace) -> Iterator[tuple[Project, Path, bool]]:
    """The project, the base directory for local roots, and whether to force local."""
    if args.demo:
        with (
            example_project() as project,
            tempfile.TemporaryDirectory(prefix=f"{RESOURCE_PREFIX}-demo-") as tmp,
        ):
            yield project, Path(tmp), True
    else:
        yield load_project(Path(args.project)), Path(args.root), args.local


def _cmd_plan(args: argparse.Namespace, out: TextIO) -> int:
    with (
        _project(args) as (project, base, force_local),
        open_transports(project, base, force_local=force_local, limit=args.limit) as transports,
    ):
        print(format_plan(plan(project, transports, args.limit), diffs=not args.no_diff), file=out)
    return 0


def _cmd_apply(args: argparse.Namespace, out: TextIO) -> int:
    if args.demo:
        return run_demo(out)
    with (
        _project(args) as (project, base, force_local),
        open_transports(project, base, force_local=force_local, limit=args.limit) as transports,
    ):
        executed = apply(project, transports, args.limit)
        print(format_plan(executed, applied=True, diffs=not args.no_diff), file=out)
    return 0


def _cmd_drift(args: argparse.Namespace, out: TextIO) -> int:
    with (
        _project(args) as (project, base, force_local),
        open_transports(project, base, force_local=force_local, limit=args.limit) as transports,
    ):
        report = detect_drift(project, transports, args.limit)
    print(format_drift(report, as_json=args.format == "json"), file=out)
    return EXIT_DRIFT if report.has_drift else 0


def _cmd_inventory(args: argparse.Namespace, out: TextIO) -> int:
    with _project(args) as (project, _base, _force_local):
        inventory = project.inventory
        names = select_hosts(inventory, args.limit or ("all",))
        view = {
            name: {
                "transport": inventory.hosts[name].connection.transport,
                "groups": groups_of(inventory, name),
                "vars": host_vars(inventory, name),
            }
            for name in names
        }
    print(yaml.safe_dump(view, sort_keys=True).rstrip(), file=out)
    return 0


def run_demo(out: TextIO) -> int:
    """Apply the bundled example to a temporary root, re-apply, edit by hand, show drift."""
    with (
        example_project() as project,
        tempfile.TemporaryDirectory(prefix=f"{RESOURCE_PREFIX}-demo-") as tmp,
        open_transports(project, Path(tmp), force_local=True) as transports,
    ):
        print(f"Demo root: {tmp} (one directory per host)\n", file=out)
        print("== 1. plan for web1 (a fresh host) ==", file=out)
        print(format_plan(plan(project, transports, ("web1",))), file=out)
        print(f"all hosts: {format_summary(plan(project, transports))}", file=out)

        print("\n== 2. apply ==", file=out)
        print(format_plan(apply(project, transports), applied=True, diffs=False), file=out)

        print("\n== 3. apply again (idempotent) ==", file=out)
        print(format_summary(apply(project, transports), applied=True), file=out)

        print("\n== 4. manual edits on web1 and db1 ==", file=out)
        web1 = transports["web1"]
        app_ini = web1.read("/etc/shop/app.ini").decode().replace("workers = 4", "workers = 16")
        web1.write("/etc/shop/app.ini", app_ini.encode(), 0o640)
        transports["db1"].chmod("/etc/shop/postgresql.conf", 0o644)
        if isinstance(web1, LocalTransport):
            print(f"edited {web1.resolve('/etc/shop/app.ini')}: workers = 16", file=out)
        print("chmod 0644 /etc/shop/postgresql.conf on db1", file=out)

        print("\n== 5. drift ==", file=out)
        print(format_drift(detect_drift(project, transports)), file=out)

        print("\n== 6. apply repairs the drift ==", file=out)
        print(format_plan(apply(project, transports), applied=True, diffs=False), file=out)
        print(format_drift(detect_drift(project, transports)), file=out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Configuration management: inventory + desired state -> plan, apply, drift."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--project", default=".", help="directory with inventory.yaml, resources.yaml, templates/"
    )
    common.add_argument(
        "--root", default="target", help="base directory for local hosts' roots (default: target)"
    )
    common.add_argument(
        "--limit", nargs="+", default=(), metavar="HOST_OR_GROUP", help="only these hosts"
    )
    common.add_argument(
        "--local",
        action="store_true",
        help="simulate every host as a local directory under --root (no SSH)",
    )
    common.add_argument(
        "--demo", action="store_true", help="use the bundled example on a temporary root"
    )

    p_plan = sub.add_parser("plan", parents=[common], help="show a unified diff per resource")
    p_plan.add_argument("--no-diff", action="store_true", help="one line per change only")
    p_plan.set_defaults(handler=_cmd_plan)

    p_apply = sub.add_parser(
        "apply", parents=[common], help="make hosts match (with --demo: the full walkthrough)"
    )
    p_apply.add_argument("--no-diff", action="store_true", help="one line per change only")
    p_apply.set_defaults(handler=_cmd_apply)

    p_drift = sub.add_parser(
        "drift", parents=[common], help=f"report drift; exit {EXIT_DRIFT} when there is some"
    )
    p_drift.add_argument("--format", choices=("text", "json"), default="text")
    p_drift.set_defaults(handler=_cmd_drift)

    p_inv = sub.add_parser("inventory", parents=[common], help="hosts, groups and merged vars")
    p_inv.set_defaults(handler=_cmd_inventory)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.limit = tuple(args.limit)
    try:
        code: int = args.handler(args, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        # `... | head`: the reader left. Python's documented recipe: point stdout at
        # devnull so the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (ConfigError, PermissionError, TransportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return code
