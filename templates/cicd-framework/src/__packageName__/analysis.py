"""Canary analysis: compare a canary's metrics with the baseline and decide what to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class Decision(Enum):
    """Outcome of one analysis round."""

    PROMOTE = "PROMOTE"
    CONTINUE = "CONTINUE"
    ROLLBACK = "ROLLBACK"


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
    served enough requests to be trusted, PROMOTE once it is healthy with enough traffic.
    """
    policy = policy or AnalysisPolicy()
    if canary.requests < policy.min_requests:
        return Analysis(
            Decision.CONTINUE,
            [f"only {canary.requests} canary requests (need {policy.min_requests})"],
        )
    problems: list[str] = []
    if canary.error_rate > policy.max_error_rate:
        problems.append(
            f"error rate {canary.error_rate:.2%} above ceiling {policy.max_error_rate:.2%}"
        )
    if canary.error_rate > baseline.error_rate + policy.max_error_rate_delta:
        problems.append(
            f"error rate {canary.error_rate:.2%} vs baseline {baseline.error_rate:.2%} "
            f"(allowed +{policy.max_error_rate_delta:.2%})"
        )
    if baseline.p95_latency_ms > 0 and (
        canary.p95_latency_ms > baseline.p95_latency_ms * policy.max_latency_ratio
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
