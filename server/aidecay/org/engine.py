"""The executor interface every engine implements, and the engines ``--engine`` names.

An engine runs ``task.run_task`` somewhere and hands back its results as they complete; it
never writes the output (the driver does). A crashed or killed worker is a ``failed``
result naming why, never an exception. Adding an engine (Dask distributed, say) means one
more class with these three methods; the replay and the driver stay as they are.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Protocol

from aidecay.org.task import Task, TaskResult

ENGINES = ("local", "ray")


class Engine(Protocol):
    #: how many tasks are worth keeping in flight (the driver submits no more)
    capacity: int

    def submit(self, task: Task) -> None:
        """Start ``task`` (or queue it until a worker is free)."""

    def completed(self) -> Iterator[TaskResult]:
        """Results as they complete, until nothing is in flight; tasks may be submitted
        while iterating."""

    def close(self, cancel: bool = False) -> None:
        """Release the workers; ``cancel`` stops running tasks instead of waiting."""


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def create(kind: str, workers: int | None, address: str | None, memory_mib: int) -> Engine:
    """The engine ``--engine`` names (imports Ray only when asked for)."""
    if kind == "ray":
        from aidecay.org.ray_engine import RayEngine

        return RayEngine(workers, address, memory_mib)
    from aidecay.org.local import LocalEngine

    return LocalEngine(workers or default_workers())
