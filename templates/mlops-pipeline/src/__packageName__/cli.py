"""Command-line interface: demo, train, models, drift, serve.

Heavy libraries (scikit-learn, scipy, FastAPI) are imported inside the commands so
that `--help` answers instantly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .constants import (
    DATASETS,
    DEFAULT_DATASET,
    DEFAULT_KS_PVALUE,
    DEFAULT_PSI_THRESHOLD,
    GATE_METRICS,
    MODEL_KINDS,
    ModelKind,
)
from .settings import (
    DEFAULT_MODEL_NAME,
    DEFAULT_PORT,
    DEFAULT_TRACKING,
    MLFLOW_TRACKING_URI_ENV,
    PROJECT_NAME,
    Tracking,
    default_registry_dir,
)

if TYPE_CHECKING:
    from .drift import DriftReport
    from .registry import ModelRegistry, ModelVersion

CHALLENGER_SHARE = 0.2  # the same share as promotion.CHALLENGER_SHARE (kept import-light)


def _registry_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tracking",
        choices=("local", "mlflow"),
        default=DEFAULT_TRACKING,
        help=f"registry backend (default: {DEFAULT_TRACKING})",
    )
    parser.add_argument(
        "--registry",
        type=Path,
        default=None,
        help="local registry directory (default: $MODEL_REGISTRY_DIR, else a per-user data "
        "directory; it must be yours and not writable by others)",
    )
    parser.add_argument(
        "--tracking-uri",
        default=None,
        help=f"MLflow tracking URI (default: ${MLFLOW_TRACKING_URI_ENV})",
    )
    parser.add_argument("--model-name", default=DEFAULT_MODEL_NAME)


def _dataset_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", choices=DATASETS, default=DEFAULT_DATASET)
    parser.add_argument("--seed", type=int, default=42)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROJECT_NAME,
        description="Train, gate, register, serve and monitor scikit-learn models.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="run the whole pipeline on a temporary registry")
    _dataset_args(demo)

    train = commands.add_parser("train", help="train, gate and register one model")
    _dataset_args(train)
    _registry_args(train)
    train.add_argument("--model", choices=MODEL_KINDS, default="logistic")
    train.add_argument("--metric", choices=GATE_METRICS, default="accuracy")
    train.add_argument("--threshold", type=float, default=0.9)

    models = commands.add_parser("models", help="list the registered versions of a model")
    _registry_args(models)

    drift = commands.add_parser("drift", help="PSI + KS drift of the hold-out split")
    _dataset_args(drift)
    drift.add_argument("--shift", type=float, default=0.0, help="shift in standard deviations")
    drift.add_argument("--columns", default="0", help="feature indexes to shift, e.g. 0,2")
    drift.add_argument("--psi-threshold", type=float, default=DEFAULT_PSI_THRESHOLD)
    drift.add_argument("--ks-pvalue", type=float, default=DEFAULT_KS_PVALUE)

    serve = commands.add_parser("serve", help="serve /predict, /healthz and /metrics")
    _registry_args(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument(
        "--weights",
        default=None,
        help="A/B weights as VERSION=WEIGHT,... (default: champion/challenger "
        f"{1 - CHALLENGER_SHARE:.0%}/{CHALLENGER_SHARE:.0%} when the latest version is not "
        "worse than the best earlier one, else all on the champion)",
    )
    serve.add_argument(
        "--no-bootstrap",
        dest="bootstrap",
        action="store_false",
        help="fail instead of training two versions when the registry is empty",
    )
    return parser


def open_registry(args: argparse.Namespace) -> ModelRegistry:
    from .pipeline import build_registry

    tracking: Tracking = args.tracking
    registry_dir: Path = args.registry or default_registry_dir()
    tracking_uri: str | None = args.tracking_uri or os.environ.get(MLFLOW_TRACKING_URI_ENV)
    if tracking == "mlflow" and not tracking_uri:
        print(
            f"warning: MLflow tracking needs --tracking-uri or ${MLFLOW_TRACKING_URI_ENV};"
            f" using the local registry in {registry_dir}",
            file=sys.stderr,
        )
        tracking = "local"
    return build_registry(tracking, registry_dir=registry_dir, tracking_uri=tracking_uri)


def describe_version(entry: ModelVersion) -> str:
    metrics = ", ".join(f"{k}={v:.4f}" for k, v in sorted(entry.card.metrics.items()))
    kind = entry.card.params.get("model_kind", "?")
    return (
        f"  v{entry.version}  {kind:<14} {entry.card.dataset:<14} {metrics}"
        f"  sha256={entry.sha256[:12]}  {entry.created_at}"
    )


def print_drift(title: str, report: DriftReport, out: TextIO, *, top: int | None = None) -> None:
    print(f"\n{title}", file=out)
    shown = sorted(report.features, key=lambda f: f.psi, reverse=True)[:top]
    if len(shown) < len(report.features):
        print(f"  (top {len(shown)} of {len(report.features)} features by PSI)", file=out)
    print(f"  {'feature':<28} {'PSI':>8} {'KS stat':>8} {'KS p':>10}  drift", file=out)
    for f in shown:
        flag = "YES" if f.drifted else "no"
        print(
            f"  {f.feature:<28} {f.psi:>8.4f} {f.ks_statistic:>8.4f} {f.ks_pvalue:>10.4g}  {flag}",
            file=out,
        )
    print(
        f"  => {len(report.drifted_features)}/{len(report.features)} features drifted"
        f" (PSI >= {report.thresholds.psi}, KS p < {report.thresholds.ks_pvalue})",
        file=out,
    )


def default_weights(versions: Sequence[ModelVersion]) -> dict[int, float]:
    """Champion/challenger weights (see promotion.py)."""
    from .promotion import default_weights as weights

    return weights(versions)


def describe_verdict(versions: Sequence[ModelVersion]) -> str | None:
    from .promotion import judge

    verdict = judge(versions)
    return None if verdict is None else verdict.describe()


def run_demo(args: argparse.Namespace, out: TextIO) -> int:
    import tempfile
    from collections import Counter

    from .drift import DriftThresholds, detect_drift, simulate_shift
    from .pipeline import run_pipeline
    from .registry import LocalRegistry
    from .routing import ABRouter
    from .serving import PredictionService
    from .training import QualityGate, load_dataset

    dataset = load_dataset(args.dataset, seed=args.seed)
    gate = QualityGate(metric="accuracy", threshold=0.9)
    print(
        f"Dataset {dataset.name}: {len(dataset.x_train)} train / {len(dataset.x_test)} test rows,"
        f" {len(dataset.feature_names)} features, classes {', '.join(dataset.target_names)}",
        file=out,
    )
    print(f"Quality gate: {gate.metric} >= {gate.threshold}", file=out)
    if DEFAULT_TRACKING == "mlflow":
        print(
            "Tracking backend: mlflow (this demo uses a temporary local registry; run "
            f"`{PROJECT_NAME} train --tracking mlflow` with ${MLFLOW_TRACKING_URI_ENV} set)",
            file=out,
        )
    with tempfile.TemporaryDirectory(prefix=f"{PROJECT_NAME}-demo-") as scratch:
        registry = LocalRegistry(Path(scratch))
        print(f"\nTraining into registry {scratch}", file=out)
        # The forest first: the logistic model then challenges it, and wins its share.
        kinds: tuple[ModelKind, ...] = ("baseline", "random_forest", "logistic")
        for kind in kinds:
            result = run_pipeline(
                registry,
                dataset,
                kind,
                gate,
                model_name=DEFAULT_MODEL_NAME,
                seed=args.seed,
                raise_on_failure=False,
            )
            outcome = (
                f"registered as v{result.registered.version}"
                if result.registered
                else "rejected, not registered"
            )
            print(f"  {kind:<14} {result.gate.describe():<48} -> {outcome}", file=out)

        versions = registry.list_versions(DEFAULT_MODEL_NAME)
        print(f"\nRegistry {DEFAULT_MODEL_NAME}: {len(versions)} version(s)", file=out)
        for entry in versions:
            print(describe_version(entry), file=out)

        verdict = describe_verdict(versions)
        if verdict:
            print(f"  {verdict}", file=out)
        router = ABRouter(default_weights(versions), seed=args.seed)
        service = PredictionService(registry, router, DEFAULT_MODEL_NAME)
        split = ", ".join(f"v{v}={w:.0%}" for v, w in router.weights.items())
        print(f"\nA/B routing ({split}) on 5 hold-out rows:", file=out)
        for index in range(5):
            prediction = service.predict([dataset.x_test[index].tolist()], key=f"user-{index}")
            truth = dataset.target_names[int(dataset.y_test[index])]
            print(
                f"  user-{index}: v{prediction.version} predicts {prediction.labels[0]:<12}"
                f" (true: {truth})",
                file=out,
            )
        served = Counter(router.choose(f"user-{i}") for i in range(1000))
        counts = ", ".join(f"v{v}: {served[v]}" for v in router.versions)
        print(f"  1000 sticky users routed -> {counts}", file=out)

    thresholds = DriftThresholds()
    same = detect_drift(dataset.x_train, dataset.x_test, dataset.feature_names, thresholds)
    print_drift("Drift: training vs hold-out data (same distribution)", same, out, top=5)
    shifted_data = simulate_shift(dataset.x_test, columns=[0, 2], shift_in_std=1.0)
    shifted = detect_drift(dataset.x_train, shifted_data, dataset.feature_names, thresholds)
    print_drift(
        "Drift: training vs hold-out shifted by +1 std on features 0 and 2", shifted, out, top=5
    )
    return 0


def run_train(args: argparse.Namespace, out: TextIO) -> int:
    from .pipeline import run_pipeline
    from .training import QualityGate, load_dataset

    dataset = load_dataset(args.dataset, seed=args.seed)
    gate = QualityGate(metric=args.metric, threshold=args.threshold)
    registry = open_registry(args)
    result = run_pipeline(
        registry, dataset, args.model, gate, model_name=args.model_name, seed=args.seed
    )
    print(result.gate.describe(), file=out)
    if result.registered is not None:
        print(f"Registered {args.model_name} v{result.registered.version}", file=out)
        print(describe_version(result.registered), file=out)
        verdict = describe_verdict(registry.list_versions(args.model_name))
        if verdict:
            print(verdict, file=out)
    return 0


def run_models(args: argparse.Namespace, out: TextIO) -> int:
    versions = open_registry(args).list_versions(args.model_name)
    print(f"{args.model_name}: {len(versions)} version(s)", file=out)
    for entry in versions:
        print(describe_version(entry), file=out)
    return 0


def run_drift(args: argparse.Namespace, out: TextIO) -> int:
    from .drift import DriftThresholds, detect_drift, simulate_shift
    from .training import load_dataset

    dataset = load_dataset(args.dataset, seed=args.seed)
    columns = [int(c) for c in args.columns.split(",") if c.strip()]
    current = simulate_shift(dataset.x_test, columns=columns, shift_in_std=args.shift)
    thresholds = DriftThresholds(psi=args.psi_threshold, ks_pvalue=args.ks_pvalue)
    report = detect_drift(dataset.x_train, current, dataset.feature_names, thresholds)
    title = f"Drift of {dataset.name} hold-out vs training (shift {args.shift} std on {columns})"
    print_drift(title, report, out)
    return 3 if report.drifted else 0


def run_serve(args: argparse.Namespace, out: TextIO) -> int:
    import uvicorn

    from .pipeline import run_pipeline
    from .routing import ABRouter, parse_weights
    from .serving import PredictionService, create_app
    from .training import QualityGate, load_dataset

    registry = open_registry(args)
    versions = registry.list_versions(args.model_name)
    if not versions:
        if not args.bootstrap:
            print(f"error: no versions of {args.model_name!r} are registered", file=sys.stderr)
            return 1
        dataset = load_dataset(DEFAULT_DATASET)
        kinds: tuple[ModelKind, ...] = ("random_forest", "logistic")
        for kind in kinds:
            run_pipeline(registry, dataset, kind, QualityGate(), model_name=args.model_name)
        versions = registry.list_versions(args.model_name)
        print(f"Bootstrapped {len(versions)} versions of {args.model_name}", file=out)
    if args.weights:
        weights = parse_weights(args.weights)
    else:
        weights = default_weights(versions)
        verdict = describe_verdict(versions)
        if verdict:
            print(verdict, file=out)
    service = PredictionService(registry, ABRouter(weights), args.model_name)
    split = ", ".join(f"v{v}={w:.0%}" for v, w in service.router.weights.items())
    print(f"Serving {args.model_name} ({split}) on http://{args.host}:{args.port}", file=out)
    uvicorn.run(create_app(service), host=args.host, port=args.port)
    return 0


_COMMANDS = {
    "demo": run_demo,
    "train": run_train,
    "models": run_models,
    "drift": run_drift,
    "serve": run_serve,
}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point. Exit codes: 0 ok, 1 error (incl. failed gate), 3 drift detected."""
    args = build_parser().parse_args(argv)
    from .registry import RegistryError
    from .training import GateFailedError

    try:
        return _COMMANDS[args.command](args, out or sys.stdout)
    except GateFailedError as exc:
        print(f"error: {exc}; the model was not registered", file=sys.stderr)
        return 1
    except (RegistryError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
