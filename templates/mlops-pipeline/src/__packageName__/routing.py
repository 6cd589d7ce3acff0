"""A/B routing between registered model versions."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping


class ABRouter:
    """Splits traffic between model versions by weight.

    With a ``key`` (user id, session id) the choice is sticky: the same key always
    reaches the same version for a given set of weights. Without one it is random.
    """

    def __init__(self, weights: Mapping[int, float], *, seed: int | None = None) -> None:
        if not weights:
            msg = "the router needs at least one version"
            raise ValueError(msg)
        if any(weight < 0 for weight in weights.values()):
            msg = f"weights must be non-negative, got {dict(weights)}"
            raise ValueError(msg)
        total = float(sum(weights.values()))
        if total <= 0:
            msg = "at least one weight must be positive"
            raise ValueError(msg)
        self.weights = {int(v): float(w) / total for v, w in sorted(weights.items())}
        self._rng = random.Random(seed)  # noqa: S311 - traffic splitting, not cryptography

    @property
    def versions(self) -> list[int]:
        return list(self.weights)

    def _pick(self, point: float) -> int:
        cumulative = 0.0
        chosen = self.versions[-1]
        for version, weight in self.weights.items():
            cumulative += weight
            if point < cumulative:
                chosen = version
                break
        return chosen

    def choose(self, key: str | None = None) -> int:
        if key is None:
            return self._pick(self._rng.random())
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        return self._pick(int.from_bytes(digest[:8], "big") / 2**64)


def parse_weights(spec: str) -> dict[int, float]:
    """Parse ``"1=0.9,2=0.1"`` into ``{1: 0.9, 2: 0.1}``."""
    weights: dict[int, float] = {}
    for part in spec.split(","):
        version, sep, weight = part.strip().partition("=")
        if not sep:
            msg = f"expected VERSION=WEIGHT, got {part.strip()!r}"
            raise ValueError(msg)
        weights[int(version)] = float(weight)
    return weights
