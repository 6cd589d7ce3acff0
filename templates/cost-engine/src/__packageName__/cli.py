"""Command line: ``analyze`` (recommendations), ``anomalies`` (cost spikes), ``prices``."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import reduce
from pathlib import Path

import boto3.session
from botocore.exceptions import BotoCoreError, ClientError

from . import __version__, settings
from .analyzer import Analyzer, Policy
from .anomalies import DEFAULT_MIN_IMPACT, DEFAULT_MIN_IMPACT_RATIO, Anomaly, detect_anomalies
from .clock import UTC
from .collectors import SampleCollector, aws_collector
from .costs import CostExplorerSource, DailyCost, parse_cost_csv, sample_daily_costs
from .currency import SUPPORTED_CURRENCIES, CurrencyConfig, resolve_currency
from .models import Inventory
from .pricing import load_price_table
from .reports import FORMATS, Report, render, render_anomalies


def _positive_float(text: str) -> float:
    value = float(text)
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {text}")
    return value


def _non_negative_float(text: str) -> float:
    value = float(text)
    if not (value >= 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be >= 0, got {text}")
    return value


def _window(text: str) -> int:
    value = int(text)
    if value < 2:
        raise argparse.ArgumentTypeError(f"must be >= 2, got {text}")
    return value


def _tag(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table", help="report format")
    parser.add_argument("--output", type=Path, help="write the report here instead of stdout")
    parser.add_argument(
        "--currency",
        choices=SUPPORTED_CURRENCIES,
        help=f"report currency (configured: {settings.CURRENCY})",
    )
    parser.add_argument(
        "--rate",
        type=_positive_float,
        help=f"units of the currency per 1 USD (configured: {settings.EXCHANGE_RATE})",
    )
    parser.add_argument("--profile", help="AWS profile (default: the usual credential chain)")


def _add_anomaly_options(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    parser.add_argument(
        f"--{prefix}threshold",
        type=_positive_float,
        default=3.0,
        help="z-score at or above which a day is a spike (default 3.0)",
    )
    parser.add_argument(
        f"--{prefix}window",
        type=_window,
        default=14,
        help="trailing days the z-score compares against (default 14)",
    )
    parser.add_argument(
        f"--{prefix}min-impact",
        type=_non_negative_float,
        default=DEFAULT_MIN_IMPACT,
        metavar="USD",
        help=f"a spike must exceed the expected cost by this much (default {DEFAULT_MIN_IMPACT:g})",
    )
    parser.add_argument(
        f"--{prefix}min-impact-percent",
        type=_non_negative_float,
        default=DEFAULT_MIN_IMPACT_RATIO * 100,
        metavar="PERCENT",
        help=f"... and by this percentage of it (default {DEFAULT_MIN_IMPACT_RATIO * 100:g})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=settings.PROJECT_NAME,
        description="Find idle and oversized AWS resources and price the monthly savings.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    analyze = commands.add_parser("analyze", help="collect resources and recommend savings")
    source = analyze.add_mutually_exclusive_group()
    source.add_argument(
        "--demo", action="store_true", help="analyze the bundled sample account (no AWS needed)"
    )
    source.add_argument(
        "--inventory", type=Path, help="analyze a saved inventory JSON (sample's format)"
    )
    analyze.add_argument(
        "--region",
        action="append",
        default=[],
        help="AWS region to scan; repeat for several (default: the profile's region)",
    )
    analyze.add_argument(
        "--tag",
        action="append",
        type=_tag,
        default=[],
        metavar="KEY=VALUE",
        help="only resources with this tag; repeat to require several",
    )
    analyze.add_argument(
        "--project-only",
        action="store_true",
        help=(f"only resources tagged {settings.PROJECT_TAG_KEY}={settings.PROJECT_TAG_VALUE}"),
    )
    analyze.add_argument("--lookback-days", type=_positive_int, default=14)
    analyze.add_argument("--cpu-average-below", type=_positive_float, default=10.0)
    analyze.add_argument("--cpu-peak-below", type=_positive_float, default=40.0)
    analyze.add_argument("--snapshot-max-age-days", type=_positive_int, default=90)
    analyze.add_argument("--idle-lb-requests", type=_positive_float, default=100.0)
    analyze.add_argument(
        "--costs-csv", type=Path, help="also look for spikes in this date,amount_usd CSV"
    )
    _add_anomaly_options(analyze, prefix="anomaly-")
    _add_output_options(analyze)

    anomalies = commands.add_parser("anomalies", help="find spikes in a daily cost series")
    series = anomalies.add_mutually_exclusive_group(required=True)
    series.add_argument("--demo", action="store_true", help="the bundled 60-day sample")
    series.add_argument("--csv", type=Path, help="a CSV with date,amount_usd columns")
    series.add_argument(
        "--cost-explorer",
        action="store_true",
        help="fetch daily unblended cost from AWS Cost Explorer (charged per request)",
    )
    anomalies.add_argument("--days", type=_positive_int, default=60, help="days to fetch")
    _add_anomaly_options(anomalies)
    _add_output_options(anomalies)

    commands.add_parser("prices", help="show the bundled price table's date and regions")
    return parser


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}")


def make_session(profile: str | None) -> boto3.session.Session:
    """A boto3 session from the usual credential chain (env vars, profile, SSO, role)."""
    return boto3.Session(profile_name=profile)


def _collect(args: argparse.Namespace) -> Inventory:
    if args.demo:
        return SampleCollector().collect()
    if args.inventory is not None:
        return SampleCollector(args.inventory.read_text(encoding="utf-8")).collect()
    session = make_session(args.profile)
    regions: list[str] = args.region or [session.region_name or "us-east-1"]
    found = [aws_collector(session, region, args.lookback_days).collect() for region in regions]
    return reduce(Inventory.merge, found)


def _analyze(args: argparse.Namespace, currency: CurrencyConfig) -> int:
    prices = load_price_table()
    inventory = _collect(args)
    required = dict(args.tag)
    if args.project_only:
        required[settings.PROJECT_TAG_KEY] = settings.PROJECT_TAG_VALUE
    if required:
        inventory = inventory.only_tagged(required)
    policy = Policy(
        cpu_average_below=args.cpu_average_below,
        cpu_peak_below=args.cpu_peak_below,
        snapshot_max_age_days=args.snapshot_max_age_days,
        idle_lb_requests=args.idle_lb_requests,
    )
    analysis = Analyzer(prices, policy).analyze(inventory)
    costs: list[DailyCost] | None = None
    if args.demo:
        costs = sample_daily_costs()
    elif args.costs_csv is not None:
        costs = parse_cost_csv(args.costs_csv.read_text(encoding="utf-8"))
    anomaly_settings: dict[str, float] = {}
    found_anomalies: list[Anomaly] = []
    if costs is not None:
        anomaly_settings = {
            "threshold": args.anomaly_threshold,
            "window": args.anomaly_window,
            "min_impact": args.anomaly_min_impact,
            "min_impact_percent": args.anomaly_min_impact_percent,
        }
        found_anomalies = detect_anomalies(
            costs,
            window=args.anomaly_window,
            threshold=args.anomaly_threshold,
            min_impact=args.anomaly_min_impact,
            min_impact_ratio=args.anomaly_min_impact_percent / 100,
        )
    report = Report(
        recommendations=analysis.recommendations,
        currency=currency,
        generated_at=inventory.collected_at,
        price_table_date=prices.as_of,
        notes=analysis.notes,
        anomalies=found_anomalies,
        anomaly_settings=anomaly_settings,
    )
    _emit(render(report, args.format), args.output)
    return 0


def _anomalies(args: argparse.Namespace, currency: CurrencyConfig) -> int:
    if args.demo:
        costs = sample_daily_costs()
    elif args.csv is not None:
        costs = parse_cost_csv(args.csv.read_text(encoding="utf-8"))
    else:
        session = make_session(args.profile)
        source = CostExplorerSource(session.client("ce", region_name="us-east-1"))
        end = datetime.now(UTC).date()  # Cost Explorer days are UTC dates
        costs = source.daily_costs(end - timedelta(days=args.days), end)
    found = detect_anomalies(
        costs,
        window=args.window,
        threshold=args.threshold,
        min_impact=args.min_impact,
        min_impact_ratio=args.min_impact_percent / 100,
    )
    _emit(render_anomalies(found, currency, args.format), args.output)
    return 0


def _prices() -> int:
    prices = load_price_table()
    print(f"Price table of {prices.as_of} (USD, {prices.hours_per_month} hours per month)")
    print(f"Source: {prices.source}")
    for name, region in sorted(prices.regions.items()):
        print(f"  {name}: {len(region.ec2_hourly)} instance types")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "prices":
        return _prices()
    try:
        currency = resolve_currency(args.currency, args.rate)
    except ValueError as error:
        parser.error(str(error))
    try:
        if args.command == "analyze":
            return _analyze(args, currency)
        return _anomalies(args, currency)
    except (BotoCoreError, ClientError) as error:
        print(f"error: AWS request failed: {error}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
