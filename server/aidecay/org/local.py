"""The ``local`` engine: ``concurrent.futures`` process pools on this machine.

One single-process pool per worker slot, so a worker that crashes or is killed fails only
the repository it was replaying (a shared pool would break every task in flight). Workers
are started with ``spawn`` (no fork of the driver's threads) from the driver's neutral
working directory; each moves to a neutral folder, takes the working directory off
``sys.path``, ignores Ctrl-C (the driver stops them), exits when the driver dies, and is
replaced after ``TASKS_PER_PROCESS`` repositories so memory one repository held is given
back. ``task.memory_limit`` bounds each task's heap.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from aidecay import safety
from aidecay.org.task import Task, TaskResult, failed, run_task

TASKS_PER_PROCESS = 8


def prepare_worker(driver: int) -> None:
    """Run first in every worker process."""
    os.chdir(safety.neutral_directory())
    safety.harden_sys_path()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(driver,), daemon=True).start()


def _exit_with(driver: int) -> None:
    """End this worker (and so its git processes) soon after the driver is gone."""
    while os.getppid() == driver:
        time.sleep(0.5)
    os._exit(1)


def describe_exit(code: int | None) -> str:
    if code is None:
        return "exit status unknown"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if -code == signal.SIGKILL:
            return (
                f"killed by {name}: out of memory (the kernel's OOM killer) or killed from outside"
            )
        return f"killed by {name}"
    return f"exited with status {code}"


class LocalEngine:
    def __init__(self, workers: int, tasks_per_process: int = TASKS_PER_PROCESS) -> None:
        self.capacity = workers
        self._per_process = tasks_per_process
        self._pools: list[ProcessPoolExecutor | None] = [None] * workers
        self._running: dict[Future, tuple[int, Task]] = {}
        self._waiting: deque[Task] = deque()
        self._workers: list[list] = [[] for _ in range(workers)]

    def _pool(self, slot: int) -> ProcessPoolExecutor:
        pool = self._pools[slot]
        if pool is None:
            options = {}
            if sys.version_info >= (3, 11):
                options["max_tasks_per_child"] = self._per_process
            pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=prepare_worker,
                initargs=(os.getpid(),),
                **options,
            )
            self._pools[slot] = pool
        return pool

    def submit(self, task: Task) -> None:
        self._waiting.append(task)
        self._start()

    def _start(self) -> None:
        busy = {slot for slot, _ in self._running.values()}
        for slot in range(self.capacity):
            if not self._waiting:
                return
            if slot not in busy:
                task = self._waiting.popleft()
                pool = self._pool(slot)
                self._running[pool.submit(run_task, task)] = (slot, task)
                # The slot's worker process (started by submit): its exit code says how it
                # died if it does (the pool itself reports only that it broke).
                self._workers[slot] = list((getattr(pool, "_processes", None) or {}).values())

    def completed(self) -> Iterator[TaskResult]:
        while self._running or self._waiting:
            self._start()
            done, _ = wait(list(self._running), return_when=FIRST_COMPLETED)
            for future in done:
                slot, task = self._running.pop(future)
                yield self._result(future, slot, task)

    def _result(self, future: Future, slot: int, task: Task) -> TaskResult:
        try:
            return future.result()
        except BrokenProcessPool:
            code = self._exit_code(slot)
            self._discard(slot)
            return failed(task, f"the worker process died ({describe_exit(code)})")
        except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be sent back
            self._discard(slot)
            return failed(task, f"the worker could not return its result: {exc}")

    def _exit_code(self, slot: int) -> int | None:
        for process in self._workers[slot]:
            process.join(timeout=5)  # the pool can notice the death before the process ends
        codes = [p.exitcode for p in self._workers[slot] if p.exitcode]
        return codes[0] if codes else None

    def _discard(self, slot: int, *, kill: bool = False) -> None:
        pool, self._pools[slot] = self._pools[slot], None
        if pool is None:
            return
        if kill:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.kill()
        pool.shutdown(wait=not kill, cancel_futures=True)

    def close(self, cancel: bool = False) -> None:
        self._waiting.clear()
        for slot in range(self.capacity):
            self._discard(slot, kill=cancel)
        self._running.clear()
