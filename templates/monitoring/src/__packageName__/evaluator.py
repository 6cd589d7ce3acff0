"""Alert evaluation: a pending -> firing -> resolved state machine per rule and label set."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from .models import Alert, AlertState, Sample, fingerprint
from .rules import AlertRule, render_template


class Evaluator:
    """Keeps the active alerts between evaluations; feed it samples and the current time.

    Semantics follow Prometheus: a true condition starts a *pending* alert; once it has
    been true for the rule's ``for`` duration it is *firing*; when the condition (or its
    series) goes away a firing alert is reported once as *resolved* and a pending one is
    silently dropped.
    """

    def __init__(self, rules: Sequence[AlertRule]) -> None:
        self.rules = tuple(rules)
        self._active: dict[str, Alert] = {}

    @property
    def active(self) -> list[Alert]:
        """Pending and firing alerts after the last evaluation."""
        return sorted(self._active.values(), key=_sort_key)

    def evaluate(self, samples: Iterable[Sample], now: float) -> list[Alert]:
        """Advance every alert to ``now``; returns active alerts plus those just resolved."""
        samples = list(samples)
        current: dict[str, Alert] = {}
        for rule in self.rules:
            for sample in samples:
                if sample.name != rule.metric or not rule.matches(sample.labels):
                    continue
                if not rule.condition(sample.value):
                    continue
                alert = self._advance(rule, sample, now)
                current[alert.fingerprint] = alert
        resolved = [
            replace(alert, state=AlertState.RESOLVED, previous=alert.state, resolved_at=now)
            for key, alert in self._active.items()
            if key not in current and alert.state is AlertState.FIRING
        ]
        self._active = current
        return sorted([*current.values(), *resolved], key=_sort_key)

    def _advance(self, rule: AlertRule, sample: Sample, now: float) -> Alert:
        labels = {**sample.labels, **rule.labels, "alertname": rule.alert}
        annotations = {
            key: render_template(text, labels, sample.value)
            for key, text in rule.annotations.items()
        }
        previous = self._active.get(fingerprint(labels))
        if previous is None:
            alert = Alert(
                name=rule.alert,
                labels=labels,
                annotations=annotations,
                state=AlertState.PENDING,
                previous=AlertState.INACTIVE,
                value=sample.value,
                active_since=now,
            )
        else:
            alert = replace(
                previous, annotations=annotations, previous=previous.state, value=sample.value
            )
        if alert.state is AlertState.PENDING and now - alert.active_since >= rule.for_:
            alert = replace(alert, state=AlertState.FIRING, fired_at=now)
        return alert


def _sort_key(alert: Alert) -> tuple[str, list[tuple[str, str]]]:
    return (alert.name, sorted(alert.labels.items()))
