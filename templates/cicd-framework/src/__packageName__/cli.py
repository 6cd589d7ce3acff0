"""Command line: run, validate, export and deploy pipelines."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import get_args

from . import __version__
from .export import ExportFormat, export
from .report import format_deployment, format_plan, format_results, prometheus_textfile
from .runner import PipelineResult, PipelineRunner, RunContext, StepResult, StepStatus
from .settings import DEFAULT_STRATEGY, StrategyName
from .simulation import PROFILES, simulated_environment
from .spec import Pipeline, SpecError, example_pipeline, example_pipeline_text, load_pipeline
from .strategies import DeploymentResult, run_deployment

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def default_branch(environ: Mapping[str, str] = os.environ) -> str:
    """The current branch as CI systems announce it, else ``main``."""
    for variable in ("PIPELINE_BRANCH", "GITHUB_REF_NAME", "CI_COMMIT_BRANCH"):
        if environ.get(variable):
            return environ[variable]
    return "main"


def _add_spec_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", nargs="?", type=Path, help="pipeline YAML file")
    parser.add_argument(
        "--demo", action="store_true", help="use the bundled examples/pipeline.yaml"
    )


def _add_deploy_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strategy",
        choices=get_args(StrategyName),
        help=f"override the spec's deployment strategy (default there: {DEFAULT_STRATEGY})",
    )
    parser.add_argument(
        "--simulate",
        choices=sorted(PROFILES),
        default="healthy",
        help="behaviour of the new version in the local simulation (default: healthy)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and docs)."""
    parser = argparse.ArgumentParser(description="Run, export and deploy CI/CD pipelines.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run a pipeline locally, then deploy")
    _add_spec_arguments(run)
    _add_deploy_arguments(run)
    run.add_argument("--workdir", type=Path, help="where steps run (default: . or a temp dir)")
    run.add_argument(
        "--output-dir", type=Path, help="logs and artifacts (default: WORKDIR/.pipeline)"
    )
    run.add_argument(
        "--branch",
        default=default_branch(),
        help="branch that step conditions see (default: $PIPELINE_BRANCH, $GITHUB_REF_NAME, "
        "$CI_COMMIT_BRANCH or main)",
    )
    run.add_argument("--max-workers", type=int, help="parallel steps (default: the spec's)")
    run.add_argument("--no-deploy", action="store_true", help="skip the deploy section")

    validate = commands.add_parser("validate", help="check a spec and print its DAG order")
    _add_spec_arguments(validate)

    exporter = commands.add_parser("export", help="write a GitHub Actions or GitLab CI file")
    _add_spec_arguments(exporter)
    exporter.add_argument("--format", choices=get_args(ExportFormat), default="github")
    exporter.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    deploy = commands.add_parser("deploy", help="run only the deploy section (simulated)")
    _add_spec_arguments(deploy)
    _add_deploy_arguments(deploy)

    commands.add_parser("example", help="print the bundled example pipeline")
    return parser


def _pipeline(args: argparse.Namespace) -> Pipeline:
    if args.demo:
        return example_pipeline()
    if args.spec is None:
        raise SpecError("give a pipeline file or --demo")
    return load_pipeline(args.spec)


def _deploy(pipeline: Pipeline, args: argparse.Namespace) -> DeploymentResult | None:
    if pipeline.deploy is None:
        print("No deploy section: nothing to roll out.")
        return None
    strategy: StrategyName = args.strategy or pipeline.deploy.strategy
    env = simulated_environment(pipeline.deploy, PROFILES[args.simulate], strategy=strategy)
    result = run_deployment(pipeline.deploy, env.target(), strategy)
    print(format_deployment(result))
    return result


def _deploy_blockers(pipeline: Pipeline, result: PipelineResult) -> list[str]:
    """Needed steps that were skipped or failed: as in GitHub, the deploy is skipped."""
    blockers = []
    for name in pipeline.deploy_needs():
        step = result.results[name]
        if step.status is StepStatus.SKIPPED or step.blocks_downstream:
            blockers.append(f"{name} ({step.status.value})")
    return blockers


def _print_progress(result: StepResult) -> None:
    print(f"  ... {result.name}: {result.status.value}", flush=True)


def _run(pipeline: Pipeline, args: argparse.Namespace, workdir: Path) -> int:
    print(format_plan(pipeline))
    print(f"Running in {workdir}")
    runner = PipelineRunner(
        pipeline,
        workdir,
        output_dir=args.output_dir,
        context=RunContext(branch=args.branch),
        max_workers=args.max_workers,
        on_step_done=_print_progress,
    )
    result = runner.run()
    metrics_file = runner.output_dir / "metrics.prom"
    metrics_file.write_text(prometheus_textfile(result), encoding="utf-8")
    print(format_results(result))
    kept = (
        " (a temporary directory, removed after the demo)"
        if args.workdir is None and args.demo
        else ""
    )
    print(f"Logs, artifacts and metrics.prom in {runner.output_dir}{kept}")
    if not result.succeeded:
        print("Deployment skipped: the pipeline failed.")
        return EXIT_FAILED
    if args.no_deploy:
        return EXIT_OK
    blockers = _deploy_blockers(pipeline, result) if pipeline.deploy is not None else []
    if blockers:
        print(f"Deployment skipped: it needs {', '.join(blockers)}.")
        return EXIT_OK
    deployment = _deploy(pipeline, args)
    return EXIT_FAILED if deployment is not None and deployment.rolled_back else EXIT_OK


def _command_run(args: argparse.Namespace) -> int:
    pipeline = _pipeline(args)
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        return _run(pipeline, args, args.workdir)
    if args.demo:  # keep the demo's files out of the current directory
        with tempfile.TemporaryDirectory(prefix="pipeline-demo-") as tmp:
            return _run(pipeline, args, Path(tmp))
    return _run(pipeline, args, Path.cwd())


def _command_export(args: argparse.Namespace) -> int:
    text = export(_pipeline(args), args.format)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"Wrote {args.format} pipeline to {args.output}")
    return EXIT_OK


def _command_deploy(args: argparse.Namespace) -> int:
    result = _deploy(_pipeline(args), args)
    return EXIT_FAILED if result is not None and result.rolled_back else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "run":
            return _command_run(args)
        if args.command == "validate":
            print(format_plan(_pipeline(args)))
            return EXIT_OK
        if args.command == "export":
            return _command_export(args)
        if args.command == "deploy":
            return _command_deploy(args)
        sys.stdout.write(example_pipeline_text())
        return EXIT_OK
    except (SpecError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
