"""Reports: plain-text table, CSV, JSON and Markdown, each with totals per category.

Money is stored in USD and converted here, once, with the report's currency.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .anomalies import Anomaly
from .currency import CurrencyConfig
from .models import Category, Recommendation

FORMATS = ("table", "csv", "json", "markdown")


@dataclass(frozen=True)
class CategoryTotal:
    category: Category
    count: int
    monthly_savings: float  # USD


@dataclass(frozen=True)
class Report:
    recommendations: Sequence[Recommendation]
    currency: CurrencyConfig
    generated_at: datetime
    price_table_date: str
    notes: Sequence[str] = ()
    anomalies: Sequence[Anomaly] = ()
    anomaly_settings: dict[str, float] = field(default_factory=dict)

    @property
    def total_monthly_savings(self) -> float:
        return sum(r.estimated_monthly_savings for r in self.recommendations)


def totals_by_category(recommendations: Sequence[Recommendation]) -> list[CategoryTotal]:
    """One total per category, in a fixed order, including categories with nothing found."""
    return [
        CategoryTotal(
            category=category,
            count=sum(1 for r in recommendations if r.category is category),
            monthly_savings=sum(
                r.estimated_monthly_savings for r in recommendations if r.category is category
            ),
        )
        for category in Category
    ]


def _money(report: Report, usd: float) -> str:
    return f"{report.currency.convert(usd):,.2f}"


def _header_lines(report: Report) -> list[str]:
    currency = report.currency
    rate = "" if currency.code == "USD" else f" at 1 USD = {currency.rate:g} {currency.code}"
    return [
        f"Cost optimization report, generated {report.generated_at.isoformat()}",
        f"Amounts in {currency.code}{rate}; price table of {report.price_table_date}",
    ]


def _text_table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if index in numeric else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def render_table(report: Report) -> str:
    code = report.currency.code
    lines = [*_header_lines(report), ""]
    if report.recommendations:
        rows = [
            [
                r.category.value,
                r.resource_id,
                r.name,
                r.region,
                r.action,
                r.reason,
                _money(report, r.estimated_monthly_savings),
            ]
            for r in report.recommendations
        ]
        headers = ["CATEGORY", "RESOURCE", "NAME", "REGION", "ACTION", "REASON", f"{code}/MONTH"]
        lines += [_text_table(headers, rows, numeric={6}), ""]
    else:
        lines += ["No recommendations: nothing idle or oversized found.", ""]
    totals = totals_by_category(report.recommendations)
    total_rows = [
        [t.category.value, str(t.count), _money(report, t.monthly_savings)] for t in totals
    ]
    total = report.total_monthly_savings
    total_rows.append(["TOTAL", str(len(report.recommendations)), _money(report, total)])
    lines += [
        "Totals per category",
        _text_table(["CATEGORY", "COUNT", f"{code}/MONTH"], total_rows, numeric={1, 2}),
        f"Estimated savings: {report.currency.format(total)} per month, "
        f"{report.currency.format(total * 12)} per year",
    ]
    if report.anomaly_settings:
        lines += ["", _anomaly_title(report)]
        if report.anomalies:
            rows = [
                [
                    a.day.isoformat(),
                    _money(report, a.amount),
                    _money(report, a.expected),
                    f"{a.z_score:.1f}",
                ]
                for a in report.anomalies
            ]
            headers = ["DAY", f"COST {code}", f"EXPECTED {code}", "Z"]
            lines.append(_text_table(headers, rows, numeric={1, 2, 3}))
        else:
            lines.append("No anomalies.")
    if report.notes:
        lines += ["", "Notes", *(f"- {note}" for note in report.notes)]
    return "\n".join(lines) + "\n"


def _anomaly_title(report: Report) -> str:
    settings = report.anomaly_settings
    title = (
        f"Daily cost anomalies (z >= {settings.get('threshold', 0):g} "
        f"over a {settings.get('window', 0):g}-day trailing window"
    )
    if "min_impact" in settings:
        title += (
            f", at least {settings['min_impact']:g} USD and "
            f"{settings.get('min_impact_percent', 0):g} % above expected"
        )
    return title + ")"


def _csv_safe(value: str) -> str:
    """Keep spreadsheet apps from running tag values such as ``=HYPERLINK(...)``."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def render_csv(report: Report) -> str:
    """One row per recommendation, then one ``category-total`` row per category and a
    ``grand-total`` row; filter on ``row_type`` to get either part."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    code = report.currency.code
    writer.writerow(
        [
            "row_type",
            "category",
            "resource_id",
            "name",
            "region",
            "action",
            "reason",
            f"current_monthly_cost_{code.lower()}",
            f"estimated_monthly_savings_{code.lower()}",
        ]
    )
    for r in report.recommendations:
        writer.writerow(
            [
                "recommendation",
                r.category.value,
                _csv_safe(r.resource_id),
                _csv_safe(r.name),
                r.region,
                r.action,
                _csv_safe(r.reason),
                f"{report.currency.convert(r.current_monthly_cost):.2f}",
                f"{report.currency.convert(r.estimated_monthly_savings):.2f}",
            ]
        )
    for total in totals_by_category(report.recommendations):
        writer.writerow(
            [
                "category-total",
                total.category.value,
                "",
                "",
                "",
                f"{total.count} recommendation(s)",
                "",
                "",
                f"{report.currency.convert(total.monthly_savings):.2f}",
            ]
        )
    writer.writerow(
        [
            "grand-total",
            "",
            "",
            "",
            "",
            f"{len(report.recommendations)} recommendation(s)",
            "",
            "",
            f"{report.currency.convert(report.total_monthly_savings):.2f}",
        ]
    )
    return buffer.getvalue()


def report_to_dict(report: Report) -> dict[str, Any]:
    convert = report.currency.convert
    return {
        "generated_at": report.generated_at.isoformat(),
        "currency": {"code": report.currency.code, "rate_per_usd": report.currency.rate},
        "price_table_date": report.price_table_date,
        "recommendations": [
            {
                "category": r.category.value,
                "resource_id": r.resource_id,
                "name": r.name,
                "region": r.region,
                "action": r.action,
                "reason": r.reason,
                "current_monthly_cost": round(convert(r.current_monthly_cost), 2),
                "estimated_monthly_savings": round(convert(r.estimated_monthly_savings), 2),
            }
            for r in report.recommendations
        ],
        "totals": {
            t.category.value: {
                "count": t.count,
                "monthly_savings": round(convert(t.monthly_savings), 2),
            }
            for t in totals_by_category(report.recommendations)
        },
        "total_monthly_savings": round(convert(report.total_monthly_savings), 2),
        "total_annual_savings": round(convert(report.total_monthly_savings * 12), 2),
        "anomalies": [
            {
                "day": a.day.isoformat(),
                "amount": round(convert(a.amount), 2),
                "expected": round(convert(a.expected), 2),
                "z_score": round(a.z_score, 2),
            }
            for a in report.anomalies
        ],
        "notes": list(report.notes),
    }


def render_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), indent=2) + "\n"


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    code = report.currency.code
    total = report.total_monthly_savings
    lines = [
        "# Cost optimization report",
        "",
        *(f"{line}  " for line in _header_lines(report)),
        "",
        f"**Estimated savings: {report.currency.format(total)} per month "
        f"({report.currency.format(total * 12)} per year).**",
        "",
        "## Totals per category",
        "",
        f"| Category | Count | Savings ({code}/month) |",
        "|---|---:|---:|",
        *(
            f"| {t.category.value} | {t.count} | {_money(report, t.monthly_savings)} |"
            for t in totals_by_category(report.recommendations)
        ),
        f"| **Total** | **{len(report.recommendations)}** | **{_money(report, total)}** |",
        "",
        "## Recommendations",
        "",
    ]
    if report.recommendations:
        lines += [
            f"| Category | Resource | Name | Region | Action | Reason | {code}/month |",
            "|---|---|---|---|---|---|---:|",
            *(
                f"| {r.category.value} | `{_md(r.resource_id)}` | {_md(r.name)} | {r.region} "
                f"| {_md(r.action)} | {_md(r.reason)} "
                f"| {_money(report, r.estimated_monthly_savings)} |"
                for r in report.recommendations
            ),
        ]
    else:
        lines.append("Nothing idle or oversized found.")
    if report.anomaly_settings:
        lines += ["", f"## {_anomaly_title(report)}", ""]
        if report.anomalies:
            lines += [
                f"| Day | Cost ({code}) | Expected ({code}) | z |",
                "|---|---:|---:|---:|",
                *(
                    f"| {a.day.isoformat()} | {_money(report, a.amount)} "
                    f"| {_money(report, a.expected)} | {a.z_score:.1f} |"
                    for a in report.anomalies
                ),
            ]
        else:
            lines.append("No anomalies.")
    if report.notes:
        lines += ["", "## Notes", "", *(f"- {_md(note)}" for note in report.notes)]
    return "\n".join(lines) + "\n"


def render(report: Report, fmt: str) -> str:
    renderers = {
        "table": render_table,
        "csv": render_csv,
        "json": render_json,
        "markdown": render_markdown,
    }
    try:
        return renderers[fmt](report)
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None


def render_anomalies(anomalies: Sequence[Anomaly], currency: CurrencyConfig, fmt: str) -> str:
    """The anomalies alone (for the ``anomalies`` command), in any of ``FORMATS``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    code = currency.code
    headers = ["day", f"cost_{code.lower()}", f"expected_{code.lower()}", "z_score"]
    rows = [
        [
            a.day.isoformat(),
            f"{currency.convert(a.amount):.2f}",
            f"{currency.convert(a.expected):.2f}",
            f"{a.z_score:.2f}",
        ]
        for a in anomalies
    ]
    if fmt == "json":
        records = [dict(zip(headers, row, strict=True)) for row in rows]
        return json.dumps({"currency": code, "anomalies": records}, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerows([headers, *rows])
        return buffer.getvalue()
    if fmt == "markdown":
        lines = [
            "| " + " | ".join(headers) + " |",
            "|---|---:|---:|---:|",
            *("| " + " | ".join(row) + " |" for row in rows),
        ]
        return "\n".join(lines) + "\n"
    if not rows:
        return "No anomalies.\n"
    return _text_table([h.upper() for h in headers], rows, numeric={1, 2, 3}) + "\n"
