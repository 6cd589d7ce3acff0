"""Canary analysis: compare a canary's metrics with the baseline and decide what to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction

from pydantic import BaseModel, ConfigDict, Field


class Decision(Enum):
    """Outcome of one analysis round, or of a whole rollout.

    INCONCLUSIVE ends a rollout whose analysis never had enough data to judge (as
    Kayenta's marginal score, Flagger's failed checks or an Argo Rollouts analysis run
    ending Inconclusive): the new version is *not* promoted and traffic goes back.
    """

    PROMOTE = "PROMOTE"
    CONTINUE = "CONTINUE"
    ROLLBACK = "ROLLBACK"
    INCONCLUSIVE = "INCONCLUSIVE"


def _exact(value: float) -> Fraction:
    """A policy number as the decimal it was written as (0.01 is 1/100, not 0.01000...02)."""
    return Fraction(repr(value))


@dataclass(frozen=True)
class Metrics:
    """Request metrics of one version over one observation window."""

    requests: int
    errors: int
    p95_latency_ms: float

    def __post_init__(self) -> None:
        if self.requests < 0 or self.errors < 0 or self.p95_latency_ms < 0:
            raise ValueError("metrics must not be negative")
        if self.errors > self.requests:
            raise ValueError("errors cannot exceed requests")

    @property
    def error_rate(self) -> float:
        """Share of failed requests; 0.0 when there was no traffic."""
        return self.errors / self.requests if self.requests else 0.0


class AnalysisPolicy(BaseModel):
    """Thresholds for :func:`decide`; part of a pipeline's ``deploy`` section."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_requests: int = Field(default=100, ge=1, description="below this: not enough data")
    promote_min_requests: int = Field(
        default=1000, ge=1, description="a healthy canary with this much traffic is promoted"
    )
    max_error_rate: float = Field(default=0.05, ge=0, le=1, description="absolute ceiling")
    max_error_rate_delta: float = Field(
        default=0.01, ge=0, le=1, description="allowed increase over the baseline"
    )
    max_latency_ratio: float = Field(
        default=1.25, ge=1, description="allowed canary p95 / baseline p95"
    )


@dataclass(frozen=True)
class Analysis:
    """A decision together with the reasons that led to it."""

    decision: Decision
    reasons: list[str] = field(default_factory=list)


def analyze(baseline: Metrics, canary: Metrics, policy: AnalysisPolicy | None = None) -> Analysis:
    """Judge the canary against the baseline.

    ROLLBACK when the canary breaks a threshold, CONTINUE while it is healthy but has not
    served enough requests to be trusted (or the baseline has too little traffic to
    compare with), PROMOTE once it is healthy with enough traffic. Rates and ratios are
    compared exactly (fractions), so 6 % -> 7 % with a 1 pp delta passes like 2 % -> 3 %.
    """
    policy = policy or AnalysisPolicy()
    if canary.requests < policy.min_requests:
        return Analysis(
            Decision.CONTINUE,
            [f"only {canary.requests} canary requests (need {policy.min_requests})"],
        )
    canary_rate = Fraction(canary.errors, canary.requests)
    problems: list[str] = []
    if canary_rate > _exact(policy.max_error_rate):
        problems.append(
            f"error rate {canary.error_rate:.2%} above ceiling {policy.max_error_rate:.2%}"
        )
    if baseline.requests < policy.min_requests:
        # An empty baseline window makes every comparison vacuous: not a pass.
        reason = f"baseline has only {baseline.requests} requests (need {policy.min_requests})"
        if problems:
            return Analysis(Decision.ROLLBACK, problems)
        return Analysis(Decision.CONTINUE, [reason])
    baseline_rate = Fraction(baseline.errors, baseline.requests)
    if canary_rate > baseline_rate + _exact(policy.max_error_rate_delta):
        problems.append(
            f"error rate {canary.error_rate:.2%} vs baseline {baseline.error_rate:.2%} "
            f"(allowed +{policy.max_error_rate_delta:.2%})"
        )
    if baseline.p95_latency_ms > 0 and (
        _exact(canary.p95_latency_ms)
        > _exact(baseline.p95_latency_ms) * _exact(policy.max_latency_ratio)
    ):
        problems.append(
            f"p95 {canary.p95_latency_ms:.0f} ms vs baseline {baseline.p95_latency_ms:.0f} ms "
            f"(allowed x{policy.max_latency_ratio:g})"
        )
    if problems:
        return Analysis(Decision.ROLLBACK, problems)
    if canary.requests >= policy.promote_min_requests:
        return Analysis(Decision.PROMOTE, [f"healthy over {canary.requests} requests"])
    return Analysis(
        Decision.CONTINUE,
        [f"healthy so far ({canary.requests}/{policy.promote_min_requests} requests)"],
    )


def decide(baseline: Metrics, canary: Metrics, policy: AnalysisPolicy | None = None) -> Decision:
    """Return PROMOTE, CONTINUE or ROLLBACK for the canary (see :func:`analyze`)."""
    return analyze(baseline, canary, policy).decision
