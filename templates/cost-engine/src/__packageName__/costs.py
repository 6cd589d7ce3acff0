"""Daily cost series: from a CSV file, the bundled sample, or AWS Cost Explorer."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Final

from .bundled import read_bundled

if TYPE_CHECKING:
    from mypy_boto3_ce import CostExplorerClient
    from mypy_boto3_ce.type_defs import ExpressionTypeDef

USAGE_ONLY: Final[ExpressionTypeDef] = {"Dimensions": {"Key": "RECORD_TYPE", "Values": ["Usage"]}}
"""Cost Explorer filter to usage records: without it credits and refunds (negative),
tax and upfront fees (monthly lumps) land in the daily series as false drops and spikes."""


@dataclass(frozen=True)
class DailyCost:
    day: date
    amount: float  # USD


def parse_cost_csv(text: str) -> list[DailyCost]:
    """Parse ``date,amount_usd`` rows (header required), sorted by date."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"date", "amount_usd"} - set(reader.fieldnames or [])
    if missing:
        raise ValueError(f"cost CSV is missing column(s): {', '.join(sorted(missing))}")
    series = [
        DailyCost(day=date.fromisoformat(row["date"]), amount=float(row["amount_usd"]))
        for row in reader
    ]
    return sorted(series, key=lambda point: point.day)


def sample_daily_costs() -> list[DailyCost]:
    """60 days of the sample account's spend, with one known spike (2025-01-09)."""
    return parse_cost_csv(read_bundled("sample_daily_costs.csv"))


class CostExplorerSource:
    """Daily unblended cost of usage records from AWS Cost Explorer (``ce:GetCostAndUsage``).

    Cost Explorer is a global API served from us-east-1 and charges per request, so
    fetch once per run.
    """

    def __init__(self, client: CostExplorerClient) -> None:
        self._client = client

    def daily_costs(self, start: date, end: date) -> list[DailyCost]:
        """Costs for each day in ``[start, end)``."""
        series: list[DailyCost] = []
        token: str | None = None
        while True:
            if token:
                response = self._client.get_cost_and_usage(
                    TimePeriod={"Start": start.isoformat(), "End": end.isoformat()},
                    Granularity="DAILY",
                    Metrics=["UnblendedCost"],
                    Filter=USAGE_ONLY,
                    NextPageToken=token,
                )
            else:
                response = self._client.get_cost_and_usage(
                    TimePeriod={"Start": start.isoformat(), "End": end.isoformat()},
                    Granularity="DAILY",
                    Metrics=["UnblendedCost"],
                    Filter=USAGE_ONLY,
                )
            for result in response.get("ResultsByTime", []):
                amount = result.get("Total", {}).get("UnblendedCost", {}).get("Amount", "0")
                day = date.fromisoformat(result.get("TimePeriod", {}).get("Start", ""))
                series.append(DailyCost(day=day, amount=float(amount)))
            token = response.get("NextPageToken")
            if not token:
                return series
