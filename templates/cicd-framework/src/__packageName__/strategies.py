"""Deployment strategies (blue-green, canary, rolling) with automatic rollback.

The strategies talk to the outside world only through three small protocols, so the
same code drives the local simulation (:mod:`.simulation`) and a real platform adapter
(Kubernetes, a service mesh, a load balancer, Prometheus...) that you add later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from .analysis import Analysis, Decision, Metrics, analyze
from .settings import StrategyName
from .spec import DeploySpec


class Platform(Protocol):
    """Runs versions of a service in named slots (``stable``, ``canary``, ``blue``...)."""

    def scale(self, service: str, slot: str, version: str, replicas: int) -> None:
        """Run ``replicas`` copies of ``version`` in ``slot``; 0 removes the slot."""
        ...

    def is_healthy(self, service: str, slot: str) -> bool:
        """Whether every replica in ``slot`` passes its health check."""
        ...


class TrafficRouter(Protocol):
    """Splits a service's traffic between slots."""

    def set_weights(self, service: str, weights: Mapping[str, int]) -> None:
        """Send ``weights[slot]`` percent of traffic to each slot (sums to 100)."""
        ...


class MetricsSource(Protocol):
    """Reads request metrics of one slot for the latest observation window."""

    def observe(self, service: str, slot: str) -> Metrics:
        """Metrics of ``slot`` over the last window."""
        ...


@dataclass(frozen=True)
class Target:
    """Everything a strategy needs to act on an environment."""

    platform: Platform
    router: TrafficRouter
    metrics: MetricsSource


@dataclass(frozen=True)
class RolloutStep:
    """One analysis round of a rollout."""

    label: str
    weight: int
    baseline: Metrics | None
    candidate: Metrics | None
    analysis: Analysis


@dataclass
class DeploymentResult:
    """Outcome of a rollout: PROMOTE (new version serves), ROLLBACK or INCONCLUSIVE (old
    version serves; the analysis failed or never had enough data to judge)."""

    strategy: StrategyName
    service: str
    version: str
    baseline_version: str
    decision: Decision = Decision.CONTINUE
    steps: list[RolloutStep] = field(default_factory=list)
    events: list[str] = field(default_factory=list)

    @property
    def rolled_back(self) -> bool:
        """True when the rollout was undone (failed or inconclusive analysis)."""
        return self.decision in (Decision.ROLLBACK, Decision.INCONCLUSIVE)


class Strategy(Protocol):
    """A way of replacing the running version with a new one."""

    name: StrategyName

    def execute(self, spec: DeploySpec, target: Target) -> DeploymentResult:
        """Roll ``spec.version`` out, rolling back automatically on failure."""
        ...


def _result(name: StrategyName, spec: DeploySpec) -> DeploymentResult:
    return DeploymentResult(name, spec.service, spec.version, spec.baseline_version)


def _unhealthy(slot: str) -> Analysis:
    return Analysis(Decision.ROLLBACK, [f"{slot} failed its health check"])


def _outcome(analysis: Analysis) -> Decision:
    """A rollout's last analysis must be conclusive: PROMOTE, else undo it."""
    if analysis.decision is Decision.CONTINUE:
        return Decision.INCONCLUSIVE
    return analysis.decision


class BlueGreen:
    """Start the new version in the idle colour, switch all traffic, switch back if bad."""

    name: StrategyName = "blue-green"

    def execute(self, spec: DeploySpec, target: Target) -> DeploymentResult:
        """Deploy to the idle colour, switch, verify, and switch back on failure."""
        result = _result(self.name, spec)
        active = spec.blue_green.active
        idle = "green" if active == "blue" else "blue"
        replicas = spec.replicas
        target.platform.scale(spec.service, idle, spec.version, replicas)
        result.events.append(f"started {spec.version} in {idle} ({replicas} replicas)")
        if not target.platform.is_healthy(spec.service, idle):
            result.steps.append(RolloutStep("health", 0, None, None, _unhealthy(idle)))
            target.platform.scale(spec.service, idle, spec.version, 0)
            result.events.append(f"rollback: removed {idle}; {active} kept all traffic")
            result.decision = Decision.ROLLBACK
            return result
        baseline = target.metrics.observe(spec.service, active)
        target.router.set_weights(spec.service, {active: 0, idle: 100})
        result.events.append(f"switched 100% of traffic {active} -> {idle}")
        candidate = target.metrics.observe(spec.service, idle)
        analysis = analyze(baseline, candidate, spec.analysis)
        result.steps.append(RolloutStep("switch", 100, baseline, candidate, analysis))
        outcome = _outcome(analysis)
        if outcome is not Decision.PROMOTE:
            target.router.set_weights(spec.service, {active: 100, idle: 0})
            target.platform.scale(spec.service, idle, spec.version, 0)
            why = "rollback" if outcome is Decision.ROLLBACK else "inconclusive analysis"
            result.events.append(f"{why}: switched traffic back to {active}")
            result.decision = outcome
            return result
        result.events.append(f"{active} kept as standby for instant switch-back")
        result.decision = Decision.PROMOTE
        return result


