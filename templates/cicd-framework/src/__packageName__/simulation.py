"""A deterministic in-memory environment implementing every deployment protocol.

It powers the demo and the tests; replace it with real adapters (see the README) to
deploy for real. Traffic is split by weight; a version's error rate and latency come
from its :class:`VersionProfile`, so the same inputs always give the same rollout.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .analysis import Metrics
from .spec import DeploySpec
from .strategies import Target


@dataclass(frozen=True)
class VersionProfile:
    """How a version behaves under traffic."""

    error_rate: float = 0.002
    p95_latency_ms: float = 120.0
    healthy: bool = True


HEALTHY = VersionProfile()
FAULTY = VersionProfile(error_rate=0.08, p95_latency_ms=180.0)
SLOW = VersionProfile(error_rate=0.002, p95_latency_ms=400.0)
CRASHING = VersionProfile(healthy=False)

#: Named profiles for the CLI's ``--simulate`` option.
PROFILES: dict[str, VersionProfile] = {
    "healthy": HEALTHY,
    "faulty": FAULTY,
    "slow": SLOW,
    "crashing": CRASHING,
}


@dataclass
class Slot:
    """A version running in a slot of a service."""

    version: str
    replicas: int


@dataclass
class SimulatedEnvironment:
    """Platform, traffic router and metrics source in one, kept in memory."""

    profiles: Mapping[str, VersionProfile]
    requests_per_window: int = 2000
    slots: dict[tuple[str, str], Slot] = field(default_factory=dict)
    weights: dict[str, dict[str, int]] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)

    def scale(self, service: str, slot: str, version: str, replicas: int) -> None:
        """Run ``replicas`` copies of ``version`` in ``slot`` (0 removes it)."""
        if replicas <= 0:
            self.slots.pop((service, slot), None)
        else:
            self.slots[(service, slot)] = Slot(version, replicas)
        self.history.append(f"scale {service}/{slot} {version} x{max(replicas, 0)}")

    def is_healthy(self, service: str, slot: str) -> bool:
        """Healthy when the slot runs and its version's profile is healthy."""
        running = self.slots.get((service, slot))
        return running is not None and self._profile(running.version).healthy

    def set_weights(self, service: str, weights: Mapping[str, int]) -> None:
        """Record the traffic split."""
        if sum(weights.values()) != 100:
            raise ValueError(f"weights must sum to 100, got {dict(weights)}")
        self.weights[service] = dict(weights)
        split = ", ".join(f"{slot}={weight}%" for slot, weight in weights.items())
        self.history.append(f"route {service} {split}")

    def observe(self, service: str, slot: str) -> Metrics:
        """Metrics for one window: the slot's share of traffic, its profile's errors."""
        running = self.slots.get((service, slot))
        if running is None:
            return Metrics(requests=0, errors=0, p95_latency_ms=0.0)
        profile = self._profile(running.version)
        share = self.weights.get(service, {}).get(slot, 0)
        requests = self.requests_per_window * share // 100
        errors = round(requests * profile.error_rate)
        return Metrics(requests=requests, errors=errors, p95_latency_ms=profile.p95_latency_ms)

    def traffic(self, service: str) -> dict[str, str]:
        """Which version serves each slot that receives traffic."""
        return {
            slot: self.slots[(service, slot)].version
            for slot, weight in self.weights.get(service, {}).items()
            if weight > 0 and (service, slot) in self.slots
        }

    def _profile(self, version: str) -> VersionProfile:
        return self.profiles.get(version, HEALTHY)

    def target(self) -> Target:
        """This environment as a strategy :class:`Target`."""
        return Target(platform=self, router=self, metrics=self)


def simulated_environment(
    spec: DeploySpec,
    candidate: VersionProfile = HEALTHY,
    baseline: VersionProfile = HEALTHY,
    strategy: str | None = None,
) -> SimulatedEnvironment:
    """An environment where ``spec.baseline_version`` already serves all traffic."""
    env = SimulatedEnvironment({spec.baseline_version: baseline, spec.version: candidate})
    strategy = strategy or spec.strategy
    live = spec.blue_green.active if strategy == "blue-green" else "stable"
    env.slots[(spec.service, live)] = Slot(spec.baseline_version, spec.replicas)
    env.weights[spec.service] = {live: 100}
    return env
