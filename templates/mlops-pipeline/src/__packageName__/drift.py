"""Data drift per feature: Population Stability Index and two-sample Kolmogorov-Smirnov."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.stats import ks_2samp

from .constants import DEFAULT_KS_PVALUE, DEFAULT_PSI_THRESHOLD

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class DriftThresholds:
    """A feature drifts when PSI >= ``psi`` or the KS p-value < ``ks_pvalue``.

    PSI rule of thumb: < 0.1 stable, 0.1-0.25 moderate shift, >= 0.25 major shift.
    """

    psi: float = DEFAULT_PSI_THRESHOLD
    ks_pvalue: float = DEFAULT_KS_PVALUE
    bins: int = 10


@dataclass(frozen=True)
class KsResult:
    statistic: float
    pvalue: float


@dataclass(frozen=True)
class FeatureDrift:
    feature: str
    psi: float
    ks_statistic: float
    ks_pvalue: float
    drifted: bool


@dataclass(frozen=True)
class DriftReport:
    features: tuple[FeatureDrift, ...]
    thresholds: DriftThresholds

    @property
    def drifted_features(self) -> list[str]:
        return [f.feature for f in self.features if f.drifted]

    @property
    def drifted(self) -> bool:
        return bool(self.drifted_features)

    @property
    def share_drifted(self) -> float:
        return len(self.drifted_features) / len(self.features) if self.features else 0.0


def _as_1d(values: Sequence[float] | FloatArray, label: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64).ravel()
    if array.size == 0:
        msg = f"{label} sample is empty"
        raise ValueError(msg)
    if not np.all(np.isfinite(array)):
        msg = f"{label} sample contains NaN or infinite values"
        raise ValueError(msg)
    return array


def psi(
    expected: Sequence[float] | FloatArray,
    actual: Sequence[float] | FloatArray,
    *,
    bins: int = 10,
    epsilon: float = 1e-4,
) -> float:
    """Population Stability Index of ``actual`` against the reference ``expected``.

    Bin edges are quantiles of the reference (open-ended at both sides), so every bin
    of the reference holds about the same share; empty bins are floored at ``epsilon``.
    Rule of thumb: < 0.1 stable, 0.1-0.25 moderate shift, >= 0.25 major shift.
    """
    if bins < 2:
        msg = f"bins must be >= 2, got {bins}"
        raise ValueError(msg)
    reference = _as_1d(expected, "expected")
    current = _as_1d(actual, "actual")
    # Right-closed bins (-inf, e1], (e1, e2], ..., (ek, inf): with ties (or a constant
    # reference) a value above every reference value still lands in a bin of its own.
    edges = np.unique(np.quantile(reference, np.linspace(0.0, 1.0, bins + 1)[1:-1]))
    n_bins = edges.size + 1
    ref_counts = np.bincount(np.searchsorted(edges, reference, side="left"), minlength=n_bins)
    cur_counts = np.bincount(np.searchsorted(edges, current, side="left"), minlength=n_bins)
    ref_share = ref_counts / reference.size
    cur_share = cur_counts / current.size
    ref_share = np.clip(ref_share, epsilon, None)
    cur_share = np.clip(cur_share, epsilon, None)
    return float(np.sum((cur_share - ref_share) * np.log(cur_share / ref_share)))


def ks_test(
    expected: Sequence[float] | FloatArray, actual: Sequence[float] | FloatArray
) -> KsResult:
    """Two-sample Kolmogorov-Smirnov test (scipy.stats.ks_2samp)."""
    result = ks_2samp(_as_1d(expected, "expected"), _as_1d(actual, "actual"))
    return KsResult(statistic=float(result.statistic), pvalue=float(result.pvalue))


def detect_drift(
    reference: FloatArray,
    current: FloatArray,
    feature_names: Sequence[str],
    thresholds: DriftThresholds | None = None,
) -> DriftReport:
    """Compare every feature column of ``current`` with ``reference``."""
    limits = thresholds or DriftThresholds()
    ref = np.asarray(reference, dtype=np.float64)
    cur = np.asarray(current, dtype=np.float64)
    if ref.ndim != 2 or cur.ndim != 2:
        msg = "reference and current must be 2-D arrays (rows x features)"
        raise ValueError(msg)
    if ref.shape[1] != cur.shape[1] or ref.shape[1] != len(feature_names):
        msg = (
            f"feature count mismatch: reference {ref.shape[1]}, current {cur.shape[1]},"
            f" names {len(feature_names)}"
        )
        raise ValueError(msg)
    results = []
    for index, name in enumerate(feature_names):
        feature_psi = psi(ref[:, index], cur[:, index], bins=limits.bins)
        ks = ks_test(ref[:, index], cur[:, index])
        drifted = feature_psi >= limits.psi or ks.pvalue < limits.ks_pvalue
        results.append(FeatureDrift(name, feature_psi, ks.statistic, ks.pvalue, drifted))
    return DriftReport(features=tuple(results), thresholds=limits)


def simulate_shift(
    data: FloatArray, *, columns: Sequence[int], shift_in_std: float = 1.0
) -> FloatArray:
    """Copy of ``data`` with ``columns`` moved by ``shift_in_std`` standard deviations."""
    shifted = np.array(data, dtype=np.float64, copy=True)
    for column in columns:
        shifted[:, column] += shift_in_std * float(np.std(data[:, column]))
    return shifted
