"""Daily-cost anomaly detection with a trailing-window z-score.

Each day is compared with the days before it (not with the whole series, so a
spike cannot hide itself by inflating the mean). Days already flagged are left out
of later baselines for the same reason, until the new level has lasted ``adapt_after``
days: then it is the normal, and the baseline restarts from it.

A z-score alone flags noise: on a flat series one cent is infinitely many standard
deviations. Like AWS Cost Anomaly Detection, whose alerts need a minimum total impact
in dollars and/or percent, a day only counts when it is also ``min_impact`` USD and
``min_impact_ratio`` of the expected cost above what was expected.
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


DEFAULT_MIN_IMPACT = 10.0
"""USD a day must exceed its expected cost by to be an anomaly."""
DEFAULT_MIN_IMPACT_RATIO = 0.10
"""Fraction of the expected cost a day must exceed it by (0.10 = 10 %)."""
DEFAULT_ADAPT_AFTER = 3
"""Consecutive anomalous days after which the new level becomes the baseline."""


def detect_anomalies(
    series: Sequence[DailyCost],
    *,
    window: int = 14,
    threshold: float = 3.0,
    min_history: int = 7,
    min_impact: float = DEFAULT_MIN_IMPACT,
    min_impact_ratio: float = DEFAULT_MIN_IMPACT_RATIO,
    adapt_after: int = DEFAULT_ADAPT_AFTER,
) -> list[Anomaly]:
    """Days whose cost is ``threshold`` or more standard deviations above the trailing
    ``window`` days *and* at least ``min_impact`` USD and ``min_impact_ratio`` above
    their mean. Only spikes are reported: a cost drop is not waste. After ``adapt_after``
    anomalous days in a row the level is taken as the new normal, so a permanent shift
    is reported on at most ``adapt_after`` days (then ``min_history`` days are learned)."""
    if window < 2 or min_history < 2:
        raise ValueError("window and min_history must be at least 2")
    if threshold <= 0:
        raise ValueError("threshold must be > 0")
    if min_impact < 0 or min_impact_ratio < 0:
        raise ValueError("min_impact and min_impact_ratio must be >= 0")
    if adapt_after < 1:
        raise ValueError("adapt_after must be at least 1")
    ordered = sorted(series, key=lambda point: point.day)
    baseline: list[float] = []
    run: list[float] = []  # consecutive anomalous days, kept out of the baseline
    found: list[Anomaly] = []
    for point in ordered:
        history = baseline[-window:]
        if len(history) >= min_history:
            expected = statistics.fmean(history)
            excess = point.amount - expected
            score = z_score(point.amount, history)
            impact = excess >= min_impact and excess >= min_impact_ratio * abs(expected)
            if score >= threshold and impact:
                found.append(Anomaly(point.day, point.amount, expected, score))
                run.append(point.amount)
                if len(run) >= adapt_after:
                    baseline, run = run, []  # the shifted level is the new normal
                continue
        run = []
        baseline.append(point.amount)
    return found
