"""DAG runner: executes pipeline steps as subprocesses, in parallel where the graph allows."""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from enum import Enum
from graphlib import TopologicalSorter
from pathlib import Path

from tenacity import RetryCallState, Retrying, retry_if_result, stop_after_attempt, wait_fixed

from .spec import Pipeline, Step, When

#: Keep this much of a step's output in memory for reports; the full log is on disk.
OUTPUT_TAIL_CHARS = 2000
#: After SIGTERM to a timed-out step's process group, wait this long before SIGKILL.
KILL_GRACE_SECONDS = 2.0
#: After a step's own process exited, wait this long for the end of its output.
DRAIN_SECONDS = 0.2


class StepStatus(Enum):
    """Final state of a step."""

    SUCCESS = "success"
    FAILED = "failed"
    TIMED_OUT = "timed_out"
    SKIPPED = "skipped"  # its condition (when/branches) said no
    BLOCKED = "blocked"  # a step it needs did not succeed


FAILING = frozenset({StepStatus.FAILED, StepStatus.TIMED_OUT, StepStatus.BLOCKED})


@dataclass(frozen=True)
class Attempt:
    """One execution of a step's command."""

    number: int
    exit_code: int | None
    timed_out: bool
    duration: float
    output: str

    @property
    def ok(self) -> bool:
        """Whether this attempt succeeded."""
        return self.exit_code == 0 and not self.timed_out


@dataclass
class StepResult:
    """What happened to one step."""

    name: str
    status: StepStatus
    attempts: list[Attempt] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0
    log_path: Path | None = None
    artifacts: list[Path] = field(default_factory=list)
    reason: str = ""
    allow_failure: bool = False

    @property
    def duration(self) -> float:
        """Wall time of all attempts, in seconds."""
        return self.finished - self.started

    @property
    def exit_code(self) -> int | None:
        """Exit code of the last attempt, if the step ran."""
        return self.attempts[-1].exit_code if self.attempts else None

    @property
    def output(self) -> str:
        """Tail of the last attempt's output."""
        return self.attempts[-1].output if self.attempts else ""

    @property
    def blocks_downstream(self) -> bool:
        """Whether dependants should treat this step as failed."""
        return self.status in FAILING and not self.allow_failure


@dataclass
class PipelineResult:
    """Results of every step, in the order they finished."""

    pipeline: str
    results: dict[str, StepResult]
    order: list[str]
    duration: float
    workdir: Path
    output_dir: Path

    @property
    def succeeded(self) -> bool:
        """True when no step failed (failures allowed by ``allow_failure`` excepted)."""
        return not any(result.blocks_downstream for result in self.results.values())

    @property
    def artifacts(self) -> list[Path]:
        """Every collected artifact."""
        return [path for name in self.order for path in self.results[name].artifacts]


@dataclass(frozen=True)
class RunContext:
    """Facts about the run that conditions look at."""

    branch: str = "main"


def _decide_gate(step: Step, deps: list[StepResult], context: RunContext) -> StepResult | None:
    """Return a result when the step must not run, or None when it should run.

    As GitHub Actions: a step whose needs were skipped is skipped too (unless it runs
    ``always``); a failure upstream blocks it (unless ``always`` or ``on_failure``).
    """
    if not step.matches_branch(context.branch):
        return StepResult(
            step.name, StepStatus.SKIPPED, reason=f"branch {context.branch!r} not in filter"
        )
    upstream_failed = [dep.name for dep in deps if dep.blocks_downstream]
    upstream_skipped = [dep.name for dep in deps if dep.status is StepStatus.SKIPPED]
    if step.when is When.ALWAYS:
        return None
    if step.when is When.ON_FAILURE:
        if upstream_failed:
            return None
        return StepResult(step.name, StepStatus.SKIPPED, reason="nothing upstream failed")
    if upstream_failed:
        return StepResult(
            step.name, StepStatus.BLOCKED, reason="needs failed: " + ", ".join(upstream_failed)
        )
    if upstream_skipped:
        return StepResult(
            step.name, StepStatus.SKIPPED, reason="needs skipped: " + ", ".join(upstream_skipped)
        )
    return None


