"""Export a pipeline spec as a GitHub Actions workflow or a GitLab CI file.

Every step becomes one CI job whose ``needs`` are the step's resolved dependencies, so
the CI graph is the same DAG the local runner executes. Spec text is never spliced into
CI expressions: names and branch patterns are restricted by the schema, and any
``${{`` in a command, variable or artifact path is refused because GitHub would
evaluate it as an expression in a workflow.
"""

from __future__ import annotations

import math
import re
import shlex
from typing import Any, Literal

import yaml

from .spec import Pipeline, Step, When

ExportFormat = Literal["github", "gitlab"]

# Pinned to full commit SHAs (the tag is kept in a trailing comment).
CHECKOUT = ("actions/checkout", "3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1")
SETUP_PYTHON = ("actions/setup-python", "5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0")
UPLOAD_ARTIFACT = ("actions/upload-artifact", "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0")
PINNED_ACTIONS = (CHECKOUT, SETUP_PYTHON, UPLOAD_ARTIFACT)

GITLAB_RESERVED = frozenset(
    {
        "after_script",
        "before_script",
        "cache",
        "default",
        "image",
        "include",
        "pages",
        "services",
        "stages",
        "variables",
        "workflow",
    }
)
GITLAB_MAX_RETRY = 2


class _Dumper(yaml.SafeDumper):
    """Safe YAML, with multi-line strings (scripts) as readable literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _dump(document: dict[str, Any]) -> str:
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, width=1000)


class ExportError(ValueError):
    """The pipeline cannot be expressed safely in the target CI system."""


def _guard(text: str, where: str) -> str:
    if "${{" in text:
        raise ExportError(f"{where} contains '${{{{', which GitHub would evaluate: {text!r}")
    return text


def _command(step: Step, *, github: bool) -> str:
    argv = step.argv("python")
    if github:
        argv = [_guard(arg, f"command of {step.name!r}") for arg in argv]
    return shlex.join(argv)


def _retry_script(step: Step, command: str) -> str:
    """A POSIX shell loop that runs ``command`` up to ``retries + 1`` times."""
    attempts = step.retries + 1
    delay = math.ceil(step.retry_delay)
    return (
        f"for attempt in $(seq 1 {attempts}); do\n"
        f"  if {command}; then exit 0; fi\n"
        f'  echo "attempt $attempt of {attempts} failed" >&2\n'
        f"  sleep {delay}\n"
        "done\n"
        "exit 1\n"
    )


def _job_minutes(step: Step) -> int:
    total = step.timeout * (step.retries + 1) + step.retry_delay * step.retries
    return max(1, math.ceil(total / 60))


def _uses(action: tuple[str, str, str]) -> str:
    return f"{action[0]}@{action[1]}"


def _github_if(step: Step) -> str | None:
    conditions: list[str] = []
    if step.when is When.ALWAYS:
        conditions.append("always()")
    elif step.when is When.ON_FAILURE:
        conditions.append("failure()")
    if step.branches:
        tests = [
            f"startsWith(github.ref_name, '{pattern[:-1]}')"
            if pattern.endswith("*")
            else f"github.ref_name == '{pattern}'"
            for pattern in step.branches
        ]
        conditions.append(tests[0] if len(tests) == 1 else "(" + " || ".join(tests) + ")")
    return " && ".join(conditions) or None


def to_github_actions(pipeline: Pipeline) -> str:
    """Render the pipeline as a GitHub Actions workflow (YAML text)."""
    deps = pipeline.dependencies()
    jobs: dict[str, Any] = {}
    for step in pipeline.steps:
        job: dict[str, Any] = {
            "name": f"{pipeline.stage_of(step.name).name} / {step.name}",
            "runs-on": "ubuntu-latest",
            "permissions": {"contents": "read"},
        }
        if deps[step.name]:
            job["needs"] = deps[step.name]
        condition = _github_if(step)
        if condition:
            job["if"] = condition
        job["timeout-minutes"] = _job_minutes(step)
        if step.allow_failure:
            job["continue-on-error"] = True
        if step.env:
            job["env"] = {k: _guard(v, f"env {k} of {step.name!r}") for k, v in step.env.items()}
        command = _command(step, github=True)
        job["steps"] = [
            {"uses": _uses(CHECKOUT), "with": {"persist-credentials": False}},
            {"uses": _uses(SETUP_PYTHON), "with": {"python-version": pipeline.python}},
            {
                "name": step.name,
                "shell": "bash",
                "run": _retry_script(step, command) if step.retries else command,
            },
        ]
        if step.artifacts:
            paths = [_guard(p, f"artifacts of {step.name!r}") for p in step.artifacts]
            job["steps"].append(
                {
                    "uses": _uses(UPLOAD_ARTIFACT),
                    "with": {
                        "name": step.name,
                        "path": "\n".join(paths),
                        "if-no-files-found": "error",
                    },
                }
            )
        jobs[step.name] = job
    workflow: dict[str, Any] = {
        "name": pipeline.name,
        "on": {"push": None, "pull_request": None, "workflow_dispatch": None},
        "permissions": {},
        "concurrency": {
            "group": "${{ github.workflow }}-${{ github.ref }}",
            "cancel-in-progress": True,
        },
    }
    if pipeline.env:
        workflow["env"] = {k: _guard(v, f"env {k}") for k, v in pipeline.env.items()}
    workflow["jobs"] = jobs
    text = _dump(workflow)
    for name, sha, tag in PINNED_ACTIONS:
        text = text.replace(f"{name}@{sha}\n", f"{name}@{sha} # {tag}\n")
    return text


def _gitlab_branch_rule(patterns: list[str]) -> str:
    tests = [
        "$CI_COMMIT_BRANCH =~ /^" + re.sub(r"([./])", r"\\\1", pattern[:-1]) + "/"
        if pattern.endswith("*")
        else f'$CI_COMMIT_BRANCH == "{pattern}"'
        for pattern in patterns
    ]
    return " || ".join(tests)


def to_gitlab_ci(pipeline: Pipeline) -> str:
    """Render the pipeline as a ``.gitlab-ci.yml`` (YAML text).

    GitLab retries a job at most twice; steps with more retries are capped at 2.
    """
    deps = pipeline.dependencies()
    document: dict[str, Any] = {
        "stages": [stage.name for stage in pipeline.stages],
        "default": {"image": f"python:{pipeline.python}-slim"},
    }
    if pipeline.env:
        document["variables"] = dict(pipeline.env)
    for step in pipeline.steps:
        if step.name in GITLAB_RESERVED:
            raise ExportError(f"{step.name!r} is a reserved GitLab CI keyword; rename the step")
        job: dict[str, Any] = {
            "stage": pipeline.stage_of(step.name).name,
            "needs": deps[step.name],
            "script": [_command(step, github=False)],
            "timeout": f"{_job_minutes(step)} minutes",
        }
        if step.branches:
            job["rules"] = [{"if": _gitlab_branch_rule(step.branches), "when": step.when.value}]
        elif step.when is not When.ON_SUCCESS:
            job["when"] = step.when.value
        if step.retries:
            job["retry"] = {"max": min(step.retries, GITLAB_MAX_RETRY)}
        if step.allow_failure:
            job["allow_failure"] = True
        if step.env:
            job["variables"] = dict(step.env)
        if step.artifacts:
            job["artifacts"] = {"paths": list(step.artifacts), "expire_in": "1 week"}
        document[step.name] = job
    return _dump(document)


def export(pipeline: Pipeline, fmt: ExportFormat) -> str:
    """Render the pipeline for ``fmt`` (``github`` or ``gitlab``)."""
    if fmt == "github":
        return to_github_actions(pipeline)
    return to_gitlab_ci(pipeline)
