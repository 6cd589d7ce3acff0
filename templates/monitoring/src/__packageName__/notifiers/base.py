"""The notifier protocol, shared formatting and the dry-run notifier."""

from __future__ import annotations

from typing import Protocol, TextIO

from ..models import Alert, Notification


class NotifierError(Exception):
    """A notification could not be delivered."""


class Notifier(Protocol):
    """A channel notifications are delivered to."""

    @property
    def name(self) -> str: ...

    def send(self, notification: Notification) -> None:
        """Deliver ``notification`` or raise :class:`NotifierError`."""


def describe(alert: Alert) -> str:
    labels = ", ".join(
        f"{key}={value}" for key, value in sorted(alert.labels.items()) if key != "alertname"
    )
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
