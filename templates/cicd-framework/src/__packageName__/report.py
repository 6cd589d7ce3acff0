"""Human-readable and Prometheus renderings of run and deployment results."""

from __future__ import annotations

from .analysis import Metrics
from .runner import PipelineResult, StepStatus
from .settings import METRIC_PREFIX
from .spec import Pipeline
from .strategies import DeploymentResult

_MARKS = {
    StepStatus.SUCCESS: "ok",
    StepStatus.FAILED: "FAIL",
    StepStatus.TIMED_OUT: "TIME",
    StepStatus.SKIPPED: "skip",
    StepStatus.BLOCKED: "BLOCK",
}


def format_plan(pipeline: Pipeline) -> str:
    """The DAG as numbered waves of steps that may run in parallel."""
    deps = pipeline.dependencies()
    lines = [
        f"Pipeline {pipeline.name}: {len(pipeline.steps)} steps in {len(pipeline.stages)} "
        f"stages, up to {pipeline.max_parallel} in parallel",
        "DAG order:",
    ]
    for number, wave in enumerate(pipeline.layers(), start=1):
        described = [
            f"{name} (after {', '.join(deps[name])})" if deps[name] else name for name in wave
        ]
        lines.append(f"  {number}. " + "; ".join(described))
    return "\n".join(lines)


def format_results(result: PipelineResult) -> str:
    """One line per step, in completion order, then the verdict."""
    width = max((len(name) for name in result.order), default=4)
    lines = ["Step results:"]
    for name in result.order:
        step = result.results[name]
        detail = step.reason or (step.output.strip().splitlines() or [""])[-1]
        attempts = len(step.attempts)
        lines.append(
            f"  [{_MARKS[step.status]:>5}] {name:<{width}}  {step.status.value:<9} "
            f"{step.duration:5.2f}s  {attempts} attempt{'s' if attempts != 1 else ''}  {detail}"
        )
    for artifact in result.artifacts:
        lines.append(f"  artifact: {artifact.relative_to(result.output_dir).as_posix()}")
    verdict = "SUCCEEDED" if result.succeeded else "FAILED"
    lines.append(f"Pipeline {result.pipeline} {verdict} in {result.duration:.2f}s")
    return "\n".join(lines)


def _metrics(metrics: Metrics | None) -> str:
    if metrics is None:
        return "-"
    return (
        f"{metrics.requests} req, {metrics.error_rate:.2%} errors, "
        f"p95 {metrics.p95_latency_ms:.0f} ms"
    )


def format_deployment(result: DeploymentResult) -> str:
    """The rollout's analysis rounds, events and final decision."""
    lines = [
        f"Deployment: {result.strategy} of {result.service} "
        f"{result.baseline_version} -> {result.version}"
    ]
    for step in result.steps:
        lines.append(
            f"  {step.label:<14} {step.analysis.decision.value:<8} "
            f"candidate: {_metrics(step.candidate)} | baseline: {_metrics(step.baseline)}"
        )
        lines.extend(f"      {reason}" for reason in step.analysis.reasons)
    lines.extend(f"  - {event}" for event in result.events)
    serving = result.baseline_version if result.rolled_back else result.version
    lines.append(f"Decision: {result.decision.value} ({serving} serves 100% of traffic)")
    return "\n".join(lines)


def prometheus_textfile(result: PipelineResult) -> str:
    """Step durations and outcomes in the Prometheus text format.

    Write it to a node_exporter textfile-collector directory to chart pipeline runs.
    """
    duration = f"{METRIC_PREFIX}_pipeline_step_duration_seconds"
    success = f"{METRIC_PREFIX}_pipeline_step_success"
    lines = [
        f"# HELP {duration} Wall time of a pipeline step, all attempts included.",
        f"# TYPE {duration} gauge",
    ]
    labels = {name: f'pipeline="{result.pipeline}",step="{name}"' for name in result.order}
    lines += [f"{duration}{{{labels[n]}}} {result.results[n].duration:.3f}" for n in result.order]
    lines += [
        f"# HELP {success} 1 when the step succeeded or was skipped by its condition.",
        f"# TYPE {success} gauge",
    ]
    lines += [
        f"{success}{{{labels[n]}}} "
        f"{int(result.results[n].status in (StepStatus.SUCCESS, StepStatus.SKIPPED))}"
        for n in result.order
    ]
    return "\n".join(lines) + "\n"
