"""The notifier protocol, shared formatting and the dry-run notifier."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, TextIO

from ..models import Alert, AlertState, Notification
from ..rules import format_duration

#: Marks a value copied from ``.env.example`` that nobody filled in.
PLACEHOLDER_MARKERS = ("REPLACE_ME", "REPLACE/ME")


class NotifierError(Exception):
    """A notification could not be delivered."""


class Notifier(Protocol):
    """A channel notifications are delivered to."""

    @property
    def name(self) -> str: ...

    def send(self, notification: Notification) -> None:
        """Deliver ``notification`` or raise :class:`NotifierError`."""


def setting(env: Mapping[str, str], name: str) -> str | None:
    """``env[name]`` when it is set to a real value; None when empty or a placeholder."""
    value = env.get(name, "").strip()
    if not value or any(marker in value.upper() for marker in PLACEHOLDER_MARKERS):
        return None
    return value


def describe(alert: Alert) -> str:
    """One line per alert; a resolved alert says so instead of repeating its firing text."""
    labels = ", ".join(
        f"{key}={value}" for key, value in sorted(alert.labels.items()) if key != "alertname"
    )
    if alert.state is AlertState.RESOLVED:
        lasted = ""
        if alert.fired_at is not None and alert.resolved_at is not None:
            lasted = f" after {format_duration(alert.resolved_at - alert.fired_at)}"
        return f"{alert.name} [resolved]{lasted} (last value={alert.value:g}; {labels})"
    return f"{alert.name} [{alert.state.value}] {alert.summary} (value={alert.value:g}; {labels})"


def render_text(notification: Notification) -> str:
    """Human-readable multi-line form: the title, then one line per alert."""
    lines = [notification.title, *(f"  {describe(alert)}" for alert in notification.alerts)]
    return "\n".join(lines)


class DryRunNotifier:
    """Records (and optionally prints) what would be sent; used by the demo and --dry-run."""

    name = "dry-run"

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream
        self.sent: list[Notification] = []

    def send(self, notification: Notification) -> None:
        self.sent.append(notification)
        if self.stream is not None:
            print(f"would notify: {render_text(notification)}", file=self.stream, flush=True)
