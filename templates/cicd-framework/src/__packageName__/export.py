"""Export a pipeline spec as a GitHub Actions workflow or a GitLab CI file.

Every step becomes one CI job whose ``needs`` are the step's resolved dependencies, so
the CI graph is the same DAG the local runner executes. Spec text is never spliced into
CI expressions: names and branch patterns are restricted by the schema, and any
``${{`` in a command, variable or artifact path is refused because GitHub would
evaluate it as an expression in a workflow.
"""

from __future__ import annotations

import itertools
import math
import re
import shlex
from pathlib import PurePosixPath
from typing import Any, Literal

import yaml

from .spec import Pipeline, Step, When

ExportFormat = Literal["github", "gitlab"]

# Pinned to full commit SHAs (the tag is kept in a trailing comment).
CHECKOUT = ("actions/checkout", "3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1")
SETUP_PYTHON = ("actions/setup-python", "5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0")
UPLOAD_ARTIFACT = ("actions/upload-artifact", "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0")
DOWNLOAD_ARTIFACT = (
    "actions/download-artifact",
    "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c",
    "v8.0.1",
)
PINNED_ACTIONS = (CHECKOUT, SETUP_PYTHON, UPLOAD_ARTIFACT, DOWNLOAD_ARTIFACT)
_GLOB_CHARS = frozenset("*?[")

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


def artifact_root(patterns: list[str]) -> str:
    """The directory ``actions/upload-artifact`` roots an artifact at, so a download into
    it puts every file back where the step wrote it.

    upload-artifact: each pattern's search path is the part before its first wildcard
    segment; several search paths share their least common ancestor; a single literal
    file is rooted at its parent directory.
    """
    searches: list[list[str]] = []
    for pattern in patterns:
        parts = PurePosixPath(pattern).parts
        literal = list(itertools.takewhile(lambda part: not _GLOB_CHARS & set(part), parts))
        if len(patterns) == 1 and len(literal) == len(parts):
            literal = literal[:-1]  # a lone file: its parent directory
        searches.append(literal)
    common: list[str] = []
    for level in zip(*searches, strict=False):
        if len(set(level)) != 1:
            break
        common.append(level[0])
    if len(patterns) > 1:
        # the least common ancestor of full paths: a shared *file* is not a directory
        common = common[: min(len(search) for search in searches)]
    return "/".join(common) or "."


def _ancestors(pipeline: Pipeline) -> dict[str, list[str]]:
    """Every step each step transitively needs, in file order."""
    deps = pipeline.dependencies()
    order = [step.name for step in pipeline.steps]
    found: dict[str, set[str]] = {}
    for name in order:  # needs always point to earlier or same-stage steps: use a DFS
        stack, seen = list(deps[name]), set()
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(deps[current])
        found[name] = seen
    return {name: [n for n in order if n in found[name]] for name in order}


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
    ancestors = _ancestors(pipeline)
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
        # Each job starts from a fresh checkout: fetch what earlier steps left behind,
        # as the local runner's shared work directory would have it.
        downloads = [
            {
                "uses": _uses(DOWNLOAD_ARTIFACT),
                "with": {"name": name, "path": artifact_root(pipeline.step(name).artifacts)},
            }
            for name in ancestors[step.name]
            if pipeline.step(name).artifacts
        ]
        job["steps"] = [
            {"uses": _uses(CHECKOUT), "with": {"persist-credentials": False}},
            {"uses": _uses(SETUP_PYTHON), "with": {"python-version": pipeline.python}},
            *downloads,
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


def _inherited_filters(pipeline: Pipeline) -> dict[str, list[list[str]]]:
    """Branch filters that decide whether each step runs: its own, plus (for an
    ``on_success`` step) those of what it needs, since a skipped need skips it."""
    deps = pipeline.dependencies()
    filters: dict[str, list[list[str]]] = {}
    for step in pipeline.steps:  # file order: needs are always resolved before
        own = [list(step.branches)] if step.branches else []
        inherited: list[list[str]] = []
        if step.when is When.ON_SUCCESS:
            for need in deps[step.name]:
                inherited += [f for f in filters[need] if f not in inherited]
        filters[step.name] = own + [f for f in inherited if f not in own]
    return filters


def to_gitlab_ci(pipeline: Pipeline) -> str:
    """Render the pipeline as a ``.gitlab-ci.yml`` (YAML text).

    GitLab retries a job at most twice; steps with more retries are capped at 2. A need
    on a job that branch rules may leave out of the pipeline is ``optional`` (else
    GitLab refuses to create the pipeline on that branch), and its ``on_success``
    dependants inherit the rule, so they are left out with it, as GitHub skips them.
    """
    deps = pipeline.dependencies()
    ancestors = _ancestors(pipeline)
    filters = _inherited_filters(pipeline)

    def need(name: str) -> str | dict[str, Any]:
        return {"job": name, "optional": True} if filters[name] else name

    document: dict[str, Any] = {
        "stages": [stage.name for stage in pipeline.stages],
        "default": {"image": f"python:{pipeline.python}-slim"},
    }
    if pipeline.env:
        document["variables"] = dict(pipeline.env)
    for step in pipeline.steps:
        if step.name in GITLAB_RESERVED:
            raise ExportError(f"{step.name!r} is a reserved GitLab CI keyword; rename the step")
        # GitLab passes artifacts only from jobs listed in needs: list every ancestor
        # that has some, as the local shared work directory would provide them.
        carriers = [
            name
            for name in ancestors[step.name]
            if pipeline.step(name).artifacts and name not in deps[step.name]
        ]
        job: dict[str, Any] = {
            "stage": pipeline.stage_of(step.name).name,
            "needs": [need(name) for name in [*deps[step.name], *carriers]],
            "script": [_command(step, github=False)],
            "timeout": f"{_job_minutes(step)} minutes",
        }
        if filters[step.name]:
            groups = [_gitlab_branch_rule(patterns) for patterns in filters[step.name]]
            rule = groups[0] if len(groups) == 1 else " && ".join(f"({g})" for g in groups)
            job["rules"] = [{"if": rule, "when": step.when.value}]
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
