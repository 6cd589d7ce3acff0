"""Artefacts for the wider Prometheus stack: an alerting-rules file and a Grafana dashboard."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from .metrics import metric_name
from .rules import LABEL_NAME, AlertRule, MonitorConfig, format_duration
from .settings import METRIC_PREFIX, SERVICE_NAME

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _quoted(text: str) -> str:
    """A double-quoted string literal for PromQL and Go templates (same escapes as JSON)."""
    return json.dumps(text, ensure_ascii=False)


def _go_literal(text: str) -> str:
    """Literal text inside a Go template: anything with a brace becomes a string action,
    so a ``{{`` of the user's is never parsed as a template action."""
    if "{" not in text:
        return text
    return "{{ " + _quoted(text) + " }}"


def _go_template(text: str) -> str:
    """Our ``{label}``/``{value}`` placeholders in Prometheus' Go-template syntax."""
    out: list[str] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        out.append(_go_literal(text[position : match.start()]))
        key = match.group(1)
        if key == "value":
            out.append("{{ $value }}")
        elif LABEL_NAME.match(key):
            out.append("{{ $labels." + key + " }}")
        # else: no series can carry that label, so it renders empty in both worlds.
        position = match.end()
    out.append(_go_literal(text[position:]))
    return "".join(out)


def _number(value: float) -> str:
    """An exact PromQL number literal: whole numbers without ".0", else the shortest
    round-trip repr (PromQL parses either back to the same float64)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def promql(rule: AlertRule) -> str:
    """The PromQL expression equivalent to ``rule``.

    The threshold is printed exactly (see :func:`_number`) and matcher values are
    quoted with escapes.
    """
    selector = ""
    if rule.matchers:
        inner = ",".join(f"{key}={_quoted(value)}" for key, value in sorted(rule.matchers.items()))
        selector = "{" + inner + "}"
    return f"{metric_name(rule.metric)}{selector} {rule.op} {_number(rule.threshold)}"


def prometheus_rules(config: MonitorConfig) -> str:
    """A Prometheus alerting-rules file (``rule_files:``) equivalent to ``config.rules``."""
    rules: list[dict[str, Any]] = []
    for rule in config.rules:
        entry: dict[str, Any] = {"alert": rule.alert, "expr": promql(rule)}
        if rule.for_:
            entry["for"] = format_duration(rule.for_)
        if rule.labels:
            entry["labels"] = {k: _go_literal(v) for k, v in rule.labels.items()}
        if rule.annotations:
            entry["annotations"] = {k: _go_template(v) for k, v in rule.annotations.items()}
        rules.append(entry)
    document = {"groups": [{"name": f"{METRIC_PREFIX}_alerts", "rules": rules}]}
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def _panel(
    panel_id: int, title: str, expr: str, legend: str, unit: str, kind: str = "timeseries"
) -> dict[str, Any]:
    width = 12
    return {
        "id": panel_id,
        "type": kind,
        "title": title,
        "datasource": {"type": "prometheus", "uid": "${datasource}"},
        "gridPos": {
            "h": 8,
            "w": width,
            "x": ((panel_id - 1) % 2) * width,
            "y": ((panel_id - 1) // 2) * 8,
        },
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "targets": [
            {
                "refId": "A",
                "datasource": {"type": "prometheus", "uid": "${datasource}"},
                "expr": expr,
                "legendFormat": legend,
            }
        ],
    }


def grafana_dashboard() -> dict[str, Any]:
    """A Grafana dashboard (JSON model) over this service's metrics."""
    job = 'job=~"$job"'
    panels = [
        ("CPU", f"{metric_name('host_cpu_percent')}{{{job}}}", "{{instance}}", "percent"),
        ("Memory", f"{metric_name('host_memory_percent')}{{{job}}}", "{{instance}}", "percent"),
        (
            "Disk used",
            f"{metric_name('host_disk_percent')}{{{job}}}",
            "{{instance}} {{mountpoint}}",
            "percent",
        ),
        ("Load (1m)", f"{metric_name('host_load1')}{{{job}}}", "{{instance}}", "short"),
        ("Probe up", f"{metric_name('probe_up')}{{{job}}}", "{{target}}", "bool_yes_no"),
        (
            "Probe duration",
            f"{metric_name('probe_duration_seconds')}{{{job}}}",
            "{{target}}",
            "s",
        ),
        ("Probe HTTP status", f"{metric_name('probe_status_code')}{{{job}}}", "{{target}}", "none"),
        (
            "Alerts by state",
            f"sum by (alertname, state) ({metric_name('alerts')}{{{job}}})",
            "{{alertname}} {{state}}",
            "short",
        ),
        (
            "Notifications / 5m",
            "sum by (notifier, outcome) "
            f"(increase({metric_name('notifications_total')}{{{job}}}[5m]))",
            "{{notifier}} {{outcome}}",
            "short",
        ),
    ]
    return {
        "uid": METRIC_PREFIX.replace("_", "-")[:40],
        "title": f"{SERVICE_NAME} monitoring",
        "tags": [SERVICE_NAME, "monitoring"],
        "timezone": "browser",
        "schemaVersion": 39,
        "version": 1,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "templating": {
            "list": [
                {"name": "datasource", "type": "datasource", "query": "prometheus"},
                {
                    "name": "job",
                    "type": "query",
                    "datasource": {"type": "prometheus", "uid": "${datasource}"},
                    "query": f"label_values({metric_name('host_cpu_percent')}, job)",
                    "includeAll": True,
                    "multi": True,
                    "current": {"text": "All", "value": "$__all"},
                },
            ]
        },
        "panels": [
            _panel(index, title, expr, legend, unit)
            for index, (title, expr, legend, unit) in enumerate(panels, start=1)
        ],
    }