class Canary:
    """Shift traffic to a canary in steps, analysing it against the stable version.

    Every step is analysed, the 100 % one included, and the last must be conclusive
    (PROMOTE). Once the stable version has too little traffic to compare with (at
    100 % it has none), the canary is compared with the last baseline that had.
    """

    name: StrategyName = "canary"

    def execute(self, spec: DeploySpec, target: Target) -> DeploymentResult:
        """Walk every traffic step; ROLLBACK on a bad analysis, INCONCLUSIVE without data."""
        result = _result(self.name, spec)
        service = spec.service
        target.platform.scale(service, "canary", spec.version, 1)
        result.events.append(f"started canary {spec.version}")
        if not target.platform.is_healthy(service, "canary"):
            result.steps.append(RolloutStep("health", 0, None, None, _unhealthy("canary")))
            return self._rollback(spec, target, result)
        reference: Metrics | None = None
        outcome = Decision.INCONCLUSIVE
        for weight in spec.canary.steps:
            target.router.set_weights(service, {"stable": 100 - weight, "canary": weight})
            baseline = target.metrics.observe(service, "stable")
            if baseline.requests >= spec.analysis.min_requests:
                reference = baseline
            elif reference is not None:
                baseline = reference
            candidate = target.metrics.observe(service, "canary")
            analysis = analyze(baseline, candidate, spec.analysis)
            result.steps.append(RolloutStep(f"{weight}%", weight, baseline, candidate, analysis))
            outcome = _outcome(analysis)
            if outcome is Decision.ROLLBACK:
                return self._rollback(spec, target, result)
        if outcome is not Decision.PROMOTE:
            return self._rollback(spec, target, result, Decision.INCONCLUSIVE)
        target.platform.scale(service, "stable", spec.version, spec.replicas)
        target.router.set_weights(service, {"stable": 100, "canary": 0})
        target.platform.scale(service, "canary", spec.version, 0)
        result.events.append(f"promoted {spec.version} to stable; canary removed")
        result.decision = Decision.PROMOTE
        return result

    @staticmethod
    def _rollback(
        spec: DeploySpec,
        target: Target,
        result: DeploymentResult,
        decision: Decision = Decision.ROLLBACK,
    ) -> DeploymentResult:
        target.router.set_weights(spec.service, {"stable": 100, "canary": 0})
        target.platform.scale(spec.service, "canary", spec.version, 0)
        why = "rollback" if decision is Decision.ROLLBACK else "inconclusive analysis"
        result.events.append(f"{why}: all traffic back on {spec.baseline_version}")
        result.decision = decision
        return result


class Rolling:
    """Replace replicas batch by batch; undo every batch if one turns out bad."""

    name: StrategyName = "rolling"

    def execute(self, spec: DeploySpec, target: Target) -> DeploymentResult:
        """Update ``batch_size`` replicas at a time, checking health and metrics each time."""
        result = _result(self.name, spec)
        service = spec.service
        total = spec.replicas
        updated = 0
        baseline = target.metrics.observe(service, "stable")
        while updated < total:
            updated = min(total, updated + spec.rolling.batch_size)
            target.platform.scale(service, "next", spec.version, updated)
            target.platform.scale(service, "stable", spec.baseline_version, total - updated)
            weight = round(100 * updated / total)
            target.router.set_weights(service, {"stable": 100 - weight, "next": weight})
            label = f"{updated}/{total} replicas"
            result.events.append(f"updated {label}")
            if not target.platform.is_healthy(service, "next"):
                result.steps.append(RolloutStep(label, weight, baseline, None, _unhealthy("next")))
                return self._rollback(spec, target, result)
            if updated < total:  # with every replica updated there is no baseline left
                observed = target.metrics.observe(service, "stable")
                if observed.requests >= spec.analysis.min_requests:
                    baseline = observed  # else keep the last baseline that had traffic
            candidate = target.metrics.observe(service, "next")
            analysis = analyze(baseline, candidate, spec.analysis)
            if analysis.decision is Decision.PROMOTE and updated < total:
                analysis = Analysis(Decision.CONTINUE, analysis.reasons)  # finish every batch
            result.steps.append(RolloutStep(label, weight, baseline, candidate, analysis))
            if analysis.decision is Decision.ROLLBACK:
                return self._rollback(spec, target, result)
            if updated == total and analysis.decision is not Decision.PROMOTE:
                return self._rollback(spec, target, result, Decision.INCONCLUSIVE)
        target.platform.scale(service, "stable", spec.version, total)
        target.router.set_weights(service, {"stable": 100, "next": 0})
        target.platform.scale(service, "next", spec.version, 0)
        result.events.append(f"all {total} replicas run {spec.version}")
        result.decision = Decision.PROMOTE
        return result

    @staticmethod
    def _rollback(
        spec: DeploySpec,
        target: Target,
        result: DeploymentResult,
        decision: Decision = Decision.ROLLBACK,
    ) -> DeploymentResult:
        total = spec.replicas
        target.platform.scale(spec.service, "stable", spec.baseline_version, total)
        target.router.set_weights(spec.service, {"stable": 100, "next": 0})
        target.platform.scale(spec.service, "next", spec.version, 0)
        why = "rollback" if decision is Decision.ROLLBACK else "inconclusive analysis"
        result.events.append(f"{why}: {total} replicas back on {spec.baseline_version}")
        result.decision = decision
        return result


STRATEGIES: dict[StrategyName, Strategy] = {
    "blue-green": BlueGreen(),
    "canary": Canary(),
    "rolling": Rolling(),
}


def run_deployment(
    spec: DeploySpec, target: Target, strategy: StrategyName | None = None
) -> DeploymentResult:
    """Roll out ``spec.version`` with ``strategy`` (default: the spec's own)."""
    return STRATEGIES[strategy or spec.strategy].execute(spec, target)
