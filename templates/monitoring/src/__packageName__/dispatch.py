"""Turns alerts into notifications: deduplication, grouping and rate limiting."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from .models import Alert, AlertState, Notification, NotificationStatus
from .notifiers import Notifier, NotifierError
from .rules import RateLimit, Routing

Outcome = Literal["sent", "failed", "rate_limited"]


class RateLimiter:
    """Sliding window: at most ``limit.max_notifications`` events within ``limit.per`` s."""

    def __init__(self, limit: RateLimit) -> None:
        self.limit = limit
        self._events: deque[float] = deque()

    def allow(self, now: float) -> bool:
        while self._events and self._events[0] <= now - self.limit.per:
            self._events.popleft()
        if len(self._events) >= self.limit.max_notifications:
            return False
        self._events.append(now)
        return True


@dataclass(frozen=True)
class Delivery:
    """What happened to one notification for one notifier."""

    notifier: str
    notification: Notification
    outcome: Outcome
    error: str = ""


def group_alerts(
    alerts: Iterable[Alert], group_by: Sequence[str], status: NotificationStatus
) -> list[Notification]:
    """One notification per distinct value of the ``group_by`` labels."""
    groups: dict[tuple[str, ...], list[Alert]] = {}
    for alert in alerts:
        key = tuple(alert.labels.get(label, "") for label in group_by)
        groups.setdefault(key, []).append(alert)
    return [
        Notification(status, dict(zip(group_by, key, strict=True)), tuple(members))
        for key, members in sorted(groups.items())
    ]


class Dispatcher:
    """Sends firing and resolved alerts to every notifier, each with its own state.

    - deduplication: a firing alert is sent once, then again only every
      ``routing.repeat_interval`` seconds while it keeps firing;
    - resolved alerts are sent only if their firing was delivered, and are kept until
      the resolve is delivered too (as Alertmanager keeps resolved alerts until notified),
      so a failed or rate-limited resolve is retried and the incident still closes;
    - grouping: alerts sharing the ``routing.group_by`` labels go out as one message;
    - rate limiting: per notifier; a limited or failed notification is retried on the
      next dispatch because it was never marked as delivered.
    """

    def __init__(self, notifiers: Sequence[Notifier], routing: Routing) -> None:
        self.notifiers = tuple(notifiers)
        self.routing = routing
        self._limiters = {notifier.name: RateLimiter(routing.rate_limit) for notifier in notifiers}
        self._last_sent: dict[tuple[str, str], float] = {}
        self._unsent_resolved: dict[tuple[str, str], Alert] = {}
        self.deduplicated = 0

    def dispatch(self, alerts: Iterable[Alert], now: float) -> list[Delivery]:
        alerts = list(alerts)
        deliveries: list[Delivery] = []
        for notifier in self.notifiers:
            firing, resolved = self._due(notifier.name, alerts, now)
            notifications = group_alerts(firing, self.routing.group_by, "firing")
            notifications += group_alerts(resolved, self.routing.group_by, "resolved")
            for notification in notifications:
                deliveries.append(self._deliver(notifier, notification, now))
        return deliveries

    def _due(self, name: str, alerts: list[Alert], now: float) -> tuple[list[Alert], list[Alert]]:
        firing: list[Alert] = []
        resolved: list[Alert] = []
        for alert in alerts:
            key = (name, alert.fingerprint)
            last = self._last_sent.get(key)
            if alert.state is AlertState.FIRING:
                # Firing again before its resolve went out: the resolve is stale.
                self._unsent_resolved.pop(key, None)
                if last is None or now - last >= self.routing.repeat_interval:
                    firing.append(alert)
                else:
                    self.deduplicated += 1
            elif alert.state is AlertState.RESOLVED and last is not None:
                del self._last_sent[key]
                if self.routing.send_resolved:
                    self._unsent_resolved[key] = alert
        resolved = [
            alert for (notifier, _), alert in self._unsent_resolved.items() if notifier == name
        ]
        return firing, resolved

    def _deliver(self, notifier: Notifier, notification: Notification, now: float) -> Delivery:
        if not self._limiters[notifier.name].allow(now):
            return Delivery(notifier.name, notification, "rate_limited")
        try:
            notifier.send(notification)
        except NotifierError as exc:
            return Delivery(notifier.name, notification, "failed", str(exc))
        for alert in notification.alerts:
            key = (notifier.name, alert.fingerprint)
            if notification.status == "firing":
                self._last_sent[key] = now
            else:
                del self._unsent_resolved[key]
        return Delivery(notifier.name, notification, "sent")
