"""One repository, replayed in a worker process: what ``aidecay replay`` does, into a private
temporary database, returned as Parquet-encoded tables.

Runs in a worker of either engine (a process pool here, a Ray worker anywhere), so it takes
and returns plain picklable data and never touches the output folder: only the driver
writes there. Every failure becomes a ``failed`` result with its reason.
"""

from __future__ import annotations

import json
import os
import resource
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from aidecay import __version__
from aidecay.core.clock import format_time
from aidecay.org import scores
from aidecay.org.checkout import cache_folder, clone
from aidecay.org.tables import encode, replay_tables, stored_summary, table
from aidecay.replay import runner, storage
from aidecay.vcs.git import GitError
from aidecay.vcs.log import preflight

#: Default address-space budget of one task (``--memory``), MiB.
DEFAULT_MEMORY_MIB = 4096


@dataclass(frozen=True)
class Task:
    name: str
    source: str  # absolute path or URL
    url: bool = False
    since: str | None = None
    validate: bool = False
    done_head: str | None = None  # already done at this HEAD with these options
    cache: str | None = None  # where URLs are cloned
    memory_mib: int = DEFAULT_MEMORY_MIB
    attempt: int = 1

    def retry(self) -> Task:
        return replace(self, attempt=self.attempt + 1)


@dataclass
class TaskResult:
    name: str
    source: str
    status: str  # ok | failed | unchanged
    head: str | None = None
    error: str | None = None
    commits: int | None = None
    ai_commits: int | None = None
    seconds: float = 0.0
    peak_rss_mib: float | None = None
    tables: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    attempt: int = 1
    worker: int = 0  # pid of the process that ran it
    latency: float = 0.0  # seconds from submission to the result, as the driver saw them
    cpu_seconds: float = 0.0  # CPU time of the task, its git processes included


def failed(task: Task, error: str, seconds: float = 0.0) -> TaskResult:
    return TaskResult(
        task.name, task.source, "failed", error=error, seconds=seconds, attempt=task.attempt
    )


def run_task(task: Task) -> TaskResult:
    """Replay ``task``'s repository; never raises."""
    start, cpu = time.monotonic(), cpu_seconds()
    try:
        with memory_limit(task.memory_mib):
            result = _replay(task, start, cpu)
    except GitError as exc:
        result = failed(task, str(exc))
    except MemoryError:
        result = failed(
            task,
            f"ran out of memory: the task needed more than its {task.memory_mib} MiB "
            "(raise --memory)",
        )
    except Exception as exc:  # noqa: BLE001 - a bug must cost one repository, not the run
        where = traceback.extract_tb(exc.__traceback__)[-1]
        result = failed(
            task,
            f"unexpected {type(exc).__name__}: {exc} "
            f"(at {Path(where.filename).name}:{where.lineno}; please report it)",
        )
    result.seconds = time.monotonic() - start
    result.cpu_seconds = round(cpu_seconds() - cpu, 3)
    result.peak_rss_mib = peak_rss_mib()
    result.worker = os.getpid()
    return result


def _replay(task: Task, start: float, cpu: float) -> TaskResult:
    path = (
        clone(task.source, task.name, cache_folder(task.cache)) if task.url else Path(task.source)
    )
    repo = preflight(path)
    if task.done_head == repo.head:
        return TaskResult(task.name, task.source, "unchanged", head=repo.head, attempt=task.attempt)
    replay = runner.run(path, since=task.since, validate=task.validate)
    now = int(time.time())
    with tempfile.TemporaryDirectory(prefix="aidecay-org-") as tmp:
        db = Path(tmp) / "replay.db"
        moment = datetime.fromtimestamp(now, timezone.utc)
        storage.write_from_repo(db, replay, since=task.since, patterns=[], now=format_time(moment))
        tables = replay_tables(replay, db, task.name)
        summary = stored_summary(db, str(replay.repo.root))
        tables |= _scored(db, replay.repo.root, moment, task.validate)
    tables["runs"] = table(
        "runs",
        [
            {
                "source": "replay",
                "head": repo.head,
                "head_time": repo.head_time,
                "since": task.since,
                "validate": task.validate,
                "replayed_at": now,
                "aidecay_version": __version__,
                "commits": summary["commits"],
                "ai_commits": summary["aiCommits"],
                "seconds": round(time.monotonic() - start, 3),
                "cpu_seconds": round(cpu_seconds() - cpu, 3),
                "peak_rss_mib": peak_rss_mib(),
                "summary": json.dumps(summary, sort_keys=True),
            }
        ],
    )
    return TaskResult(
        task.name,
        task.source,
        "ok",
        head=repo.head,
        commits=summary["commits"],
        ai_commits=summary["aiCommits"],
        tables={name: encode(data) for name, data in tables.items()},
        warnings=list(replay.warnings),
        attempt=task.attempt,
    )


def _scored(db: Path, root: Path, moment: datetime, validate: bool) -> dict:
    """The ``scorecard`` table, and with ``validate`` the ``validity`` and ``timelines``."""
    found = {}
    if rows := scores.scorecard_rows(db, root, moment):
        found["scorecard"] = table("scorecard", rows)
    if validate:
        figures, lines = scores.validity_tables(db, str(root))
        found["validity"] = table("validity", figures)
        found["timelines"] = table("timelines", lines)
    return found


def cpu_seconds() -> float:
    """User and system time of this process and of its finished children (git) so far."""
    own, children = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_rss_mib() -> float:
    """The peak resident memory of this process so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _data_size() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


@contextmanager
def memory_limit(mib: int) -> Iterator[None]:
    """Let the task's heap grow by at most ``mib`` MiB (0: no limit).

    ``RLIMIT_DATA`` (Linux 4.7+) bounds private writable memory, not mapped files: malloc
    fails past it and Python raises MemoryError, while git's mapped pack files (and Ray's
    shared object store) are not counted. The git processes the replay starts inherit the
    same bound. The limit is relative to the process's size when the task starts and is
    lifted when it ends (a reused worker starts the next task afresh).
    """
    base = _data_size() if mib > 0 else None
    if base is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = base + mib * 2**20
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
