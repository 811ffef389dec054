"""Parsing and fingerprinting spread over a pool of processes sized to the machine.

Workers are started with ``spawn`` from a neutral working directory and with the workspace
(and the current directory) removed from the ``sys.path`` they inherit, and they receive file
*contents*, never paths to import: no workspace file can be imported by them.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .definitions import decode_python, extract_defs

log = logging.getLogger(__name__)

#: Fewer files than this are parsed in the calling process (starting workers costs more).
MIN_FILES_FOR_POOL = 64
#: Files per task sent to a worker, and how long workers may take to start.
CHUNK = 8
START_TIMEOUT_S = 60
#: How often a worker checks that its parent is alive.
PARENT_CHECK_S = 1.0


def extract_records(job: tuple[str, bytes]) -> tuple[str, list[tuple] | None]:
    """(path, source bytes) -> (path, the file's definitions as records, or None)."""
    path, data = job
    text = decode_python(data)
    if text is None:
        return path, None
    try:
        return path, [d.record() for d in extract_defs(text, Path(path))]
    except Exception:  # noqa: BLE001 - one odd file must not stop the whole build
        log.exception("cannot index %s", path)
        return path, None


def pool_size(jobs: int) -> int:
    """Worker processes for ``jobs`` files: one per core, 0 for small workspaces."""
    if jobs < MIN_FILES_FOR_POOL:
        return 0
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 16))


@contextlib.contextmanager
def _neutral_start(root: Path, lock: threading.Lock) -> Iterator[None]:
    """cwd and sys.path without the workspace while worker processes are started (and the
    daemon flag lifted: the analysis process is a daemon, and multiprocessing refuses to start
    children from one; the pool's workers are daemons themselves and end with it)."""
    process = multiprocessing.current_process()
    with lock:
        daemon = process._config.get("daemon")
        process._config["daemon"] = False
        saved_cwd, saved_path = os.getcwd(), list(sys.path)
        here = os.path.realpath(saved_cwd)
        banned = {os.path.realpath(root), here}
        sys.path[:] = [
            p for p in saved_path if p and os.path.realpath(p) not in banned and p != "."
        ]
        os.chdir(tempfile.gettempdir())
        try:
            yield
        finally:
            os.chdir(saved_cwd)
            sys.path[:] = saved_path
            process._config["daemon"] = daemon


_START_LOCK = threading.Lock()


def extract_chunk(jobs: list[tuple[str, bytes]]) -> list[tuple[str, list[tuple] | None]]:
    return [extract_records(job) for job in jobs]


def _started() -> int:
    return os.getpid()


def _watch_parent(parent: int) -> None:
    """In each worker: end when the process that started the pool is gone (a worker blocked
    on the task queue would otherwise outlive an analysis process that was killed)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="aidecay-parent-watch", daemon=True).start()


def extract_all(
    jobs: Iterable[tuple[str, bytes]], count: int, root: Path
) -> Iterator[tuple[str, list[tuple] | None]]:
    """Records of every job, in completion order, using worker processes when worth it. If
    the workers cannot start or die, the rest is parsed in this process."""
    workers = pool_size(count)
    source = iter(jobs)
    if workers > 1:
        yield from _in_pool(source, workers, root)
    for job in source:  # no pool, or what a broken pool left
        yield extract_records(job)


def _in_pool(
    source: Iterator[tuple[str, bytes]], workers: int, root: Path
) -> Iterator[tuple[str, list[tuple] | None]]:
    context = multiprocessing.get_context("spawn")
    executor: ProcessPoolExecutor | None = None
    in_flight: dict[Future, list[tuple[str, bytes]]] = {}
    try:
        # Every process (the workers, multiprocessing's resource tracker) starts in here.
        with _neutral_start(root, _START_LOCK):
            executor = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=context,
                initializer=_watch_parent,
                initargs=(os.getpid(),),
            )
            for started in [executor.submit(_started) for _ in range(workers)]:
                started.result(timeout=START_TIMEOUT_S)
        while True:
            while len(in_flight) < 2 * workers:
                chunk = list(itertools.islice(source, CHUNK))
                if not chunk:
                    break
                in_flight[executor.submit(extract_chunk, chunk)] = chunk
            if not in_flight:
                return
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                in_flight.pop(future)
                yield from future.result()
    except (BrokenProcessPool, OSError, AssertionError, ValueError, TimeoutError) as exc:
        log.warning("index worker processes failed (%s); parsing in this process", exc)
        for chunk in in_flight.values():
            for job in chunk:
                yield extract_records(job)
    finally:
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
