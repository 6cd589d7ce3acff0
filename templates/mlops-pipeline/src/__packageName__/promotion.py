"""Champion and challenger: a newly registered version gets traffic only if it is at
least as good as the champion it would share traffic with.

The champion is the best earlier version on the challenger's gate metric (latest on a
tie); the challenger is the latest version. Both were scored on the same hold-out split
(same dataset and seed), so their metrics compare. Moving the champion role (shifting
weights for good) stays a deliberate act: ``serve --weights``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .registry import ModelVersion

CHALLENGER_SHARE = 0.2


def gate_metric(entry: ModelVersion) -> str:
    """The metric a version was gated on (``params["gate"]`` is e.g. ``accuracy>=0.9``)."""
    return entry.card.params.get("gate", "accuracy>=").split(">=", 1)[0] or "accuracy"


@dataclass(frozen=True)
class Verdict:
    champion: ModelVersion
    challenger: ModelVersion
    metric: str
    routed: bool

    def describe(self) -> str:
        theirs = self.challenger.card.metrics.get(self.metric, float("nan"))
        ours = self.champion.card.metrics.get(self.metric, float("nan"))
        c, k = self.challenger.version, self.champion.version
        if self.routed:
            return (
                f"challenger v{c} gets {CHALLENGER_SHARE:.0%} of traffic by default:"
                f" {self.metric} {theirs:.4f} >= champion v{k} {ours:.4f}"
            )
        return (
            f"challenger v{c} {self.metric} {theirs:.4f} < champion v{k} {ours:.4f}:"
            f" `serve` keeps all traffic on champion v{k}"
        )


def judge(versions: Sequence[ModelVersion]) -> Verdict | None:
    """Compare the latest version with the best earlier one; ``None`` for one version."""
    if len(versions) < 2:
        return None
    challenger = versions[-1]
    metric = gate_metric(challenger)
    earlier = versions[:-1]
    champion = max(earlier, key=lambda v: (v.card.metrics.get(metric, float("-inf")), v.version))
    theirs = challenger.card.metrics.get(metric, float("-inf"))
    ours = champion.card.metrics.get(metric, float("-inf"))
    same_data = challenger.card.feature_names == champion.card.feature_names
    return Verdict(champion, challenger, metric, routed=same_data and theirs >= ours)


def default_weights(versions: Sequence[ModelVersion]) -> dict[int, float]:
    """Champion gets most traffic; the challenger its share only if it is not worse."""
    verdict = judge(versions)
    if verdict is None:
        return {versions[0].version: 1.0}
    if not verdict.routed:
        return {verdict.champion.version: 1.0}
    return {
        verdict.champion.version: 1 - CHALLENGER_SHARE,
        verdict.challenger.version: CHALLENGER_SHARE,
    }
