"""The driver of ``aidecay org replay``: one task per repository on an engine, each failure
retried once, each result landed in the dataset as it arrives.

A repository already done at the same HEAD with the same options (and dataset schema) is
checked, not walked again: it comes back ``unchanged`` and its files stay as they are.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from aidecay import safety
from aidecay.org.dataset import Dataset
from aidecay.org.engine import Engine
from aidecay.org.schema import SCHEMA_VERSION
from aidecay.org.sources import Source
from aidecay.org.task import DEFAULT_MEMORY_MIB, Task, TaskResult

ATTEMPTS = 2  # the first run and one retry


@dataclass(frozen=True)
class Options:
    since: str | None = None
    validate: bool = False
    memory_mib: int = DEFAULT_MEMORY_MIB


@dataclass
class Outcome:
    """What a run did, for the summary and the exit status."""

    results: list[TaskResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def succeeded(self) -> int:
        return self.count("ok") + self.count("unchanged")


@contextlib.contextmanager
def neutral_cwd() -> Iterator[None]:
    """Work from aidecay's private folder while workers start (spawn's ``python -c`` puts the
    working directory first on the child's ``sys.path``)."""
    saved = os.getcwd()
    os.chdir(safety.neutral_directory())
    try:
        yield
    finally:
        os.chdir(saved)


def done_head(row: dict | None, source: Source, options: Options) -> str | None:
    """The HEAD a repository was already done at with these options, if any."""
    if not row or row.get("status") not in ("ok", "unchanged"):
        return None
    same = (
        row.get("source") == source.source
        and row.get("since") == options.since
        and bool(row.get("validate")) == options.validate
        and row.get("schemaVersion") == SCHEMA_VERSION
    )
    return row.get("head") if same else None


def row_of(result: TaskResult, previous: dict | None, options: Options) -> dict:
    """The repository's row (``repos.parquet`` columns plus the options it was done with)."""
    row = {
        "repo": result.name,
        "source": result.source,
        "head": result.head,
        "status": result.status,
        "error": result.error,
        "commits": result.commits,
        "aiCommits": result.ai_commits,
        "seconds": round(result.seconds, 3),
        "since": options.since,
        "validate": options.validate,
        "schemaVersion": SCHEMA_VERSION,
    }
    if result.status == "unchanged" and previous:
        row["commits"], row["aiCommits"] = previous.get("commits"), previous.get("aiCommits")
    return row


def replay_all(
    sources: list[Source],
    out: Path,
    make_engine: Callable[[], Engine],
    options: Options,
    *,
    on_result: Callable[[TaskResult], None] = lambda result: None,
    on_retry: Callable[[TaskResult], None] = lambda result: None,
) -> Outcome:
    """Replay every source into the dataset at ``out`` (created or resumed)."""
    dataset = Dataset(out)
    previous = dict(dataset.open())
    cache = str(out / "_clones")
    tasks = deque(
        Task(
            s.name,
            s.source,
            url=s.url,
            since=options.since,
            validate=options.validate,
            done_head=done_head(previous.get(s.name), s, options),
            cache=cache,
            memory_mib=options.memory_mib,
        )
        for s in sources
    )
    by_name = {t.name: t for t in tasks}
    submitted: dict[str, float] = {}
    outcome = Outcome()
    with neutral_cwd():
        engine = make_engine()

        def submit(task: Task) -> None:
            submitted[task.name] = time.monotonic()
            engine.submit(task)

        try:
            for _ in range(min(engine.capacity, len(tasks))):
                submit(tasks.popleft())
            for result in engine.completed():
                result.latency = time.monotonic() - submitted[result.name]
                if result.status == "failed" and result.attempt < ATTEMPTS:
                    on_retry(result)
                    by_name[result.name] = by_name[result.name].retry()
                    submit(by_name[result.name])
                    continue
                if result.status == "failed" and result.attempt > 1:
                    result.error = f"{result.error} (failed {result.attempt} times)"
                dataset.commit(result, row_of(result, previous.get(result.name), options))
                outcome.results.append(result)
                on_result(result)
                if tasks:
                    submit(tasks.popleft())
        except BaseException:
            engine.close(cancel=True)
            raise
        engine.close()
    return outcome
