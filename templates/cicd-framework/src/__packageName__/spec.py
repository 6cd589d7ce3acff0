"""Pipeline specification: the YAML schema, validated with pydantic."""

from __future__ import annotations

import re
import shlex
from enum import Enum
from graphlib import CycleError, TopologicalSorter
from importlib import resources
from itertools import pairwise
from pathlib import Path, PurePosixPath
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from . import data
from .analysis import AnalysisPolicy
from .settings import DEFAULT_CI_PYTHON, DEFAULT_SERVICE, DEFAULT_STRATEGY, StrategyName
from .yaml_loading import load_yaml

# Names end up as CI job ids and file names, so they are kept to a safe alphabet.
Name = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")]
_JOB_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,62}$")


def _job_id(value: str) -> str:
    # GitHub: "A job_id must start with a letter or _ and contain only alphanumeric
    # characters, -, or _". Steps become job ids in both CI exports.
    if not _JOB_ID.match(value):
        raise ValueError(
            f"step name {value!r} must start with a letter or _ and contain only letters, "
            "digits, - and _ (it becomes a CI job id)"
        )
    return value


JobId = Annotated[str, AfterValidator(_job_id)]
EnvName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
# A branch name, or a prefix followed by a single trailing "*" (e.g. "release/*").
BranchPattern = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._/-]+\*?$")]
Version = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$")]

#: Placeholder in a step's argv that is replaced by the running Python interpreter.
PYTHON_PLACEHOLDER = "{python}"


class SpecError(ValueError):
    """The pipeline file cannot be read or is not a valid pipeline."""