class PipelineRunner:
    """Run a :class:`Pipeline` in a work directory.

    Commands run with ``cwd=workdir``; logs go to ``<output_dir>/logs/<step>.log`` and
    artifacts matched by a step's ``artifacts`` globs are copied to
    ``<output_dir>/artifacts/<step>/``. ``{python}`` in a command is replaced by
    ``python`` (default: the interpreter running this code).
    """

    def __init__(
        self,
        pipeline: Pipeline,
        workdir: Path,
        *,
        output_dir: Path | None = None,
        context: RunContext | None = None,
        max_workers: int | None = None,
        python: str = sys.executable,
        on_step_done: Callable[[StepResult], None] | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.workdir = workdir
        self.output_dir = output_dir or workdir / ".pipeline"
        self.context = context or RunContext()
        self.max_workers = max_workers or pipeline.max_parallel
        self.python = python
        self.on_step_done = on_step_done

    def run(self) -> PipelineResult:
        """Execute the whole DAG and return every step's result."""
        started = time.monotonic()
        (self.output_dir / "logs").mkdir(parents=True, exist_ok=True)
        ignore = self.output_dir / ".gitignore"
        if not ignore.exists():  # run output never belongs in version control
            ignore.write_text("*\n", encoding="utf-8")
        deps = self.pipeline.dependencies()
        sorter = TopologicalSorter(deps)
        sorter.prepare()
        results: dict[str, StepResult] = {}
        order: list[str] = []

        def finish(result: StepResult) -> None:
            results[result.name] = result
            order.append(result.name)
            sorter.done(result.name)
            if self.on_step_done is not None:
                self.on_step_done(result)

        with ThreadPoolExecutor(max_workers=self.max_workers) as pool:
            running: dict[Future[StepResult], str] = {}
            while sorter.is_active():
                for name in sorter.get_ready():
                    step = self.pipeline.step(name)
                    gated = _decide_gate(step, [results[d] for d in deps[name]], self.context)
                    if gated is None:
                        running[pool.submit(self.run_step, step)] = name
                    else:
                        now = time.monotonic()
                        gated.started = gated.finished = now
                        finish(gated)
                if not running:
                    continue  # gated steps may have made new steps ready
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    del running[future]
                    finish(future.result())
        return PipelineResult(
            pipeline=self.pipeline.name,
            results=results,
            order=order,
            duration=time.monotonic() - started,
            workdir=self.workdir,
            output_dir=self.output_dir,
        )

    def run_step(self, step: Step) -> StepResult:
        """Run one step with its timeout and retries; write its log; collect artifacts."""
        attempts: list[Attempt] = []
        log_path = self.output_dir / "logs" / f"{step.name}.log"
        started = time.monotonic()

        def attempt_once() -> Attempt:
            attempt = self._execute(step, len(attempts) + 1)
            attempts.append(attempt)
            return attempt

        def give_up(_state: RetryCallState) -> Attempt:
            return attempts[-1]  # after the last retry: report it instead of raising

        retrying = Retrying(
            stop=stop_after_attempt(step.retries + 1),
            wait=wait_fixed(step.retry_delay),
            retry=retry_if_result(lambda attempt: not attempt.ok),
            retry_error_callback=give_up,
        )
        last = retrying(attempt_once)
        with log_path.open("w", encoding="utf-8") as log:
            for attempt in attempts:
                log.write(
                    f"--- attempt {attempt.number} exit={attempt.exit_code} "
                    f"timed_out={attempt.timed_out} duration={attempt.duration:.3f}s\n"
                )
                log.write(attempt.output)
                if attempt.output and not attempt.output.endswith("\n"):
                    log.write("\n")
        if last.ok:
            status = StepStatus.SUCCESS
            reason = ""
        elif last.timed_out:
            status = StepStatus.TIMED_OUT
            reason = f"timed out after {step.timeout:g}s"
        else:
            status = StepStatus.FAILED
            reason = f"exit code {last.exit_code}"
        artifacts: list[Path] = []
        if last.ok:
            artifacts, refused = self._collect_artifacts(step)
            with log_path.open("a", encoding="utf-8") as log:
                for path in refused:
                    log.write(
                        f"artifact not collected: {path} is a symlink leading outside "
                        "the work directory\n"
                    )
        return StepResult(
            name=step.name,
            status=status,
            attempts=[
                Attempt(
                    a.number, a.exit_code, a.timed_out, a.duration, a.output[-OUTPUT_TAIL_CHARS:]
                )
                for a in attempts
            ],
            started=started,
            finished=time.monotonic(),
            log_path=log_path,
            artifacts=artifacts,
            reason=reason,
            allow_failure=step.allow_failure,
        )

    def _execute(self, step: Step, number: int) -> Attempt:
        env = {
            **os.environ,
            **self.pipeline.env,
            **step.env,
            "PIPELINE_NAME": self.pipeline.name,
            "PIPELINE_STEP": step.name,
            "PIPELINE_ATTEMPT": str(number),
            "PIPELINE_BRANCH": self.context.branch,
        }
        started = time.monotonic()
        try:
            # Own session = own process group, so a timeout can kill the whole tree (killpg).
            process = subprocess.Popen(  # noqa: S603 - argv list from the validated spec, no shell
                step.argv(self.python),
                cwd=self.workdir,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as exc:  # command not found, not executable...
            return Attempt(number, 127, False, time.monotonic() - started, f"{exc}\n")
        chunks: list[bytes] = []
        stop = threading.Event()
        reader = threading.Thread(target=_read_all, args=(process, chunks, stop), daemon=True)
        reader.start()
        timed_out = False
        try:
            exit_code: int | None = process.wait(timeout=step.timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            exit_code = None
            _kill_group(process, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=KILL_GRACE_SECONDS)
        # The step is over: like a CI runner at the end of a job, end what it left behind
        # (background children would otherwise hold the output pipe open).
        reader.join(timeout=DRAIN_SECONDS)
        _kill_group(process, signal.SIGKILL)
        process.wait()
        reader.join(timeout=DRAIN_SECONDS)
        stop.set()  # a child that left the group may still hold the pipe: stop reading
        reader.join()
        if process.stdout is not None:
            process.stdout.close()
        return Attempt(
            number, exit_code, timed_out, time.monotonic() - started, _text(b"".join(chunks))
        )

    def _collect_artifacts(self, step: Step) -> tuple[list[Path], list[Path]]:
        """Copy matched files; a path whose real location is outside the work directory
        (a symlink to /etc/shadow, a symlinked directory...) is refused, never followed."""
        target = self.output_dir / "artifacts" / step.name
        root = self.workdir.resolve()
        collected: list[Path] = []
        refused: list[Path] = []
        for pattern in step.artifacts:
            for source in sorted(self.workdir.glob(pattern)):
                relative = source.relative_to(self.workdir)
                real = source.resolve()
                if not real.is_relative_to(root):
                    refused.append(relative)
                    continue
                if not real.is_file():
                    continue
                destination = target / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(real, destination)
                collected.append(destination)
        return collected, refused


def _read_all(process: subprocess.Popen[bytes], chunks: list[bytes], stop: threading.Event) -> None:
    """Collect the step's output until EOF, or until ``stop`` once nothing more comes."""
    if process.stdout is None:  # pragma: no cover - stdout is always a pipe here
        return
    fd = process.stdout.fileno()
    while True:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                return
            chunks.append(chunk)
        elif stop.is_set():
            return


def _kill_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # the whole group is gone already
        os.killpg(process.pid, sig)


def _text(raw: bytes | None) -> str:
    return raw.decode("utf-8", errors="replace") if raw else ""


def run_pipeline(
    pipeline: Pipeline,
    workdir: Path,
    *,
    output_dir: Path | None = None,
    context: RunContext | None = None,
    max_workers: int | None = None,
) -> PipelineResult:
    """Convenience wrapper around :class:`PipelineRunner`."""
    return PipelineRunner(
        pipeline, workdir, output_dir=output_dir, context=context, max_workers=max_workers
    ).run()
