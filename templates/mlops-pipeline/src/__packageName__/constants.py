"""Choices shared by the CLI and the core, kept import-light so `--help` is instant."""

from __future__ import annotations

from typing import Literal

DatasetName = Literal["iris", "wine", "breast_cancer"]
ModelKind = Literal["logistic", "random_forest", "baseline"]
GateMetric = Literal["accuracy", "f1_macro"]

DATASETS: tuple[DatasetName, ...] = ("iris", "wine", "breast_cancer")
MODEL_KINDS: tuple[ModelKind, ...] = ("logistic", "random_forest", "baseline")
GATE_METRICS: tuple[GateMetric, ...] = ("accuracy", "f1_macro")
DEFAULT_DATASET: DatasetName = "breast_cancer"
DEFAULT_PSI_THRESHOLD = 0.25
DEFAULT_KS_PVALUE = 0.01
DEFAULT_MIN_SAMPLES = 50