class When(Enum):
    """When a step runs, given the outcome of the steps it needs."""

    ON_SUCCESS = "on_success"
    ON_FAILURE = "on_failure"
    ALWAYS = "always"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Step(_Model):
    """One command of the pipeline."""

    name: JobId
    run: list[str] = Field(min_length=1, description="argv, or a string split like a shell")
    needs: list[JobId] | None = Field(
        default=None, description="steps to wait for; default: every step of the previous stage"
    )
    when: When = When.ON_SUCCESS
    branches: list[BranchPattern] = Field(
        default_factory=list, description="run only on these branches (empty: all)"
    )
    timeout: float = Field(default=600.0, gt=0, le=86_400, description="seconds per attempt")
    retries: int = Field(default=0, ge=0, le=10)
    retry_delay: float = Field(default=0.0, ge=0, le=300, description="seconds between attempts")
    env: dict[EnvName, str] = Field(default_factory=dict)
    artifacts: list[str] = Field(
        default_factory=list, description="glob patterns relative to the work directory"
    )
    allow_failure: bool = False

    @field_validator("run", mode="before")
    @classmethod
    def _split_command(cls, value: object) -> object:
        if isinstance(value, str):
            return shlex.split(value)
        return value

    @field_validator("artifacts")
    @classmethod
    def _relative_artifacts(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            path = PurePosixPath(pattern)
            if not pattern or path.is_absolute() or ".." in path.parts or "\\" in pattern:
                raise ValueError(f"artifact pattern must be relative and stay inside: {pattern!r}")
        return patterns

    def argv(self, python: str) -> list[str]:
        """The command with ``{python}`` replaced by ``python``."""
        return [arg.replace(PYTHON_PLACEHOLDER, python) for arg in self.run]

    def matches_branch(self, branch: str) -> bool:
        """Whether the step's branch filter allows ``branch``."""
        if not self.branches:
            return True
        return any(
            branch.startswith(pattern[:-1]) if pattern.endswith("*") else branch == pattern
            for pattern in self.branches
        )


class Stage(_Model):
    """A named group of steps; stages run in order unless steps declare ``needs``."""

    name: Name
    steps: list[Step] = Field(min_length=1)


class CanarySpec(_Model):
    """Traffic steps of a canary rollout, in percent of traffic sent to the canary."""

    steps: list[int] = Field(default_factory=lambda: [10, 25, 50, 100], min_length=1)

    @field_validator("steps")
    @classmethod
    def _increasing_to_100(cls, steps: list[int]) -> list[int]:
        if any(not 0 < weight <= 100 for weight in steps):
            raise ValueError("traffic steps must be between 1 and 100")
        if any(a >= b for a, b in pairwise(steps)):
            raise ValueError("traffic steps must increase")
        if steps[-1] != 100:
            raise ValueError("the last traffic step must be 100")
        return steps


class RollingSpec(_Model):
    """How many replicas a rolling update replaces at a time."""

    batch_size: int = Field(default=1, ge=1, le=1000)


class BlueGreenSpec(_Model):
    """Which colour serves traffic before the switch."""

    active: str = Field(default="blue", pattern=r"^(blue|green)$")


class DeploySpec(_Model):
    """How the pipeline's artefact is rolled out once every step passed."""

    strategy: StrategyName = DEFAULT_STRATEGY
    service: Name = DEFAULT_SERVICE
    version: Version
    baseline_version: Version
    replicas: int = Field(default=4, ge=1, le=1000)
    canary: CanarySpec = Field(default_factory=CanarySpec)
    rolling: RollingSpec = Field(default_factory=RollingSpec)
    blue_green: BlueGreenSpec = Field(default_factory=BlueGreenSpec)
    analysis: AnalysisPolicy = Field(default_factory=AnalysisPolicy)
    needs: list[JobId] | None = Field(
        default=None,
        description="steps that must succeed before deploying; default: every step that "
        "is not `when: on_failure` (a skipped one, e.g. by its branch filter, skips the deploy)",
    )

    @model_validator(mode="after")
    def _new_version(self) -> DeploySpec:
        if self.version == self.baseline_version:
            raise ValueError("version and baseline_version must differ")
        return self


class Pipeline(_Model):
    """A whole pipeline: stages of steps, forming a DAG, and an optional deployment."""

    name: Name
    python: str = Field(default=DEFAULT_CI_PYTHON, pattern=r"^3\.\d{1,2}$")
    max_parallel: int = Field(default=4, ge=1, le=64)
    env: dict[EnvName, str] = Field(default_factory=dict)
    stages: list[Stage] = Field(min_length=1)
    deploy: DeploySpec | None = None

    @model_validator(mode="after")
    def _check_graph(self) -> Pipeline:
        seen_stages: set[str] = set()
        stage_of: dict[str, int] = {}
        for index, stage in enumerate(self.stages):
            if stage.name in seen_stages:
                raise ValueError(f"duplicate stage name {stage.name!r}")
            seen_stages.add(stage.name)
            for step in stage.steps:
                if step.name in stage_of:
                    raise ValueError(f"duplicate step name {step.name!r}")
                stage_of[step.name] = index
        for step in self.steps:
            for need in step.needs or []:
                if need not in stage_of:
                    raise ValueError(f"step {step.name!r} needs unknown step {need!r}")
                if need == step.name:
                    raise ValueError(f"step {step.name!r} needs itself")
                if stage_of[need] > stage_of[step.name]:
                    raise ValueError(
                        f"step {step.name!r} needs {need!r}, which is in a later stage"
                    )
        if self.deploy is not None:
            for need in self.deploy.needs or []:
                if need not in stage_of:
                    raise ValueError(f"deploy needs unknown step {need!r}")
        try:
            TopologicalSorter(self.dependencies()).prepare()
        except CycleError as exc:
            cycle = " -> ".join(exc.args[1])
            raise ValueError(f"dependency cycle: {cycle}") from exc
        return self

    @property
    def steps(self) -> list[Step]:
        """Every step, in file order."""
        return [step for stage in self.stages for step in stage.steps]

    def step(self, name: str) -> Step:
        """The step called ``name``."""
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)

    def stage_of(self, name: str) -> Stage:
        """The stage that holds step ``name``."""
        for stage in self.stages:
            if any(step.name == name for step in stage.steps):
                return stage
        raise KeyError(name)

    def dependencies(self) -> dict[str, list[str]]:
        """Resolved ``needs`` of every step (implicit: all steps of the previous stage)."""
        deps: dict[str, list[str]] = {}
        previous: list[str] = []
        for stage in self.stages:
            for step in stage.steps:
                deps[step.name] = list(step.needs) if step.needs is not None else list(previous)
            previous = [step.name for step in stage.steps]
        return deps

    def deploy_needs(self) -> list[str]:
        """Steps the deploy section waits for (see :attr:`DeploySpec.needs`)."""
        if self.deploy is not None and self.deploy.needs is not None:
            return list(self.deploy.needs)
        return [step.name for step in self.steps if step.when is not When.ON_FAILURE]

    def layers(self) -> list[list[str]]:
        """Steps grouped into waves that can run in parallel, in dependency order."""
        sorter = TopologicalSorter(self.dependencies())
        sorter.prepare()
        order = {step.name: index for index, step in enumerate(self.steps)}
        waves: list[list[str]] = []
        while sorter.is_active():
            ready = sorted(sorter.get_ready(), key=order.__getitem__)
            waves.append(ready)
            sorter.done(*ready)
        return waves


def parse_pipeline(data: Any) -> Pipeline:
    """Validate already-parsed YAML/JSON data as a pipeline."""
    try:
        return Pipeline.model_validate(data)
    except ValidationError as exc:
        raise SpecError(str(exc)) from exc


def load_pipeline_text(text: str) -> Pipeline:
    """Parse and validate pipeline YAML."""
    try:
        data = load_yaml(text)
    except ValueError as exc:
        raise SpecError(str(exc)) from exc
    return parse_pipeline(data)


def load_pipeline(path: str | Path) -> Pipeline:
    """Read and validate a pipeline file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return load_pipeline_text(text)


def example_pipeline_text() -> str:
    """The bundled ``examples/pipeline.yaml``, readable from any working directory."""
    resource = resources.files(data).joinpath("pipeline.yaml")
    return resource.read_text(encoding="utf-8")


def example_pipeline() -> Pipeline:
    """The bundled example pipeline, validated."""
    return load_pipeline_text(example_pipeline_text())
