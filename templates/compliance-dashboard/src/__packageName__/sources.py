"""Where an assessment's evidence comes from: live AWS, a saved snapshot, scanner reports,
or the bundled demo data (a sample account snapshot and sample scanner outputs)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import boto3

from .assessment import Assessment, run_assessment
from .aws import Boto3StateProvider
from .importers import IMPORTERS, ScannerImport, import_report
from .state import AccountSnapshot, AccountStateProvider, SnapshotProvider, capture

DEMO_REPORTS = {
    "bandit": "bandit.json",
    "pip-audit": "pip-audit.json",
    "trivy": "trivy.json",
}


def _data(name: str) -> bytes:
    return resources.files(__package__ or __name__).joinpath("data").joinpath(name).read_bytes()


def demo_snapshot() -> AccountSnapshot:
    """The bundled sample AWS account state."""
    return SnapshotProvider.from_json(_data("sample-account.json")).snapshot


def demo_imports() -> list[ScannerImport]:
    """The bundled sample scanner outputs, imported."""
    return [IMPORTERS[source](_data(name)) for source, name in DEMO_REPORTS.items()]


def aws_provider(profile: str | None = None, regions: Sequence[str] = ()) -> AccountStateProvider:
    """A boto3 provider using the standard credential chain (env, profile, SSO, role)."""
    return Boto3StateProvider(boto3.session.Session(profile_name=profile), regions)


@dataclass
class ScanSources:
    """The evidence a scan (or the dashboard) assesses."""

    demo: bool = False
    aws: bool = False
    profile: str | None = None
    regions: list[str] = field(default_factory=list)
    snapshot: Path | None = None
    reports: list[tuple[str, Path]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.demo or self.aws or self.snapshot or self.reports)

    def account_snapshot(self) -> AccountSnapshot | None:
        if self.aws:
            return capture(aws_provider(self.profile, self.regions))
        if self.snapshot is not None:
            return SnapshotProvider.from_path(self.snapshot).snapshot
        if self.demo:
            return demo_snapshot()
        return None

    def scanner_imports(self) -> list[ScannerImport]:
        imports = demo_imports() if self.demo else []
        imports += [import_report(source, path) for source, path in self.reports]
        return imports

    def assess(self, frameworks: Sequence[str]) -> Assessment:
        return run_assessment(
            frameworks=frameworks,
            snapshot=self.account_snapshot(),
            imports=self.scanner_imports(),
        )
