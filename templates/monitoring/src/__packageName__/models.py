"""Plain data passed between collectors, the evaluator, the dispatcher and notifiers."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal


@dataclass(frozen=True)
class Sample:
    """One observed value of a metric (name without the project prefix)."""

    name: str
    value: float
    labels: Mapping[str, str] = field(default_factory=dict)


class AlertState(Enum):
    """Lifecycle of one alert instance (one rule, one label set)."""

    INACTIVE = "inactive"
    PENDING = "pending"
    FIRING = "firing"
    RESOLVED = "resolved"


def fingerprint(labels: Mapping[str, str]) -> str:
    """Stable identity of a label set (order independent)."""
    canonical = "\x1f".join(f"{key}={labels[key]}" for key in sorted(labels))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Alert:
    """State of one alert instance after an evaluation."""

    name: str
    labels: Mapping[str, str]
    annotations: Mapping[str, str]
    state: AlertState
    previous: AlertState
    value: float
    active_since: float
    fired_at: float | None = None
    resolved_at: float | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.labels)

    @property
    def changed(self) -> bool:
        """True when this evaluation moved the alert to a new state."""
        return self.state is not self.previous

    @property
    def summary(self) -> str:
        return self.annotations.get("summary", self.name)


NotificationStatus = Literal["firing", "resolved"]


@dataclass(frozen=True)
class Notification:
    """A group of alerts with the same status and grouping labels, sent as one message."""

    status: NotificationStatus
    group_labels: Mapping[str, str]
    alerts: tuple[Alert, ...]

    @property
    def title(self) -> str:
        group = ", ".join(f"{key}={value}" for key, value in sorted(self.group_labels.items()))
        return f"[{self.status.upper()}:{len(self.alerts)}] {group}"
