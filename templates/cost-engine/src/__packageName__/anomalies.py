"""Daily-cost anomaly detection with a trailing-window z-score.

Each day is compared with the days before it (not with the whole series, so a
spike cannot hide itself by inflating the mean). Days already flagged are left out
of later baselines for the same reason.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .costs import DailyCost


@dataclass(frozen=True)
class Anomaly:
    day: date
    amount: float
    expected: float
    z_score: float

    @property
    def excess(self) -> float:
        return self.amount - self.expected


def z_score(value: float, history: Sequence[float]) -> float:
    """How many standard deviations ``value`` lies above the mean of ``history``."""
    if len(history) < 2:
        raise ValueError("need at least two values of history")
    mean = statistics.fmean(history)
    spread = statistics.stdev(history)
    if spread == 0:
        if value == mean:
            return 0.0
        return math.copysign(math.inf, value - mean)
    return (value - mean) / spread


def detect_anomalies(
    series: Sequence[DailyCost],
    *,
    window: int = 14,
    threshold: float = 3.0,
    min_history: int = 7,
) -> list[Anomaly]:
    """Days whose cost is ``threshold`` or more standard deviations above the
    trailing ``window`` days. Only spikes are reported: a cost drop is not waste."""
    if window < 2 or min_history < 2:
        raise ValueError("window and min_history must be at least 2")
    if threshold <= 0:
        raise ValueError("threshold must be > 0")
    ordered = sorted(series, key=lambda point: point.day)
    baseline: list[float] = []
    found: list[Anomaly] = []
    for point in ordered:
        history = baseline[-window:]
        if len(history) >= min_history:
            score = z_score(point.amount, history)
            if score >= threshold:
                found.append(
                    Anomaly(
                        day=point.day,
                        amount=point.amount,
                        expected=statistics.fmean(history),
                        z_score=score,
                    )
                )
                continue
        baseline.append(point.amount)
    return found
