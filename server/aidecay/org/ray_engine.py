"""The ``ray`` engine: tasks on a local Ray instance (``ray.init()``) or an existing cluster
(``--address``, e.g. KubeRay on Kubernetes).

Each repository is one Ray task (one CPU; ``memory`` reserves its budget, so Ray places no
more tasks on a node than its memory holds); Ray's own retries are off, the driver retries
once. Results travel back through Ray's object store, so the workers need neither the
output folder nor a shared file system; on a cluster, aidecay with its ``org`` extra must be
installed on every node and the repositories must be URLs (or paths every node sees).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from aidecay.org.task import Task, TaskResult, failed, run_task


class RayEngine:
    def __init__(self, workers: int | None, address: str | None, memory_mib: int) -> None:
        import ray

        self._ray = ray
        options = {"logging_level": logging.ERROR, "log_to_driver": False}
        if address:
            ray.init(address=address, **options)
        else:
            ray.init(num_cpus=workers, include_dashboard=False, **options)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.capacity = workers or max(1, cpus)
        task_options: dict = {"num_cpus": 1, "max_retries": 0}
        if memory_mib:
            # Reserve the budget, but never more than the cluster has per task in flight
            # (a request no node can meet would wait forever).
            total = ray.cluster_resources().get("memory", 0) or memory_mib * 2**20
            task_options["memory"] = int(min(memory_mib * 2**20, total / self.capacity))
        self._remote = ray.remote(run_task).options(**task_options)
        self._running: dict = {}

    def submit(self, task: Task) -> None:
        self._running[self._remote.remote(task)] = task

    def completed(self) -> Iterator[TaskResult]:
        ray = self._ray
        while self._running:
            done, _ = ray.wait(list(self._running), num_returns=1)
            for ref in done:
                task = self._running.pop(ref)
                try:
                    yield ray.get(ref)
                except ray.exceptions.OutOfMemoryError:
                    yield failed(task, "Ray's memory monitor killed the worker (the node ran out)")
                except ray.exceptions.RayError as exc:
                    yield failed(task, f"the Ray worker failed: {_first_line(exc)}")

    def close(self, cancel: bool = False) -> None:
        if cancel:
            for ref in list(self._running):
                self._ray.cancel(ref, force=True)
        self._running.clear()
        self._ray.shutdown()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
