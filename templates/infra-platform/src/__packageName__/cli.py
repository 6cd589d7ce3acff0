"""Command line: inventory, check-tags, plan, apply, destroy, init and demo."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from . import __version__
from .desired import DesiredState, DesiredStateError, load_desired
from .engine import apply, inventory, missing_tags, plan
from .models import ApplyResult, Plan, Resource, TagViolation
from .providers.base import Provider, ProviderError
from .providers.local import LocalJsonProvider
from .registry import FACTORIES, add_provider_arguments, build_providers
from .registry import options_from_args as _options
from .settings import DEFAULT_REQUIRED_TAGS, PROGRAM_NAME, RESOURCE_PREFIX

SAMPLE_FILES = ("desired.yaml", "state.json")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.handler(args)
    except (ProviderError, DesiredStateError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROGRAM_NAME,
        description="Multi-cloud inventory, tag policy and desired-state plan/apply.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    providers_help = f"provider to read (repeatable; one of {', '.join(FACTORIES)})"

    inventory_cmd = commands.add_parser("inventory", help="list resources of providers")
    inventory_cmd.add_argument(
        "-p", "--provider", action="append", default=None, help=providers_help
    )
    inventory_cmd.add_argument("--json", action="store_true", help="print JSON")
    add_provider_arguments(inventory_cmd)
    inventory_cmd.set_defaults(handler=_inventory)

    tags_cmd = commands.add_parser("check-tags", help="report resources missing required tags")
    tags_cmd.add_argument("-p", "--provider", action="append", default=None, help=providers_help)
    tags_cmd.add_argument(
        "--require",
        action="append",
        default=None,
        metavar="TAG",
        help=f"required tag (repeatable; default: {', '.join(DEFAULT_REQUIRED_TAGS)})",
    )
    add_provider_arguments(tags_cmd)
    tags_cmd.set_defaults(handler=_check_tags)

    for name, handler, text in (
        ("plan", _plan, "show what apply would change"),
        ("apply", _apply, "make the providers match a desired-state file"),
        ("destroy", _destroy, "delete every resource a desired-state file manages"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("desired", type=Path, help="desired-state YAML file")
        command.add_argument(
            "-p",
            "--provider",
            action="append",
            default=None,
            help="also manage this provider (repeatable), e.g. after removing its last resource",
        )
        if name != "plan":
            command.add_argument(
                "--dry-run", action="store_true", help="print the actions, change nothing"
            )
        if name == "destroy":
            command.add_argument(
                "--yes", action="store_true", help="really delete (without it: only show)"
            )
        add_provider_arguments(command)
        command.set_defaults(handler=handler)

    init_cmd = commands.add_parser("init", help="write a sample desired.yaml and state.json")
    init_cmd.add_argument("directory", type=Path, nargs="?", default=Path())
    init_cmd.set_defaults(handler=_init)

    demo_cmd = commands.add_parser(
        "demo", help="run inventory, tag check, plan and apply on bundled sample data"
    )
    demo_cmd.set_defaults(handler=_demo)
    return parser


def _build(names: Iterable[str], args: argparse.Namespace) -> list[Provider]:
    """Build the providers and say which local state file each local one reads."""
    providers = build_providers(names, _options(args))
    for provider in providers:
        if isinstance(provider, LocalJsonProvider):
            _say_state(provider)
    return providers


def _say_state(provider: LocalJsonProvider) -> None:
    # On stderr, so `--json` output stays parseable; a wrong directory is then obvious.
    path = provider.path.resolve()
    if path.exists():
        count = len(provider.list_resources())
        print(f"{provider.name} state: {path} ({count} resources)", file=sys.stderr)
    else:
        print(f"{provider.name} state: {path} does not exist (no resources)", file=sys.stderr)


def _inventory(args: argparse.Namespace) -> int:
    providers = _build(args.provider or ["local"], args)
    resources = inventory(providers)
    if args.json:
        print(json.dumps([resource.model_dump() for resource in resources], indent=2))
    else:
        _print_resources(resources)
    return 0


def _check_tags(args: argparse.Namespace) -> int:
    providers = _build(args.provider or ["local"], args)
    violations = missing_tags(inventory(providers), args.require or DEFAULT_REQUIRED_TAGS)
    _print_violations(violations)
    return 1 if violations else 0


def _providers_for(args: argparse.Namespace) -> tuple[DesiredState, list[Provider]]:
    """The desired state and every provider it manages: declared, used, or given by ``-p``."""
    state = load_desired(args.desired.read_text(encoding="utf-8"))
    return state, _build([*state.provider_names, *(args.provider or [])], args)


def _plan(args: argparse.Namespace) -> int:
    state, providers = _providers_for(args)
    _print_plan(plan(state, inventory(providers)))
    return 0


def _apply(args: argparse.Namespace) -> int:
    state, providers = _providers_for(args)
    the_plan = plan(state, inventory(providers))
    _print_plan(the_plan)
    _print_results(apply(the_plan, providers, dry_run=args.dry_run))
    return 0


def _destroy(args: argparse.Namespace) -> int:
    state, providers = _providers_for(args)
    # Nothing desired: every resource tagged managed-by: <project> is deleted, nothing else.
    the_plan = plan(state.model_copy(update={"resources": []}), inventory(providers))
    _print_plan(the_plan)
    if not (args.yes or args.dry_run or the_plan.is_empty):
        print("error: destroy deletes these resources; re-run with --yes", file=sys.stderr)
        return 1
    _print_results(apply(the_plan, providers, dry_run=args.dry_run))
    return 0


def _init(args: argparse.Namespace) -> int:
    directory: Path = args.directory
    targets = [directory / name for name in SAMPLE_FILES]
    existing = [str(target) for target in targets if target.exists()]
    if existing:
        print(f"error: refusing to overwrite {', '.join(existing)}", file=sys.stderr)
        return 1
    directory.mkdir(parents=True, exist_ok=True)
    for name, target in zip(SAMPLE_FILES, targets, strict=True):
        target.write_text(_sample(name), encoding="utf-8")
        print(f"wrote {target}")
    return 0


def _demo(_args: argparse.Namespace) -> int:
    desired = _sample("desired.yaml")
    with tempfile.TemporaryDirectory(prefix=f"{RESOURCE_PREFIX}-demo-") as tmp:
        state = Path(tmp) / "state.json"
        state.write_text(_sample("state.json"), encoding="utf-8")
        provider = LocalJsonProvider(state)
        print(f"Local provider state (a temporary copy of the bundled sample): {state}\n")

        resources = inventory([provider])
        print(f"== Inventory: {len(resources)} resources")
        _print_resources(resources)

        print(f"\n== Tag policy: required {', '.join(DEFAULT_REQUIRED_TAGS)}")
        _print_violations(missing_tags(resources, DEFAULT_REQUIRED_TAGS))

        print("\n== Plan against the bundled desired.yaml")
        first = plan(desired, resources)
        _print_plan(first)

        print("\n== Apply")
        _print_results(apply(first, [provider]))

        print("\n== Re-plan after apply")
        second = plan(desired, inventory([provider]))
        _print_plan(second)
        print("\n== Tag policy after apply")
        _print_violations(missing_tags(inventory([provider]), DEFAULT_REQUIRED_TAGS))
    return 0


def _sample(name: str) -> str:
    if not __package__:  # typed optional: a file run as a script has no package
        raise RuntimeError(f"{__name__} must be imported from its package to find its data")
    return resources.files(__package__).joinpath("data").joinpath(name).read_text(encoding="utf-8")


def _print_resources(items: Iterable[Resource]) -> None:
    rows = [
        (
            str(resource.key),
            resource.region,
            resource.state,
            ", ".join(f"{key}={value}" for key, value in sorted(resource.tags.items())),
        )
        for resource in items
    ]
    if not rows:
        print("(no resources)")
        return
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for row in rows:
        print(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}")


def _print_violations(violations: Sequence[TagViolation]) -> None:
    if not violations:
        print("OK: every resource has the required tags")
        return
    print(f"{len(violations)} resource(s) violate the tag policy:")
    for violation in violations:
        print(f"  {violation.describe()}")


def _print_plan(the_plan: Plan) -> None:
    for action in the_plan.actions:
        print(action.describe())
    for resource in the_plan.unmanaged:
        print(f"  unmanaged (left alone): {resource.key}")
    if the_plan.is_empty:
        print("No changes: the providers match the desired state.")
    else:
        print(f"Plan: {the_plan.summary()}.")


def _print_results(results: Sequence[ApplyResult]) -> None:
    for result in results:
        print(result.describe())
    applied = sum(1 for result in results if result.applied)
    print(f"Applied {applied} of {len(results)} action(s).")
