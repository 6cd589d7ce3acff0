"""Configuration: probe targets, alert rules and notification routing, loaded from YAML."""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .metrics import CATALOGUE
from .yaml_loading import load_yaml

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Prometheus label (and annotation) names; names starting with "__" are reserved.
LABEL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: Stands for this service's own base URL in a probe target (``{self}/healthz``).
SELF_URL = "{self}"

Comparison = Literal[">", ">=", "<", "<=", "==", "!="]
_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}


def parse_duration(value: object) -> float:
    """Seconds from a Prometheus-style duration (``90s``, ``5m``, ``1h30m``) or a number."""
    if isinstance(value, bool):
        raise ValueError(f"invalid duration: {value!r}")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError(f"duration must not be negative: {value!r}")
        return float(value)
    if not isinstance(value, str):
        raise ValueError(f"invalid duration: {value!r}")
    text = value.strip()
    parts = _DURATION.findall(text)
    if not text or "".join(number + unit for number, unit in parts) != text:
        raise ValueError(f"invalid duration {value!r}; use e.g. 30s, 5m, 1h30m")
    return sum(float(number) * _UNIT_SECONDS[unit] for number, unit in parts)


def format_duration(seconds: float) -> str:
    """Prometheus duration string (``1h30m``); sub-second precision is rounded up."""
    remaining = max(0, int(-(-seconds // 1)))
    if remaining == 0:
        return "0s"
    out = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, remaining = divmod(remaining, size)
        if count:
            out.append(f"{count}{unit}")
    return "".join(out)


def go_float(value: float) -> str:
    """``value`` as Go prints a float64 with ``%v``, as Prometheus' ``{{ $value }}`` does.

    Shortest round-trip digits; exponent form below 1e-4 and from 1e+06 (``1e+06``).
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    mantissa, _, exponent_text = f"{abs(value)!r}".partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0").rstrip("0") or "0"
    if digits == "0":
        return sign + "0"
    # Position of the decimal point relative to the first significant digit.
    leading_zeros = len(whole + fraction) - len((whole + fraction).lstrip("0"))
    point = len(whole) - leading_zeros + int(exponent_text or 0)
    exponent = point - 1
    if exponent < -4 or exponent >= 6:
        tail = "." + digits[1:] if len(digits) > 1 else ""
        return f"{sign}{digits[0]}{tail}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def render_template(template: str, labels: Mapping[str, str], value: float) -> str:
    """Fill ``{label}`` and ``{value}`` placeholders the way Prometheus fills
    ``{{ $labels.x }}`` and ``{{ $value }}``: a missing label renders empty
    (Prometheus expands templates with ``missingkey=zero``)."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key == "value":
            return go_float(value)
        return labels.get(key, "")

    return _PLACEHOLDER.sub(replace, template)


def _label_names(names: Mapping[str, str], what: str) -> None:
    for name in names:
        if not LABEL_NAME.match(name) or name.startswith("__"):
            raise ValueError(
                f"invalid {what} name {name!r}: Prometheus label names match "
                "[A-Za-z_][A-Za-z0-9_]* and must not start with '__'"
            )


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProbeTarget(_Model):
    """An HTTP endpoint probed on every evaluation."""

    name: str = Field(min_length=1)
    url: str = Field(pattern=r"^(https?://|\{self\}/)")
    timeout: float = 5.0
    expect_status: tuple[int, ...] = ()

    @field_validator("timeout", mode="before")
    @classmethod
    def _timeout(cls, value: object) -> float:
        seconds = parse_duration(value)
        if seconds <= 0:
            raise ValueError("timeout must be positive")
        return seconds

    def accepts(self, status: int) -> bool:
        if self.expect_status:
            return status in self.expect_status
        return 200 <= status < 400


class AlertRule(_Model):
    """``metric op threshold`` held for ``for`` seconds fires an alert per label set."""

    alert: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    metric: str
    op: Comparison = ">"
    threshold: float = Field(allow_inf_nan=False)
    for_: float = Field(default=0.0, alias="for")
    matchers: dict[str, str] = Field(default_factory=dict)
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, value: str) -> str:
        if value not in CATALOGUE:
            known = ", ".join(sorted(CATALOGUE))
            raise ValueError(f"unknown metric {value!r}; known metrics: {known}")
        return value

    @model_validator(mode="after")
    def _prometheus_names(self) -> AlertRule:
        _label_names(self.matchers, "matcher label")
        _label_names(self.labels, "label")
        _label_names(self.annotations, "annotation")
        return self

    @field_validator("for_", mode="before")
    @classmethod
    def _for(cls, value: object) -> float:
        return parse_duration(value)

    def condition(self, value: float) -> bool:
        return _OPERATORS[self.op](value, self.threshold)

    def matches(self, labels: Mapping[str, str]) -> bool:
        return all(labels.get(key) == expected for key, expected in self.matchers.items())


class RateLimit(_Model):
    """At most ``max_notifications`` per notifier within any ``per`` seconds."""

    max_notifications: int = Field(default=10, ge=1)
    per: float = 60.0

    @field_validator("per", mode="before")
    @classmethod
    def _per(cls, value: object) -> float:
        seconds = parse_duration(value)
        if seconds <= 0:
            raise ValueError("rate limit window must be positive")
        return seconds


class Routing(_Model):
    """How alerts become notifications: grouping, repeats (dedup) and rate limiting."""

    group_by: tuple[str, ...] = ("alertname",)
    repeat_interval: float = 4 * 3600.0
    send_resolved: bool = True
    rate_limit: RateLimit = RateLimit()

    @field_validator("repeat_interval", mode="before")
    @classmethod
    def _repeat(cls, value: object) -> float:
        return parse_duration(value)


class MonitorConfig(_Model):
    """The whole YAML file: targets, rules and routing."""

    targets: tuple[ProbeTarget, ...] = ()
    rules: tuple[AlertRule, ...] = ()
    routing: Routing = Routing()

    @model_validator(mode="after")
    def _unique_names(self) -> MonitorConfig:
        for kind, names in (
            ("target", [target.name for target in self.targets]),
            ("alert rule", [rule.alert for rule in self.rules]),
        ):
            duplicates = sorted({name for name in names if names.count(name) > 1})
            if duplicates:
                raise ValueError(f"duplicate {kind} names: {', '.join(duplicates)}")
        return self


def parse_config(text: str) -> MonitorConfig:
    data: Any = load_yaml(text)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValueError("the configuration must be a YAML mapping")
    return MonitorConfig.model_validate(data)


def load_config(path: Path | None = None) -> MonitorConfig:
    """Load a config file, or the bundled ``data/monitoring.yaml`` when ``path`` is None."""
    if path is None:
        if not __package__:  # typed optional: a file run as a script has no package
            raise RuntimeError(f"{__name__} must be imported from its package to find its data")
        text = resources.files(__package__).joinpath("data/monitoring.yaml").read_text("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return parse_config(text)
